#include "core/rollout/RolloutPlan.h"

#include "core/common/Error.h"
#include "core/common/JsonSettings.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>
#include <cmath>
#include <map>

namespace lk::rollout {

namespace {

const QString kContext = QStringLiteral("rollout plan");

MetricRule rule(const char *name, const char *test, const char *bad, double relative, double absolute, bool critical)
{
    MetricRule r;
    r.name = QString::fromLatin1(name);
    r.test = QString::fromLatin1(test);
    r.badDirection = QString::fromLatin1(bad);
    r.allowedRelative = relative;
    r.allowedAbsolute = absolute;
    r.critical = critical;
    return r;
}

} // namespace

std::vector<MetricRule> RolloutPlan::defaultMetrics()
{
    return {rule("escalation_rate", "proportion", "increase", 0.10, 0.01, false),
        rule("accuracy", "proportion", "decrease", 0.0, 0.05, false),
        rule("latency_p95", "rank", "increase", 0.25, 1.0, false),
        rule("error_rate", "proportion", "increase", 0.0, 0.005, true)};
}

RolloutPlan RolloutPlan::fromJson(const QJsonObject &json)
{
    using namespace settings;
    RolloutPlan p;
    onlyKnown(json, kContext, QString(),
        {QStringLiteral("steps"), QStringLiteral("window_seconds"), QStringLiteral("pass_score"),
            QStringLiteral("marginal_score"), QStringLiteral("alpha"), QStringLiteral("min_predictions"),
            QStringLiteral("min_labelled"), QStringLiteral("max_window_extensions"), QStringLiteral("max_failures"),
            QStringLiteral("max_attempts"), QStringLiteral("backoff_ms"), QStringLiteral("request_timeout_ms"),
            QStringLiteral("metrics")});
    const QJsonValue steps = json.value(QStringLiteral("steps"));
    if (!steps.isUndefined()) {
        if (!steps.isArray() || steps.toArray().isEmpty())
            invalid(kContext, QStringLiteral("steps"), QStringLiteral("must be a list of percentages ending at 100"));
        p.steps.clear();
        int previous = 0;
        for (const QJsonValue &v : steps.toArray()) {
            const double x = v.toDouble(-1);
            if (!v.isDouble() || x != std::floor(x) || x <= previous || x > 100)
                invalid(kContext, QStringLiteral("steps"),
                    QStringLiteral("must be rising whole percentages from 1 to 100 (e.g. [10, 50, 100])"));
            previous = int(x);
            p.steps.push_back(previous);
        }
        if (p.steps.back() != 100)
            invalid(kContext, QStringLiteral("steps"), QStringLiteral("must end at 100 (everyone)"));
    }
    const QString w;
    p.windowSeconds = integer(json, kContext, w, QStringLiteral("window_seconds"), p.windowSeconds, 1, 7 * 86400);
    p.passScore = number(json, kContext, w, QStringLiteral("pass_score"), p.passScore, 0, 100);
    p.marginalScore = number(json, kContext, w, QStringLiteral("marginal_score"), p.marginalScore, 0, 100);
    if (p.marginalScore > p.passScore)
        invalid(kContext, QStringLiteral("marginal_score"), QStringLiteral("must not be above pass_score"));
    p.alpha = number(json, kContext, w, QStringLiteral("alpha"), p.alpha, 1e-6, 0.5);
    p.minPredictions = integer(json, kContext, w, QStringLiteral("min_predictions"), int(p.minPredictions), 1, 1000000000);
    p.minLabelled = integer(json, kContext, w, QStringLiteral("min_labelled"), int(p.minLabelled), 1, 1000000000);
    p.maxWindowExtensions =
        integer(json, kContext, w, QStringLiteral("max_window_extensions"), p.maxWindowExtensions, 0, 100);
    p.maxFailures = integer(json, kContext, w, QStringLiteral("max_failures"), p.maxFailures, 0, 100000);
    p.maxAttempts = integer(json, kContext, w, QStringLiteral("max_attempts"), p.maxAttempts, 1, 100);
    p.backoffMs = integer(json, kContext, w, QStringLiteral("backoff_ms"), p.backoffMs, 0, 3600000);
    p.requestTimeoutMs =
        integer(json, kContext, w, QStringLiteral("request_timeout_ms"), p.requestTimeoutMs, 100, 3600000);

    const QJsonObject metrics = section(json, kContext, QStringLiteral("metrics"));
    QStringList names;
    for (const MetricRule &m : p.metrics)
        names.append(m.name);
    onlyKnown(metrics, kContext, QStringLiteral("metrics"), names);
    for (MetricRule &m : p.metrics) {
        const QString where = QStringLiteral("metrics.") + m.name;
        const QJsonValue v = metrics.value(m.name);
        if (v.isUndefined())
            continue;
        if (!v.isObject())
            invalid(kContext, where, QStringLiteral("must be an object"));
        const QJsonObject o = v.toObject();
        onlyKnown(o, kContext, where,
            {QStringLiteral("allowed_relative"), QStringLiteral("allowed_absolute"), QStringLiteral("critical"),
                QStringLiteral("enabled"), QStringLiteral("test"), QStringLiteral("bad_direction")});
        // The test and the direction that hurts are properties of the metric, shown in stored plans.
        if (o.contains(QStringLiteral("test")) && o.value(QStringLiteral("test")).toString() != m.test)
            invalid(kContext, where + QStringLiteral(".test"), QStringLiteral("is %1 for this metric").arg(m.test));
        if (o.contains(QStringLiteral("bad_direction"))
            && o.value(QStringLiteral("bad_direction")).toString() != m.badDirection)
            invalid(kContext, where + QStringLiteral(".bad_direction"),
                QStringLiteral("is %1 for this metric").arg(m.badDirection));
        m.allowedRelative = number(o, kContext, where, QStringLiteral("allowed_relative"), m.allowedRelative, 0, 100);
        m.allowedAbsolute = number(o, kContext, where, QStringLiteral("allowed_absolute"), m.allowedAbsolute, 0, 1e9);
        m.critical = boolean(o, kContext, where, QStringLiteral("critical"), m.critical);
        m.enabled = boolean(o, kContext, where, QStringLiteral("enabled"), m.enabled);
    }
    return p;
}

QJsonObject RolloutPlan::toJson() const
{
    QJsonArray stepArray;
    for (int s : steps)
        stepArray.append(s);
    QJsonObject metricObject;
    for (const MetricRule &m : metrics)
        metricObject.insert(m.name,
            QJsonObject{{QStringLiteral("test"), m.test}, {QStringLiteral("bad_direction"), m.badDirection},
                {QStringLiteral("allowed_relative"), m.allowedRelative},
                {QStringLiteral("allowed_absolute"), m.allowedAbsolute}, {QStringLiteral("critical"), m.critical},
                {QStringLiteral("enabled"), m.enabled}});
    return {{QStringLiteral("steps"), stepArray}, {QStringLiteral("window_seconds"), windowSeconds},
        {QStringLiteral("pass_score"), passScore}, {QStringLiteral("marginal_score"), marginalScore},
        {QStringLiteral("alpha"), alpha}, {QStringLiteral("min_predictions"), minPredictions},
        {QStringLiteral("min_labelled"), minLabelled}, {QStringLiteral("max_window_extensions"), maxWindowExtensions},
        {QStringLiteral("max_failures"), maxFailures}, {QStringLiteral("max_attempts"), maxAttempts},
        {QStringLiteral("backoff_ms"), backoffMs}, {QStringLiteral("request_timeout_ms"), requestTimeoutMs},
        {QStringLiteral("metrics"), metricObject}};
}

int RolloutPlan::targetCount(int step, int edgeNodes) const
{
    if (edgeNodes <= 0)
        return 0;
    if (step < 0)
        return 0;
    if (isLastStep(step))
        return edgeNodes;
    const int share = steps.at(std::size_t(step));
    const int n = int(std::ceil(double(edgeNodes) * share / 100.0 - 1e-9));
    return std::clamp(n, 1, edgeNodes);
}

int RolloutPlan::backoffBefore(int attempt) const
{
    if (attempt <= 1)
        return 0;
    double ms = backoffMs;
    for (int i = 2; i < attempt && ms < 60000; ++i)
        ms *= 2;
    return int(std::min(ms, 60000.0));
}

RolloutSettings RolloutSettings::fromJson(const QJsonObject &json)
{
    const QString context = QStringLiteral("rollout settings");
    settings::onlyKnown(json, context, QString(), {QStringLiteral("auto_rollout"), QStringLiteral("plan")});
    RolloutSettings s;
    s.autoRollout = settings::boolean(json, context, QString(), QStringLiteral("auto_rollout"), s.autoRollout);
    s.plan = RolloutPlan::fromJson(settings::section(json, context, QStringLiteral("plan")));
    return s;
}

RolloutSettings RolloutSettings::load(const QString &workspaceRoot)
{
    const QString path = QDir(workspaceRoot).filePath(QStringLiteral("rollout.json"));
    const std::optional<QJsonObject> json = settings::readObjectFile(path);
    try {
        return json ? fromJson(*json) : RolloutSettings();
    } catch (const Error &e) {
        throw Error(ErrorKind::Input, QStringLiteral("%1: %2").arg(path, e.message()));
    }
}

std::vector<fleet::FleetNode> rolloutOrder(const std::vector<fleet::FleetNode> &edgeNodes)
{
    std::map<QString, std::vector<fleet::FleetNode>> byTier;
    for (const fleet::FleetNode &n : edgeNodes)
        byTier[n.tier].push_back(n);
    for (auto &[tier, nodes] : byTier)
        std::sort(nodes.begin(), nodes.end(), [](const auto &a, const auto &b) { return a.name < b.name; });
    std::vector<fleet::FleetNode> order;
    for (std::size_t i = 0; order.size() < edgeNodes.size(); ++i) {
        for (auto &[tier, nodes] : byTier) {
            if (i < nodes.size())
                order.push_back(nodes[i]);
        }
    }
    return order;
}

} // namespace lk::rollout
