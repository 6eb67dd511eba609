#pragma once

#include "core/training/ImageDataset.h"
#include "core/training/TrainingTypes.h"
#include "core/workspace/Workspace.h"

#include <QJsonObject>
#include <QString>

#include <functional>
#include <utility>

namespace lk::runs {

/// What a driver of a training run (the CLI, the console's job) hears and decides. Called on
/// the training thread.
class RunListener
{
public:
    virtual ~RunListener() = default;
    virtual void runStarted(const QString & /*runId*/, const training::TrainingConfig &, bool /*resumed*/) { }
    virtual void stepRecorded(const training::StepRecord &) { }
    /// An epoch was stored; `health` is the curve-health report over the history so far.
    virtual void epochRecorded(const training::EpochRecord &, const QJsonObject & /*health*/) { }
    virtual void progress(qint64 /*done*/, qint64 /*total*/) { }
    virtual bool cancelRequested() { return false; }
    virtual bool pauseRequested() { return false; }
    /// Blocks while paused.
    virtual void waitWhilePaused() { }
};

struct TrainingRequest
{
    training::TrainingConfig config;
    QString resumeRunId; ///< continue this run from its checkpoint instead of starting one
    /// With resumeRunId: a larger epoch budget than the run had (0: keep).
    int extendEpochsTo = 0;
    /// The images to train and test on, when they do not come from config.datasetDir as a
    /// whole (the learning loop's corrected samples); called on the training thread.
    std::function<std::pair<training::ImageSet, training::ImageSet>()> loadData;
    /// Facts for the exported model's manifest beyond the run id (e.g. the loop's job id).
    QJsonObject manifestExtras;
};

struct SessionResult
{
    QString runId;
    training::RunResult result;
};

/// Runs one training run in the workspace, blocking the calling thread: records the run and
/// its metrics in the store as they happen (steps batched, each epoch with its checkpoint),
/// exports to models/<run id>/ and records the outcome. Throws lk::Error for bad requests
/// (the run, if one was created, is marked failed with the reason).
SessionResult runTrainingSession(
    const Workspace &workspace, const TrainingRequest &request, RunListener &listener);

/// True if a process with this id is alive on this machine.
bool processAlive(qint64 pid);

} // namespace lk::runs
