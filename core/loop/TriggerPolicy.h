#pragma once

// The trigger policy of the learning loop (docs/learning-loop.md, "When the loop trains"):
// decides, from numbers the caller has already read, whether a training job should start now
// and why — or why not. Any of four triggers can fire: more than N new usable samples, a weekly
// schedule, drift (escalation rate or accuracy against a baseline), or an operator's manual
// request. A cool-down keeps the loop from training constantly (training is expensive) and at
// most one job runs per model line.
//
// Everything here is pure: no clock, no database, no files. "Now" is a parameter, so the same
// inputs always give the same decision and the tests can replay any moment, DST weeks included.

#include <QDateTime>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringList>
#include <QTime>
#include <QTimeZone>

#include <optional>

namespace lk::loop {

// ---------------------------------------------------------------------------------------------
// Weekly schedule
// ---------------------------------------------------------------------------------------------

/// One slot a week, at a local wall-clock time in an IANA time zone ("Sunday 02:00 Europe/Berlin").
struct WeeklySchedule
{
    int dayOfWeek = Qt::Sunday; ///< 1 = Monday … 7 = Sunday (Qt::DayOfWeek)
    QTime time = QTime(2, 0); ///< local wall-clock time, minutes precision
    QTimeZone zone = QTimeZone::utc();

    /// Canonical text that parseWeeklySchedule() reads back: "Sunday 02:00 Europe/Berlin".
    QString toString() const;
};

/// Parses "Sunday 02:00 Europe/Berlin", "sun 02:00" (zone UTC), "Sunday 2 AM", "mon 14:30 UTC".
/// Day: English name or three-letter abbreviation, any case. Time: 24-hour H:MM/HH:MM, or 1–12
/// with AM/PM (":MM" optional). Zone: an IANA id or "UTC"; UTC when left out. Throws
/// lk::Error(Usage) saying which part is wrong and what is expected.
WeeklySchedule parseWeeklySchedule(const QString &text);

/// The most recent slot at or before `now` (UTC). Wall-clock rules across DST: a slot whose local
/// time does not exist (spring forward) happens at the first instant after the gap, e.g.
/// "Sunday 02:00 Europe/Berlin" on 2024-03-31 is 03:00 CEST; a slot whose local time happens
/// twice (fall back) happens at the first of the two. Returns an invalid QDateTime for an
/// invalid `now`.
QDateTime previousScheduledAt(const WeeklySchedule &schedule, const QDateTime &now);

/// The first slot strictly after `now` (UTC), with the same DST rules as previousScheduledAt().
QDateTime nextScheduledAt(const WeeklySchedule &schedule, const QDateTime &now);

// ---------------------------------------------------------------------------------------------
// Drift
// ---------------------------------------------------------------------------------------------

/// Escalation rate and accuracy of a model line now against its baseline. Fed by the drift
/// monitor from node metrics, or built from recorded counts with driftFromCounts(). A rate the
/// caller could not measure reliably is marked unknown and never fires a trigger.
struct DriftSignal
{
    bool escalationRateKnown = false; ///< both escalation rates below are measured
    double escalationRate = 0; ///< escalations / predictions in the recent window
    double baselineEscalationRate = 0; ///< the same over the baseline window ("historical average")
    bool accuracyKnown = false; ///< both accuracies below are measured
    double accuracy = 0; ///< correct / labelled predictions in the recent window, in [0, 1]
    double baselineAccuracy = 0; ///< the same over the baseline window
    qint64 window = 0; ///< predictions behind the recent escalation rate (for notes)
    qint64 labelledWindow = 0; ///< labelled predictions behind the recent accuracy (for notes)

    /// {"escalation_rate_known", "escalation_rate", "baseline_escalation_rate", "accuracy_known",
    /// "accuracy", "baseline_accuracy", "window", "labelled_window"}; unknown rates are null.
    QJsonObject toJson() const;
};

/// Counts recorded over one window of predictions (a baseline week, or the recent one).
struct DriftCounts
{
    qint64 predictions = 0; ///< predictions the edge models made
    qint64 escalations = 0; ///< of those, escalated as uncertain
    qint64 labelled = 0; ///< predictions whose true label became known (corrected escalations, audits)
    qint64 correct = 0; ///< of the labelled ones, predicted right
};

/// How many observations a window needs before its rate counts as known.
struct DriftWindowConfig
{
    /// Predictions a window needs for its escalation rate to be known. At a 10 % escalation rate
    /// the standard error over 1000 predictions is about 0.0095, the size of the ×1.1 step the
    /// trigger looks for; any smaller window cannot tell such a change from noise at all.
    qint64 minPredictions = 1000;
    /// Labelled predictions a window needs for its accuracy to be known. At 90 % accuracy the
    /// standard error over 200 is about 0.021, so a 5-point drop is about 2.4 of them.
    qint64 minLabelled = 200;
};

/// Builds a DriftSignal from a baseline window and a recent window; a rate is known only when
/// both windows reach the config's minimum. Throws lk::Error(Input) for negative counts or
/// subsets larger than their whole (escalations > predictions, correct > labelled).
DriftSignal driftFromCounts(
    const DriftCounts &baseline, const DriftCounts &recent, const DriftWindowConfig &config = {});

// ---------------------------------------------------------------------------------------------
// Trigger decision
// ---------------------------------------------------------------------------------------------

/// Thresholds of the trigger policy; each trigger is off when its optional is empty.
struct TriggerConfig
{
    /// Fires when the usable new samples are MORE than this ("> 100"). Usable = pending,
    /// not filtered out as a low-confidence correction, with an input to train on.
    std::optional<qint64> sampleThreshold = 100;
    /// Weekly slot (e.g. "Sunday 2 AM"); off by default because the zone is site-specific.
    std::optional<WeeklySchedule> schedule;
    /// Rest after the last job, counted from when it finished (or was created, if it never
    /// finished). Two hours: a canary is watched for one hour before rolling out, and the
    /// gate and the rollout take their share; training sooner would learn from escalations of a
    /// model that is about to be replaced, and burn a GPU for it.
    qint64 cooldownSeconds = 2 * 3600;
    /// Escalation-rate drift: fires when the recent rate is above baseline × this (1.1, i.e.
    /// "more than 10 % more escalations"). Relative to the baseline.
    std::optional<double> driftEscalationFactor = 1.1;
    /// Accuracy drift: fires when accuracy fell by MORE than this many accuracy points (absolute:
    /// 0.90 → 0.849 fires, 0.90 → 0.86 does not). Absolute because accuracy is already a rate
    /// bounded by 1 and job status reports accuracy changes in points ("improvement": "+2.3%" next
    /// to "accuracy": 0.94); a relative 5 % would be a different alarm at every baseline.
    std::optional<double> driftAccuracyDrop = 0.05;
    /// Schedule and drift fire only with at least this many usable new samples: training without
    /// new corrected samples cannot fix drift.
    /// Ten, so that a quiet line still retrains on its weekly slot while an empty one does not.
    /// Manual and sample-threshold firings are not held back by it.
    qint64 minSamplesForScheduleOrDrift = 10;
    /// An operator's manual trigger ignores the cool-down (never a running job).
    bool manualBypassesCooldown = true;

    /// Throws lk::Error(Usage) naming the first invalid value (negative counts, a factor below 1,
    /// an accuracy drop outside [0, 1]).
    void validate() const;

    /// {"sample_threshold", "schedule", "cooldown_seconds", "drift_escalation_factor",
    /// "drift_accuracy_drop", "min_samples_for_schedule_or_drift", "manual_bypasses_cooldown"};
    /// a trigger that is off is null.
    QJsonObject toJson() const;
};

/// Reads a TriggerConfig from the keys toJson() writes; missing keys keep their defaults, null
/// turns a trigger off. Throws lk::Error(Input) naming the key for an unknown key, a wrong type
/// or an invalid value (a config file is input).
TriggerConfig triggerConfigFromJson(const QJsonObject &json);

/// What the caller knows at the moment of deciding, read from the store and the drift monitor.
struct TriggerInputs
{
    QDateTime now; ///< the moment of the decision; must be valid
    qint64 usableNewSamples = 0; ///< pending usable samples not yet used in training
    std::optional<QDateTime> lastJobCreatedAt; ///< newest job of this model line, any status
    std::optional<QDateTime> lastJobFinishedAt; ///< when the newest finished job ended
    bool jobRunning = false; ///< a job of this model line is queued or running
    bool manualRequested = false; ///< an operator asked for training now
    DriftSignal drift;
};

/// Trigger reasons, in priority order: when several hold, the first names the firing.
/// Manual first (a person asked, and the audit trail should say so); then drift, because a
/// degrading model is the urgent case and operators are notified; accuracy before escalation
/// rate because it is measured against true labels, the escalation rate only against confidence;
/// then the sample threshold; the routine schedule last.
inline const QStringList kTriggerReasons = {QStringLiteral("manual"), QStringLiteral("drift_accuracy"),
    QStringLiteral("drift_escalation_rate"), QStringLiteral("sample_threshold"), QStringLiteral("schedule")};

/// The policy's answer, with the numbers behind it.
struct TriggerDecision
{
    bool fire = false;
    QString reason; ///< the first of kTriggerReasons that fired; empty when not firing
    QStringList triggers; ///< every trigger that held, in priority order (also when blocked)
    QString blockedBy; ///< "" | "job_running" | "cooldown" | "too_few_samples"
    qint64 usableNewSamples = 0;
    std::optional<qint64> sampleThreshold;
    std::optional<double> progress; ///< usable / threshold; empty when the threshold trigger is off
    QDateTime cooldownUntil; ///< end of the cool-down (UTC); invalid when there was no job
    QDateTime dueSlot; ///< the schedule slot that is due (UTC); invalid when none is
    QDateTime nextScheduled; ///< next slot after now (UTC); invalid without a schedule
    QStringList notes; ///< why and why not, in words, quoting the numbers

    /// {"fire", "reason", "triggers", "blocked_by", "samples_collected", "sample_threshold",
    /// "progress", "cooldown_until", "due_slot", "next_scheduled", "notes"}; times are ISO 8601
    /// UTC, absent values null.
    QJsonObject toJson() const;
};

/// Decides whether to start a training job now. Blocks, in this order: a running job (always),
/// the cool-down (except a manual request when the config allows), too few samples (schedule and
/// drift only). Throws lk::Error(Usage) for an invalid `now` or config.
TriggerDecision evaluateTriggers(const TriggerInputs &inputs, const TriggerConfig &config);

/// When a job should finish: start + overhead + samples × epochs / measured samples per second,
/// rounded up to the second, in UTC. Returns an invalid QDateTime when no throughput has been
/// measured yet (samples per second not > 0, or not finite) — the caller then says "unknown"
/// rather than inventing a number — and when the estimate is beyond a century. Throws
/// lk::Error(Usage) for an invalid start, negative samples, epochs < 1 or a negative overhead.
QDateTime estimateCompletion(const QDateTime &start, qint64 trainingSamples, int epochs,
    double measuredSamplesPerSecond, double overheadSeconds = 0);

/// The answer when training was triggered (docs/learning-loop.md): {"action": "training_triggered", "reason",
/// "samples_collected", "training_job_id", "target_model", "estimated_completion"}; the estimate
/// is ISO 8601 UTC ("2024-02-02T03:00:00Z"), or null when invalid (unknown).
QJsonObject triggeredResponse(const QString &reason, qint64 samplesCollected, const QString &jobId,
    const QString &targetModel, const QDateTime &estimatedCompletion);

/// The response when nothing fired: {"action": "none", "reason": blocked_by, or "below_threshold"
/// when no trigger held, "samples_collected", "sample_threshold", "progress", "triggers",
/// "cooldown_until", "next_scheduled", "notes"}.
QJsonObject idleResponse(const TriggerDecision &decision);

/// ISO 8601 in UTC with a Z ("2024-02-02T03:00:00Z"), or null for an invalid time.
QJsonValue isoUtcOrNull(const QDateTime &time);

} // namespace lk::loop
