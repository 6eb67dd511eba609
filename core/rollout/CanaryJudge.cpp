#include "core/rollout/CanaryJudge.h"

#include "core/drift/Statistics.h"

#include <QJsonArray>

#include <algorithm>
#include <cmath>

namespace lk::rollout {

namespace {

QString percent(double x)
{
    return QString::number(100.0 * x, 'f', 1) + QStringLiteral(" %");
}

QString formatValue(const MetricRule &rule, double x)
{
    return rule.test == QLatin1String("rank") ? QString::number(x, 'f', 2) + QStringLiteral(" ms") : percent(x);
}

/// Whether canary `c` against primary `p` stays within the rule's allowed change.
bool withinAllowed(const MetricRule &rule, double c, double p)
{
    const double change = std::abs(c - p);
    return change <= rule.allowedAbsolute + 1e-12 || change <= rule.allowedRelative * std::abs(p) + 1e-12;
}

/// Sets status and passed from a significance result and the size of the change.
void classify(MetricVerdict &v, const MetricRule &rule, double alpha)
{
    const bool significant = v.pValue < alpha;
    if (!significant || withinAllowed(rule, v.canary, v.primary)) {
        v.status = QStringLiteral("pass");
        v.passed = true;
    } else {
        v.status = v.canary > v.primary ? QStringLiteral("high") : QStringLiteral("low");
        const bool hurts = (v.status == QLatin1String("high")) == (rule.badDirection == QLatin1String("increase"));
        v.passed = !hurts;
    }
    const QString verdict = v.status == QLatin1String("pass")
        ? (significant ? QStringLiteral("within the allowed change") : QStringLiteral("no significant difference"))
        : (v.passed ? QStringLiteral("significantly %1, which does not hurt").arg(v.status == QLatin1String("high") ? QStringLiteral("higher") : QStringLiteral("lower"))
                    : QStringLiteral("significantly %1 beyond the allowed change").arg(v.status == QLatin1String("high") ? QStringLiteral("higher") : QStringLiteral("lower")));
    v.explanation = QStringLiteral("%1: canary %2 vs primary %3 (p = %4): %5.")
                        .arg(v.metric, formatValue(rule, v.canary), formatValue(rule, v.primary),
                            QString::number(v.pValue, 'g', 3), verdict);
}

MetricVerdict proportionMetric(const MetricRule &rule, const RolloutPlan &plan, qint64 kc, qint64 nc, qint64 kp,
    qint64 np, qint64 minimum, const QString &what)
{
    MetricVerdict v;
    v.metric = rule.name;
    v.critical = rule.critical;
    v.canary = nc > 0 ? double(kc) / double(nc) : 0;
    v.primary = np > 0 ? double(kp) / double(np) : 0;
    if (nc < minimum || np < minimum) {
        v.status = QStringLiteral("no_data");
        v.explanation = QStringLiteral("%1: %2 canary and %3 primary %4; at least %5 each are needed.")
                            .arg(rule.name)
                            .arg(nc)
                            .arg(np)
                            .arg(what)
                            .arg(minimum);
        return v;
    }
    v.pValue = drift::twoProportionTest(kc, nc, kp, np).pValue;
    classify(v, rule, plan.alpha);
    return v;
}

MetricVerdict latencyMetric(const MetricRule &rule, const RolloutPlan &plan, const GroupWindow &c, const GroupWindow &p)
{
    MetricVerdict v;
    v.metric = rule.name;
    v.critical = rule.critical;
    const qint64 minimum = 20;
    if (qint64(c.latenciesMs.size()) < minimum || qint64(p.latenciesMs.size()) < minimum) {
        v.status = QStringLiteral("no_data");
        v.explanation = QStringLiteral("%1: %2 canary and %3 primary latencies; at least %4 each are needed.")
                            .arg(rule.name)
                            .arg(c.latenciesMs.size())
                            .arg(p.latenciesMs.size())
                            .arg(minimum);
        return v;
    }
    v.canary = percentile(c.latenciesMs, 95);
    v.primary = percentile(p.latenciesMs, 95);
    v.pValue = drift::mannWhitneyU(c.latenciesMs, p.latenciesMs).pValue;
    classify(v, rule, plan.alpha);
    return v;
}

} // namespace

void GroupWindow::add(const GroupWindow &other)
{
    nodes += other.nodes;
    predictions += other.predictions;
    escalations += other.escalations;
    errors += other.errors;
    labelled += other.labelled;
    agreed += other.agreed;
    latenciesMs.insert(latenciesMs.end(), other.latenciesMs.begin(), other.latenciesMs.end());
}

QJsonObject GroupWindow::toJson() const
{
    return {{QStringLiteral("nodes"), nodes}, {QStringLiteral("predictions"), predictions},
        {QStringLiteral("escalations"), escalations}, {QStringLiteral("errors"), errors},
        {QStringLiteral("labelled"), labelled}, {QStringLiteral("agreed"), agreed},
        {QStringLiteral("latency_samples"), qint64(latenciesMs.size())},
        {QStringLiteral("latency_p95_ms"), percentile(latenciesMs, 95)}};
}

QJsonObject MetricVerdict::toJson() const
{
    return {{QStringLiteral("metric"), metric}, {QStringLiteral("status"), status}, {QStringLiteral("passed"), passed},
        {QStringLiteral("critical"), critical}, {QStringLiteral("canary"), canary}, {QStringLiteral("primary"), primary},
        {QStringLiteral("p_value"), pValue}, {QStringLiteral("explanation"), explanation}};
}

QJsonObject Judgement::toJson() const
{
    QJsonArray list;
    for (const MetricVerdict &m : metrics)
        list.append(m.toJson());
    return {{QStringLiteral("result"), result}, {QStringLiteral("score"), score}, {QStringLiteral("metrics"), list},
        {QStringLiteral("canary"), canary.toJson()}, {QStringLiteral("primary"), primary.toJson()}};
}

double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const double rank = std::clamp(p, 0.0, 100.0) / 100.0 * double(values.size() - 1);
    const auto low = std::size_t(std::floor(rank));
    const auto high = std::min(low + 1, values.size() - 1);
    return values[low] + (values[high] - values[low]) * (rank - double(low));
}

Judgement judge(const RolloutPlan &plan, const GroupWindow &canary, const GroupWindow &primary)
{
    Judgement j;
    j.canary = canary;
    j.primary = primary;
    int withData = 0;
    int passing = 0;
    bool criticalFailed = false;
    for (const MetricRule &rule : plan.metrics) {
        if (!rule.enabled)
            continue;
        MetricVerdict v;
        if (rule.name == QLatin1String("escalation_rate"))
            v = proportionMetric(rule, plan, canary.escalations, canary.predictions, primary.escalations,
                primary.predictions, plan.minPredictions, QStringLiteral("predictions"));
        else if (rule.name == QLatin1String("accuracy"))
            v = proportionMetric(rule, plan, canary.agreed, canary.labelled, primary.agreed, primary.labelled,
                plan.minLabelled, QStringLiteral("corrected escalations"));
        else if (rule.name == QLatin1String("error_rate"))
            v = proportionMetric(rule, plan, canary.errors, canary.predictions + canary.errors, primary.errors,
                primary.predictions + primary.errors, plan.minPredictions, QStringLiteral("requests"));
        else
            v = latencyMetric(rule, plan, canary, primary);
        if (v.status != QLatin1String("no_data")) {
            ++withData;
            passing += v.passed ? 1 : 0;
            criticalFailed = criticalFailed || (v.critical && !v.passed);
        }
        j.metrics.push_back(std::move(v));
    }
    if (withData == 0) {
        j.result = QStringLiteral("no_data");
        return j;
    }
    j.score = criticalFailed ? 0.0 : 100.0 * passing / withData;
    j.result = j.score >= plan.passScore ? QStringLiteral("passed")
        : j.score >= plan.marginalScore  ? QStringLiteral("marginal")
                                         : QStringLiteral("failed");
    return j;
}

} // namespace lk::rollout
