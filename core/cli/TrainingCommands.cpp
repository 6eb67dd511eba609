// CLI commands of the training runner: train, predict, runs, monitor.
#include "core/common/EpochNumber.h"
#include "core/cli/Cli.h"
#include "core/cli/CliOptions.h"
#include "core/common/Error.h"
#include "core/logging/Logging.h"
#include "core/runs/RunHealth.h"
#include "core/runs/RunQueries.h"
#include "core/runs/RunStore.h"
#include "core/runs/TrainingSession.h"
#include "core/training/Classifier.h"
#include "core/training/ImageDataset.h"
#include "core/workspace/Workspace.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QThread>

#include <atomic>
#include <cmath>
#include <csignal>

namespace lk::cli {

using namespace lk::training;

namespace {

std::atomic<bool> g_interrupted{false};

extern "C" void onInterrupt(int)
{
    g_interrupted = true;
}

using runs::epochJson;

/// Prints each epoch as one JSON line; Ctrl+C cancels at the next step, keeping the checkpoint.
class PrintingListener : public runs::RunListener
{
public:
    explicit PrintingListener(Context &ctx)
        : m_ctx(ctx)
    { }
    void runStarted(const QString &runId, const TrainingConfig &, bool resumed) override
    {
        m_runId = runId;
        m_ctx.print(QJsonObject{{QStringLiteral("run_id"), runId},
            {QStringLiteral("event"), resumed ? QStringLiteral("resumed") : QStringLiteral("started")}});
    }
    void epochRecorded(const EpochRecord &e, const QJsonObject &health) override
    {
        QJsonObject o = epochJson(m_runId, e);
        if (!health.isEmpty()) {
            QJsonObject brief = health;
            brief.remove(QStringLiteral("config")); // the same every epoch: see runs show
            o.insert(QStringLiteral("health"), brief);
        }
        m_ctx.print(o);
    }
    bool cancelRequested() override { return g_interrupted; }

private:
    Context &m_ctx;
    QString m_runId;
};

TrainingConfig configFrom(const Context &ctx)
{
    const QCommandLineParser &p = ctx.parser();
    TrainingConfig c;
    c.datasetDir = p.value(QStringLiteral("dataset"));
    if (c.datasetDir.isEmpty())
        c.datasetDir = defaultFashionMnistDir();
    c.model = p.value(QStringLiteral("model"));
    if (c.model.isEmpty())
        c.model = QStringLiteral("small-cnn");
    c.parentArtifact = p.value(QStringLiteral("parent"));
    c.epochs = intOption(p, QStringLiteral("epochs"), c.epochs, 1, 100000);
    c.batchSize = intOption(p, QStringLiteral("batch"), c.batchSize, 1, 65536);
    c.learningRate = doubleOption(p, QStringLiteral("lr"), c.learningRate, 1e-12, 1e3);
    c.momentum = doubleOption(p, QStringLiteral("momentum"), c.momentum, 0, 0.999999);
    c.weightDecay = doubleOption(p, QStringLiteral("weight-decay"), c.weightDecay, 0, 1e3);
    c.threads = intOption(p, QStringLiteral("threads"), c.threads, 0, 256);
    c.seed = uint64Option(p, QStringLiteral("seed"), c.seed);
    c.trainLimit = intOption(p, QStringLiteral("limit"), 0, 0, 100000000);
    c.testLimit = intOption(p, QStringLiteral("test-limit"), 0, 0, 100000000);
    c.validationFraction =
        doubleOption(p, QStringLiteral("val-fraction"), c.validationFraction, 1e-6, 0.999999);
    c.stepMetricsEvery = intOption(p, QStringLiteral("step-metrics-every"), c.stepMetricsEvery, 1, 1000000);
    c.earlyStopping = p.isSet(QStringLiteral("early-stop"));
    c.earlyStopPatience = intOption(p, QStringLiteral("patience"), c.earlyStopPatience, 0, 100000);
    c.earlyStopMinDelta = doubleOption(p, QStringLiteral("min-delta"), c.earlyStopMinDelta, 0, 1e9);
    const QString optimizer = p.value(QStringLiteral("optimizer"));
    if (optimizer.isEmpty() || optimizer == QLatin1String("adam"))
        c.optimizer = OptimizerKind::Adam;
    else if (optimizer == QLatin1String("sgd"))
        c.optimizer = OptimizerKind::Sgd;
    else
        throw Error(
            ErrorKind::Usage, QStringLiteral("--optimizer must be adam or sgd, not \"%1\"").arg(optimizer));
    c.validate();
    return c;
}

QJsonObject resultJson(const runs::SessionResult &r)
{
    const RunResult &x = r.result;
    return QJsonObject{
        {QStringLiteral("run_id"), r.runId},
        {QStringLiteral("status"), runStatusName(x.status)},
        {QStringLiteral("epochs"), x.epochsDone},
        {QStringLiteral("best_epoch"), x.bestEpoch >= 0 ? QJsonValue(x.bestEpoch) : QJsonValue()},
        {QStringLiteral("test_accuracy"), x.testAccuracy >= 0 ? QJsonValue(x.testAccuracy) : QJsonValue()},
        {QStringLiteral("samples_per_second"), finiteOrNull(x.samplesPerSecond)},
        {QStringLiteral("diverged_step"),
            x.divergedStep >= 0 ? QJsonValue(qint64(x.divergedStep)) : QJsonValue()},
        {QStringLiteral("artifact"), x.artifactPath.isEmpty() ? QJsonValue() : QJsonValue(x.artifactPath)},
        {QStringLiteral("sha256"), x.artifactSha256.isEmpty() ? QJsonValue() : QJsonValue(x.artifactSha256)},
        {QStringLiteral("manifest"), x.manifestPath.isEmpty() ? QJsonValue() : QJsonValue(x.manifestPath)},
        {QStringLiteral("message"), x.message.isEmpty() ? QJsonValue() : QJsonValue(x.message)},
    };
}

QJsonObject train(Context &ctx)
{
    const QCommandLineParser &p = ctx.parser();
    runs::TrainingRequest request;
    request.resumeRunId = p.value(QStringLiteral("resume"));
    if (request.resumeRunId.isEmpty())
        request.config = configFrom(ctx);
    else
        request.extendEpochsTo = intOption(p, QStringLiteral("epochs"), 0, 0, 100000);
    const Workspace ws = Workspace::open(ctx.workspaceRoot());
    LogSink::instance().attachFile(ws.logsDir(), QStringLiteral("loopkeeper-cli"));
    g_interrupted = false;
    const auto previous = std::signal(SIGINT, onInterrupt);
    std::signal(SIGTERM, onInterrupt);
    PrintingListener listener(ctx);
    runs::SessionResult result;
    try {
        result = runs::runTrainingSession(ws, request, listener);
    } catch (...) {
        std::signal(SIGINT, previous);
        throw;
    }
    std::signal(SIGINT, previous);
    return resultJson(result);
}

QJsonObject predict(Context &ctx)
{
    const QCommandLineParser &p = ctx.parser();
    const QString model = p.value(QStringLiteral("model"));
    if (model.isEmpty())
        throw Error(ErrorKind::Usage, QStringLiteral("predict needs --model ARTIFACT"));
    QString dataset = p.value(QStringLiteral("dataset"));
    if (dataset.isEmpty())
        dataset = defaultFashionMnistDir();
    const QString split = p.value(QStringLiteral("split")).isEmpty() ? QStringLiteral("test")
                                                                     : p.value(QStringLiteral("split"));
    if (split != QLatin1String("test") && split != QLatin1String("train"))
        throw Error(ErrorKind::Usage, QStringLiteral("--split must be test or train, not \"%1\"").arg(split));
    const int offset = intOption(p, QStringLiteral("offset"), 0, 0, 100000000);
    const ImageSet images =
        loadIdxDataset(dataset, split == QLatin1String("test") ? Split::Test : Split::Train);
    int limit = intOption(p, QStringLiteral("limit"), 0, 0, 100000000);
    if (offset >= images.count())
        throw Error(ErrorKind::Usage,
            QStringLiteral("--offset %1 is past the %2 images").arg(offset).arg(images.count()));
    const int count = limit > 0 ? std::min(limit, images.count() - offset) : images.count() - offset;
    Classifier classifier(model);
    const std::vector<Prediction> predictions = classifier.predict(images, offset, count);
    QJsonArray rows;
    int correct = 0;
    for (const Prediction &pr : predictions) {
        const int truth = images.labels[size_t(pr.index)];
        correct += pr.label == truth;
        rows.append(QJsonObject{{QStringLiteral("index"), pr.index}, {QStringLiteral("class"), pr.label},
            {QStringLiteral("confidence"), double(pr.confidence)}, {QStringLiteral("label"), truth}});
    }
    return QJsonObject{{QStringLiteral("model"), model}, {QStringLiteral("dataset"), images.source},
        {QStringLiteral("count"), int(predictions.size())},
        {QStringLiteral("accuracy"),
            predictions.empty() ? QJsonValue() : QJsonValue(double(correct) / double(predictions.size()))},
        {QStringLiteral("predictions"), rows}};
}

runs::RunSummary requireRun(runs::RunStore &store, const QString &runId, const QString &root)
{
    const std::optional<runs::RunSummary> run = store.run(runId);
    if (!run)
        throw Error(ErrorKind::Input, QStringLiteral("There is no training run %1 in %2").arg(runId, root));
    return *run;
}

QString runArgument(const Context &ctx)
{
    if (ctx.arguments().size() != 1)
        throw Error(ErrorKind::Usage, QStringLiteral("Give exactly one run id"));
    return ctx.arguments().first();
}

QJsonObject runsList(Context &ctx)
{
    const Workspace ws = Workspace::open(ctx.workspaceRoot(), Workspace::OpenMode::ExistingOnly);
    storage::Database db = ws.connect();
    const int limit = intOption(ctx.parser(), QStringLiteral("limit"), 100, 1, 100000);
    return runs::RunQueries(db, ws.root()).runs(QJsonObject{{QStringLiteral("limit"), limit}});
}

QJsonObject runsShow(Context &ctx)
{
    const Workspace ws = Workspace::open(ctx.workspaceRoot(), Workspace::OpenMode::ExistingOnly);
    storage::Database db = ws.connect();
    return runs::RunQueries(db, ws.root()).run(runArgument(ctx));
}

QJsonObject runsMetrics(Context &ctx)
{
    const Workspace ws = Workspace::open(ctx.workspaceRoot(), Workspace::OpenMode::ExistingOnly);
    storage::Database db = ws.connect();
    runs::RunStore store(db);
    const runs::RunSummary run = requireRun(store, runArgument(ctx), ws.root());
    const int sinceEpoch = intOption(ctx.parser(), QStringLiteral("since-epoch"), -1, -1, 100000000);
    const int sinceStep = intOption(ctx.parser(), QStringLiteral("since-step"), 0, 0, 2147483647);
    const int limit = intOption(ctx.parser(), QStringLiteral("limit"), 0, 0, 100000000);
    QJsonArray epochs;
    for (const EpochRecord &e : store.epochs(run.runId, sinceEpoch))
        epochs.append(epochJson(run.runId, e));
    QJsonArray steps;
    for (const StepRecord &s : store.steps(run.runId, sinceStep, limit))
        steps.append(runs::stepJson(s));
    return QJsonObject{{QStringLiteral("run_id"), run.runId}, {QStringLiteral("status"), run.status},
        {QStringLiteral("epochs"), epochs}, {QStringLiteral("steps"), steps}};
}

/// "Epoch 1: ..." for the first epoch: text numbers epochs from 1, JSON keeps the 0-based index.
QString formatEpochLine(const EpochRecord &e, const QString &flags)
{
    QString line = QStringLiteral("Epoch %1: train_loss=%2, val_loss=%3, val_accuracy=%4")
                       .arg(lk::epochNumber(e.epoch))
                       .arg(e.trainLoss, 0, 'f', 4)
                       .arg(e.valLoss, 0, 'f', 4)
                       .arg(e.valAccuracy, 0, 'f', 4);
    if (!flags.isEmpty())
        line += QLatin1Char(' ') + flags;
    return line;
}

QJsonObject monitor(Context &ctx)
{
    const Workspace ws = Workspace::open(ctx.workspaceRoot(), Workspace::OpenMode::ExistingOnly);
    storage::Database db = ws.connect();
    runs::RunStore store(db);
    const QString runId = runArgument(ctx);
    requireRun(store, runId, ws.root());
    const double interval = doubleOption(ctx.parser(), QStringLiteral("interval"), 0.5, 0.05, 3600);
    const double timeout = doubleOption(ctx.parser(), QStringLiteral("timeout"), 0, 0, 1e9);
    const bool json = ctx.parser().isSet(QStringLiteral("json"));
    QTextStream out(stdout);
    int lastEpoch = -1;
    std::vector<EpochRecord> seen;
    const TrainingConfig config = TrainingConfig::fromJson(requireRun(store, runId, ws.root()).config);
    QElapsedTimer clock;
    clock.start();
    g_interrupted = false;
    const auto previous = std::signal(SIGINT, onInterrupt);
    for (;;) {
        const std::vector<EpochRecord> fresh = store.epochs(runId, lastEpoch);
        for (const EpochRecord &e : fresh) {
            seen.push_back(e);
            const analysis::HealthReport health = runs::runHealth(seen, config);
            if (json) {
                QJsonObject o = epochJson(runId, e);
                QJsonObject brief = health.toJson();
                brief.remove(QStringLiteral("config"));
                o.insert(QStringLiteral("health"), brief);
                ctx.print(o);
            } else {
                out << formatEpochLine(e, runs::healthFlags(health)) << '\n';
            }
            lastEpoch = e.epoch;
        }
        out.flush();
        const runs::RunSummary run = requireRun(store, runId, ws.root());
        const bool orphaned = !run.finished() && run.ownerPid && !runs::processAlive(*run.ownerPid);
        if (run.finished() || orphaned || g_interrupted
            || (timeout > 0 && clock.elapsed() > timeout * 1000)) {
            std::signal(SIGINT, previous);
            QJsonObject summary = run.toJson();
            if (orphaned)
                summary.insert(QStringLiteral("status"), QStringLiteral("interrupted"));
            if (!json) {
                out << QStringLiteral("Run %1 %2")
                           .arg(runId, summary.value(QStringLiteral("status")).toString());
                if (run.testAccuracy)
                    out << QStringLiteral(": test_accuracy=%1").arg(*run.testAccuracy, 0, 'f', 4);
                out << '\n';
                out.flush();
                return {};
            }
            return summary;
        }
        QThread::msleep(static_cast<unsigned long>(interval * 1000));
    }
}

} // namespace

QList<Command> trainingCommands()
{
    Command trainCmd;
    trainCmd.name = QStringLiteral("train");
    trainCmd.summary =
        QStringLiteral("Train a model with LibTorch; prints a JSON line per epoch (\"epoch\" is its "
                       "0-based index) and a final JSON "
                       "object (run id, test accuracy, samples/s, artifact, sha256). Ctrl+C cancels "
                       "and keeps the last checkpoint.");
    trainCmd.options = {
        valueOption("dataset", "MNIST-format IDX folder (default: Debian's Fashion-MNIST)", "DIR"),
        valueOption("model", "small-cnn (default) or mlp", "NAME"),
        valueOption("epochs", "Epochs to train (default 10; with --resume: extend the run to N)", "N"),
        valueOption("batch", "Batch size (default 64)", "B"),
        valueOption("lr", "Learning rate (default 0.001)", "X"),
        valueOption("optimizer", "adam (default) or sgd", "NAME"),
        valueOption("momentum", "SGD momentum (default 0.9)", "X"),
        valueOption("weight-decay", "L2 weight decay (default 0)", "X"),
        valueOption("threads", "LibTorch threads (default 1; 0: LibTorch's choice)", "T"),
        valueOption("seed", "Random seed (default 42)", "S"),
        valueOption("limit", "Train on at most N images", "N"),
        valueOption("test-limit", "Evaluate on at most N test images", "N"),
        valueOption("val-fraction", "Share of the training file held out for validation (default 0.1)", "F"),
        valueOption("step-metrics-every", "Record the train loss every N steps (default 1)", "N"),
        valueOption("parent", "Fine-tune from this TorchScript model", "ARTIFACT"),
        valueOption("resume", "Continue this run from its last checkpoint", "RUN"),
        QCommandLineOption(QStringLiteral("early-stop"),
            QStringLiteral("Stop when curve health says stop or restore the best epoch (the best "
                           "epoch's weights are exported)")),
        valueOption("patience", "Early stopping: epochs without a better val loss (default 5)", "N"),
        valueOption("min-delta", "Early stopping: smallest val loss drop that counts (default 0)", "X"),
    };
    trainCmd.run = train;

    Command predictCmd;
    predictCmd.name = QStringLiteral("predict");
    predictCmd.summary =
        QStringLiteral("Classify dataset images with an exported model; prints index, class and "
                       "confidence per image and the accuracy against the labels.");
    predictCmd.options = {
        valueOption("model", "TorchScript model file (model.pt)", "ARTIFACT"),
        valueOption("dataset", "MNIST-format IDX folder (default: Debian's Fashion-MNIST)", "DIR"),
        valueOption("split", "test (default) or train", "SPLIT"),
        valueOption("offset", "First image (default 0)", "N"),
        valueOption("limit", "At most N images", "N"),
    };
    predictCmd.run = predict;

    Command list;
    list.name = QStringLiteral("runs list");
    list.summary = QStringLiteral("List training runs, newest first.");
    list.options = {valueOption("limit", "At most N runs (default 100)", "N")};
    list.run = runsList;

    Command show;
    show.name = QStringLiteral("runs show");
    show.argumentsSyntax = QStringLiteral("RUN");
    show.summary = QStringLiteral("Describe one run with its per-epoch metrics.");
    show.run = runsShow;

    Command metrics;
    metrics.name = QStringLiteral("runs metrics");
    metrics.argumentsSyntax = QStringLiteral("RUN");
    metrics.summary =
        QStringLiteral("Per-epoch and per-step metrics of a run, optionally only the new ones.");
    metrics.options = {valueOption("since-epoch", "Only epochs after index N (0-based, as \"epoch\")", "N"),
        valueOption("since-step", "Only steps after N", "N"), valueOption("limit", "At most N steps", "N")};
    metrics.run = runsMetrics;

    Command mon;
    mon.name = QStringLiteral("monitor");
    mon.argumentsSyntax = QStringLiteral("RUN");
    mon.summary = QStringLiteral(
        "Follow a run: prints a line per epoch (\"Epoch 1\" is the first) until the run ends.");
    mon.options = {valueOption("interval", "Seconds between looks (default 0.5)", "S"),
        valueOption("timeout", "Give up after S seconds (default: never)", "S"),
        QCommandLineOption(QStringLiteral("json"), QStringLiteral("JSON lines instead of text"))};
    mon.run = monitor;

    return {trainCmd, predictCmd, list, show, metrics, mon};
}

} // namespace lk::cli
