#include "core/outcomes/OutcomeStore.h"

#include "core/common/Error.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QTimeZone>
#include <QRandomGenerator>
#include <QUuid>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>

namespace lk::outcomes {

using storage::Statement;
using storage::Transaction;

namespace {

QString now()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
}

/// A time-ordered UUID (RFC 9562 version 7: 48 bits of Unix milliseconds, a counter for ids
/// made in the same millisecond, random bits from a generator seeded once per thread by the
/// system's). Ids made one after the other sort one after the other, so the primary-key index
/// grows at its end instead of at random places: a learning event costs a third less to store.
QByteArray timeOrderedUuid(qint64 unixMs)
{
    thread_local std::mt19937_64 rng = [] {
        std::seed_seq seq{QRandomGenerator::system()->generate(), QRandomGenerator::system()->generate(),
            QRandomGenerator::system()->generate(), QRandomGenerator::system()->generate()};
        return std::mt19937_64(seq);
    }();
    thread_local qint64 lastMs = -1;
    thread_local quint64 counter = 0;
    if (unixMs > lastMs) {
        lastMs = unixMs;
        counter = rng() & 0x1FF; // 12-bit field, started low so that it rarely runs out
    } else {
        unixMs = lastMs; // never go back: keeps the order if the clock steps back
        ++counter;
        if (counter > 0xFFF) { // 4096 ids in one millisecond: borrow the next one
            ++lastMs;
            unixMs = lastMs;
            counter = 0;
        }
    }
    const quint64 hi = (quint64(unixMs) << 16) | 0x7000 | (counter & 0xFFF);
    const quint64 lo = (rng() & ~(quint64(0x3) << 62)) | (quint64(0x2) << 62); // variant 10
    static constexpr char kHex[] = "0123456789abcdef";
    QByteArray out(36, '-');
    int at = 0;
    const auto put = [&](quint64 v) {
        for (int i = 15; i >= 0; --i) {
            if (at == 8 || at == 13 || at == 18 || at == 23)
                ++at;
            out[at++] = kHex[(v >> (4 * i)) & 0xF];
        }
    };
    put(hi);
    put(lo);
    return out;
}

/// "YYYY-MM-DDTHH:MM:SS.mmmZ" (what QDateTime writes with Qt::ISODateWithMs in UTC), written
/// directly for the same reason.
QByteArray isoUtc(qint64 msSinceEpoch)
{
    const qint64 days = msSinceEpoch >= 0 ? msSinceEpoch / 86400000 : (msSinceEpoch - 86399999) / 86400000;
    const qint64 msOfDay = msSinceEpoch - days * 86400000;
    // H. Hinnant's civil_from_days.
    const qint64 z = days + 719468;
    const qint64 era = (z >= 0 ? z : z - 146096) / 146097;
    const qint64 doe = z - era * 146097;
    const qint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const qint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const qint64 mp = (5 * doy + 2) / 153;
    const int day = int(doy - (153 * mp + 2) / 5 + 1);
    const int month = int(mp < 10 ? mp + 3 : mp - 9);
    const int year = int(yoe + era * 400 + (month <= 2));
    char text[32];
    const int n = std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", year, month, day,
        int(msOfDay / 3600000), int(msOfDay / 60000 % 60), int(msOfDay / 1000 % 60), int(msOfDay % 1000));
    return QByteArray(text, n);
}

QString compact(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

QJsonObject object(const QString &text)
{
    return QJsonDocument::fromJson(text.toUtf8()).object();
}

void bindReal(Statement &s, int index, double value)
{
    if (std::isfinite(value))
        s.bind(index, value);
    else
        s.bindNull(index);
}

const char *const kEventColumns =
    "seq, event_id, agent_name, task_type, success, latency_ms, quality_score, cost,"
    " tokens, timestamp_ms, context_json, extra_json";

/// An event as stored; it was validated on the way in.
StoredEvent readEvent(const Statement &s)
{
    StoredEvent out;
    out.seq = s.columnInt64(0);
    bandit::OutcomeEvent &e = out.event;
    e.eventId = s.columnText(1);
    e.agentName = s.columnText(2);
    e.taskType = s.columnText(3);
    e.success = s.columnInt64(4) != 0;
    const auto real = [&](int c) { return s.columnIsNull(c) ? std::nan("") : s.columnDouble(c); };
    e.latencyMs = real(5);
    e.qualityScore = real(6);
    e.cost = real(7);
    e.tokens = s.columnIsNull(8) ? -1 : s.columnInt64(8);
    e.timestamp = QDateTime::fromMSecsSinceEpoch(s.columnInt64(9), Qt::UTC);
    if (!s.columnIsNull(10))
        e.context = object(s.columnText(10));
    if (!s.columnIsNull(11))
        e.extra = object(s.columnText(11));
    return out;
}

} // namespace

QJsonObject IngestReport::toJson() const
{
    return QJsonObject{{QStringLiteral("received"), received}, {QStringLiteral("accepted"), accepted},
        {QStringLiteral("duplicates"), duplicates}, {QStringLiteral("rejected"), rejected}};
}

QJsonObject ModelVersionRecord::toJson() const
{
    return QJsonObject{{QStringLiteral("version_id"), id}, {QStringLiteral("model_type"), modelType},
        {QStringLiteral("version_number"), versionNumber}, {QStringLiteral("status"), status},
        {QStringLiteral("created_at"), createdAt}, {QStringLiteral("parameters"), parameters},
        {QStringLiteral("metrics"), metrics}, {QStringLiteral("training_samples"), trainingSamples},
        {QStringLiteral("parent_version"),
            parentVersion.isEmpty() ? QJsonValue() : QJsonValue(parentVersion)},
        {QStringLiteral("model_file_path"), filePath}, {QStringLiteral("last_event_seq"), lastEventSeq}};
}

OutcomeStore::OutcomeStore(storage::Database &db)
    : m_db(db)
{ }

IngestReport OutcomeStore::ingest(const QJsonArray &events)
{
    return ingest(OutcomeReader().read(events));
}

IngestReport OutcomeStore::ingest(OutcomeBatch batch)
{
    IngestReport report;
    report.received = batch.received;
    report.rejected = std::move(batch.rejected);
    if (batch.events.empty())
        return report;
    report.stored.reserve(batch.events.size());
    Transaction tx(m_db);
    Statement insert =
        m_db.prepare("INSERT OR IGNORE INTO outcome_events (event_id, agent_name, task_type, success,"
                     " latency_ms, quality_score, cost, tokens, timestamp_ms, context_json, extra_json,"
                     " received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    const QByteArray received = now().toUtf8();
    for (IncomingEvent &in : batch.events) {
        const bandit::OutcomeEvent &e = in.event;
        insert.bindUtf8(1, in.eventId).bindUtf8(2, in.agentName).bindUtf8(3, in.taskType);
        insert.bind(4, e.success ? 1 : 0);
        bindReal(insert, 5, e.latencyMs);
        bindReal(insert, 6, e.qualityScore);
        bindReal(insert, 7, e.cost);
        e.tokens >= 0 ? insert.bind(8, e.tokens) : insert.bindNull(8);
        insert.bind(9, e.timestamp.toMSecsSinceEpoch());
        insert.bindUtf8(10, in.contextJson).bindUtf8(11, in.extraJson).bindUtf8(12, received);
        insert.run();
        if (m_db.changes() == 1) {
            ++report.accepted;
            report.stored.push_back({m_db.lastInsertRowId(), std::move(in.event)});
        } else {
            ++report.duplicates;
        }
        insert.reset();
    }
    tx.commit(); // acknowledged: durable from here on (WAL, synchronous = FULL)
    return report;
}

std::vector<StoredEvent> OutcomeStore::eventsAfter(qint64 afterSeq, int limit)
{
    Statement s = m_db.prepare(
        std::string("SELECT ") + kEventColumns + " FROM outcome_events WHERE seq > ? ORDER BY seq LIMIT ?");
    s.bind(1, afterSeq).bind(2, limit > 0 ? qint64(limit) : qint64(-1));
    std::vector<StoredEvent> out;
    while (s.step())
        out.push_back(readEvent(s));
    return out;
}

std::vector<StoredEvent> OutcomeStore::recentEvents(int limit)
{
    Statement s = m_db.prepare(
        std::string("SELECT ") + kEventColumns + " FROM outcome_events ORDER BY seq DESC LIMIT ?");
    s.bind(1, limit);
    std::vector<StoredEvent> out;
    while (s.step())
        out.push_back(readEvent(s));
    std::reverse(out.begin(), out.end());
    return out;
}

qint64 OutcomeStore::lastSeq()
{
    return m_db.queryInt("SELECT max(seq) FROM outcome_events").value_or(0);
}

qint64 OutcomeStore::eventCount()
{
    return m_db.queryInt("SELECT count(*) FROM outcome_events").value_or(0);
}

static ModelVersionRecord readVersion(const Statement &s)
{
    ModelVersionRecord r;
    r.id = s.columnText(0);
    r.modelType = s.columnText(1);
    r.versionNumber = int(s.columnInt64(2));
    r.status = s.columnText(3);
    r.parameters = object(s.columnText(4));
    r.metrics = object(s.columnText(5));
    r.filePath = s.columnText(6);
    r.createdAt = s.columnText(7);
    r.parentVersion = s.columnText(8);
    r.trainingSamples = s.columnInt64(9);
    r.lastEventSeq = s.columnInt64(10);
    return r;
}

std::optional<ModelVersionRecord> OutcomeStore::activeVersion(const QString &modelType)
{
    Statement s =
        m_db.prepare("SELECT id, model_type, version_number, status, parameters, metrics, model_file_path,"
                     " created_at, parent_version, training_samples, last_event_seq FROM model_versions"
                     " WHERE model_type = ? AND status = 'active' ORDER BY version_number DESC LIMIT 1");
    s.bind(1, modelType);
    if (!s.step())
        return std::nullopt;
    return readVersion(s);
}

ModelVersionRecord OutcomeStore::addVersion(const QString &modelType, const QJsonObject &parameters,
    const QJsonObject &metrics, const QString &filePath, qint64 trainingSamples, qint64 lastEventSeq)
{
    Transaction tx(m_db);
    const std::optional<ModelVersionRecord> previous = activeVersion(modelType);
    ModelVersionRecord r;
    r.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    r.modelType = modelType;
    Statement next =
        m_db.prepare("SELECT coalesce(max(version_number), 0) + 1 FROM model_versions WHERE model_type = ?");
    next.bind(1, modelType);
    next.step();
    r.versionNumber = int(next.columnInt64(0));
    r.status = QStringLiteral("active");
    r.parameters = parameters;
    r.metrics = metrics;
    r.filePath = filePath;
    r.createdAt = now();
    r.parentVersion = previous ? previous->id : QString();
    r.trainingSamples = trainingSamples;
    r.lastEventSeq = lastEventSeq;
    if (previous)
        m_db.prepare("UPDATE model_versions SET status = 'deprecated' WHERE id = ?")
            .bind(1, previous->id)
            .run();
    Statement insert =
        m_db.prepare("INSERT INTO model_versions (id, model_type, version_number, status, parameters,"
                     " metrics, model_file_path, created_at, parent_version, training_samples,"
                     " last_event_seq) VALUES (?, ?, ?, 'active', ?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, r.id)
        .bind(2, modelType)
        .bind(3, r.versionNumber)
        .bind(4, compact(parameters))
        .bind(5, compact(metrics))
        .bind(6, filePath)
        .bind(7, r.createdAt);
    previous ? insert.bind(8, previous->id) : insert.bindNull(8);
    insert.bind(9, trainingSamples).bind(10, lastEventSeq).run();
    tx.commit();
    return r;
}

void OutcomeStore::addLearningEvents(const std::vector<LearningEventRecord> &records)
{
    if (records.empty())
        return;
    Statement s = m_db.prepare(
        "INSERT INTO learning_events (id, model_version_id, event_type, batch_size,"
        " samples_processed, metrics_before, metrics_after, improvement, duration_ms, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    for (const LearningEventRecord &r : records) {
        const QByteArray id = timeOrderedUuid(r.createdAtMs), created = isoUtc(r.createdAtMs);
        s.bindUtf8(1, id);
        r.versionId.isEmpty() ? s.bindNull(2) : s.bind(2, r.versionId);
        s.bind(3, r.eventType).bind(4, r.batchSize).bind(5, r.samplesProcessed);
        s.bindUtf8(6, r.metricsBefore).bindUtf8(7, r.metricsAfter);
        std::isfinite(r.improvement) ? s.bind(8, r.improvement) : s.bindNull(8);
        s.bind(9, r.durationMs).bindUtf8(10, created);
        s.run();
        s.reset();
    }
}

qint64 OutcomeStore::learningEventCount()
{
    return m_db.queryInt("SELECT count(*) FROM learning_events").value_or(0);
}

} // namespace lk::outcomes
