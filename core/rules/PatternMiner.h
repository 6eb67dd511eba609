#pragma once

// Pattern mining for memory rules (docs/memory-rules.md): a pure function from one validated audit
// batch and the rules that already exist (approved or waiting for review) to new rule proposals,
// reinforcements of existing rules, conflicts for a human, and refusals by the scope guard.
//
// The heuristics (each documented where it is computed, in PatternMiner.cpp):
//   repeated_failure        failed tasks grouped by agent, capability, domain and error code (and
//                           the summary's error clusters) -> the executing agent: do not retry,
//                           fail early and non-recoverably
//   retry_pays_off          the same group where retries mostly ended in success ->
//                           dispatch_agent: retry with backoff
//   missing_step            a capability whose error (nearly) disappears when a given preparatory
//                           capability precedes it, beyond chance -> planning_agent: insert the step
//   redundant_task          the same capability run twice on the same input in one run ->
//                           planning_agent: plan it once
//   unfiltered_large_input  expensive work on large inputs of which little was used, where a
//                           filter step would have cut it -> planning_agent: filter first
//   reasoning_failure       recurring reasoning failures flagged in the batch summary ->
//                           the agent that failed (reasoning_agent)
//
// Matching. Every pattern has a canonical key and fingerprint (MemoryRule.h). A pattern whose
// fingerprint an existing rule has reinforces that rule (its evidence and confidence grow)
// instead of proposing a duplicate; if the rule already counted this batch (its batch_ids hold
// it) nothing changes, so mining the same batch twice is harmless. A pattern about the same
// subject as an existing rule but with another stance (e.g. "retry" where the rule says "do
// not") is a conflict for a human. Proposals get rule_YYYYMMDD_NN ids after the highest NN of
// that date among the existing rules.
//
// Cost: two passes over the tasks with hash lookups on interned ids, O(tasks + dependencies);
// nothing is allocated per task (the hash maps grow with new groups only): ~50 ms for a million
// runs of three tasks here.

#include "core/rules/AuditBatch.h"
#include "core/rules/MemoryRule.h"
#include "core/rules/RuleScoring.h"
#include "core/rules/ScopeGuard.h"

#include <QDateTime>

#include <vector>

namespace lk::rules {

/// Thresholds of the heuristics, with the reasons for their defaults.
struct MiningConfig
{
    ConfidenceBands confidence;
    PriorityThresholds priority;
    /// Run ids listed as evidence per rule (the counts always cover all of them).
    int maxEvidenceRuns = 20;
    /// retry_pays_off instead of repeated_failure when at least this share of the retried tasks
    /// of a group succeeded in the end: then retrying is the better advice, not giving up.
    double retryPaysOffShare = 0.5;
    /// missing_step: successful tasks with the preparatory step before them needed to trust it.
    int minStepSupport = 2;
    /// missing_step: how much rarer the error must be with the step before the task than
    /// without it (0.8: at least 80 % rarer), so that the step removes the error, not dents it.
    double minStepReduction = 0.8;
    /// missing_step: the largest chance that the tasks with the step failed that seldom by luck,
    /// were the step irrelevant (a binomial tail, see chooseMissingSteps).
    double maxStepChance = 0.1;
    /// unfiltered_large_input: inputs at least this large are "large" (a 2-hour audio file).
    qint64 largeInputBytes = 64LL * 1024 * 1024;
    /// unfiltered_large_input: at most this share of the input used (or left by a filter step)
    /// makes the work on the rest a waste (2 minutes of 2 hours is 0.017).
    double maxUsedFraction = 0.1;
};

/// An existing rule that a pattern of this batch matched.
struct Reinforcement
{
    QString ruleId;
    QString state; ///< as ExistingRule::state
    QString fingerprint;
    QString targetAgent;
    Evidence added; ///< what this batch contributed
    Evidence total; ///< the rule's evidence with it
    double confidenceBefore = 0, confidenceAfter = 0;
    QString priorityBefore, priorityAfter;
    QString rationale; ///< this batch's rationale for the pattern

    /// rule_id, state, fingerprint, target_agent, evidence_added, evidence, confidence_before,
    /// confidence_after, priority_before, priority_after, rationale.
    QJsonObject toJson() const;
};

/// A new proposal that contradicts existing rules: a human decides.
struct RuleConflict
{
    ProposedRule proposal;
    std::vector<ExistingRule> contradicts;
    QString reason;

    /// proposal, conflicts_with [{rule_id, state, stance, target_agent, instruction}], reason.
    QJsonObject toJson() const;
};

/// A pattern whose rule the scope guard refused.
struct RefusedRule
{
    ProposedRule draft; ///< without a rule_id
    QList<ScopeFinding> findings;

    /// target_agent, trigger_condition, instruction, rationale, fingerprint, pattern, reasons.
    QJsonObject toJson() const;
};

/// What one batch taught.
struct MiningResult
{
    std::vector<ProposedRule> proposals; ///< new rules for the review queue, most important first
    std::vector<Reinforcement> reinforcements;
    std::vector<RuleConflict> conflicts;
    std::vector<RefusedRule> refused;
    QStringList alreadyCounted; ///< ids of rules that had counted this batch before
    int patternsIdentified = 0; ///< all of the above together
    qint64 runs = 0, tasks = 0, failedTasks = 0; ///< what was looked at
};

/// Mines one batch. Pure: the same batch, rules, `now` and config give the same result. `now`
/// dates the new rule ids (rule_YYYYMMDD_NN in now's own time zone). Throws lk::Error(Usage) for
/// an unusable config.
MiningResult mine(const AuditBatch &batch, const std::vector<ExistingRule> &existing, const QDateTime &now,
    const MiningConfig &config = {});

/// Throws lk::Error(Usage) naming the field if the config cannot be used.
void validate(const MiningConfig &config);

} // namespace lk::rules
