#pragma once

// A memory rule in the review queue as a state machine (docs/states.md): its statuses, the
// reviewer's commands, and which command each status takes — the one copy of those rules that
// ReviewQueue enforces and the Review queue panel and the CLI ask. The names are the stored
// and JSON ones.
//
//   proposed -> approved | edited_and_approved | rejected | deferred
//   deferred -> approved | edited_and_approved | rejected
//   approved | edited_and_approved -> retired

#include <QString>
#include <QStringList>
#include <QStringView>

#include <optional>
#include <vector>

namespace lk::rules {

/// Where a rule is (rules.status).
enum class RuleStatus {
    Proposed, ///< mined, waiting for a reviewer
    Approved, ///< in context/memory/ as mined
    EditedAndApproved, ///< in context/memory/ with a reviewer's edits
    Rejected, ///< turned down, with a reason
    Deferred, ///< left for a later decision
    Retired, ///< taken out of context/memory/ again, with a reason
};

/// What a reviewer does to a rule (CLI `rules approve|reject|defer|retire|reserve`, the Review
/// queue panel). Undo is not here: it takes back the reviewer's last decision, whatever it was.
enum class RuleCommand {
    Approve, ///< with or without edits
    Reject,
    Defer,
    Retire,
    Reserve, ///< hold it while looking at it
};

QString nameOf(RuleStatus status);
std::optional<RuleStatus> parseRuleStatus(QStringView text);
/// Throws lk::Error(Input) naming the known statuses.
RuleStatus ruleStatusFromName(const QString &text);
const std::vector<RuleStatus> &allRuleStatuses();
/// Every status's name, in the order of the enum.
QStringList allRuleStatusNames();
/// approved or edited_and_approved: the rule is in context/memory/.
bool isApproved(RuleStatus status);
/// proposed or deferred: the rule waits for a decision.
bool isOpen(RuleStatus status);

QString nameOf(RuleCommand command);
std::optional<RuleCommand> parseRuleCommand(QStringView text);
/// Throws lk::Error(Input) naming the known commands.
RuleCommand ruleCommandFromName(const QString &text);
const std::vector<RuleCommand> &allRuleCommands();

/// proposed: approve, reject, defer, reserve; deferred: approve, reject, reserve;
/// approved, edited_and_approved: retire; rejected, retired: none.
std::vector<RuleCommand> allowedCommands(RuleStatus status);
bool allows(RuleStatus status, RuleCommand command);
/// The statuses in which `command` applies, for a guarded SQL update.
std::vector<RuleStatus> statusesAllowing(RuleCommand command);
/// "approve, reject or reserve"; "no command" for an empty list.
QString commandSentence(const std::vector<RuleCommand> &commands);
/// "A deferred rule takes approve, reject or reserve." — what a refusal adds.
QString allowedSentence(RuleStatus status);

} // namespace lk::rules
