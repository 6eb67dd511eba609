#pragma once

// The regression and promotion gate (docs/learning-loop.md, "Regression gate"): the evaluation set
// is replayed through both the incumbent and the candidate, and the candidate is promoted only
// when it clears configurable lifts over the incumbent; otherwise the previous version stays.
// The caller replays the evaluation set — the held-out test data plus the recent
// corrected escalations — through both models and hands over every answer and timing; this file
// measures, applies the gates and decides promote, reject or needs_human, with every number
// behind the decision in the report so that it can be stored and shown as it is.
//
// Pure: no model, no clock, no files.

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace lk::loop {

/// One model's answer for one input: the predicted class and the model's confidence in it.
struct ModelAnswer
{
    int label = 0; ///< predicted class, in [0, classes)
    double confidence = 0; ///< in [0, 1]; below the nodes' threshold the node would escalate
};

/// Everything the replay measured. Answers are in the order of `labels`.
struct GateInputs
{
    std::vector<int> labels; ///< true class per input, in [0, classes)
    /// The incumbent's answers; EMPTY when there is no incumbent yet (the first model of a line),
    /// in which case only the absolute gates apply.
    std::vector<ModelAnswer> incumbent;
    std::vector<ModelAnswer> candidate;
    /// Milliseconds per timed call. A call may be one input or one batch — time both models the
    /// same way (same batch size, same machine, warmed up), because the gate compares their
    /// percentiles directly; the count need not match the number of inputs. Empty: not measured,
    /// and a latency gate that needs it becomes inconclusive.
    std::vector<double> incumbentLatencyMs;
    std::vector<double> candidateLatencyMs;
    int classes = 10;
    /// Optional subset tag of each input, in the order of `labels` (e.g. 0 = held-out test data,
    /// 1 = recent corrected escalations); the report gives both models' accuracy on each subset.
    /// Empty: no subsets. Tags are 0 or more.
    std::vector<int> subsets;
    /// Name of each tag for the report ({"test", "escalations"}); a tag without one is "subset N".
    QStringList subsetNames;
};

/// The gates, with Loopkeeper's defaults and the reasons for them.
struct GateConfig
{
    /// Minimum accuracy lift, candidate − incumbent, in accuracy points. 0: the candidate must
    /// not be less accurate on the evaluation set; raise it to demand a real gain per retrain.
    double minLift = 0.0;
    /// How far any single class's accuracy (recall) may fall below the incumbent's, in points.
    /// Five points: a retrain on escalations of a few classes must not quietly give up another.
    double maxClassDrop = 0.05;
    /// Classes with fewer evaluation inputs than this are reported but not gated: one error
    /// among 10 inputs is already a 10-point drop.
    qint64 minClassSupport = 30;
    /// The candidate's escalation rate may be at most the incumbent's × this (or the incumbent's
    /// + escalationRateSlack, whichever is larger). 1.1 is the drift trigger's factor: a model
    /// that escalates more than that would, once deployed, trip the drift trigger by itself.
    /// Empty: the gate is off.
    std::optional<double> maxEscalationRateFactor = 1.1;
    /// Absolute increase in escalation rate always tolerated (half a point), so that a tiny
    /// incumbent rate (0.002) does not turn two more escalations into a rejection.
    double escalationRateSlack = 0.005;
    /// The nodes' escalation threshold: a prediction with confidence below it is escalated.
    /// Must match the fleet's setting for the escalation rate to mean what the nodes will do.
    double confidenceThreshold = 0.7;
    /// Candidate p95 latency may be at most the incumbent's × this, or the incumbent's plus
    /// latencySlackMs, whichever is more. Empty: off.
    std::optional<double> maxLatencyFactor = 1.25;
    /// Milliseconds the candidate's p95 may exceed the incumbent's in any case: sub-millisecond
    /// p95s measured on a shared machine move by more than 25 % from one timing to the next.
    double latencySlackMs = 0.5;
    /// Absolute p95 budget in ms, also for first models. Empty (the default): off, because the
    /// right number depends on the nodes' hardware.
    std::optional<double> maxLatencyP95Ms;
    /// Significance level of McNemar's test (two-sided, exact).
    double alpha = 0.05;
    /// Promote only when McNemar's test shows a significant improvement; a candidate that passes
    /// every gate without one goes to a human. True, because that is what a cautious operator
    /// wants: a change the evaluation set cannot tell from noise is not rolled out unattended.
    /// False promotes whenever the gates pass and the candidate is not significantly worse.
    bool requireSignificance = true;
    /// Evaluation sets smaller than this go to a human even when every gate passes: the per-class
    /// floor needs about 100 inputs in each of 10 classes to see a 5-point drop.
    qint64 minEvalSize = 1000;
    /// Accuracy a first model (no incumbent) needs. 0.8: the reference CNN reaches about 0.9 on
    /// Fashion-MNIST, so below 0.8 the training went wrong. Set it per task; ignored when there
    /// is an incumbent (the relative gates apply then).
    double minAccuracy = 0.8;

    /// Throws lk::Error(Usage) naming the first value out of range.
    void validate() const;

    /// The config as snake_case JSON, stored with every report; an optional that is off is null.
    QJsonObject toJson() const;
};

/// Reads a GateConfig from the keys toJson() writes (e.g. the "gate" object of a config file);
/// missing keys keep their defaults, null turns an optional gate off. Throws lk::Error(Input)
/// naming the key for an unknown key, a wrong type or a value out of range.
GateConfig gateConfigFromJson(const QJsonObject &json);

/// McNemar's paired test on the discordant pairs of two models over the same inputs.
struct McNemarResult
{
    qint64 b = 0; ///< incumbent right, candidate wrong
    qint64 c = 0; ///< incumbent wrong, candidate right
    double pValue = 1; ///< exact two-sided binomial p-value: min(1, 2·P(X ≤ min(b, c))), X ~ Bin(b + c, ½)
    double chi2 = 0; ///< (|b − c| − 1)² / (b + c) with Edwards' continuity correction; 0 when b + c = 0
    double chi2PValue = 1; ///< the chi-square's p-value with 1 degree of freedom, for reference

    /// {"b", "c", "n", "p_value", "chi2", "chi2_p_value"}.
    QJsonObject toJson() const;
};

/// McNemar's test for b and c (see McNemarResult), in log space so that b + c up to 10^6 and
/// beyond stays exact to double precision. Throws lk::Error(Usage) for negative counts.
McNemarResult mcnemarTest(qint64 b, qint64 c);

/// The q-th percentile (q in [0, 100]) by linear interpolation between the closest ranks —
/// numpy.percentile's default ("linear", Hyndman & Fan type 7): position (n − 1)·q/100 in the
/// sorted values. Throws lk::Error(Usage) for no values or q outside [0, 100].
double percentile(std::vector<double> values, double q);

/// What the replay measured for one model.
struct ModelEvaluation
{
    qint64 correct = 0;
    double accuracy = 0;
    std::vector<qint64> classCorrect; ///< per true class
    std::vector<double> classAccuracy; ///< per true class (recall); NaN for a class with no inputs
    qint64 escalations = 0; ///< answers with confidence below the threshold
    double escalationRate = 0;
    std::optional<double> latencyP50Ms;
    std::optional<double> latencyP95Ms;
    qint64 latencyCount = 0; ///< timed calls behind the percentiles

    /// {"correct", "accuracy", "per_class_correct", "per_class_accuracy", "escalations",
    /// "escalation_rate", "latency_p50_ms", "latency_p95_ms", "latency_count"}; missing values
    /// are null.
    QJsonObject toJson() const;
};

/// Both models' accuracy on one subset of the evaluation set (reported, not gated).
struct SubsetResult
{
    int tag = 0;
    QString name;
    qint64 size = 0;
    qint64 candidateCorrect = 0;
    double candidateAccuracy = 0;
    std::optional<qint64> incumbentCorrect; ///< empty without an incumbent
    std::optional<double> incumbentAccuracy;

    /// {"tag", "name", "size", "candidate_correct", "candidate_accuracy", "incumbent_correct",
    /// "incumbent_accuracy", "lift"}; incumbent values and lift are null without an incumbent.
    QJsonObject toJson() const;
};

/// What the gate decided.
enum class GateDecision {
    Promote, ///< every gate passed with enough evidence: the candidate goes to the canary
    Reject, ///< a gate failed: the incumbent stays
    NeedsHuman, ///< no gate failed, but the evidence is inconclusive: a person decides
};

/// "promote", "reject" or "needs_human".
QString gateDecisionName(GateDecision decision);

/// How one gate judged the candidate.
enum class CheckResult {
    Pass,
    Fail,
    Inconclusive, ///< cannot be judged from this evidence (too small a set, no timings, not significant)
    Off, ///< disabled in the config, or not applicable (relative gates without an incumbent)
};

/// "pass", "fail", "inconclusive" or "off".
QString checkResultName(CheckResult result);

/// One gate's verdict with the value it looked at, the threshold and the reason in words.
struct GateCheck
{
    QString gate; ///< e.g. "min_lift", "max_class_drop", "latency_p95_factor"
    CheckResult result = CheckResult::Pass;
    std::optional<double> value;
    std::optional<double> threshold;
    QString reason; ///< e.g. "lift -0.012 < min_lift 0"

    /// {"gate", "result", "value", "threshold", "reason"}; absent numbers are null.
    QJsonObject toJson() const;
};

/// The gate's decision and every number behind it.
struct GateReport
{
    GateDecision decision = GateDecision::NeedsHuman;
    /// Failed gates' reasons on reject, inconclusive ones' on needs_human, all passes on promote.
    QStringList reasons;
    qint64 evalSize = 0;
    int classes = 0;
    std::vector<qint64> classSupport; ///< evaluation inputs per true class
    bool hasIncumbent = false;
    ModelEvaluation incumbent; ///< meaningful only when hasIncumbent
    ModelEvaluation candidate;
    std::optional<double> lift; ///< candidate − incumbent accuracy, in points
    std::vector<SubsetResult> subsets; ///< by tag, ascending; empty without subset tags
    std::optional<McNemarResult> mcnemar;
    /// Every gate in a fixed order: eval_size, min_accuracy, min_lift, max_class_drop,
    /// escalation_rate, latency_p95_factor, latency_p95_ms, not_worse, significant_improvement.
    std::vector<GateCheck> checks;
    GateConfig config;

    /// {"decision", "reasons", "eval_size", "classes", "class_support", "incumbent_metrics" (null
    /// without an incumbent), "candidate_metrics", "lift", "subsets", "mcnemar" (null without an
    /// incumbent), "gates", "config"}. The models' metrics are not under "incumbent"/"candidate"
    /// so that a caller can put the models' names there.
    QJsonObject toJson() const;
};

/// Measures both models and decides. Reject when any gate fails: lift below minLift, a class
/// dropping more than maxClassDrop, escalation rate or p95 latency over budget, the candidate
/// significantly worse (McNemar), or — first models only — accuracy below minAccuracy. Otherwise
/// needs_human when anything is inconclusive: fewer than minEvalSize inputs, latency not
/// measured for a latency gate, or (requireSignificance) no significant improvement. Otherwise
/// promote. Throws lk::Error(Input) for an empty set, mismatched sizes, labels or tags out of
/// range, or confidences and latencies that are not finite and non-negative; lk::Error(Usage)
/// for an invalid config.
GateReport evaluateGate(const GateInputs &inputs, const GateConfig &config = {});

} // namespace lk::loop
