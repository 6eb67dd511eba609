#include "core/loop/JobStore.h"

#include "core/common/Error.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QRandomGenerator>

namespace lk::loop {

using storage::Statement;

namespace {

const char *const kColumns = "job_id, model_line, status, reason, source_version, candidate_version, run_id,"
                             " sample_count, manifest_json, routing_json, estimated_completion, created_at,"
                             " started_at, finished_at, error, owner_pid";

QString now()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
}

QString compact(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

LoopJob readJob(const Statement &s)
{
    LoopJob j;
    j.jobId = s.columnText(0);
    j.modelLine = s.columnText(1);
    j.status = s.columnText(2);
    j.reason = s.columnText(3);
    j.sourceVersion = s.columnText(4);
    j.candidateVersion = s.columnText(5);
    j.runId = s.columnText(6);
    j.sampleCount = int(s.columnInt64(7));
    j.manifest = QJsonDocument::fromJson(s.columnText(8).toUtf8()).object();
    j.routing = QJsonDocument::fromJson(s.columnText(9).toUtf8()).object();
    j.estimatedCompletion = s.columnText(10);
    j.createdAt = s.columnText(11);
    j.startedAt = s.columnText(12);
    j.finishedAt = s.columnText(13);
    j.error = s.columnText(14);
    j.ownerPid = s.columnIsNull(15) ? 0 : s.columnInt64(15);
    return j;
}

} // namespace

QJsonObject LoopJob::toJson(const QJsonObject &metrics) const
{
    const auto orNull = [](const QString &s) { return s.isEmpty() ? QJsonValue() : QJsonValue(s); };
    return QJsonObject{{QStringLiteral("job_id"), jobId}, {QStringLiteral("status"), status},
        {QStringLiteral("metrics"), metrics.isEmpty() ? QJsonValue() : QJsonValue(metrics)},
        {QStringLiteral("deployment"), QJsonValue()}, // rollouts to nodes are not part of a job yet
        {QStringLiteral("model_line"), modelLine}, {QStringLiteral("reason"), reason},
        {QStringLiteral("source_version"), orNull(sourceVersion)},
        {QStringLiteral("candidate_version"), orNull(candidateVersion)}, {QStringLiteral("run_id"), orNull(runId)},
        {QStringLiteral("sample_count"), sampleCount}, {QStringLiteral("routing"), routing},
        {QStringLiteral("estimated_completion"), orNull(estimatedCompletion)},
        {QStringLiteral("created_at"), createdAt}, {QStringLiteral("started_at"), orNull(startedAt)},
        {QStringLiteral("finished_at"), orNull(finishedAt)}, {QStringLiteral("error"), orNull(error)}};
}

JobStore::JobStore(storage::Database &db)
    : m_db(db)
{ }

QString JobStore::newJobId()
{
    return QStringLiteral("train_%1").arg(QRandomGenerator::system()->generate64() & 0xFFFFFFFFFFFFull, 12, 16,
        QLatin1Char('0'));
}

void JobStore::create(const LoopJob &job)
{
    if (const std::optional<LoopJob> running = activeJob(job.modelLine))
        throw Error(ErrorKind::Input,
            QStringLiteral("Job %1 is already %2 for %3; one job per model line at a time")
                .arg(running->jobId, running->status, job.modelLine));
    Statement s = m_db.prepare(
        "INSERT INTO training_jobs (job_id, model_line, status, reason, source_version, sample_count,"
        " manifest_json, routing_json, estimated_completion, created_at) VALUES (?, ?, 'queued', ?, ?, ?, ?, ?, ?, ?)");
    s.bind(1, job.jobId).bind(2, job.modelLine).bind(3, job.reason);
    job.sourceVersion.isEmpty() ? s.bindNull(4) : s.bind(4, job.sourceVersion);
    s.bind(5, job.sampleCount).bind(6, compact(job.manifest)).bind(7, compact(job.routing));
    job.estimatedCompletion.isEmpty() ? s.bindNull(8) : s.bind(8, job.estimatedCompletion);
    s.bind(9, job.createdAt.isEmpty() ? now() : job.createdAt);
    s.run();
}

void JobStore::setRunning(const QString &jobId, qint64 pid)
{
    m_db.prepare("UPDATE training_jobs SET status = 'running', started_at = ?, owner_pid = ? WHERE job_id = ?")
        .bind(1, now())
        .bind(2, pid)
        .bind(3, jobId)
        .run();
}

void JobStore::setRunId(const QString &jobId, const QString &runId)
{
    m_db.prepare("UPDATE training_jobs SET run_id = ? WHERE job_id = ?").bind(1, runId).bind(2, jobId).run();
}

void JobStore::finish(
    const QString &jobId, const QString &status, const QString &error, const QString &candidateVersion)
{
    Statement s = m_db.prepare("UPDATE training_jobs SET status = ?, finished_at = ?, error = ?,"
                               " candidate_version = coalesce(?, candidate_version) WHERE job_id = ?");
    s.bind(1, status).bind(2, now());
    error.isEmpty() ? s.bindNull(3) : s.bind(3, error);
    candidateVersion.isEmpty() ? s.bindNull(4) : s.bind(4, candidateVersion);
    s.bind(5, jobId).run();
}

std::optional<LoopJob> JobStore::job(const QString &jobId)
{
    Statement s = m_db.prepare(std::string("SELECT ") + kColumns + " FROM training_jobs WHERE job_id = ?");
    s.bind(1, jobId);
    if (!s.step())
        return std::nullopt;
    return readJob(s);
}

std::optional<LoopJob> JobStore::activeJob(const QString &line)
{
    Statement s = m_db.prepare(std::string("SELECT ") + kColumns
        + " FROM training_jobs WHERE model_line = ? AND status IN ('queued', 'running')");
    s.bind(1, line);
    if (!s.step())
        return std::nullopt;
    return readJob(s);
}

std::vector<LoopJob> JobStore::jobs(int limit)
{
    Statement s = m_db.prepare(
        std::string("SELECT ") + kColumns + " FROM training_jobs ORDER BY created_at DESC, rowid DESC LIMIT ?");
    s.bind(1, limit);
    std::vector<LoopJob> out;
    while (s.step())
        out.push_back(readJob(s));
    return out;
}

std::optional<LoopJob> JobStore::lastJob(const QString &line)
{
    Statement s = m_db.prepare(std::string("SELECT ") + kColumns
        + " FROM training_jobs WHERE model_line = ? ORDER BY created_at DESC, rowid DESC LIMIT 1");
    s.bind(1, line);
    if (!s.step())
        return std::nullopt;
    return readJob(s);
}

} // namespace lk::loop
