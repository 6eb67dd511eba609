#pragma once

// Replays Fashion-MNIST test images to the fleet's edge nodes as POST /v1/predict, at a set
// rate, with drift episodes on a schedule, and counts what the nodes answered. Worker threads
// each keep one keep-alive connection per node; the images and the node of request i are
// chosen in request order, so the same seed sends the same images to the same nodes.
//
//     lk::replay::ReplayConfig config;          // nodes, rate, drift, count or duration, ...
//     lk::replay::Replayer replayer(config, lk::training::loadIdxDataset(dir, Split::Test));
//     QObject::connect(&replayer, &Replayer::finished, &loop, &QEventLoop::quit);
//     replayer.start();                          // ... progress() now and then ...
//     QJsonObject summary = replayer.summary();

#include "core/fleet/FleetConfig.h"
#include "core/replay/DriftSchedule.h"
#include "core/replay/ImageTransforms.h"
#include "core/training/ImageDataset.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QMutex>
#include <QObject>

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace lk::replay {

/// What to replay, where and how fast.
struct ReplayConfig
{
    std::vector<fleet::FleetNode> nodes; ///< the nodes to send to (the fleet's edge nodes), round-robin
    double rate = 0; ///< requests per second over all nodes; 0: as fast as the nodes answer
    DriftSchedule drift;
    double durationS = 0; ///< stop after this many seconds; 0: no limit
    qint64 count = 0; ///< stop after this many requests; 0: no limit
    std::uint64_t seed = 42; ///< fixes the image choice, class mixes and noise
    int connections = 1; ///< parallel senders, each with one keep-alive connection per node
    ImagePicker::Order order = ImagePicker::Order::Sequential;
    int timeoutMs = 5000; ///< per request (connect included)

    /// Throws lk::Error(Usage) naming the value that is wrong, lk::Error(Input) if there is no
    /// node or a node is not at an http URL.
    void validate() const;
};

/// Latencies in 1 % wide buckets from 1 µs to 100 s, for percentiles without keeping every value.
class LatencyHistogram
{
public:
    LatencyHistogram();
    void add(double ms);
    void merge(const LatencyHistogram &other);
    /// The value below which a share `q` (0..1) of the latencies lie (within 1 %); 0 if empty.
    double quantile(double q) const;
    double max() const { return m_max; }
    qint64 count() const { return m_count; }

private:
    std::vector<qint64> m_buckets;
    qint64 m_count = 0;
    double m_max = 0;
};

/// Sends the traffic on worker threads; thread-safe for the calls below.
class Replayer : public QObject
{
    Q_OBJECT
public:
    /// Throws lk::Error(Usage) if the config is invalid or asks for a class mix of a class
    /// `images` has no image of, lk::Error(Input) if `images` are not 28×28.
    Replayer(ReplayConfig config, training::ImageSet images, QObject *parent = nullptr);
    /// Stops the workers and waits for them.
    ~Replayer() override;

    /// Starts the workers; returns at once.
    void start();
    /// Asks the workers to stop after the request each has in flight; finished() follows.
    void stop();
    /// Whether every worker is done (count or duration reached, or stopped).
    bool isFinished() const { return m_running.load() == 0 && m_started; }
    /// Blocks until every worker is done.
    void waitForFinished();

    /// {"elapsed_s", "sent", "ok", "errors", "escalated", "rate" (answers per second since the
    /// previous call), "active_drift": [episodes as written]}. Call it from one thread.
    QJsonObject progress();
    /// {"sent", "ok", "errors", "escalated", "escalation_rate" (of the answered), "duration_s",
    /// "throughput" (answers per second), "latency_ms": {"p50", "p95", "p99", "max"},
    /// "per_node": {NAME: {"sent", "ok", "errors", "escalated"}}, "last_error"}.
    QJsonObject summary() const;

Q_SIGNALS:
    /// Every worker is done; emitted once, from the last worker's thread.
    void finished();

private:
    struct NodeTally;
    struct Ticket;
    bool take(Ticket &ticket);
    void work(int worker);
    double elapsedS() const;

    ReplayConfig m_config;
    training::ImageSet m_images;
    ImagePicker m_picker;
    QElapsedTimer m_clock;
    std::mutex m_mutex; ///< guards the ticket counter, the picker and the stop wait
    std::condition_variable m_wake; ///< wakes paced workers on stop()
    qint64 m_nextTicket = 0;
    std::atomic<bool> m_stop{false};
    std::atomic<int> m_running{0};
    bool m_started = false;
    std::atomic<qint64> m_finishedAtNs{0};
    std::vector<std::unique_ptr<NodeTally>> m_tallies;
    std::vector<std::thread> m_workers;
    struct WorkerLatency;
    std::vector<std::unique_ptr<WorkerLatency>> m_latency; ///< one per worker
    mutable QMutex m_errorMutex;
    QString m_lastError;
    qint64 m_lastProgressAnswers = 0;
    double m_lastProgressS = 0;
};

} // namespace lk::replay
