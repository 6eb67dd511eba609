#include "core/analysis/CurveHealth.h"

#include "core/common/EpochNumber.h"
#include "core/common/Error.h"

#include <QJsonArray>

#include <algorithm>
#include <cmath>

namespace lk::analysis {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

enum class Metric { TrainLoss, ValLoss, ValAccuracy };

Metric metricNamed(const QString &name)
{
    if (name == QLatin1String("train_loss"))
        return Metric::TrainLoss;
    if (name == QLatin1String("val_loss"))
        return Metric::ValLoss;
    if (name == QLatin1String("val_accuracy"))
        return Metric::ValAccuracy;
    throw Error(ErrorKind::Usage,
        QStringLiteral("Cannot monitor \"%1\": use one of %2.")
            .arg(name, monitorNames().join(QStringLiteral(", "))));
}

/// The monitored value of an epoch; false if the epoch has none. A measured NaN loss is a value
/// (both libraries count it as "not better"); an unmeasured one is not.
bool monitoredValue(const EpochMetrics &m, Metric metric, double *value)
{
    switch (metric) {
    case Metric::TrainLoss:
        *value = m.trainLoss;
        return !std::isnan(m.trainLoss) || m.trainLossNaN;
    case Metric::ValLoss:
        *value = m.valLoss;
        return !std::isnan(m.valLoss) || m.valLossNaN;
    case Metric::ValAccuracy:
        *value = m.valAccuracy;
        return !std::isnan(m.valAccuracy);
    }
    return false;
}

QString number(double v)
{
    return QString::number(v, 'g', 4);
}

QString signedNumber(double v)
{
    return (v > 0 ? QStringLiteral("+") : QString()) + number(v);
}

QJsonValue jsonNumber(double v)
{
    return std::isfinite(v) ? QJsonValue(v) : QJsonValue(QJsonValue::Null);
}

/// An epoch as sentences name it: its number from 1 (see EpochNumber.h); JSON keeps the index.
QString epochText(int epoch)
{
    return QString::number(epochNumber(epoch));
}

QJsonValue jsonEpoch(int epoch)
{
    return epoch >= 0 ? QJsonValue(epoch) : QJsonValue(QJsonValue::Null);
}

/// Least-squares slope of ys over xs (NaN if the xs do not vary).
double slope(const std::vector<double> &xs, const std::vector<double> &ys)
{
    const double n = double(xs.size());
    double mx = 0, my = 0;
    for (size_t i = 0; i < xs.size(); ++i) {
        mx += xs[i];
        my += ys[i];
    }
    mx /= n;
    my /= n;
    double sxy = 0, sxx = 0;
    for (size_t i = 0; i < xs.size(); ++i) {
        sxy += (xs[i] - mx) * (ys[i] - my);
        sxx += (xs[i] - mx) * (xs[i] - mx);
    }
    return sxx > 0 ? sxy / sxx : kAbsent;
}

void runPlateau(const std::vector<EpochMetrics> &history, Metric metric, const PlateauConfig &c,
    HealthReport::Plateau &out)
{
    const bool minMode = c.mode == Mode::Min;
    double best = minMode ? kInf : -kInf;
    int bad = 0; // num_bad_epochs (PyTorch) or wait (Keras)
    int cooldownCounter = 0;
    // Keras negates |min_delta| in min mode so that one comparison serves both modes.
    const double minDelta = minMode ? -std::abs(c.minDelta) : std::abs(c.minDelta);

    for (size_t i = 0; i < history.size(); ++i) {
        double current = 0;
        if (!monitoredValue(history[i], metric, &current))
            continue;
        bool improved = false;
        bool fired = false;
        if (c.convention == Convention::PyTorch) {
            // ReduceLROnPlateau.is_better(), computed the same way so that inf*0 etc. agree.
            if (minMode && c.thresholdMode == ThresholdMode::Rel)
                improved = current < best * (1. - c.threshold);
            else if (minMode)
                improved = current < best - c.threshold;
            else if (c.thresholdMode == ThresholdMode::Rel)
                improved = current > best * (c.threshold + 1.);
            else
                improved = current > best + c.threshold;
            if (improved) {
                best = current;
                bad = 0;
            } else {
                ++bad;
            }
            if (cooldownCounter > 0) {
                --cooldownCounter;
                bad = 0; // bad epochs in cooldown are ignored
            }
            if (bad > c.patience) {
                fired = true;
                cooldownCounter = c.cooldown;
                bad = 0;
            }
        } else {
            ++bad;
            improved = minMode ? current - minDelta < best : current - minDelta > best;
            if (improved) {
                best = current;
                bad = 0;
            } else if (bad >= c.patience && i > 0) {
                fired = true;
            }
        }
        if (improved) {
            out.lastImprovementEpoch = history[i].epoch;
            out.lastImprovementValue = current;
            out.epochsSinceImprovement = 0;
        } else {
            ++out.epochsSinceImprovement;
        }
        if (fired) {
            if (!out.detected)
                out.epoch = history[i].epoch;
            out.detected = true;
            out.firingEpochs.append(history[i].epoch);
        }
        out.firesNow = fired && i + 1 == history.size();
    }
    out.badEpochs = bad;
}

void runOverfitting(
    const std::vector<EpochMetrics> &history, const OverfittingConfig &c, HealthReport::Overfitting &out)
{
    const size_t n = history.size();
    const size_t w = size_t(c.window);
    const size_t k = size_t(c.stripLength);
    double bestVal = kInf; // E_opt so far

    for (size_t i = 0; i < n; ++i) {
        const EpochMetrics &m = history[i];
        if (std::isfinite(m.valLoss))
            bestVal = std::min(bestVal, m.valLoss);

        double gl = kAbsent;
        if (std::isfinite(m.valLoss) && std::isfinite(bestVal) && bestVal > 0)
            gl = 100. * (m.valLoss / bestVal - 1.);

        double progress = kAbsent;
        if (i + 1 >= k) {
            double sum = 0, lowest = kInf;
            bool complete = true;
            for (size_t j = i + 1 - k; j <= i; ++j) {
                complete = complete && std::isfinite(history[j].trainLoss);
                sum += history[j].trainLoss;
                lowest = std::min(lowest, history[j].trainLoss);
            }
            if (complete && lowest > 0)
                progress = 1000. * (sum / (double(k) * lowest) - 1.);
        }
        const double pq = progress > 0 ? gl / progress : kAbsent;
        // P_k = 0 makes PQ infinite: any generalization loss at all meets the criterion.
        const bool pqMet =
            !std::isnan(gl) && !std::isnan(progress) && (progress > 0 ? pq > c.pqAlpha : gl > 0);

        double trainSlope = kAbsent, valSlope = kAbsent, gapTrend = kAbsent;
        if (i + 1 >= w) {
            std::vector<double> xs, train, val, gap;
            for (size_t j = i + 1 - w; j <= i; ++j) {
                const EpochMetrics &e = history[j];
                if (!std::isfinite(e.trainLoss) || !std::isfinite(e.valLoss))
                    break;
                xs.push_back(e.epoch);
                train.push_back(e.trainLoss);
                val.push_back(e.valLoss);
                gap.push_back(e.valLoss - e.trainLoss);
            }
            if (xs.size() == w) {
                trainSlope = slope(xs, train);
                valSlope = slope(xs, val);
                gapTrend = slope(xs, gap);
            }
        }

        const bool detectedHere = trainSlope < 0 && valSlope > 0 && (gl > c.glAlpha || pqMet);
        if (detectedHere || (!out.detected && i + 1 == n)) {
            out.gl = gl;
            out.pq = pq;
            out.trainingProgress = progress;
            out.gap =
                std::isfinite(m.valLoss) && std::isfinite(m.trainLoss) ? m.valLoss - m.trainLoss : kAbsent;
            out.gapTrend = gapTrend;
            out.trainSlope = trainSlope;
            out.valSlope = valSlope;
        }
        if (detectedHere) {
            out.detected = true;
            out.epoch = m.epoch;
            return;
        }
    }
}

void runDivergence(
    const std::vector<EpochMetrics> &history, const DivergenceConfig &c, HealthReport::Divergence &out)
{
    double firstTrain = kAbsent;
    int firstTrainEpoch = -1;
    for (const EpochMetrics &m : history) {
        const auto nonFinite = [&](const char *name, double v, bool measuredNaN) {
            if (!std::isinf(v) && !measuredNaN)
                return false;
            out.reason = QStringLiteral("%1 is %2 at epoch %3")
                             .arg(QLatin1String(name),
                                 measuredNaN ? QStringLiteral("NaN") : QString::number(v), // "inf" / "-inf"
                                 epochText(m.epoch));
            return true;
        };
        if (nonFinite("train_loss", m.trainLoss, m.trainLossNaN)
            || nonFinite("val_loss", m.valLoss, m.valLossNaN)) {
            out.detected = true;
            out.epoch = m.epoch;
            return;
        }
        if (!std::isfinite(m.trainLoss))
            continue;
        if (firstTrainEpoch < 0) {
            firstTrain = m.trainLoss;
            firstTrainEpoch = m.epoch;
        } else if (c.trainLossFactor > 0 && firstTrain > 0 && m.trainLoss > c.trainLossFactor * firstTrain) {
            out.detected = true;
            out.epoch = m.epoch;
            out.reason =
                QStringLiteral("train_loss %1 at epoch %2 exceeds %3 × its first value %4 (epoch %5)")
                    .arg(number(m.trainLoss), epochText(m.epoch), number(c.trainLossFactor),
                        number(firstTrain), epochText(firstTrainEpoch));
            return;
        }
    }
}

/// The fewest epochs with which the plateau rule could fire.
int plateauEpochsNeeded(const PlateauConfig &c)
{
    // PyTorch: the first value always improves on ±inf, then patience+1 bad epochs.
    // Keras: the first value improves, then patience bad epochs, and never at epoch index 0.
    return c.convention == Convention::PyTorch ? c.patience + 2 : std::max(c.patience + 1, 2);
}

HealthReport::Recommendation recommend(const HealthReport &r, const std::vector<EpochMetrics> &history)
{
    const HealthConfig &c = r.config;
    const QString best = r.bestEpoch >= 0 ? QStringLiteral("the weights of epoch %1 (best %2 %3)")
                                                .arg(epochText(r.bestEpoch), r.monitor, number(r.bestValue))
                                          : QString();
    if (history.empty())
        return {QStringLiteral("continue"), QStringLiteral("No metrics yet.")};

    if (r.divergence.detected) {
        if (r.bestEpoch >= 0 && r.bestEpoch < r.divergence.epoch)
            return {QStringLiteral("restore_best"),
                QStringLiteral(
                    "Training diverged: %1; restore %2 and lower the learning rate before resuming.")
                    .arg(r.divergence.reason, best)};
        return {QStringLiteral("stop"),
            QStringLiteral(
                "Training diverged: %1, and no earlier epoch has a %2 to go back to; stop and lower "
                "the learning rate.")
                .arg(r.divergence.reason, r.monitor)};
    }

    if (r.overfitting.detected) {
        const HealthReport::Overfitting &o = r.overfitting;
        QStringList criteria;
        if (o.gl > c.overfitting.glAlpha)
            criteria << QStringLiteral("GL %1 > %2").arg(number(o.gl), number(c.overfitting.glAlpha));
        if (o.pq > c.overfitting.pqAlpha)
            criteria << QStringLiteral("PQ %1 > %2").arg(number(o.pq), number(c.overfitting.pqAlpha));
        else if (std::isnan(o.pq) && o.trainingProgress == 0)
            criteria << QStringLiteral("PQ unbounded (no training progress)");
        const QString what =
            QStringLiteral("Overfitting since epoch %1: over the last %2 epochs train_loss fell "
                           "(%3/epoch) while val_loss rose (%4/epoch); %5")
                .arg(epochText(o.epoch), QString::number(c.overfitting.window), signedNumber(o.trainSlope),
                    signedNumber(o.valSlope), criteria.join(QStringLiteral(", ")));
        if (r.bestEpoch >= 0 && r.bestEpoch != r.lastEpoch)
            return {QStringLiteral("restore_best"), QStringLiteral("%1; restore %2.").arg(what, best)};
        return {QStringLiteral("stop"), QStringLiteral("%1; stop.").arg(what)};
    }

    const HealthReport::Plateau &p = r.plateau;
    const QString since = QStringLiteral("for %1 epochs (last improvement %2 at epoch %3; patience %4")
                              .arg(QString::number(p.epochsSinceImprovement), number(p.lastImprovementValue),
                                  epochText(p.lastImprovementEpoch), QString::number(c.plateau.patience));
    if (p.firesNow) {
        if (c.plateau.convention == Convention::PyTorch)
            return {QStringLiteral("reduce_lr"),
                QStringLiteral(
                    "%1 has not improved by more than the %2 threshold %3 %4, cooldown %5); reduce the "
                    "learning rate.")
                    .arg(r.monitor, thresholdModeName(c.plateau.thresholdMode), number(c.plateau.threshold),
                        since, QString::number(c.plateau.cooldown))};
        return {QStringLiteral("stop"),
            QStringLiteral("%1 has not improved by more than min_delta %2 %3); stop.")
                .arg(r.monitor, number(std::abs(c.plateau.minDelta)), since)};
    }

    const int plateauNeeded = plateauEpochsNeeded(c.plateau);
    if (r.epochsAnalyzed < std::min(plateauNeeded, c.overfitting.window))
        return {QStringLiteral("continue"),
            QStringLiteral("Only %1 epoch(s) so far, too few to judge (the plateau rule needs %2 and the "
                           "overfitting trend %3); continue.")
                .arg(QString::number(r.epochsAnalyzed), QString::number(plateauNeeded),
                    QString::number(c.overfitting.window))};

    QString status;
    if (r.bestEpoch < 0)
        status = QStringLiteral("No %1 values in %2 epochs, so no plateau can be judged")
                     .arg(r.monitor, QString::number(r.epochsAnalyzed));
    else if (p.epochsSinceImprovement == 0)
        status = QStringLiteral("%1 improved to %2 at epoch %3, the latest it has")
                     .arg(r.monitor, number(p.lastImprovementValue), epochText(p.lastImprovementEpoch));
    else
        status = QStringLiteral("%1 has not improved %2)").arg(r.monitor, since);
    if (p.detected)
        status +=
            QStringLiteral(" (the plateau rule fired before, first at epoch %1)").arg(epochText(p.epoch));
    return {QStringLiteral("continue"),
        QStringLiteral("%1; no overfitting or divergence; continue.").arg(status)};
}

QJsonObject configJson(const HealthConfig &c)
{
    return {
        {QStringLiteral("plateau"),
            QJsonObject {{QStringLiteral("monitor"), c.plateau.monitor},
                {QStringLiteral("mode"), modeName(c.plateau.mode)},
                {QStringLiteral("convention"), conventionName(c.plateau.convention)},
                {QStringLiteral("patience"), c.plateau.patience},
                {QStringLiteral("threshold"), c.plateau.threshold},
                {QStringLiteral("threshold_mode"), thresholdModeName(c.plateau.thresholdMode)},
                {QStringLiteral("min_delta"), c.plateau.minDelta},
                {QStringLiteral("cooldown"), c.plateau.cooldown}}},
        {QStringLiteral("overfitting"),
            QJsonObject {{QStringLiteral("window"), c.overfitting.window},
                {QStringLiteral("gl_alpha"), c.overfitting.glAlpha},
                {QStringLiteral("pq_alpha"), c.overfitting.pqAlpha},
                {QStringLiteral("strip_length"), c.overfitting.stripLength}}},
        {QStringLiteral("divergence"),
            QJsonObject {{QStringLiteral("train_loss_factor"), c.divergence.trainLossFactor}}},
    };
}

} // namespace

EpochMetrics measuredEpoch(
    int epoch, double trainLoss, double valLoss, double valAccuracy, double learningRate)
{
    EpochMetrics m {epoch, trainLoss, valLoss, valAccuracy, learningRate};
    m.trainLossNaN = std::isnan(trainLoss);
    m.valLossNaN = std::isnan(valLoss);
    return m;
}

QStringList monitorNames()
{
    return {QStringLiteral("val_loss"), QStringLiteral("train_loss"), QStringLiteral("val_accuracy")};
}

QString modeName(Mode mode)
{
    return mode == Mode::Min ? QStringLiteral("min") : QStringLiteral("max");
}

QString thresholdModeName(ThresholdMode mode)
{
    return mode == ThresholdMode::Rel ? QStringLiteral("rel") : QStringLiteral("abs");
}

QString conventionName(Convention convention)
{
    return convention == Convention::PyTorch ? QStringLiteral("pytorch") : QStringLiteral("keras");
}

void validate(const HealthConfig &config)
{
    const auto require = [](bool ok, const char *field, const QString &what) {
        if (!ok)
            throw Error(ErrorKind::Usage, QStringLiteral("%1 %2.").arg(QLatin1String(field), what));
    };
    metricNamed(config.plateau.monitor);
    const PlateauConfig &p = config.plateau;
    require(p.patience >= 0, "plateau.patience", QStringLiteral("must be 0 or more, not %1").arg(p.patience));
    require(std::isfinite(p.threshold) && p.threshold >= 0, "plateau.threshold",
        QStringLiteral("must be a finite number, 0 or more, not %1").arg(p.threshold));
    require(std::isfinite(p.minDelta), "plateau.minDelta", QStringLiteral("must be a finite number"));
    require(p.cooldown >= 0, "plateau.cooldown", QStringLiteral("must be 0 or more, not %1").arg(p.cooldown));
    const OverfittingConfig &o = config.overfitting;
    require(o.window >= 2, "overfitting.window",
        QStringLiteral("must be 2 or more (a slope needs two points), not %1").arg(o.window));
    require(o.stripLength >= 1, "overfitting.stripLength",
        QStringLiteral("must be 1 or more, not %1").arg(o.stripLength));
    require(std::isfinite(o.glAlpha) && o.glAlpha >= 0, "overfitting.glAlpha",
        QStringLiteral("must be a finite number, 0 or more, not %1").arg(o.glAlpha));
    require(std::isfinite(o.pqAlpha) && o.pqAlpha >= 0, "overfitting.pqAlpha",
        QStringLiteral("must be a finite number, 0 or more, not %1").arg(o.pqAlpha));
    const DivergenceConfig &d = config.divergence;
    require(std::isfinite(d.trainLossFactor) && d.trainLossFactor >= 0, "divergence.trainLossFactor",
        QStringLiteral("must be a finite number, 0 (off) or more, not %1").arg(d.trainLossFactor));
}

HealthReport analyzeHealth(const std::vector<EpochMetrics> &history, const HealthConfig &config)
{
    validate(config);
    for (size_t i = 1; i < history.size(); ++i) {
        if (history[i].epoch <= history[i - 1].epoch)
            throw Error(ErrorKind::Input,
                QStringLiteral("Epochs must increase: epoch %1 follows epoch %2 (entry %3 of the history).")
                    .arg(QString::number(history[i].epoch), QString::number(history[i - 1].epoch),
                        QString::number(i)));
    }

    HealthReport r;
    r.config = config;
    r.monitor = config.plateau.monitor;
    r.epochsAnalyzed = int(history.size());
    r.lastEpoch = history.empty() ? -1 : history.back().epoch;

    const Metric metric = metricNamed(config.plateau.monitor);
    for (const EpochMetrics &m : history) {
        double v = 0;
        if (!monitoredValue(m, metric, &v) || !std::isfinite(v))
            continue;
        if (r.bestEpoch < 0 || (config.plateau.mode == Mode::Min ? v < r.bestValue : v > r.bestValue)) {
            r.bestEpoch = m.epoch;
            r.bestValue = v;
        }
    }

    runPlateau(history, metric, config.plateau, r.plateau);
    runOverfitting(history, config.overfitting, r.overfitting);
    runDivergence(history, config.divergence, r.divergence);
    r.recommendation = recommend(r, history);
    return r;
}

QJsonObject HealthReport::toJson() const
{
    QJsonArray firings;
    for (int e : plateau.firingEpochs)
        firings.append(e);
    return {
        {QStringLiteral("monitor"), monitor},
        {QStringLiteral("mode"), modeName(config.plateau.mode)},
        {QStringLiteral("epochs_analyzed"), epochsAnalyzed},
        {QStringLiteral("last_epoch"), jsonEpoch(lastEpoch)},
        {QStringLiteral("best_epoch"), jsonEpoch(bestEpoch)},
        {QStringLiteral("best_value"), jsonNumber(bestValue)},
        {QStringLiteral("plateau"),
            QJsonObject {
                {QStringLiteral("detected"), plateau.detected},
                {QStringLiteral("epoch"), jsonEpoch(plateau.epoch)},
                {QStringLiteral("firing_epochs"), firings},
                {QStringLiteral("fires_now"), plateau.firesNow},
                {QStringLiteral("bad_epochs"), plateau.badEpochs},
                {QStringLiteral("last_improvement_epoch"), jsonEpoch(plateau.lastImprovementEpoch)},
                {QStringLiteral("last_improvement_value"), jsonNumber(plateau.lastImprovementValue)},
                {QStringLiteral("epochs_since_improvement"), plateau.epochsSinceImprovement},
            }},
        {QStringLiteral("overfitting"),
            QJsonObject {
                {QStringLiteral("detected"), overfitting.detected},
                {QStringLiteral("epoch"), jsonEpoch(overfitting.epoch)},
                {QStringLiteral("gl"), jsonNumber(overfitting.gl)},
                {QStringLiteral("pq"), jsonNumber(overfitting.pq)},
                {QStringLiteral("training_progress"), jsonNumber(overfitting.trainingProgress)},
                {QStringLiteral("generalization_gap"), jsonNumber(overfitting.gap)},
                {QStringLiteral("gap_trend"), jsonNumber(overfitting.gapTrend)},
                {QStringLiteral("train_slope"), jsonNumber(overfitting.trainSlope)},
                {QStringLiteral("val_slope"), jsonNumber(overfitting.valSlope)},
            }},
        {QStringLiteral("divergence"),
            QJsonObject {
                {QStringLiteral("detected"), divergence.detected},
                {QStringLiteral("epoch"), jsonEpoch(divergence.epoch)},
                {QStringLiteral("reason"),
                    divergence.detected ? QJsonValue(divergence.reason) : QJsonValue(QJsonValue::Null)},
            }},
        {QStringLiteral("recommendation"),
            QJsonObject {{QStringLiteral("action"), recommendation.action},
                {QStringLiteral("reason"), recommendation.reason}}},
        {QStringLiteral("config"), configJson(config)},
    };
}

} // namespace lk::analysis
