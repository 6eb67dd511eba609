#pragma once

// The edge node's HTTP routes as plain request handling: predict with the installed
// TorchScript model, keep uncertain inputs for training, install and roll back models. No
// sockets here (HttpFrontEnd feeds it), so that every rule can be tested directly.
//
//     lk::node::NodeConfig config;  // dir, token, threshold, ...
//     lk::node::NodeService service(config);
//     service.loadInitialModel("/path/model.pt", "fashion-mnist@1");
//     lk::api::RestResponse r = service.handle(request);

#include "core/api/RestApi.h"
#include "core/node/Escalator.h"

#include <QDateTime>
#include <QString>
#include <QUrl>

#include <array>
#include <functional>
#include <memory>
#include <vector>

namespace lk::training {
class Classifier;
}

namespace lk::node {

/// How a node runs; filled from the command line.
struct NodeConfig
{
    QString dir; ///< where installed models and kept samples live
    QString token; ///< bearer token for model changes; empty: model changes are refused
    QString role = QStringLiteral("edge"); ///< "edge" or "teacher"
    QString nodeId; ///< names the node in escalated samples
    double threshold = 0.7; ///< predictions below this confidence escalate (edge role only)
    QUrl selfUrl; ///< the node's own URL, for sample URIs (set once listening)

    /// Throws lk::Error(Usage) naming the problem: no dir, bad role or threshold, short token.
    void validate() const;
};

/// One loaded model: the classifier and what identifies it.
struct LoadedModel
{
    std::unique_ptr<training::Classifier> classifier;
    QString version;
    QString sha256;
    QString path;
    QDateTime installedAt;
};

/// Routes POST /v1/predict, GET /v1/samples/{id}, PUT /v1/model, POST /v1/model/rollback,
/// GET /v1/metrics and GET /v1/health. Errors are {"error": {"code", "message"}}.
/// Not thread-safe: use it from the thread that created it.
class NodeService
{
public:
    /// Latency histogram upper bounds in milliseconds; the last bucket is everything above.
    static constexpr std::array<double, 8> kLatencyBucketsMs{1, 2, 5, 10, 20, 50, 100, 500};

    /// Creates DIR, DIR/models and DIR/samples; throws lk::Error if it cannot.
    explicit NodeService(NodeConfig config);
    ~NodeService();

    /// Serves a copy (in DIR/models) of `artifactPath`; throws lk::Error(Input) if it is not
    /// TorchScript. Any model installed before in DIR is forgotten.
    void loadInitialModel(const QString &artifactPath, const QString &version);
    /// Serves the models DIR/models/manifest.json names (current and previous), as they were
    /// before a restart; false if there is none or its file no longer has its sha256.
    bool restore();

    /// Answers one request; never throws (internal failures become 500).
    api::RestResponse handle(const api::RestRequest &request);

    /// Called for each escalated prediction once its input is kept (e.g. Escalator::submit);
    /// must return at once, as the prediction's answer waits for it.
    void setEscalationHandler(std::function<void(EscalatedInput)> handler)
    {
        m_onEscalated = std::move(handler);
    }
    /// Adds `source()` as "escalation" to GET /v1/metrics (e.g. Escalator::counters).
    void setEscalationMetrics(std::function<QJsonObject()> source)
    {
        m_escalationMetrics = std::move(source);
    }

    /// Sets the URL the node is reachable at (known only once the port is open).
    void setSelfUrl(const QUrl &url) { m_config.selfUrl = url; }
    const NodeConfig &config() const { return m_config; }
    /// The version of the model currently serving, empty before one is loaded.
    QString modelVersion() const { return m_current.version; }

private:
    api::RestResponse route(const api::RestRequest &request);
    api::RestResponse predict(const api::RestRequest &request);
    api::RestResponse sample(const QString &id) const;
    api::RestResponse installModel(const api::RestRequest &request);
    api::RestResponse rollback(const api::RestRequest &request);
    api::RestResponse metrics() const;
    api::RestResponse health() const;
    /// Empty if the request carries the node's token, else the 401/403 answer.
    std::optional<api::RestResponse> refuseUnauthorized(const api::RestRequest &request) const;
    void writeManifest() const;
    QString newModelPath();

    NodeConfig m_config;
    LoadedModel m_current;
    LoadedModel m_previous;
    QDateTime m_since;
    qint64 m_predictions = 0;
    qint64 m_escalations = 0;
    std::array<qint64, kLatencyBucketsMs.size() + 1> m_latency{};
    std::vector<qint64> m_perClass;
    qint64 m_modelSerial = 0;
    std::function<void(EscalatedInput)> m_onEscalated;
    std::function<QJsonObject()> m_escalationMetrics;
};

} // namespace lk::node
