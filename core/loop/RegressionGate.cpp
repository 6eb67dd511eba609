#include "core/loop/RegressionGate.h"

#include "core/common/Error.h"

#include <QJsonArray>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

namespace lk::loop {

namespace {

// Accuracies are ratios of counts; a threshold the value merely touches counts as met.
constexpr double kEps = 1e-9;

[[noreturn]] void usage(const QString &message)
{
    throw Error(ErrorKind::Usage, message);
}

[[noreturn]] void badInput(const QString &message)
{
    throw Error(ErrorKind::Input, message);
}

QString num(double value)
{
    return QString::number(value, 'g', 6);
}

QJsonValue optNum(const std::optional<double> &v)
{
    return v ? QJsonValue(*v) : QJsonValue();
}

QJsonValue finiteOrNull(double v)
{
    return std::isfinite(v) ? QJsonValue(v) : QJsonValue();
}

GateCheck check(const QString &gate, CheckResult result, std::optional<double> value,
    std::optional<double> threshold, const QString &reason)
{
    return GateCheck{gate, result, value, threshold, reason};
}

void validateInputs(const GateInputs &in)
{
    if (in.classes < 2)
        badInput(
            QStringLiteral("regression gate: a classifier needs at least 2 classes, not %1").arg(in.classes));
    const size_t n = in.labels.size();
    if (n == 0)
        badInput(QStringLiteral("regression gate: the evaluation set is empty; replay the held-out test data "
                                "and the recent corrected escalations first"));
    const auto sameSize = [n](size_t size, const QString &what) {
        if (size != n)
            badInput(QStringLiteral("regression gate: %1 has %2 entries for %3 evaluation inputs")
                         .arg(what)
                         .arg(qulonglong(size))
                         .arg(qulonglong(n)));
    };
    sameSize(in.candidate.size(), QStringLiteral("the candidate's answers"));
    if (!in.incumbent.empty())
        sameSize(in.incumbent.size(), QStringLiteral("the incumbent's answers"));
    if (!in.subsets.empty())
        sameSize(in.subsets.size(), QStringLiteral("the subset list"));
    for (size_t i = 0; i < in.subsets.size(); ++i) {
        if (in.subsets[i] < 0)
            badInput(QStringLiteral("regression gate: input %1 has subset tag %2; tags are 0 or more")
                         .arg(qulonglong(i))
                         .arg(in.subsets[i]));
    }
    const auto inRange = [&in](int label) { return label >= 0 && label < in.classes; };
    for (size_t i = 0; i < n; ++i) {
        if (!inRange(in.labels[i]))
            badInput(QStringLiteral("regression gate: input %1 has label %2, outside 0–%3")
                         .arg(qulonglong(i))
                         .arg(in.labels[i])
                         .arg(in.classes - 1));
    }
    const auto answers = [&](const std::vector<ModelAnswer> &list, const QString &who) {
        for (size_t i = 0; i < list.size(); ++i) {
            if (!inRange(list[i].label))
                badInput(
                    QStringLiteral("regression gate: the %1 predicted class %2 for input %3, outside 0–%4")
                        .arg(who)
                        .arg(list[i].label)
                        .arg(qulonglong(i))
                        .arg(in.classes - 1));
            const double conf = list[i].confidence;
            if (!(conf >= 0.0 && conf <= 1.0))
                badInput(
                    QStringLiteral("regression gate: the %1's confidence for input %2 is %3, not in [0, 1]")
                        .arg(who, QString::number(i), num(conf)));
        }
    };
    answers(in.candidate, QStringLiteral("candidate"));
    answers(in.incumbent, QStringLiteral("incumbent"));
    const auto timings = [](const std::vector<double> &list, const QString &who) {
        for (size_t i = 0; i < list.size(); ++i) {
            if (!(std::isfinite(list[i]) && list[i] >= 0.0))
                badInput(
                    QStringLiteral("regression gate: the %1's latency #%2 is %3 ms; timings must be finite "
                                   "and not negative")
                        .arg(who, QString::number(i), num(list[i])));
        }
    };
    timings(in.candidateLatencyMs, QStringLiteral("candidate"));
    timings(in.incumbentLatencyMs, QStringLiteral("incumbent"));
}

ModelEvaluation evaluate(const GateInputs &in, const std::vector<ModelAnswer> &answers,
    const std::vector<double> &latencies, const std::vector<qint64> &support, double threshold)
{
    ModelEvaluation e;
    e.classCorrect.assign(size_t(in.classes), 0);
    for (size_t i = 0; i < answers.size(); ++i) {
        if (answers[i].label == in.labels[i]) {
            ++e.correct;
            ++e.classCorrect[size_t(in.labels[i])];
        }
        // The node keeps a prediction at exactly its threshold and escalates those below it.
        if (answers[i].confidence < threshold)
            ++e.escalations;
    }
    const double n = double(answers.size());
    e.accuracy = double(e.correct) / n;
    e.escalationRate = double(e.escalations) / n;
    e.classAccuracy.resize(size_t(in.classes));
    for (size_t k = 0; k < size_t(in.classes); ++k)
        e.classAccuracy[k] = support[k] > 0 ? double(e.classCorrect[k]) / double(support[k])
                                            : std::numeric_limits<double>::quiet_NaN();
    e.latencyCount = qint64(latencies.size());
    if (!latencies.empty()) {
        e.latencyP50Ms = percentile(latencies, 50);
        e.latencyP95Ms = percentile(latencies, 95);
    }
    return e;
}

std::vector<SubsetResult> subsetResults(const GateInputs &in)
{
    std::map<int, SubsetResult> byTag;
    const bool withIncumbent = !in.incumbent.empty();
    for (size_t i = 0; i < in.subsets.size(); ++i) {
        SubsetResult &s = byTag[in.subsets[i]];
        ++s.size;
        s.candidateCorrect += in.candidate[i].label == in.labels[i];
        if (withIncumbent)
            s.incumbentCorrect = s.incumbentCorrect.value_or(0) + (in.incumbent[i].label == in.labels[i]);
    }
    std::vector<SubsetResult> out;
    for (auto &[tag, s] : byTag) {
        s.tag = tag;
        s.name = tag < in.subsetNames.size() ? in.subsetNames.at(tag) : QStringLiteral("subset %1").arg(tag);
        s.candidateAccuracy = double(s.candidateCorrect) / double(s.size);
        if (s.incumbentCorrect)
            s.incumbentAccuracy = double(*s.incumbentCorrect) / double(s.size);
        out.push_back(s);
    }
    return out;
}

// log of C(n, k) / 2^n, the probability of k successes in n fair coin flips.
double logBinomialHalf(qint64 n, qint64 k)
{
    return std::lgamma(double(n) + 1) - std::lgamma(double(k) + 1) - std::lgamma(double(n - k) + 1)
        - double(n) * std::log(2.0);
}

} // namespace

// ---------------------------------------------------------------------------------------------

void GateConfig::validate() const
{
    const auto points = [](double v, const QString &key, double lo, double hi) {
        if (!(v >= lo && v <= hi))
            usage(QStringLiteral("gate config: %1 must lie in [%2, %3], not %4")
                      .arg(key, num(lo), num(hi), num(v)));
    };
    points(minLift, QStringLiteral("min_lift"), -1, 1);
    points(maxClassDrop, QStringLiteral("max_class_drop"), 0, 1);
    points(escalationRateSlack, QStringLiteral("escalation_rate_slack"), 0, 1);
    points(confidenceThreshold, QStringLiteral("confidence_threshold"), 0, 1);
    points(minAccuracy, QStringLiteral("min_accuracy"), 0, 1);
    if (!(alpha > 0.0 && alpha < 1.0))
        usage(QStringLiteral("gate config: alpha must lie strictly between 0 and 1, not %1").arg(num(alpha)));
    if (minClassSupport < 1)
        usage(
            QStringLiteral("gate config: min_class_support must be 1 or more, not %1").arg(minClassSupport));
    if (minEvalSize < 0)
        usage(QStringLiteral("gate config: min_eval_size must be 0 or more, not %1").arg(minEvalSize));
    const auto factor = [](const std::optional<double> &v, const QString &key) {
        if (v && !(std::isfinite(*v) && *v >= 1.0))
            usage(QStringLiteral("gate config: %1 must be 1 or more (or null to turn it off), not %2")
                      .arg(key, num(*v)));
    };
    factor(maxEscalationRateFactor, QStringLiteral("max_escalation_rate_factor"));
    factor(maxLatencyFactor, QStringLiteral("max_latency_factor"));
    if (!(std::isfinite(latencySlackMs) && latencySlackMs >= 0))
        usage(QStringLiteral("gate config: latency_slack_ms must be 0 or more, not %1").arg(num(latencySlackMs)));
    if (maxLatencyP95Ms && !(std::isfinite(*maxLatencyP95Ms) && *maxLatencyP95Ms > 0))
        usage(QStringLiteral("gate config: max_latency_p95_ms must be more than 0 (or null), not %1")
                  .arg(num(*maxLatencyP95Ms)));
}

QJsonObject GateConfig::toJson() const
{
    return QJsonObject{{QStringLiteral("min_lift"), minLift},
        {QStringLiteral("max_class_drop"), maxClassDrop},
        {QStringLiteral("min_class_support"), minClassSupport},
        {QStringLiteral("max_escalation_rate_factor"), optNum(maxEscalationRateFactor)},
        {QStringLiteral("escalation_rate_slack"), escalationRateSlack},
        {QStringLiteral("confidence_threshold"), confidenceThreshold},
        {QStringLiteral("max_latency_factor"), optNum(maxLatencyFactor)},
        {QStringLiteral("latency_slack_ms"), latencySlackMs},
        {QStringLiteral("max_latency_p95_ms"), optNum(maxLatencyP95Ms)}, {QStringLiteral("alpha"), alpha},
        {QStringLiteral("require_significance"), requireSignificance},
        {QStringLiteral("min_eval_size"), minEvalSize}, {QStringLiteral("min_accuracy"), minAccuracy}};
}

GateConfig gateConfigFromJson(const QJsonObject &json)
{
    // The checks speak of a call (Usage); read from a file the same problems are bad input.
    try {
        GateConfig c;
        const QStringList known = c.toJson().keys();
        for (auto it = json.begin(); it != json.end(); ++it) {
            if (!known.contains(it.key()))
                usage(QStringLiteral("gate config: unknown key \"%1\"; known keys: %2")
                          .arg(it.key(), known.join(QStringLiteral(", "))));
        }
        const auto number = [&json](const QString &key, double &out) {
            if (!json.contains(key))
                return;
            if (!json.value(key).isDouble())
                usage(QStringLiteral("gate config: %1 must be a number").arg(key));
            out = json.value(key).toDouble();
        };
        const auto optional = [&json](const QString &key, std::optional<double> &out) {
            if (!json.contains(key))
                return;
            const QJsonValue v = json.value(key);
            if (v.isNull())
                out.reset();
            else if (v.isDouble())
                out = v.toDouble();
            else
                usage(QStringLiteral("gate config: %1 must be a number or null").arg(key));
        };
        const auto whole = [&json](const QString &key, qint64 &out) {
            if (!json.contains(key))
                return;
            const QJsonValue v = json.value(key);
            if (!v.isDouble() || v.toDouble() != std::floor(v.toDouble()) || std::fabs(v.toDouble()) > 9e15)
                usage(QStringLiteral("gate config: %1 must be a whole number").arg(key));
            out = qint64(v.toDouble());
        };
        number(QStringLiteral("min_lift"), c.minLift);
        number(QStringLiteral("max_class_drop"), c.maxClassDrop);
        whole(QStringLiteral("min_class_support"), c.minClassSupport);
        optional(QStringLiteral("max_escalation_rate_factor"), c.maxEscalationRateFactor);
        number(QStringLiteral("escalation_rate_slack"), c.escalationRateSlack);
        number(QStringLiteral("confidence_threshold"), c.confidenceThreshold);
        optional(QStringLiteral("max_latency_factor"), c.maxLatencyFactor);
        number(QStringLiteral("latency_slack_ms"), c.latencySlackMs);
        optional(QStringLiteral("max_latency_p95_ms"), c.maxLatencyP95Ms);
        number(QStringLiteral("alpha"), c.alpha);
        if (json.contains(QStringLiteral("require_significance"))) {
            if (!json.value(QStringLiteral("require_significance")).isBool())
                usage(QStringLiteral("gate config: require_significance must be true or false"));
            c.requireSignificance = json.value(QStringLiteral("require_significance")).toBool();
        }
        whole(QStringLiteral("min_eval_size"), c.minEvalSize);
        number(QStringLiteral("min_accuracy"), c.minAccuracy);
        c.validate();
        return c;
    } catch (const Error &e) {
        throw Error(ErrorKind::Input, e.message());
    }
}

// ---------------------------------------------------------------------------------------------

QJsonObject McNemarResult::toJson() const
{
    return QJsonObject{{QStringLiteral("b"), b}, {QStringLiteral("c"), c}, {QStringLiteral("n"), b + c},
        {QStringLiteral("p_value"), pValue}, {QStringLiteral("chi2"), chi2},
        {QStringLiteral("chi2_p_value"), chi2PValue}};
}

McNemarResult mcnemarTest(qint64 b, qint64 c)
{
    if (b < 0 || c < 0)
        usage(QStringLiteral("McNemar's test needs counts of 0 or more, not b = %1, c = %2").arg(b).arg(c));
    McNemarResult r;
    r.b = b;
    r.c = c;
    const qint64 n = b + c;
    if (n == 0)
        return r; // no discordant pair: no evidence either way (p = 1, chi² = 0)
    const qint64 k = std::min(b, c);
    // P(X <= k) summed from its largest term (k <= n/2, so terms shrink as i falls) in log
    // space: C(1e6, 5e5) / 2^1e6 underflows nothing this way, where a direct sum would.
    const double top = logBinomialHalf(n, k);
    double sum = 0;
    for (qint64 i = k; i >= 0; --i) {
        const double term = std::exp(logBinomialHalf(n, i) - top);
        sum += term;
        if (term < 1e-17 * sum)
            break; // every further term is smaller still; they cannot move a double
    }
    r.pValue = std::min(1.0, 2.0 * std::exp(top + std::log(sum)));
    const double excess = std::max(0.0, std::fabs(double(b - c)) - 1.0);
    r.chi2 = excess * excess / double(n);
    r.chi2PValue = std::erfc(std::sqrt(r.chi2 / 2.0)); // survival of chi² with 1 df
    return r;
}

double percentile(std::vector<double> values, double q)
{
    if (values.empty())
        usage(QStringLiteral("percentile of no values"));
    if (!(q >= 0.0 && q <= 100.0))
        usage(QStringLiteral("percentile: q must lie in [0, 100], not %1").arg(num(q)));
    std::sort(values.begin(), values.end());
    const double position = double(values.size() - 1) * q / 100.0;
    const size_t lower = size_t(std::floor(position));
    const size_t upper = std::min(lower + 1, values.size() - 1);
    const double fraction = position - double(lower);
    return values[lower] + (values[upper] - values[lower]) * fraction;
}

// ---------------------------------------------------------------------------------------------

QJsonObject ModelEvaluation::toJson() const
{
    QJsonArray perClassCorrect;
    QJsonArray perClassAccuracy;
    for (const qint64 v : classCorrect)
        perClassCorrect.append(v);
    for (const double v : classAccuracy)
        perClassAccuracy.append(finiteOrNull(v));
    return QJsonObject{{QStringLiteral("correct"), correct}, {QStringLiteral("accuracy"), accuracy},
        {QStringLiteral("per_class_correct"), perClassCorrect},
        {QStringLiteral("per_class_accuracy"), perClassAccuracy},
        {QStringLiteral("escalations"), escalations}, {QStringLiteral("escalation_rate"), escalationRate},
        {QStringLiteral("latency_p50_ms"), optNum(latencyP50Ms)},
        {QStringLiteral("latency_p95_ms"), optNum(latencyP95Ms)},
        {QStringLiteral("latency_count"), latencyCount}};
}

QJsonObject SubsetResult::toJson() const
{
    return QJsonObject{{QStringLiteral("tag"), tag}, {QStringLiteral("name"), name},
        {QStringLiteral("size"), size}, {QStringLiteral("candidate_correct"), candidateCorrect},
        {QStringLiteral("candidate_accuracy"), candidateAccuracy},
        {QStringLiteral("incumbent_correct"),
            incumbentCorrect ? QJsonValue(*incumbentCorrect) : QJsonValue()},
        {QStringLiteral("incumbent_accuracy"), optNum(incumbentAccuracy)},
        {QStringLiteral("lift"),
            incumbentAccuracy ? QJsonValue(double(candidateCorrect - *incumbentCorrect) / double(size))
                              : QJsonValue()}};
}

QString gateDecisionName(GateDecision decision)
{
    switch (decision) {
    case GateDecision::Promote:
        return QStringLiteral("promote");
    case GateDecision::Reject:
        return QStringLiteral("reject");
    case GateDecision::NeedsHuman:
        return QStringLiteral("needs_human");
    }
    return {};
}

QString checkResultName(CheckResult result)
{
    switch (result) {
    case CheckResult::Pass:
        return QStringLiteral("pass");
    case CheckResult::Fail:
        return QStringLiteral("fail");
    case CheckResult::Inconclusive:
        return QStringLiteral("inconclusive");
    case CheckResult::Off:
        return QStringLiteral("off");
    }
    return {};
}

QJsonObject GateCheck::toJson() const
{
    return QJsonObject{{QStringLiteral("gate"), gate}, {QStringLiteral("result"), checkResultName(result)},
        {QStringLiteral("value"), optNum(value)}, {QStringLiteral("threshold"), optNum(threshold)},
        {QStringLiteral("reason"), reason}};
}

QJsonObject GateReport::toJson() const
{
    QJsonArray support;
    for (const qint64 v : classSupport)
        support.append(v);
    QJsonArray gates;
    for (const GateCheck &g : checks)
        gates.append(g.toJson());
    QJsonArray subsetList;
    for (const SubsetResult &s : subsets)
        subsetList.append(s.toJson());
    return QJsonObject{{QStringLiteral("decision"), gateDecisionName(decision)},
        {QStringLiteral("reasons"), QJsonArray::fromStringList(reasons)},
        {QStringLiteral("eval_size"), evalSize}, {QStringLiteral("classes"), classes},
        {QStringLiteral("class_support"), support},
        {QStringLiteral("incumbent_metrics"), hasIncumbent ? QJsonValue(incumbent.toJson()) : QJsonValue()},
        {QStringLiteral("candidate_metrics"), candidate.toJson()}, {QStringLiteral("lift"), optNum(lift)},
        {QStringLiteral("subsets"), subsetList},
        {QStringLiteral("mcnemar"), mcnemar ? QJsonValue(mcnemar->toJson()) : QJsonValue()},
        {QStringLiteral("gates"), gates}, {QStringLiteral("config"), config.toJson()}};
}

// ---------------------------------------------------------------------------------------------
// The gates, one function each; every one returns its value, threshold and reason in words.

namespace {

McNemarResult discordantPairs(const GateInputs &in)
{
    qint64 b = 0;
    qint64 c = 0;
    for (size_t i = 0; i < in.labels.size(); ++i) {
        const bool incRight = in.incumbent[i].label == in.labels[i];
        const bool candRight = in.candidate[i].label == in.labels[i];
        b += incRight && !candRight;
        c += !incRight && candRight;
    }
    return mcnemarTest(b, c);
}

// Small sets cannot fail a candidate, only make the call a human's.
GateCheck evalSizeCheck(const GateReport &r, const GateConfig &config)
{
    const bool ok = r.evalSize >= config.minEvalSize;
    return check(QStringLiteral("eval_size"), ok ? CheckResult::Pass : CheckResult::Inconclusive,
        double(r.evalSize), double(config.minEvalSize),
        ok ? QStringLiteral("%1 evaluation inputs >= min_eval_size %2")
                 .arg(r.evalSize)
                 .arg(config.minEvalSize)
           : QStringLiteral("only %1 evaluation inputs, fewer than min_eval_size %2")
                 .arg(r.evalSize)
                 .arg(config.minEvalSize));
}

// The only accuracy yardstick a first model has.
GateCheck minAccuracyCheck(const GateReport &r, const GateConfig &config)
{
    const double accuracy = r.candidate.accuracy;
    const bool ok = accuracy + kEps >= config.minAccuracy;
    return check(QStringLiteral("min_accuracy"), ok ? CheckResult::Pass : CheckResult::Fail, accuracy,
        config.minAccuracy,
        QStringLiteral("candidate accuracy %1 %2 min_accuracy %3 (first model)")
            .arg(num(accuracy), ok ? QStringLiteral(">=") : QStringLiteral("<"), num(config.minAccuracy)));
}

GateCheck liftCheck(const GateReport &r, const GateConfig &config)
{
    const bool ok = *r.lift + kEps >= config.minLift;
    return check(QStringLiteral("min_lift"), ok ? CheckResult::Pass : CheckResult::Fail, *r.lift,
        config.minLift,
        QStringLiteral("lift %1 (accuracy %2 vs incumbent %3) %4 min_lift %5")
            .arg(num(*r.lift), num(r.candidate.accuracy), num(r.incumbent.accuracy),
                ok ? QStringLiteral(">=") : QStringLiteral("<"), num(config.minLift)));
}

// Over the classes with enough inputs to judge; the others are named as not gated.
GateCheck classDropCheck(const GateReport &r, const GateConfig &config)
{
    const ModelEvaluation &inc = r.incumbent;
    const ModelEvaluation &cand = r.candidate;
    int worst = -1;
    double worstDrop = -std::numeric_limits<double>::infinity();
    QStringList failing;
    QStringList tooSmall;
    for (int k = 0; k < r.classes; ++k) {
        const size_t i = size_t(k);
        const qint64 support = r.classSupport[i];
        if (support == 0)
            continue;
        if (support < config.minClassSupport) {
            tooSmall.append(QString::number(k));
            continue;
        }
        const double drop = double(inc.classCorrect[i] - cand.classCorrect[i]) / double(support);
        if (drop > worstDrop) {
            worstDrop = drop;
            worst = k;
        }
        if (drop > config.maxClassDrop + kEps)
            failing.append(QStringLiteral("class %1: %2 → %3 (−%4, %5 inputs)")
                               .arg(k)
                               .arg(num(inc.classAccuracy[i]), num(cand.classAccuracy[i]), num(drop))
                               .arg(support));
    }
    const QString gate = QStringLiteral("max_class_drop");
    const QString skipped = tooSmall.isEmpty()
        ? QString()
        : QStringLiteral("; not gated (fewer than %1 inputs): class %2")
              .arg(config.minClassSupport)
              .arg(tooSmall.join(QStringLiteral(", ")));
    if (worst < 0)
        return check(gate, CheckResult::Inconclusive, std::nullopt, config.maxClassDrop,
            QStringLiteral("no class has %1 evaluation inputs to judge a drop by").arg(config.minClassSupport)
                + skipped);
    if (!failing.isEmpty())
        return check(gate, CheckResult::Fail, worstDrop, config.maxClassDrop,
            QStringLiteral("accuracy fell by more than max_class_drop %1 in %2")
                    .arg(num(config.maxClassDrop), failing.join(QStringLiteral("; ")))
                + skipped);
    return check(gate, CheckResult::Pass, worstDrop, config.maxClassDrop,
        QStringLiteral("largest class drop %1 (class %2) <= max_class_drop %3")
                .arg(num(worstDrop))
                .arg(worst)
                .arg(num(config.maxClassDrop))
            + skipped);
}

// At the nodes' threshold: what the fleet would escalate with the candidate deployed.
GateCheck escalationRateCheck(const GateReport &r, const GateConfig &config)
{
    if (!config.maxEscalationRateFactor)
        return check(QStringLiteral("escalation_rate"), CheckResult::Off, std::nullopt, std::nullopt,
            QStringLiteral("escalation-rate gate off"));
    const double inc = r.incumbent.escalationRate;
    const double cand = r.candidate.escalationRate;
    const double allowed = std::max(inc * *config.maxEscalationRateFactor, inc + config.escalationRateSlack);
    const bool ok = cand <= allowed + kEps;
    return check(QStringLiteral("escalation_rate"), ok ? CheckResult::Pass : CheckResult::Fail, cand, allowed,
        QStringLiteral(
            "escalation rate at confidence %1: %2 vs incumbent %3, %4 the allowed %5 (max of ×%6 and +%7)")
            .arg(num(config.confidenceThreshold), num(cand), num(inc),
                ok ? QStringLiteral("within") : QStringLiteral("above"), num(allowed),
                num(*config.maxEscalationRateFactor), num(config.escalationRateSlack)));
}

// Relative to the incumbent timed the same way.
GateCheck latencyFactorCheck(const GateReport &r, const GateConfig &config)
{
    const QString gate = QStringLiteral("latency_p95_factor");
    if (!config.maxLatencyFactor)
        return check(
            gate, CheckResult::Off, std::nullopt, std::nullopt, QStringLiteral("relative latency gate off"));
    const std::optional<double> &cand = r.candidate.latencyP95Ms;
    const std::optional<double> &inc = r.incumbent.latencyP95Ms;
    if (!cand || !inc)
        return check(gate, CheckResult::Inconclusive, std::nullopt, *config.maxLatencyFactor,
            QStringLiteral("latency not measured for the %1")
                .arg(!cand && !inc ? QStringLiteral("candidate and the incumbent")
                        : !cand    ? QStringLiteral("candidate")
                                   : QStringLiteral("incumbent")));
    const double budget = std::max(*inc * *config.maxLatencyFactor, *inc + config.latencySlackMs);
    const bool ok = *cand <= budget + kEps;
    return check(gate, ok ? CheckResult::Pass : CheckResult::Fail, *cand, budget,
        QStringLiteral("p95 latency %1 ms %2 %3 ms (max of the incumbent's %4 ms × %5 and + %6 ms)")
            .arg(num(*cand), ok ? QStringLiteral("within") : QStringLiteral("over"), num(budget), num(*inc),
                num(*config.maxLatencyFactor), num(config.latencySlackMs)));
}

// An absolute budget: the one latency yardstick a first model has.
GateCheck latencyBudgetCheck(const GateReport &r, const GateConfig &config)
{
    const QString gate = QStringLiteral("latency_p95_ms");
    if (!config.maxLatencyP95Ms)
        return check(
            gate, CheckResult::Off, std::nullopt, std::nullopt, QStringLiteral("no absolute latency budget"));
    const std::optional<double> &cand = r.candidate.latencyP95Ms;
    if (!cand)
        return check(gate, CheckResult::Inconclusive, std::nullopt, *config.maxLatencyP95Ms,
            QStringLiteral("latency not measured for the candidate"));
    const bool ok = *cand <= *config.maxLatencyP95Ms + kEps;
    return check(gate, ok ? CheckResult::Pass : CheckResult::Fail, *cand, *config.maxLatencyP95Ms,
        QStringLiteral("p95 latency %1 ms %2 max_latency_p95_ms %3")
            .arg(num(*cand), ok ? QStringLiteral("<=") : QStringLiteral(">"), num(*config.maxLatencyP95Ms)));
}

QString describe(const McNemarResult &m)
{
    return QStringLiteral(
        "McNemar b = %1 (only the incumbent right), c = %2 (only the candidate right), exact p = %3")
        .arg(m.b)
        .arg(m.c)
        .arg(num(m.pValue));
}

// The paired test on the same inputs sees what the lift alone cannot: whether a loss is noise.
GateCheck notWorseCheck(const McNemarResult &m, const GateConfig &config)
{
    const bool worse = m.pValue < config.alpha && m.b > m.c;
    return check(QStringLiteral("not_worse"), worse ? CheckResult::Fail : CheckResult::Pass, m.pValue,
        config.alpha,
        describe(m)
            + (worse ? QStringLiteral(" < alpha %1: the candidate is significantly worse")
                     : QStringLiteral(": not significantly worse at alpha %1"))
                  .arg(num(config.alpha)));
}

GateCheck improvementCheck(const McNemarResult &m, const GateConfig &config)
{
    const QString gate = QStringLiteral("significant_improvement");
    if (m.pValue < config.alpha && m.c > m.b)
        return check(gate, CheckResult::Pass, m.pValue, config.alpha,
            describe(m) + QStringLiteral(" < alpha %1: significantly better").arg(num(config.alpha)));
    if (config.requireSignificance)
        return check(gate, CheckResult::Inconclusive, m.pValue, config.alpha,
            describe(m) + QStringLiteral(": no significant improvement at alpha %1").arg(num(config.alpha)));
    return check(gate, CheckResult::Off, m.pValue, config.alpha,
        describe(m) + QStringLiteral(": significance not required"));
}

} // namespace

GateReport evaluateGate(const GateInputs &in, const GateConfig &config)
{
    config.validate();
    validateInputs(in);

    GateReport r;
    r.config = config;
    r.classes = in.classes;
    r.evalSize = qint64(in.labels.size());
    r.hasIncumbent = !in.incumbent.empty();
    r.classSupport.assign(size_t(in.classes), 0);
    for (const int label : in.labels)
        ++r.classSupport[size_t(label)];
    r.subsets = subsetResults(in);
    r.candidate =
        evaluate(in, in.candidate, in.candidateLatencyMs, r.classSupport, config.confidenceThreshold);
    if (r.hasIncumbent) {
        r.incumbent =
            evaluate(in, in.incumbent, in.incumbentLatencyMs, r.classSupport, config.confidenceThreshold);
        // From the counts, so that equal accuracies give a lift of exactly 0.
        r.lift = double(r.candidate.correct - r.incumbent.correct) / double(r.evalSize);
        r.mcnemar = discordantPairs(in);
    }

    const QString noIncumbent = QStringLiteral("no incumbent: first model of the line");
    const auto off = [](const QString &gate, const QString &why) {
        return check(gate, CheckResult::Off, std::nullopt, std::nullopt, why);
    };
    r.checks.push_back(evalSizeCheck(r, config));
    r.checks.push_back(r.hasIncumbent ? off(QStringLiteral("min_accuracy"),
                           QStringLiteral("incumbent present: the relative gates apply"))
                                      : minAccuracyCheck(r, config));
    if (r.hasIncumbent) {
        r.checks.push_back(liftCheck(r, config));
        r.checks.push_back(classDropCheck(r, config));
        r.checks.push_back(escalationRateCheck(r, config));
        r.checks.push_back(latencyFactorCheck(r, config));
    } else {
        for (const char *gate : {"min_lift", "max_class_drop", "escalation_rate", "latency_p95_factor"})
            r.checks.push_back(off(QString::fromLatin1(gate), noIncumbent));
    }
    r.checks.push_back(latencyBudgetCheck(r, config));
    if (r.hasIncumbent) {
        r.checks.push_back(notWorseCheck(*r.mcnemar, config));
        r.checks.push_back(improvementCheck(*r.mcnemar, config));
    } else {
        r.checks.push_back(off(QStringLiteral("not_worse"), noIncumbent));
        r.checks.push_back(off(QStringLiteral("significant_improvement"), noIncumbent));
    }

    bool anyFail = false;
    bool anyInconclusive = false;
    for (const GateCheck &g : r.checks) {
        anyFail = anyFail || g.result == CheckResult::Fail;
        anyInconclusive = anyInconclusive || g.result == CheckResult::Inconclusive;
    }
    // A clear failure keeps the incumbent without asking anyone: whatever the inconclusive
    // evidence turned out to be, the candidate would still fail that gate.
    r.decision = anyFail  ? GateDecision::Reject
        : anyInconclusive ? GateDecision::NeedsHuman
                          : GateDecision::Promote;
    const CheckResult shown = anyFail ? CheckResult::Fail
        : anyInconclusive             ? CheckResult::Inconclusive
                                      : CheckResult::Pass;
    for (const GateCheck &g : r.checks) {
        if (g.result == shown)
            r.reasons.append(g.reason);
    }
    return r;
}

} // namespace lk::loop
