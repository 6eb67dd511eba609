// `loopkeeper-cli replay`: real Fashion-MNIST traffic to the fleet's edge nodes, with drift on
// a schedule. A thin shell around lk::replay::Replayer: options in, JSON lines out.
#include "core/common/Tls.h"
#include "core/cli/Cli.h"
#include "core/cli/CliOptions.h"
#include "core/common/Error.h"
#include "core/common/StopSignals.h"
#include "core/fleet/FleetConfig.h"
#include "core/replay/Replayer.h"
#include "core/training/ImageDataset.h"

#include <QEventLoop>
#include <QFileInfo>
#include <QTimer>

#include <cmath>

namespace lk::cli {

namespace {

QJsonObject replay(Context &ctx)
{
    const QCommandLineParser &p = ctx.parser();
    if (!p.isSet(QStringLiteral("nodes")))
        throw Error(ErrorKind::Usage, QStringLiteral("Give the fleet file: --nodes FILE."));
    if (!p.isSet(QStringLiteral("rate")))
        throw Error(ErrorKind::Usage,
            QStringLiteral("Give the request rate: --rate R (requests per second over all nodes; 0: as fast "
                           "as they answer)."));
    replay::ReplayConfig config;
    config.rate = doubleOption(p, QStringLiteral("rate"), 0, 0, 1e7);
    config.drift = replay::DriftSchedule::parse(p.value(QStringLiteral("drift")));
    if (p.isSet(QStringLiteral("duration"))) {
        config.durationS =
            replay::parseSeconds(p.value(QStringLiteral("duration")), QStringLiteral("--duration"));
        if (config.durationS <= 0)
            throw Error(ErrorKind::Usage, QStringLiteral("--duration must be more than 0."));
    }
    config.count = intOption(p, QStringLiteral("count"), 0, 1, 2'000'000'000);
    config.seed = uint64Option(p, QStringLiteral("seed"), 42);
    config.connections = intOption(p, QStringLiteral("connections"), 1, 1, 256);
    config.timeoutMs = intOption(p, QStringLiteral("timeout"), 5000, 1, 600'000);
    const QString order = p.value(QStringLiteral("order"));
    if (order == QLatin1String("random"))
        config.order = replay::ImagePicker::Order::Random;
    else if (!order.isEmpty() && order != QLatin1String("sequential"))
        throw Error(ErrorKind::Usage,
            QStringLiteral("--order %1: use sequential (the default) or random.").arg(order));
    const double progressS = doubleOption(p, QStringLiteral("progress"), 1, 0, 86400);

    config.nodes = fleet::FleetConfig::load(p.value(QStringLiteral("nodes"))).edgeNodes();
    if (p.isSet(QStringLiteral("ca-file"))) {
        const QString caFile = QFileInfo(p.value(QStringLiteral("ca-file"))).absoluteFilePath();
        tls::loadCaFile(caFile); // a missing or empty CA file is an error now, naming it
        for (fleet::FleetNode &n : config.nodes) {
            if (n.caFile.isEmpty() && n.url.scheme() == QLatin1String("https"))
                n.caFile = caFile;
        }
    }
    const QString datasetDir = p.isSet(QStringLiteral("dataset")) ? p.value(QStringLiteral("dataset"))
                                                                  : training::defaultFashionMnistDir();
    replay::Replayer replayer(config, training::loadIdxDataset(datasetDir, training::Split::Test));

    const StopSignals stopSignals;
    QEventLoop loop;
    QObject::connect(&replayer, &replay::Replayer::finished, &loop, &QEventLoop::quit);
    QObject::connect(stopSignals.notifier(), &QSocketNotifier::activated, &replayer, &replay::Replayer::stop);
    QTimer progress;
    if (progressS > 0) {
        progress.setInterval(int(std::lround(progressS * 1000)));
        QObject::connect(&progress, &QTimer::timeout, &loop, [&] { ctx.print(replayer.progress()); });
        progress.start();
    }
    replayer.start();
    if (!replayer.isFinished())
        loop.exec();
    replayer.waitForFinished();
    QJsonObject summary = replayer.summary();
    summary.insert(QStringLiteral("stopped_by"),
        stopSignals.received() ? stopSignals.receivedName()
            : config.count > 0 && summary.value(QStringLiteral("sent")).toInteger() >= config.count
            ? QStringLiteral("count")
            : QStringLiteral("duration"));
    return summary;
}

} // namespace

QList<Command> replayCommands()
{
    Command replayCmd;
    replayCmd.name = QStringLiteral("replay");
    replayCmd.summary = QStringLiteral(
        "Send Fashion-MNIST test images to the fleet's edge nodes (POST /v1/predict, round-robin, "
        "keep-alive) "
        "at --rate requests/s, with drift episodes KIND:AMOUNT@START[+DURATION] (rotation, brightness, "
        "noise, "
        "classmix); prints a progress line every --progress seconds and a summary at the end (--count, "
        "--duration, SIGINT or SIGTERM).");
    replayCmd.options = {
        valueOption("nodes", "Fleet file; its nodes with role \"edge\" get the traffic", "FILE"),
        valueOption("dataset",
            QStringLiteral("MNIST-format folder whose test split is sent (default %1)")
                .arg(training::defaultFashionMnistDir()),
            "DIR"),
        valueOption("rate", "Requests per second over all nodes; 0: as fast as the nodes answer", "R"),
        valueOption("drift",
            "Drift episodes, comma-separated KIND:AMOUNT@START[+DURATION]: rotation:30@1m+2m, "
            "brightness:0.5@30s, noise:40@0+10s, classmix:4=0.8@2m",
            "SPEC"),
        valueOption("duration", "Stop after this long (30s, 2m, 1h)", "S"),
        valueOption("count", "Stop after this many requests", "N"),
        valueOption("seed", "Seed of the image choice, class mixes and noise (default 42)", "N"),
        valueOption(
            "connections", "Parallel senders, each with one keep-alive connection per node (default 1)", "C"),
        valueOption("order", "sequential (default: the test images in turn) or random", "ORDER"),
        valueOption("progress", "Seconds between progress lines (default 1; 0: none)", "S"),
        valueOption("timeout", "Milliseconds a request may take, connect included (default 5000)", "MS"),
        valueOption("ca-file",
            "Verify https nodes against the CA certificates in this PEM file (a node's or the fleet's "
            "\"ca_file\" comes first; default: the system's CAs)",
            "FILE"),
    };
    replayCmd.run = replay;
    return {replayCmd};
}

} // namespace lk::cli
