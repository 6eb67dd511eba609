#include "core/replay/Replayer.h"

#include "core/common/Error.h"
#include "core/replay/HttpClient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QMutexLocker>

#include <chrono>
#include <cmath>

namespace lk::replay {

namespace {

/// Bucket i of LatencyHistogram holds [kGrowth^i, kGrowth^(i+1)) microseconds.
constexpr double kGrowth = 1.01;
const double kLogGrowth = std::log(kGrowth);
constexpr int kBuckets = 1900; // 1.01^1900 µs is beyond 100 s

double rounded(double value, int decimals)
{
    const double scale = std::pow(10.0, decimals);
    return std::round(value * scale) / scale;
}

} // namespace

struct Replayer::NodeTally
{
    std::atomic<qint64> sent{0};
    std::atomic<qint64> ok{0};
    std::atomic<qint64> errors{0};
    std::atomic<qint64> escalated{0};
};

struct Replayer::Ticket
{
    qint64 index = 0;
    int node = 0;
    QByteArray body;
};

struct Replayer::WorkerLatency
{
    QMutex mutex;
    LatencyHistogram histogram;
};

LatencyHistogram::LatencyHistogram()
    : m_buckets(kBuckets, 0)
{ }

void LatencyHistogram::add(double ms)
{
    const double us = ms * 1000.0;
    const int bucket = us < 1.0 ? 0 : std::min(kBuckets - 1, int(std::log(us) / kLogGrowth));
    ++m_buckets[std::size_t(bucket)];
    ++m_count;
    m_max = std::max(m_max, ms);
}

void LatencyHistogram::merge(const LatencyHistogram &other)
{
    for (std::size_t i = 0; i < m_buckets.size(); ++i)
        m_buckets[i] += other.m_buckets[i];
    m_count += other.m_count;
    m_max = std::max(m_max, other.m_max);
}

double LatencyHistogram::quantile(double q) const
{
    if (m_count == 0)
        return 0;
    const qint64 rank = std::max<qint64>(1, qint64(std::ceil(q * double(m_count))));
    qint64 seen = 0;
    for (std::size_t i = 0; i < m_buckets.size(); ++i) {
        seen += m_buckets[i];
        if (seen >= rank) // the bucket's geometric middle, never above the largest value seen
            return std::min(m_max, std::pow(kGrowth, double(i) + 0.5) / 1000.0);
    }
    return m_max;
}

void ReplayConfig::validate() const
{
    if (nodes.empty())
        throw Error(ErrorKind::Input,
            QStringLiteral("There is no node to replay to: the fleet file needs at least one node with role "
                           "\"edge\"."));
    for (const fleet::FleetNode &n : nodes) {
        if (n.url.scheme() != QLatin1String("http") && n.url.scheme() != QLatin1String("https"))
            throw Error(ErrorKind::Input,
                QStringLiteral("Node %1 is at %2: the replayer speaks http and https only.")
                    .arg(n.name, n.url.toString()));
    }
    if (!std::isfinite(rate) || rate < 0 || rate > 1e7)
        throw Error(ErrorKind::Usage,
            QStringLiteral("--rate %1 is not a request rate (0 for as fast as possible, up to 10000000).")
                .arg(rate));
    if (!std::isfinite(durationS) || durationS < 0)
        throw Error(ErrorKind::Usage, QStringLiteral("The duration %1 s is negative.").arg(durationS));
    if (count < 0)
        throw Error(ErrorKind::Usage, QStringLiteral("The count %1 is negative.").arg(count));
    if (connections < 1 || connections > 256)
        throw Error(ErrorKind::Usage,
            QStringLiteral("--connections %1 is out of range: use 1 to 256.").arg(connections));
    if (timeoutMs < 1)
        throw Error(ErrorKind::Usage, QStringLiteral("The timeout %1 ms is not positive.").arg(timeoutMs));
}

Replayer::Replayer(ReplayConfig config, training::ImageSet images, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_images(std::move(images))
    , m_picker(m_images, m_config.order, m_config.seed)
{
    m_config.validate();
    if (m_images.rows != kImageSide || m_images.cols != kImageSide)
        throw Error(ErrorKind::Input,
            QStringLiteral("%1 holds %2×%3 images; the nodes classify 28×28 ones.")
                .arg(m_images.source)
                .arg(m_images.rows)
                .arg(m_images.cols));
    for (const DriftEpisode &e : m_config.drift.episodes()) {
        if (e.kind == DriftKind::ClassMix && !m_picker.hasClass(e.mixClass))
            throw Error(ErrorKind::Usage,
                QStringLiteral("--drift episode \"%1\": %2 has no image of class %3.")
                    .arg(e.text, m_images.source)
                    .arg(e.mixClass));
    }
    for (std::size_t i = 0; i < m_config.nodes.size(); ++i)
        m_tallies.push_back(std::make_unique<NodeTally>());
}

Replayer::~Replayer()
{
    stop();
    waitForFinished();
}

void Replayer::start()
{
    if (m_started)
        return;
    m_started = true;
    m_clock.start();
    m_running = m_config.connections;
    for (int w = 0; w < m_config.connections; ++w)
        m_latency.push_back(std::make_unique<WorkerLatency>());
    for (int w = 0; w < m_config.connections; ++w)
        m_workers.emplace_back([this, w] { work(w); });
}

void Replayer::stop()
{
    {
        const std::lock_guard<std::mutex> lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
}

void Replayer::waitForFinished()
{
    for (std::thread &t : m_workers) {
        if (t.joinable())
            t.join();
    }
}

double Replayer::elapsedS() const
{
    if (!m_started)
        return 0;
    const qint64 end = isFinished() ? m_finishedAtNs.load() : m_clock.nsecsElapsed();
    return double(end) / 1e9;
}

bool Replayer::take(Ticket &ticket)
{
    std::unique_lock<std::mutex> lock(m_mutex);
    if (m_stop || (m_config.count > 0 && m_nextTicket >= m_config.count))
        return false;
    const qint64 i = m_nextTicket;
    const qint64 now = m_clock.nsecsElapsed();
    // Request i is due at i / rate; late ones go at once, so the average rate holds.
    const qint64 due = m_config.rate > 0 ? std::max(now, qint64(double(i) * 1e9 / m_config.rate)) : now;
    const double t = double(due) / 1e9;
    if (m_config.durationS > 0 && t >= m_config.durationS)
        return false;
    ++m_nextTicket;
    ticket.index = i;
    ticket.node = int(i % qint64(m_config.nodes.size()));
    const int index = m_picker.next(m_config.drift.classMixAt(t));
    Image image = imageAt(m_images, index);
    if (!m_config.drift.isEmpty())
        image = m_config.drift.apply(image, t, m_picker.rng());
    ticket.body = toBytes(image);
    // Wait here, holding the ticket counter: the next request is due later still.
    while (!m_stop && m_clock.nsecsElapsed() < due)
        m_wake.wait_for(lock, std::chrono::nanoseconds(due - m_clock.nsecsElapsed()));
    return !m_stop;
}

void Replayer::work(int worker)
{
    std::vector<std::unique_ptr<HttpConnection>> connections;
    for (const fleet::FleetNode &n : m_config.nodes)
        connections.push_back(std::make_unique<HttpConnection>(n.url, m_config.timeoutMs, n.caFile));
    WorkerLatency &latency = *m_latency[std::size_t(worker)];
    Ticket ticket;
    QElapsedTimer timer;
    while (take(ticket)) {
        NodeTally &tally = *m_tallies[std::size_t(ticket.node)];
        ++tally.sent;
        timer.start();
        const HttpReply reply = connections[std::size_t(ticket.node)]->post(
            QByteArrayLiteral("/v1/predict"), QByteArrayLiteral("application/octet-stream"), ticket.body);
        const double ms = double(timer.nsecsElapsed()) / 1e6;
        if (reply.ok()) {
            ++tally.ok;
            if (QJsonDocument::fromJson(reply.body).object().value(QStringLiteral("escalated")).toBool())
                ++tally.escalated;
            const QMutexLocker lock(&latency.mutex);
            latency.histogram.add(ms);
        } else {
            // A node that is down costs a refused connect per request and counts as errors;
            // once it is back, the next request to it connects again.
            ++tally.errors;
            const QMutexLocker lock(&m_errorMutex);
            m_lastError = QStringLiteral("%1: %2").arg(m_config.nodes[std::size_t(ticket.node)].name,
                reply.error.isEmpty() ? QStringLiteral("HTTP %1 %2")
                                            .arg(reply.status)
                                            .arg(QString::fromUtf8(reply.body.left(200)).trimmed())
                                      : reply.error);
        }
    }
    if (--m_running == 0) {
        m_finishedAtNs = m_clock.nsecsElapsed();
        Q_EMIT finished();
    }
}

QJsonObject Replayer::progress()
{
    qint64 sent = 0, ok = 0, errors = 0, escalated = 0;
    for (const auto &t : m_tallies) {
        sent += t->sent;
        ok += t->ok;
        errors += t->errors;
        escalated += t->escalated;
    }
    const double elapsed = elapsedS();
    const double interval = elapsed - m_lastProgressS;
    const qint64 answers = ok + errors;
    const double rate = interval > 0 ? double(answers - m_lastProgressAnswers) / interval : 0;
    m_lastProgressS = elapsed;
    m_lastProgressAnswers = answers;
    return QJsonObject{{QStringLiteral("elapsed_s"), rounded(elapsed, 3)}, {QStringLiteral("sent"), sent},
        {QStringLiteral("ok"), ok}, {QStringLiteral("errors"), errors},
        {QStringLiteral("escalated"), escalated}, {QStringLiteral("rate"), rounded(rate, 1)},
        {QStringLiteral("active_drift"), QJsonArray::fromStringList(m_config.drift.activeAt(elapsed))}};
}

QJsonObject Replayer::summary() const
{
    qint64 sent = 0, ok = 0, errors = 0, escalated = 0;
    QJsonObject perNode;
    for (std::size_t i = 0; i < m_tallies.size(); ++i) {
        const NodeTally &t = *m_tallies[i];
        sent += t.sent;
        ok += t.ok;
        errors += t.errors;
        escalated += t.escalated;
        perNode.insert(m_config.nodes[i].name,
            QJsonObject{{QStringLiteral("sent"), t.sent.load()}, {QStringLiteral("ok"), t.ok.load()},
                {QStringLiteral("errors"), t.errors.load()},
                {QStringLiteral("escalated"), t.escalated.load()}});
    }
    LatencyHistogram all;
    for (const auto &w : m_latency) {
        const QMutexLocker lock(&w->mutex);
        all.merge(w->histogram);
    }
    const double duration = elapsedS();
    QString lastError;
    {
        const QMutexLocker lock(&m_errorMutex);
        lastError = m_lastError;
    }
    return QJsonObject{{QStringLiteral("sent"), sent}, {QStringLiteral("ok"), ok},
        {QStringLiteral("errors"), errors}, {QStringLiteral("escalated"), escalated},
        {QStringLiteral("escalation_rate"), ok > 0 ? rounded(double(escalated) / double(ok), 4) : 0.0},
        {QStringLiteral("duration_s"), rounded(duration, 3)},
        {QStringLiteral("throughput"), duration > 0 ? rounded(double(ok) / duration, 1) : 0.0},
        {QStringLiteral("latency_ms"),
            QJsonObject{{QStringLiteral("p50"), rounded(all.quantile(0.50), 3)},
                {QStringLiteral("p95"), rounded(all.quantile(0.95), 3)},
                {QStringLiteral("p99"), rounded(all.quantile(0.99), 3)},
                {QStringLiteral("max"), rounded(all.max(), 3)}}},
        {QStringLiteral("per_node"), perNode},
        {QStringLiteral("last_error"), lastError.isEmpty() ? QJsonValue() : QJsonValue(lastError)}};
}

} // namespace lk::replay
