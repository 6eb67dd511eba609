#pragma once

// The console's side of the node API: health, metrics, observations, model install and
// rollback, sent to many nodes at once and waited for together (each bounded by a timeout).
// Blocking for its caller, so use it from a worker thread (FleetRunner) or a CLI command;
// create and use it on one thread. An https node is verified against its fleet entry's CA file
// (FleetNode::caFile), else the system's CAs.

#include "core/fleet/FleetConfig.h"

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QSslConfiguration>
#include <QString>

#include <memory>
#include <vector>

class QNetworkAccessManager;
class QNetworkRequest;

namespace lk::fleet {

/// One HTTP call to a node.
struct NodeRequest
{
    FleetNode node;
    QByteArray method = "GET";
    QString path; ///< e.g. /v1/health, with its query
    QByteArray body;
    QByteArray contentType;
    std::vector<std::pair<QByteArray, QByteArray>> headers;
    bool authorized = false; ///< sends the node's bearer token
};

/// Its answer.
struct NodeReply
{
    QString node;
    int status = 0; ///< HTTP status; 0 if there was no answer
    QByteArray body;
    QString error; ///< empty on a 2xx answer; else what went wrong, for people

    bool ok() const { return error.isEmpty(); }
    QJsonObject json() const;
    /// The node's {"error": {"code"}} if it gave one.
    QString errorCode() const;
};

class NodeClient
{
public:
    explicit NodeClient(int timeoutMs = 15000);
    ~NodeClient();
    NodeClient(const NodeClient &) = delete;
    NodeClient &operator=(const NodeClient &) = delete;

    void setTimeout(int timeoutMs) { m_timeoutMs = timeoutMs; }

    /// Sends every request (at most `parallel` at a time) and returns the answers in order.
    std::vector<NodeReply> send(const std::vector<NodeRequest> &requests, int parallel = 16);
    NodeReply send(const NodeRequest &request);

    static NodeRequest health(const FleetNode &node);
    static NodeRequest metrics(const FleetNode &node);
    /// GET /v1/observations?after=SEQ&limit=N.
    static NodeRequest observations(const FleetNode &node, qint64 after, int limit = 20000);
    /// PUT /v1/model with the artifact's bytes, its sha256 and version.
    static NodeRequest install(
        const FleetNode &node, const QByteArray &artifact, const QString &sha256, const QString &version);
    static NodeRequest rollback(const FleetNode &node);

private:
    /// Makes `request` verify its server against `caFile` (loaded once per client); the
    /// problem with the file, or empty.
    QString applyCaFile(QNetworkRequest &request, const QString &caFile);

    int m_timeoutMs;
    QHash<QString, QSslConfiguration> m_tls; ///< client configuration per CA file
    std::unique_ptr<QNetworkAccessManager> m_nam;
};

} // namespace lk::fleet
