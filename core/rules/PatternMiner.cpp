#include "core/rules/PatternMiner.h"

#include "core/common/Error.h"

#include <QJsonArray>
#include <QSet>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <unordered_map>

namespace lk::rules {

namespace {

// ---- small tools ------------------------------------------------------------------------------

quint64 mix(quint64 x)
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

QString plural(qint64 n, const QString &one, const QString &many)
{
    return QStringLiteral("%1 %2").arg(n).arg(n == 1 ? one : many);
}

QString oneDecimal(double x)
{
    return QString::number(x, 'f', 1);
}

QString durationText(double ms)
{
    if (ms < 1000)
        return QStringLiteral("%1 ms").arg(qRound64(ms));
    if (ms < 60'000)
        return QStringLiteral("%1 s").arg(oneDecimal(ms / 1000));
    if (ms < 3'600'000)
        return QStringLiteral("%1 min").arg(oneDecimal(ms / 60'000));
    return QStringLiteral("%1 h").arg(oneDecimal(ms / 3'600'000));
}

QString sizeText(double bytes)
{
    if (bytes >= 1e9)
        return QStringLiteral("%1 GB").arg(oneDecimal(bytes / 1e9));
    if (bytes >= 1e6)
        return QStringLiteral("%1 MB").arg(oneDecimal(bytes / 1e6));
    if (bytes >= 1e3)
        return QStringLiteral("%1 kB").arg(oneDecimal(bytes / 1e3));
    return QStringLiteral("%1 bytes").arg(qRound64(bytes));
}

QString percentText(double share)
{
    const double p = share * 100.0;
    return p < 10 ? QStringLiteral("%1 %").arg(oneDecimal(p)) : QStringLiteral("%1 %").arg(qRound(p));
}

/// "an audio_extraction", "a transcription": names read as nouns in the rule text.
QString withArticle(const QString &name)
{
    const QChar first = name.isEmpty() ? QChar() : name.at(0).toLower();
    const bool vowel = first == QLatin1Char('a') || first == QLatin1Char('e') || first == QLatin1Char('i')
        || first == QLatin1Char('o') || first == QLatin1Char('u');
    return (vowel ? QStringLiteral("an ") : QStringLiteral("a ")) + name;
}

QString onDomain(const QString &domain)
{
    return domain.isEmpty() ? QString() : QStringLiteral(" on ") + domain;
}

/// "; 36 retries and 6.0 min of task time were spent on them (cost 1.20)".
QString spentText(const Impact &i)
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
double lowerTailBound(qint64 k, qint64 n, double p)
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

    void failurePatterns(std::vector<Pattern> &out)
    {
        std::map<QString, FailureFacts> facts; // by key: clusters merge into the runs' groups
        QSet<QString> retryKeys;
        for (const auto &[k, g] : m_failures) {
            const QString agent = text(k.a), cap = text(k.b), domain = text(k.c), err = text(k.d);
            const QString key = patternKey(QStringLiteral("repeated_failure"), {agent, cap, domain, err});
            // Heuristic retry_pays_off: the same group, where at least retryPaysOffShare of the
            // tasks that were retried succeeded in the end. Then the error is transient and the
            // dispatcher should retry (with backoff) rather than give up: the failures that were
            // never retried are what this rule would save.
            const qint64 recovered = g.recovered.occurrences;
            if (recovered > 0
                && double(recovered) >= m_config.retryPaysOffShare * double(recovered + g.retried)) {
                retryKeys.insert(key);
                out.push_back(retryPattern(agent, cap, domain, err, g));
                continue;
            }
            if (g.failed.occurrences == 0)
                continue;
            FailureFacts &f = facts[key];
            f.agent = agent;
            f.capability = cap;
            f.domain = domain;
            f.errorCode = err;
            f.failures = g.failed.occurrences;
            f.runs = g.failed.runs;
            f.retried = g.retried;
            f.exhausted = g.exhausted;
            f.budget = g.budgetMax >= 0 && g.budgetMin == g.budgetMax ? g.budgetMax : -1;
            f.runIds = runIds(g.failed.sample);
            f.impact = g.impact;
            f.sampleMessage = g.sampleMessage ? text(g.sampleMessage) : QString();
            f.fromRuns = true;
        }
        // The memory agent's error clusters summarize the same kind of group. Where the runs
        // show the group too, the larger figures stand (the summary may cover runs the batch
        // does not carry); a cluster of a group where retrying pays is left to the runs' finer
        // data; other clusters stand on their own. A cluster without run ids counts each
        // failure as its own run.
        for (const ErrorCluster &c : m_batch.summary.errorClusters) {
            const QString key = patternKey(
                QStringLiteral("repeated_failure"), {c.agent, c.capability, c.domain, c.errorCode});
            if (retryKeys.contains(key))
                continue;
            FailureFacts &f = facts[key];
            f.agent = c.agent;
            f.capability = c.capability;
            f.domain = c.domain;
            f.errorCode = c.errorCode;
            f.failures = std::max(f.failures, c.count);
            QStringList ids = f.runIds;
            for (const QString &id : c.runIds)
                if (!ids.contains(id) && ids.size() < m_config.maxEvidenceRuns)
                    ids << id;
            f.runIds = ids;
            const qint64 clusterRuns =
                c.runIds.isEmpty() ? c.count : qint64(QSet<QString>(c.runIds.begin(), c.runIds.end()).size());
            f.runs = std::max(f.runs, clusterRuns);
            f.retried = std::max(f.retried, c.retries > 0 ? qint64(1) : qint64(0));
            f.impact.wastedRetries = std::max(f.impact.wastedRetries, c.retries);
            f.impact.wastedMs = std::max(f.impact.wastedMs, c.durationMs);
            f.impact.wastedCost = std::max(f.impact.wastedCost, c.cost);
            f.fromSummary = true;
        }
        for (const auto &[key, f] : facts)
            out.push_back(failurePattern(f));
    }

    Pattern failurePattern(const FailureFacts &f) const
    {
        const QString where = f.capability + onDomain(f.domain);
        Pattern p;
        p.kind = QStringLiteral("repeated_failure");
        p.keyParts = {f.agent, f.capability, f.domain, f.errorCode};
        p.subjectParts = {QStringLiteral("retry"), f.agent, f.capability, f.domain, f.errorCode};
        p.stance = QStringLiteral("no_retry");
        p.targetAgent = f.agent;
        const QString err = f.errorCode.isEmpty() ? QStringLiteral("an error without a code") : f.errorCode;
        p.trigger = f.errorCode.isEmpty()
            ? QStringLiteral("When running %1 and it fails without an error code").arg(where)
            : QStringLiteral("When running %1 and receiving %2").arg(where, err);
        const QString report = f.errorCode.isEmpty()
            ? QStringLiteral("report the task as 'failed' and set 'recoverable' to false")
            : QStringLiteral(
                "report the task as 'failed' with error_code '%1' and set 'recoverable' to false")
                  .arg(f.errorCode);
        if (f.retried > 0)
            p.instruction =
                QStringLiteral("Do not retry %1 after %2. Immediately %3, so that the Dispatch Agent "
                               "marks the branch as skipped rather than burning retries.")
                    .arg(where, err, report);
        else
            p.instruction =
                QStringLiteral("Expect %1 from %2: check for its cause before running the task where "
                               "you can, and when it occurs %3, so that the branch is skipped early.")
                    .arg(err, where, report);

        QString retries;
        if (f.exhausted > 0 && f.exhausted == f.failures && f.budget > 0)
            retries = QStringLiteral("; each exhausted all %1")
                          .arg(plural(f.budget, QStringLiteral("retry"), QStringLiteral("retries")));
        else if (f.exhausted > 0)
            retries = QStringLiteral("; %1 of them exhausted their retries").arg(f.exhausted);
        else if (f.retried > 0 && f.fromRuns)
            retries = QStringLiteral("; %1 of them were retried in vain").arg(f.retried);
        const QString source =
            f.fromRuns ? QString() : QStringLiteral(" (the memory agent's error clusters)");
        p.rationale = QStringLiteral("Observed %1 of %2 with %3 in %4%5%6%7.")
                          .arg(plural(f.failures, QStringLiteral("failure"), QStringLiteral("failures")),
                              where, err, plural(f.runs, QStringLiteral("run"), QStringLiteral("runs")),
                              source, retries, spentText(f.impact));

        p.evidence.occurrences = f.failures;
        p.evidence.runs = f.runs;
        p.evidence.runIds = f.runIds;
        p.evidence.impact = f.impact;
        QJsonObject d{{QStringLiteral("retried"), f.retried}, {QStringLiteral("exhausted"), f.exhausted},
            {QStringLiteral("from_runs"), f.fromRuns}, {QStringLiteral("from_summary"), f.fromSummary}};
        if (f.budget >= 0)
            d.insert(QStringLiteral("max_retries"), f.budget);
        if (!f.sampleMessage.isEmpty())
            d.insert(QStringLiteral("sample_error_message"), f.sampleMessage.left(200));
        p.evidence.details = d;
        return p;
    }

    Pattern retryPattern(const QString &agent, const QString &cap, const QString &domain, const QString &err,
        const FailureGroup &g) const
    {
        const QString where = cap + onDomain(domain);
        const qint64 recovered = g.recovered.occurrences;
        Pattern p;
        p.kind = QStringLiteral("retry_pays_off");
        p.keyParts = {agent, cap, domain, err};
        p.subjectParts = {QStringLiteral("retry"), agent, cap, domain, err};
        p.stance = QStringLiteral("retry");
        p.targetAgent = QStringLiteral("dispatch_agent");
        p.trigger = QStringLiteral("When %1 fails with %2").arg(where, err);
        const qint32 budget = std::max<qint32>(1, g.recoveredMaxRetries);
        p.instruction = QStringLiteral("Retry the task with backoff, up to %1, before marking the branch as "
                                       "failed: this error is usually transient.")
                            .arg(plural(budget, QStringLiteral("time"), QStringLiteral("times")));
        QString unretried;
        if (g.unretried > 0)
            unretried = QStringLiteral("; %1 failed without being retried")
                            .arg(plural(g.unretried, QStringLiteral("task"), QStringLiteral("tasks")));
        p.rationale =
            QStringLiteral("%1 of %2 retried %3 tasks that hit %4 succeeded after retrying (%5 retries on "
                           "average), in %6%7.")
                .arg(recovered)
                .arg(recovered + g.retried)
                .arg(where, err, oneDecimal(double(g.recoveredRetries) / double(recovered)),
                    plural(g.recovered.runs, QStringLiteral("run"), QStringLiteral("runs")), unretried);
        Impact impact;
        impact.failedOutcomes = g.unretried;
        impact.wastedMs = g.unretriedMs;
        p.evidence = evidenceOf(g.recovered, impact);
        p.evidence.details = QJsonObject{{QStringLiteral("recovered"), recovered},
            {QStringLiteral("failed_after_retries"), g.retried},
            {QStringLiteral("failed_unretried"), g.unretried}};
        return p;
    }

    void missingStepPatterns(std::vector<Pattern> &out) const
    {
        for (const auto &[k, g] : m_steps) {
            const QString cap = text(k.a), step = text(k.b);
            const PairCount &with = m_pairs.at(Key{k.a, k.b});
            const qint64 tasksWithout = m_capTasks[k.a] - with.tasks;
            QStringList errors;
            QJsonObject errorCounts;
            for (const auto &[code, n] : g.errors) {
                const QString name = code ? text(code) : QStringLiteral("no error code");
                errors << QStringLiteral("%1 x%2").arg(name, QString::number(n));
                errorCounts.insert(name, n);
            }
            Pattern p;
            p.kind = QStringLiteral("missing_step");
            p.keyParts = {cap, step};
            p.subjectParts = {QStringLiteral("step_before"), cap, step};
            p.stance = QStringLiteral("insert_step");
            p.targetAgent = QStringLiteral("planning_agent");
            p.trigger = QStringLiteral("When a plan contains %1 task that does not depend on %2 task")
                            .arg(withArticle(cap), withArticle(step));
            p.instruction = QStringLiteral("Insert %1 task before %2 and make %2 depend on it.")
                                .arg(withArticle(step), cap);
            // One arg() call: names from the data must not be read as placeholders.
            p.rationale =
                QStringLiteral("%1 of %2 %3 tasks planned without a preceding %4 failed (%5), in %6; of "
                               "the %7 with %4 before them, %8 failed.")
                    .arg(QString::number(g.failed.occurrences), QString::number(tasksWithout), cap, step,
                        errors.join(QStringLiteral(", ")),
                        plural(g.failed.runs, QStringLiteral("run"), QStringLiteral("runs")),
                        QString::number(with.tasks), QString::number(with.failures));
            p.evidence = evidenceOf(g.failed, g.impact);
            p.evidence.details = QJsonObject{{QStringLiteral("errors"), errorCounts},
                {QStringLiteral("tasks_without_step"), tasksWithout},
                {QStringLiteral("tasks_with_step"), with.tasks},
                {QStringLiteral("failures_with_step"), with.failures}};
            out.push_back(p);
        }
    }

    void redundantPatterns(std::vector<Pattern> &out) const
    {
        for (const auto &[k, g] : m_redundant) {
            const QString cap = text(k.a);
            Pattern p;
            p.kind = QStringLiteral("redundant_task");
            p.keyParts = {cap};
            p.subjectParts = {QStringLiteral("once_per_input"), cap};
            p.stance = QStringLiteral("deduplicate");
            p.targetAgent = QStringLiteral("planning_agent");
            p.trigger = QStringLiteral("When a plan would run %1 more than once on the same input").arg(cap);
            p.instruction =
                QStringLiteral("Plan one %1 task per input and make every task that needs its result "
                               "depend on it; do not schedule %1 again for an input it has already "
                               "processed.")
                    .arg(cap);
            p.rationale =
                QStringLiteral("Observed %1 repeating work on an input already processed in the same run, "
                               "in %2%3.")
                    .arg(plural(g.duplicates.occurrences, QStringLiteral("redundant %1 task").arg(cap),
                             QStringLiteral("redundant %1 tasks").arg(cap)),
                        plural(g.duplicates.runs, QStringLiteral("run"), QStringLiteral("runs")),
                        spentText(g.impact));
            p.evidence = evidenceOf(g.duplicates, g.impact);
            out.push_back(p);
        }
    }

    void largeInputPatterns(std::vector<Pattern> &out) const
    {
        for (const auto &[k, g] : m_large) {
            const QString category = text(k.a), cap = text(k.b);
            const QString filter = g.filter ? text(g.filter) : QString();
            Pattern p;
            p.kind = QStringLiteral("unfiltered_large_input");
            p.keyParts = {category, cap};
            p.subjectParts = {QStringLiteral("filter_before"), category, cap};
            p.stance = QStringLiteral("insert_filter");
            p.targetAgent = QStringLiteral("planning_agent");
            const QString large = sizeText(double(m_config.largeInputBytes));
            p.trigger = category.isEmpty()
                ? QStringLiteral("When %1 task would receive a large input (%2 or more)")
                      .arg(withArticle(cap), large)
                : QStringLiteral(
                    "When the user request is '%1' and %2 task would receive a large input (%3 or more)")
                      .arg(category, withArticle(cap), large);
            p.instruction = filter.isEmpty()
                ? QStringLiteral(
                    "Insert a filtering step before %1 (for example segmentation, or a selection by "
                    "keyword or time range) so that %1 receives only the relevant part of the input.")
                      .arg(cap)
                : QStringLiteral(
                    "Insert %1 task before %2 so that %2 receives only the relevant part of the input. "
                    "It drastically reduces the %2 load.")
                      .arg(withArticle(filter), cap);
            QString used;
            if (g.usedCount > 0)
                used = QStringLiteral(" while using only %1 of them")
                           .arg(percentText(g.usedSum / double(g.usedCount)));
            QString cut;
            if (!filter.isEmpty()) {
                const FilterCount &f = m_filters.at(Key{k.a, k.b, g.filter});
                cut = QStringLiteral("; in %1 a preceding %2 cut the input to %3 first")
                          .arg(plural(f.tasks, QStringLiteral("other task"), QStringLiteral("other tasks")),
                              filter, percentText(f.ratioSum / double(f.tasks)));
            }
            p.rationale =
                QStringLiteral("Observed %1 in %2 processing inputs of %3 on average%4%5; an estimated %6 of "
                               "%7 time went to the unused part.")
                    .arg(plural(g.tasks.occurrences, QStringLiteral("%1 task").arg(cap),
                             QStringLiteral("%1 tasks").arg(cap)),
                        plural(g.tasks.runs, QStringLiteral("run"), QStringLiteral("runs")),
                        sizeText(g.inputSum / double(g.tasks.occurrences)), used, cut,
                        durationText(g.impact.wastedMs), cap);
            p.evidence = evidenceOf(g.tasks, g.impact);
            QJsonObject d{
                {QStringLiteral("mean_input_bytes"), std::round(g.inputSum / double(g.tasks.occurrences))}};
            if (g.usedCount > 0)
                d.insert(QStringLiteral("mean_used_fraction"), g.usedSum / double(g.usedCount));
            if (!filter.isEmpty())
                d.insert(QStringLiteral("filter_capability"), filter);
            p.evidence.details = d;
            out.push_back(p);
        }
    }

    /// Heuristic reasoning_failure: the memory agent flags recurring reasoning failures in its
    /// summary (the batch cannot show them: a bad synthesis still "succeeds"). Entries of the
    /// same agent, failure type, capability and domain are one pattern; its independent
    /// occurrences are the distinct runs named, or the flagged count when no runs are named. The
    /// memory agent's suggested instruction is used when it gives one (the scope guard reads it
    /// like any rule text), else one for the known failure types, else a generic one.
    void reasoningPatterns(std::vector<Pattern> &out) const
    {
        struct Merged
        {
            ReasoningFailure first;
            qint64 count = 0;
            QStringList runIds;
            QSet<QString> distinct;
            double durationMs = 0, cost = 0;
        };
        std::map<QString, Merged> merged;
        for (const ReasoningFailure &f : m_batch.summary.reasoningFailures) {
            const QString key = patternKey(
                QStringLiteral("reasoning_failure"), {f.agent, f.failureType, f.capability, f.domain});
            Merged &m = merged[key];
            if (m.count == 0)
                m.first = f;
            // The first entry that says something about a field says it for the pattern.
            if (m.first.description.isEmpty())
                m.first.description = f.description;
            if (m.first.trigger.isEmpty())
                m.first.trigger = f.trigger;
            if (m.first.suggestedInstruction.isEmpty())
                m.first.suggestedInstruction = f.suggestedInstruction;
            m.count += f.count;
            for (const QString &id : f.runIds) {
                if (!m.distinct.contains(id) && m.runIds.size() < m_config.maxEvidenceRuns)
                    m.runIds << id;
                m.distinct.insert(id);
            }
            m.durationMs += f.durationMs;
            m.cost += f.cost;
        }
        for (const auto &[key, m] : merged) {
            const ReasoningFailure &f = m.first;
            Pattern p;
            p.kind = QStringLiteral("reasoning_failure");
            p.keyParts = {f.agent, f.failureType, f.capability, f.domain};
            p.subjectParts = {QStringLiteral("reasoning"), f.agent, f.failureType, f.capability, f.domain};
            p.stance = QStringLiteral("avoid");
            p.targetAgent = f.agent;
            QString context;
            if (!f.capability.isEmpty())
                context += QStringLiteral(" %1 results").arg(f.capability);
            if (!f.domain.isEmpty())
                context += QStringLiteral(" from %1").arg(f.domain);
            p.trigger = !f.trigger.isEmpty() ? f.trigger
                : context.isEmpty()          ? QStringLiteral("When synthesizing results")
                                             : QStringLiteral("When synthesizing%1").arg(context);
            p.instruction =
                f.suggestedInstruction.isEmpty() ? reasoningInstruction(f) : f.suggestedInstruction;
            const qint64 runs = m.distinct.isEmpty() ? m.count : qint64(m.distinct.size());
            QString in;
            if (!m.distinct.isEmpty())
                in =
                    QStringLiteral(" in %1").arg(plural(runs, QStringLiteral("run"), QStringLiteral("runs")));
            p.rationale =
                QStringLiteral("The memory agent flagged %1 '%2' %3%4%5.")
                    .arg(m.count)
                    .arg(f.failureType, m.count == 1 ? QStringLiteral("failure") : QStringLiteral("failures"),
                        in, f.description.isEmpty() ? QString() : QStringLiteral(": ") + f.description);
            p.evidence.occurrences = m.count;
            p.evidence.runs = runs;
            p.evidence.runIds = m.runIds;
            p.evidence.impact.failedOutcomes = m.count;
            p.evidence.impact.wastedMs = m.durationMs;
            p.evidence.impact.wastedCost = m.cost;
            p.evidence.details = QJsonObject{{QStringLiteral("failure_type"), f.failureType},
                {QStringLiteral("suggested_by_memory_agent"), !f.suggestedInstruction.isEmpty()}};
            out.push_back(p);
        }
    }

    static QString reasoningInstruction(const ReasoningFailure &f)
    {
        const QString &type = f.failureType;
        if (type.contains(QLatin1String("contradiction")))
            return QStringLiteral(
                "Before flagging a contradiction between sources, check whether they differ only "
                "in time, unit, scope or wording; flag only the contradictions that remain.");
        if (type.contains(QLatin1String("synthesis")))
            return QStringLiteral(
                "Align the sources on the entities they share before synthesizing, and name the "
                "sources that could not be reconciled instead of dropping them.");
        if (type.contains(QLatin1String("unsupported")) || type.contains(QLatin1String("hallucinat")))
            return QStringLiteral("State only claims that a cited source supports; mark everything else as "
                                  "unverified.");
        return QStringLiteral(
            "Check the result for the recurring '%1' failure before finalizing it, and report the "
            "inputs that caused it instead of guessing.")
            .arg(type);
    }

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

// ---- from patterns to rules -------------------------------------------------------------------

Evidence combined(const Evidence &before, const Evidence &added, int maxRunIds)
{
    Evidence e = before;
    e.occurrences += added.occurrences;
    qint64 overlap = 0;
    for (const QString &id : added.runIds) {
        if (before.runIds.contains(id))
            ++overlap; // a run listed in both is one run (only listed runs can be recognized)
        else if (e.runIds.size() < maxRunIds)
            e.runIds << id;
    }
    e.runs += added.runs - overlap;
    for (const QString &b : added.batchIds)
        if (!e.batchIds.contains(b))
            e.batchIds << b;
    e.impact += added.impact;
    e.details = added.details; // the newest figures
    return e;
}

bool moreImportant(const ProposedRule &a, const ProposedRule &b)
{
    const int pa = priorityRank(a.priority), pb = priorityRank(b.priority);
    if (pa != pb)
        return pa > pb;
    if (a.evidence.runs != b.evidence.runs)
        return a.evidence.runs > b.evidence.runs;
    return a.pattern.key < b.pattern.key;
}

} // namespace

QJsonObject Reinforcement::toJson() const
{
    return QJsonObject{{QStringLiteral("rule_id"), ruleId}, {QStringLiteral("state"), state},
        {QStringLiteral("fingerprint"), fingerprint}, {QStringLiteral("target_agent"), targetAgent},
        {QStringLiteral("evidence_added"), added.toJson()}, {QStringLiteral("evidence"), total.toJson()},
        {QStringLiteral("confidence_before"), confidenceBefore},
        {QStringLiteral("confidence_after"), confidenceAfter},
        {QStringLiteral("priority_before"), priorityBefore},
        {QStringLiteral("priority_after"), priorityAfter}, {QStringLiteral("rationale"), rationale}};
}

QJsonObject RuleConflict::toJson() const
{
    QJsonArray with;
    for (const ExistingRule &e : contradicts)
        with.append(QJsonObject{{QStringLiteral("rule_id"), e.rule.ruleId},
            {QStringLiteral("state"), e.state}, {QStringLiteral("stance"), e.rule.pattern.stance},
            {QStringLiteral("target_agent"), e.rule.targetAgent},
            {QStringLiteral("instruction"), e.rule.instruction}});
    return QJsonObject{{QStringLiteral("proposal"), proposal.toJson()},
        {QStringLiteral("conflicts_with"), with}, {QStringLiteral("reason"), reason}};
}

QJsonObject RefusedRule::toJson() const
{
    QJsonArray reasons;
    for (const ScopeFinding &f : findings)
        reasons.append(f.toJson());
    return QJsonObject{{QStringLiteral("target_agent"), draft.targetAgent},
        {QStringLiteral("trigger_condition"), draft.triggerCondition},
        {QStringLiteral("instruction"), draft.instruction}, {QStringLiteral("rationale"), draft.rationale},
        {QStringLiteral("fingerprint"), draft.pattern.fingerprint},
        {QStringLiteral("pattern"), draft.pattern.toJson()}, {QStringLiteral("reasons"), reasons}};
}

void validate(const MiningConfig &c)
{
    const auto fail = [](const QString &field, const QString &what) {
        throw Error(ErrorKind::Usage, QStringLiteral("mining config: %1 %2").arg(field, what));
    };
    if (c.maxEvidenceRuns < 0)
        fail(QStringLiteral("maxEvidenceRuns"), QStringLiteral("must be >= 0"));
    if (!(c.retryPaysOffShare > 0 && c.retryPaysOffShare <= 1))
        fail(QStringLiteral("retryPaysOffShare"), QStringLiteral("must be in (0, 1]"));
    if (c.minStepSupport < 1)
        fail(QStringLiteral("minStepSupport"), QStringLiteral("must be >= 1"));
    if (!(c.minStepReduction > 0 && c.minStepReduction <= 1))
        fail(QStringLiteral("minStepReduction"), QStringLiteral("must be in (0, 1]"));
    if (!(c.maxStepChance > 0 && c.maxStepChance < 1))
        fail(QStringLiteral("maxStepChance"), QStringLiteral("must be in (0, 1)"));
    if (c.largeInputBytes < 1)
        fail(QStringLiteral("largeInputBytes"), QStringLiteral("must be >= 1"));
    if (!(c.maxUsedFraction > 0 && c.maxUsedFraction < 1))
        fail(QStringLiteral("maxUsedFraction"), QStringLiteral("must be in (0, 1)"));
    const ConfidenceBands &b = c.confidence;
    if (!(b.mediumFrom >= 2 && b.highAbove >= b.mediumFrom && b.single < b.mediumLow
            && b.mediumLow <= b.mediumHigh && b.mediumHigh < b.highFloor && b.highFloor <= b.highCeiling
            && b.highCeiling <= 1 && b.single >= 0))
        fail(QStringLiteral("confidence"),
            QStringLiteral("bands must be ordered: single < mediumLow <= mediumHigh < "
                           "highFloor <= highCeiling <= 1, 2 <= mediumFrom <= highAbove"));
}

MiningResult mine(const AuditBatch &batch, const std::vector<ExistingRule> &existing, const QDateTime &now,
    const MiningConfig &config)
{
    validate(config);
    if (!now.isValid())
        throw Error(ErrorKind::Usage, QStringLiteral("mining needs a valid 'now' to date rule ids"));
    MiningResult result;
    std::vector<Pattern> patterns = Miner(batch, config).run(result);
    result.patternsIdentified = int(patterns.size());

    // Rules exist by fingerprint and by subject.
    QHash<QString, const ExistingRule *> byFingerprint;
    QHash<QString, std::vector<const ExistingRule *>> bySubject;
    for (const ExistingRule &e : existing) {
        if (!byFingerprint.contains(e.rule.pattern.fingerprint))
            byFingerprint.insert(e.rule.pattern.fingerprint, &e); // the first one given wins
        bySubject[e.rule.pattern.subject].push_back(&e);
    }

    std::vector<ProposedRule> fresh; // proposals and conflicting proposals, numbered together
    QHash<QString, std::vector<ExistingRule>> conflictsOf; // by fingerprint
    for (Pattern &p : patterns) {
        ProposedRule r;
        r.targetAgent = p.targetAgent;
        r.triggerCondition = p.trigger;
        r.instruction = p.instruction;
        r.rationale = p.rationale;
        r.pattern.kind = p.kind;
        r.pattern.key = patternKey(p.kind, p.keyParts);
        r.pattern.subject = patternKey(p.subjectParts.first(), p.subjectParts.mid(1));
        r.pattern.stance = p.stance;
        r.pattern.fingerprint = patternFingerprint(r.pattern.key);
        r.evidence = p.evidence;
        r.evidence.batchIds = {batch.batchId};
        r.confidence = confidenceFor(r.evidence.runs, config.confidence);
        r.priority = priorityFor(r.evidence.impact, config.priority);

        const ScopeVerdict verdict =
            checkScope({r.targetAgent, r.triggerCondition, r.instruction, r.rationale});
        if (!verdict.allowed()) {
            result.refused.push_back(RefusedRule{r, verdict.findings});
            continue;
        }

        if (const ExistingRule *match = byFingerprint.value(r.pattern.fingerprint)) {
            if (match->rule.evidence.batchIds.contains(batch.batchId)) {
                result.alreadyCounted << match->rule.ruleId;
                continue;
            }
            Reinforcement re;
            re.ruleId = match->rule.ruleId;
            re.state = match->state;
            re.fingerprint = r.pattern.fingerprint;
            re.targetAgent = match->rule.targetAgent;
            re.added = r.evidence;
            re.total = combined(match->rule.evidence, r.evidence, config.maxEvidenceRuns);
            re.confidenceBefore = match->rule.confidence;
            re.confidenceAfter = confidenceFor(re.total.runs, config.confidence);
            re.priorityBefore = match->rule.priority;
            re.priorityAfter = priorityFor(re.total.impact, config.priority);
            re.rationale = r.rationale;
            result.reinforcements.push_back(re);
            continue;
        }

        std::vector<ExistingRule> contradicting;
        for (const ExistingRule *e : bySubject.value(r.pattern.subject))
            if (e->rule.pattern.stance != r.pattern.stance)
                contradicting.push_back(*e);
        if (!contradicting.empty())
            conflictsOf.insert(r.pattern.fingerprint, contradicting);
        fresh.push_back(r);
    }

    // Most important first; ids after the highest of the day among the existing rules.
    std::sort(fresh.begin(), fresh.end(), moreImportant);
    const QString prefix = QStringLiteral("rule_%1_").arg(now.date().toString(QStringLiteral("yyyyMMdd")));
    int next = 1;
    for (const ExistingRule &e : existing)
        if (e.rule.ruleId.startsWith(prefix))
            next = std::max(next, e.rule.ruleId.mid(prefix.size()).toInt() + 1);
    for (ProposedRule &r : fresh) {
        r.ruleId = prefix + QStringLiteral("%1").arg(next++, 2, 10, QLatin1Char('0'));
        const auto it = conflictsOf.constFind(r.pattern.fingerprint);
        if (it == conflictsOf.cend()) {
            result.proposals.push_back(r);
            continue;
        }
        QStringList ids;
        for (const ExistingRule &e : *it)
            ids << QStringLiteral("%1 (%2, %3)").arg(e.rule.ruleId, e.state, e.rule.pattern.stance);
        result.conflicts.push_back(RuleConflict{r, *it,
            QStringLiteral(
                "This batch supports '%1' where %2 advise%3 otherwise; a human decides which holds.")
                .arg(r.pattern.stance, ids.join(QStringLiteral(", ")),
                    it->size() == 1 ? QStringLiteral("s") : QString())});
    }
    std::sort(result.reinforcements.begin(), result.reinforcements.end(),
        [](const Reinforcement &a, const Reinforcement &b) { return a.ruleId < b.ruleId; });
    std::sort(result.refused.begin(), result.refused.end(),
        [](const RefusedRule &a, const RefusedRule &b) { return a.draft.pattern.key < b.draft.pattern.key; });
    result.alreadyCounted.sort();
    return result;
}

} // namespace lk::rules
