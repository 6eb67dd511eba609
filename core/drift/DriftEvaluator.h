#pragma once

// The drift judge of one node and model version: fed one window of observations at a time (an
// hour of predictions, say), it compares the window with a baseline built from the windows
// before it and says, check by check and in words with the numbers, whether the model drifted.
//
// Pure: no clock, no storage, no network. The caller (the fleet monitor) polls the node, builds
// DriftWindows, keeps one DriftEvaluator per node and model version, stores the verdicts and
// notifies; a new model version gets a new evaluator (its baseline is a different model's).
//
// Checks, each "ok", "alert" or "no_data" (never an alert without enough data):
//   escalation_rate  escalations / predictions against the baseline's pooled rate
//   accuracy         correct / labelled (teacher answers) against the baseline's
//   confidence_psi   PSI of the window's confidences against the baseline's (quantile bins)
//   confidence_ks    two-sample Kolmogorov–Smirnov on the same samples
//   page_hinkley     Page–Hinkley on the stream of escalation flags (confidence < threshold)
//   adwin            ADWIN2 on the same stream; alerts only when its mean rose
// The rate checks alert only when the change is both past its limit AND unlikely to be noise
// (one-sided two-proportion z test at `significance`): with a few hundred predictions a window
// wanders past "×1.1" by chance alone about a third of the time. The stream detectors judge the
// stream across windows, so they may alert in a window too small for the other checks when the
// evidence of several windows adds up (a quiet node's rise is still seen).

#include "core/drift/Detectors.h"
#include "core/loop/TriggerPolicy.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <deque>
#include <limits>
#include <random>
#include <vector>

namespace lk::drift {

/// Thresholds of the drift checks, with their defaults; read from the "drift" settings.
struct DriftConfig
{
    /// Escalation-rate alert when the window's rate > baseline × this (1.1: 10 % more escalations).
    double rateFactor = 1.1;
    /// Windows averaged into the baseline: the last this many windows that did not alert
    /// (24: a day of hourly windows, so a daily rhythm is in the baseline).
    int baselineWindows = 24;
    /// Windows the baseline needs before any comparison; the first windows only build it.
    int minBaselineWindows = 3;
    /// Predictions a window (and the baseline) needs for the escalation rate and the
    /// confidence checks; fewer gives "no_data".
    qint64 minPredictions = 200;
    /// Accuracy alert when accuracy fell by more than this (absolute, 0.05 = 5 points).
    double accuracyDrop = 0.05;
    /// Labelled predictions (teacher answers) a window and the baseline need for accuracy.
    qint64 minLabelled = 30;
    /// Level of the one-sided two-proportion z tests behind the escalation-rate and accuracy
    /// alerts. 0.001 rather than 0.01 because a fleet judges many node-windows a day: at 0.01,
    /// 100 nodes with hourly windows would raise a false alarm about once an hour.
    double significance = 0.001;
    /// Quantile bins of the PSI (fewer when the reference has many ties).
    int psiBins = 10;
    /// PSI from which confidence_psi alerts (0.25: "significant" by the usual bands).
    double psiAlert = 0.25;
    /// Level of the Kolmogorov–Smirnov test.
    double ksAlpha = 0.01;
    /// ...and the smallest D that alerts: with thousands of confidences KS finds differences
    /// too small to matter; 0.1 means the two CDFs are 10 points apart somewhere.
    double ksMinStatistic = 0.1;
    /// Confidences kept as the reference sample: each baseline window keeps a seeded uniform
    /// subsample of up to ⌈referenceSize / baselineWindows⌉, so the reference slides with the
    /// baseline windows.
    int referenceSize = 5000;
    /// Page–Hinkley on the escalation flags (see PageHinkley::Params for the defaults' reasons).
    PageHinkley::Params pageHinkley;
    /// ADWIN's δ: the chance of a false cut of an unchanged window.
    double adwinDelta = 0.002;

    /// Throws lk::Error(Usage) naming the first value out of range (as fromJson() would).
    void validate() const;
    /// Reads the keys toJson() writes; missing keys keep their defaults. Unknown keys, wrong
    /// types and values out of range throw lk::Error(Input) "drift settings: KEY ...".
    static DriftConfig fromJson(const QJsonObject &json);
    /// {"rate_factor", "baseline_windows", "min_baseline_windows", "min_predictions",
    /// "accuracy_drop", "min_labelled", "significance", "psi_bins", "psi_alert", "ks_alpha",
    /// "ks_min_statistic", "reference_size", "page_hinkley": {"delta", "lambda", "alpha",
    /// "min_instances"}, "adwin_delta"}.
    QJsonObject toJson() const;
};

/// What a node reported for one window of time.
struct DriftWindow
{
    QDateTime end; ///< end of the window (reported back in the verdict)
    qint64 predictions = 0; ///< predictions made
    qint64 escalations = 0; ///< of those, escalated (confidence below the threshold)
    qint64 labelled = 0; ///< predictions a teacher answered
    qint64 correct = 0; ///< of those, where the teacher agreed with the model
    /// Confidences in [0, 1] in stream order: all of the window's predictions or a sample. The
    /// rate checks use the counts above; the confidence checks and the stream detectors these.
    std::vector<double> confidences;
    /// A prediction escalates when its confidence is below this.
    double threshold = 0.7;

    /// Throws lk::Error(Input) for negative counts, a part larger than its whole (escalations >
    /// predictions, correct > labelled), a confidence or threshold outside [0, 1].
    void validate() const;
};

/// One check's finding.
struct DriftCheck
{
    /// Not measured: value, baseline, limit or pValue that does not apply or lacked data.
    static constexpr double kNone = std::numeric_limits<double>::quiet_NaN();

    QString
        name; ///< "escalation_rate", "accuracy", "confidence_psi", "confidence_ks", "page_hinkley", "adwin"
    QString status; ///< "ok", "alert" or "no_data"
    double value = kNone; ///< the window's figure: rate, accuracy, PSI, KS D, PH statistic, ADWIN mean
    double baseline = kNone; ///< the baseline's figure (rates, accuracy; ADWIN: mean before its cut)
    double limit = kNone; ///< where the alert starts (e.g. baseline × rate factor, PSI 0.25, λ)
    double pValue = kNone; ///< the test's p-value where there is one (rates, accuracy, KS)
    /// A sentence with the numbers, e.g. "Escalation rate 18.2 % is 1.52 x the baseline 12.0 %
    /// (limit 1.1 x) over 1,200 predictions (one-sided p = 2.1e-09)."
    QString explanation;

    /// status is "alert".
    bool isAlert() const { return status == QLatin1String("alert"); }
    /// {"name", "status", "value", "baseline", "limit", "p_value", "explanation"}; numbers that
    /// were not measured are null.
    QJsonObject toJson() const;
};

/// The names of the checks, in the order a verdict lists them.
QStringList driftCheckNames();

/// The judgement of one window.
struct DriftVerdict
{
    bool alert = false; ///< at least one check alerts
    QDateTime end; ///< the window's end
    std::vector<DriftCheck> checks; ///< one per name of driftCheckNames(), in that order
    /// Rates of the window against the baseline for the learning loop's drift trigger; a rate is
    /// known when the window and the baseline (of at least minBaselineWindows windows) have
    /// minPredictions predictions (minLabelled labelled) — built with loop::driftFromCounts().
    loop::DriftSignal signal;
    int baselineWindows = 0; ///< windows in the baseline this window was judged against
    bool joinedBaseline = false; ///< the window did not alert and now is part of the baseline

    /// The check named `name`, or nullptr.
    const DriftCheck *check(const QString &name) const;
    /// Names of the checks that alert.
    QStringList alerts() const;
    /// {"alert", "end" (ISO 8601 UTC or null), "alerts", "baseline_windows", "joined_baseline",
    /// "checks": [DriftCheck::toJson()], "signal": DriftSignal::toJson()}.
    QJsonObject toJson() const;
};

/// Judges the windows of one node and model version in order; see the file comment.
class DriftEvaluator
{
public:
    /// Throws lk::Error(Usage) for an invalid config.
    explicit DriftEvaluator(const DriftConfig &config = DriftConfig());

    /// Judges `window` against the baseline, feeds its escalation flags to the stream detectors,
    /// then — if nothing alerted — adds it to the baseline (so a drift episode does not become
    /// its own baseline). Throws lk::Error(Input) for an invalid window (nothing changes then).
    DriftVerdict observe(const DriftWindow &window);

    /// Forgets the baseline and the detectors' state: an operator accepts the current behaviour
    /// as the new normal. The next windows build the baseline again.
    void resetBaseline();

    /// The thresholds in use.
    const DriftConfig &config() const { return m_config; }
    /// Windows in the baseline now.
    int baselineWindowCount() const { return int(m_baseline.size()); }
    /// Pooled counts of the baseline windows.
    loop::DriftCounts baselineCounts() const;
    /// The reference confidences (the baseline windows' subsamples, oldest window first).
    std::vector<double> referenceSample() const;
    /// Windows observed since construction.
    qint64 windowsObserved() const { return m_windowsObserved; }

private:
    struct BaselineWindow
    {
        loop::DriftCounts counts;
        std::vector<double> confidences; ///< subsample for the reference
    };

    DriftCheck escalationRateCheck(const DriftWindow &w, const loop::DriftCounts &base) const;
    DriftCheck accuracyCheck(const DriftWindow &w, const loop::DriftCounts &base) const;
    void confidenceChecks(const DriftWindow &w, DriftCheck &psiCheck, DriftCheck &ksCheck) const;
    void streamChecks(const DriftWindow &w, DriftCheck &phCheck, DriftCheck &adwinCheck);
    std::vector<double> subsample(const std::vector<double> &values);

    DriftConfig m_config;
    std::deque<BaselineWindow> m_baseline;
    PageHinkley m_pageHinkley;
    Adwin m_adwin;
    std::mt19937_64 m_rng;
    qint64 m_windowsObserved = 0;
};

} // namespace lk::drift
