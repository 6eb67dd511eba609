#include "core/training/TrainingTypes.h"

#include "core/common/Error.h"

#include <QJsonValue>

#include <cmath>

namespace lk::training {

QString optimizerName(OptimizerKind kind)
{
    return kind == OptimizerKind::Sgd ? QStringLiteral("sgd") : QStringLiteral("adam");
}

QJsonObject TrainingConfig::toJson() const
{
    return QJsonObject {
        {QStringLiteral("model"), model},
        {QStringLiteral("dataset"), datasetDir},
        {QStringLiteral("parent_artifact"), parentArtifact},
        {QStringLiteral("epochs"), epochs},
        {QStringLiteral("batch_size"), batchSize},
        {QStringLiteral("learning_rate"), learningRate},
        {QStringLiteral("optimizer"), optimizerName(optimizer)},
        {QStringLiteral("momentum"), momentum},
        {QStringLiteral("weight_decay"), weightDecay},
        // Seeds are 64-bit; JSON numbers are doubles, so the seed travels as a string.
        {QStringLiteral("seed"), QString::number(seed)},
        {QStringLiteral("threads"), threads},
        {QStringLiteral("validation_fraction"), validationFraction},
        {QStringLiteral("train_limit"), trainLimit},
        {QStringLiteral("test_limit"), testLimit},
        {QStringLiteral("early_stopping"), earlyStopping},
        {QStringLiteral("early_stop_patience"), earlyStopPatience},
        {QStringLiteral("early_stop_min_delta"), earlyStopMinDelta},
        {QStringLiteral("step_metrics_every"), stepMetricsEvery},
    };
}

TrainingConfig TrainingConfig::fromJson(const QJsonObject &json)
{
    TrainingConfig c;
    const auto number = [&](const char *key, auto &field) {
        const QJsonValue v = json.value(QLatin1String(key));
        if (v.isUndefined())
            return;
        if (!v.isDouble())
            throw Error(ErrorKind::Input,
                QStringLiteral("training config: \"%1\" must be a number").arg(QLatin1String(key)));
        field = static_cast<std::decay_t<decltype(field)>>(v.toDouble());
    };
    const auto text = [&](const char *key, QString &field) {
        const QJsonValue v = json.value(QLatin1String(key));
        if (v.isUndefined())
            return;
        if (!v.isString())
            throw Error(ErrorKind::Input,
                QStringLiteral("training config: \"%1\" must be a string").arg(QLatin1String(key)));
        field = v.toString();
    };
    text("model", c.model);
    text("dataset", c.datasetDir);
    text("parent_artifact", c.parentArtifact);
    number("epochs", c.epochs);
    number("batch_size", c.batchSize);
    number("learning_rate", c.learningRate);
    number("momentum", c.momentum);
    number("weight_decay", c.weightDecay);
    number("threads", c.threads);
    number("validation_fraction", c.validationFraction);
    number("train_limit", c.trainLimit);
    number("test_limit", c.testLimit);
    number("step_metrics_every", c.stepMetricsEvery);
    number("early_stop_patience", c.earlyStopPatience);
    number("early_stop_min_delta", c.earlyStopMinDelta);
    QString optimizer = optimizerName(c.optimizer);
    text("optimizer", optimizer);
    if (optimizer == QLatin1String("adam"))
        c.optimizer = OptimizerKind::Adam;
    else if (optimizer == QLatin1String("sgd"))
        c.optimizer = OptimizerKind::Sgd;
    else
        throw Error(
            ErrorKind::Input, QStringLiteral("training config: unknown optimizer \"%1\"").arg(optimizer));
    const QJsonValue seed = json.value(QStringLiteral("seed"));
    if (seed.isString()) {
        bool ok = false;
        c.seed = seed.toString().toULongLong(&ok);
        if (!ok)
            throw Error(ErrorKind::Input, QStringLiteral("training config: \"seed\" is not an integer"));
    } else if (seed.isDouble()) {
        c.seed = std::uint64_t(seed.toDouble());
    }
    c.earlyStopping = json.value(QStringLiteral("early_stopping")).toBool(c.earlyStopping);
    return c;
}

void TrainingConfig::validate() const
{
    const auto bad = [](const QString &what) { throw Error(ErrorKind::Usage, what); };
    if (model != QLatin1String("small-cnn") && model != QLatin1String("mlp"))
        bad(QStringLiteral("Unknown model \"%1\": choose small-cnn or mlp").arg(model));
    if (epochs < 1 || epochs > 100000)
        bad(QStringLiteral("epochs must be between 1 and 100000, not %1").arg(epochs));
    if (batchSize < 1 || batchSize > 65536)
        bad(QStringLiteral("batch size must be between 1 and 65536, not %1").arg(batchSize));
    if (!(learningRate > 0) || !std::isfinite(learningRate))
        bad(QStringLiteral("learning rate must be a positive number, not %1").arg(learningRate));
    if (momentum < 0 || momentum >= 1)
        bad(QStringLiteral("momentum must be in [0, 1), not %1").arg(momentum));
    if (weightDecay < 0 || !std::isfinite(weightDecay))
        bad(QStringLiteral("weight decay must be 0 or more, not %1").arg(weightDecay));
    if (threads < 0 || threads > 256)
        bad(QStringLiteral("threads must be between 0 (default) and 256, not %1").arg(threads));
    if (!(validationFraction > 0) || validationFraction >= 1)
        bad(QStringLiteral("validation fraction must be in (0, 1), not %1").arg(validationFraction));
    if (trainLimit < 0 || testLimit < 0)
        bad(QStringLiteral("limits must be 0 (no limit) or more"));
    if (earlyStopPatience < 0 || earlyStopPatience > 100000)
        bad(QStringLiteral("early-stopping patience must be between 0 and 100000, not %1")
                .arg(earlyStopPatience));
    if (earlyStopMinDelta < 0 || !std::isfinite(earlyStopMinDelta))
        bad(QStringLiteral("early-stopping min delta must be 0 or more, not %1").arg(earlyStopMinDelta));
    if (stepMetricsEvery < 1)
        bad(QStringLiteral("step metrics interval must be 1 or more"));
}

QJsonObject EpochRecord::toJson() const
{
    return QJsonObject {
        {QStringLiteral("epoch"), epoch},
        {QStringLiteral("train_loss"), trainLoss},
        {QStringLiteral("val_loss"), valLoss},
        {QStringLiteral("val_accuracy"), valAccuracy},
        {QStringLiteral("learning_rate"), learningRate},
        {QStringLiteral("samples_per_second"), samplesPerSecond},
        {QStringLiteral("wall_seconds"), wallSeconds},
        {QStringLiteral("last_step"), qint64(lastStep)},
    };
}

QString runStatusName(RunStatus status)
{
    switch (status) {
    case RunStatus::Running:
        return QStringLiteral("running");
    case RunStatus::Paused:
        return QStringLiteral("paused");
    case RunStatus::Completed:
        return QStringLiteral("completed");
    case RunStatus::StoppedEarly:
        return QStringLiteral("stopped_early");
    case RunStatus::Cancelled:
        return QStringLiteral("cancelled");
    case RunStatus::Diverged:
        return QStringLiteral("diverged");
    case RunStatus::Failed:
        break;
    }
    return QStringLiteral("failed");
}

RunStatus runStatusFromName(const QString &name)
{
    for (RunStatus s : {RunStatus::Running, RunStatus::Paused, RunStatus::Completed, RunStatus::StoppedEarly,
             RunStatus::Cancelled, RunStatus::Diverged, RunStatus::Failed}) {
        if (runStatusName(s) == name)
            return s;
    }
    return RunStatus::Failed;
}

} // namespace lk::training
