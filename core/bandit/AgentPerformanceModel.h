#pragma once

// Agent selection as a Bernoulli multi-armed bandit with Thompson sampling
// (docs/agent-outcomes.md), learned online from outcome events.
//
// Posteriors. Every arm is Beta(successes + 1, failures + 1) (a uniform prior). There are
// three levels of arms: per agent; per (agent, task type); per (agent, task type, context bucket).
// A context bucket is the values of ModelConfig::contextKeys in the event's context, in that order
// ("complexity=high|domain=financial"; a missing key has an empty value); a context with none of
// the keys has no bucket, and only the two coarser levels learn from it. The counts are doubles so
// that forgetting works: before an observation is added to an arm, the arm's counts are multiplied
// by ModelConfig::discount (1 = no forgetting; 0.95 remembers about the last 20 observations of
// that arm). An arm not updated keeps its counts: what it last showed is still the best guess.
//
// Selection (predictBestAgent). Candidates are the agents seen for the task type, or all agents if
// none was. For each candidate the most specific level with at least minContextObservations
// (undiscounted) observations is used — context, else task type, else the agent overall, which is
// used even with fewer (with none it is the uniform prior). One draw per candidate from that Beta
// (ratio of two Gamma draws, Marsaglia–Tsang, from the model's own seeded mt19937_64, so that the
// sequence is the same on every platform and survives saveState/fromState); candidates are
// ranked by their draw (ties by name) and `score` is the draw.
//
// Latency and quality, per arm: the moving average over the last windowSize values (a window
// of 100) and the EMA new = alpha * x + (1 - alpha) * old, which
// starts at the first value. Both are NaN before the first reported value.
//
// Metrics (LearningMetrics, named as GET /api/learning/metrics names them):
//   samples_processed   events applied, by update() or applyBatch();
//   total_updates       applyBatch() calls plus recordFailedUpdate() calls (one micro-batch each);
//   successful_updates  applyBatch() calls; failed_updates recordFailedUpdate() calls;
//   avg_update_time_ms  mean wall time of applyBatch();
//   current_model_score 1 - mean Brier score over the last windowSize events, where each event's
//                       success is predicted, before the event is applied, by the posterior mean
//                       of that agent at the level selection would use for the event's task type
//                       and context; 1 is perfect, 0.75 is what a coin (p = 0.5) scores. NaN
//                       before the first event;
//   improvement_rate    (score after the latest batch - score before it) / score before it; NaN
//                       until a batch has been applied with a score before it.

#include "core/bandit/OutcomeEvent.h"

#include <QHash>
#include <QJsonObject>
#include <QStringList>

#include <deque>
#include <limits>
#include <map>
#include <random>
#include <vector>

namespace lk::bandit {

/// How the model learns.
struct ModelConfig
{
    double discount = 1.0; ///< per update of an arm, in (0, 1]; 1 = no forgetting
    int windowSize = 100; ///< moving-average and model-score window
    double emaAlpha = 0.1; ///< weight of the newest value in the EMA, in (0, 1]
    /// Ours: back off from a context bucket (or task type) with fewer observations, since a Beta
    /// from a handful of outcomes is mostly prior and the coarser level knows more.
    int minContextObservations = 5;
    QStringList contextKeys = {
        QStringLiteral("complexity"), QStringLiteral("domain")}; ///< docs/agent-outcomes.md's context keys
    quint64 seed = 42; ///< of the sampling generator
};

/// Throws lk::Error(Usage) naming the field if the config cannot be used.
void validate(const ModelConfig &config);

/// One ranked candidate of predictBestAgent().
struct Recommendation
{
    QString agentName;
    double score = 0; ///< the Thompson draw
    int rank = 0; ///< 1 = best
    QString level; ///< "context" | "task_type" | "agent": the posterior the draw came from
    double posteriorMean = 0; ///< of that posterior

    /// agent_name, score, rank, level, posterior_mean.
    QJsonObject toJson() const;
};

/// One arm's posterior and its latency/quality figures.
struct AgentPerformance
{
    QString agentName;
    double successRate = 0; ///< posterior mean (successes + 1) / (successes + failures + 2)
    double credibleLow = 0, credibleHigh = 1; ///< 95 % equal-tailed Beta interval
    double successes = 0, failures = 0; ///< the (discounted) counts behind the posterior
    double avgLatencyMs = 0, emaLatencyMs = 0, avgQuality = 0, emaQuality = 0; ///< NaN if none reported
    qint64 totalExecutions = 0;

    /// snake_case keys (agent_name, success_rate, avg_latency_ms, total_executions and the rest of
    /// docs/agent-outcomes.md); null for NaN.
    QJsonObject toJson() const;
};

/// The learning metrics (see the file comment for the definitions).
struct LearningMetrics
{
    qint64 totalUpdates = 0, successfulUpdates = 0, failedUpdates = 0;
    double avgUpdateTimeMs = 0;
    qint64 samplesProcessed = 0;
    double currentModelScore = 0, improvementRate = 0; ///< NaN while undefined

    /// snake_case keys (docs/rest.md, GET /api/learning/metrics); null for NaN.
    QJsonObject toJson() const;
    /// toJson() as compact JSON text, written directly: the learner records two per micro-batch.
    QByteArray toCompactJson() const;
    /// The alerts: failed/total > 0.05, improvement_rate < -0.1, avg_update_time_ms > 1000.
    QStringList alerts() const;
};

/// The model. Not thread-safe: one owner (the ingest side) serializes update and predict calls;
/// a copy or a saveState() is the way to hand it to another thread.
class AgentPerformanceModel
{
public:
    /// Throws lk::Error(Usage) for an invalid config.
    explicit AgentPerformanceModel(ModelConfig config = {});

    /// Learns from one event: O(1) amortized in the events seen (O(log n) in agents and task types).
    void update(const OutcomeEvent &e);
    /// Learns from one micro-batch: one timed "update" in the metrics.
    void applyBatch(const std::vector<OutcomeEvent> &batch);
    /// Counts a micro-batch that could not be applied.
    void recordFailedUpdate();

    /// Up to topK (>= 1, else lk::Error(Usage)) agents ranked by Thompson draws; empty if no agent
    /// has been seen. Advances the generator.
    std::vector<Recommendation> predictBestAgent(
        const QString &taskType, const QJsonObject &context, int topK);

    /// Per agent over all tasks, sorted by name.
    std::vector<AgentPerformance> agentPerformance() const;
    /// Per agent for one task type, sorted by name; empty for an unknown task type.
    std::vector<AgentPerformance> taskPerformance(const QString &taskType) const;
    /// Per agent for one task type and the context's bucket, sorted by name; empty if none.
    std::vector<AgentPerformance> contextPerformance(
        const QString &taskType, const QJsonObject &context) const;
    /// The task types seen, sorted.
    QStringList taskTypes() const;
    /// The bucket a context falls in (see the file comment); empty if it has none of the keys.
    QString contextBucket(const QJsonObject &context) const;

    /// The learning metrics now.
    LearningMetrics metrics() const;

    /// Everything, including windows and the generator's state, versioned; fromState() restores it.
    QJsonObject saveState() const;
    /// Restores a saveState(); throws lk::Error(Input) naming what is wrong with a bad state.
    static AgentPerformanceModel fromState(const QJsonObject &state);

    /// The configuration the model runs with.
    const ModelConfig &config() const;

    /// Moving average and EMA over a bounded window; public so that the state format can name it.
    struct Series
    {
        std::deque<double> window;
        double sum = 0;
        double ema = std::numeric_limits<double>::quiet_NaN();
        int popsSinceResum = 0;
        void add(double x, int windowSize, double alpha);
        double mean() const;
    };

    /// One Beta arm with its latency/quality series.
    struct Arm
    {
        double successes = 0, failures = 0;
        qint64 observations = 0;
        Series latency, quality;
    };

private:
    struct Level
    {
        const Arm *arm = nullptr;
        const char *name = "agent";
    };
    Level levelFor(const QString &agent, const std::map<QString, Arm> *taskArms,
        const std::map<QString, Arm> *contextArms) const;
    const std::map<QString, Arm> *taskArms(const QString &taskType) const;
    const std::map<QString, Arm> *contextArms(const QString &taskType, const QString &bucket) const;
    double drawBeta(double a, double b);
    double drawGamma(double shape);
    double drawNormal();
    double drawUniform();
    void apply(const OutcomeEvent &e);
    double modelScore() const;

    ModelConfig m_config;
    std::mt19937_64 m_rng;
    std::map<QString, Arm> m_agents;
    std::map<QString, std::map<QString, Arm>> m_tasks; // task type -> agent -> arm
    QHash<QString, QHash<QString, std::map<QString, Arm>>> m_contexts; // task -> bucket -> agent -> arm
    Series m_brier; // squared errors of the predictions behind current_model_score
    qint64 m_samples = 0, m_batches = 0, m_failedBatches = 0;
    double m_batchTimeMs = 0;
    double m_improvementRate = std::numeric_limits<double>::quiet_NaN();
};

} // namespace lk::bandit
