#include "core/loop/LoopQueries.h"

#include "core/loop/Notifier.h"
#include "core/loop/SampleStore.h"

#include <QJsonArray>

namespace lk::loop {

QJsonObject jobDetailJson(const LoopJob &job)
{
    QJsonObject out = job.toJson();
    out.insert(QStringLiteral("manifest"), job.manifest);
    return out;
}

LoopQueries::LoopQueries(storage::Database &db)
    : m_db(db)
{ }

QStringList LoopQueries::jobsParameters()
{
    return {QStringLiteral("limit")};
}

QStringList LoopQueries::modelsParameters()
{
    return {QStringLiteral("line")};
}

QStringList LoopQueries::notificationsParameters()
{
    return {QStringLiteral("limit")};
}

QJsonObject LoopQueries::jobs(const QJsonObject &params)
{
    query::rejectUnknown(params, jobsParameters());
    QJsonArray jobs;
    for (const LoopJob &j : JobStore(m_db).jobs(query::pageLimit(params, limits::kLoopJobsPage)))
        jobs.append(j.toJson());
    return {{QStringLiteral("jobs"), jobs}};
}

QJsonObject LoopQueries::job(const QString &jobId)
{
    const std::optional<LoopJob> job = JobStore(m_db).job(jobId);
    if (!job)
        throw query::notFound(QStringLiteral("There is no training job %1; list the jobs to see their ids.")
                                  .arg(limits::quoted(jobId, 100)));
    return jobDetailJson(*job);
}

QJsonObject LoopQueries::models(const QJsonObject &params)
{
    query::rejectUnknown(params, modelsParameters());
    const QString line = query::text(params, QStringLiteral("line"), limits::kMaxNameLength);
    QJsonArray versions;
    for (const ModelVersion &v : ModelRegistry(m_db).versions(line))
        versions.append(v.toJson());
    return {{QStringLiteral("versions"), versions}};
}

ModelVersion LoopQueries::requireVersion(const QString &version)
{
    std::optional<ModelVersion> v = ModelRegistry(m_db).version(version);
    if (!v)
        throw query::notFound(
            QStringLiteral("There is no model version %1 (give LINE@N or a version id; list the models to see them).")
                .arg(limits::quoted(version, 100)));
    return *v;
}

QJsonObject LoopQueries::model(const QString &version)
{
    // One snapshot: the version, its decisions and its samples agree even while the loop writes.
    storage::Transaction snapshot(m_db, storage::Transaction::Kind::Deferred);
    const ModelVersion v = requireVersion(version);
    QJsonObject out = v.toJson();
    QJsonArray decisions;
    for (const GateDecisionRecord &d : ModelRegistry(m_db).decisions(v.id))
        decisions.append(QJsonObject{{QStringLiteral("decision"), d.decision},
            {QStringLiteral("decided_by"), d.decidedBy}, {QStringLiteral("created_at"), d.createdAt},
            {QStringLiteral("report"), d.report}});
    out.insert(QStringLiteral("gate_decisions"), decisions);
    out.insert(QStringLiteral("samples_used"), SampleStore(m_db).usedInCount(v.id));
    return out;
}

QJsonObject LoopQueries::notifications(const QJsonObject &params)
{
    query::rejectUnknown(params, notificationsParameters());
    return {{QStringLiteral("notifications"),
        Notifier(m_db).recent(query::pageLimit(params, limits::kNotificationsPage))}};
}

QJsonObject LoopQueries::sampleStats()
{
    return SampleStore(m_db).stats();
}

} // namespace lk::loop
