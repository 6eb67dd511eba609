#include "core/rules/RuleStates.h"

#include "core/common/StateNames.h"

#include <algorithm>

namespace lk::rules {

namespace {

constexpr EnumName<RuleStatus> kStatusNames[] = {
    {RuleStatus::Proposed, "proposed"},
    {RuleStatus::Approved, "approved"},
    {RuleStatus::EditedAndApproved, "edited_and_approved"},
    {RuleStatus::Rejected, "rejected"},
    {RuleStatus::Deferred, "deferred"},
    {RuleStatus::Retired, "retired"},
};

constexpr EnumName<RuleCommand> kCommandNames[] = {
    {RuleCommand::Approve, "approve"},
    {RuleCommand::Reject, "reject"},
    {RuleCommand::Defer, "defer"},
    {RuleCommand::Retire, "retire"},
    {RuleCommand::Reserve, "reserve"},
};

} // namespace

QString nameOf(RuleStatus status)
{
    return enumName(kStatusNames, status);
}

std::optional<RuleStatus> parseRuleStatus(QStringView text)
{
    return enumFromName(kStatusNames, text);
}

RuleStatus ruleStatusFromName(const QString &text)
{
    return enumFromNameOrThrow(kStatusNames, text, "rule status", "rule statuses");
}

const std::vector<RuleStatus> &allRuleStatuses()
{
    static const std::vector<RuleStatus> all = enumValues(kStatusNames);
    return all;
}

QStringList allRuleStatusNames()
{
    return enumNames(kStatusNames);
}

bool isApproved(RuleStatus status)
{
    return status == RuleStatus::Approved || status == RuleStatus::EditedAndApproved;
}

bool isOpen(RuleStatus status)
{
    return status == RuleStatus::Proposed || status == RuleStatus::Deferred;
}

QString nameOf(RuleCommand command)
{
    return enumName(kCommandNames, command);
}

std::optional<RuleCommand> parseRuleCommand(QStringView text)
{
    return enumFromName(kCommandNames, text);
}

RuleCommand ruleCommandFromName(const QString &text)
{
    return enumFromNameOrThrow(kCommandNames, text, "rule command", "rule commands");
}

const std::vector<RuleCommand> &allRuleCommands()
{
    static const std::vector<RuleCommand> all = enumValues(kCommandNames);
    return all;
}

std::vector<RuleCommand> allowedCommands(RuleStatus status)
{
    using C = RuleCommand;
    switch (status) {
    case RuleStatus::Proposed:
        return {C::Approve, C::Reject, C::Defer, C::Reserve};
    case RuleStatus::Deferred: // deferring it again would change nothing
        return {C::Approve, C::Reject, C::Reserve};
    case RuleStatus::Approved:
    case RuleStatus::EditedAndApproved:
        return {C::Retire};
    case RuleStatus::Rejected:
    case RuleStatus::Retired:
        return {};
    }
    return {};
}

bool allows(RuleStatus status, RuleCommand command)
{
    const std::vector<RuleCommand> allowed = allowedCommands(status);
    return std::find(allowed.begin(), allowed.end(), command) != allowed.end();
}

std::vector<RuleStatus> statusesAllowing(RuleCommand command)
{
    std::vector<RuleStatus> out;
    for (RuleStatus s : allRuleStatuses()) {
        if (allows(s, command))
            out.push_back(s);
    }
    return out;
}

QString commandSentence(const std::vector<RuleCommand> &commands)
{
    QStringList names;
    for (RuleCommand c : commands)
        names.append(nameOf(c));
    return lk::commandSentence(names);
}

QString allowedSentence(RuleStatus status)
{
    const QString name = nameOf(status);
    const bool vowel = name.startsWith(QLatin1Char('a')) || name.startsWith(QLatin1Char('e'));
    return QStringLiteral("%1 %2 rule takes %3.")
        .arg(vowel ? QStringLiteral("An") : QStringLiteral("A"), name,
            commandSentence(allowedCommands(status)));
}

} // namespace lk::rules
