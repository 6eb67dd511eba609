#pragma once

// A fleet node's health as the last poll found it (fleet_nodes.status; docs/states.md). It is
// observed, not commanded: no operator command changes it, so it has names but no command
// table. The names are the stored and JSON ones.

#include <QString>
#include <QStringView>

#include <optional>
#include <vector>

namespace lk::fleet {

enum class NodeHealthStatus {
    Unknown, ///< not polled yet
    Up, ///< answered its last health poll
    Down, ///< did not answer its last health poll
};

QString nameOf(NodeHealthStatus status);
std::optional<NodeHealthStatus> parseNodeHealthStatus(QStringView text);
/// Throws lk::Error(Input) naming the known statuses.
NodeHealthStatus nodeHealthStatusFromName(const QString &text);
const std::vector<NodeHealthStatus> &allNodeHealthStatuses();

} // namespace lk::fleet
