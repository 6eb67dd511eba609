#pragma once

// The edge node's HTTP routes as plain request handling: predict with the installed
// TorchScript model, keep uncertain inputs for training, install and roll back models, and
// keep the recent predictions for the console's rollout judge and drift monitor to pull. No
// sockets here (HttpFrontEnd feeds it), so that every rule can be tested directly.
//
//     lk::node::NodeConfig config;  // dir, token, threshold, ...
//     lk::node::NodeService service(config);
//     service.loadInitialModel("/path/model.pt", "fashion-mnist@1");
//     lk::http::RestResponse r = service.handle(request);

#include "core/http/Http.h"
#include "core/node/Escalator.h"
#include "core/node/SampleStore.h"

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
    int observationCapacity = 20000; ///< recent predictions kept for GET /v1/observations

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

/// One prediction as GET /v1/observations lists it.
struct Observation
{
    qint64 seq = 0; ///< 1 for the process' first prediction, then one more for each
    float confidence = 0;
    int label = 0;
    bool escalated = false;
    float latencyMs = 0; ///< the model's time for it
    QString modelVersion;
};

/// Routes POST /v1/predict, GET /v1/samples/{id}, PUT /v1/model, POST /v1/model/rollback,
/// GET /v1/metrics, GET /v1/health and GET /v1/observations. Errors are
/// {"error": {"code", "message"}}. Not thread-safe: use it from the thread that created it.
///
/// GET /v1/observations?after=SEQ&limit=N (after: default 0; limit: default 5000, 1 to
/// 20000) lists the kept predictions with seq > SEQ, oldest first, in at most N rows:
///
///     {"next": 1234,       // the last seq listed (SEQ if none): pass it as `after` next time
///      "oldest": 1,        // the oldest seq still kept (the next seq to come if none is)
///      "dropped": 0,       // predictions after SEQ no longer kept (the ring overflowed)
///      "threshold": 0.7,   // the node's escalation threshold
///      "observations": [[seq, confidence, class, escalated (0/1), latency_ms, "model_version"], ...]}
///
/// The node keeps its last `observationCapacity` (20,000) predictions; seq grows for the
/// life of the process, so a `next` below the `after` sent means the node restarted.
class NodeService
{
public:
    /// Latency histogram upper bounds in milliseconds; the last bucket is everything above.
    static constexpr std::array<double, 8> kLatencyBucketsMs{1, 2, 5, 10, 20, 50, 100, 500};
    /// Rows GET /v1/observations gives when no limit is asked for, and the most it gives.
    static constexpr int kDefaultObservationLimit = 5000;
    static constexpr int kMaxObservationLimit = 20000;

    /// Creates DIR, DIR/models and DIR/samples and indexes the inputs kept there; throws
    /// lk::Error if it cannot.
    explicit NodeService(NodeConfig config);
    ~NodeService();

    /// Serves a copy (in DIR/models) of `artifactPath`; throws lk::Error(Input) if it is not
    /// TorchScript. Any model installed before in DIR is forgotten.
    void loadInitialModel(const QString &artifactPath, const QString &version);
    /// Serves the models DIR/models/manifest.json names (current and previous), as they were
    /// before a restart; false if there is none or its file no longer has its sha256.
    bool restore();

    /// Answers one request; never throws (internal failures become 500). Applies admit() first.
    http::RestResponse handle(const http::RestRequest &request);
    /// Decides on a request from its head alone, before its body is read (HttpFrontEnd asks):
    /// a foreign Origin, the token for model changes, the Content-Type, the route's body limit.
    http::Admission admit(const http::RestRequest &head, qint64 bodyBytes) const;

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
    /// Predictions answered so far.
    qint64 predictions() const { return m_predictions; }

private:
    http::RestResponse route(const http::RestRequest &request);
    http::RestResponse predict(const http::RestRequest &request);
    http::RestResponse sample(const QString &id) const;
    http::RestResponse installModel(const http::RestRequest &request);
    http::RestResponse rollback(const http::RestRequest &request);
    http::RestResponse metrics() const;
    http::RestResponse health() const;
    http::RestResponse observations(const http::RestRequest &request) const;
    void observe(float confidence, int label, bool escalated, float latencyMs);
    /// Empty if the request carries the node's token, else the 401/403 answer.
    std::optional<http::RestResponse> refuseUnauthorized(const http::RestRequest &request) const;
    void writeManifest() const;
    QString newModelPath();

    NodeConfig m_config;
    LoadedModel m_current;
    LoadedModel m_previous;
    QDateTime m_since;
    qint64 m_predictions = 0;
    qint64 m_escalations = 0;
    qint64 m_errors = 0; ///< predict requests answered 4xx or 5xx
    std::vector<Observation> m_ring; ///< the last predictions; seq s sits at (s - 1) % capacity
    qint64 m_lastSeq = 0;
    std::array<qint64, kLatencyBucketsMs.size() + 1> m_latency{};
    std::vector<qint64> m_perClass;
    qint64 m_modelSerial = 0;
    std::unique_ptr<SampleStore> m_samples;
    std::function<void(EscalatedInput)> m_onEscalated;
    std::function<QJsonObject()> m_escalationMetrics;
};

} // namespace lk::node
