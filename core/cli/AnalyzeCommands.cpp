#include "core/analysis/CurveHealth.h"
#include "core/analysis/MetricHistoryParser.h"
#include "core/cli/Cli.h"
#include "core/cli/CliOptions.h"
#include "core/common/Error.h"
#include "core/common/Limits.h"
#include "core/common/RequestFiles.h"

#include <QFile>

#include <cmath>
#include <cstdio>

namespace lk::cli {

namespace {

using namespace lk::analysis;

/// The option's value as a whole number >= minimum; a usage error naming the option otherwise.
int wholeNumber(const QCommandLineParser &p, const QString &name, int fallback, int minimum)
{
    if (!p.isSet(name))
        return fallback;
    bool ok = false;
    const int v = p.value(name).toInt(&ok);
    if (!ok || v < minimum)
        throw Error(ErrorKind::Usage,
            QStringLiteral("--%1 must be a whole number, %2 or more, not \"%3\".")
                .arg(name, QString::number(minimum), p.value(name)));
    return v;
}

/// The option's value as a finite number >= 0; a usage error naming the option otherwise.
double nonNegative(const QCommandLineParser &p, const QString &name, double fallback)
{
    if (!p.isSet(name))
        return fallback;
    bool ok = false;
    const double v = p.value(name).toDouble(&ok);
    if (!ok || !std::isfinite(v) || v < 0)
        throw Error(ErrorKind::Usage,
            QStringLiteral("--%1 must be a number, 0 or more, not \"%2\".").arg(name, p.value(name)));
    return v;
}

/// The option's value, which must be one of `choices`; a usage error naming the option otherwise.
QString choice(
    const QCommandLineParser &p, const QString &name, const QStringList &choices, const QString &fallback)
{
    if (!p.isSet(name))
        return fallback;
    const QString v = p.value(name).toLower();
    if (!choices.contains(v))
        throw Error(ErrorKind::Usage,
            QStringLiteral("--%1 must be one of %2, not \"%3\".")
                .arg(name, choices.join(QStringLiteral(", ")), p.value(name)));
    return v;
}

HealthConfig configFrom(const QCommandLineParser &p)
{
    HealthConfig c;
    PlateauConfig &plateau = c.plateau;
    plateau.monitor = choice(p, QStringLiteral("monitor"), monitorNames(), plateau.monitor);
    // Accuracy is better when higher; the struct keeps the mode explicit, the CLI infers it.
    const QString defaultMode =
        plateau.monitor.contains(QLatin1String("accuracy")) ? QStringLiteral("max") : QStringLiteral("min");
    plateau.mode =
        choice(p, QStringLiteral("mode"), {QStringLiteral("min"), QStringLiteral("max")}, defaultMode)
            == QLatin1String("max")
        ? Mode::Max
        : Mode::Min;
    plateau.patience = wholeNumber(p, QStringLiteral("patience"), plateau.patience, 0);
    plateau.threshold = nonNegative(p, QStringLiteral("threshold"), plateau.threshold);
    plateau.thresholdMode =
        choice(p, QStringLiteral("threshold-mode"), {QStringLiteral("rel"), QStringLiteral("abs")},
            thresholdModeName(plateau.thresholdMode))
            == QLatin1String("abs")
        ? ThresholdMode::Abs
        : ThresholdMode::Rel;
    plateau.minDelta = nonNegative(p, QStringLiteral("min-delta"), plateau.minDelta);
    plateau.cooldown = wholeNumber(p, QStringLiteral("cooldown"), plateau.cooldown, 0);
    plateau.convention =
        choice(p, QStringLiteral("convention"), {QStringLiteral("pytorch"), QStringLiteral("keras")},
            conventionName(plateau.convention))
            == QLatin1String("keras")
        ? Convention::Keras
        : Convention::PyTorch;
    c.overfitting.window = wholeNumber(p, QStringLiteral("window"), c.overfitting.window, 2);
    c.overfitting.glAlpha = nonNegative(p, QStringLiteral("gl-alpha"), c.overfitting.glAlpha);
    c.overfitting.pqAlpha = nonNegative(p, QStringLiteral("pq-alpha"), c.overfitting.pqAlpha);
    c.overfitting.stripLength = wholeNumber(p, QStringLiteral("strip-length"), c.overfitting.stripLength, 1);
    c.divergence.trainLossFactor =
        nonNegative(p, QStringLiteral("divergence-factor"), c.divergence.trainLossFactor);
    return c;
}

QByteArray readMetrics(const QString &source)
{
    // Bounded, and only regular files: /dev/zero would never end, a FIFO would block.
    if (source != QLatin1String("-"))
        return readRegularFile(source, limits::kMaxInputFileBytes, QStringLiteral("The metrics file"));
    QFile file;
    if (!file.open(stdin, QIODevice::ReadOnly))
        throw Error(ErrorKind::Input,
            QStringLiteral("Cannot read the metrics from stdin: %1.").arg(file.errorString()));
    return readBounded(file, limits::kMaxInputFileBytes, QStringLiteral("The metrics from stdin"));
}

/// The metric history; a parse error quotes at most a few hundred characters of the input
/// (a 100 MB line must not become a 100 MB message).
std::vector<EpochMetrics> parsedMetrics(const QByteArray &bytes)
{
    try {
        return parseMetricHistory(bytes);
    } catch (const Error &e) {
        throw Error(e.kind(), limits::quoted(e.message(), 1000));
    }
}

} // namespace

QList<Command> analysisCommands()
{
    const HealthConfig d;
    Command analyze;
    analyze.name = QStringLiteral("analyze");
    analyze.argumentsSyntax = QStringLiteral("--metrics FILE|- [OPTIONS]");
    analyze.summary =
        QStringLiteral("Judge a training run's metric history (JSON or CSV; - reads stdin): best "
                       "epoch, plateau, overfitting, divergence, and what to do next. Epochs in the "
                       "history and in the JSON are 0-based indexes; the reasons name index i "
                       "\"epoch i+1\", as Keras prints it.");
    analyze.options = {
        valueOption("metrics", QStringLiteral("Metric history, JSON or CSV; - reads stdin."), "FILE"),
        valueOption("monitor",
            QStringLiteral("Metric the plateau rule and the best epoch follow: %1 (default %2).")
                .arg(monitorNames().join(QStringLiteral(", ")), d.plateau.monitor),
            "NAME"),
        valueOption("mode", QStringLiteral("min or max (default: max for val_accuracy, else min)."), "MODE"),
        valueOption("convention",
            QStringLiteral("Plateau rule: pytorch (ReduceLROnPlateau, recommends reduce_lr) or keras "
                           "(EarlyStopping, recommends stop); default %1.")
                .arg(conventionName(d.plateau.convention)),
            "NAME"),
        valueOption("patience",
            QStringLiteral("Epochs without improvement the rule tolerates (default %1).")
                .arg(d.plateau.patience),
            "N"),
        valueOption("threshold",
            QStringLiteral("pytorch: smallest improvement that counts (default %1).")
                .arg(d.plateau.threshold),
            "X"),
        valueOption("threshold-mode",
            QStringLiteral("pytorch: rel or abs (default %1).")
                .arg(thresholdModeName(d.plateau.thresholdMode)),
            "MODE"),
        valueOption("min-delta",
            QStringLiteral("keras: smallest improvement that counts (default %1).").arg(d.plateau.minDelta),
            "X"),
        valueOption("cooldown",
            QStringLiteral("pytorch: epochs after a firing before counting resumes (default %1).")
                .arg(d.plateau.cooldown),
            "N"),
        valueOption("window",
            QStringLiteral("Epochs over which overfitting trends are fitted, 2 or more (default %1).")
                .arg(d.overfitting.window),
            "N"),
        valueOption("gl-alpha",
            QStringLiteral("Prechelt's GL threshold, percent (default %1).").arg(d.overfitting.glAlpha), "X"),
        valueOption("pq-alpha",
            QStringLiteral("Prechelt's PQ threshold (default %1).").arg(d.overfitting.pqAlpha), "X"),
        valueOption("strip-length",
            QStringLiteral("Prechelt's training strip length k (default %1).").arg(d.overfitting.stripLength),
            "N"),
        valueOption("divergence-factor",
            QStringLiteral("Divergence when train_loss exceeds this times its first value; 0 turns it off "
                           "(default %1).")
                .arg(d.divergence.trainLossFactor),
            "X"),
    };
    analyze.run = [](Context &ctx) {
        const QCommandLineParser &p = ctx.parser();
        if (!ctx.arguments().isEmpty())
            throw Error(ErrorKind::Usage,
                QStringLiteral("\"analyze\" takes no arguments, but got: %1 (give the file with --metrics).")
                    .arg(ctx.arguments().join(QLatin1Char(' '))));
        if (!p.isSet(QStringLiteral("metrics")) || p.value(QStringLiteral("metrics")).isEmpty())
            throw Error(ErrorKind::Usage,
                QStringLiteral("analyze needs --metrics FILE (or --metrics - to read stdin)."));
        const HealthConfig config = configFrom(p);
        const QString source = p.value(QStringLiteral("metrics"));
        QJsonObject out = analyzeHealth(parsedMetrics(readMetrics(source)), config).toJson();
        out.insert(QStringLiteral("source"), source);
        return out;
    };
    return {analyze};
}

} // namespace lk::cli
