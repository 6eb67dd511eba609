#pragma once

// A memory rule as the learning agent proposes it (the report's new_rules_proposed entries) plus
// what a reviewer and the next mining run need: the evidence behind it and the pattern it came
// from. A pattern has a canonical key built from what identifies it (its kind and, e.g., agent,
// capability, domain and error code); the fingerprint is a hash of that key, so the same pattern
// found in another batch maps to the same rule deterministically, whatever its rule_id or
// (human-edited) wording. Two patterns about the same situation (the subject) that advise
// different things (the stance) contradict each other: e.g. "do not retry X" and "retry X".

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace lk::rules {

/// What a pattern cost in the data: the basis of a rule's priority.
struct Impact
{
    qint64 wastedRetries = 0; ///< retries spent on attempts that failed anyway
    double wastedMs = 0; ///< task time spent without a useful result
    double wastedCost = 0; ///< the cost of that work, where tasks report cost
    qint64 failedOutcomes = 0; ///< failures the rule would turn into results

    Impact &operator+=(const Impact &other);
};

/// The observations behind a rule.
struct Evidence
{
    qint64 occurrences = 0; ///< matching task occurrences (or failures flagged in a summary)
    qint64 runs = 0; ///< distinct runs they happened in: what confidence is scored on
    QStringList runIds; ///< the first of those runs (at most MiningConfig::maxEvidenceRuns)
    QStringList batchIds; ///< the batches that contributed, so that none is counted twice
    Impact impact;
    QJsonObject details; ///< figures particular to the pattern (error codes, sizes, rates)

    /// occurrences, runs, run_ids, batch_ids, wasted_retries, wasted_ms, wasted_cost,
    /// failed_outcomes, details.
    QJsonObject toJson() const;
    /// Reads toJson(); throws lk::Error(Input) naming a missing or mistyped member.
    static Evidence fromJson(const QJsonObject &json);
};

/// Identifies the pattern a rule came from.
struct PatternRef
{
    QString kind; ///< repeated_failure, retry_pays_off, missing_step, redundant_task, ...
    QString key; ///< canonical: kind and identifying names joined by '|'
    QString subject; ///< the situation the rule is about
    QString stance; ///< what it advises there (no_retry, retry, insert_step, ...)
    QString fingerprint; ///< patternFingerprint(key)

    /// kind, key, subject, stance (the fingerprint is a sibling member of the rule).
    QJsonObject toJson() const;
};

/// One proposed memory rule.
struct ProposedRule
{
    QString ruleId; ///< rule_YYYYMMDD_NN
    QString priority; ///< high | medium | low
    QString targetAgent;
    QString triggerCondition;
    QString instruction;
    QString rationale;
    double confidence = 0; ///< confidence_score in [0, 1]
    PatternRef pattern;
    Evidence evidence;

    /// The seven members of schemas/learning_report.schema.json's proposals plus evidence,
    /// fingerprint and pattern.
    QJsonObject toJson() const;
    /// Reads toJson() (a stored proposal or an approved rule); throws lk::Error(Input) naming what
    /// is missing or mistyped.
    static ProposedRule fromJson(const QJsonObject &json);
};

/// A rule that already exists: approved into context/memory/ or waiting in the review queue.
struct ExistingRule
{
    ProposedRule rule;
    QString state; ///< e.g. "approved", "pending", "deferred": reported back, not interpreted
};

/// The canonical key of a pattern: kind and parts joined by '|' ('%' and '|' inside a part are
/// escaped as %25 and %7C, so that different parts never give the same key).
QString patternKey(const QString &kind, const QStringList &parts);
/// The first 16 hex digits of SHA-256 of the key.
QString patternFingerprint(const QString &key);

} // namespace lk::rules
