// The REST API as agents use it: a real `loopkeeper-cli serve` process on loopback, queried
// with curl (and Qt's own HTTP client), over a workspace holding a real LibTorch training run.
// Also the server class in-process, to show it answers while its host thread is busy.
#include "common/ProcessSupport.h"
#include "core/api/TrainingApiServer.h"
#include "core/common/Error.h"
#include "core/rollout/RolloutStore.h"
#include "core/runs/RunStore.h"
#include "core/workspace/Workspace.h"

#include <QDeadlineTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <memory>

namespace {

const QString kToken = QStringLiteral("0123456789abcdef-test-token");

using lk::test::bearer;
using lk::test::CliResult;
using lk::test::curl;
using lk::test::HttpResult;
using lk::test::runCli;
using lk::test::startServer;
using Server = lk::test::ListeningProcess;

QString cliPath()
{
    return lk::test::binary(QStringLiteral("loopkeeper-cli"));
}

QString describe(const HttpResult &r)
{
    return QStringLiteral("status %1, body %2, curl %3")
        .arg(r.status)
        .arg(QString::fromUtf8(r.body), QString::fromUtf8(r.curlError));
}

} // namespace

class TestRestApi : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        QVERIFY2(QFileInfo(cliPath()).isExecutable(), "build loopkeeper-cli first");
        m_ws = m_tmp.filePath(QStringLiteral("ws"));
        // A real run: three epochs of the small CNN on a slice of Fashion-MNIST.
        const CliResult train = runCli({QStringLiteral("train"), QStringLiteral("-w"), m_ws,
            QStringLiteral("--epochs"), QStringLiteral("3"), QStringLiteral("--limit"), QStringLiteral("800"),
            QStringLiteral("--test-limit"), QStringLiteral("200"), QStringLiteral("--batch"),
            QStringLiteral("32")});
        QVERIFY2(train.exitCode == 0, train.err.constData());
        m_runId = train.lastLine().value(QStringLiteral("run_id")).toString();
        QVERIFY(!m_runId.isEmpty());
        QCOMPARE(train.lastLine().value(QStringLiteral("status")).toString(), QStringLiteral("completed"));

        m_server = startServer({QStringLiteral("-w"), m_ws});
        QVERIFY2(m_server->url().startsWith(QStringLiteral("http://127.0.0.1:")), m_server->out.constData());
        QCOMPARE(m_server->listening.value(QStringLiteral("workspace")).toString(), m_ws);
        QCOMPARE(m_server->listening.value(QStringLiteral("token_required")).toBool(), false);
        QVERIFY(QUrl(m_server->url()).port() > 0);
    }

    void cleanupTestCase() { m_server.reset(); }

    void healthSaysOkWithVersionAndWorkspace()
    {
        const HttpResult r = curl(m_server->url() + QStringLiteral("/api/health"));
        QVERIFY2(r.status == 200, qPrintable(describe(r)));
        QCOMPARE(r.header("Content-Type"), QByteArray("application/json"));
        QCOMPARE(r.header("Content-Length").toInt(), r.body.size());
        const QJsonObject o = r.json();
        QCOMPARE(o.value(QStringLiteral("status")).toString(), QStringLiteral("ok"));
        QCOMPARE(o.value(QStringLiteral("version")).toString(), QStringLiteral(LOOPKEEPER_VERSION_STRING));
        QCOMPARE(o.value(QStringLiteral("workspace")).toString(), m_ws);
    }

    void runsListsTheRunAsTheCliDoes()
    {
        const HttpResult r = curl(m_server->url() + QStringLiteral("/api/training/runs"));
        QVERIFY2(r.status == 200, qPrintable(describe(r)));
        const QJsonArray runs = r.json().value(QStringLiteral("runs")).toArray();
        QCOMPARE(runs.size(), 1);
        const QJsonObject run = runs.first().toObject();
        QCOMPARE(run.value(QStringLiteral("run_id")).toString(), m_runId);
        QCOMPARE(run.value(QStringLiteral("epochs_done")).toInt(), 3);
        QCOMPARE(run.value(QStringLiteral("status")).toString(), QStringLiteral("completed"));
        const CliResult cli =
            runCli({QStringLiteral("runs"), QStringLiteral("list"), QStringLiteral("-w"), m_ws});
        QCOMPARE(cli.exitCode, 0);
        QCOMPARE(r.json(), cli.json());

        const HttpResult limited = curl(m_server->url() + QStringLiteral("/api/training/runs?limit=1"));
        QCOMPARE(limited.status, 200);
        QCOMPARE(limited.json().value(QStringLiteral("runs")).toArray().size(), 1);
    }

    void runDetailIsRunsShow()
    {
        const HttpResult r = curl(m_server->url() + QStringLiteral("/api/training/runs/") + m_runId);
        QVERIFY2(r.status == 200, qPrintable(describe(r)));
        const QJsonObject o = r.json();
        QCOMPARE(o.value(QStringLiteral("epochs")).toArray().size(), 3);
        QVERIFY(o.value(QStringLiteral("health")).toObject().contains(QStringLiteral("recommendation")));
        const CliResult cli =
            runCli({QStringLiteral("runs"), QStringLiteral("show"), m_runId, QStringLiteral("-w"), m_ws});
        QCOMPARE(cli.exitCode, 0);
        QCOMPARE(o, cli.json());
    }

    void metricsWithoutCursorHaveEverything()
    {
        const HttpResult r =
            curl(m_server->url() + QStringLiteral("/api/training/runs/%1/metrics").arg(m_runId));
        QVERIFY2(r.status == 200, qPrintable(describe(r)));
        const QJsonObject o = r.json();
        QCOMPARE(o.value(QStringLiteral("run_id")).toString(), m_runId);
        QCOMPARE(o.value(QStringLiteral("status")).toString(), QStringLiteral("completed"));
        const QJsonArray epochs = o.value(QStringLiteral("epochs")).toArray();
        const QJsonArray steps = o.value(QStringLiteral("steps")).toArray();
        QCOMPARE(epochs.size(), 3);
        const qint64 lastStep = epochs.last().toObject().value(QStringLiteral("last_step")).toInteger();
        QCOMPARE(steps.size(), qsizetype(lastStep)); // --step-metrics-every 1: every step is recorded
        QCOMPARE(steps.last().toObject().value(QStringLiteral("step")).toInteger(), lastStep);
        QCOMPARE(o.value(QStringLiteral("next_since")).toInteger(), lastStep);
        QCOMPARE(o.value(QStringLiteral("has_more")).toBool(), false);
        // The same numbers as `runs metrics`.
        const CliResult cli =
            runCli({QStringLiteral("runs"), QStringLiteral("metrics"), m_runId, QStringLiteral("-w"), m_ws});
        QCOMPARE(cli.exitCode, 0);
        QCOMPARE(epochs, cli.json().value(QStringLiteral("epochs")).toArray());
        QCOMPARE(steps, cli.json().value(QStringLiteral("steps")).toArray());

        // Past the end: nothing new, and the cursor stays put.
        const HttpResult after = curl(m_server->url()
            + QStringLiteral("/api/training/runs/%1/metrics?since=%2").arg(m_runId).arg(lastStep));
        QCOMPARE(after.status, 200);
        QCOMPARE(after.json().value(QStringLiteral("epochs")).toArray().size(), 0);
        QCOMPARE(after.json().value(QStringLiteral("steps")).toArray().size(), 0);
        QCOMPARE(after.json().value(QStringLiteral("next_since")).toInteger(), lastStep);
    }

    void metricsPagedByCursorSendEachRecordOnce()
    {
        const HttpResult all =
            curl(m_server->url() + QStringLiteral("/api/training/runs/%1/metrics").arg(m_runId));
        QCOMPARE(all.status, 200);
        QJsonArray steps;
        QJsonArray epochs;
        qint64 since = 0;
        int pages = 0;
        for (bool more = true; more; ++pages) {
            QVERIFY2(pages < 100, "the cursor does not advance");
            const HttpResult page = curl(m_server->url()
                + QStringLiteral("/api/training/runs/%1/metrics?since=%2&limit=7").arg(m_runId).arg(since));
            QVERIFY2(page.status == 200, qPrintable(describe(page)));
            const QJsonObject o = page.json();
            QVERIFY(o.value(QStringLiteral("steps")).toArray().size() <= 7);
            for (const QJsonValue &s : o.value(QStringLiteral("steps")).toArray())
                steps.append(s);
            for (const QJsonValue &e : o.value(QStringLiteral("epochs")).toArray()) {
                // An epoch comes with the page whose steps reach its end, never before.
                QVERIFY(e.toObject().value(QStringLiteral("last_step")).toInteger()
                    <= o.value(QStringLiteral("next_since")).toInteger());
                epochs.append(e);
            }
            QVERIFY(o.value(QStringLiteral("next_since")).toInteger() >= since);
            since = o.value(QStringLiteral("next_since")).toInteger();
            more = o.value(QStringLiteral("has_more")).toBool();
        }
        QVERIFY(pages > 3);
        QCOMPARE(steps, all.json().value(QStringLiteral("steps")).toArray());
        QCOMPARE(epochs, all.json().value(QStringLiteral("epochs")).toArray());
    }

    void healthIsTheRunsOwnUnlessOverridden()
    {
        const HttpResult r =
            curl(m_server->url() + QStringLiteral("/api/training/runs/%1/health").arg(m_runId));
        QVERIFY2(r.status == 200, qPrintable(describe(r)));
        QJsonObject o = r.json();
        QCOMPARE(o.value(QStringLiteral("run_id")).toString(), m_runId);
        QCOMPARE(o.value(QStringLiteral("status")).toString(), QStringLiteral("completed"));
        QCOMPARE(o.value(QStringLiteral("epochs_analyzed")).toInt(), 3);
        // Exactly the report `runs show` gives (the run's Keras rule, patience 5).
        const CliResult cli =
            runCli({QStringLiteral("runs"), QStringLiteral("show"), m_runId, QStringLiteral("-w"), m_ws});
        o.remove(QStringLiteral("run_id"));
        o.remove(QStringLiteral("status"));
        QCOMPARE(o, cli.json().value(QStringLiteral("health")).toObject());

        const HttpResult over = curl(m_server->url()
            + QStringLiteral("/api/training/runs/%1/"
                             "health?monitor=val_accuracy&patience=1&convention=pytorch&min_delta=0.5")
                  .arg(m_runId));
        QVERIFY2(over.status == 200, qPrintable(describe(over)));
        const QJsonObject plateau = over.json()
                                        .value(QStringLiteral("config"))
                                        .toObject()
                                        .value(QStringLiteral("plateau"))
                                        .toObject();
        QCOMPARE(over.json().value(QStringLiteral("monitor")).toString(), QStringLiteral("val_accuracy"));
        QCOMPARE(over.json().value(QStringLiteral("mode")).toString(), QStringLiteral("max")); // inferred
        QCOMPARE(plateau.value(QStringLiteral("patience")).toInt(), 1);
        QCOMPARE(plateau.value(QStringLiteral("convention")).toString(), QStringLiteral("pytorch"));
        QCOMPARE(plateau.value(QStringLiteral("min_delta")).toDouble(), 0.5);

        const HttpResult mode = curl(m_server->url()
            + QStringLiteral("/api/training/runs/%1/health?monitor=val_accuracy&mode=MIN").arg(m_runId));
        QCOMPARE(mode.status, 200);
        QCOMPARE(mode.json().value(QStringLiteral("mode")).toString(), QStringLiteral("min"));
    }

    void badQueryValuesAre400NamingThem_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("limit not a number")
            << QStringLiteral("/api/training/runs?limit=abc") << QStringLiteral("limit");
        QTest::newRow("limit zero") << QStringLiteral("/api/training/runs?limit=0")
                                    << QStringLiteral("limit");
        QTest::newRow("limit fractional")
            << QStringLiteral("/api/training/runs?limit=2.5") << QStringLiteral("limit");
        QTest::newRow("unknown parameter")
            << QStringLiteral("/api/training/runs?limt=5") << QStringLiteral("limt");
        QTest::newRow("parameter twice")
            << QStringLiteral("/api/training/runs?limit=1&limit=2") << QStringLiteral("more than once");
        QTest::newRow("since negative")
            << QStringLiteral("/api/training/runs/@RUN@/metrics?since=-1") << QStringLiteral("since");
        QTest::newRow("steps limit too big")
            << QStringLiteral("/api/training/runs/@RUN@/metrics?limit=100001") << QStringLiteral("limit");
        QTest::newRow("patience negative")
            << QStringLiteral("/api/training/runs/@RUN@/health?patience=-1") << QStringLiteral("patience");
        QTest::newRow("min_delta text") << QStringLiteral("/api/training/runs/@RUN@/health?min_delta=lots")
                                        << QStringLiteral("min_delta");
        QTest::newRow("convention unknown")
            << QStringLiteral("/api/training/runs/@RUN@/health?convention=fastai")
            << QStringLiteral("convention");
        QTest::newRow("monitor unknown")
            << QStringLiteral("/api/training/runs/@RUN@/health?monitor=f1") << QStringLiteral("monitor");
        QTest::newRow("mode unknown")
            << QStringLiteral("/api/training/runs/@RUN@/health?mode=sideways") << QStringLiteral("mode");
        QTest::newRow("detail takes none")
            << QStringLiteral("/api/training/runs/@RUN@?verbose=1") << QStringLiteral("verbose");
    }

    void badQueryValuesAre400NamingThem()
    {
        QFETCH(QString, path);
        QFETCH(QString, mentions);
        const HttpResult r = curl(m_server->url() + QString(path).replace(QStringLiteral("@RUN@"), m_runId));
        QVERIFY2(r.status == 400, qPrintable(describe(r)));
        QCOMPARE(r.error().value(QStringLiteral("code")).toString(), QStringLiteral("bad_request"));
        QVERIFY2(
            r.error().value(QStringLiteral("message")).toString().contains(mentions), r.body.constData());
    }

    void unknownRunsAndRoutesAre404_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("run") << QStringLiteral("/api/training/runs/run-nope") << QStringLiteral("run-nope");
        QTest::newRow("metrics") << QStringLiteral("/api/training/runs/run-nope/metrics")
                                 << QStringLiteral("run-nope");
        QTest::newRow("health") << QStringLiteral("/api/training/runs/run-nope/health")
                                << QStringLiteral("run-nope");
        QTest::newRow("route") << QStringLiteral("/api/training/jobs")
                               << QStringLiteral("/api/training/runs");
        QTest::newRow("root") << QStringLiteral("/") << QStringLiteral("/api/health");
        QTest::newRow("sub-route") << QStringLiteral("/api/training/runs/@RUN@/checkpoints")
                                   << QStringLiteral("checkpoints");
    }

    void unknownRunsAndRoutesAre404()
    {
        QFETCH(QString, path);
        QFETCH(QString, mentions);
        const HttpResult r = curl(m_server->url() + QString(path).replace(QStringLiteral("@RUN@"), m_runId));
        QVERIFY2(r.status == 404, qPrintable(describe(r)));
        QCOMPARE(r.error().value(QStringLiteral("code")).toString(), QStringLiteral("not_found"));
        QVERIFY2(
            r.error().value(QStringLiteral("message")).toString().contains(mentions), r.body.constData());
    }

    void otherMethodsAre405()
    {
        for (const QString &method :
            {QStringLiteral("POST"), QStringLiteral("DELETE"), QStringLiteral("PUT")}) {
            const HttpResult r = curl(m_server->url() + QStringLiteral("/api/training/runs/") + m_runId,
                {QStringLiteral("-X"), method, QStringLiteral("-H"),
                    QStringLiteral("Content-Type: application/json"), QStringLiteral("--data"),
                    QStringLiteral("{}")});
            QVERIFY2(r.status == 405, qPrintable(method + QLatin1Char(' ') + describe(r)));
            QCOMPARE(r.header("Allow"), QByteArray("GET"));
            QCOMPARE(
                r.error().value(QStringLiteral("code")).toString(), QStringLiteral("method_not_allowed"));
            QVERIFY(r.error().value(QStringLiteral("message")).toString().contains(method));
        }
    }

    void foreignHostNamesAreRefusedWithoutToken()
    {
        // A page that rebinds its own domain to 127.0.0.1 sends its domain as Host.
        const HttpResult r = curl(m_server->url() + QStringLiteral("/api/training/runs"),
            {QStringLiteral("-H"), QStringLiteral("Host: attacker.example")});
        QVERIFY2(r.status == 403, qPrintable(describe(r)));
        QCOMPARE(r.error().value(QStringLiteral("code")).toString(), QStringLiteral("forbidden"));
        const HttpResult local = curl(m_server->url() + QStringLiteral("/api/health"),
            {QStringLiteral("-H"), QStringLiteral("Host: localhost:1234")});
        QCOMPARE(local.status, 200);
    }

    void manyRequestsAtOnceWithQtsClient()
    {
        QNetworkAccessManager manager;
        QList<QNetworkReply *> replies;
        for (int i = 0; i < 24; ++i) {
            const QString path = i % 3 == 0 ? QStringLiteral("/api/training/runs")
                : i % 3 == 1 ? QStringLiteral("/api/training/runs/%1/metrics?limit=5").arg(m_runId)
                             : QStringLiteral("/api/training/runs/%1/health").arg(m_runId);
            replies.append(manager.get(QNetworkRequest(QUrl(m_server->url() + path))));
        }
        for (QNetworkReply *reply : replies) {
            QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 60000);
            QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
            QVERIFY(reply->header(QNetworkRequest::ContentTypeHeader).toString()
                == QLatin1String("application/json"));
            QVERIFY(!QJsonDocument::fromJson(reply->readAll()).object().isEmpty());
            reply->deleteLater();
        }
    }

    void rolloutCommandsFollowTheRolloutsState()
    {
        // A rollout deploying its canary, stored as another process would store it. The REST
        // routes and the CLI send each command to the store, which takes the ones its state
        // takes (docs/states.md) and refuses the others naming the state and what it takes.
        lk::storage::Database db = lk::Workspace::open(m_ws).connect();
        lk::rollout::RolloutStore store(db);
        lk::rollout::Rollout r;
        r.id = QStringLiteral("rollout_rest_states");
        r.modelVersion = QStringLiteral("fm@2");
        r.artifactPath = QStringLiteral("/nowhere/model.pt");
        r.sha256 = QStringLiteral("00");
        r.plan.steps = {10, 100};
        for (int n = 0; n < 2; ++n) {
            lk::rollout::RolloutNode node;
            node.node = QStringLiteral("edge-%1").arg(n);
            node.step = n;
            r.nodes.push_back(node);
        }
        r = store.create(r);
        const QString url = m_server->url() + QStringLiteral("/api/rollouts/") + r.id;
        const QStringList post{QStringLiteral("-X"), QStringLiteral("POST"), QStringLiteral("-H"),
            QStringLiteral("Content-Type: application/json"), QStringLiteral("--data-binary"),
            QStringLiteral("{\"by\": \"agent-7\"}")};

        const HttpResult promote = curl(url + QStringLiteral("/promote"), post);
        QVERIFY2(promote.status == 400, qPrintable(describe(promote)));
        const QString why = promote.error().value(QStringLiteral("message")).toString();
        QVERIFY2(why.contains(QLatin1String("is deploying")) && why.contains(QLatin1String("pause or rollback")),
            qPrintable(why));
        const CliResult resume = runCli({QStringLiteral("rollout"), QStringLiteral("resume"), r.id,
            QStringLiteral("-w"), m_ws});
        QCOMPARE(resume.exitCode, 3);
        QVERIFY2(resume.error().value(QStringLiteral("message")).toString().contains(QLatin1String("pause or rollback")),
            resume.err.constData());
        QCOMPARE(nameOf(store.get(r.id)->status), QStringLiteral("deploying"));

        const HttpResult pause = curl(url + QStringLiteral("/pause"), post);
        QVERIFY2(pause.status == 200, qPrintable(describe(pause)));
        QCOMPARE(pause.json().value(QStringLiteral("status")).toString(), QStringLiteral("paused"));
        const CliResult resumed = runCli({QStringLiteral("rollout"), QStringLiteral("resume"), r.id,
            QStringLiteral("-w"), m_ws});
        QVERIFY2(resumed.exitCode == 0, resumed.err.constData());
        QCOMPARE(resumed.lastLine().value(QStringLiteral("status")).toString(), QStringLiteral("deploying"));

        // A command is POSTed; an unknown one is no route.
        QCOMPARE(curl(url + QStringLiteral("/pause")).status, 405);
        QCOMPARE(curl(url + QStringLiteral("/finish"), post).status, 404);

        const HttpResult rollback = curl(url + QStringLiteral("/rollback"), post);
        QVERIFY2(rollback.status == 200, qPrintable(describe(rollback)));
        const HttpResult again = curl(url + QStringLiteral("/pause"), post);
        QVERIFY2(again.status == 400, qPrintable(describe(again)));
        QVERIFY2(again.error().value(QStringLiteral("message")).toString().contains(QLatin1String("rolling_back")),
            qPrintable(describe(again)));
        r = *store.get(r.id);
        r.status = lk::rollout::RolloutStatus::RolledBack; // as the engine ends it
        store.save(r);
    }

    void emptyWorkspaceHasValidEmptyShapes()
    {
        const QString empty = m_tmp.filePath(QStringLiteral("empty"));
        QCOMPARE(runCli({QStringLiteral("workspace"), QStringLiteral("init"), QStringLiteral("-w"), empty})
                     .exitCode,
            0);
        const auto server = startServer({QStringLiteral("-w"), empty});
        QVERIFY2(!server->url().isEmpty(), server->out.constData());
        const HttpResult runs = curl(server->url() + QStringLiteral("/api/training/runs"));
        QCOMPARE(runs.status, 200);
        QCOMPARE(runs.json(), QJsonObject({{QStringLiteral("runs"), QJsonArray()}}));
        QCOMPARE(curl(server->url() + QStringLiteral("/api/health")).status, 200);
    }

    void runWithoutEpochsYetSaysSo()
    {
        // A run as the runner records it before its first epoch ends.
        const QString root = m_tmp.filePath(QStringLiteral("fresh"));
        QString runId;
        {
            const lk::Workspace ws = lk::Workspace::open(root);
            lk::storage::Database db = ws.connect();
            lk::runs::RunStore store(db);
            lk::training::TrainingConfig config;
            config.datasetDir = QStringLiteral("/nowhere");
            runId = store.createRun(config, ws.runsDir());
        }
        const auto server = startServer({QStringLiteral("-w"), root});
        QVERIFY2(!server->url().isEmpty(), server->out.constData());

        const HttpResult metrics =
            curl(server->url() + QStringLiteral("/api/training/runs/%1/metrics").arg(runId));
        QVERIFY2(metrics.status == 200, qPrintable(describe(metrics)));
        QCOMPARE(metrics.json().value(QStringLiteral("status")).toString(), QStringLiteral("running"));
        QCOMPARE(metrics.json().value(QStringLiteral("epochs")).toArray().size(), 0);
        QCOMPARE(metrics.json().value(QStringLiteral("steps")).toArray().size(), 0);
        QCOMPARE(metrics.json().value(QStringLiteral("next_since")).toInteger(), 0);

        const HttpResult health =
            curl(server->url() + QStringLiteral("/api/training/runs/%1/health").arg(runId));
        QVERIFY2(health.status == 200, qPrintable(describe(health)));
        QCOMPARE(health.json().value(QStringLiteral("epochs_analyzed")).toInt(), 0);
        QVERIFY(health.json().value(QStringLiteral("best_epoch")).isNull());
        const QJsonObject advice = health.json().value(QStringLiteral("recommendation")).toObject();
        QCOMPARE(advice.value(QStringLiteral("action")).toString(), QStringLiteral("continue"));
        QVERIFY2(advice.value(QStringLiteral("reason")).toString().contains(QStringLiteral("No metrics yet")),
            health.body.constData());

        const HttpResult detail = curl(server->url() + QStringLiteral("/api/training/runs/") + runId);
        QCOMPARE(detail.status, 200);
        QCOMPARE(detail.json().value(QStringLiteral("epochs")).toArray().size(), 0);
    }

    void tokenIsRequiredWhenConfigured()
    {
        const auto server = startServer({QStringLiteral("-w"), m_ws, QStringLiteral("--token"), kToken});
        QVERIFY2(!server->url().isEmpty(), server->out.constData());
        QCOMPARE(server->listening.value(QStringLiteral("token_required")).toBool(), true);
        const QString runs = server->url() + QStringLiteral("/api/training/runs");

        const HttpResult none = curl(runs);
        QVERIFY2(none.status == 401, qPrintable(describe(none)));
        QCOMPARE(none.error().value(QStringLiteral("code")).toString(), QStringLiteral("unauthorized"));
        QVERIFY(none.header("WWW-Authenticate").startsWith("Bearer"));
        QCOMPARE(curl(runs, bearer(kToken + QStringLiteral("x"))).status, 401);
        QCOMPARE(curl(runs, bearer(kToken.left(kToken.size() - 1))).status, 401);
        QCOMPARE(
            curl(runs, {QStringLiteral("-H"), QStringLiteral("Authorization: Basic ") + kToken}).status, 401);
        // Unknown routes do not leak past the check either.
        QCOMPARE(curl(server->url() + QStringLiteral("/nope")).status, 401);

        const HttpResult ok = curl(runs, bearer(kToken));
        QVERIFY2(ok.status == 200, qPrintable(describe(ok)));
        QCOMPARE(ok.json().value(QStringLiteral("runs")).toArray().size(), 1);
        QCOMPARE(curl(runs, {QStringLiteral("-H"), QStringLiteral("authorization: bearer ") + kToken}).status,
            200);
    }

    void tokenFromTheEnvironment()
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("LOOPKEEPER_API_TOKEN"), kToken);
        const auto server = startServer({QStringLiteral("-w"), m_ws}, env);
        QVERIFY2(!server->url().isEmpty(), server->out.constData());
        QCOMPARE(curl(server->url() + QStringLiteral("/api/health")).status, 401);
        QCOMPARE(curl(server->url() + QStringLiteral("/api/health"), bearer(kToken)).status, 200);
    }

    void nonLoopbackBindNeedsAToken_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("all interfaces")
            << QStringList {QStringLiteral("--bind"), QStringLiteral("0.0.0.0")} << QStringLiteral("token");
        QTest::newRow("ipv6 any") << QStringList {QStringLiteral("--bind"), QStringLiteral("::")}
                                  << QStringLiteral("token");
        QTest::newRow("lan address") << QStringList {QStringLiteral("--bind"), QStringLiteral("192.168.1.20")}
                                     << QStringLiteral("token");
        QTest::newRow("short token") << QStringList {QStringLiteral("--bind"), QStringLiteral("0.0.0.0"),
            QStringLiteral("--token"), QStringLiteral("short")}
                                     << QStringLiteral("16");
        QTest::newRow("empty token") << QStringList {QStringLiteral("--token="), QStringLiteral("")}
                                     << QStringLiteral("--token");
        QTest::newRow("not an address") << QStringList {QStringLiteral("--bind"), QStringLiteral("my-laptop")}
                                        << QStringLiteral("--bind");
        QTest::newRow("port out of range")
            << QStringList {QStringLiteral("--port"), QStringLiteral("70000")} << QStringLiteral("--port");
    }

    void nonLoopbackBindNeedsAToken()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, mentions);
        args.removeAll(QString());
        const CliResult r =
            runCli(QStringList {QStringLiteral("serve"), QStringLiteral("-w"), m_ws} + args, 60000);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.out.isEmpty(), r.out.constData()); // it never said it was listening
        QCOMPARE(r.error().value(QStringLiteral("code")).toString(), QStringLiteral("usage"));
        QVERIFY2(r.error().value(QStringLiteral("message")).toString().contains(mentions), r.err.constData());
    }

    void allInterfacesWithATokenServes()
    {
        // Plain HTTP beyond loopback also needs --insecure-bind (TLS: tests/tst_tls.cpp).
        const auto server = startServer({QStringLiteral("-w"), m_ws, QStringLiteral("--bind"),
            QStringLiteral("0.0.0.0"), QStringLiteral("--token"), kToken, QStringLiteral("--insecure-bind")});
        QVERIFY2(!server->url().isEmpty(), server->out.constData());
        QCOMPARE(curl(server->url() + QStringLiteral("/api/training/runs")).status, 401);
        QCOMPARE(curl(server->url() + QStringLiteral("/api/training/runs"), bearer(kToken)).status, 200);
    }

    void takenPortAndMissingWorkspaceFailClearly()
    {
        const quint16 taken = quint16(QUrl(m_server->url()).port());
        const CliResult busy = runCli({QStringLiteral("serve"), QStringLiteral("-w"), m_ws,
                                          QStringLiteral("--port"), QString::number(taken)},
            60000);
        QCOMPARE(busy.exitCode, 3);
        QVERIFY2(busy.error().value(QStringLiteral("message")).toString().contains(QString::number(taken)),
            busy.err.constData());

        const CliResult missing = runCli(
            {QStringLiteral("serve"), QStringLiteral("-w"), m_tmp.filePath(QStringLiteral("none"))}, 60000);
        QCOMPARE(missing.exitCode, 4);
        QCOMPARE(missing.error().value(QStringLiteral("code")).toString(), QStringLiteral("workspace"));
        QVERIFY(!QFileInfo::exists(m_tmp.filePath(QStringLiteral("none"))));
    }

    void sigtermStopsTheServerCleanly()
    {
        const auto server = startServer({QStringLiteral("-w"), m_ws});
        QVERIFY2(!server->url().isEmpty(), server->out.constData());
        server->process->terminate();
        QVERIFY(server->process->waitForFinished(30000));
        QCOMPARE(server->process->exitStatus(), QProcess::NormalExit);
        QCOMPARE(server->process->exitCode(), 0);
        const QList<QByteArray> lines =
            QByteArray(server->out + server->process->readAllStandardOutput()).trimmed().split('\n');
        QCOMPARE(lines.size(), 2);
        QCOMPARE(QJsonDocument::fromJson(lines.last()).object().value(QStringLiteral("signal")).toString(),
            QStringLiteral("SIGTERM"));
        // The port is closed: curl cannot connect (exit 7).
        QProcess probe;
        probe.start(QStringLiteral("curl"),
            {QStringLiteral("-sS"), QStringLiteral("--max-time"), QStringLiteral("30"),
                server->url() + QStringLiteral("/api/health")});
        QVERIFY(probe.waitForFinished(60000));
        QCOMPARE(probe.exitCode(), 7);
    }

    void serverClassAnswersWhileItsHostThreadIsBlocked()
    {
        lk::api::TrainingApiServer server({m_ws, QHostAddress(QHostAddress::LocalHost), 0, {}, std::nullopt, false});
        QSignalSpy listening(&server, &lk::api::TrainingApiServer::listening);
        QSignalSpy failed(&server, &lk::api::TrainingApiServer::failed);
        server.start();
        QTRY_VERIFY_WITH_TIMEOUT(listening.count() == 1 || failed.count() == 1, 30000);
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));
        QVERIFY(server.isListening());
        QCOMPARE(listening.first().first().toUrl(), server.url());
        // QProcess::waitForFinished blocks this thread's event loop: a server living on this
        // thread could not answer, and curl would time out.
        const HttpResult r =
            curl(server.url().toString() + QStringLiteral("/api/training/runs/%1/health").arg(m_runId));
        QVERIFY2(r.status == 200, qPrintable(describe(r)));
        QCOMPARE(r.json().value(QStringLiteral("run_id")).toString(), m_runId);

        const QString url = server.url().toString();
        server.stop();
        QVERIFY(!server.isListening());
        QProcess probe;
        probe.start(QStringLiteral("curl"),
            {QStringLiteral("-sS"), QStringLiteral("--max-time"), QStringLiteral("30"),
                url + QStringLiteral("/api/health")});
        QVERIFY(probe.waitForFinished(60000));
        QCOMPARE(probe.exitCode(), 7);
        server.stop(); // twice is harmless
    }

    void serverClassReportsWhyItCannotStart()
    {
        lk::api::TrainingApiServer missing(
            {m_tmp.filePath(QStringLiteral("absent")), QHostAddress(QHostAddress::LocalHost), 0, {}, std::nullopt, false});
        QSignalSpy failed(&missing, &lk::api::TrainingApiServer::failed);
        missing.start();
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 30000);
        QVERIFY(!missing.isListening());
        QVERIFY2(failed.first().first().toString().contains(QStringLiteral("absent")),
            qPrintable(failed.first().first().toString()));

        lk::api::TrainingApiServer exposed({m_ws, QHostAddress(QHostAddress::AnyIPv4), 0, {}, std::nullopt, false});
        bool refused = false;
        try {
            exposed.start();
        } catch (const lk::Error &e) {
            refused = e.kind() == lk::ErrorKind::Usage && e.message().contains(QStringLiteral("token"));
        }
        QVERIFY(refused);
        QVERIFY(!exposed.isListening());
    }

private:
    QTemporaryDir m_tmp;
    QString m_ws;
    QString m_runId;
    std::unique_ptr<Server> m_server;
};

QTEST_GUILESS_MAIN(TestRestApi)
#include "tst_rest_api.moc"
