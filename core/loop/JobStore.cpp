#include "core/loop/JobStore.h"

#include "core/common/Error.h"
#include "core/common/StateNames.h"

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

/// "'queued','running'": stored names for `status IN (...)`.
QString statusNames(const std::vector<JobStatus> &statuses)
{
    QStringList names;
    for (JobStatus s : statuses)
        names.append(nameOf(s));
    return sqlNameList(names);
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
    j.status = jobStatusFromName(s.columnText(2));
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
    return QJsonObject{{QStringLiteral("job_id"), jobId}, {QStringLiteral("status"), nameOf(status)},
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
                .arg(running->jobId, nameOf(running->status), job.modelLine));
    Statement s = m_db.prepare(
        QStringLiteral("INSERT INTO training_jobs (job_id, model_line, status, reason, source_version, sample_count,"
                       " manifest_json, routing_json, estimated_completion, created_at)"
                       " VALUES (?, ?, '%1', ?, ?, ?, ?, ?, ?, ?)")
            .arg(nameOf(JobStatus::Queued))
            .toStdString());
    s.bind(1, job.jobId).bind(2, job.modelLine).bind(3, job.reason);
    job.sourceVersion.isEmpty() ? s.bindNull(4) : s.bind(4, job.sourceVersion);
    s.bind(5, job.sampleCount).bind(6, compact(job.manifest)).bind(7, compact(job.routing));
    job.estimatedCompletion.isEmpty() ? s.bindNull(8) : s.bind(8, job.estimatedCompletion);
    s.bind(9, job.createdAt.isEmpty() ? now() : job.createdAt);
    s.run();
}

void JobStore::setRunning(const QString &jobId, qint64 pid)
{
    const JobCommand run = JobCommand::Run;
    storage::Statement s =
        m_db.prepare(QStringLiteral("UPDATE training_jobs SET status = ?, started_at = ?, owner_pid = ? WHERE job_id = ?"
                                    " AND status IN (%1)")
                         .arg(statusNames(statusesAllowing(run)))
                         .toStdString());
    s.bind(1, nameOf(statusAfter(run))).bind(2, now()).bind(3, pid).bind(4, jobId).run();
    if (m_db.changes() != 1)
        refuse(jobId, run);
}

void JobStore::refuse(const QString &jobId, JobCommand command)
{
    const std::optional<LoopJob> j = job(jobId);
    if (!j)
        throw Error(ErrorKind::Input, QStringLiteral("No training job %1").arg(jobId));
    throw Error(ErrorKind::Input, refusal(jobId, j->status, command));
}

void JobStore::setRunId(const QString &jobId, const QString &runId)
{
    m_db.prepare("UPDATE training_jobs SET run_id = ? WHERE job_id = ?").bind(1, runId).bind(2, jobId).run();
}

void JobStore::finish(
    const QString &jobId, JobStatus outcome, const QString &error, const QString &candidateVersion)
{
    JobCommand command = JobCommand::Fail;
    switch (outcome) {
    case JobStatus::Complete: command = JobCommand::Complete; break;
    case JobStatus::Failed: command = JobCommand::Fail; break;
    case JobStatus::Cancelled: command = JobCommand::Cancel; break;
    case JobStatus::Queued:
    case JobStatus::Running:
        throw Error(ErrorKind::Usage,
            QStringLiteral("Job %1 cannot be ended as %2; a job ends complete, failed or cancelled.")
                .arg(jobId, nameOf(outcome)));
    }
    Statement s = m_db.prepare(QStringLiteral("UPDATE training_jobs SET status = ?, finished_at = ?, error = ?,"
                                              " candidate_version = coalesce(?, candidate_version) WHERE job_id = ?"
                                              " AND status IN (%1)")
                                   .arg(statusNames(statusesAllowing(command)))
                                   .toStdString());
    s.bind(1, nameOf(outcome)).bind(2, now());
    error.isEmpty() ? s.bindNull(3) : s.bind(3, error);
    candidateVersion.isEmpty() ? s.bindNull(4) : s.bind(4, candidateVersion);
    s.bind(5, jobId).run();
    if (m_db.changes() != 1)
        refuse(jobId, command);
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
    std::vector<JobStatus> active;
    for (JobStatus st : allJobStatuses()) {
        if (isActive(st))
            active.push_back(st);
    }
    Statement s = m_db.prepare(std::string("SELECT ") + kColumns
        + " FROM training_jobs WHERE model_line = ? AND status IN (" + statusNames(active).toStdString() + ")");
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
