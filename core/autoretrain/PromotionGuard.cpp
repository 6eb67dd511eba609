#include "core/autoretrain/PromotionGuard.h"

#include <QJsonArray>

namespace lk::autoretrain {

namespace {

QString num(double value)
{
    return QString::number(value, 'g', 10);
}

GateResult scoreGate(const RunMetrics &m, const GuardConfig &c)
{
    GateResult g;
    g.gate = QStringLiteral("min_score");
    g.threshold = c.minScore;
    g.value = m.verificationScore;
    if (!m.verificationScore) {
        g.outcome = GateOutcome::Missing;
        g.reason = QStringLiteral("verification_score not reported (min_score %1)").arg(num(c.minScore));
        return g;
    }
    const double score = *m.verificationScore;
    if (score >= c.minScore) {
        g.outcome = GateOutcome::Pass;
        g.reason = QStringLiteral("verification_score %1 >= min_score %2").arg(num(score), num(c.minScore));
    } else if (c.needsHumanMargin > 0 && score + c.needsHumanMargin >= c.minScore) {
        // Written as score + margin rather than min - score so that a score exactly at the band's
        // edge (0.75 with 0.8 and 0.05) lands in the band despite binary rounding.
        g.outcome = GateOutcome::Borderline;
        g.reason = QStringLiteral("verification_score %1 < min_score %2, within the needs-human margin %3")
                       .arg(num(score), num(c.minScore), num(c.needsHumanMargin));
    } else {
        g.outcome = GateOutcome::Fail;
        g.reason = QStringLiteral("verification_score %1 < min_score %2").arg(num(score), num(c.minScore));
        if (c.needsHumanMargin > 0)
            g.reason +=
                QStringLiteral(" by more than the needs-human margin %1").arg(num(c.needsHumanMargin));
    }
    return g;
}

GateResult escalationGate(const RunMetrics &m, const GuardConfig &c)
{
    GateResult g;
    g.gate = QStringLiteral("max_escalations");
    g.threshold = c.maxEscalations;
    if (m.escalations)
        g.value = *m.escalations;
    if (c.allowEscalations) {
        g.outcome = GateOutcome::Off;
        g.reason = QStringLiteral("escalations allowed");
        return g;
    }
    if (!m.escalations) {
        g.outcome = GateOutcome::Missing;
        g.reason = QStringLiteral("escalations not reported (max_escalations %1)").arg(c.maxEscalations);
    } else if (*m.escalations <= c.maxEscalations) {
        g.outcome = GateOutcome::Pass;
        g.reason =
            QStringLiteral("escalations %1 <= max_escalations %2").arg(*m.escalations).arg(c.maxEscalations);
    } else {
        g.outcome = GateOutcome::Fail;
        g.reason =
            QStringLiteral("escalations %1 > max_escalations %2").arg(*m.escalations).arg(c.maxEscalations);
    }
    return g;
}

GateResult runtimeGate(const RunMetrics &m, const GuardConfig &c)
{
    GateResult g;
    g.gate = QStringLiteral("max_runtime_s");
    g.threshold = c.maxRuntimeS;
    g.value = m.runtimeS;
    if (c.maxRuntimeS <= 0) {
        g.outcome = GateOutcome::Off;
        g.reason = QStringLiteral("no runtime budget");
        return g;
    }
    if (!m.runtimeS) {
        g.outcome = GateOutcome::Missing;
        g.reason = QStringLiteral("runtime_s not reported (max_runtime_s %1)").arg(num(c.maxRuntimeS));
    } else if (*m.runtimeS <= c.maxRuntimeS) {
        g.outcome = GateOutcome::Pass;
        g.reason =
            QStringLiteral("runtime_s %1 <= max_runtime_s %2").arg(num(*m.runtimeS), num(c.maxRuntimeS));
    } else {
        g.outcome = GateOutcome::Fail;
        g.reason =
            QStringLiteral("runtime_s %1 > max_runtime_s %2").arg(num(*m.runtimeS), num(c.maxRuntimeS));
    }
    return g;
}

} // namespace

QString decisionName(Decision decision)
{
    switch (decision) {
    case Decision::Promote:
        return QStringLiteral("promote");
    case Decision::Reject:
        return QStringLiteral("reject");
    case Decision::NeedsHuman:
        return QStringLiteral("needs_human");
    }
    return {};
}

QString gateOutcomeName(GateOutcome outcome)
{
    switch (outcome) {
    case GateOutcome::Pass:
        return QStringLiteral("pass");
    case GateOutcome::Fail:
        return QStringLiteral("fail");
    case GateOutcome::Borderline:
        return QStringLiteral("borderline");
    case GateOutcome::Missing:
        return QStringLiteral("missing");
    case GateOutcome::Off:
        return QStringLiteral("off");
    }
    return {};
}

QJsonObject GuardConfig::toJson() const
{
    return QJsonObject{{QStringLiteral("min_score"), minScore},
        {QStringLiteral("needs_human_margin"), needsHumanMargin},
        {QStringLiteral("max_escalations"), allowEscalations ? QJsonValue() : QJsonValue(maxEscalations)},
        {QStringLiteral("allow_escalations"), allowEscalations},
        {QStringLiteral("max_runtime_s"), maxRuntimeS > 0 ? QJsonValue(maxRuntimeS) : QJsonValue()}};
}

QJsonObject GateResult::toJson() const
{
    return QJsonObject{{QStringLiteral("gate"), gate},
        {QStringLiteral("value"), value ? QJsonValue(*value) : QJsonValue()},
        {QStringLiteral("threshold"), outcome == GateOutcome::Off ? QJsonValue() : QJsonValue(threshold)},
        {QStringLiteral("result"), gateOutcomeName(outcome)}, {QStringLiteral("reason"), reason}};
}

QJsonObject Verdict::toJson() const
{
    QJsonArray gateList;
    for (const GateResult &g : gates)
        gateList.append(g.toJson());
    return QJsonObject{{QStringLiteral("decision"), decisionName(decision)},
        {QStringLiteral("reasons"), QJsonArray::fromStringList(reasons)},
        {QStringLiteral("gates"), gateList}};
}

Verdict judgeRun(const RunMetrics &metrics, const GuardConfig &config)
{
    Verdict v;
    v.gates = {scoreGate(metrics, config), escalationGate(metrics, config), runtimeGate(metrics, config)};
    const auto doubtful = [](const GateResult &g) {
        return g.outcome == GateOutcome::Borderline || g.outcome == GateOutcome::Missing;
    };
    bool anyFailed = false;
    bool anyDoubtful = false;
    for (const GateResult &g : v.gates) {
        anyFailed = anyFailed || g.outcome == GateOutcome::Fail;
        anyDoubtful = anyDoubtful || doubtful(g);
    }
    // A clear failure is decided without a human: nobody should have to review a run that
    // would be rejected whatever the missing value turned out to be.
    v.decision = anyFailed ? Decision::Reject : anyDoubtful ? Decision::NeedsHuman : Decision::Promote;
    for (const GateResult &g : v.gates) {
        if (anyFailed ? g.outcome == GateOutcome::Fail : doubtful(g))
            v.reasons.append(g.reason);
    }
    return v;
}

} // namespace lk::autoretrain
