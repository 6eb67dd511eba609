#include "core/rollout/RolloutQueries.h"

#include "core/common/RequestFiles.h"
#include "core/loop/ModelRegistry.h"

#include <QJsonArray>

#include <limits>
#include <tuple>

namespace lk::rollout {

std::optional<Rollout> currentRollout(RolloutStore &store)
{
    if (std::optional<Rollout> open = store.unfinished())
        return open;
    std::vector<Rollout> latest = store.list(1);
    if (latest.empty())
        return std::nullopt;
    return std::move(latest.front());
}

RolloutQueries::RolloutQueries(storage::Database &db)
    : m_db(db)
    , m_store(db)
{ }

QStringList RolloutQueries::listParameters()
{
    return {QStringLiteral("limit")};
}

QStringList RolloutQueries::eventsParameters()
{
    return {QStringLiteral("after"), QStringLiteral("limit")};
}

Rollout RolloutQueries::rollout(const QString &id)
{
    if (id.isEmpty()) {
        if (std::optional<Rollout> current = currentRollout(m_store))
            return *current;
        throw query::notFound(QStringLiteral("There is no rollout yet; start one with rollout start."));
    }
    if (std::optional<Rollout> r = m_store.get(id))
        return *r;
    throw query::notFound(
        QStringLiteral("There is no rollout %1; list the rollouts to see their ids.").arg(limits::quoted(id, 100)));
}

QJsonObject RolloutQueries::list(const QJsonObject &params)
{
    query::rejectUnknown(params, listParameters());
    QJsonArray list;
    for (const Rollout &r : m_store.list(query::pageLimit(params, limits::kRolloutsPage))) {
        QJsonObject j = r.toJson();
        j.remove(QStringLiteral("nodes")); // the rollout alone has them
        list.append(j);
    }
    return {{QStringLiteral("rollouts"), list}};
}

QJsonObject RolloutQueries::events(const QString &id, const QJsonObject &params)
{
    query::rejectUnknown(params, eventsParameters());
    const qint64 after =
        query::wholeNumber(params, QStringLiteral("after"), 0, 0, std::numeric_limits<qint32>::max());
    const int limit = query::pageLimit(params, limits::kRolloutEventsPage);
    const Rollout r = rollout(id);
    return {{QStringLiteral("rollout_id"), r.id}, {QStringLiteral("events"), m_store.events(r.id, after, limit)}};
}

QJsonObject RolloutQueries::fleet()
{
    QJsonArray nodes;
    for (const NodeHealth &h : m_store.health())
        nodes.append(h.toJson());
    QJsonObject out{{QStringLiteral("nodes"), nodes}};
    if (std::optional<Rollout> open = m_store.unfinished())
        out.insert(QStringLiteral("deployment"), open->deploymentJson());
    return out;
}

QJsonObject RolloutQueries::deployment()
{
    const std::optional<Rollout> r = currentRollout(m_store);
    QJsonArray nodes;
    for (const NodeHealth &h : m_store.health()) {
        QJsonObject o = h.toJson();
        o.remove(QStringLiteral("metrics"));
        nodes.append(o);
    }
    return {{QStringLiteral("deployment"), r ? QJsonValue(r->deploymentJson()) : QJsonValue()},
        {QStringLiteral("rollout"), r ? QJsonValue(r->toJson()) : QJsonValue()}, {QStringLiteral("nodes"), nodes}};
}

QJsonObject RolloutQueries::command(const QString &id, RolloutCommand what, const QString &by, const QString &reason)
{
    for (const auto &[field, value, max] : {std::tuple{QStringLiteral("by"), by, limits::kMaxNameLength},
             std::tuple{QStringLiteral("reason"), reason, limits::kMaxTextLength}}) {
        const QString problem = limits::lengthProblem(field, value, max);
        if (!problem.isEmpty())
            throw query::invalid(problem, field);
    }
    // The store refuses a command the rollout's status does not take (RolloutStates.h).
    return m_store.command(rollout(id).id, what, by, reason).toJson();
}

StartRequest RolloutQueries::registeredStart(const QString &version)
{
    const std::optional<loop::ModelVersion> v = loop::ModelRegistry(m_db).version(version);
    if (!v)
        throw Error(ErrorKind::Input,
            QStringLiteral("There is no model version %1 in the registry (see models list).")
                .arg(limits::quoted(version, 100)));
    requireRegularFile(v->artifactPath, limits::kMaxArtifactBytes, QStringLiteral("The artifact"));
    loop::ModelRegistry::verifyArtifact(*v); // throws with both hashes if it changed
    StartRequest request;
    request.modelVersion = v->name();
    request.artifactPath = v->artifactPath;
    request.sha256 = v->sha256;
    return request;
}

} // namespace lk::rollout
