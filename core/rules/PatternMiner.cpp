#include "core/rules/PatternMiner.h"

#include "core/rules/PatternMinerInternals.h"

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

using mining::Miner;
using mining::Pattern;

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
