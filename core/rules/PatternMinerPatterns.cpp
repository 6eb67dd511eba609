// The pattern miner's last pass: from the tallies of a batch to patterns, one builder per
// heuristic (repeated failure, retry pays off, missing step, redundant task, unfiltered large
// input, reasoning failure).
#include "core/rules/PatternMinerInternals.h"

namespace lk::rules::mining {

void Miner::failurePatterns(std::vector<Pattern> &out)
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

Pattern Miner::failurePattern(const FailureFacts &f) const
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

Pattern Miner::retryPattern(const QString &agent, const QString &cap, const QString &domain, const QString &err,
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

void Miner::missingStepPatterns(std::vector<Pattern> &out) const
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

void Miner::redundantPatterns(std::vector<Pattern> &out) const
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

void Miner::largeInputPatterns(std::vector<Pattern> &out) const
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
void Miner::reasoningPatterns(std::vector<Pattern> &out) const
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

QString Miner::reasoningInstruction(const ReasoningFailure &f)
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

} // namespace lk::rules::mining
