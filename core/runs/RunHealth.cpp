#include "core/runs/RunHealth.h"

#include <QStringList>

namespace lk::runs {

analysis::HealthConfig healthConfigFor(const training::TrainingConfig &config)
{
    analysis::HealthConfig h;
    h.plateau.monitor = QStringLiteral("val_loss");
    h.plateau.mode = analysis::Mode::Min;
    h.plateau.convention = analysis::Convention::Keras;
    h.plateau.patience = config.earlyStopPatience;
    h.plateau.minDelta = config.earlyStopMinDelta;
    return h;
}

analysis::HealthReport runHealth(
    const std::vector<training::EpochRecord> &epochs, const training::TrainingConfig &config)
{
    std::vector<analysis::EpochMetrics> history;
    history.reserve(epochs.size());
    for (const training::EpochRecord &e : epochs)
        history.push_back(
            analysis::measuredEpoch(e.epoch, e.trainLoss, e.valLoss, e.valAccuracy, e.learningRate));
    return analysis::analyzeHealth(history, healthConfigFor(config));
}

QString healthFlags(const analysis::HealthReport &report)
{
    QStringList flags;
    if (report.plateau.detected && report.plateau.firesNow)
        flags << QStringLiteral("[plateau]");
    else if (report.plateau.epochsSinceImprovement > 0)
        flags << QStringLiteral("[no improvement for %1]").arg(report.plateau.epochsSinceImprovement);
    if (report.overfitting.detected)
        flags << QStringLiteral("[overfitting]");
    if (report.divergence.detected)
        flags << QStringLiteral("[divergence]");
    if (report.bestEpoch == report.lastEpoch && report.bestEpoch >= 0)
        flags << QStringLiteral("[best]");
    return flags.join(QLatin1Char(' '));
}

} // namespace lk::runs
