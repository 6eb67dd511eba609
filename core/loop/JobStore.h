#pragma once

// Training jobs of the learning loop: what was trained, why, on which samples, where, and
// how it ended. At most one queued or running job per model line (the database enforces it).
// Which change a job takes in which status is JobStates.h (docs/states.md); the store refuses
// the others, naming the status and what it takes.

#include "core/loop/JobStates.h"
#include "core/storage/Database.h"

#include <QJsonObject>
#include <QString>

#include <optional>
#include <vector>

namespace lk::loop {

struct LoopJob
{
    QString jobId; ///< "train_<12 hex>"
    QString modelLine;
    JobStatus status = JobStatus::Queued;
    QString reason; ///< the trigger that fired
    QString sourceVersion; ///< version fine-tuned from; empty: trained from scratch
    QString candidateVersion; ///< the version it registered
    QString runId; ///< its training run (training_runs)
    int sampleCount = 0;
    QJsonObject manifest; ///< sample ids + labels, source version, config, dataset hash
    QJsonObject routing; ///< where it runs and why
    QString estimatedCompletion;
    QString createdAt, startedAt, finishedAt;
    QString error;
    qint64 ownerPid = 0;

    /// The job status ({"job_id", "status", "metrics": {...}, "deployment"}) with the
    /// job's details beside it.
    QJsonObject toJson(const QJsonObject &metrics = {}) const;
};

class JobStore
{
public:
    explicit JobStore(storage::Database &db);

    /// A fresh job id.
    static QString newJobId();
    /// Inserts a queued job (in the caller's transaction, if any). Throws lk::Error(Input)
    /// naming the job that is already queued or running for the line.
    void create(const LoopJob &job);
    /// Runs a queued job in process `pid`. Throws lk::Error(Input) if the job is unknown or its
    /// status does not take `run` (another process took it first, or it ended).
    void setRunning(const QString &jobId, qint64 pid);
    void setRunId(const QString &jobId, const QString &runId);
    /// Ends a job: complete, failed or cancelled (the `complete`, `fail` and `cancel` commands),
    /// with the error or the candidate. Throws lk::Error(Input) if the job is unknown or its
    /// status does not take that command (it ended already); lk::Error(Usage) for an `outcome`
    /// that does not end a job.
    void finish(const QString &jobId, JobStatus outcome, const QString &error,
        const QString &candidateVersion = QString());
    std::optional<LoopJob> job(const QString &jobId);
    /// The queued or running job of a line, if any.
    std::optional<LoopJob> activeJob(const QString &line);
    /// Newest first.
    std::vector<LoopJob> jobs(int limit = 100);
    /// The newest job of a line (any status).
    std::optional<LoopJob> lastJob(const QString &line);

private:
    /// Throws why `command` did not apply to `jobId`: unknown, or its status does not take it.
    [[noreturn]] void refuse(const QString &jobId, JobCommand command);

    storage::Database &m_db;
};

} // namespace lk::loop
