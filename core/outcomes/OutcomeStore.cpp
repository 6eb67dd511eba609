#include "core/outcomes/OutcomeStore.h"

#include "core/common/Error.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QTimeZone>
#include <QUuid>

#include <algorithm>
#include <cmath>

namespace lk::outcomes {

using storage::Statement;
using storage::Transaction;

namespace {

QString now()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
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
    IngestReport report;
    report.received = int(events.size());
    std::vector<bandit::OutcomeEvent> valid;
    valid.reserve(size_t(events.size()));
    for (int i = 0; i < events.size(); ++i) {
        const QJsonValue v = events.at(i);
        const QString id = v.toObject().value(QStringLiteral("event_id")).toString();
        if (!v.isObject()) {
            report.rejected.append(
                QJsonObject{{QStringLiteral("index"), i}, {QStringLiteral("event_id"), QJsonValue()},
                    {QStringLiteral("error"), QStringLiteral("an event must be a JSON object")}});
            continue;
        }
        try {
            valid.push_back(bandit::parseOutcomeEvent(v.toObject()));
        } catch (const Error &e) {
            report.rejected.append(QJsonObject{{QStringLiteral("index"), i},
                {QStringLiteral("event_id"), id.isEmpty() ? QJsonValue() : QJsonValue(id)},
                {QStringLiteral("error"), e.message()}});
        }
    }
    if (valid.empty())
        return report;
    Transaction tx(m_db);
    Statement insert =
        m_db.prepare("INSERT OR IGNORE INTO outcome_events (event_id, agent_name, task_type, success,"
                     " latency_ms, quality_score, cost, tokens, timestamp_ms, context_json, extra_json,"
                     " received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    const QString received = now();
    for (const bandit::OutcomeEvent &e : valid) {
        insert.bind(1, e.eventId).bind(2, e.agentName).bind(3, e.taskType).bind(4, e.success ? 1 : 0);
        bindReal(insert, 5, e.latencyMs);
        bindReal(insert, 6, e.qualityScore);
        bindReal(insert, 7, e.cost);
        e.tokens >= 0 ? insert.bind(8, e.tokens) : insert.bindNull(8);
        insert.bind(9, e.timestamp.toMSecsSinceEpoch());
        e.context.isEmpty() ? insert.bindNull(10) : insert.bind(10, compact(e.context));
        e.extra.isEmpty() ? insert.bindNull(11) : insert.bind(11, compact(e.extra));
        insert.bind(12, received);
        insert.run();
        if (m_db.changes() == 1) {
            ++report.accepted;
            report.stored.push_back({m_db.lastInsertRowId(), e});
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

void OutcomeStore::addLearningEvent(const QString &versionId, const QString &eventType, int batchSize,
    qint64 samplesProcessed, const QJsonObject &metricsBefore, const QJsonObject &metricsAfter,
    double improvement, double durationMs)
{
    Statement s = m_db.prepare(
        "INSERT INTO learning_events (id, model_version_id, event_type, batch_size,"
        " samples_processed, metrics_before, metrics_after, improvement, duration_ms, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    s.bind(1, QUuid::createUuid().toString(QUuid::WithoutBraces));
    versionId.isEmpty() ? s.bindNull(2) : s.bind(2, versionId);
    s.bind(3, eventType)
        .bind(4, batchSize)
        .bind(5, samplesProcessed)
        .bind(6, compact(metricsBefore))
        .bind(7, compact(metricsAfter));
    std::isfinite(improvement) ? s.bind(8, improvement) : s.bindNull(8);
    s.bind(9, durationMs).bind(10, now()).run();
}

qint64 OutcomeStore::learningEventCount()
{
    return m_db.queryInt("SELECT count(*) FROM learning_events").value_or(0);
}

} // namespace lk::outcomes
