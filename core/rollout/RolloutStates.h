#pragma once

// The rollout's state machine (docs/states.md): the statuses a rollout goes through, the
// operator commands, and which command each status takes — the one copy of those rules that
// RolloutStore enforces and the Rollout panel, the CLI and the REST API ask. A node's part in a
// rollout has its own small machine below. The names are the stored and JSON ones.

#include <QString>
#include <QStringList>
#include <QStringView>

#include <optional>
#include <vector>

namespace lk::rollout {

/// Where a rollout is (rollouts.status).
enum class RolloutStatus {
    Deploying, ///< the current step's nodes get the candidate
    Monitoring, ///< the step is watched until its window ends, then judged
    Paused, ///< held by an operator or by a marginal verdict; pausedFrom says where it stood
    RollingBack, ///< every node that has the candidate gets its previous model back
    Completed, ///< the last step is deployed
    RolledBack, ///< rolled back after a failed canary or an operator's rollback
    Aborted, ///< rolled back after too many failed nodes or a changed artifact
};

/// What an operator asks of a rollout (CLI `rollout pause|resume|promote|rollback`, REST
/// POST /api/rollouts/ID/pause|resume|promote|rollback, the Rollout panel's buttons).
enum class RolloutCommand {
    Pause,
    Resume,
    Promote, ///< to the next step now, as if the judge had passed the canary
    Rollback,
};

QString nameOf(RolloutStatus status);
/// nullopt for a name that is not a rollout status.
std::optional<RolloutStatus> parseRolloutStatus(QStringView text);
/// Throws lk::Error(Input) naming the known statuses.
RolloutStatus rolloutStatusFromName(const QString &text);
/// Every status, in the order of the enum.
const std::vector<RolloutStatus> &allRolloutStatuses();
/// completed, rolled_back or aborted: nothing more happens to it.
bool isFinished(RolloutStatus status);

QString nameOf(RolloutCommand command);
std::optional<RolloutCommand> parseRolloutCommand(QStringView text);
/// Throws lk::Error(Input) naming the known commands.
RolloutCommand rolloutCommandFromName(const QString &text);
const std::vector<RolloutCommand> &allRolloutCommands();

/// The commands a rollout in `status` takes, in the order of the enum:
///   deploying: pause, rollback        monitoring: pause, promote, rollback
///   paused: resume, promote, rollback rolling_back and the finished ones: none
/// (Rollout::allowedCommands() also leaves promote out at the last step.)
std::vector<RolloutCommand> allowedCommands(RolloutStatus status);
bool allows(RolloutStatus status, RolloutCommand command);
/// "pause, promote or rollback"; "no command" for an empty list.
QString commandSentence(const std::vector<RolloutCommand> &commands);

/// A node's part in a rollout (rollout_nodes.state).
enum class RolloutNodeState {
    Waiting, ///< its step has not reached it, or its deploy is being retried
    Deployed, ///< it serves the candidate
    Failed, ///< it did not take the candidate (or could not be rolled back) after every attempt
    RolledBack, ///< it had the candidate and serves its previous model again
};

/// What the rollout engine does to a node.
enum class NodeAction {
    Deploy, ///< PUT the candidate
    RollBack, ///< give it its previous model back
};

QString nameOf(RolloutNodeState state);
std::optional<RolloutNodeState> parseRolloutNodeState(QStringView text);
/// Throws lk::Error(Input) naming the known states.
RolloutNodeState rolloutNodeStateFromName(const QString &text);
const std::vector<RolloutNodeState> &allRolloutNodeStates();

QString nameOf(NodeAction action);
const std::vector<NodeAction> &allNodeActions();
/// waiting: deploy; deployed: roll back; failed: roll back (it may have installed the
/// candidate before its answer was lost); rolled_back: none.
std::vector<NodeAction> allowedActions(RolloutNodeState state);
bool allows(RolloutNodeState state, NodeAction action);

} // namespace lk::rollout
