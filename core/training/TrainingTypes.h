#pragma once

// Plain types shared by the trainer (a torch translation unit) and everything that drives
// or watches it: configuration, per-step and per-epoch records, and the result.

#include <QJsonObject>
#include <QString>

#include <cstdint>
#include <vector>

namespace lk::training {

enum class OptimizerKind { Adam, Sgd };

/// Everything that decides what a training run computes. Same config + same data + one
/// thread = the same numbers.
struct TrainingConfig
{
    QString model = QStringLiteral("small-cnn"); ///< "small-cnn" or "mlp"
    QString datasetDir; ///< MNIST-format IDX folder
    QString parentArtifact; ///< fine-tune from this TorchScript model (empty: from scratch)
    int epochs = 10;
    int batchSize = 64;
    double learningRate = 1e-3;
    OptimizerKind optimizer = OptimizerKind::Adam;
    double momentum = 0.9; ///< SGD only
    double weightDecay = 0.0; ///< L2 penalty, as torch.optim's weight_decay
    std::uint64_t seed = 42;
    int threads = 1; ///< LibTorch intra-op threads (0: LibTorch's default)
    double validationFraction = 0.1; ///< share of the training file held out for validation
    int trainLimit = 0; ///< use at most this many training images (0: all)
    int testLimit = 0; ///< evaluate on at most this many test images (0: all)
    bool earlyStopping = false;
    int earlyStopPatience = 5; ///< epochs without a better val loss before stopping (Keras' rule)
    double earlyStopMinDelta = 0.0; ///< smallest val loss drop that counts as better
    int stepMetricsEvery = 1; ///< record the train loss every N steps

    QJsonObject toJson() const;
    /// Reads a config written by toJson(); unknown keys are ignored, bad values throw
    /// lk::Error(Input) naming the key.
    static TrainingConfig fromJson(const QJsonObject &json);
    /// Throws lk::Error(Usage) naming the first value out of range.
    void validate() const;
};

QString optimizerName(OptimizerKind kind);

struct StepRecord
{
    std::int64_t step = 0; ///< global optimizer step, from 1
    double epoch = 0; ///< fractional epoch at this step (epoch index + progress)
    double trainLoss = 0;
    double wallSeconds = 0; ///< since the run started, excluding pauses
};

struct EpochRecord
{
    int epoch = 0; ///< from 0
    double trainLoss = 0; ///< mean over the epoch's batches
    double valLoss = 0;
    double valAccuracy = 0;
    double learningRate = 0;
    double samplesPerSecond = 0; ///< training samples per second of this epoch's compute
    double wallSeconds = 0; ///< since the run started, at the epoch's end
    std::int64_t lastStep = 0;

    QJsonObject toJson() const;
};

/// How a run ended.
enum class RunStatus { Running, Paused, Completed, StoppedEarly, Cancelled, Diverged, Failed };
QString runStatusName(RunStatus status);
RunStatus runStatusFromName(const QString &name);

struct RunResult
{
    RunStatus status = RunStatus::Failed;
    int epochsDone = 0;
    int bestEpoch = -1;
    double testAccuracy = -1; ///< on the official test split; -1 if not evaluated
    double samplesPerSecond = 0; ///< over all training steps
    std::int64_t divergedStep = -1; ///< first step with a non-finite loss
    QString artifactPath;
    QString artifactSha256;
    QString manifestPath;
    QString message; ///< why it stopped early, diverged or failed
};

} // namespace lk::training
