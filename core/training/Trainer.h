#pragma once

#include "core/training/ImageDataset.h"
#include "core/training/TrainingTypes.h"

#include <QJsonObject>
#include <QString>

#include <vector>

namespace lk::training {

/// How a caller watches and steers a training run. Every method is called on the training
/// thread, between optimizer steps; implementations must be quick or hand work elsewhere.
class TrainingObserver
{
public:
    virtual ~TrainingObserver() = default;
    /// The train loss of one step (every config.stepMetricsEvery steps).
    virtual void onStep(const StepRecord &) { }
    /// An epoch ended and its checkpoint was written (atomically) to `checkpointPath`.
    virtual void onEpoch(const EpochRecord &, const QString & /*checkpointPath*/) { }
    /// Steps done out of all planned steps, for progress bars.
    virtual void onProgress(std::int64_t /*done*/, std::int64_t /*total*/) { }
    /// True to stop now (the last epoch's checkpoint stays for a later resume).
    virtual bool cancelRequested() { return false; }
    /// Blocks while the run is paused; returns when it may go on (or was cancelled).
    virtual void waitWhilePaused() { }
    /// After each epoch: true (and a reason) to stop early; `history` holds every epoch so far.
    virtual bool stopEarly(const std::vector<EpochRecord> & /*history*/, QString * /*reason*/)
    {
        return false;
    }
};

/// Where a run keeps its files.
struct TrainingPaths
{
    QString runDir; ///< checkpoint.pt is kept here
    QString artifactDir; ///< model.pt and manifest.json are written here at the end
};

/// Extra facts for the manifest that the trainer does not know itself (run id, versions).
using ManifestExtras = QJsonObject;

/// Trains `config.model` on `train` (a seeded validation share held out), evaluates on `test`,
/// checkpoints every epoch and exports a TorchScript model with a manifest. Blocks the calling
/// thread: run it off the UI thread. With `resume`, continues from runDir/checkpoint.pt.
/// Throws lk::Error for bad input (data, parent model, checkpoint) and lk::Error(Internal) if
/// LibTorch's plugin cannot be loaded (TorchPlugin.h); a non-finite loss is not an exception
/// but a result with status Diverged.
RunResult runTraining(const TrainingConfig &config, const ImageSet &train, const ImageSet &test,
    const TrainingPaths &paths, TrainingObserver &observer, bool resume, const ManifestExtras &extras = {});

/// The first epoch and step a resumed run would start from, read from a checkpoint without
/// loading the model (for status displays). Returns -1 if there is no usable checkpoint.
int checkpointEpoch(const QString &runDir);

} // namespace lk::training
