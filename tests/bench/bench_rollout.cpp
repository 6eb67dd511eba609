// A rollout over a large fleet of real loopkeeper-node processes on loopback (target: a
// 50-node rollout completes). Prints the time to start the fleet, to deploy each step and to
// complete, and a node's memory; asserts nothing about time.
//   bench_rollout [--nodes N] [--window S] [--rate R] [--steps 10,50,100]
#include "common/ProcessSupport.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>

#include <cstdio>
#include <memory>
#include <vector>

using lk::test::ListeningProcess;
using lk::test::runCli;

namespace {

QString trainModel(const QString &dir, const QString &limit)
{
    const lk::test::CliResult r = runCli({QStringLiteral("train"), QStringLiteral("--epochs"), QStringLiteral("1"),
        QStringLiteral("--limit"), limit, QStringLiteral("--test-limit"), QStringLiteral("500"), QStringLiteral("-w"), dir});
    return r.lastLine().value(QStringLiteral("artifact")).toString();
}

qint64 rssKb(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/status").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    }
    return -1;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser p;
    p.addHelpOption();
    p.addOptions({{QStringLiteral("nodes"), QStringLiteral("edge nodes"), QStringLiteral("N"), QStringLiteral("50")},
        {QStringLiteral("window"), QStringLiteral("seconds each step is watched"), QStringLiteral("S"), QStringLiteral("3")},
        {QStringLiteral("rate"), QStringLiteral("replayed predictions per second"), QStringLiteral("R"), QStringLiteral("500")},
        {QStringLiteral("steps"), QStringLiteral("rollout steps"), QStringLiteral("LIST"), QStringLiteral("10,50,100")}});
    p.process(app);
    const int count = p.value(QStringLiteral("nodes")).toInt();
    QTemporaryDir tmp;
    const QString ws = tmp.filePath(QStringLiteral("ws"));
    if (runCli({QStringLiteral("workspace"), QStringLiteral("init"), QStringLiteral("-w"), ws}).exitCode != 0) {
        std::fprintf(stderr, "cannot create a workspace\n");
        return 1;
    }
    const QString base = trainModel(tmp.filePath(QStringLiteral("a")), QStringLiteral("2000"));
    const QString candidate = trainModel(tmp.filePath(QStringLiteral("b")), QStringLiteral("4000"));
    if (base.isEmpty() || candidate.isEmpty()) {
        std::fprintf(stderr, "training the models failed\n");
        return 1;
    }

    QElapsedTimer clock;
    clock.start();
    std::vector<std::unique_ptr<ListeningProcess>> nodes;
    QJsonArray fleet;
    for (int i = 0; i < count; ++i) {
        nodes.push_back(lk::test::startNode({QStringLiteral("--model"), base, QStringLiteral("--model-version"),
            QStringLiteral("fm@1"), QStringLiteral("--token"), QStringLiteral("bench-token-0123456789"),
            QStringLiteral("--dir"), tmp.filePath(QStringLiteral("node-%1").arg(i))}));
        if (nodes.back()->url().isEmpty()) {
            std::fprintf(stderr, "node %d did not start: %s\n", i, nodes.back()->out.constData());
            return 1;
        }
        fleet.append(QJsonObject{{QStringLiteral("name"), QStringLiteral("edge-%1").arg(i, 2, 10, QLatin1Char('0'))},
            {QStringLiteral("url"), nodes.back()->url()}, {QStringLiteral("tier"), QStringLiteral("tier_%1").arg(i % 3 + 1)},
            {QStringLiteral("token"), QStringLiteral("bench-token-0123456789")}});
    }
    const double fleetSeconds = clock.elapsed() / 1000.0;
    const QString fleetFile = tmp.filePath(QStringLiteral("fleet.json"));
    lk::test::writeFile(fleetFile, QJsonDocument(QJsonObject{{QStringLiteral("nodes"), fleet}}).toJson());

    QProcess replay;
    replay.start(lk::test::binary(QStringLiteral("loopkeeper-cli")),
        {QStringLiteral("replay"), QStringLiteral("--nodes"), fleetFile, QStringLiteral("--rate"), p.value(QStringLiteral("rate")),
            QStringLiteral("--duration"), QStringLiteral("1h"), QStringLiteral("--progress"), QStringLiteral("0")});
    replay.waitForStarted();

    clock.restart();
    const lk::test::CliResult started = runCli({QStringLiteral("rollout"), QStringLiteral("start"), QStringLiteral("-w"), ws,
        QStringLiteral("--fleet"), fleetFile, QStringLiteral("--artifact"), candidate, QStringLiteral("--model-version"),
        QStringLiteral("fm@2"), QStringLiteral("--steps"), p.value(QStringLiteral("steps")), QStringLiteral("--window"),
        p.value(QStringLiteral("window"))});
    const lk::test::CliResult run = runCli({QStringLiteral("rollout"), QStringLiteral("run"), QStringLiteral("-w"), ws,
                                               QStringLiteral("--fleet"), fleetFile, QStringLiteral("--interval-ms"),
                                               QStringLiteral("200"), QStringLiteral("--timeout"), QStringLiteral("1200")},
        1300000);
    const double rolloutSeconds = clock.elapsed() / 1000.0;
    replay.terminate();
    replay.waitForFinished(30000);

    const QJsonObject done = run.lastLine();
    // Seconds from the start to each step's "watching" event and to the end, from the timeline.
    QJsonArray steps;
    for (const QByteArray &line : run.out.split('\n')) {
        const QJsonObject e = QJsonDocument::fromJson(line).object();
        const QString kind = e.value(QStringLiteral("kind")).toString();
        if (kind == QLatin1String("watching") || kind == QLatin1String("judged") || kind == QLatin1String("completed")
            || kind == QLatin1String("rolled_back"))
            steps.append(QJsonObject{{QStringLiteral("kind"), kind}, {QStringLiteral("at"), e.value(QStringLiteral("at"))},
                {QStringLiteral("message"), e.value(QStringLiteral("message"))}});
    }
    const QJsonObject figures{{QStringLiteral("bench"), QStringLiteral("rollout")}, {QStringLiteral("nodes"), count},
        {QStringLiteral("fleet_start_seconds"), fleetSeconds}, {QStringLiteral("rollout_seconds"), rolloutSeconds},
        {QStringLiteral("window_seconds"), p.value(QStringLiteral("window")).toInt()},
        {QStringLiteral("status"), done.value(QStringLiteral("status"))},
        {QStringLiteral("deployment"), done.value(QStringLiteral("deployment"))},
        {QStringLiteral("score"), done.value(QStringLiteral("score"))},
        {QStringLiteral("node_rss_kb"), rssKb(nodes.front()->process->processId())}, {QStringLiteral("timeline"), steps},
        {QStringLiteral("target"), QStringLiteral("a 50-node rollout completes")},
        {QStringLiteral("met"), done.value(QStringLiteral("status")).toString() == QLatin1String("completed")}};
    std::printf("%s\n", QJsonDocument(figures).toJson(QJsonDocument::Indented).constData());
    if (started.exitCode != 0 || run.exitCode != 0) {
        std::fprintf(stderr, "%s%s", started.err.constData(), run.err.constData());
        return 1;
    }
    return done.value(QStringLiteral("status")).toString() == QLatin1String("completed") ? 0 : 1;
}
