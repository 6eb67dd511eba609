#pragma once

// The learning loop (docs/learning-loop.md): escalated samples come in, the loop decides when to
// train, trains (fine-tuning the active version, or the configured architecture from scratch
// for the first one), replays the evaluation set through incumbent and candidate, lets the
// regression gate decide, and registers the result — without ever losing or misusing a
// sample. The decisions are pure (TriggerPolicy, RegressionGate); this class reads their
// inputs from the workspace and carries out what they decide.

#include "core/loop/JobStore.h"
#include "core/loop/LoopConfig.h"
#include "core/loop/ModelRegistry.h"
#include "core/loop/SampleStore.h"
#include "core/runs/TrainingSession.h"
#include "core/workspace/Workspace.h"

#include <QDateTime>
#include <QJsonObject>

#include <optional>

namespace lk::loop {

/// What one evaluation of the triggers did.
struct TickResult
{
    TriggerDecision decision;
    QJsonObject response; ///< training_triggered, or none with the reasons (docs/learning-loop.md)
    std::optional<LoopJob> job; ///< the job created, if one was
};

/// How a job ended.
struct JobOutcome
{
    LoopJob job;
    std::optional<ModelVersion> candidate;
    QJsonObject gate; ///< the gate's report (empty if training did not finish)
    QString decision; ///< promote | reject | needs_human | "" (failed or cancelled)

    /// The job status plus the candidate and the gate decision.
    QJsonObject toJson() const;
};

class LearningLoop
{
public:
    LearningLoop(const Workspace &workspace, storage::Database &db, LoopConfig config);

    const LoopConfig &config() const { return m_config; }

    /// The trigger decision now, reading counts, jobs and the schedule; writes nothing.
    TriggerDecision evaluate(const QDateTime &now, bool manual, const DriftSignal &drift = {});
    /// Evaluates; when a trigger fires, creates a queued job that claims the trainable samples
    /// (one transaction), notifies, and answers as `loop tick` prints it.
    TickResult tick(const QDateTime &now, bool manual, const DriftSignal &drift = {});
    /// Runs a queued job to its end on the local runner: trains, registers the candidate,
    /// replays the evaluation set through incumbent and candidate, applies the gate's
    /// decision. A failed or cancelled training gives its samples back (pending).
    JobOutcome runJob(const QString &jobId, runs::RunListener &listener);
    /// The regression gate between two registered versions (incumbent may be absent: the
    /// first model), on the base test slice plus recent corrected escalations not in
    /// `excludeJob`. Stores the decision with its report; returns the report.
    QJsonObject runGate(const ModelVersion &candidate, const std::optional<ModelVersion> &incumbent,
        const QString &decidedBy, const QString &excludeJob = QString());
    /// An operator's decision on a candidate the gate left to a human: promote makes it active
    /// and marks its samples used; reject archives it and gives the samples back.
    ModelVersion decide(const QString &versionIdOrName, bool promote, const QString &reviewer);
    /// Jobs whose process died while queued or running: failed, samples back to pending.
    int recoverAbandonedJobs();
    /// The trigger state, counts and the active version, for the panel and `loop status`.
    QJsonObject status(const QDateTime &now);

private:
    JobOutcome runJobBody(const LoopJob &job, runs::RunListener &listener);
    training::ImageSet evaluationSet(const QString &excludeJob, int *escalations);
    void applyDecision(const ModelVersion &candidate, const QString &decision, const QString &jobId);
    double measuredSamplesPerSecond();

    Workspace m_workspace;
    storage::Database &m_db;
    LoopConfig m_config;
    SampleStore m_samples;
    JobStore m_jobs;
    ModelRegistry m_registry;
};

} // namespace lk::loop
