#pragma once

// Inside the torch plugin only (TorchBackend.h): the trainer of TorchTrainer.cpp, which the
// plugin's backend (TorchBackend.cpp) serves. Everyone else calls runTraining (Trainer.h).

#include "core/training/Trainer.h"

namespace lk::training::torchplugin {

RunResult runTraining(const TrainingConfig &config, const ImageSet &train, const ImageSet &test,
    const TrainingPaths &paths, TrainingObserver &observer, bool resume, const ManifestExtras &extras);

/// The next epoch recorded in the checkpoint file at `path`; -1 if it cannot be read.
int checkpointEpoch(const QString &path);

/// Limits LibTorch's intra-op threads and the BLAS's own pool to `threads` (> 0).
void setComputeThreads(int threads);

} // namespace lk::training::torchplugin
