#pragma once

// The interface between Loopkeeper and its torch plugin (libloopkeeper_torch.so), the one
// library that links LibTorch. The plugin exports a single C function, kTorchPluginEntryPoint,
// which returns the TorchBackend below; core/training/TorchPlugin.cpp opens the plugin with
// dlopen the first time something trains or predicts and forwards the public training API
// (Classifier, runTraining, checkpointEpoch, probeTorchRuntime, ...) to it. Everything that
// crosses this boundary is a plain Loopkeeper type: no torch header is needed on either side
// of it, and both sides are built from the same sources by the same build.

#include "core/training/Classifier.h"
#include "core/training/TorchRuntime.h"
#include "core/training/Trainer.h"

#include <cstdint>
#include <memory>
#include <vector>

namespace lk::training {

/// One loaded TorchScript classifier inside the plugin (what Classifier forwards to).
class TorchModel
{
public:
    virtual ~TorchModel() = default;
    virtual std::vector<Prediction> predict(const ImageSet &images, int begin, int count, int batchSize) = 0;
    virtual std::vector<float> probabilities(const std::uint8_t *pixels, int rows, int cols) = 0;
};

/// The torch-backed operations, as documented with their public forms in Classifier.h,
/// Trainer.h and TorchRuntime.h. Errors are lk::Error, as there. Thread-safe: one backend
/// serves every thread (a TorchModel, like a Classifier, is used by one thread at a time).
class TorchBackend
{
public:
    virtual ~TorchBackend() = default;
    /// The file exists (the caller checked); throws lk::Error(Input) if it is no TorchScript model.
    virtual std::unique_ptr<TorchModel> loadModel(const QString &artifactPath) const = 0;
    virtual RunResult runTraining(const TrainingConfig &config, const ImageSet &train, const ImageSet &test,
        const TrainingPaths &paths, TrainingObserver &observer, bool resume,
        const ManifestExtras &extras) const = 0;
    /// The checkpoint file exists (the caller checked); -1 if it is not usable.
    virtual int checkpointEpoch(const QString &checkpointPath) const = 0;
    virtual TorchRuntimeInfo probeRuntime() const = 0;
    virtual double measureSgemmGflops(int n, int threads, int repeats) const = 0;
    virtual void setComputeThreads(int threads) const = 0;
};

/// Changes whenever TorchBackend or a type it passes changes shape, so that a plugin from
/// another build is refused instead of misread.
inline constexpr int kTorchPluginInterface = 1;

/// The name of the one symbol the plugin exports, and its type: it returns the process-wide
/// backend, or nullptr if the plugin was built for another interface or Loopkeeper version.
inline constexpr char kTorchPluginEntryPoint[] = "loopkeeper_torch_backend";
using TorchPluginEntry = const TorchBackend *(*)(int interfaceVersion, const char *loopkeeperVersion);

/// The checkpoint a run keeps in its run folder (written and read by the plugin).
inline constexpr char kCheckpointFileName[] = "checkpoint.pt";

} // namespace lk::training
