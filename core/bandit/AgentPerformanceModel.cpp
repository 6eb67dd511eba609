#include "core/bandit/AgentPerformanceModel.h"

#include "core/common/Error.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <sstream>

namespace lk::bandit {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
const QString kStateFormat = QStringLiteral("loopkeeper-agent-selection-model");
constexpr int kStateVersion = 1;

// The alert thresholds (docs/panels/agents.md).
constexpr double kMaxFailedFraction = 0.05;
constexpr double kMinImprovementRate = -0.1;
constexpr double kMaxAvgUpdateTimeMs = 1000.0;

QJsonValue number(double x)
{
    // JSON has no NaN; null says "undefined" without inventing a value.
    return std::isnan(x) ? QJsonValue(QJsonValue::Null) : QJsonValue(x);
}

/// Regularized incomplete beta I_x(a, b) by its continued fraction (DLMF 8.17.22), evaluated with
/// the modified Lentz method; converges fast for x < (a + 1) / (a + b + 2), the symmetry
/// I_x(a, b) = 1 - I_{1-x}(b, a) covers the rest.
double incompleteBeta(double a, double b, double x)
{
    if (x <= 0)
        return 0;
    if (x >= 1)
        return 1;
    if (x > (a + 1) / (a + b + 2))
        return 1 - incompleteBeta(b, a, 1 - x);
    const double front =
        std::exp(std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + a * std::log(x) + b * std::log1p(-x))
        / a;
    constexpr double tiny = 1e-300;
    double f = 1, c = 1, d = 0;
    for (int i = 0; i <= 1000; ++i) {
        const double m = i / 2;
        double numerator;
        if (i == 0)
            numerator = 1;
        else if (i % 2 == 0)
            numerator = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m));
        else
            numerator = -((a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1));
        d = 1 + numerator * d;
        d = 1 / (std::abs(d) < tiny ? tiny : d);
        c = 1 + numerator / c;
        c = std::abs(c) < tiny ? tiny : c;
        const double cd = c * d;
        f *= cd;
        if (std::abs(1 - cd) < 1e-15)
            break;
    }
    return front * (f - 1);
}

/// The p-quantile of Beta(a, b), by bisection: robust for every a, b >= 1 and cheap enough for
/// reports (it is not on the selection path).
double betaQuantile(double a, double b, double p)
{
    double lo = 0, hi = 1;
    for (int i = 0; i < 100 && hi - lo > 1e-15; ++i) {
        const double mid = (lo + hi) / 2;
        (incompleteBeta(a, b, mid) < p ? lo : hi) = mid;
    }
    return (lo + hi) / 2;
}

double posteriorMean(const AgentPerformanceModel::Arm *arm)
{
    return arm ? (arm->successes + 1) / (arm->successes + arm->failures + 2) : 0.5;
}

AgentPerformance performance(const QString &name, const AgentPerformanceModel::Arm &arm)
{
    AgentPerformance p;
    p.agentName = name;
    const double a = arm.successes + 1, b = arm.failures + 1;
    p.successRate = a / (a + b);
    p.credibleLow = betaQuantile(a, b, 0.025);
    p.credibleHigh = betaQuantile(a, b, 0.975);
    p.successes = arm.successes;
    p.failures = arm.failures;
    p.avgLatencyMs = arm.latency.mean();
    p.emaLatencyMs = arm.latency.ema;
    p.avgQuality = arm.quality.mean();
    p.emaQuality = arm.quality.ema;
    p.totalExecutions = arm.observations;
    return p;
}

std::vector<AgentPerformance> performances(const std::map<QString, AgentPerformanceModel::Arm> &arms)
{
    std::vector<AgentPerformance> out;
    out.reserve(arms.size());
    for (const auto &[name, arm] : arms)
        out.push_back(performance(name, arm));
    return out;
}

void observe(AgentPerformanceModel::Arm &arm, const OutcomeEvent &e, const ModelConfig &config)
{
    arm.successes *= config.discount;
    arm.failures *= config.discount;
    (e.success ? arm.successes : arm.failures) += 1;
    ++arm.observations;
    if (!std::isnan(e.latencyMs))
        arm.latency.add(e.latencyMs, config.windowSize, config.emaAlpha);
    if (!std::isnan(e.qualityScore))
        arm.quality.add(e.qualityScore, config.windowSize, config.emaAlpha);
}

// ---- state (de)serialization ----

QJsonObject seriesJson(const AgentPerformanceModel::Series &s)
{
    QJsonArray window;
    for (double x : s.window)
        window.append(x);
    return {{QStringLiteral("window"), window}, {QStringLiteral("sum"), s.sum},
        {QStringLiteral("ema"), number(s.ema)}, {QStringLiteral("pops_since_resum"), s.popsSinceResum}};
}

QJsonObject armJson(const AgentPerformanceModel::Arm &arm)
{
    return {{QStringLiteral("successes"), arm.successes}, {QStringLiteral("failures"), arm.failures},
        {QStringLiteral("observations"), arm.observations},
        {QStringLiteral("latency"), seriesJson(arm.latency)},
        {QStringLiteral("quality"), seriesJson(arm.quality)}};
}

QJsonObject armsJson(const std::map<QString, AgentPerformanceModel::Arm> &arms)
{
    QJsonObject o;
    for (const auto &[name, arm] : arms)
        o.insert(name, armJson(arm));
    return o;
}

/// Reads a state with the path of every value at hand, so that an error names it.
struct StateReader
{
    [[noreturn]] static void fail(const QString &path, const QString &what)
    {
        throw Error(ErrorKind::Input, QStringLiteral("model state: %1 %2").arg(path, what));
    }
    static QJsonValue required(const QJsonObject &o, const QString &key, const QString &path)
    {
        const QJsonValue v = o.value(key);
        if (v.isUndefined())
            fail(path + QLatin1Char('.') + key, QStringLiteral("is missing"));
        return v;
    }
    static QJsonObject object(const QJsonObject &o, const QString &key, const QString &path)
    {
        const QJsonValue v = required(o, key, path);
        if (!v.isObject())
            fail(path + QLatin1Char('.') + key, QStringLiteral("must be an object"));
        return v.toObject();
    }
    static QJsonObject object(const QJsonValue &v, const QString &path)
    {
        if (!v.isObject())
            fail(path, QStringLiteral("must be an object"));
        return v.toObject();
    }
    /// A finite number; null reads as NaN where allowed.
    static double real(const QJsonObject &o, const QString &key, const QString &path, bool nullable = false)
    {
        const QJsonValue v = required(o, key, path);
        if (nullable && v.isNull())
            return kNaN;
        if (!v.isDouble() || !std::isfinite(v.toDouble()))
            fail(path + QLatin1Char('.') + key,
                nullable ? QStringLiteral("must be a number or null") : QStringLiteral("must be a number"));
        return v.toDouble();
    }
    static qint64 count(const QJsonObject &o, const QString &key, const QString &path)
    {
        const double x = real(o, key, path);
        if (x < 0 || x != std::floor(x) || x > 9007199254740992.0)
            fail(path + QLatin1Char('.') + key, QStringLiteral("must be an integer >= 0"));
        return qint64(x);
    }

    static AgentPerformanceModel::Series series(const QJsonObject &o, const QString &path, int windowSize)
    {
        AgentPerformanceModel::Series s;
        const QJsonValue w = required(o, QStringLiteral("window"), path);
        if (!w.isArray())
            fail(path + QStringLiteral(".window"), QStringLiteral("must be an array"));
        const QJsonArray window = w.toArray();
        if (window.size() > windowSize)
            fail(path + QStringLiteral(".window"),
                QStringLiteral("holds %1 values, more than window_size %2")
                    .arg(window.size())
                    .arg(windowSize));
        for (const QJsonValue &x : window) {
            if (!x.isDouble())
                fail(path + QStringLiteral(".window"), QStringLiteral("must hold numbers only"));
            s.window.push_back(x.toDouble());
        }
        s.sum = real(o, QStringLiteral("sum"), path);
        s.ema = real(o, QStringLiteral("ema"), path, true);
        s.popsSinceResum = int(count(o, QStringLiteral("pops_since_resum"), path));
        return s;
    }

    static AgentPerformanceModel::Arm arm(const QJsonValue &v, const QString &path, int windowSize)
    {
        const QJsonObject o = object(v, path);
        AgentPerformanceModel::Arm a;
        a.successes = real(o, QStringLiteral("successes"), path);
        a.failures = real(o, QStringLiteral("failures"), path);
        if (a.successes < 0 || a.failures < 0)
            fail(path, QStringLiteral("has negative counts"));
        a.observations = count(o, QStringLiteral("observations"), path);
        a.latency =
            series(object(o, QStringLiteral("latency"), path), path + QStringLiteral(".latency"), windowSize);
        a.quality =
            series(object(o, QStringLiteral("quality"), path), path + QStringLiteral(".quality"), windowSize);
        return a;
    }

    static std::map<QString, AgentPerformanceModel::Arm> arms(
        const QJsonObject &o, const QString &path, int windowSize)
    {
        std::map<QString, AgentPerformanceModel::Arm> out;
        for (auto it = o.begin(); it != o.end(); ++it)
            out.emplace(it.key(), arm(it.value(), path + QLatin1Char('.') + it.key(), windowSize));
        return out;
    }
};

} // namespace

void validate(const ModelConfig &config)
{
    auto fail = [](const QString &message) { throw Error(ErrorKind::Usage, message); };
    if (!(config.discount > 0 && config.discount <= 1))
        fail(QStringLiteral("discount must be in (0, 1], not %1").arg(config.discount));
    if (config.windowSize < 1)
        fail(QStringLiteral("window_size must be >= 1, not %1").arg(config.windowSize));
    if (!(config.emaAlpha > 0 && config.emaAlpha <= 1))
        fail(QStringLiteral("ema_alpha must be in (0, 1], not %1").arg(config.emaAlpha));
    if (config.minContextObservations < 0)
        fail(QStringLiteral("min_context_observations must be >= 0, not %1")
                 .arg(config.minContextObservations));
    for (const QString &key : config.contextKeys)
        if (key.isEmpty())
            fail(QStringLiteral("context_keys must not contain an empty key"));
}

// ---- Series ----

void AgentPerformanceModel::Series::add(double x, int windowSize, double alpha)
{
    window.push_back(x);
    sum += x;
    if (int(window.size()) > windowSize) {
        sum -= window.front();
        window.pop_front();
        // A running sum drifts by rounding with every subtraction; re-adding the window once per
        // windowSize removals keeps it exact to a few ulps at O(1) amortized cost.
        if (++popsSinceResum >= windowSize) {
            popsSinceResum = 0;
            sum = 0;
            for (double v : window)
                sum += v;
        }
    }
    ema = std::isnan(ema) ? x : alpha * x + (1 - alpha) * ema;
}

double AgentPerformanceModel::Series::mean() const
{
    return window.empty() ? kNaN : sum / double(window.size());
}

// ---- JSON of results ----

QJsonObject Recommendation::toJson() const
{
    return {{QStringLiteral("agent_name"), agentName}, {QStringLiteral("score"), score},
        {QStringLiteral("rank"), rank}, {QStringLiteral("level"), level},
        {QStringLiteral("posterior_mean"), posteriorMean}};
}

QJsonObject AgentPerformance::toJson() const
{
    return {{QStringLiteral("agent_name"), agentName}, {QStringLiteral("success_rate"), successRate},
        {QStringLiteral("credible_low"), credibleLow}, {QStringLiteral("credible_high"), credibleHigh},
        {QStringLiteral("successes"), successes}, {QStringLiteral("failures"), failures},
        {QStringLiteral("avg_latency_ms"), number(avgLatencyMs)},
        {QStringLiteral("ema_latency_ms"), number(emaLatencyMs)},
        {QStringLiteral("avg_quality"), number(avgQuality)},
        {QStringLiteral("ema_quality"), number(emaQuality)},
        {QStringLiteral("total_executions"), totalExecutions}};
}

QJsonObject LearningMetrics::toJson() const
{
    return {{QStringLiteral("total_updates"), totalUpdates},
        {QStringLiteral("successful_updates"), successfulUpdates},
        {QStringLiteral("failed_updates"), failedUpdates},
        {QStringLiteral("avg_update_time_ms"), avgUpdateTimeMs},
        {QStringLiteral("samples_processed"), samplesProcessed},
        {QStringLiteral("current_model_score"), number(currentModelScore)},
        {QStringLiteral("improvement_rate"), number(improvementRate)}};
}

QByteArray LearningMetrics::toCompactJson() const
{
    QByteArray out;
    out.reserve(224);
    const auto add = [&out](const char *key, auto value) {
        out += out.isEmpty() ? "{\"" : ",\"";
        out += key;
        out += "\":";
        char text[32];
        std::to_chars_result r{};
        if constexpr (std::is_floating_point_v<decltype(value)>) {
            if (!std::isfinite(value)) {
                out += "null";
                return;
            }
            r = std::to_chars(text, text + sizeof text, value);
        } else {
            r = std::to_chars(text, text + sizeof text, value);
        }
        out.append(text, r.ptr - text);
    };
    add("total_updates", totalUpdates);
    add("successful_updates", successfulUpdates);
    add("failed_updates", failedUpdates);
    add("avg_update_time_ms", avgUpdateTimeMs);
    add("samples_processed", samplesProcessed);
    add("current_model_score", currentModelScore);
    add("improvement_rate", improvementRate);
    out += '}';
    return out;
}

QStringList LearningMetrics::alerts() const
{
    QStringList out;
    if (totalUpdates > 0 && double(failedUpdates) / double(totalUpdates) > kMaxFailedFraction)
        out << QStringLiteral("High failure rate in model updates: %1 of %2 updates failed (more than 5 %)")
                   .arg(failedUpdates)
                   .arg(totalUpdates);
    if (improvementRate < kMinImprovementRate)
        out << QStringLiteral("Model performance degrading: improvement rate %1 (below -0.1)")
                   .arg(improvementRate);
    if (avgUpdateTimeMs > kMaxAvgUpdateTimeMs)
        out << QStringLiteral("Slow model updates: %1 ms per update on average (more than 1000 ms)")
                   .arg(avgUpdateTimeMs);
    return out;
}

// ---- the model ----

AgentPerformanceModel::AgentPerformanceModel(ModelConfig config)
    : m_config(std::move(config))
    , m_rng(m_config.seed)
{
    validate(m_config);
}

const ModelConfig &AgentPerformanceModel::config() const
{
    return m_config;
}

QString AgentPerformanceModel::contextBucket(const QJsonObject &context) const
{
    QStringList parts;
    bool any = false;
    for (const QString &key : m_config.contextKeys) {
        const QJsonValue v = context.value(key);
        QString text;
        switch (v.type()) {
        case QJsonValue::String:
            text = v.toString();
            break;
        case QJsonValue::Bool:
            text = v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
            break;
        case QJsonValue::Double:
            text = QString::number(v.toDouble(), 'g', QLocale::FloatingPointShortest);
            break;
        case QJsonValue::Array:
            text = QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
            break;
        case QJsonValue::Object:
            text = QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
            break;
        case QJsonValue::Null:
        case QJsonValue::Undefined:
            parts << key + QLatin1Char('=');
            continue;
        }
        any = true;
        parts << key + QLatin1Char('=') + text;
    }
    return any ? parts.join(QLatin1Char('|')) : QString();
}

const std::map<QString, AgentPerformanceModel::Arm> *AgentPerformanceModel::taskArms(
    const QString &taskType) const
{
    const auto it = m_tasks.find(taskType);
    return it == m_tasks.end() ? nullptr : &it->second;
}

const std::map<QString, AgentPerformanceModel::Arm> *AgentPerformanceModel::contextArms(
    const QString &taskType, const QString &bucket) const
{
    if (bucket.isEmpty())
        return nullptr;
    const auto task = m_contexts.constFind(taskType);
    if (task == m_contexts.cend())
        return nullptr;
    const auto it = task->constFind(bucket);
    return it == task->cend() ? nullptr : &*it;
}

AgentPerformanceModel::Level AgentPerformanceModel::levelFor(const QString &agent,
    const std::map<QString, Arm> *taskArms, const std::map<QString, Arm> *contextArms) const
{
    auto find = [&agent](const std::map<QString, Arm> *arms) -> const Arm * {
        if (!arms)
            return nullptr;
        const auto it = arms->find(agent);
        return it == arms->end() ? nullptr : &it->second;
    };
    const qint64 enough = m_config.minContextObservations;
    if (const Arm *arm = find(contextArms); arm && arm->observations >= enough)
        return {arm, "context"};
    if (const Arm *arm = find(taskArms); arm && arm->observations >= enough)
        return {arm, "task_type"};
    const auto it = m_agents.find(agent);
    return {it == m_agents.end() ? nullptr : &it->second, "agent"};
}

double AgentPerformanceModel::drawUniform()
{
    // 53 random bits, offset by half a step: in (0, 1), so that log() is always finite.
    return (double(m_rng() >> 11) + 0.5) * 0x1.0p-53;
}

double AgentPerformanceModel::drawNormal()
{
    // Marsaglia's polar method; the second value is dropped so that the generator's state is the
    // model's only sampling state (and saveState has nothing else to keep).
    for (;;) {
        const double u = 2 * drawUniform() - 1, v = 2 * drawUniform() - 1;
        const double s = u * u + v * v;
        if (s > 0 && s < 1)
            return u * std::sqrt(-2 * std::log(s) / s);
    }
}

double AgentPerformanceModel::drawGamma(double shape)
{
    // Marsaglia & Tsang (2000), "A simple method for generating gamma variables"; for shape < 1
    // their boost Gamma(shape + 1) * U^(1/shape).
    if (shape < 1)
        return drawGamma(shape + 1) * std::pow(drawUniform(), 1 / shape);
    const double d = shape - 1.0 / 3, c = 1 / std::sqrt(9 * d);
    for (;;) {
        double x, v;
        do {
            x = drawNormal();
            v = 1 + c * x;
        } while (v <= 0);
        v = v * v * v;
        const double u = drawUniform();
        if (u < 1 - 0.0331 * x * x * x * x || std::log(u) < 0.5 * x * x + d * (1 - v + std::log(v)))
            return d * v;
    }
}

double AgentPerformanceModel::drawBeta(double a, double b)
{
    const double x = drawGamma(a), y = drawGamma(b);
    return x / (x + y);
}

std::vector<Recommendation> AgentPerformanceModel::predictBestAgent(
    const QString &taskType, const QJsonObject &context, int topK)
{
    if (topK < 1)
        throw Error(ErrorKind::Usage, QStringLiteral("top_k must be >= 1, not %1").arg(topK));
    const std::map<QString, Arm> *tasks = taskArms(taskType);
    const std::map<QString, Arm> *contexts = contextArms(taskType, contextBucket(context));
    const std::map<QString, Arm> &candidates = tasks ? *tasks : m_agents;

    std::vector<Recommendation> out;
    out.reserve(candidates.size());
    for (const auto &entry : candidates) {
        const Level level = levelFor(entry.first, tasks, contexts);
        const double s = level.arm ? level.arm->successes : 0, f = level.arm ? level.arm->failures : 0;
        Recommendation r;
        r.agentName = entry.first;
        r.score = drawBeta(s + 1, f + 1);
        r.level = QLatin1String(level.name);
        r.posteriorMean = (s + 1) / (s + f + 2);
        out.push_back(std::move(r));
    }
    // Candidates come sorted by name, so a stable sort breaks ties by name.
    std::stable_sort(out.begin(), out.end(),
        [](const Recommendation &x, const Recommendation &y) { return x.score > y.score; });
    if (out.size() > size_t(topK))
        out.resize(size_t(topK));
    for (size_t i = 0; i < out.size(); ++i)
        out[i].rank = int(i) + 1;
    return out;
}

void AgentPerformanceModel::apply(const OutcomeEvent &e)
{
    const QString bucket = contextBucket(e.context);

    // Score the model on this event before it learns from it (prequential evaluation).
    const Level level = levelFor(e.agentName, taskArms(e.taskType), contextArms(e.taskType, bucket));
    const double error = posteriorMean(level.arm) - (e.success ? 1.0 : 0.0);
    m_brier.add(error * error, m_config.windowSize, 1.0);

    observe(m_agents[e.agentName], e, m_config);
    observe(m_tasks[e.taskType][e.agentName], e, m_config);
    if (!bucket.isEmpty())
        observe(m_contexts[e.taskType][bucket][e.agentName], e, m_config);
    ++m_samples;
}

void AgentPerformanceModel::update(const OutcomeEvent &e)
{
    apply(e);
}

double AgentPerformanceModel::modelScore() const
{
    return 1 - m_brier.mean();
}

void AgentPerformanceModel::applyBatch(const std::vector<OutcomeEvent> &batch)
{
    QElapsedTimer timer;
    timer.start();
    const double before = modelScore();
    for (const OutcomeEvent &e : batch)
        apply(e);
    const double after = modelScore();
    m_improvementRate = std::isnan(before) || before == 0 ? kNaN : (after - before) / before;
    m_batchTimeMs += double(timer.nsecsElapsed()) / 1e6;
    ++m_batches;
}

void AgentPerformanceModel::recordFailedUpdate()
{
    ++m_failedBatches;
}

std::vector<AgentPerformance> AgentPerformanceModel::agentPerformance() const
{
    return performances(m_agents);
}

std::vector<AgentPerformance> AgentPerformanceModel::taskPerformance(const QString &taskType) const
{
    const std::map<QString, Arm> *arms = taskArms(taskType);
    return arms ? performances(*arms) : std::vector<AgentPerformance>();
}

std::vector<AgentPerformance> AgentPerformanceModel::contextPerformance(
    const QString &taskType, const QJsonObject &context) const
{
    const std::map<QString, Arm> *arms = contextArms(taskType, contextBucket(context));
    return arms ? performances(*arms) : std::vector<AgentPerformance>();
}

QStringList AgentPerformanceModel::taskTypes() const
{
    QStringList out;
    for (const auto &entry : m_tasks)
        out << entry.first;
    return out;
}

LearningMetrics AgentPerformanceModel::metrics() const
{
    LearningMetrics m;
    m.successfulUpdates = m_batches;
    m.failedUpdates = m_failedBatches;
    m.totalUpdates = m_batches + m_failedBatches;
    m.avgUpdateTimeMs = m_batches > 0 ? m_batchTimeMs / double(m_batches) : 0.0;
    m.samplesProcessed = m_samples;
    m.currentModelScore = modelScore();
    m.improvementRate = m_improvementRate;
    return m;
}

QJsonObject AgentPerformanceModel::saveState() const
{
    std::ostringstream rng;
    rng << m_rng;

    QJsonObject tasks;
    for (const auto &[task, arms] : m_tasks)
        tasks.insert(task, armsJson(arms));
    QJsonObject contexts;
    for (auto task = m_contexts.cbegin(); task != m_contexts.cend(); ++task) {
        QJsonObject buckets;
        for (auto bucket = task->cbegin(); bucket != task->cend(); ++bucket)
            buckets.insert(bucket.key(), armsJson(*bucket));
        contexts.insert(task.key(), buckets);
    }
    const QJsonObject config{{QStringLiteral("discount"), m_config.discount},
        {QStringLiteral("window_size"), m_config.windowSize},
        {QStringLiteral("ema_alpha"), m_config.emaAlpha},
        {QStringLiteral("min_context_observations"), m_config.minContextObservations},
        {QStringLiteral("context_keys"), QJsonArray::fromStringList(m_config.contextKeys)},
        // As a string: a JSON number (a double) cannot hold every 64-bit seed.
        {QStringLiteral("seed"), QString::number(m_config.seed)}};
    const QJsonObject counters{{QStringLiteral("samples"), m_samples}, {QStringLiteral("batches"), m_batches},
        {QStringLiteral("failed_batches"), m_failedBatches}, {QStringLiteral("batch_time_ms"), m_batchTimeMs},
        {QStringLiteral("improvement_rate"), number(m_improvementRate)}};
    return {{QStringLiteral("format"), kStateFormat}, {QStringLiteral("version"), kStateVersion},
        {QStringLiteral("config"), config}, {QStringLiteral("rng"), QString::fromStdString(rng.str())},
        {QStringLiteral("agents"), armsJson(m_agents)}, {QStringLiteral("tasks"), tasks},
        {QStringLiteral("contexts"), contexts}, {QStringLiteral("score_errors"), seriesJson(m_brier)},
        {QStringLiteral("metrics"), counters}};
}

AgentPerformanceModel AgentPerformanceModel::fromState(const QJsonObject &state)
{
    using R = StateReader;
    const QString root = QStringLiteral("state");
    if (state.value(QStringLiteral("format")).toString() != kStateFormat)
        R::fail(QStringLiteral("format"), QStringLiteral("must be \"%1\"").arg(kStateFormat));
    const QJsonValue version = state.value(QStringLiteral("version"));
    if (!version.isDouble() || version.toDouble() != kStateVersion)
        R::fail(QStringLiteral("version"),
            QStringLiteral("must be %1 (a newer Loopkeeper may have written it)").arg(kStateVersion));

    const QJsonObject c = R::object(state, QStringLiteral("config"), root);
    const QString cp = root + QStringLiteral(".config");
    ModelConfig config;
    config.discount = R::real(c, QStringLiteral("discount"), cp);
    config.windowSize = int(R::count(c, QStringLiteral("window_size"), cp));
    config.emaAlpha = R::real(c, QStringLiteral("ema_alpha"), cp);
    config.minContextObservations = int(R::count(c, QStringLiteral("min_context_observations"), cp));
    const QJsonValue keys = R::required(c, QStringLiteral("context_keys"), cp);
    if (!keys.isArray())
        R::fail(cp + QStringLiteral(".context_keys"), QStringLiteral("must be an array of strings"));
    config.contextKeys.clear();
    for (const QJsonValue &k : keys.toArray()) {
        if (!k.isString())
            R::fail(cp + QStringLiteral(".context_keys"), QStringLiteral("must be an array of strings"));
        config.contextKeys << k.toString();
    }
    bool ok = false;
    config.seed = R::required(c, QStringLiteral("seed"), cp).toString().toULongLong(&ok);
    if (!ok)
        R::fail(cp + QStringLiteral(".seed"),
            QStringLiteral("must be a decimal string of an unsigned 64-bit integer"));
    try {
        validate(config);
    } catch (const Error &e) {
        R::fail(cp, e.message());
    }

    AgentPerformanceModel model(config);
    std::istringstream rng(R::required(state, QStringLiteral("rng"), root).toString().toStdString());
    rng >> model.m_rng;
    if (rng.fail())
        R::fail(root + QStringLiteral(".rng"), QStringLiteral("is not a mt19937_64 state"));

    const int w = config.windowSize;
    model.m_agents =
        R::arms(R::object(state, QStringLiteral("agents"), root), root + QStringLiteral(".agents"), w);
    const QJsonObject tasks = R::object(state, QStringLiteral("tasks"), root);
    for (auto it = tasks.begin(); it != tasks.end(); ++it) {
        const QString path = root + QStringLiteral(".tasks.") + it.key();
        model.m_tasks.emplace(it.key(), R::arms(R::object(it.value(), path), path, w));
    }
    const QJsonObject contexts = R::object(state, QStringLiteral("contexts"), root);
    for (auto task = contexts.begin(); task != contexts.end(); ++task) {
        const QString taskPath = root + QStringLiteral(".contexts.") + task.key();
        const QJsonObject buckets = R::object(task.value(), taskPath);
        for (auto bucket = buckets.begin(); bucket != buckets.end(); ++bucket) {
            const QString path = taskPath + QLatin1Char('.') + bucket.key();
            model.m_contexts[task.key()][bucket.key()] = R::arms(R::object(bucket.value(), path), path, w);
        }
    }
    model.m_brier = R::series(
        R::object(state, QStringLiteral("score_errors"), root), root + QStringLiteral(".score_errors"), w);

    const QJsonObject m = R::object(state, QStringLiteral("metrics"), root);
    const QString mp = root + QStringLiteral(".metrics");
    model.m_samples = R::count(m, QStringLiteral("samples"), mp);
    model.m_batches = R::count(m, QStringLiteral("batches"), mp);
    model.m_failedBatches = R::count(m, QStringLiteral("failed_batches"), mp);
    model.m_batchTimeMs = R::real(m, QStringLiteral("batch_time_ms"), mp);
    model.m_improvementRate = R::real(m, QStringLiteral("improvement_rate"), mp, true);
    return model;
}

} // namespace lk::bandit
