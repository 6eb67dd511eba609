#include "core/rules/ScopeGuard.h"

#include <QRegularExpression>

#include <utility>
#include <vector>

namespace lk::rules {

namespace {

struct TextCheck
{
    QRegularExpression pattern;
    QString reason; ///< %1 is the matched text
};

QRegularExpression ci(const QString &pattern)
{
    QRegularExpression re(pattern, QRegularExpression::CaseInsensitiveOption);
    re.optimize();
    return re;
}

const std::vector<TextCheck> &textChecks()
{
    // Each check says why in its reason. The phrases allow up to 40 characters between the verb
    // and its object ("ignore the rules in the governance files") but not across a sentence.
    static const std::vector<TextCheck> checks = [] {
        std::vector<TextCheck> c;
        c.push_back({ci(QStringLiteral(R"(\b(objective|goal)[ _-]agents?\b)")),
            QStringLiteral("addresses %1: the objective and goal agents' strategic intent is fixed by the "
                           "system designers and memory rules may not change it")});
        c.push_back({ci(QStringLiteral(R"(context/governance(/[a-z0-9_]+)*(\.md)?\b|\b(audit|message_format|application)\.md\b|)"
                                       R"(\bagent/[a-z0-9_]+/[a-z0-9_]+\.md\b)")),
            QStringLiteral("refers to the governance file %1: memory rules may not touch governance files")});
        c.push_back({ci(QStringLiteral(R"(\bgovernance\b)")),
            QStringLiteral("speaks about %1: memory rules are operational heuristics and cannot change "
                           "core system governance")});
        c.push_back({ci(QStringLiteral(
                         R"(\b(ignore|override|overrule|bypass|circumvent|disregard|disable|suspend|)"
                         R"(skip|relax|waive|rewrite|modify|edit|change|amend|replace|delete|remove)\b)"
                         R"([^.;\n]{0,40}?\b(audit (trail|log|record|requirements?|rules?|entr(y|ies))|)"
                         R"(message[ _]format|compliance (rules?|requirements?|checks?|notes)|)"
                         R"(guardrails?|safety (rules?|checks?)|system prompt)\b)")),
            QStringLiteral("tries to override governance (\"%1\")")});
        c.push_back({ci(QStringLiteral(R"(\bignore (all |any )?(the )?(previous|prior|above|earlier|other|)"
                                       R"(existing) (instructions|rules|guidance|policies)\b)")),
            QStringLiteral("tries to override the agents' instructions (\"%1\")")});
        c.push_back({ci(QStringLiteral(R"(\b(take|takes|taking) precedence over\b|\bsupersedes?\b)")),
            QStringLiteral(
                "claims precedence over other rules (\"%1\"): a memory rule only adds a heuristic")});
        c.push_back({ci(QStringLiteral(R"(\b(src|store)_[0-9]+\b)")),
            QStringLiteral("refers to raw content (%1): the learning agent works on run metadata, never on "
                           "source or storage content")});
        return c;
    }();
    return checks;
}

} // namespace

const QStringList &allowedTargetAgents()
{
    static const QStringList agents{QStringLiteral("planning_agent"), QStringLiteral("action_agent"),
        QStringLiteral("dispatch_agent"), QStringLiteral("reasoning_agent")};
    return agents;
}

QJsonObject ScopeFinding::toJson() const
{
    return QJsonObject{{QStringLiteral("field"), field}, {QStringLiteral("reason"), reason}};
}

ScopeVerdict checkScope(const RuleText &rule)
{
    ScopeVerdict verdict;
    const QString target = rule.targetAgent;
    if (target == QLatin1String("objective_agent") || target == QLatin1String("goal_agent")) {
        verdict.findings.append({QStringLiteral("target_agent"),
            QStringLiteral("%1 is out of scope: strategic intent is fixed by the system designers")
                .arg(target),
            target});
    } else if (!allowedTargetAgents().contains(target)) {
        verdict.findings.append({QStringLiteral("target_agent"),
            QStringLiteral("\"%1\" is not an agent memory rules may target (allowed: %2)")
                .arg(target, allowedTargetAgents().join(QStringLiteral(", "))),
            target});
    }

    const std::pair<QString, const QString *> fields[] = {
        {QStringLiteral("trigger_condition"), &rule.triggerCondition},
        {QStringLiteral("instruction"), &rule.instruction}, {QStringLiteral("rationale"), &rule.rationale}};
    for (const auto &[name, text] : fields) {
        if (name != QLatin1String("rationale") && text->trimmed().isEmpty()) {
            verdict.findings.append(
                {name, QStringLiteral("is empty: a rule must say when and what"), QStringLiteral("empty %1").arg(name)});
            continue;
        }
        for (const TextCheck &check : textChecks()) {
            const QRegularExpressionMatch m = check.pattern.match(*text);
            if (m.hasMatch())
                verdict.findings.append({name, check.reason.arg(m.captured(0)), m.captured(0)});
        }
    }
    return verdict;
}

} // namespace lk::rules
