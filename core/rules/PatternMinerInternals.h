#pragma once

// Internal to the pattern miner (PatternMiner.cpp, PatternMinerPatterns.cpp): keys and tallies
// of the passes over a batch, the wording helpers, and the Miner that turns an audit batch
// into patterns. The patterns' builders are in PatternMinerPatterns.cpp.

#include "core/rules/PatternMiner.h"

#include <QJsonArray>
#include <QSet>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <unordered_map>

namespace lk::rules::mining {

// ---- small tools ------------------------------------------------------------------------------

inline quint64 mix(quint64 x)
{
    // splitmix64's finalizer: ids are small and dense, so they need spreading before masking.
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ull;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebull;
    x ^= x >> 31;
    return x;
}

/// Up to four interned ids (unused ones 0).
struct Key
{
    quint32 a = 0, b = 0, c = 0, d = 0;

    bool operator==(const Key &o) const { return a == o.a && b == o.b && c == o.c && d == o.d; }
};

struct KeyHash
{
    size_t operator()(const Key &k) const
    {
        return size_t(mix((quint64(k.a) << 32 | k.b) ^ mix(quint64(k.c) << 32 | k.d)));
    }
};

template<class V>
using KeyMap = std::unordered_map<Key, V, KeyHash>;

/// Occurrences and the distinct runs they fell in (tasks arrive run by run, so a run is new when
/// it differs from the last one), keeping the first runs as a sample for the evidence.
struct RunTally
{
    qint64 occurrences = 0;
    qint64 runs = 0;
    qint64 lastRun = -1;
    std::vector<quint32> sample;

    void add(quint32 run, int maxSample)
    {
        ++occurrences;
        if (qint64(run) != lastRun) {
            lastRun = run;
            ++runs;
            if (int(sample.size()) < maxSample)
                sample.push_back(run);
        }
    }
};

inline QString plural(qint64 n, const QString &one, const QString &many)
{
    return QStringLiteral("%1 %2").arg(n).arg(n == 1 ? one : many);
}

inline QString oneDecimal(double x)
{
    return QString::number(x, 'f', 1);
}

inline QString durationText(double ms)
{
    if (ms < 1000)
        return QStringLiteral("%1 ms").arg(qRound64(ms));
    if (ms < 60'000)
        return QStringLiteral("%1 s").arg(oneDecimal(ms / 1000));
    if (ms < 3'600'000)
        return QStringLiteral("%1 min").arg(oneDecimal(ms / 60'000));
    return QStringLiteral("%1 h").arg(oneDecimal(ms / 3'600'000));
}

inline QString sizeText(double bytes)
{
    if (bytes >= 1e9)
        return QStringLiteral("%1 GB").arg(oneDecimal(bytes / 1e9));
    if (bytes >= 1e6)
        return QStringLiteral("%1 MB").arg(oneDecimal(bytes / 1e6));
    if (bytes >= 1e3)
        return QStringLiteral("%1 kB").arg(oneDecimal(bytes / 1e3));
    return QStringLiteral("%1 bytes").arg(qRound64(bytes));
}

inline QString percentText(double share)
{
    const double p = share * 100.0;
    return p < 10 ? QStringLiteral("%1 %").arg(oneDecimal(p)) : QStringLiteral("%1 %").arg(qRound(p));
}

/// "an audio_extraction", "a transcription": names read as nouns in the rule text.
inline QString withArticle(const QString &name)
{
    const QChar first = name.isEmpty() ? QChar() : name.at(0).toLower();
    const bool vowel = first == QLatin1Char('a') || first == QLatin1Char('e') || first == QLatin1Char('i')
        || first == QLatin1Char('o') || first == QLatin1Char('u');
    return (vowel ? QStringLiteral("an ") : QStringLiteral("a ")) + name;
}

inline QString onDomain(const QString &domain)
{
    return domain.isEmpty() ? QString() : QStringLiteral(" on ") + domain;
}

/// "; 36 retries and 6.0 min of task time were spent on them (cost 1.20)".
inline QString spentText(const Impact &i)
{
    QString s;
    if (i.wastedRetries > 0 && i.wastedMs > 0)
        s = QStringLiteral("; %1 and %2 of task time were spent on them")
                .arg(plural(i.wastedRetries, QStringLiteral("retry"), QStringLiteral("retries")),
                    durationText(i.wastedMs));
    else if (i.wastedRetries > 0)
        s = QStringLiteral("; %1 were spent on them")
                .arg(plural(i.wastedRetries, QStringLiteral("retry"), QStringLiteral("retries")));
    else if (i.wastedMs > 0)
        s = QStringLiteral("; %1 of task time was spent on them").arg(durationText(i.wastedMs));
    if (i.wastedCost > 0)
        s += QStringLiteral(" (cost %1)").arg(QString::number(i.wastedCost, 'f', 2));
    return s;
}

/// An upper bound on P(X <= k) for X ~ Binomial(n, p) with k/n < p: exp(-n * KL(k/n || p))
/// (the Chernoff-Hoeffding bound); exact, (1 - p)^n, when k = 0. 1 when k/n >= p.
inline double lowerTailBound(qint64 k, qint64 n, double p)
{
    if (n <= 0)
        return 1.0;
    const double q = double(k) / double(n);
    if (q >= p)
        return 1.0;
    if (p >= 1.0)
        return 0.0; // failing always without the step, and not always with it
    const auto term = [](double a, double b) { return a <= 0 ? 0.0 : a * std::log(a / b); };
    const double kl = term(q, p) + term(1.0 - q, 1.0 - p);
    return std::exp(-double(n) * kl);
}

/// A pattern before it becomes a rule.
struct Pattern
{
    QString kind;
    QStringList keyParts;
    QStringList subjectParts;
    QString stance;
    QString targetAgent;
    QString trigger;
    QString instruction;
    QString rationale;
    Evidence evidence;
};

// ---- the miner --------------------------------------------------------------------------------

class Miner
{
public:
    Miner(const AuditBatch &batch, const MiningConfig &config)
        : m_batch(batch)
        , m_config(config)
    { }

    std::vector<Pattern> run(MiningResult &result)
    {
        countPlans();
        chooseMissingSteps();
        chooseFilters();
        attribute(result);
        std::vector<Pattern> patterns;
        failurePatterns(patterns);
        missingStepPatterns(patterns);
        redundantPatterns(patterns);
        largeInputPatterns(patterns);
        reasoningPatterns(patterns);
        return patterns;
    }

private:
    QString text(quint32 id) const { return m_batch.text(id); }

    QStringList runIds(const std::vector<quint32> &sample) const
    {
        QStringList ids;
        for (const quint32 r : sample)
            ids << m_batch.runId(m_batch.runs[r]);
        return ids;
    }

    Evidence evidenceOf(const RunTally &tally, const Impact &impact) const
    {
        Evidence e;
        e.occurrences = tally.occurrences;
        e.runs = tally.runs;
        e.runIds = runIds(tally.sample);
        e.impact = impact;
        return e;
    }

    /// The distinct capabilities of a task's direct dependencies, in m_depCaps.
    void dependencyCapabilities(const TaskRecord &t)
    {
        m_depCaps.clear();
        for (quint32 i = 0; i < t.dependencyCount; ++i) {
            const quint32 cap = m_batch.tasks[m_batch.dependencies[t.firstDependency + i]].capability;
            if (std::find(m_depCaps.begin(), m_depCaps.end(), cap) == m_depCaps.end())
                m_depCaps.push_back(cap);
        }
    }

    bool dependsOnCapability(const TaskRecord &t, quint32 capability) const
    {
        for (quint32 i = 0; i < t.dependencyCount; ++i)
            if (m_batch.tasks[m_batch.dependencies[t.firstDependency + i]].capability == capability)
                return true;
        return false;
    }

    // ---- pass 1: what plans looked like -------------------------------------------------------

    struct PairCount
    {
        qint64 tasks = 0;
        qint64 failures = 0;
    };
    struct FilterCount
    {
        qint64 tasks = 0;
        double ratioSum = 0; ///< output share the filter left, summed
    };

    /// Per capability: tasks and failures by error code, with and without each capability among
    /// the direct dependencies (for missing_step); and filter steps that cut a large input before
    /// it (for unfiltered_large_input). Skipped tasks did not run and count nowhere.
    void countPlans()
    {
        m_capTasks.assign(m_batch.strings.size(), 0);
        for (quint32 r = 0; r < m_batch.runs.size(); ++r) {
            const RunRecord &run = m_batch.runs[r];
            for (quint32 i = run.firstTask; i < run.firstTask + run.taskCount; ++i) {
                const TaskRecord &t = m_batch.tasks[i];
                if (t.status == TaskStatus::Skipped)
                    continue;
                const bool failed = t.status == TaskStatus::Failed;
                ++m_capTasks[t.capability];
                if (failed)
                    ++m_capErrorFailures[Key{t.capability, t.errorCode}];
                if (t.dependencyCount == 0)
                    continue;
                dependencyCapabilities(t);
                for (const quint32 p : m_depCaps) {
                    PairCount &pc = m_pairs[Key{t.capability, p}];
                    ++pc.tasks;
                    if (failed) {
                        ++pc.failures;
                        ++m_pairErrorFailures[Key{t.capability, p, t.errorCode}];
                    }
                }
                if (failed || t.inputSizeBytes < 0)
                    continue;
                for (quint32 k = 0; k < t.dependencyCount; ++k) {
                    const TaskRecord &d = m_batch.tasks[m_batch.dependencies[t.firstDependency + k]];
                    if (d.status != TaskStatus::Success || d.inputSizeBytes < m_config.largeInputBytes)
                        continue;
                    const double ratio = double(t.inputSizeBytes) / double(d.inputSizeBytes);
                    if (ratio <= m_config.maxUsedFraction) {
                        FilterCount &f = m_filters[Key{run.category, t.capability, d.capability}];
                        ++f.tasks;
                        f.ratioSum += ratio;
                    }
                }
            }
        }
    }

    /// Heuristic missing_step. For every capability C, error code e that C failed with, and
    /// capability P that directly preceded C in some plans, compare the rate of e among C's tasks
    /// without a P before them (r0) and with one (r1). P is a preparatory step that plans missed
    /// ("transcribe without extracting audio first") if
    ///   - at least minStepSupport tasks of C succeeded after a P (there is a working recipe),
    ///   - r1 <= (1 - minStepReduction) * r0 (the step removes the error, not just dents it), and
    ///   - the tasks with P did not fail that seldom by luck: if P were irrelevant, their failures
    ///     would be Binomial(n1, r0); the chance of seeing no more than the observed ones is
    ///     bounded by exp(-n1 * KL(f1/n1 || r0)) (Chernoff; exact when none failed) and must be
    ///     at most maxStepChance.
    /// The rates compare all tasks of C, so tasks of C that never need P (already audio) dilute
    /// r0 and make the test more cautious, never less. Of several such P the one least likely to
    /// be luck wins (then the most support, then the name). The failures of C with e and without
    /// P are then attributed to the missing step, not to C.
    void chooseMissingSteps()
    {
        std::map<quint32, std::vector<quint32>> predecessors; // ordered: deterministic choice
        for (const auto &[key, count] : m_pairs)
            predecessors[key.a].push_back(key.b);
        for (auto &[c, ps] : predecessors)
            std::sort(ps.begin(), ps.end());

        for (const auto &[ce, failuresCE] : m_capErrorFailures) {
            const auto preds = predecessors.find(ce.a);
            if (preds == predecessors.end())
                continue;
            const qint64 tasksC = m_capTasks[ce.a];
            quint32 best = 0;
            double bestChance = 2;
            qint64 bestSupport = 0;
            for (const quint32 p : preds->second) {
                const PairCount &pc = m_pairs.at(Key{ce.a, p});
                const qint64 support = pc.tasks - pc.failures;
                if (support < m_config.minStepSupport)
                    continue;
                const auto withIt = m_pairErrorFailures.find(Key{ce.a, p, ce.b});
                const qint64 failuresWith = withIt == m_pairErrorFailures.end() ? 0 : withIt->second;
                const qint64 tasksWithout = tasksC - pc.tasks;
                const qint64 failuresWithout = failuresCE - failuresWith;
                if (tasksWithout <= 0 || failuresWithout <= 0)
                    continue;
                const double r0 = double(failuresWithout) / double(tasksWithout);
                const double r1 = double(failuresWith) / double(pc.tasks);
                if (r1 > (1.0 - m_config.minStepReduction) * r0)
                    continue;
                const double chance = lowerTailBound(failuresWith, pc.tasks, r0);
                if (chance > m_config.maxStepChance)
                    continue;
                const bool better = best == 0 || chance < bestChance - 1e-12
                    || (std::fabs(chance - bestChance) <= 1e-12
                        && (support > bestSupport || (support == bestSupport && text(p) < text(best))));
                if (better) {
                    best = p;
                    bestChance = chance;
                    bestSupport = support;
                }
            }
            if (best != 0)
                m_stepFor[ce] = best;
        }
    }

    /// For unfiltered_large_input: the filter step seen most often cutting a large input down
    /// before each capability, per request category (ties by name).
    void chooseFilters()
    {
        for (const auto &[key, count] : m_filters) {
            const Key group{key.a, key.b};
            const auto it = m_bestFilter.find(group);
            if (it == m_bestFilter.end()) {
                m_bestFilter[group] = key.c;
                continue;
            }
            const FilterCount &current = m_filters.at(Key{key.a, key.b, it->second});
            if (count.tasks > current.tasks
                || (count.tasks == current.tasks && text(key.c) < text(it->second)))
                it->second = key.c;
        }
    }

    // ---- pass 2: attribute every task to the patterns it shows ----------------------------------

    struct FailureGroup
    {
        RunTally failed;
        Impact impact;
        qint64 retried = 0; ///< failures that had retries
        qint64 exhausted = 0; ///< failures whose retries reached max_retries
        qint32 budgetMin = std::numeric_limits<qint32>::max(), budgetMax = -1;
        qint64 unretried = 0; ///< failures given no retry at all
        double unretriedMs = 0;
        quint32 sampleMessage = 0;
        RunTally recovered; ///< successes after retrying this error
        qint64 recoveredRetries = 0;
        qint32 recoveredMaxRetries = 0;
    };
    struct StepGroup
    {
        RunTally failed;
        Impact impact;
        std::map<quint32, qint64> errors; ///< error code -> failures
    };
    struct RedundantGroup
    {
        RunTally duplicates;
        Impact impact;
    };
    struct LargeGroup
    {
        RunTally tasks;
        Impact impact;
        double inputSum = 0;
        double usedSum = 0; ///< of the tasks that reported used_fraction
        qint64 usedCount = 0;
        quint32 filter = 0;
    };

    void attribute(MiningResult &result)
    {
        const int maxSample = m_config.maxEvidenceRuns;
        for (quint32 r = 0; r < m_batch.runs.size(); ++r) {
            const RunRecord &run = m_batch.runs[r];
            m_identities.clear();
            for (quint32 i = run.firstTask; i < run.firstTask + run.taskCount; ++i) {
                const TaskRecord &t = m_batch.tasks[i];
                ++result.tasks;
                if (t.status == TaskStatus::Skipped)
                    continue;
                if (t.status == TaskStatus::Failed) {
                    ++result.failedTasks;
                    attributeFailure(t, r, maxSample);
                    continue;
                }
                // A success after retries that names the error it recovered from.
                if (t.retries > 0 && t.errorCode != 0) {
                    FailureGroup &g = m_failures[Key{t.agent, t.capability, t.domain, t.errorCode}];
                    g.recovered.add(r, maxSample);
                    g.recoveredRetries += t.retries;
                    g.recoveredMaxRetries = std::max(g.recoveredMaxRetries, t.retries);
                }
                if (t.inputSizeBytes >= m_config.largeInputBytes)
                    attributeLargeInput(t, run, r, maxSample);
                rememberIdentity(t, i);
            }
            if (m_identities.size() > 1)
                findRedundant(r, maxSample);
        }
        result.runs = qint64(m_batch.runs.size());
    }

    void attributeFailure(const TaskRecord &t, quint32 r, int maxSample)
    {
        const auto step = m_stepFor.find(Key{t.capability, t.errorCode});
        if (step != m_stepFor.end() && !dependsOnCapability(t, step->second)) {
            StepGroup &g = m_steps[Key{t.capability, step->second}];
            g.failed.add(r, maxSample);
            g.impact.failedOutcomes += 1;
            g.impact.wastedMs += t.durationMs;
            g.impact.wastedRetries += t.retries;
            g.impact.wastedCost += t.cost;
            ++g.errors[t.errorCode];
            return;
        }
        // Heuristic repeated_failure: failures grouped by who failed (agent), with what
        // (capability), where (domain) and how (error code). Everything spent on them was
        // wasted: their retries, their time, their cost.
        FailureGroup &g = m_failures[Key{t.agent, t.capability, t.domain, t.errorCode}];
        g.failed.add(r, maxSample);
        g.impact.wastedRetries += t.retries;
        g.impact.wastedMs += t.durationMs;
        g.impact.wastedCost += t.cost;
        if (t.retries > 0)
            ++g.retried;
        else {
            ++g.unretried;
            g.unretriedMs += t.durationMs;
        }
        if (t.maxRetries >= 0) {
            g.budgetMin = std::min(g.budgetMin, t.maxRetries);
            g.budgetMax = std::max(g.budgetMax, t.maxRetries);
            if (t.retries >= t.maxRetries && t.maxRetries > 0)
                ++g.exhausted;
        }
        if (g.sampleMessage == 0)
            g.sampleMessage = t.errorMessage;
    }

    /// Heuristic unfiltered_large_input. A successful task whose input is large
    /// (>= largeInputBytes) did work on data it did not need if it used at most maxUsedFraction
    /// of it (used_fraction, when the memory agent reports it), or, when that is not reported,
    /// if other runs of the same request category put a filter step before the same capability
    /// that cut such inputs to at most maxUsedFraction. Tasks that had that filter before them
    /// are not counted. The waste is estimated as the task's time (and cost) times the unused
    /// share: processing time roughly proportional to input size.
    void attributeLargeInput(const TaskRecord &t, const RunRecord &run, quint32 r, int maxSample)
    {
        const auto filterIt = m_bestFilter.find(Key{run.category, t.capability});
        const quint32 filter = filterIt == m_bestFilter.end() ? 0 : filterIt->second;
        if (filter != 0 && dependsOnCapability(t, filter))
            return;
        double used = 0;
        const bool reported = !std::isnan(t.usedFraction);
        if (reported) {
            if (t.usedFraction > m_config.maxUsedFraction)
                return;
            used = t.usedFraction;
        } else if (filter != 0) {
            const FilterCount &f = m_filters.at(Key{run.category, t.capability, filter});
            used = f.ratioSum / double(f.tasks);
        } else {
            return;
        }
        LargeGroup &g = m_large[Key{run.category, t.capability}];
        g.tasks.add(r, maxSample);
        g.impact.wastedMs += t.durationMs * (1.0 - used);
        g.impact.wastedCost += t.cost * (1.0 - used);
        g.inputSum += double(t.inputSizeBytes);
        if (reported) {
            g.usedSum += used;
            ++g.usedCount;
        }
        g.filter = filter;
    }

    struct Identity
    {
        quint32 capability;
        quint64 input;
        quint32 task;

        bool operator<(const Identity &o) const
        {
            return capability != o.capability ? capability < o.capability
                : input != o.input            ? input < o.input
                                              : task < o.task;
        }
    };

    /// What a successful task worked on: its input_ref when reported; otherwise its domain,
    /// input size and the very tasks it depends on (the same upstream output of the same size is
    /// taken to be the same input). Without either there is no telling, and no identity.
    void rememberIdentity(const TaskRecord &t, quint32 index)
    {
        quint64 id = 0;
        if (t.inputRef != 0) {
            id = t.inputRef;
        } else if (t.inputSizeBytes > 0) {
            quint64 deps = 0;
            for (quint32 k = 0; k < t.dependencyCount; ++k)
                deps += mix(m_batch.dependencies[t.firstDependency + k] + 1ull); // order-free
            id = mix(mix(t.domain + 1ull) ^ quint64(t.inputSizeBytes)) ^ deps;
        } else {
            return;
        }
        m_identities.push_back(Identity{t.capability, id, index});
    }

    /// Heuristic redundant_task: within one run, every successful task after the first with the
    /// same capability and the same input (rememberIdentity) repeated work already done; its
    /// time and cost were wasted.
    void findRedundant(quint32 r, int maxSample)
    {
        std::sort(m_identities.begin(), m_identities.end());
        for (size_t i = 1; i < m_identities.size(); ++i) {
            const Identity &a = m_identities[i - 1];
            const Identity &b = m_identities[i];
            if (a.capability != b.capability || a.input != b.input)
                continue;
            const TaskRecord &t = m_batch.tasks[b.task];
            RedundantGroup &g = m_redundant[Key{b.capability}];
            g.duplicates.add(r, maxSample);
            g.impact.wastedMs += t.durationMs;
            g.impact.wastedCost += t.cost;
        }
    }

    // ---- patterns -------------------------------------------------------------------------------

    /// What a failure group says, from the runs and/or the summary's error clusters.
    struct FailureFacts
    {
        QString agent, capability, domain, errorCode;
        qint64 failures = 0, runs = 0, retried = 0, exhausted = 0;
        qint32 budget = -1; ///< the retry budget when all failures had the same one
        QStringList runIds;
        Impact impact;
        QString sampleMessage;
        bool fromRuns = false, fromSummary = false;
    };

    void failurePatterns(std::vector<Pattern> &out);

    Pattern failurePattern(const FailureFacts &f) const;

    Pattern retryPattern(const QString &agent, const QString &cap, const QString &domain, const QString &err,
        const FailureGroup &g) const;

    void missingStepPatterns(std::vector<Pattern> &out) const;

    void redundantPatterns(std::vector<Pattern> &out) const;

    void largeInputPatterns(std::vector<Pattern> &out) const;

    /// Heuristic reasoning_failure: the memory agent flags recurring reasoning failures in its
    /// summary (the batch cannot show them: a bad synthesis still "succeeds"). Entries of the
    /// same agent, failure type, capability and domain are one pattern; its independent
    /// occurrences are the distinct runs named, or the flagged count when no runs are named. The
    /// memory agent's suggested instruction is used when it gives one (the scope guard reads it
    /// like any rule text), else one for the known failure types, else a generic one.
    void reasoningPatterns(std::vector<Pattern> &out) const;

    static QString reasoningInstruction(const ReasoningFailure &f);

    const AuditBatch &m_batch;
    const MiningConfig &m_config;

    std::vector<qint64> m_capTasks; ///< by capability id
    KeyMap<qint64> m_capErrorFailures; ///< (capability, error) -> failures
    KeyMap<PairCount> m_pairs; ///< (capability, predecessor capability)
    KeyMap<qint64> m_pairErrorFailures; ///< (capability, predecessor, error) -> failures
    KeyMap<FilterCount> m_filters; ///< (category, capability, filter capability)
    KeyMap<quint32> m_stepFor; ///< (capability, error) -> missing preparatory capability
    KeyMap<quint32> m_bestFilter; ///< (category, capability) -> filter capability

    KeyMap<FailureGroup> m_failures; ///< (agent, capability, domain, error)
    KeyMap<StepGroup> m_steps; ///< (capability, missing step)
    KeyMap<RedundantGroup> m_redundant; ///< (capability)
    KeyMap<LargeGroup> m_large; ///< (category, capability)

    std::vector<quint32> m_depCaps;
    std::vector<Identity> m_identities;
};

} // namespace lk::rules::mining
