#pragma once

// The learning agent's scope (docs/memory-rules.md, "Mining"): memory rules are operational
// heuristics for planning_agent, action_agent, dispatch_agent and reasoning_agent. They may not
// propose changes to objective_agent or goal_agent (strategic intent is fixed by the system's
// designers), may not touch governance files (audit.md, message_format.md, ...) or try to
// override governance, and may not reach into raw source or storage content (src_N, store_N).
//
// checkScope() is a pure check of a rule's text, used on every mined rule (whose text carries
// names and phrases from the data, which must not smuggle anything in) and usable on
// human-edited rule text before it is approved. It matches words and phrases, so it is a guard
// against the plain cases, not a proof: the human review is the final check.

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace lk::rules {

/// The agents a memory rule may address.
const QStringList &allowedTargetAgents();

/// One reason a rule is out of scope.
struct ScopeFinding
{
    QString field; ///< target_agent, trigger_condition, instruction or rationale
    QString reason;
    QString subject; ///< what was refused: the agent's name or the matched text (a path, a phrase)

    /// {"field": ..., "reason": ...}
    QJsonObject toJson() const;
};

/// The outcome of checkScope(): allowed when nothing was found.
struct ScopeVerdict
{
    QList<ScopeFinding> findings;

    bool allowed() const { return findings.isEmpty(); }
};

/// The parts of a rule the guard reads.
struct RuleText
{
    QString targetAgent;
    QString triggerCondition;
    QString instruction;
    QString rationale;
};

/// Every reason the rule is out of scope (none: it may be proposed).
ScopeVerdict checkScope(const RuleText &rule);

} // namespace lk::rules
