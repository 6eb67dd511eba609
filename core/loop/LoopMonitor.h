#pragma once

// The console's view of the learning loop. A monitor (core/common/Monitor.h) whose worker polls
// the workspace with its own connection — samples, trigger state, jobs, registry, gate
// decisions — and hands the UI the newest snapshot, only when something changed. Artifact
// checks and an operator's decisions run on that worker too; a manually triggered job trains on
// a pool thread. So the UI thread never touches SQLite and never waits for a hash, a decision or
// a training run.

#include "core/common/Monitor.h"
#include "core/loop/JobStore.h"
#include "core/loop/ModelRegistry.h"
#include "core/loop/TriggerPolicy.h"
#include "core/runs/RunStore.h"
#include "core/workspace/Workspace.h"

#include <QDateTime>
#include <QFutureWatcher>
#include <QJsonObject>
#include <QObject>
#include <QString>

#include <atomic>
#include <memory>
#include <optional>
#include <vector>

namespace lk::loop {

/// A correction that was filtered out at arrival (kept for audit, never trained on).
struct FilteredSample
{
    QString sampleId;
    QString nodeId;
    qint64 timestampMs = 0;
    int predictedLabel = 0;
    int correctedLabel = 0;
    double correctionConfidence = 0;
    QString reason;
};


/// A registered version with what the registry view shows beside it.
struct RegistryEntry
{
    ModelVersion version;
    QString parentName; ///< the parent's LINE@N; empty for a model trained from scratch
    qint64 samplesUsed = 0; ///< samples marked used in this version (still used or archived since)
    std::vector<GateDecisionRecord> decisions; ///< oldest first
};

/// A training job with its run, when it has one.
struct JobEntry
{
    LoopJob job;
    std::optional<runs::RunSummary> run; ///< read for queued and running jobs only
    /// Running, but the process that ran it is gone (the next tick marks it failed).
    bool abandoned = false;
};

/// What the Samples & Models panel shows, read in one go on the monitor's thread.
struct LoopSnapshot
{
    bool hasWorkspace = false;
    QDateTime readAt; ///< UTC
    QString modelLine; ///< the line the triggers watch (loop.json's model_line)
    QString configError; ///< loop.json could not be read; the trigger fields are then empty
    double minCorrectionConfidence = 0; ///< the filter's threshold
    qint64 cooldownSeconds = 0;
    bool manualBypassesCooldown = true;
    int epochsPerJob = 0;
    QString architecture; ///< for a first model trained from scratch

    QJsonObject sampleStats; ///< SampleStore::stats()
    qint64 totalSamples = 0;
    std::vector<FilteredSample> filtered; ///< the newest kFilteredShown, newest first
    qint64 filteredTotal = 0;

    std::optional<TriggerDecision> trigger; ///< the automatic triggers now
    std::optional<TriggerDecision> manual; ///< what an operator's manual trigger would do now
    qint64 manualSamples = 0; ///< samples a job started now would take
    QString activeVersion; ///< LINE@N of the line's active version; empty if none
    QString nextVersion; ///< LINE@N the next candidate of the line will get

    std::vector<JobEntry> jobs; ///< newest first, at most kJobsShown
    std::vector<RegistryEntry> versions; ///< every line but agent selection, newest first

    static constexpr int kFilteredShown = 200;
    static constexpr int kJobsShown = 50;

    /// Nothing to show yet: no sample, no job, no version.
    bool isEmpty() const { return totalSamples == 0 && jobs.empty() && versions.empty(); }
};

class LoopMonitorWorker;

/// Keeps a LoopSnapshot of a workspace up to date for the UI and carries out what the
/// operator asks (check an artifact, promote or reject a candidate, train now) off the UI
/// thread. Answers arrive as signals on the thread that owns the monitor.
/// It polls every 2000 ms while its panel is shown (setInterval()), and slower while it is not.
class LoopMonitor : public Monitor
{
    Q_OBJECT
public:
    explicit LoopMonitor(QObject *parent = nullptr);
    /// Cancels a job this console is running and waits for it to stop, so that it is recorded
    /// as cancelled and its samples go back to pending rather than being left "running".
    ~LoopMonitor() override;

    /// Watches `workspace` (nullopt: nothing); the first snapshot follows at once.
    void setWorkspace(const std::optional<Workspace> &workspace);
    /// Hashes the version's artifact and compares it with the registry; artifactChecked() answers.
    void checkArtifact(const QString &versionId);
    /// An operator's promote (true) or reject of a candidate the gate left to a human; decided() answers.
    void decide(const QString &versionId, bool promote, const QString &reviewer);
    /// A manual trigger: evaluates the triggers as an operator's request and, when a job is
    /// created, runs it on a pool thread (trainingTriggered, then progress, then finished/failed).
    void trainNow();
    /// Asks the job this console runs to stop at its next step.
    void cancelTraining();
    /// A manual trigger of this console is being evaluated or its job runs.
    bool isTraining() const;
    /// The job this console runs (empty until the trigger created one).
    QString trainingJobId() const { return m_jobId; }

Q_SIGNALS:
    void snapshotChanged(const lk::loop::LoopSnapshot &snapshot);
    /// `ok`: the file's sha256 is the registered one; `message` says which hash or what differs.
    void artifactChecked(const QString &versionId, bool ok, const QString &message);
    /// `ok`: the decision was applied and `message` is the version's new status; else the error.
    void decided(const QString &versionId, bool promote, bool ok, const QString &message);
    /// The manual trigger's answer, as `loop tick` prints it; `jobId` is empty when nothing fired.
    void trainingTriggered(const QString &jobId, const QJsonObject &response);
    /// The job's training run exists.
    void trainingStarted(const QString &jobId, const QString &runId, int epochs);
    /// Training steps done of total (at most ~10 per second).
    void trainingProgress(const QString &jobId, qint64 done, qint64 total);
    /// An epoch ended (epoch counts from 1).
    void trainingEpoch(const QString &jobId, int epoch, int epochs, double valAccuracy, double valLoss);
    /// The job ended (complete, failed or cancelled): JobOutcome::toJson().
    void trainingFinished(const QString &jobId, const QJsonObject &outcome);
    /// The trigger or the job could not run at all (bad loop.json, database error).
    void trainingFailed(const QString &jobId, const QString &message);

protected:
    void deliver(const std::any &snapshot) override;

private:
    struct Training;
    class Listener;
    void onTrainingDone();

    LoopMonitorWorker *m_worker = nullptr;
    std::optional<Workspace> m_workspace;
    QFutureWatcher<void> m_training;
    std::shared_ptr<Training> m_state;
    QString m_jobId;
};

/// The monitor's thread side; use LoopMonitor.
class LoopMonitorWorker : public MonitorWorker
{
    Q_OBJECT
public:
    LoopMonitorWorker();
    ~LoopMonitorWorker() override;
    /// Switches to `workspace` (dropping the old connection) and reads it.
    void setWorkspace(const std::optional<Workspace> &workspace);
    /// See LoopMonitor::checkArtifact().
    void checkArtifact(const QString &versionId);
    /// See LoopMonitor::decide().
    void decide(const QString &versionId, bool promote, const QString &reviewer);

Q_SIGNALS:
    void artifactChecked(const QString &versionId, bool ok, const QString &message);
    void decided(const QString &versionId, bool promote, bool ok, const QString &message);

protected:
    /// Reads what changed since the last poll; `force` reads everything.
    void poll(bool force) override;
    void reset() override;

private:
    struct Private;
    Private *d;
};

} // namespace lk::loop

Q_DECLARE_METATYPE(lk::loop::LoopSnapshot)
