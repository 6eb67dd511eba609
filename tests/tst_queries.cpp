// The query layer: one query service per module answers the CLI, the REST API and the MCP
// tools alike (core/common/Query.h; the bounds of docs/limits.md, "List queries"), and the REST
// API's one route table (core/api/RestRoutes.h) from which its dispatcher, its 405 answers with
// their Allow header, its 404 route list, its body limits and the CLI's route help are derived.
// The services run over a real SQLite workspace; the faces are a real `loopkeeper-cli serve`
// queried with curl, `loopkeeper-cli` commands, and `loopkeeper-cli mcp` over its stdin and
// stdout.
#include "common/StateSupport.h"
#include "common/ProcessSupport.h"
#include "core/api/RestApi.h"
#include "core/api/RestRoutes.h"
#include "core/common/Limits.h"
#include "core/common/Query.h"
#include "core/drift/DriftQueries.h"
#include "core/drift/DriftStore.h"
#include "core/loop/JobStore.h"
#include "core/loop/LoopQueries.h"
#include "core/outcomes/OutcomeQueries.h"
#include "core/outcomes/OutcomeService.h"
#include "core/rollout/RolloutQueries.h"
#include "core/rules/RuleQueries.h"
#include "core/runs/RunQueries.h"
#include "core/workspace/Workspace.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <functional>
#include <memory>

namespace {

using lk::QueryError;
using lk::test::CliResult;
using lk::test::curl;
using lk::test::HttpResult;
using lk::test::runCli;
namespace limits = lk::limits;

constexpr int kAlerts = 150; // more than the default page, fewer than the most one may ask for
constexpr int kJobs = 120;
constexpr int kEvents = 25;

/// The reason and parameter of the QueryError `f` throws; fails the test if it throws none.
struct Refusal
{
    bool thrown = false;
    QueryError::Reason reason = QueryError::Reason::NotFound;
    QString parameter;
    QString message;
};

Refusal refusal(const std::function<void()> &f)
{
    Refusal r;
    try {
        f();
    } catch (const QueryError &e) {
        r.thrown = true;
        r.reason = e.reason();
        r.parameter = e.parameter();
        r.message = e.message();
    }
    return r;
}

QList<qint64> ids(const QJsonArray &items, const QString &key = QStringLiteral("id"))
{
    QList<qint64> out;
    for (const QJsonValue &v : items)
        out.append(v.toObject().value(key).toInteger());
    return out;
}

/// Runs `loopkeeper-cli mcp ARGS`, sends initialize and the tools/call requests, closes stdin
/// and answers the structuredContent (or, for an error, the whole result) of each call in order.
QList<QJsonObject> mcpCalls(const QStringList &args, const QList<QPair<QString, QJsonObject>> &calls)
{
    QProcess p;
    p.start(lk::test::binary(QStringLiteral("loopkeeper-cli")), QStringList{QStringLiteral("mcp")} + args);
    if (!p.waitForStarted(30000))
        return {};
    const auto send = [&p](int id, const QString &method, const QJsonObject &params) {
        const QJsonObject m{{QStringLiteral("jsonrpc"), QStringLiteral("2.0")}, {QStringLiteral("id"), id},
            {QStringLiteral("method"), method}, {QStringLiteral("params"), params}};
        p.write(QJsonDocument(m).toJson(QJsonDocument::Compact) + '\n');
    };
    send(0, QStringLiteral("initialize"),
        {{QStringLiteral("protocolVersion"), QStringLiteral("2025-06-18")},
            {QStringLiteral("capabilities"), QJsonObject{}},
            {QStringLiteral("clientInfo"),
                QJsonObject{{QStringLiteral("name"), QStringLiteral("tst_queries")},
                    {QStringLiteral("version"), QStringLiteral("1")}}}});
    for (int i = 0; i < calls.size(); ++i)
        send(i + 1, QStringLiteral("tools/call"),
            {{QStringLiteral("name"), calls[i].first}, {QStringLiteral("arguments"), calls[i].second}});
    p.closeWriteChannel();
    if (!p.waitForFinished(120000)) {
        p.kill();
        p.waitForFinished();
        return {};
    }
    QList<QJsonObject> answers;
    for (const QByteArray &line : p.readAllStandardOutput().split('\n')) {
        const QJsonObject reply = QJsonDocument::fromJson(line).object();
        if (reply.value(QStringLiteral("id")).toInt() < 1)
            continue;
        const QJsonObject result = reply.value(QStringLiteral("result")).toObject();
        answers.append(result.value(QStringLiteral("isError")).toBool()
                ? result
                : result.value(QStringLiteral("structuredContent")).toObject());
    }
    return answers;
}

} // namespace

class TestQueries : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        m_ws = m_tmp.filePath(QStringLiteral("ws"));
        const lk::Workspace ws = lk::Workspace::open(m_ws);
        lk::storage::Database db = ws.connect();
        lk::storage::Transaction tx(db);

        // Drift: one window per alert, alternately an hour and a half ago and ten minutes ago,
        // of two nodes.
        lk::drift::DriftStore drift(db);
        m_nowMs = QDateTime::currentMSecsSinceEpoch();
        for (int i = 0; i < kAlerts; ++i) {
            lk::drift::StoredWindow w;
            w.node = QStringLiteral("edge-%1").arg(i % 2);
            w.modelVersion = QStringLiteral("fm@1");
            w.endedAtMs = m_nowMs - (i % 2 == 0 ? 90 : 10) * 60000LL;
            w.endedAt = QDateTime::fromMSecsSinceEpoch(w.endedAtMs, Qt::UTC).toString(Qt::ISODateWithMs);
            w.predictions = 100;
            w.escalations = 30;
            w.escalationRate = 0.3;
            w.alert = true;
            drift.addWindow(w);
            lk::drift::StoredAlert a;
            a.windowId = w.id;
            a.node = w.node;
            a.modelVersion = w.modelVersion;
            a.raisedAt = w.endedAt;
            a.explanation = QStringLiteral("Escalation rate 0.3 against 0.05 (alert %1).").arg(i);
            drift.addAlert(a);
        }

        // Rollouts: two that finished, the later one with a timeline of its own.
        lk::rollout::RolloutStore rollouts(db);
        for (const QString &id : {QStringLiteral("rollout_first"), QStringLiteral("rollout_second")}) {
            lk::rollout::Rollout r;
            r.id = id;
            r.modelVersion = QStringLiteral("fm@2");
            r.previousVersion = QStringLiteral("fm@1");
            r.artifactPath = QStringLiteral("/nowhere/model.pt");
            r.sha256 = QStringLiteral("00");
            lk::rollout::RolloutNode n;
            n.node = QStringLiteral("edge-0");
            n.tier = QStringLiteral("tier_1");
            n.state = lk::rollout::RolloutNodeState::Deployed;
            r.nodes.push_back(n);
            lk::rollout::Rollout stored = rollouts.create(r);
            for (int e = 0; id == QLatin1String("rollout_second") && e < kEvents; ++e)
                rollouts.addEvent(id, QStringLiteral("note"), QStringLiteral("event %1").arg(e));
            stored.status = lk::rollout::RolloutStatus::Completed;
            rollouts.save(stored);
            QTest::qWait(5); // created_at has milliseconds: the second is the later one
        }

        // Training jobs of the learning loop, finished one after another.
        lk::loop::JobStore jobs(db);
        const QDateTime start = QDateTime::currentDateTimeUtc().addSecs(-3600);
        for (int i = 0; i < kJobs; ++i) {
            lk::loop::LoopJob j;
            j.jobId = QStringLiteral("train_%1").arg(i, 12, 10, QLatin1Char('0'));
            j.modelLine = QStringLiteral("fm");
            j.reason = QStringLiteral("manual");
            j.createdAt = start.addSecs(i).toString(Qt::ISODateWithMs);
            j.manifest = QJsonObject{{QStringLiteral("samples"), i}};
            jobs.create(j);
            jobs.finish(j.jobId, lk::loop::JobStatus::Failed, QStringLiteral("test job"));
        }
        tx.commit();
    }

    // --- The services: defaults, bounds, order, pages -----------------------------------------

    void driftAlertsHaveOneDefaultAndOneMaximum()
    {
        const lk::Workspace ws = lk::Workspace::open(m_ws, lk::Workspace::OpenMode::ExistingOnly);
        lk::storage::Database db = ws.connect();
        lk::drift::DriftQueries q(db);

        const QJsonArray page = q.alerts({}).value(QStringLiteral("alerts")).toArray();
        QCOMPARE(page.size(), limits::kDriftAlertsPage.fallback);
        const QList<qint64> newestFirst = ids(page);
        QCOMPARE(newestFirst.first(), qint64(kAlerts));
        for (qsizetype i = 1; i < newestFirst.size(); ++i)
            QVERIFY(newestFirst[i] < newestFirst[i - 1]);

        QCOMPARE(q.alerts({{QStringLiteral("limit"), limits::kDriftAlertsPage.maximum}})
                     .value(QStringLiteral("alerts"))
                     .toArray()
                     .size(),
            kAlerts);
        // A REST query value is a string; a CLI option too.
        QCOMPARE(q.alerts({{QStringLiteral("limit"), QStringLiteral("7")}}).value(QStringLiteral("alerts")).toArray().size(),
            7);

        for (const QJsonValue &bad : {QJsonValue(0), QJsonValue(limits::kDriftAlertsPage.maximum + 1),
                 QJsonValue(2.5), QJsonValue(QStringLiteral("many"))}) {
            const Refusal r = refusal([&] { q.alerts({{QStringLiteral("limit"), bad}}); });
            QVERIFY2(r.thrown, qPrintable(lk::query::shown(bad)));
            QVERIFY(r.reason == QueryError::Reason::InvalidArgument);
            QCOMPARE(r.parameter, QStringLiteral("limit"));
            QVERIFY2(r.message.contains(QStringLiteral("from 1 to %1").arg(limits::kDriftAlertsPage.maximum)),
                qPrintable(r.message));
        }
        const Refusal misspelt = refusal([&] { q.alerts({{QStringLiteral("limt"), 5}}); });
        QVERIFY(misspelt.thrown);
        QCOMPARE(misspelt.parameter, QStringLiteral("limt"));
    }

    void driftWindowsLookBackMinutesOldestFirst()
    {
        const lk::Workspace ws = lk::Workspace::open(m_ws, lk::Workspace::OpenMode::ExistingOnly);
        lk::storage::Database db = ws.connect();
        lk::drift::DriftQueries q(db);

        // The default hour holds the windows of ten minutes ago only: every odd one.
        const QJsonArray recent = q.windows({}, m_nowMs).value(QStringLiteral("windows")).toArray();
        QCOMPARE(recent.size(), kAlerts / 2);
        for (const QJsonValue &w : recent)
            QCOMPARE(w.toObject().value(QStringLiteral("node")).toString(), QStringLiteral("edge-1"));
        const QJsonArray all =
            q.windows({{QStringLiteral("minutes"), QStringLiteral("120")}}, m_nowMs).value(QStringLiteral("windows")).toArray();
        QCOMPARE(all.size(), kAlerts);
        QString previous;
        for (const QJsonValue &w : all) {
            const QString endedAt = w.toObject().value(QStringLiteral("ended_at")).toString();
            QVERIFY(previous <= endedAt);
            previous = endedAt;
        }
        const QJsonArray one = q.windows({{QStringLiteral("minutes"), 120}, {QStringLiteral("node"), QStringLiteral("edge-0")}},
                                    m_nowMs)
                                   .value(QStringLiteral("windows"))
                                   .toArray();
        QCOMPARE(one.size(), kAlerts / 2);
        QCOMPARE(refusal([&] { q.windows({{QStringLiteral("minutes"), limits::kDriftWindowMinutes.maximum + 1}}); })
                     .parameter,
            QStringLiteral("minutes"));
        QCOMPARE(refusal([&] { q.windows({{QStringLiteral("node"), QString(limits::kMaxIdLength + 1, QLatin1Char('n'))}}); })
                     .parameter,
            QStringLiteral("node"));
    }

    void theCurrentRolloutIsTheUnfinishedOneElseTheLatest()
    {
        QTemporaryDir dir;
        const lk::Workspace ws = lk::Workspace::open(dir.filePath(QStringLiteral("fleet")));
        lk::storage::Database db = ws.connect();
        lk::rollout::RolloutQueries q(db);
        lk::rollout::RolloutStore store(db);

        // None yet: the rollout is not found, the deployment is null.
        const Refusal none = refusal([&] { q.rollout(); });
        QVERIFY(none.thrown);
        QVERIFY(none.reason == QueryError::Reason::NotFound);
        QVERIFY(q.deployment().value(QStringLiteral("rollout")).isNull());
        QVERIFY(q.deployment().value(QStringLiteral("deployment")).isNull());

        const auto make = [&store](const QString &id) {
            lk::rollout::Rollout r;
            r.id = id;
            r.modelVersion = id + QStringLiteral("@1");
            r.artifactPath = QStringLiteral("/nowhere/model.pt");
            r.sha256 = QStringLiteral("00");
            return store.create(r);
        };
        lk::rollout::Rollout first = make(QStringLiteral("r1"));
        QCOMPARE(q.rollout().id, QStringLiteral("r1"));
        QCOMPARE(lk::rollout::currentRollout(store)->id, QStringLiteral("r1"));
        first.status = lk::rollout::RolloutStatus::Completed;
        store.save(first);
        QTest::qWait(5);
        lk::rollout::Rollout second = make(QStringLiteral("r2"));
        // Unfinished: r2; paused, still r2; once it ended, r2 as the latest.
        QCOMPARE(q.rollout().id, QStringLiteral("r2"));
        q.command({}, lk::rollout::RolloutCommand::Pause, QStringLiteral("tester"), QStringLiteral("a look"));
        QCOMPARE(q.rollout().status, lk::rollout::RolloutStatus::Paused);
        QCOMPARE(q.deployment().value(QStringLiteral("rollout")).toObject().value(QStringLiteral("rollout_id")).toString(),
            QStringLiteral("r2"));
        second = *store.get(QStringLiteral("r2"));
        second.status = lk::rollout::RolloutStatus::RolledBack;
        store.save(second);
        QCOMPARE(q.rollout().id, QStringLiteral("r2"));
        QCOMPARE(q.rollout(QStringLiteral("r1")).id, QStringLiteral("r1"));
        const Refusal unknown = refusal([&] { q.rollout(QStringLiteral("r9")); });
        QVERIFY(unknown.reason == QueryError::Reason::NotFound);
        QVERIFY(unknown.message.contains(QStringLiteral("r9")));

        // The list is newest first, without each rollout's nodes.
        const QJsonArray list = q.list({}).value(QStringLiteral("rollouts")).toArray();
        QCOMPARE(list.size(), 2);
        QCOMPARE(list[0].toObject().value(QStringLiteral("rollout_id")).toString(), QStringLiteral("r2"));
        QVERIFY(!list[0].toObject().contains(QStringLiteral("nodes")));
        QCOMPARE(q.list({{QStringLiteral("limit"), 1}}).value(QStringLiteral("rollouts")).toArray().size(), 1);
        QCOMPARE(refusal([&] { q.list({{QStringLiteral("limit"), limits::kRolloutsPage.maximum + 1}}); }).parameter,
            QStringLiteral("limit"));

        // A command's "by" and "reason" are bounded wherever they come from.
        const Refusal longName = refusal([&] {
            q.command(QStringLiteral("r1"), lk::rollout::RolloutCommand::Resume,
                QString(limits::kMaxNameLength + 1, QLatin1Char('b')));
        });
        QCOMPARE(longName.parameter, QStringLiteral("by"));
    }

    void rolloutEventsPageOnAfterTheLastId()
    {
        const lk::Workspace ws = lk::Workspace::open(m_ws, lk::Workspace::OpenMode::ExistingOnly);
        lk::storage::Database db = ws.connect();
        lk::rollout::RolloutQueries q(db);
        const QJsonObject whole = q.events(QStringLiteral("rollout_second"), {});
        QCOMPARE(whole.value(QStringLiteral("rollout_id")).toString(), QStringLiteral("rollout_second"));
        const QList<qint64> all = ids(whole.value(QStringLiteral("events")).toArray());
        QVERIFY(all.size() >= kEvents);
        QList<qint64> paged;
        qint64 after = 0;
        for (;;) {
            const QJsonArray page = q.events(QStringLiteral("rollout_second"),
                                         {{QStringLiteral("after"), after}, {QStringLiteral("limit"), 10}})
                                        .value(QStringLiteral("events"))
                                        .toArray();
            QVERIFY(page.size() <= 10);
            paged += ids(page);
            if (page.size() < 10)
                break;
            after = paged.last();
        }
        QCOMPARE(paged, all); // oldest first, nothing twice, nothing left out
        // Without an id: the current rollout, the later of the two.
        QCOMPARE(q.events({}, {}).value(QStringLiteral("rollout_id")).toString(), QStringLiteral("rollout_second"));
        QCOMPARE(refusal([&] { q.events({}, {{QStringLiteral("limit"), limits::kRolloutEventsPage.maximum + 1}}); })
                     .parameter,
            QStringLiteral("limit"));
    }

    void loopJobsAndModels()
    {
        const lk::Workspace ws = lk::Workspace::open(m_ws, lk::Workspace::OpenMode::ExistingOnly);
        lk::storage::Database db = ws.connect();
        lk::loop::LoopQueries q(db);
        const QJsonArray page = q.jobs({}).value(QStringLiteral("jobs")).toArray();
        QCOMPARE(page.size(), limits::kLoopJobsPage.fallback);
        QCOMPARE(page.first().toObject().value(QStringLiteral("job_id")).toString(),
            QStringLiteral("train_%1").arg(kJobs - 1, 12, 10, QLatin1Char('0')));
        QCOMPARE(q.jobs({{QStringLiteral("limit"), QStringLiteral("3")}}).value(QStringLiteral("jobs")).toArray().size(), 3);
        QCOMPARE(refusal([&] { q.jobs({{QStringLiteral("limit"), limits::kLoopJobsPage.maximum + 1}}); }).parameter,
            QStringLiteral("limit"));
        const QJsonObject job = q.job(QStringLiteral("train_%1").arg(7, 12, 10, QLatin1Char('0')));
        QCOMPARE(job.value(QStringLiteral("manifest")).toObject().value(QStringLiteral("samples")).toInt(), 7);
        QVERIFY(refusal([&] { q.job(QStringLiteral("train_nope")); }).reason == QueryError::Reason::NotFound);
        QVERIFY(refusal([&] { q.model(QStringLiteral("fm@9")); }).reason == QueryError::Reason::NotFound);
        QCOMPARE(q.models({{QStringLiteral("line"), QStringLiteral("fm")}}).value(QStringLiteral("versions")).toArray().size(),
            0);
        QCOMPARE(q.notifications({}).value(QStringLiteral("notifications")).toArray().size(), 0);
        QCOMPARE(refusal([&] { q.notifications({{QStringLiteral("limit"), 0}}); }).parameter, QStringLiteral("limit"));
    }

    void runQueriesHoldTheirBounds()
    {
        const lk::Workspace ws = lk::Workspace::open(m_ws, lk::Workspace::OpenMode::ExistingOnly);
        lk::storage::Database db = ws.connect();
        lk::runs::RunQueries q(db, ws.root());
        QCOMPARE(q.runs({}).value(QStringLiteral("runs")).toArray().size(), 0);
        QCOMPARE(refusal([&] { q.runs({{QStringLiteral("limit"), limits::kRunsPage.maximum + 1}}); }).parameter,
            QStringLiteral("limit"));
        QVERIFY(refusal([&] { q.run(QStringLiteral("run-nope")); }).reason == QueryError::Reason::NotFound);
    }

    void ruleQueueFiltersSortsAndPages()
    {
        const lk::Workspace ws = lk::Workspace::open(m_ws, lk::Workspace::OpenMode::ExistingOnly);
        lk::storage::Database db = ws.connect();
        lk::rules::RuleQueries q(db, ws.memoryDir());
        const QJsonObject empty = q.queue({});
        QCOMPARE(empty.value(QStringLiteral("total")).toInteger(), 0);
        QCOMPARE(empty.value(QStringLiteral("offset")).toInt(), 0);
        QVERIFY(empty.value(QStringLiteral("rules")).toArray().isEmpty());
        QVERIFY(empty.contains(QStringLiteral("counts_by_status")));
        // 0 is a page of counts only; the CLI passes its flag --conflicts as true.
        QCOMPARE(q.queue({{QStringLiteral("limit"), QStringLiteral("0")}, {QStringLiteral("conflicts"), true},
                             {QStringLiteral("sort"), QStringLiteral("-confidence")}})
                     .value(QStringLiteral("total"))
                     .toInteger(),
            0);
        QCOMPARE(refusal([&] { q.queue({{QStringLiteral("limit"), limits::kRulesPage.maximum + 1}}); }).parameter,
            QStringLiteral("limit"));
        QCOMPARE(refusal([&] { q.queue({{QStringLiteral("sort"), QStringLiteral("loudness")}}); }).parameter,
            QStringLiteral("sort"));
        QCOMPARE(refusal([&] { q.queue({{QStringLiteral("min_confidence"), 1.5}}); }).parameter,
            QStringLiteral("min_confidence"));
        QCOMPARE(refusal([&] { q.queue({{QStringLiteral("conflicts"), QStringLiteral("maybe")}}); }).parameter,
            QStringLiteral("conflicts"));
        QCOMPARE(refusal([&] { q.queue({{QStringLiteral("offset"), -1}}); }).parameter, QStringLiteral("offset"));

        // The CLI refuses what the service refuses, naming the option (exit 2).
        const CliResult sorted = runCli({QStringLiteral("rules"), QStringLiteral("queue"), QStringLiteral("--sort"),
            QStringLiteral("loudness"), QStringLiteral("-w"), m_ws});
        QCOMPARE(sorted.exitCode, 2);
        QVERIFY2(sorted.error().value(QStringLiteral("message")).toString().startsWith(QStringLiteral("--sort")),
            sorted.err.constData());
        const CliResult queue = runCli({QStringLiteral("rules"), QStringLiteral("queue"), QStringLiteral("-w"), m_ws});
        QCOMPARE(queue.exitCode, 0);
        QCOMPARE(queue.json(), empty);
    }

    void agentSelectionRequestsHaveOneSetOfBounds()
    {
        using lk::outcomes::recommendQuery;
        const lk::outcomes::RecommendQuery plain = recommendQuery({{QStringLiteral("task_type"), QStringLiteral("analysis")}});
        QCOMPARE(plain.topK, limits::kDefaultTopK);
        QCOMPARE(recommendQuery({{QStringLiteral("task_type"), QStringLiteral("a")}, {QStringLiteral("top_k"), QStringLiteral("5")}})
                     .topK,
            5);
        QCOMPARE(refusal([] { recommendQuery({}); }).parameter, QStringLiteral("task_type"));
        QCOMPARE(refusal([] {
            recommendQuery({{QStringLiteral("task_type"), QStringLiteral("a")}, {QStringLiteral("top_k"), limits::kMaxTopK + 1}});
        }).parameter,
            QStringLiteral("top_k"));
        QCOMPARE(refusal([] {
            recommendQuery({{QStringLiteral("task_type"), QStringLiteral("a")}, {QStringLiteral("context"), 7}});
        }).parameter,
            QStringLiteral("context"));
        // The CLI holds --top-k to the REST API's bound (it took up to 1000 before).
        const CliResult over = runCli({QStringLiteral("agents"), QStringLiteral("recommend"), QStringLiteral("--task-type"),
            QStringLiteral("analysis"), QStringLiteral("--top-k"), QString::number(limits::kMaxTopK + 1),
            QStringLiteral("-w"), m_ws});
        QCOMPARE(over.exitCode, 2);
        QVERIFY2(over.error().value(QStringLiteral("message")).toString().startsWith(QStringLiteral("--top-k")),
            over.err.constData());
        const CliResult ok = runCli({QStringLiteral("agents"), QStringLiteral("recommend"), QStringLiteral("--task-type"),
            QStringLiteral("analysis"), QStringLiteral("--top-k"), QString::number(limits::kMaxTopK), QStringLiteral("-w"), m_ws});
        QVERIFY2(ok.exitCode == 0, ok.err.constData());
        QVERIFY(ok.json().contains(QStringLiteral("recommendations")));
    }

    // --- The faces answer alike ---------------------------------------------------------------

    void driftAlertsAreTheSameThroughCliRestAndMcp()
    {
        const auto server = lk::test::startServer({QStringLiteral("-w"), m_ws});
        QVERIFY2(!server->url().isEmpty(), server->out.constData());

        const CliResult cli = runCli({QStringLiteral("drift"), QStringLiteral("alerts"), QStringLiteral("-w"), m_ws});
        QVERIFY2(cli.exitCode == 0, cli.err.constData());
        const HttpResult rest = curl(server->url() + QStringLiteral("/api/drift/alerts"));
        QVERIFY2(rest.status == 200, rest.describe().constData());
        const CliResult cli5 = runCli(
            {QStringLiteral("drift"), QStringLiteral("alerts"), QStringLiteral("--limit"), QStringLiteral("5"), QStringLiteral("-w"), m_ws});
        const HttpResult rest5 = curl(server->url() + QStringLiteral("/api/drift/alerts?limit=5"));
        const QString over = QString::number(limits::kDriftAlertsPage.maximum + 1);
        const CliResult cliOver = runCli(
            {QStringLiteral("drift"), QStringLiteral("alerts"), QStringLiteral("--limit"), over, QStringLiteral("-w"), m_ws});
        const HttpResult restOver = curl(server->url() + QStringLiteral("/api/drift/alerts?limit=") + over);
        const QList<QJsonObject> mcp = mcpCalls({QStringLiteral("-w"), m_ws},
            {{QStringLiteral("list_drift_alerts"), {}}, {QStringLiteral("list_drift_alerts"), {{QStringLiteral("limit"), 5}}},
                {QStringLiteral("list_drift_alerts"), {{QStringLiteral("limit"), over.toInt()}}}});
        QCOMPARE(mcp.size(), 3);

        // The default page: the same hundred alerts, newest first, in the same shape.
        const QJsonObject answer = cli.json();
        QCOMPARE(answer.value(QStringLiteral("alerts")).toArray().size(), limits::kDriftAlertsPage.fallback);
        QCOMPARE(rest.json(), answer);
        QCOMPARE(mcp[0], answer);
        // A limit, given as each face gives it.
        QCOMPARE(cli5.json().value(QStringLiteral("alerts")).toArray().size(), 5);
        QCOMPARE(rest5.json(), cli5.json());
        QCOMPARE(mcp[1], cli5.json());
        // Past the maximum: refused by each, naming the range.
        const QString range = QStringLiteral("from 1 to %1").arg(limits::kDriftAlertsPage.maximum);
        QCOMPARE(cliOver.exitCode, 2);
        QVERIFY2(cliOver.error().value(QStringLiteral("message")).toString().contains(range), cliOver.err.constData());
        QCOMPARE(restOver.status, 400);
        QVERIFY2(restOver.error().value(QStringLiteral("message")).toString().contains(range), restOver.body.constData());
        QCOMPARE(mcp[2].value(QStringLiteral("isError")).toBool(), true);
        const QJsonObject mcpError =
            mcp[2].value(QStringLiteral("structuredContent")).toObject().value(QStringLiteral("error")).toObject();
        QCOMPARE(mcpError.value(QStringLiteral("code")).toString(), QStringLiteral("invalid_argument"));
        QVERIFY(mcpError.value(QStringLiteral("message")).toString().contains(range));
    }

    void theCurrentRolloutIsTheSameThroughCliRestAndMcp()
    {
        const auto server = lk::test::startServer({QStringLiteral("-w"), m_ws});
        QVERIFY2(!server->url().isEmpty(), server->out.constData());

        const CliResult status = runCli({QStringLiteral("rollout"), QStringLiteral("status"), QStringLiteral("-w"), m_ws});
        QVERIFY2(status.exitCode == 0, status.err.constData());
        const QJsonObject current = status.json();
        // No rollout is unfinished: the latest one.
        QCOMPARE(current.value(QStringLiteral("rollout_id")).toString(), QStringLiteral("rollout_second"));
        QCOMPARE(current.value(QStringLiteral("nodes")).toArray().size(), 1);

        const HttpResult byId = curl(server->url() + QStringLiteral("/api/rollouts/rollout_second"));
        QVERIFY2(byId.status == 200, byId.describe().constData());
        const HttpResult list = curl(server->url() + QStringLiteral("/api/rollouts?limit=1"));
        const QList<QJsonObject> mcp = mcpCalls({QStringLiteral("-w"), m_ws}, {{QStringLiteral("get_deployment"), {}}});
        QCOMPARE(mcp.size(), 1);
        // updated_at is the same row read three times: the objects are equal, field for field.
        QCOMPARE(byId.json(), current);
        QCOMPARE(mcp[0].value(QStringLiteral("rollout")).toObject(), current);
        QCOMPARE(mcp[0].value(QStringLiteral("deployment")).toObject(), current.value(QStringLiteral("deployment")).toObject());
        QJsonObject withoutNodes = current;
        withoutNodes.remove(QStringLiteral("nodes"));
        QCOMPARE(list.json().value(QStringLiteral("rollouts")).toArray().first().toObject(), withoutNodes);
        const CliResult cliList = runCli(
            {QStringLiteral("rollout"), QStringLiteral("list"), QStringLiteral("--limit"), QStringLiteral("1"), QStringLiteral("-w"), m_ws});
        QCOMPARE(cliList.json(), list.json());

        // The timeline, a page after an event id, alike.
        const QJsonArray events = runCli({QStringLiteral("rollout"), QStringLiteral("events"), QStringLiteral("-w"), m_ws})
                                      .json()
                                      .value(QStringLiteral("events"))
                                      .toArray();
        QVERIFY(events.size() >= kEvents);
        const QString after = QString::number(events[3].toObject().value(QStringLiteral("id")).toInteger());
        const CliResult cliPage = runCli({QStringLiteral("rollout"), QStringLiteral("events"),
            QStringLiteral("rollout_second"), QStringLiteral("--after"), after, QStringLiteral("--limit"),
            QStringLiteral("10"), QStringLiteral("-w"), m_ws});
        QVERIFY2(cliPage.exitCode == 0, cliPage.err.constData());
        const HttpResult restPage =
            curl(server->url() + QStringLiteral("/api/rollouts/rollout_second/events?after=%1&limit=10").arg(after));
        QCOMPARE(cliPage.json().value(QStringLiteral("events")).toArray().size(), 10);
        QCOMPARE(restPage.json(), cliPage.json());

        // And the learning loop's jobs.
        const CliResult jobs = runCli({QStringLiteral("jobs"), QStringLiteral("list"), QStringLiteral("-w"), m_ws});
        QCOMPARE(curl(server->url() + QStringLiteral("/api/loop/jobs")).json(), jobs.json());
        const QString jobId = QStringLiteral("train_%1").arg(5, 12, 10, QLatin1Char('0'));
        const CliResult job = runCli({QStringLiteral("jobs"), QStringLiteral("show"), jobId, QStringLiteral("-w"), m_ws});
        QCOMPARE(curl(server->url() + QStringLiteral("/api/loop/jobs/") + jobId).json(), job.json());
    }

    // --- The route table ----------------------------------------------------------------------

    void methodsNotInTheTableAre405WithTheTablesAllow()
    {
        const lk::Workspace ws = lk::Workspace::open(m_ws, lk::Workspace::OpenMode::ExistingOnly);
        lk::storage::Database db = ws.connect();
        lk::runs::RunQueries runs(db, ws.root());
        lk::outcomes::OutcomeService learning(ws, db);
        learning.start();
        lk::api::RestApi api(runs, QString(), true);
        api.setLearning(&learning);
        api.setLoop(&ws, &db);

        // Each pattern's methods, as the table declares them.
        QMap<QString, QList<QByteArray>> declared;
        for (const lk::api::RestRoute &r : lk::api::restRoutes())
            declared[r.pattern].append(r.method);
        QVERIFY(declared.size() >= 25);
        int refused = 0;
        for (auto it = declared.cbegin(); it != declared.cend(); ++it) {
            QString path = it.key();
            path.replace(QRegularExpression(QStringLiteral("\\{[a-z]+\\}")), QStringLiteral("x"));
            QByteArrayList allow;
            for (const QByteArray &m : it.value())
                allow.append(m);
            for (const QByteArray &method : {QByteArray("GET"), QByteArray("POST"), QByteArray("PUT"),
                     QByteArray("DELETE"), QByteArray("PATCH")}) {
                lk::api::RestRequest request;
                request.method = method;
                request.path = path;
                const lk::api::RestResponse r = api.handle(request);
                if (it.value().contains(method)) {
                    QVERIFY2(r.status != 405, qPrintable(QString::fromLatin1(method) + QLatin1Char(' ') + path));
                    continue;
                }
                QVERIFY2(r.status == 405, qPrintable(QString::fromLatin1(method) + QLatin1Char(' ') + path));
                QByteArray header;
                for (const auto &[name, value] : r.headers) {
                    if (name == "Allow")
                        header = value;
                }
                QCOMPARE(header, allow.join(", "));
                QCOMPARE(r.body.value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString(),
                    QStringLiteral("method_not_allowed"));
                ++refused;
            }
        }
        QVERIFY(refused > 100);
        // A path of both methods names both.
        lk::api::RestRequest remove;
        remove.method = "DELETE";
        remove.path = QStringLiteral("/api/rollouts/");
        QCOMPARE(api.handle(remove).headers.first().second, QByteArray("GET, POST"));

        // An unknown path lists every route of the table.
        lk::api::RestRequest unknown;
        unknown.method = "GET";
        unknown.path = QStringLiteral("/api/rollouts/x/explode");
        const lk::api::RestResponse notFound = api.handle(unknown);
        QCOMPARE(notFound.status, 404);
        const QString message = notFound.body.value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString();
        QCOMPARE(lk::api::RestApi::routes().size(), qsizetype(lk::api::restRoutes().size()));
        for (const QString &route : lk::api::RestApi::routes())
            QVERIFY2(message.contains(route), qPrintable(route));
        learning.stop();
    }

    void theTableSetsTheBodyLimits()
    {
        const lk::Workspace ws = lk::Workspace::open(m_ws, lk::Workspace::OpenMode::ExistingOnly);
        lk::storage::Database db = ws.connect();
        lk::runs::RunQueries runs(db, ws.root());
        const lk::api::RestApi api(runs, QString(), true);
        const auto limitOf = [&api](const char *method, const char *path) {
            lk::api::RestRequest head;
            head.method = method;
            head.path = QString::fromLatin1(path);
            return api.admit(head, 0).maxBody;
        };
        QCOMPARE(limitOf("POST", "/api/samples"), limits::kMaxIngestBody);
        QCOMPARE(limitOf("POST", "/api/samples/"), limits::kMaxIngestBody);
        QCOMPARE(limitOf("POST", "/api/learning/outcomes"), limits::kMaxIngestBody);
        QCOMPARE(limitOf("POST", "/api/learning/predict/agent-selection"), limits::kMaxPredictBody);
        QCOMPARE(limitOf("POST", "/api/rollouts/r1/pause"), limits::kMaxCommandBody);
        QCOMPARE(limitOf("GET", "/api/samples"), limits::kMaxCommandBody); // no such route: the least
        QCOMPARE(limitOf("POST", "/api/nothing"), limits::kMaxCommandBody);
        // Only GET routes only read; with a token, every route needs it, /api/health included.
        for (const lk::api::RestRoute &r : lk::api::restRoutes()) {
            QCOMPARE(r.readOnly, r.method == "GET");
            QVERIFY2(r.authenticated, qPrintable(r.name()));
        }
    }

    void theCliListsTheTable()
    {
        const CliResult routes = runCli({QStringLiteral("api"), QStringLiteral("routes")});
        QVERIFY2(routes.exitCode == 0, routes.err.constData());
        const QJsonArray listed = routes.json().value(QStringLiteral("routes")).toArray();
        QCOMPARE(listed.size(), qsizetype(lk::api::restRoutes().size()));
        for (qsizetype i = 0; i < listed.size(); ++i)
            QCOMPARE(listed[i].toObject(), lk::api::restRoutes()[size_t(i)].toJson());

        const CliResult help = runCli({QStringLiteral("serve"), QStringLiteral("--help")});
        QCOMPARE(help.exitCode, 0);
        const QString text = QString::fromUtf8(help.out);
        for (const lk::api::RestRoute &r : lk::api::restRoutes()) {
            QVERIFY2(text.contains(QStringLiteral(" %1\n").arg(r.pattern)), qPrintable(r.name()));
            QVERIFY2(text.contains(r.summary), qPrintable(r.summary));
        }
    }

private:
    QTemporaryDir m_tmp;
    QString m_ws;
    qint64 m_nowMs = 0;
};

QTEST_GUILESS_MAIN(TestQueries)
#include "tst_queries.moc"
