#pragma once

// The promotion guard (docs/dataset-export.md): reads the numbers of one finished agent run (verification
// score, escalations, runtime) and decides whether its transcript may become fine-tune data.
// The gates are three — minimum score, zero escalations, runtime budget — kept in
// a config struct so that they can be tuned per provider and environment.

#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QVector>

#include <optional>

namespace lk::autoretrain {

/// What the guard decided for one run.
enum class Decision {
    Promote, ///< every gate passed: the run goes into the dataset
    Reject, ///< a gate clearly failed: the run is left out
    NeedsHuman, ///< no gate failed, but one cannot be judged by a machine: a person decides
};

/// "promote", "reject" or "needs_human".
QString decisionName(Decision decision);

/// Thresholds of the guard; the defaults are written into every manifest.
struct GuardConfig
{
    /// Verification score (in [0, 1]) a run needs to be promoted.
    double minScore = 0.8;
    /// Scores in [minScore - margin, minScore) are too close to call: needs_human, not reject.
    /// 0 turns the band off.
    double needsHumanMargin = 0.05;
    /// Escalations a promoted run may have had; by default "zero escalations".
    int maxEscalations = 0;
    /// Turns the escalation gate off (runs that needed help may still be promoted).
    bool allowEscalations = false;
    /// Runtime budget in seconds; a run that took longer is rejected. 0 or less: no budget.
    double maxRuntimeS = 600.0;

    /// The thresholds as JSON, for manifests and CLI output.
    QJsonObject toJson() const;
};

/// The numbers the guard reads from a transcript; an empty optional means "not reported".
struct RunMetrics
{
    std::optional<double> verificationScore;
    std::optional<int> escalations;
    std::optional<double> runtimeS;
};

/// How one gate judged a run.
enum class GateOutcome {
    Pass,
    Fail,
    Borderline, ///< below the threshold by no more than the needs-human margin
    Missing, ///< the value was not reported
    Off, ///< the gate is disabled in the config
};

/// "pass", "fail", "borderline", "missing" or "off".
QString gateOutcomeName(GateOutcome outcome);

/// One gate's verdict: the run's value against the threshold, and why in words.
struct GateResult
{
    QString gate; ///< "min_score", "max_escalations" or "max_runtime_s"
    std::optional<double> value;
    double threshold = 0;
    GateOutcome outcome = GateOutcome::Pass;
    QString reason; ///< e.g. "verification_score 0.62 < min_score 0.8"

    /// {"gate", "value", "threshold", "result", "reason"}; value is null when missing.
    QJsonObject toJson() const;
};

/// The guard's decision for one run with every gate's result and the reasons behind it.
struct Verdict
{
    Decision decision = Decision::Promote;
    QVector<GateResult> gates; ///< always all three, in the order score, escalations, runtime
    QStringList reasons; ///< the reasons of the gates that did not pass; empty on promote

    /// {"decision", "reasons", "gates"}.
    QJsonObject toJson() const;
};

/// Decides one run. Any failed gate rejects it (even if another value is missing); otherwise a
/// missing value or a borderline score asks for a human; otherwise it is promoted. Pure.
Verdict judgeRun(const RunMetrics &metrics, const GuardConfig &config);

} // namespace lk::autoretrain
