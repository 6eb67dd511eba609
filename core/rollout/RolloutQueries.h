#pragma once

// The edge fleet and its rollouts as every face asks for them: `rollout status|list|events` and
// the operator commands (CLI), GET /api/fleet, /api/rollouts[/{id}[/events]] and POST
// /api/rollouts/{id}/pause|resume|promote|rollback (REST), get_deployment (MCP), and the
// console's fleet panels. Which rollout "the current one" is, the page sizes (limits::
// kRolloutsPage, kRolloutEventsPage; docs/limits.md, "List queries") and the JSON shapes are
// here, once.

#include "core/common/Query.h"
#include "core/rollout/RolloutEngine.h"
#include "core/rollout/RolloutStore.h"

#include <QJsonObject>
#include <QStringList>

#include <optional>

namespace lk::rollout {

/// The rollout the fleet is busy with, else the latest one; none before the first.
std::optional<Rollout> currentRollout(RolloutStore &store);

/// Rollout queries and commands over one workspace connection (the caller's thread owns `db`).
/// Every method throws QueryError for bad parameters and unknown rollouts, lk::Error otherwise
/// (e.g. a command that does not apply to the rollout's state).
class RolloutQueries
{
public:
    explicit RolloutQueries(storage::Database &db);

    /// The rollout `id`, or the current one (currentRollout()) when `id` is empty. NotFound
    /// names what is missing.
    Rollout rollout(const QString &id = {});

    /// {"rollouts": [Rollout::toJson() without "nodes"...]}, newest first. Parameters: limit.
    QJsonObject list(const QJsonObject &params);

    /// {"rollout_id", "events"}: the timeline of rollout `id` (the current one when empty),
    /// oldest first, after an event id. Parameters: after, limit.
    QJsonObject events(const QString &id, const QJsonObject &params);

    /// {"nodes": [NodeHealth::toJson()...], "deployment"?}: every fleet node's last health and,
    /// while a rollout is unfinished, its deployment status (GET /api/fleet).
    QJsonObject fleet();

    /// {"deployment", "rollout", "nodes"}: the current rollout (null before the first) in the
    /// deployment shape of docs/edge-fleet.md and whole, and every fleet node's last health without its
    /// metrics (get_deployment).
    QJsonObject deployment();

    /// Applies an operator's command to rollout `id` (the current one when empty) and answers
    /// the rollout as it is then. `by` (who asks) and `reason` (pause and rollback) are held to
    /// limits::kMaxNameLength and kMaxTextLength.
    QJsonObject command(const QString &id, RolloutCommand what, const QString &by, const QString &reason = {});

    /// A start request for the registered model version `version` (LINE@N or its id): its
    /// name, artifact and registered sha256, the artifact checked to be a regular file that
    /// still has that sha256. Throws lk::Error(Input) naming what is wrong (an unknown version
    /// is a mistake in the request, not a missing resource). The plan and "by" are the caller's.
    StartRequest registeredStart(const QString &version);

    static QStringList listParameters();
    static QStringList eventsParameters();

private:
    storage::Database &m_db;
    RolloutStore m_store;
};

} // namespace lk::rollout
