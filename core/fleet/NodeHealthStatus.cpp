#include "core/fleet/NodeHealthStatus.h"

#include "core/common/StateNames.h"

namespace lk::fleet {

namespace {

constexpr EnumName<NodeHealthStatus> kNames[] = {
    {NodeHealthStatus::Unknown, "unknown"},
    {NodeHealthStatus::Up, "up"},
    {NodeHealthStatus::Down, "down"},
};

} // namespace

QString nameOf(NodeHealthStatus status)
{
    return enumName(kNames, status);
}

std::optional<NodeHealthStatus> parseNodeHealthStatus(QStringView text)
{
    return enumFromName(kNames, text);
}

NodeHealthStatus nodeHealthStatusFromName(const QString &text)
{
    return enumFromNameOrThrow(kNames, text, "node health status", "node health statuses");
}

const std::vector<NodeHealthStatus> &allNodeHealthStatuses()
{
    static const std::vector<NodeHealthStatus> all = enumValues(kNames);
    return all;
}

} // namespace lk::fleet
