// A rollout over a large fleet of real loopkeeper-node processes on loopback (target: a
// 50-node rollout completes). Prints the time to start the fleet, to deploy each step and to
// complete, and a node's memory. Then a second rollout puts a third version on every node and
// the operator rolls it back (`rollout rollback`, what the console's Roll Back does): prints the
// time from that command to the last node answering /v1/health with the previous version
// (target < 5 s). Asserts nothing about time.
//   bench_rollout [--nodes N] [--window S] [--rate R] [--steps 10,50,100]
#include "common/ProcessSupport.h"
#include "core/fleet/NodeClient.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QThread>
#include <QUrl>

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

/// Polls every node's /v1/health, all at once, until each answers with `version` or the
/// deadline passes. Returns the nodes that still answer otherwise (empty: all do).
QStringList waitForVersion(lk::fleet::NodeClient &client, const std::vector<lk::fleet::FleetNode> &fleet,
    const QString &version, const QDeadlineTimer &deadline)
{
    std::vector<lk::fleet::NodeRequest> requests;
    for (const lk::fleet::FleetNode &n : fleet)
        requests.push_back(lk::fleet::NodeClient::health(n));
    for (;;) {
        QStringList other;
        const std::vector<lk::fleet::NodeReply> replies = client.send(requests, int(requests.size()));
        for (const lk::fleet::NodeReply &r : replies) {
            if (r.json().value(QStringLiteral("model_version")).toString() != version)
                other.append(r.node);
        }
        if (other.isEmpty() || deadline.hasExpired())
            return other;
        QThread::msleep(20); // the polling period: the figure's resolution, light on the nodes
    }
}

/// The unfinished rollout's status as `rollout status` prints it.
QString rolloutStatus(const QString &ws)
{
    return runCli({QStringLiteral("rollout"), QStringLiteral("status"), QStringLiteral("-w"), ws})
        .json()
        .value(QStringLiteral("status"))
        .toString();
}

/// The rollback figure: a rollout of `version` to every node (steps 99, 100: the first step
/// reaches them all and is then watched for long enough), rolled back by the operator while it
/// is watched. `rollout run` drives it in the background, as the console's fleet runner would.
QJsonObject measureRollback(const QString &ws, const QString &fleetFile,
    const std::vector<lk::fleet::FleetNode> &fleet, const QString &artifact, const QString &version,
    const QString &previous)
{
    QJsonObject out{{QStringLiteral("target_seconds"), 5}, {QStringLiteral("from_version"), version},
        {QStringLiteral("to_version"), previous}, {QStringLiteral("met"), false}};
    const lk::test::CliResult started = runCli({QStringLiteral("rollout"), QStringLiteral("start"),
        QStringLiteral("-w"), ws, QStringLiteral("--fleet"), fleetFile, QStringLiteral("--artifact"),
        artifact, QStringLiteral("--model-version"), version, QStringLiteral("--steps"),
        QStringLiteral("99,100"), QStringLiteral("--window"), QStringLiteral("3600")});
    if (started.exitCode != 0) {
        out.insert(QStringLiteral("error"), QString::fromUtf8(started.err));
        return out;
    }
    QProcess engine;
    engine.setStandardOutputFile(QProcess::nullDevice()); // its timeline is in the store
    engine.start(lk::test::binary(QStringLiteral("loopkeeper-cli")),
        {QStringLiteral("rollout"), QStringLiteral("run"), QStringLiteral("-w"), ws,
            QStringLiteral("--fleet"), fleetFile, QStringLiteral("--interval-ms"), QStringLiteral("200"),
            QStringLiteral("--timeout"), QStringLiteral("600")});
    engine.waitForStarted();
    // Every node serves the new version once the first step is being watched.
    const QDeadlineTimer deployed(600000);
    QString status = rolloutStatus(ws);
    while (status != QLatin1String("monitoring") && !deployed.hasExpired()
        && engine.state() != QProcess::NotRunning) {
        engine.waitForFinished(250); // a pause between looks that also notices an early end
        status = rolloutStatus(ws);
    }
    lk::fleet::NodeClient client(5000);
    if (status != QLatin1String("monitoring")
        || !waitForVersion(client, fleet, version, QDeadlineTimer(60000)).isEmpty()) {
        out.insert(QStringLiteral("error"),
            QStringLiteral("the rollout of %1 did not reach every node (status %2)").arg(version, status));
        engine.kill();
        engine.waitForFinished();
        return out;
    }

    QElapsedTimer clock;
    clock.start();
    const lk::test::CliResult command = runCli({QStringLiteral("rollout"), QStringLiteral("rollback"),
        QStringLiteral("-w"), ws, QStringLiteral("--reason"), QStringLiteral("bench: operator rollback")});
    const double commandSeconds = clock.elapsed() / 1000.0;
    const QStringList left = waitForVersion(client, fleet, previous, QDeadlineTimer(120000));
    const double seconds = clock.elapsed() / 1000.0;
    engine.waitForFinished(120000);
    const lk::test::CliResult finalStatus =
        runCli({QStringLiteral("rollout"), QStringLiteral("status"), QStringLiteral("-w"), ws});
    out.insert(QStringLiteral("command_seconds"), commandSeconds);
    out.insert(QStringLiteral("status"), finalStatus.json().value(QStringLiteral("status")));
    if (command.exitCode != 0 || !left.isEmpty()) {
        out.insert(QStringLiteral("error"),
            command.exitCode != 0 ? QString::fromUtf8(command.err)
                                  : QStringLiteral("%1 nodes still serve %2 after %3 s: %4")
                                        .arg(left.size())
                                        .arg(version)
                                        .arg(seconds, 0, 'f', 1)
                                        .arg(left.join(QStringLiteral(", "))));
        return out;
    }
    out.insert(QStringLiteral("seconds"), seconds);
    out.insert(QStringLiteral("met"), seconds < 5);
    return out;
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
    std::vector<lk::fleet::FleetNode> fleetNodes;
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
        lk::fleet::FleetNode node;
        node.name = fleet.last().toObject().value(QStringLiteral("name")).toString();
        node.url = QUrl(nodes.back()->url());
        fleetNodes.push_back(node);
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
    const QJsonObject done = run.lastLine();
    // The base model again, under a third name, so that the candidate is what a rollback restores.
    const QJsonObject rollback = done.value(QStringLiteral("status")).toString() == QLatin1String("completed")
        ? measureRollback(ws, fleetFile, fleetNodes, base, QStringLiteral("fm@3"), QStringLiteral("fm@2"))
        : QJsonObject{{QStringLiteral("error"), QStringLiteral("the first rollout did not complete")}};
    replay.terminate();
    replay.waitForFinished(30000);

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
    const QJsonObject figures{{QStringLiteral("bench"), QStringLiteral("rollout")},
        {QStringLiteral("nodes"), count}, {QStringLiteral("fleet_start_seconds"), fleetSeconds},
        {QStringLiteral("rollout_seconds"), rolloutSeconds},
        {QStringLiteral("window_seconds"), p.value(QStringLiteral("window")).toInt()},
        {QStringLiteral("status"), done.value(QStringLiteral("status"))},
        {QStringLiteral("deployment"), done.value(QStringLiteral("deployment"))},
        {QStringLiteral("score"), done.value(QStringLiteral("score"))},
        {QStringLiteral("node_rss_kb"), rssKb(nodes.front()->process->processId())},
        {QStringLiteral("timeline"), steps},
        {QStringLiteral("target"), QStringLiteral("a 50-node rollout completes")},
        {QStringLiteral("met"),
            done.value(QStringLiteral("status")).toString() == QLatin1String("completed")},
        {QStringLiteral("rollback"), rollback}};
    std::printf("%s\n", QJsonDocument(figures).toJson(QJsonDocument::Indented).constData());
    if (started.exitCode != 0 || run.exitCode != 0) {
        std::fprintf(stderr, "%s%s", started.err.constData(), run.err.constData());
        return 1;
    }
    if (rollback.contains(QStringLiteral("error"))) {
        std::fprintf(
            stderr, "rollback: %s\n", qPrintable(rollback.value(QStringLiteral("error")).toString()));
        return 1;
    }
    return done.value(QStringLiteral("status")).toString() == QLatin1String("completed") ? 0 : 1;
}
