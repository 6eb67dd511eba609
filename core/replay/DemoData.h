#pragma once

// GENERATED DATA for the demo: made-up agents and made-up audits, not measurements of any real
// agent. `loopkeeper-cli demo-agents` (DemoAgents.h) sends what these functions make so that
// the console's Agents panel and Review queue have something to show while the demo runs.
//
// Everything is a pure function of a seed and an index: outcome event i and audit batch k are
// the same for the same seed whenever, and in whichever run, they are made (so a run that
// starts the schedule late with --from makes the same data as one that ran up to there).
// Every record says it was generated: agent names start with "demo-", each outcome event
// carries "source": "generated" (kept by the reader as an extra field), and batch, run and
// workflow ids start with "demo-generated".
//
// Outcome events. Five agents run three task types in a few contexts (complexity low/high,
// domain general/financial/legal). Each agent has its own success probability per task type
// (lowered for high complexity, by how much depends on the agent), its own latency (log-normal
// around a median, slower when complex, slower still when it fails), tokens and price per
// token, and a quality score. At the regime switch two things change: demo-react, the best
// agent for "analysis", degrades (success 0.92 -> 0.35, latency x2.5: think of a model update
// gone wrong), and demo-scout, a cheap agent, becomes the best at "summarization"
// (0.68 -> 0.93). So the posterior of both visibly moves and the recommendation for both task
// types changes.
//
// Audit batches (schemas/audit_batch.schema.json). Each batch holds `runs` workflow runs of a
// video/podcast/research pipeline; into them go failures with recurring patterns of varied
// strength, chosen so that `rules mine` proposes rules of every confidence band batch after
// batch and reinforces the ones it proposed before:
//   - a strong pattern in 6-9 runs of every batch (a high-confidence proposal at once),
//   - a medium one in 2-4 runs of every batch (medium, then high as batches reinforce it),
//   - a transient error that retries fix (retry_pays_off, for the dispatch agent), which in
//     every fourth batch fails in vain instead (a conflicting proposal for a human),
//   - a reasoning failure flagged in the summary in 2-3 runs of every batch,
//   - occasional single failures (low confidence, medium once they recur), and
//   - two fresh failure patterns per batch from a pool of a few hundred, in 1-3 runs each
//     (new low and medium proposals), half of which recur in the next batch.

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <cstdint>

namespace lk::replay::demo {

/// The value of every generated outcome event's "source" field.
inline const QString kGeneratedSource = QStringLiteral("generated");
/// The prefix of every generated agent name.
inline const QString kAgentPrefix = QStringLiteral("demo-");
/// The prefix of every generated batch, run and workflow id.
inline const QString kIdPrefix = QStringLiteral("demo-generated");

/// A small, fast generator (splitmix64) seeded per record, with the few distributions needed.
class Rng
{
public:
    explicit Rng(std::uint64_t seed);
    /// Seeded by a seed and up to two indices, so that record i of stream s is independent of
    /// every other record.
    Rng(std::uint64_t seed, std::uint64_t stream, std::uint64_t index);

    std::uint64_t next();
    /// Uniform in [0, 1).
    double uniform();
    /// Uniform integer in [low, high].
    int between(int low, int high);
    /// True with probability p.
    bool chance(double p) { return uniform() < p; }
    /// Standard normal (Box-Muller).
    double normal();
    /// exp(N(log(median), sigma)).
    double logNormal(double median, double sigma);

private:
    std::uint64_t m_state;
};

/// The agents, task types and context values the outcome events use.
QStringList agentNames();
QStringList taskTypes();

/// The agent with the highest expected success for `taskType` (no context: complexity and domain
/// mixed as the events mix them) before or after the regime switch; what a posterior that has
/// seen enough events ranks first. Empty for an unknown task type.
QString expectedBestAgent(const QString &taskType, bool afterSwitch);

/// Outcome event `index` of the stream seeded by `seed`, in the outcome event's shape (event_id,
/// agent_name, task_type, context, success, latency_ms, quality_score, cost, tokens, timestamp)
/// plus "source": "generated". `runTag` makes the event ids of one run unique; `afterSwitch`
/// selects the regime; `timestamp` is when it happened.
QJsonObject outcomeEvent(std::uint64_t seed, std::uint64_t index, const QString &runTag, bool afterSwitch,
    const QDateTime &timestamp);

/// Audit batch `index` of the stream seeded by `seed`, with `runs` runs (at least 12, so that
/// every pattern fits), valid against schemas/audit_batch.schema.json. `runTag` makes its batch
/// and run ids unique; `when` dates the runs (in the minutes before it).
QJsonObject auditBatch(
    std::uint64_t seed, std::uint64_t index, int runs, const QString &runTag, const QDateTime &when);

/// The smallest `runs` auditBatch() accepts.
constexpr int kMinRunsPerBatch = 12;

} // namespace lk::replay::demo
