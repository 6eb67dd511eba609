// Canary rollouts over a real fleet: ten loopkeeper-node processes on loopback serving a model
// trained by the real CLI, a teacher node, traffic from the real replayer, and rollouts driven
// by `loopkeeper-cli rollout run` as an operator (or a restarted console) would.
#include "common/ProcessSupport.h"

#include "core/loop/ModelRegistry.h"
#include "core/training/ImageDataset.h"
#include "core/workspace/Workspace.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>
#include <QTcpServer>

#include <algorithm>
#include <random>
#include <memory>
#include <vector>

using lk::test::CliResult;
using lk::test::curl;
using lk::test::ListeningProcess;
using lk::test::runCli;
using lk::test::startNode;

namespace {

const QString kToken = QStringLiteral("fleet-test-token-0123456789");
constexpr int kEdgeNodes = 10;

/// A free TCP port on loopback, so that a killed node can come back at the same URL.
quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

/// Writes an MNIST-format folder whose training labels are shuffled (a model trained on it has
/// learned nothing) and whose test files are the real ones.
bool writeShuffledDataset(const QString &dir)
{
    const lk::training::ImageSet train =
        lk::training::loadIdxDataset(lk::training::defaultFashionMnistDir(), lk::training::Split::Train);
    std::vector<std::uint8_t> labels = train.labels;
    std::mt19937 shuffle(7);
    std::shuffle(labels.begin(), labels.end(), shuffle);
    QByteArray idx;
    const quint32 n = quint32(labels.size());
    idx.append(char(0)).append(char(0)).append(char(8)).append(char(1));
    for (int shift = 24; shift >= 0; shift -= 8)
        idx.append(char((n >> shift) & 0xff));
    idx.append(reinterpret_cast<const char *>(labels.data()), qsizetype(labels.size()));
    const QString source = lk::training::defaultFashionMnistDir();
    return QDir().mkpath(dir) && lk::test::writeFile(QDir(dir).filePath(QStringLiteral("train-labels-idx1-ubyte")), idx)
        && QFile::link(QDir(source).filePath(QStringLiteral("train-images-idx3-ubyte.gz")),
            QDir(dir).filePath(QStringLiteral("train-images-idx3-ubyte.gz")))
        && QFile::link(QDir(source).filePath(QStringLiteral("t10k-images-idx3-ubyte.gz")),
            QDir(dir).filePath(QStringLiteral("t10k-images-idx3-ubyte.gz")))
        && QFile::link(QDir(source).filePath(QStringLiteral("t10k-labels-idx1-ubyte.gz")),
            QDir(dir).filePath(QStringLiteral("t10k-labels-idx1-ubyte.gz")));
}

QString modelOf(const QString &url)
{
    return curl(url + QStringLiteral("/v1/health")).json().value(QStringLiteral("model_version")).toString();
}

struct EdgeNode
{
    QString name;
    quint16 port = 0;
    QString dir;
    std::unique_ptr<ListeningProcess> process;
    QString url() const { return QStringLiteral("http://127.0.0.1:%1").arg(port); }
};

} // namespace

class TestRollout : public QObject
{
    Q_OBJECT

    QString train(const QStringList &extra)
    {
        const CliResult r = runCli(QStringList{QStringLiteral("train"), QStringLiteral("--test-limit"),
                                       QStringLiteral("500"), QStringLiteral("-w"),
                                       m_tmp.filePath(QStringLiteral("train-%1").arg(++m_trained))}
            + extra);
        if (r.exitCode != 0)
            qWarning() << r.err;
        return r.lastLine().value(QStringLiteral("artifact")).toString();
    }

    bool startEdge(EdgeNode &n, const QStringList &model)
    {
        n.process = startNode(QStringList{QStringLiteral("--port"), QString::number(n.port), QStringLiteral("--dir"),
                                  n.dir, QStringLiteral("--token"), kToken, QStringLiteral("--node-id"), n.name,
                                  QStringLiteral("--teacher"), m_teacher->url()}
            + model);
        return n.process->url() == n.url();
    }

    /// `rollout ARGS -w WS --fleet FLEET`.
    CliResult rollout(const QStringList &args, int timeoutMs = 240000)
    {
        return runCli(QStringList{QStringLiteral("rollout")} + args
                + QStringList{QStringLiteral("-w"), m_ws, QStringLiteral("--fleet"), m_fleet},
            timeoutMs);
    }

    QJsonObject start(const QString &artifact, const QString &version, const QStringList &extra = {})
    {
        const CliResult r = rollout(QStringList{QStringLiteral("start"), QStringLiteral("--artifact"), artifact,
                                        QStringLiteral("--model-version"), version, QStringLiteral("--plan"), m_plan}
            + extra);
        if (r.exitCode != 0)
            qWarning() << r.err;
        return r.json();
    }

    /// Drives the rollout to its end; the final JSON.
    QJsonObject runToEnd()
    {
        const CliResult r = rollout({QStringLiteral("run"), QStringLiteral("--interval-ms"), QStringLiteral("250"),
            QStringLiteral("--timeout"), QStringLiteral("200")});
        if (r.exitCode != 0)
            qWarning() << r.err;
        return r.lastLine();
    }

    QStringList eventKinds(const QString &rolloutId)
    {
        QStringList kinds;
        const QJsonArray events = rollout({QStringLiteral("events"), rolloutId}).json().value(QStringLiteral("events")).toArray();
        for (const QJsonValue &e : events)
            kinds.append(e.toObject().value(QStringLiteral("kind")).toString());
        return kinds;
    }

    int nodesServing(const QString &version)
    {
        int n = 0;
        for (const EdgeNode &e : m_nodes)
            n += modelOf(e.url()) == version ? 1 : 0;
        return n;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        QVERIFY2(QFileInfo(lk::test::binary(QStringLiteral("loopkeeper-node"))).isExecutable(), "build loopkeeper-node");
        m_base = train({QStringLiteral("--epochs"), QStringLiteral("1"), QStringLiteral("--limit"), QStringLiteral("2000")});
        m_good = train({QStringLiteral("--epochs"), QStringLiteral("2"), QStringLiteral("--limit"), QStringLiteral("12000")});
        const QString shuffled = m_tmp.filePath(QStringLiteral("shuffled"));
        QVERIFY(writeShuffledDataset(shuffled));
        m_bad = train({QStringLiteral("--epochs"), QStringLiteral("1"), QStringLiteral("--limit"), QStringLiteral("2000"),
            QStringLiteral("--dataset"), shuffled});
        for (const QString &a : {m_base, m_good, m_bad})
            QVERIFY2(QFileInfo::exists(a), qPrintable(a));

        m_teacher = startNode({QStringLiteral("--model"), m_good, QStringLiteral("--model-version"),
            QStringLiteral("teacher@1"), QStringLiteral("--role"), QStringLiteral("teacher"), QStringLiteral("--dir"),
            m_tmp.filePath(QStringLiteral("teacher"))});
        QVERIFY2(!m_teacher->url().isEmpty(), m_teacher->out.constData());

        QJsonArray nodes;
        nodes.append(QJsonObject{{QStringLiteral("name"), QStringLiteral("teacher")},
            {QStringLiteral("url"), m_teacher->url()}, {QStringLiteral("role"), QStringLiteral("teacher")}});
        for (int i = 0; i < kEdgeNodes; ++i) {
            EdgeNode n;
            n.name = QStringLiteral("edge-%1").arg(i, 2, 10, QLatin1Char('0'));
            n.port = freePort();
            n.dir = m_tmp.filePath(n.name);
            QVERIFY2(startEdge(n, {QStringLiteral("--model"), m_base, QStringLiteral("--model-version"),
                                      QStringLiteral("fm@1")}),
                n.process->out.constData());
            nodes.append(QJsonObject{{QStringLiteral("name"), n.name}, {QStringLiteral("url"), n.url()},
                {QStringLiteral("tier"), i % 2 ? QStringLiteral("tier_2") : QStringLiteral("tier_1")},
                {QStringLiteral("token"), kToken}});
            m_nodes.push_back(std::move(n));
        }
        m_ws = m_tmp.filePath(QStringLiteral("ws"));
        QCOMPARE(runCli({QStringLiteral("workspace"), QStringLiteral("init"), QStringLiteral("-w"), m_ws}).exitCode, 0);
        // The registry knows the three models as fm@1 (active), fm@2 and fm@3, as the learning
        // loop would have registered them.
        {
            const lk::Workspace ws = lk::Workspace::open(m_ws, lk::Workspace::OpenMode::ExistingOnly);
            lk::storage::Database db = ws.connect();
            lk::loop::ModelRegistry registry(db);
            for (const QString &artifact : {m_base, m_good, m_bad})
                m_versionIds.append(registry
                        .addCandidate(QStringLiteral("fm"), artifact,
                            QString::fromLatin1(lk::test::fileSha256(artifact)), {}, {}, {}, 0, {})
                        .id);
            registry.activate(m_versionIds[0]);
        }
        m_fleet = m_tmp.filePath(QStringLiteral("fleet.json"));
        QVERIFY(lk::test::writeFile(m_fleet, QJsonDocument(QJsonObject{{QStringLiteral("nodes"), nodes}}).toJson()));
        // Seconds instead of the default hour, and quick retries.
        m_plan = m_tmp.filePath(QStringLiteral("plan.json"));
        QVERIFY(lk::test::writeFile(m_plan,
            QJsonDocument(QJsonObject{{QStringLiteral("steps"), QJsonArray{10, 100}},
                              {QStringLiteral("window_seconds"), 5}, {QStringLiteral("backoff_ms"), 200},
                              {QStringLiteral("max_attempts"), 3}, {QStringLiteral("request_timeout_ms"), 5000}})
                .toJson()));

        // Real traffic for the whole test: Fashion-MNIST test images to every edge node.
        m_replay = std::make_unique<QProcess>();
        m_replay->start(lk::test::binary(QStringLiteral("loopkeeper-cli")),
            {QStringLiteral("replay"), QStringLiteral("--nodes"), m_fleet, QStringLiteral("--rate"),
                QStringLiteral("600"), QStringLiteral("--duration"), QStringLiteral("3000s"), QStringLiteral("--progress"),
                QStringLiteral("60")});
        QVERIFY(m_replay->waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(
            curl(m_nodes.back().url() + QStringLiteral("/v1/metrics")).json().value(QStringLiteral("predictions")).toInt()
                > 50,
            60000);
    }

    void fleetStatusShowsEveryNode()
    {
        const CliResult r = runCli({QStringLiteral("fleet"), QStringLiteral("status"), QStringLiteral("-w"), m_ws,
            QStringLiteral("--fleet"), m_fleet});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject summary = r.json().value(QStringLiteral("summary")).toObject();
        QCOMPARE(summary.value(QStringLiteral("up")).toInt(), kEdgeNodes + 1);
        QCOMPARE(summary.value(QStringLiteral("versions")).toObject().value(QStringLiteral("fm@1")).toInt(), kEdgeNodes);
    }

    void aGoodCandidateIsPromoted()
    {
        const QJsonObject started = start(m_good, QStringLiteral("fm@2"));
        QCOMPARE(started.value(QStringLiteral("status")).toString(), QStringLiteral("deploying"));
        QCOMPARE(started.value(QStringLiteral("previous_version")).toString(), QStringLiteral("fm@1"));
        // 10 % of ten nodes: one canary; everyone else waits for the second step.
        int canaries = 0;
        for (const QJsonValue &n : started.value(QStringLiteral("nodes")).toArray())
            canaries += n.toObject().value(QStringLiteral("step")).toInt() == 0 ? 1 : 0;
        QCOMPARE(canaries, 1);

        const QJsonObject done = runToEnd();
        QCOMPARE(done.value(QStringLiteral("status")).toString(), QStringLiteral("completed"));
        const QJsonObject deployment = done.value(QStringLiteral("deployment")).toObject();
        QCOMPARE(deployment.value(QStringLiteral("progress")).toString(), QStringLiteral("10/10 nodes"));
        QCOMPARE(deployment.value(QStringLiteral("canary_result")).toString(), QStringLiteral("passed"));
        QVERIFY(done.value(QStringLiteral("score")).toDouble() >= 95);
        QCOMPARE(nodesServing(QStringLiteral("fm@2")), kEdgeNodes);
        const QStringList kinds = eventKinds(done.value(QStringLiteral("rollout_id")).toString());
        QVERIFY(kinds.contains(QStringLiteral("watching")));
        QVERIFY(kinds.contains(QStringLiteral("judged")));
        QCOMPARE(kinds.last(), QStringLiteral("completed"));
    }

    void aBadCandidateIsRolledBackAutomatically()
    {
        // The gate promoted fm@3 (as far as the registry knows); the fleet will say otherwise.
        {
            const lk::Workspace ws = lk::Workspace::open(m_ws, lk::Workspace::OpenMode::ExistingOnly);
            lk::storage::Database db = ws.connect();
            lk::loop::ModelRegistry(db).activate(m_versionIds[2]);
        }
        const CliResult r = rollout({QStringLiteral("start"), QStringLiteral("fm@3"),
            QStringLiteral("--plan"), m_plan});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject started = r.json();
        QCOMPARE(started.value(QStringLiteral("model_version")).toString(), QStringLiteral("fm@3"));
        QCOMPARE(started.value(QStringLiteral("previous_version")).toString(), QStringLiteral("fm@2"));
        const QJsonObject done = runToEnd();
        QCOMPARE(done.value(QStringLiteral("status")).toString(), QStringLiteral("rolled_back"));
        QCOMPARE(done.value(QStringLiteral("deployment")).toObject().value(QStringLiteral("canary_result")).toString(),
            QStringLiteral("failed"));
        // The judge says why: the canary escalates far more than the primary.
        bool escalationHigh = false;
        for (const QJsonValue &m : done.value(QStringLiteral("judgement")).toObject().value(QStringLiteral("metrics")).toArray()) {
            const QJsonObject o = m.toObject();
            if (o.value(QStringLiteral("metric")).toString() == QLatin1String("escalation_rate"))
                escalationHigh = o.value(QStringLiteral("status")).toString() == QLatin1String("high");
        }
        QVERIFY2(escalationHigh, QJsonDocument(done.value(QStringLiteral("judgement")).toObject()).toJson().constData());
        QVERIFY(done.value(QStringLiteral("reason")).toString().contains(QStringLiteral("escalation_rate")));
        QCOMPARE(nodesServing(QStringLiteral("fm@2")), kEdgeNodes);
        // The registry follows the fleet: fm@2 is active again, fm@3 deprecated.
        const lk::Workspace ws = lk::Workspace::open(m_ws, lk::Workspace::OpenMode::ExistingOnly);
        lk::storage::Database db = ws.connect();
        lk::loop::ModelRegistry registry(db);
        QCOMPARE(registry.active(QStringLiteral("fm"))->name(), QStringLiteral("fm@2"));
        QCOMPARE(registry.version(QStringLiteral("fm@3"))->status, QStringLiteral("deprecated"));
    }

    void aCorruptedArtifactIsRefused()
    {
        const QString corrupted = m_tmp.filePath(QStringLiteral("corrupted.pt"));
        QFile::remove(corrupted);
        QVERIFY(QFile::copy(m_good, corrupted));
        QFile f(corrupted);
        QVERIFY(f.open(QIODevice::ReadWrite));
        f.seek(f.size() / 2);
        f.write("corrupted");
        f.close();
        const int before = rollout({QStringLiteral("list")}).json().value(QStringLiteral("rollouts")).toArray().size();
        const CliResult r = rollout({QStringLiteral("start"), QStringLiteral("--artifact"), corrupted,
            QStringLiteral("--model-version"), QStringLiteral("fm@9"), QStringLiteral("--sha256"),
            QString::fromLatin1(lk::test::fileSha256(m_good))});
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.error().value(QStringLiteral("message")).toString().contains(QStringLiteral("sha256")), r.err.constData());
        QCOMPARE(rollout({QStringLiteral("list")}).json().value(QStringLiteral("rollouts")).toArray().size(), before);
        QCOMPARE(nodesServing(QStringLiteral("fm@2")), kEdgeNodes);

        // A file that is not a model at all is refused before any node is asked.
        const QString notAModel = m_tmp.filePath(QStringLiteral("notes.txt"));
        QVERIFY(lk::test::writeFile(notAModel, "not a model"));
        const CliResult text = rollout({QStringLiteral("start"), QStringLiteral("--artifact"), notAModel,
            QStringLiteral("--model-version"), QStringLiteral("fm@9")});
        QCOMPARE(text.exitCode, 3);
        QVERIFY2(text.error().value(QStringLiteral("message")).toString().contains(QStringLiteral("TorchScript")),
            text.err.constData());

        // A fleet where no node answers is refused too, rather than a rollout that can only fail.
        const QString deadFleet = m_tmp.filePath(QStringLiteral("dead-fleet.json"));
        QVERIFY(lk::test::writeFile(deadFleet,
            QJsonDocument(QJsonObject{{QStringLiteral("nodes"),
                              QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("gone-1")},
                                             {QStringLiteral("url"), QStringLiteral("http://127.0.0.1:%1").arg(freePort())}},
                                  QJsonObject{{QStringLiteral("name"), QStringLiteral("gone-2")},
                                      {QStringLiteral("url"), QStringLiteral("http://127.0.0.1:%1").arg(freePort())}}}}})
                .toJson()));
        const CliResult dead = runCli({QStringLiteral("rollout"), QStringLiteral("start"), QStringLiteral("--artifact"),
            m_good, QStringLiteral("--model-version"), QStringLiteral("fm@9"), QStringLiteral("-w"), m_ws,
            QStringLiteral("--fleet"), deadFleet});
        QCOMPARE(dead.exitCode, 3);
        QVERIFY2(dead.error().value(QStringLiteral("message")).toString().contains(QStringLiteral("None of the 2")),
            dead.err.constData());
        QCOMPARE(rollout({QStringLiteral("list")}).json().value(QStringLiteral("rollouts")).toArray().size(), before);
    }

    void aNodeKilledMidRolloutIsRetriedThenMarkedFailed()
    {
        const QJsonObject started = start(m_good, QStringLiteral("fm@4"));
        // Kill a node of the second step before it gets the candidate.
        QString victim;
        for (const QJsonValue &n : started.value(QStringLiteral("nodes")).toArray()) {
            if (n.toObject().value(QStringLiteral("step")).toInt() == 1)
                victim = n.toObject().value(QStringLiteral("node")).toString();
        }
        auto it = std::find_if(m_nodes.begin(), m_nodes.end(), [&](const EdgeNode &e) { return e.name == victim; });
        QVERIFY(it != m_nodes.end());
        it->process->process->kill();
        QVERIFY(it->process->process->waitForFinished(30000));

        const QJsonObject done = runToEnd();
        QCOMPARE(done.value(QStringLiteral("status")).toString(), QStringLiteral("completed"));
        QCOMPARE(done.value(QStringLiteral("deployment")).toObject().value(QStringLiteral("progress")).toString(),
            QStringLiteral("9/10 nodes"));
        for (const QJsonValue &n : done.value(QStringLiteral("nodes")).toArray()) {
            const QJsonObject o = n.toObject();
            if (o.value(QStringLiteral("node")).toString() == victim) {
                QCOMPARE(o.value(QStringLiteral("state")).toString(), QStringLiteral("failed"));
                QCOMPARE(o.value(QStringLiteral("attempts")).toInt(), 3);
            }
        }
        const QStringList kinds = eventKinds(done.value(QStringLiteral("rollout_id")).toString());
        QCOMPARE(kinds.count(QStringLiteral("retry")), 2);
        QCOMPARE(kinds.count(QStringLiteral("node_failed")), 1);

        // It comes back with what its folder had, at the same URL, for the tests after this one.
        QVERIFY2(startEdge(*it, {}), it->process->out.constData());
        QCOMPARE(modelOf(it->url()), QStringLiteral("fm@2"));
    }

    void aConsoleRestartedMidRolloutFinishesIt()
    {
        const QJsonObject started = start(m_good, QStringLiteral("fm@5"));
        const QString id = started.value(QStringLiteral("rollout_id")).toString();
        QProcess driver;
        driver.start(lk::test::binary(QStringLiteral("loopkeeper-cli")),
            {QStringLiteral("rollout"), QStringLiteral("run"), QStringLiteral("--interval-ms"), QStringLiteral("250"),
                QStringLiteral("-w"), m_ws, QStringLiteral("--fleet"), m_fleet});
        QByteArray out;
        QTRY_VERIFY_WITH_TIMEOUT((out += driver.readAllStandardOutput()).contains("\"kind\":\"watching\""), 120000);
        driver.kill(); // no chance to tidy up: the state on disk is all the next driver has
        QVERIFY(driver.waitForFinished(30000));
        QCOMPARE(rollout({QStringLiteral("status"), id}).json().value(QStringLiteral("status")).toString(),
            QStringLiteral("monitoring"));

        const QJsonObject done = runToEnd();
        QCOMPARE(done.value(QStringLiteral("rollout_id")).toString(), id);
        QCOMPARE(done.value(QStringLiteral("status")).toString(), QStringLiteral("completed"));
        QCOMPARE(nodesServing(QStringLiteral("fm@5")), kEdgeNodes);
        const QStringList kinds = eventKinds(id);
        QCOMPARE(kinds.count(QStringLiteral("created")), 1);
        QCOMPARE(kinds.count(QStringLiteral("watching")), 1);
        QCOMPARE(kinds.count(QStringLiteral("completed")), 1);
    }

    void anOperatorRollsBackTheWholeFleetWithOneCommand()
    {
        const QJsonObject started = start(m_good, QStringLiteral("fm@6"),
            {QStringLiteral("--window"), QStringLiteral("3600")});
        const QString id = started.value(QStringLiteral("rollout_id")).toString();
        // Until the canary is watched (an hour, so the run gives up waiting first).
        const CliResult watching = rollout({QStringLiteral("run"), QStringLiteral("--interval-ms"),
            QStringLiteral("250"), QStringLiteral("--timeout"), QStringLiteral("5")});
        QVERIFY2(watching.exitCode == 0, watching.err.constData());
        QCOMPARE(watching.lastLine().value(QStringLiteral("status")).toString(), QStringLiteral("monitoring"));
        QCOMPARE(nodesServing(QStringLiteral("fm@6")), 1);

        // Nothing else applies while a rollback runs; pausing it is refused with a reason.
        const CliResult rolled = rollout({QStringLiteral("rollback"), id, QStringLiteral("--reason"),
            QStringLiteral("operator saw a problem"), QStringLiteral("--by"), QStringLiteral("alice")});
        QVERIFY2(rolled.exitCode == 0, rolled.err.constData());
        QCOMPARE(rolled.json().value(QStringLiteral("status")).toString(), QStringLiteral("rolling_back"));
        const CliResult pause = rollout({QStringLiteral("pause"), id});
        QCOMPARE(pause.exitCode, 3);
        const QString why = pause.error().value(QStringLiteral("message")).toString();
        QVERIFY2(why.contains(QStringLiteral("is rolling_back, so it cannot be paused")) && why.contains(QStringLiteral("no command")),
            pause.err.constData());

        const QJsonObject done = runToEnd();
        QCOMPARE(done.value(QStringLiteral("status")).toString(), QStringLiteral("rolled_back"));
        QCOMPARE(done.value(QStringLiteral("reason")).toString(), QStringLiteral("operator saw a problem"));
        QCOMPARE(nodesServing(QStringLiteral("fm@5")), kEdgeNodes);
    }

    void cleanupTestCase()
    {
        if (m_replay) {
            m_replay->terminate();
            if (!m_replay->waitForFinished(30000))
                m_replay->kill();
        }
        m_nodes.clear();
        m_teacher.reset();
    }

private:
    QTemporaryDir m_tmp;
    int m_trained = 0;
    QString m_base;
    QString m_good;
    QString m_bad;
    std::unique_ptr<ListeningProcess> m_teacher;
    std::vector<EdgeNode> m_nodes;
    std::unique_ptr<QProcess> m_replay;
    QString m_ws;
    QString m_fleet;
    QString m_plan;
    QStringList m_versionIds; ///< registry ids of fm@1, fm@2, fm@3
};

QTEST_GUILESS_MAIN(TestRollout)
#include "tst_rollout.moc"
