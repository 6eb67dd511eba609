// Edge-node figures (prints them; asserts nothing about time): one loopkeeper-node serving a
// small-cnn on one LibTorch thread, driven over loopback by the replayer's keep-alive client
// at full speed, with 1 and then 2 connections. Target: >= 3,000 predictions/s with p99 < 5 ms.
// The latency is the client's round trip; "model" is the node's own inference time.
//   bench_node [--model ARTIFACT] [--seconds S] [--connections 1,2] [--threshold C]
#include "core/fleet/FleetConfig.h"
#include "core/replay/HttpClient.h"
#include "core/replay/Replayer.h"
#include "core/training/ImageDataset.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <vector>

namespace {

QString binary(const QString &name)
{
    const QString dir = qEnvironmentVariableIsSet("LOOPKEEPER_BIN_DIR")
        ? qEnvironmentVariable("LOOPKEEPER_BIN_DIR")
        : QCoreApplication::applicationDirPath() + QStringLiteral("/../bin");
    return QDir(dir).filePath(name);
}

/// Trains a small-cnn as the tests do (one epoch on 2,000 images); the artifact's path.
QString trainModel(const QString &workspace)
{
    QProcess p;
    p.start(binary(QStringLiteral("loopkeeper-cli")),
        {QStringLiteral("train"), QStringLiteral("--epochs"), QStringLiteral("1"), QStringLiteral("--limit"),
            QStringLiteral("2000"), QStringLiteral("--test-limit"), QStringLiteral("500"),
            QStringLiteral("-w"), workspace});
    if (!p.waitForFinished(600000) || p.exitCode() != 0) {
        std::fprintf(stderr, "training failed: %s\n", p.readAllStandardError().constData());
        return {};
    }
    const QList<QByteArray> lines = p.readAllStandardOutput().trimmed().split('\n');
    return QJsonDocument::fromJson(lines.last()).object().value(QStringLiteral("artifact")).toString();
}

/// Median of the node's own inference times, from GET /v1/observations.
double modelMedianMs(const QUrl &node)
{
    lk::replay::HttpConnection c(node, 10000);
    const lk::replay::HttpReply r = c.get("/v1/observations?limit=20000");
    std::vector<double> ms;
    for (const QJsonValue &o :
        QJsonDocument::fromJson(r.body).object().value(QStringLiteral("observations")).toArray())
        ms.push_back(o.toArray().at(4).toDouble());
    if (ms.empty())
        return 0;
    std::nth_element(ms.begin(), ms.begin() + std::ptrdiff_t(ms.size() / 2), ms.end());
    return ms[ms.size() / 2];
}

QJsonObject drive(const QUrl &url, const lk::training::ImageSet &images, double seconds, int connections)
{
    lk::fleet::FleetNode node;
    node.name = QStringLiteral("bench");
    node.url = url;
    lk::replay::ReplayConfig config;
    config.nodes = {node};
    config.rate = 0;
    config.durationS = seconds;
    config.connections = connections;
    lk::replay::Replayer replayer(config, images);
    replayer.start();
    replayer.waitForFinished();
    return replayer.summary();
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser p;
    p.addHelpOption();
    p.addOptions(
        {{QStringLiteral("model"), QStringLiteral("TorchScript artifact (default: train a small-cnn)"),
             QStringLiteral("ARTIFACT")},
            {QStringLiteral("seconds"), QStringLiteral("seconds per run"), QStringLiteral("S"),
                QStringLiteral("10")},
            {QStringLiteral("connections"), QStringLiteral("comma-separated connection counts"),
                QStringLiteral("LIST"), QStringLiteral("1,2")},
            {QStringLiteral("threshold"), QStringLiteral("the node's escalation threshold"),
                QStringLiteral("C"), QStringLiteral("0.7")}});
    p.process(app);
    const double seconds = std::max(0.5, p.value(QStringLiteral("seconds")).toDouble());

    QTemporaryDir tmp;
    QString model = p.value(QStringLiteral("model"));
    if (model.isEmpty())
        model = trainModel(tmp.filePath(QStringLiteral("ws")));
    if (model.isEmpty())
        return 1;
    const lk::training::ImageSet images =
        lk::training::loadIdxDataset(lk::training::defaultFashionMnistDir(), lk::training::Split::Test);

    QProcess node;
    node.start(binary(QStringLiteral("loopkeeper-node")),
        {QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--model"), model,
            QStringLiteral("--dir"), tmp.filePath(QStringLiteral("node")), QStringLiteral("--threshold"),
            p.value(QStringLiteral("threshold")), QStringLiteral("--threads"), QStringLiteral("1")});
    if (!node.waitForReadyRead(60000)) {
        std::fprintf(stderr, "the node did not start: %s\n", node.readAllStandardError().constData());
        return 1;
    }
    const QUrl url(
        QJsonDocument::fromJson(node.readLine()).object().value(QStringLiteral("listening")).toString());
    std::printf("node %s, model %s, threshold %s, 1 LibTorch thread\n", qPrintable(url.toString()),
        qPrintable(model), qPrintable(p.value(QStringLiteral("threshold"))));

    drive(url, images, std::min(1.0, seconds), 1); // warm-up: TorchScript optimises after the first runs
    int failures = 0;
    for (const QString &c : p.value(QStringLiteral("connections")).split(QLatin1Char(','))) {
        const int connections = std::max(1, c.toInt());
        const QJsonObject s = drive(url, images, seconds, connections);
        const QJsonObject l = s.value(QStringLiteral("latency_ms")).toObject();
        std::printf("%d connection%s: %8.0f predictions/s (target >= 3000), latency ms p50 %.3f p95 %.3f "
                    "p99 %.3f max %.3f (target p99 < 5), escalated %.1f %%, errors %lld, model p50 %.3f ms\n",
            connections, connections == 1 ? " " : "s", s.value(QStringLiteral("throughput")).toDouble(),
            l.value(QStringLiteral("p50")).toDouble(), l.value(QStringLiteral("p95")).toDouble(),
            l.value(QStringLiteral("p99")).toDouble(), l.value(QStringLiteral("max")).toDouble(),
            100 * s.value(QStringLiteral("escalation_rate")).toDouble(),
            static_cast<long long>(s.value(QStringLiteral("errors")).toInteger()), modelMedianMs(url));
        std::fflush(stdout);
        failures += s.value(QStringLiteral("errors")).toInteger() > 0 ? 1 : 0;
    }
    node.terminate();
    node.waitForFinished(30000);
    return failures == 0 && node.exitCode() == 0 ? 0 : 1;
}
