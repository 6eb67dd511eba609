#include "core/rollout/RolloutStates.h"

#include "core/common/StateNames.h"

#include <algorithm>

namespace lk::rollout {

namespace {

constexpr EnumName<RolloutStatus> kStatusNames[] = {
    {RolloutStatus::Deploying, "deploying"},
    {RolloutStatus::Monitoring, "monitoring"},
    {RolloutStatus::Paused, "paused"},
    {RolloutStatus::RollingBack, "rolling_back"},
    {RolloutStatus::Completed, "completed"},
    {RolloutStatus::RolledBack, "rolled_back"},
    {RolloutStatus::Aborted, "aborted"},
};

constexpr EnumName<RolloutCommand> kCommandNames[] = {
    {RolloutCommand::Pause, "pause"},
    {RolloutCommand::Resume, "resume"},
    {RolloutCommand::Promote, "promote"},
    {RolloutCommand::Rollback, "rollback"},
};

constexpr EnumName<RolloutNodeState> kNodeStateNames[] = {
    {RolloutNodeState::Waiting, "waiting"},
    {RolloutNodeState::Deployed, "deployed"},
    {RolloutNodeState::Failed, "failed"},
    {RolloutNodeState::RolledBack, "rolled_back"},
};

constexpr EnumName<NodeAction> kNodeActionNames[] = {
    {NodeAction::Deploy, "deploy"},
    {NodeAction::RollBack, "roll_back"},
};

template<typename E>
bool contains(const std::vector<E> &values, E value)
{
    return std::find(values.begin(), values.end(), value) != values.end();
}

} // namespace

QString nameOf(RolloutStatus status)
{
    return enumName(kStatusNames, status);
}

std::optional<RolloutStatus> parseRolloutStatus(QStringView text)
{
    return enumFromName(kStatusNames, text);
}

RolloutStatus rolloutStatusFromName(const QString &text)
{
    return enumFromNameOrThrow(kStatusNames, text, "rollout status", "rollout statuses");
}

const std::vector<RolloutStatus> &allRolloutStatuses()
{
    static const std::vector<RolloutStatus> all = enumValues(kStatusNames);
    return all;
}

bool isFinished(RolloutStatus status)
{
    switch (status) {
    case RolloutStatus::Deploying:
    case RolloutStatus::Monitoring:
    case RolloutStatus::Paused:
    case RolloutStatus::RollingBack:
        return false;
    case RolloutStatus::Completed:
    case RolloutStatus::RolledBack:
    case RolloutStatus::Aborted:
        return true;
    }
    return true;
}

QString nameOf(RolloutCommand command)
{
    return enumName(kCommandNames, command);
}

std::optional<RolloutCommand> parseRolloutCommand(QStringView text)
{
    return enumFromName(kCommandNames, text);
}

RolloutCommand rolloutCommandFromName(const QString &text)
{
    return enumFromNameOrThrow(kCommandNames, text, "rollout command", "rollout commands");
}

const std::vector<RolloutCommand> &allRolloutCommands()
{
    static const std::vector<RolloutCommand> all = enumValues(kCommandNames);
    return all;
}

std::vector<RolloutCommand> allowedCommands(RolloutStatus status)
{
    using C = RolloutCommand;
    switch (status) {
    case RolloutStatus::Deploying:
        // Promote waits until the step is deployed and watched: there is nothing to skip yet.
        return {C::Pause, C::Rollback};
    case RolloutStatus::Monitoring:
        return {C::Pause, C::Promote, C::Rollback};
    case RolloutStatus::Paused:
        return {C::Resume, C::Promote, C::Rollback};
    case RolloutStatus::RollingBack: // a rollback runs to its end
    case RolloutStatus::Completed:
    case RolloutStatus::RolledBack:
    case RolloutStatus::Aborted:
        return {};
    }
    return {};
}

bool allows(RolloutStatus status, RolloutCommand command)
{
    return contains(allowedCommands(status), command);
}

QString commandSentence(const std::vector<RolloutCommand> &commands)
{
    QStringList names;
    for (RolloutCommand c : commands)
        names.append(nameOf(c));
    return lk::commandSentence(names);
}

QString nameOf(RolloutNodeState state)
{
    return enumName(kNodeStateNames, state);
}

std::optional<RolloutNodeState> parseRolloutNodeState(QStringView text)
{
    return enumFromName(kNodeStateNames, text);
}

RolloutNodeState rolloutNodeStateFromName(const QString &text)
{
    return enumFromNameOrThrow(kNodeStateNames, text, "rollout node state", "rollout node states");
}

const std::vector<RolloutNodeState> &allRolloutNodeStates()
{
    static const std::vector<RolloutNodeState> all = enumValues(kNodeStateNames);
    return all;
}

QString nameOf(NodeAction action)
{
    return enumName(kNodeActionNames, action);
}

const std::vector<NodeAction> &allNodeActions()
{
    static const std::vector<NodeAction> all = enumValues(kNodeActionNames);
    return all;
}

std::vector<NodeAction> allowedActions(RolloutNodeState state)
{
    switch (state) {
    case RolloutNodeState::Waiting:
        return {NodeAction::Deploy};
    case RolloutNodeState::Deployed:
    case RolloutNodeState::Failed:
        return {NodeAction::RollBack};
    case RolloutNodeState::RolledBack:
        return {};
    }
    return {};
}

bool allows(RolloutNodeState state, NodeAction action)
{
    return contains(allowedActions(state), action);
}

} // namespace lk::rollout
