#pragma once

// The learning loop's settings for a workspace: <workspace>/loop.json, all keys optional,
// defaults as documented here and in docs/configuration.md. A bad file is refused with the key and
// the problem named; nothing runs on a half-understood configuration.

#include "core/loop/SampleStore.h"
#include "core/loop/RegressionGate.h"
#include "core/loop/TriggerPolicy.h"
#include "core/workspace/Workspace.h"

#include <QJsonObject>
#include <QString>
#include <QUrl>

namespace lk::loop {

struct LoopTrainingConfig
{
    QString architecture = QStringLiteral("small-cnn"); ///< for the first job (from scratch)
    int epochs = 3; ///< per job
    double learningRate = 5e-4; ///< fine-tuning takes smaller steps than training from scratch
    int batchSize = 64;
    /// Images of the base training set mixed into every fine-tuning job, so that the model
    /// does not forget what it knew while it learns the corrections.
    int replayBaseImages = 2000;
    /// Base training images for the first job, which trains from scratch (0: all).
    int bootstrapTrainImages = 20000;
    int maxSamplesPerJob = 0; ///< 0: every trainable sample
    int threads = 1;
    quint64 seed = 42;
};

struct LoopEvalConfig
{
    int testImages = 2000; ///< of the base test set (0: all)
    int recentEscalations = 500; ///< corrected escalations not in the job
};

struct LoopConfig
{
    QString modelLine = QStringLiteral("fashion-mnist");
    QString datasetDir; ///< base dataset (MNIST-format IDX); default: Debian's Fashion-MNIST
    SampleFilter samples;
    TriggerConfig triggers;
    GateConfig gate;
    LoopTrainingConfig training;
    LoopEvalConfig eval;
    QUrl webhook; ///< empty: no webhook

    QJsonObject toJson() const;
    /// Reads loop.json's object; unknown keys are refused (a typo must not silently keep a
    /// default). Throws lk::Error(Input) naming the key.
    static LoopConfig fromJson(const QJsonObject &json);
    /// <workspace>/loop.json if it exists, else the defaults.
    static LoopConfig load(const Workspace &workspace);
    static QString path(const Workspace &workspace);
};

} // namespace lk::loop
