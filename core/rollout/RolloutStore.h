#pragma once

// Rollouts as stored (schema 7): the rollout row, each node's part in it, its event timeline,
// the last health of every fleet node, and the lease that lets one process at a time drive
// the fleet. Operator commands (pause, resume, promote, roll back) are writes here, so that
// they work from any process: the CLI, the REST API or the console. Which command a rollout
// takes in which status is RolloutStates.h (docs/states.md); the store refuses the others.

#include "core/fleet/NodeHealthStatus.h"
#include "core/rollout/CanaryJudge.h"
#include "core/rollout/RolloutPlan.h"
#include "core/rollout/RolloutStates.h"
#include "core/storage/Database.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

#include <functional>
#include <optional>
#include <vector>

namespace lk::rollout {

/// One node's part in a rollout.
struct RolloutNode
{
    QString node;
    QString tier;
    int step = 0; ///< the step at which it gets the candidate (0 = canary)
    RolloutNodeState state = RolloutNodeState::Waiting;
    int attempts = 0; ///< of the current operation (deploy, or rollback once rolling back)
    qint64 nextAttemptMs = 0; ///< epoch ms before which it is not tried again
    QString lastError;
    QString versionBefore; ///< what it served before the rollout touched it
    QJsonObject windowStart; ///< its counters when the current watch window began

    QJsonObject toJson() const;
};

/// A rollout of one model version.
struct Rollout
{
    QString id;
    QString modelVersion;
    QString artifactPath;
    QString sha256;
    QString previousVersion;
    RolloutStatus status = RolloutStatus::Deploying;
    std::optional<RolloutStatus> pausedFrom; ///< while paused: the status resume returns to
    int stepIndex = 0;
    RolloutPlan plan;
    QString canaryResult; ///< passed | marginal | failed | no_data | promoted_by_operator; empty before judging
    std::optional<double> score;
    QJsonObject judgement;
    QString windowStartedAt;
    qint64 windowEndsAtMs = 0;
    int windowExtensions = 0;
    QString reason; ///< why it paused, rolled back or ended
    RolloutStatus rollbackOutcome = RolloutStatus::RolledBack; ///< the status a rollback ends in: rolled_back | aborted
    QString createdBy;
    QString createdAt;
    QString updatedAt;
    QString finishedAt;
    std::vector<RolloutNode> nodes;

    bool isFinished() const;
    /// The commands it takes now: those of its status (lk::rollout::allowedCommands), less
    /// promote at the last step, where there is no next step to go to.
    std::vector<RolloutCommand> allowedCommands() const;
    bool allows(RolloutCommand command) const;
    /// Why `command` does not apply now, naming the status and the commands it does take
    /// (e.g. "Rollout rollout_1 is rolling_back, so it cannot be paused: a rolling_back
    /// rollout takes no command."); empty if it applies.
    QString refusal(RolloutCommand command) const;
    /// Nodes with the candidate, out of all edge nodes in the rollout.
    int deployedCount() const;
    /// The deployment summary (docs/rest.md, GET /api/fleet):
    /// {"status": "rolling_out", "progress": "10/47 nodes", "canary_result": "passed"}.
    QJsonObject deploymentJson() const;
    QJsonObject toJson() const;
};

/// A fleet node's last health poll.
struct NodeHealth
{
    QString node;
    QString url;
    QString tier;
    QString role;
    fleet::NodeHealthStatus status = fleet::NodeHealthStatus::Unknown;
    QString modelVersion;
    QString checkedAt;
    QString lastUpAt;
    QString error;
    QJsonObject metrics;

    QJsonObject toJson() const;
};

class RolloutStore
{
public:
    explicit RolloutStore(storage::Database &db);
    storage::Database &database() { return m_db; }

    /// Stores a new rollout in status "deploying"; throws lk::Error(Input) if another is unfinished.
    Rollout create(Rollout rollout);
    std::optional<Rollout> unfinished();
    std::optional<Rollout> get(const QString &id);
    /// The most recent first.
    std::vector<Rollout> list(int limit = 50);
    /// Writes the rollout row and its nodes as they are in `rollout`.
    void save(Rollout &rollout);

    /// Appends to the timeline; returns the event's id.
    qint64 addEvent(const QString &rolloutId, const QString &kind, const QString &message, const QString &node = {},
        const QJsonObject &detail = {});
    /// Events with id > `afterId`, oldest first.
    QJsonArray events(const QString &rolloutId, qint64 afterId = 0, int limit = 500);

    /// Operator commands; each throws lk::Error(Input) naming why it does not apply
    /// (Rollout::refusal: the status and the commands it takes) and records who asked in the
    /// timeline.
    Rollout command(const QString &id, RolloutCommand command, const QString &by, const QString &reason = {});
    Rollout pause(const QString &id, const QString &by, const QString &reason = {});
    Rollout resume(const QString &id, const QString &by);
    /// Promotes past the current watch window as if the judge had passed it.
    Rollout promote(const QString &id, const QString &by);
    /// Rolls the whole fleet back to the previous version.
    Rollout rollback(const QString &id, const QString &by, const QString &reason);

    void saveHealth(const NodeHealth &health);
    std::vector<NodeHealth> health();
    /// Forgets nodes that are no longer in the fleet file.
    void keepHealthOnly(const QStringList &nodes);

    /// Takes or renews the lease `name` for `owner` until now + ttl; false if another owner
    /// holds an unexpired one.
    bool acquireLease(const QString &name, const QString &owner, qint64 ttlMs);
    void releaseLease(const QString &name, const QString &owner);

private:
    Rollout apply(const QString &id, RolloutCommand command, const std::function<void(Rollout &)> &change);
    std::vector<RolloutNode> nodesOf(const QString &id);
    Rollout read(storage::Statement &s);

    storage::Database &m_db;
};

/// Now, UTC, as stored.
QString nowIso();
qint64 nowMs();

} // namespace lk::rollout
