#pragma once

// The learning loop as every face asks for it: `jobs list|show`, `models list|show`,
// `notifications`, `samples stats` (CLI) and GET /api/loop/jobs[/{id}], /api/models[/{version}],
// /api/notifications, /api/samples/stats (REST). The JSON of a job and of a model version, the
// page sizes (limits::kLoopJobsPage, kNotificationsPage; docs/limits.md, "List queries") and
// the order are here, once.

#include "core/common/Query.h"
#include "core/loop/JobStore.h"
#include "core/loop/ModelRegistry.h"
#include "core/storage/Database.h"

#include <QJsonObject>
#include <QStringList>

namespace lk::loop {

/// A job as every face shows it alone: the job's status (docs/learning-loop.md) with its details and "manifest".
QJsonObject jobDetailJson(const LoopJob &job);

/// Learning-loop queries over one workspace connection (the caller's thread owns `db`).
/// Every method throws QueryError for bad parameters and unknown jobs or versions.
class LoopQueries
{
public:
    explicit LoopQueries(storage::Database &db);

    /// {"jobs": [LoopJob::toJson()...]}, newest first. Parameters: limit.
    QJsonObject jobs(const QJsonObject &params);
    /// One job with its manifest (jobDetailJson()).
    QJsonObject job(const QString &jobId);

    /// {"versions": [ModelVersion::toJson()...]}, newest first. Parameters: line.
    QJsonObject models(const QJsonObject &params);
    /// One version (LINE@N or its id) with its "gate_decisions" (oldest first) and
    /// "samples_used" (how many escalated samples it was trained on).
    QJsonObject model(const QString &version);
    /// The registered version `version` (LINE@N or its id); NotFound otherwise.
    ModelVersion requireVersion(const QString &version);

    /// {"notifications": [...]}, newest first, with their webhook delivery. Parameters: limit.
    QJsonObject notifications(const QJsonObject &params);

    /// Sample counts by status, node, class and day (SampleStore::stats()).
    QJsonObject sampleStats();

    static QStringList jobsParameters();
    static QStringList modelsParameters();
    static QStringList notificationsParameters();

private:
    storage::Database &m_db;
};

} // namespace lk::loop
