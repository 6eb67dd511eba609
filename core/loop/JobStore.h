#pragma once

// Training jobs of the learning loop: what was trained, why, on which samples, where, and
// how it ended. At most one queued or running job per model line (the database enforces it).

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
    QString status; ///< queued | running | complete | failed | cancelled
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
    void setRunning(const QString &jobId, qint64 pid);
    void setRunId(const QString &jobId, const QString &runId);
    /// Ends a job: complete, failed or cancelled, with the error or the candidate.
    void finish(const QString &jobId, const QString &status, const QString &error,
        const QString &candidateVersion = QString());
    std::optional<LoopJob> job(const QString &jobId);
    /// The queued or running job of a line, if any.
    std::optional<LoopJob> activeJob(const QString &line);
    /// Newest first.
    std::vector<LoopJob> jobs(int limit = 100);
    /// The newest job of a line (any status).
    std::optional<LoopJob> lastJob(const QString &line);

private:
    storage::Database &m_db;
};

} // namespace lk::loop
