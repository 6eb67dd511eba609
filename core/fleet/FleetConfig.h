#pragma once

// The edge fleet as an operator describes it: one JSON file listing the nodes the console
// deploys to, polls and replays traffic to.
//
//     {"nodes": [
//        {"name": "edge-1", "url": "http://127.0.0.1:8101", "tier": "tier_1",
//         "capabilities": ["cpu"], "token": "...", "role": "edge"},
//        {"name": "teacher", "url": "http://127.0.0.1:8100", "role": "teacher",
//         "token_env": "TEACHER_TOKEN"}]}
//
// `name` and `url` are required; `tier` defaults to "tier_1", `role` to "edge", `capabilities`
// to []. A token is given inline (`token`) or by the environment variable that holds it
// (`token_env`), never both. Unknown keys are refused, so that a typo is not silently ignored.
// An https node is verified against the CA certificates (PEM) of its `ca_file`, or of the
// fleet's top-level `ca_file`, or else against the system's CAs; CA files are named relative
// to the fleet file, and load() refuses one that holds no certificate.

#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <vector>

namespace lk::fleet {

/// One node of the fleet.
struct FleetNode
{
    QString name; ///< unique within the fleet
    QUrl url; ///< base URL of its loopkeeper-node (http or https)
    QString tier = QStringLiteral("tier_1");
    QStringList capabilities;
    QString token; ///< bearer token for model changes (resolved from token_env if given)
    QString role = QStringLiteral("edge"); ///< "edge" (serves traffic, takes rollouts) or "teacher"
    /// PEM CA certificates an https node is verified against (its own `ca_file`, else the
    /// fleet's); empty: the system's CAs. An absolute path after load().
    QString caFile;

    bool isEdge() const { return role == QLatin1String("edge"); }
    /// The node as stored and shown; the token is left out unless `withToken`.
    QJsonObject toJson(bool withToken = false) const;
};

/// The whole fleet, in file order.
struct FleetConfig
{
    std::vector<FleetNode> nodes;

    /// Throws lk::Error(Input) naming the node (by index and name) and key that is wrong.
    static FleetConfig fromJson(const QJsonObject &json);
    /// Reads FILE; throws lk::Error(Input) if it is missing, not JSON, or invalid, or if a CA
    /// file it names (relative to FILE's folder) holds no certificate.
    static FleetConfig load(const QString &path);
    /// {"nodes": [...]}, tokens left out unless `withTokens`.
    QJsonObject toJson(bool withTokens = false) const;

    /// The edge nodes (role "edge"), in file order.
    std::vector<FleetNode> edgeNodes() const;
    /// The node called `name`, or nullptr.
    const FleetNode *find(const QString &name) const;
};

} // namespace lk::fleet
