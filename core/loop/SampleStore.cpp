#include "core/loop/SampleStore.h"

#include "core/common/Error.h"

#include <QDateTime>
#include <QJsonDocument>

namespace lk::loop {

using storage::Statement;
using storage::Transaction;

namespace {

const char *const kColumns =
    "seq, sample_id, node_id, model_version, timestamp_ms, predicted_label, predicted_confidence,"
    " corrected_label, correction_confidence, correction_source, input, input_uri, extra_json, status,"
    " filter_reason, job_id, used_in_version";

StoredSample readSample(const Statement &s)
{
    StoredSample out;
    out.seq = s.columnInt64(0);
    EscalatedSample &e = out.sample;
    e.sampleId = s.columnText(1);
    e.nodeId = s.columnText(2);
    e.modelVersion = s.columnText(3);
    e.timestampMs = s.columnInt64(4);
    e.predictedLabel = int(s.columnInt64(5));
    e.predictedConfidence = s.columnDouble(6);
    e.correctedLabel = int(s.columnInt64(7));
    e.correctionConfidence = s.columnDouble(8);
    e.correctionSource = s.columnText(9);
    e.input = s.columnBlob(10);
    e.inputUri = s.columnText(11);
    if (!s.columnIsNull(12))
        e.extra = QJsonDocument::fromJson(s.columnText(12).toUtf8()).object();
    out.status = s.columnText(13);
    out.filterReason = s.columnText(14);
    out.jobId = s.columnText(15);
    out.usedInVersion = s.columnText(16);
    return out;
}

std::vector<StoredSample> readAll(Statement &s)
{
    std::vector<StoredSample> out;
    while (s.step())
        out.push_back(readSample(s));
    return out;
}

} // namespace

QJsonObject SampleIngestReport::toJson() const
{
    return QJsonObject{{QStringLiteral("received"), received}, {QStringLiteral("accepted"), accepted},
        {QStringLiteral("filtered"), filtered}, {QStringLiteral("duplicates"), duplicates},
        {QStringLiteral("rejected"), rejected}};
}

SampleStore::SampleStore(storage::Database &db)
    : m_db(db)
{ }

SampleIngestReport SampleStore::ingest(const QByteArray &body, const SampleFilter &filter)
{
    return ingest(splitSampleBatch(body), filter);
}

SampleIngestReport SampleStore::ingest(const std::vector<SampleRecord> &records, const SampleFilter &filter)
{
    SampleIngestReport report;
    report.received = int(records.size());
    std::vector<EscalatedSample> valid;
    valid.reserve(records.size());
    const auto reject = [&report](const SampleRecord &r, const QJsonValue &id, const QString &error) {
        QJsonObject o{{QStringLiteral("index"), r.index}, {QStringLiteral("sample_id"), id},
            {QStringLiteral("error"), error}};
        if (r.line > 0)
            o.insert(QStringLiteral("line"), r.line);
        report.rejected.append(o);
    };
    for (const SampleRecord &r : records) {
        if (!r.error.isEmpty()) {
            reject(r, QJsonValue(), r.error);
            continue;
        }
        try {
            valid.push_back(parseEscalatedSample(r.object, filter.classes));
        } catch (const Error &e) {
            const QJsonValue id = r.object.value(QStringLiteral("sample_id"));
            reject(r, id.isString() && !id.toString().isEmpty() ? id : QJsonValue(),
                r.line > 0 ? QStringLiteral("line %1: %2").arg(r.line).arg(e.message()) : e.message());
        }
    }
    if (valid.empty())
        return report;
    Transaction tx(m_db);
    Statement insert = m_db.prepare(
        "INSERT OR IGNORE INTO samples (sample_id, node_id, model_version, timestamp_ms, predicted_label,"
        " predicted_confidence, corrected_label, correction_confidence, correction_source, input_format,"
        " input, input_uri, extra_json, status, filter_reason, received_at_ms)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (const EscalatedSample &s : valid) {
        const bool usable = s.correctionConfidence >= filter.minCorrectionConfidence;
        insert.bind(1, s.sampleId).bind(2, s.nodeId).bind(3, s.modelVersion).bind(4, s.timestampMs);
        insert.bind(5, s.predictedLabel).bind(6, s.predictedConfidence);
        insert.bind(7, s.correctedLabel).bind(8, s.correctionConfidence);
        s.correctionSource.isEmpty() ? insert.bindNull(9) : insert.bind(9, s.correctionSource);
        if (!s.input.isEmpty())
            insert.bind(10, kInlineFormat).bind(11, s.input).bindNull(12);
        else
            insert.bindNull(10).bindNull(11).bind(12, s.inputUri);
        s.extra.isEmpty()
            ? insert.bindNull(13)
            : insert.bind(13, QString::fromUtf8(QJsonDocument(s.extra).toJson(QJsonDocument::Compact)));
        insert.bind(14, usable ? QStringLiteral("pending") : QStringLiteral("filtered"));
        usable ? insert.bindNull(15)
               : insert.bind(15, // one text per threshold, so that stats group them; the value is a column
                   QStringLiteral("correction confidence below the threshold %1").arg(filter.minCorrectionConfidence));
        insert.bind(16, now);
        insert.run();
        if (m_db.changes() == 1)
            ++(usable ? report.accepted : report.filtered);
        else
            ++report.duplicates;
        insert.reset();
    }
    tx.commit(); // acknowledged
    return report;
}

qint64 SampleStore::trainableCount()
{
    return m_db.queryInt("SELECT count(*) FROM samples WHERE status = 'pending' AND (input IS NOT NULL) = 1")
        .value_or(0);
}

qint64 SampleStore::awaitingInputCount()
{
    return m_db.queryInt("SELECT count(*) FROM samples WHERE status = 'pending' AND (input IS NOT NULL) = 0")
        .value_or(0);
}

std::vector<std::pair<QString, QString>> SampleStore::awaitingInput(
    int limit, const QStringList &uriPrefixes, int maxAttempts)
{
    std::vector<std::pair<QString, QString>> out;
    if (uriPrefixes.isEmpty())
        return out;
    std::string sql = "SELECT sample_id, input_uri FROM samples WHERE status = 'pending' AND input IS NULL "
                      "AND input_uri IS NOT NULL AND input_attempts < ? AND (";
    for (qsizetype i = 0; i < uriPrefixes.size(); ++i)
        sql += i ? " OR substr(input_uri, 1, length(?)) = ?" : "substr(input_uri, 1, length(?)) = ?";
    sql += ") ORDER BY input_attempts, seq LIMIT ?";
    Statement s = m_db.prepare(sql);
    int index = 1;
    s.bind(index++, maxAttempts);
    for (const QString &prefix : uriPrefixes) {
        s.bind(index++, prefix);
        s.bind(index++, prefix);
    }
    s.bind(index, qint64(limit));
    while (s.step())
        out.emplace_back(s.columnText(0), s.columnText(1));
    return out;
}

void SampleStore::noteInputFailure(const QString &sampleId)
{
    m_db.prepare("UPDATE samples SET input_attempts = input_attempts + 1 WHERE sample_id = ?").bind(1, sampleId).run();
}

bool SampleStore::attachInput(const QString &sampleId, const QByteArray &pixels)
{
    if (pixels.size() != kImageBytes)
        throw Error(ErrorKind::Input,
            QStringLiteral("The input of %1 has %2 bytes, not %3 (28x28).").arg(sampleId).arg(pixels.size()).arg(kImageBytes));
    m_db.prepare("UPDATE samples SET input = ? WHERE sample_id = ? AND input IS NULL").bind(1, pixels).bind(2, sampleId).run();
    return m_db.changes() > 0;
}

std::vector<StoredSample> SampleStore::trainable(int limit)
{
    Statement s = m_db.prepare(std::string("SELECT ") + kColumns
        + " FROM samples WHERE status = 'pending' AND (input IS NOT NULL) = 1 ORDER BY seq LIMIT ?");
    s.bind(1, limit > 0 ? qint64(limit) : qint64(-1));
    return readAll(s);
}

std::vector<StoredSample> SampleStore::samplesOfJob(const QString &jobId)
{
    Statement s = m_db.prepare(std::string("SELECT ") + kColumns + " FROM samples WHERE job_id = ? ORDER BY seq");
    s.bind(1, jobId);
    return readAll(s);
}

std::vector<StoredSample> SampleStore::recentCorrected(int limit, const QString &excludeJob)
{
    Statement s = m_db.prepare(std::string("SELECT ") + kColumns
        + " FROM samples WHERE input IS NOT NULL AND status != 'filtered' AND coalesce(job_id, '') != ?"
          " ORDER BY seq DESC LIMIT ?");
    s.bind(1, excludeJob).bind(2, limit);
    return readAll(s);
}

std::optional<StoredSample> SampleStore::sample(const QString &sampleId)
{
    Statement s = m_db.prepare(std::string("SELECT ") + kColumns + " FROM samples WHERE sample_id = ?");
    s.bind(1, sampleId);
    if (!s.step())
        return std::nullopt;
    return readSample(s);
}

int SampleStore::claim(const QStringList &sampleIds, const QString &jobId)
{
    Statement s = m_db.prepare(
        "UPDATE samples SET status = 'in_training', job_id = ? WHERE sample_id = ? AND status = 'pending'");
    int moved = 0;
    for (const QString &id : sampleIds) {
        s.bind(1, jobId).bind(2, id).run();
        moved += m_db.changes();
        s.reset();
    }
    return moved;
}

int SampleStore::release(const QString &jobId)
{
    Statement s = m_db.prepare(
        "UPDATE samples SET status = 'pending', job_id = NULL WHERE job_id = ? AND status = 'in_training'");
    s.bind(1, jobId).run();
    return m_db.changes();
}

int SampleStore::markUsed(const QString &jobId, const QString &versionId)
{
    Statement s = m_db.prepare(
        "UPDATE samples SET status = 'used', used_in_version = ? WHERE job_id = ? AND status = 'in_training'");
    s.bind(1, versionId).bind(2, jobId).run();
    return m_db.changes();
}

qint64 SampleStore::usedInCount(const QString &versionId)
{
    Statement s = m_db.prepare("SELECT count(*) FROM samples WHERE used_in_version = ?");
    s.bind(1, versionId);
    return s.step() ? qint64(s.columnInt64(0)) : 0;
}

int SampleStore::archiveUsedBefore(const QString &activeVersionId)
{
    Statement s = m_db.prepare(
        "UPDATE samples SET status = 'archived' WHERE status = 'used' AND used_in_version != ?");
    s.bind(1, activeVersionId).run();
    return m_db.changes();
}

QJsonObject SampleStore::stats()
{
    const auto grouped = [this](const char *sql) {
        QJsonObject out;
        Statement s = m_db.prepare(sql);
        while (s.step())
            out.insert(s.columnText(0), qint64(s.columnInt64(1)));
        return out;
    };
    QJsonObject byClass;
    {
        const std::vector<QString> &names = training::fashionMnistClassNames();
        Statement s = m_db.prepare(
            "SELECT corrected_label, count(*) FROM samples GROUP BY corrected_label ORDER BY corrected_label");
        while (s.step()) {
            const int label = int(s.columnInt64(0));
            const QString name = label >= 0 && label < int(names.size()) ? names[size_t(label)]
                                                                         : QString::number(label);
            byClass.insert(QStringLiteral("%1 %2").arg(label).arg(name), qint64(s.columnInt64(1)));
        }
    }
    QJsonArray filtered;
    {
        Statement s = m_db.prepare("SELECT filter_reason, count(*) FROM samples WHERE status = 'filtered'"
                                   " GROUP BY filter_reason ORDER BY count(*) DESC LIMIT 20");
        while (s.step())
            filtered.append(QJsonObject{
                {QStringLiteral("reason"), s.columnText(0)}, {QStringLiteral("count"), qint64(s.columnInt64(1))}});
    }
    return QJsonObject{
        {QStringLiteral("total"), qint64(m_db.queryInt("SELECT count(*) FROM samples").value_or(0))},
        {QStringLiteral("trainable"), trainableCount()},
        {QStringLiteral("awaiting_input"), awaitingInputCount()},
        {QStringLiteral("by_status"), grouped("SELECT status, count(*) FROM samples GROUP BY status")},
        {QStringLiteral("by_node"), grouped("SELECT node_id, count(*) FROM samples GROUP BY node_id")},
        {QStringLiteral("by_class"), byClass},
        {QStringLiteral("by_day"),
            grouped("SELECT date(timestamp_ms / 1000, 'unixepoch'), count(*) FROM samples GROUP BY 1 ORDER BY 1")},
        {QStringLiteral("filtered"), filtered},
    };
}

training::ImageSet SampleStore::images(const std::vector<StoredSample> &samples, const QString &source)
{
    training::ImageSet set;
    set.source = source;
    for (const StoredSample &s : samples) {
        if (s.sample.input.size() != kImageBytes)
            continue;
        set.pixels.insert(set.pixels.end(), s.sample.input.begin(), s.sample.input.end());
        set.labels.push_back(std::uint8_t(s.sample.correctedLabel));
    }
    return set;
}

} // namespace lk::loop
