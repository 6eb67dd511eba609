// The MCP server as a client launches it: a real `loopkeeper-cli mcp` process spoken to in
// raw JSON-RPC lines over its stdin and stdout, over a workspace holding a real training run.
// The protocol's happy path, its error codes, bad input of every kind, and a clean stdout.
#include "common/TestSupport.h"

#include "core/rollout/RolloutStore.h"
#include "core/workspace/Workspace.h"

#include <QDeadlineTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace {

QString cliPath()
{
    return lk::test::binary(QStringLiteral("loopkeeper-cli"));
}

QJsonObject runCliJson(const QStringList &args, QByteArray *lastLine = nullptr)
{
    QProcess p;
    p.start(cliPath(), args);
    if (!p.waitForFinished(240000) || p.exitCode() != 0) {
        p.kill();
        qWarning("%s", p.readAllStandardError().constData());
        return {};
    }
    const QList<QByteArray> lines = p.readAllStandardOutput().trimmed().split('\n');
    if (lastLine)
        *lastLine = lines.last();
    return QJsonDocument::fromJson(lines.last()).object();
}

/// A `loopkeeper-cli mcp` process and its line-by-line conversation.
class McpProcess
{
public:
    explicit McpProcess(const QStringList &args)
    {
        m_process.start(cliPath(), QStringList {QStringLiteral("mcp")} + args);
    }
    ~McpProcess()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished();
        }
    }

    bool started() { return m_process.waitForStarted(30000); }

    /// Writes raw bytes (a newline is added) as a client would.
    void sendRaw(const QByteArray &line) { m_process.write(line + '\n'); }
    void send(const QJsonObject &message) { sendRaw(QJsonDocument(message).toJson(QJsonDocument::Compact)); }
    void request(int id, const QString &method, const QJsonObject &params = {})
    {
        QJsonObject m {{QStringLiteral("jsonrpc"), QStringLiteral("2.0")}, {QStringLiteral("id"), id},
            {QStringLiteral("method"), method}};
        if (!params.isEmpty())
            m.insert(QStringLiteral("params"), params);
        send(m);
    }

    /// The next line the server writes, parsed; waits up to a minute. Empty if none came.
    QJsonDocument nextLine()
    {
        const QDeadlineTimer deadline(60000);
        while (!m_buffer.contains('\n') && !deadline.hasExpired()) {
            if (!m_process.waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime())))
                && m_process.state() == QProcess::NotRunning)
                break;
            m_buffer += m_process.readAllStandardOutput();
        }
        const qsizetype eol = m_buffer.indexOf('\n');
        if (eol < 0)
            return {};
        const QByteArray line = m_buffer.left(eol);
        m_buffer.remove(0, eol + 1);
        m_lines.append(line);
        return QJsonDocument::fromJson(line);
    }
    QJsonObject next() { return nextLine().object(); }

    /// Sends a request and returns the reply.
    QJsonObject call(int id, const QString &method, const QJsonObject &params = {})
    {
        request(id, method, params);
        return next();
    }
    /// tools/call and its result object.
    QJsonObject tool(int id, const QString &name, const QJsonObject &arguments = {})
    {
        return call(id, QStringLiteral("tools/call"),
            QJsonObject {{QStringLiteral("name"), name}, {QStringLiteral("arguments"), arguments}})
            .value(QStringLiteral("result"))
            .toObject();
    }

    /// Closes stdin and waits for the process to end; returns its exit code (-1 on a crash).
    int finish()
    {
        m_process.closeWriteChannel();
        if (!m_process.waitForFinished(60000))
            return -2;
        m_buffer += m_process.readAllStandardOutput();
        return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
    }
    QByteArray remainingStdout() const { return m_buffer; }
    QByteArray stderrText() { return m_process.readAllStandardError(); }
    const QList<QByteArray> &lines() const { return m_lines; }

private:
    QProcess m_process;
    QByteArray m_buffer;
    QList<QByteArray> m_lines;
};

QJsonObject initializeParams(const QString &version)
{
    return QJsonObject {{QStringLiteral("protocolVersion"), version},
        {QStringLiteral("capabilities"), QJsonObject {}},
        {QStringLiteral("clientInfo"),
            QJsonObject {{QStringLiteral("name"), QStringLiteral("tst_mcp")},
                {QStringLiteral("version"), QStringLiteral("1")}}}};
}

/// The JSON a tool put in its text content, which must equal its structuredContent.
QJsonObject textContent(const QJsonObject &result)
{
    const QJsonArray content = result.value(QStringLiteral("content")).toArray();
    if (content.size() != 1
        || content.first().toObject().value(QStringLiteral("type")).toString() != QLatin1String("text"))
        return {};
    return QJsonDocument::fromJson(
        content.first().toObject().value(QStringLiteral("text")).toString().toUtf8())
        .object();
}

QString errorMessage(const QJsonObject &result)
{
    return result.value(QStringLiteral("content"))
        .toArray()
        .first()
        .toObject()
        .value(QStringLiteral("text"))
        .toString();
}

} // namespace

class TestMcp : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        QVERIFY2(QFileInfo(cliPath()).isExecutable(), "build loopkeeper-cli first");
        m_ws = m_tmp.filePath(QStringLiteral("ws"));
        const QJsonObject trained = runCliJson({QStringLiteral("train"), QStringLiteral("-w"), m_ws,
            QStringLiteral("--epochs"), QStringLiteral("3"), QStringLiteral("--limit"), QStringLiteral("800"),
            QStringLiteral("--test-limit"), QStringLiteral("200"), QStringLiteral("--batch"),
            QStringLiteral("32")});
        m_runId = trained.value(QStringLiteral("run_id")).toString();
        QVERIFY(!m_runId.isEmpty());
        m_show =
            runCliJson({QStringLiteral("runs"), QStringLiteral("show"), m_runId, QStringLiteral("-w"), m_ws});
        QCOMPARE(m_show.value(QStringLiteral("epochs")).toArray().size(), 3);
    }

    void initializeAgreesOnAVersion_data()
    {
        QTest::addColumn<QString>("proposed");
        QTest::addColumn<QString>("agreed");
        for (const char *v : {"2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"})
            QTest::newRow(v) << QString::fromLatin1(v) << QString::fromLatin1(v);
        QTest::newRow("unknown: the server's newest")
            << QStringLiteral("1999-01-01") << QStringLiteral("2025-11-25");
    }

    void initializeAgreesOnAVersion()
    {
        QFETCH(QString, proposed);
        QFETCH(QString, agreed);
        McpProcess mcp({QStringLiteral("-w"), m_ws});
        QVERIFY(mcp.started());
        const QJsonObject reply = mcp.call(1, QStringLiteral("initialize"), initializeParams(proposed));
        QCOMPARE(reply.value(QStringLiteral("jsonrpc")).toString(), QStringLiteral("2.0"));
        QCOMPARE(reply.value(QStringLiteral("id")).toInt(), 1);
        const QJsonObject result = reply.value(QStringLiteral("result")).toObject();
        QCOMPARE(result.value(QStringLiteral("protocolVersion")).toString(), agreed);
        const QJsonObject info = result.value(QStringLiteral("serverInfo")).toObject();
        QCOMPARE(info.value(QStringLiteral("name")).toString(), QStringLiteral("loopkeeper"));
        QCOMPARE(info.value(QStringLiteral("version")).toString(), QStringLiteral(LOOPKEEPER_VERSION_STRING));
        QVERIFY(result.value(QStringLiteral("capabilities"))
                    .toObject()
                    .value(QStringLiteral("tools"))
                    .isObject());
        QCOMPARE(mcp.finish(), 0);
    }

    void notificationsGetNoReply()
    {
        McpProcess mcp({QStringLiteral("-w"), m_ws});
        QVERIFY(mcp.started());
        mcp.call(1, QStringLiteral("initialize"), initializeParams(QStringLiteral("2025-06-18")));
        mcp.send({{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
            {QStringLiteral("method"), QStringLiteral("notifications/initialized")}});
        mcp.send({{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
            {QStringLiteral("method"), QStringLiteral("notifications/whatever")}});
        // The next line answers the ping: nothing was written for the notifications.
        const QJsonObject pong = mcp.call(7, QStringLiteral("ping"));
        QCOMPARE(pong.value(QStringLiteral("id")).toInt(), 7);
        QCOMPARE(pong.value(QStringLiteral("result")).toObject(), QJsonObject());
        QCOMPARE(mcp.finish(), 0);
        QVERIFY2(mcp.remainingStdout().isEmpty(), mcp.remainingStdout().constData());
    }

    void toolsListDescribesFourToolsWithSchemas()
    {
        McpProcess mcp({QStringLiteral("-w"), m_ws});
        QVERIFY(mcp.started());
        mcp.call(1, QStringLiteral("initialize"), initializeParams(QStringLiteral("2025-06-18")));
        const QJsonArray tools = mcp.call(2, QStringLiteral("tools/list"))
                                     .value(QStringLiteral("result"))
                                     .toObject()
                                     .value(QStringLiteral("tools"))
                                     .toArray();
        QStringList names;
        for (const QJsonValue &t : tools) {
            const QJsonObject tool = t.toObject();
            names << tool.value(QStringLiteral("name")).toString();
            QVERIFY(!tool.value(QStringLiteral("description")).toString().isEmpty());
            const QJsonObject schema = tool.value(QStringLiteral("inputSchema")).toObject();
            QCOMPARE(schema.value(QStringLiteral("type")).toString(), QStringLiteral("object"));
            QVERIFY(schema.value(QStringLiteral("properties")).isObject());
            QCOMPARE(tool.value(QStringLiteral("annotations"))
                         .toObject()
                         .value(QStringLiteral("readOnlyHint"))
                         .toBool(),
                true);
            if (names.last().endsWith(QLatin1String("_run")) || names.last() == QLatin1String("get_run_metrics")
                || names.last() == QLatin1String("recommend_early_stop"))
                QCOMPARE(schema.value(QStringLiteral("required")).toArray(),
                    QJsonArray {QStringLiteral("run_id")});
            else
                QVERIFY(!schema.contains(QStringLiteral("required")));
        }
        QCOMPARE(names,
            QStringList({QStringLiteral("list_runs"), QStringLiteral("get_run_metrics"),
                QStringLiteral("analyze_run"), QStringLiteral("recommend_early_stop"),
                QStringLiteral("get_deployment"), QStringLiteral("list_drift_alerts")}));
        QCOMPARE(mcp.finish(), 0);
    }

    void toolsAnswerFromTheSameEngineAsTheCli()
    {
        McpProcess mcp({QStringLiteral("-w"), m_ws});
        QVERIFY(mcp.started());
        mcp.call(1, QStringLiteral("initialize"), initializeParams(QStringLiteral("2025-06-18")));

        const QJsonObject list = mcp.tool(2, QStringLiteral("list_runs"));
        QCOMPARE(list.value(QStringLiteral("isError")).toBool(), false);
        const QJsonObject runs = list.value(QStringLiteral("structuredContent")).toObject();
        QCOMPARE(textContent(list), runs);
        QCOMPARE(runs.value(QStringLiteral("runs")).toArray().size(), 1);
        QCOMPARE(runs.value(QStringLiteral("runs"))
                     .toArray()
                     .first()
                     .toObject()
                     .value(QStringLiteral("run_id"))
                     .toString(),
            m_runId);

        const QJsonObject metrics =
            mcp.tool(3, QStringLiteral("get_run_metrics"), {{QStringLiteral("run_id"), m_runId}});
        QCOMPARE(metrics.value(QStringLiteral("isError")).toBool(), false);
        const QJsonObject m = metrics.value(QStringLiteral("structuredContent")).toObject();
        QCOMPARE(textContent(metrics), m);
        QCOMPARE(
            m.value(QStringLiteral("epochs")).toArray(), m_show.value(QStringLiteral("epochs")).toArray());
        QCOMPARE(
            m.value(QStringLiteral("steps")).toArray().size(), 75); // 25 batches of 32 per epoch, 3 epochs
        QCOMPARE(m.value(QStringLiteral("has_more")).toBool(), false);

        // A cursor and a limit: three steps after step 10, no epoch ends there.
        const QJsonObject page = mcp.tool(4, QStringLiteral("get_run_metrics"),
                                        {{QStringLiteral("run_id"), m_runId}, {QStringLiteral("since"), 10},
                                            {QStringLiteral("limit"), 3}})
                                     .value(QStringLiteral("structuredContent"))
                                     .toObject();
        QCOMPARE(page.value(QStringLiteral("steps"))
                     .toArray()
                     .first()
                     .toObject()
                     .value(QStringLiteral("step"))
                     .toInt(),
            11);
        QCOMPARE(page.value(QStringLiteral("steps")).toArray().size(), 3);
        QCOMPARE(page.value(QStringLiteral("next_since")).toInt(), 13);
        QCOMPARE(page.value(QStringLiteral("has_more")).toBool(), true);
        QCOMPARE(page.value(QStringLiteral("epochs")).toArray().size(), 0);

        const QJsonObject analysis =
            mcp.tool(5, QStringLiteral("analyze_run"), {{QStringLiteral("run_id"), m_runId}});
        QCOMPARE(analysis.value(QStringLiteral("isError")).toBool(), false);
        QJsonObject health = analysis.value(QStringLiteral("structuredContent")).toObject();
        QCOMPARE(health.value(QStringLiteral("run_id")).toString(), m_runId);
        health.remove(QStringLiteral("run_id"));
        health.remove(QStringLiteral("status"));
        QCOMPARE(health, m_show.value(QStringLiteral("health")).toObject());

        const QJsonObject overridden = mcp.tool(6, QStringLiteral("analyze_run"),
                                              {{QStringLiteral("run_id"), m_runId},
                                                  {QStringLiteral("monitor"), QStringLiteral("val_accuracy")},
                                                  {QStringLiteral("patience"), 0},
                                                  {QStringLiteral("convention"), QStringLiteral("pytorch")}})
                                           .value(QStringLiteral("structuredContent"))
                                           .toObject();
        QCOMPARE(overridden.value(QStringLiteral("monitor")).toString(), QStringLiteral("val_accuracy"));
        QCOMPARE(overridden.value(QStringLiteral("mode")).toString(), QStringLiteral("max"));
        QCOMPARE(overridden.value(QStringLiteral("config"))
                     .toObject()
                     .value(QStringLiteral("plateau"))
                     .toObject()
                     .value(QStringLiteral("patience"))
                     .toInt(),
            0);

        const QJsonObject advice =
            mcp.tool(7, QStringLiteral("recommend_early_stop"), {{QStringLiteral("run_id"), m_runId}});
        QCOMPARE(advice.value(QStringLiteral("isError")).toBool(), false);
        const QJsonObject a = advice.value(QStringLiteral("structuredContent")).toObject();
        const QJsonObject recommendation = m_show.value(QStringLiteral("health"))
                                               .toObject()
                                               .value(QStringLiteral("recommendation"))
                                               .toObject();
        QCOMPARE(a.value(QStringLiteral("action")), recommendation.value(QStringLiteral("action")));
        QCOMPARE(a.value(QStringLiteral("reason")), recommendation.value(QStringLiteral("reason")));
        QCOMPARE(a.value(QStringLiteral("best_epoch")),
            m_show.value(QStringLiteral("health")).toObject().value(QStringLiteral("best_epoch")));
        const QString action = a.value(QStringLiteral("action")).toString();
        QCOMPARE(a.value(QStringLiteral("should_stop")).toBool(),
            action == QLatin1String("stop") || action == QLatin1String("restore_best"));
        QCOMPARE(a.value(QStringLiteral("run_finished")).toBool(), true);
        QCOMPARE(a.value(QStringLiteral("epochs_analyzed")).toInt(), 3);
        QCOMPARE(mcp.finish(), 0);
    }

    void fleetToolsAnswerFromTheStores()
    {
        // A workspace of its own with one rollout (stored as the console stores it) and no
        // drift alerts.
        QTemporaryDir dir;
        const QString root = dir.filePath(QStringLiteral("fleet-ws"));
        {
            const lk::Workspace ws = lk::Workspace::open(root);
            lk::storage::Database db = ws.connect();
            lk::rollout::RolloutStore store(db);
            {
                lk::rollout::Rollout r;
                r.id = QStringLiteral("rollout_mcp_test");
                r.modelVersion = QStringLiteral("fm@2");
                r.previousVersion = QStringLiteral("fm@1");
                r.artifactPath = QStringLiteral("/nowhere/model.pt");
                r.sha256 = QStringLiteral("00");
                for (int i = 0; i < 4; ++i) {
                    lk::rollout::RolloutNode n;
                    n.node = QStringLiteral("edge-%1").arg(i);
                    n.tier = QStringLiteral("tier_1");
                    n.step = i == 0 ? 0 : 1;
                    n.state = i == 0 ? lk::rollout::RolloutNodeState::Deployed : lk::rollout::RolloutNodeState::Waiting;
                    r.nodes.push_back(n);
                }
                store.create(r);
            }
        }
        McpProcess mcp({QStringLiteral("-w"), root});
        QVERIFY(mcp.started());
        mcp.call(1, QStringLiteral("initialize"), initializeParams(QStringLiteral("2025-06-18")));
        const QJsonObject answer = mcp.tool(2, QStringLiteral("get_deployment"));
        QCOMPARE(answer.value(QStringLiteral("isError")).toBool(), false);
        const QJsonObject deployment =
            answer.value(QStringLiteral("structuredContent")).toObject().value(QStringLiteral("deployment")).toObject();
        QCOMPARE(deployment.value(QStringLiteral("status")).toString(), QStringLiteral("rolling_out"));
        QCOMPARE(deployment.value(QStringLiteral("progress")).toString(), QStringLiteral("1/4 nodes"));
        const QJsonObject alerts = mcp.tool(3, QStringLiteral("list_drift_alerts"), {{QStringLiteral("limit"), 5}});
        QCOMPARE(alerts.value(QStringLiteral("structuredContent")).toObject().value(QStringLiteral("alerts")).toArray().size(),
            0);
        const QJsonObject bad = mcp.tool(4, QStringLiteral("list_drift_alerts"), {{QStringLiteral("limit"), 0}});
        QCOMPARE(bad.value(QStringLiteral("isError")).toBool(), true);
        const QJsonObject error =
            bad.value(QStringLiteral("structuredContent")).toObject().value(QStringLiteral("error")).toObject();
        QCOMPARE(error.value(QStringLiteral("code")).toString(), QStringLiteral("invalid_argument"));
        QVERIFY(error.value(QStringLiteral("message")).toString().contains(QStringLiteral("limit")));
        const QJsonObject extra = mcp.tool(5, QStringLiteral("get_deployment"), {{QStringLiteral("node"), 1}});
        QCOMPARE(extra.value(QStringLiteral("isError")).toBool(), true);
        QCOMPARE(mcp.finish(), 0);
    }

    void toolErrorsAreResultsTheModelCanRead_data()
    {
        QTest::addColumn<QString>("tool");
        QTest::addColumn<QJsonObject>("arguments");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("mentions");
        const QJsonValue run = QStringLiteral("@RUN@");
        QTest::newRow("unknown run") << QStringLiteral("get_run_metrics")
                                     << QJsonObject {{QStringLiteral("run_id"), QStringLiteral("run-nope")}}
                                     << QStringLiteral("not_found") << QStringLiteral("run-nope");
        QTest::newRow("unknown run, advice")
            << QStringLiteral("recommend_early_stop")
            << QJsonObject {{QStringLiteral("run_id"), QStringLiteral("run-nope")}}
            << QStringLiteral("not_found") << QStringLiteral("run-nope");
        QTest::newRow("run_id missing") << QStringLiteral("analyze_run") << QJsonObject {}
                                        << QStringLiteral("invalid_argument") << QStringLiteral("run_id");
        QTest::newRow("run_id a number")
            << QStringLiteral("get_run_metrics") << QJsonObject {{QStringLiteral("run_id"), 42}}
            << QStringLiteral("invalid_argument") << QStringLiteral("run_id");
        QTest::newRow("limit a word")
            << QStringLiteral("list_runs") << QJsonObject {{QStringLiteral("limit"), QStringLiteral("many")}}
            << QStringLiteral("invalid_argument") << QStringLiteral("limit");
        QTest::newRow("limit fractional")
            << QStringLiteral("list_runs") << QJsonObject {{QStringLiteral("limit"), 1.5}}
            << QStringLiteral("invalid_argument") << QStringLiteral("limit");
        QTest::newRow("since negative")
            << QStringLiteral("get_run_metrics")
            << QJsonObject {{QStringLiteral("run_id"), run}, {QStringLiteral("since"), -5}}
            << QStringLiteral("invalid_argument") << QStringLiteral("since");
        QTest::newRow("patience negative")
            << QStringLiteral("analyze_run")
            << QJsonObject {{QStringLiteral("run_id"), run}, {QStringLiteral("patience"), -1}}
            << QStringLiteral("invalid_argument") << QStringLiteral("patience");
        QTest::newRow("mode unknown")
            << QStringLiteral("analyze_run")
            << QJsonObject {{QStringLiteral("run_id"), run}, {QStringLiteral("mode"), QStringLiteral("up")}}
            << QStringLiteral("invalid_argument") << QStringLiteral("mode");
        QTest::newRow("min_delta a list")
            << QStringLiteral("analyze_run")
            << QJsonObject {{QStringLiteral("run_id"), run}, {QStringLiteral("min_delta"), QJsonArray {1}}}
            << QStringLiteral("invalid_argument") << QStringLiteral("min_delta");
        QTest::newRow("unknown argument")
            << QStringLiteral("get_run_metrics")
            << QJsonObject {{QStringLiteral("run_id"), run}, {QStringLiteral("epochs"), 3}}
            << QStringLiteral("invalid_argument") << QStringLiteral("epochs");
        QTest::newRow("advice takes only run_id")
            << QStringLiteral("recommend_early_stop")
            << QJsonObject {{QStringLiteral("run_id"), run}, {QStringLiteral("patience"), 2}}
            << QStringLiteral("invalid_argument") << QStringLiteral("patience");
    }

    void toolErrorsAreResultsTheModelCanRead()
    {
        QFETCH(QString, tool);
        QFETCH(QJsonObject, arguments);
        QFETCH(QString, code);
        QFETCH(QString, mentions);
        if (arguments.value(QStringLiteral("run_id")).toString() == QLatin1String("@RUN@"))
            arguments.insert(QStringLiteral("run_id"), m_runId);
        McpProcess mcp({QStringLiteral("-w"), m_ws});
        QVERIFY(mcp.started());
        mcp.call(1, QStringLiteral("initialize"), initializeParams(QStringLiteral("2025-06-18")));
        const QJsonObject reply = mcp.call(2, QStringLiteral("tools/call"),
            {{QStringLiteral("name"), tool}, {QStringLiteral("arguments"), arguments}});
        QVERIFY2(!reply.contains(QStringLiteral("error")), QJsonDocument(reply).toJson().constData());
        const QJsonObject result = reply.value(QStringLiteral("result")).toObject();
        QCOMPARE(result.value(QStringLiteral("isError")).toBool(), true);
        QCOMPARE(result.value(QStringLiteral("structuredContent"))
                     .toObject()
                     .value(QStringLiteral("error"))
                     .toObject()
                     .value(QStringLiteral("code"))
                     .toString(),
            code);
        QVERIFY2(errorMessage(result).contains(mentions), qPrintable(errorMessage(result)));
        // The session goes on after a failed call.
        QCOMPARE(mcp.call(3, QStringLiteral("ping")).value(QStringLiteral("id")).toInt(), 3);
        QCOMPARE(mcp.finish(), 0);
    }

    void protocolErrorsAreJsonRpcErrors_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<int>("code");
        QTest::addColumn<QJsonValue>("id");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("not json") << QByteArray("this is not json") << -32700 << QJsonValue()
                                  << QStringLiteral("Parse error");
        QTest::newRow("truncated json") << QByteArray(R"({"jsonrpc":"2.0","id":1,"method":"ping")") << -32700
                                        << QJsonValue() << QStringLiteral("Parse error");
        QTest::newRow("no jsonrpc") << QByteArray(R"({"id":4,"method":"ping"})") << -32600 << QJsonValue(4)
                                    << QStringLiteral("jsonrpc");
        QTest::newRow("method not a string") << QByteArray(R"({"jsonrpc":"2.0","id":5,"method":12})")
                                             << -32600 << QJsonValue(5) << QStringLiteral("method");
        QTest::newRow("id an object") << QByteArray(R"({"jsonrpc":"2.0","id":{"a":1},"method":"ping"})")
                                      << -32600 << QJsonValue() << QStringLiteral("id");
        QTest::newRow("not an object")
            << QByteArray(R"([1])") << -32600 << QJsonValue() << QStringLiteral("object");
        QTest::newRow("empty batch") << QByteArray("[]") << -32600 << QJsonValue() << QStringLiteral("batch");
        QTest::newRow("unknown method")
            << QByteArray(R"({"jsonrpc":"2.0","id":"x","method":"resources/list"})") << -32601
            << QJsonValue(QStringLiteral("x")) << QStringLiteral("resources/list");
        QTest::newRow("unknown tool") << QByteArray(
            R"({"jsonrpc":"2.0","id":9,"method":"tools/call","params":{"name":"delete_run","arguments":{}}})")
                                      << -32602 << QJsonValue(9) << QStringLiteral("delete_run");
        QTest::newRow("tool without name")
            << QByteArray(R"({"jsonrpc":"2.0","id":10,"method":"tools/call","params":{}})") << -32602
            << QJsonValue(10) << QStringLiteral("name");
        QTest::newRow("arguments not an object") << QByteArray(
            R"({"jsonrpc":"2.0","id":11,"method":"tools/call","params":{"name":"list_runs","arguments":[1]}})")
                                                 << -32602 << QJsonValue(11) << QStringLiteral("arguments");
        QTest::newRow("params not an object")
            << QByteArray(R"({"jsonrpc":"2.0","id":12,"method":"tools/list","params":3})") << -32602
            << QJsonValue(12) << QStringLiteral("params");
        QTest::newRow("nested too deep")
            << QByteArray("{\"jsonrpc\":\"2.0\",\"id\":14,\"method\":\"ping\",\"params\":{\"a\":"
                   + QByteArray(40, '[') + QByteArray(40, ']') + "}}")
            << -32600 << QJsonValue() << QStringLiteral("deeper");
        QTest::newRow("too long") << QByteArray(
            "{\"jsonrpc\":\"2.0\",\"id\":15,\"method\":\"ping\",\"params\":{\"a\":\""
            + QByteArray(2 * 1024 * 1024, 'x') + "\"}}")
                                  << -32600 << QJsonValue() << QStringLiteral("limit");
        QByteArray batch = "[";
        for (int i = 0; i <= 100; ++i)
            batch += QByteArray(i ? "," : "") + "{\"jsonrpc\":\"2.0\",\"id\":" + QByteArray::number(i)
                + ",\"method\":\"ping\"}";
        batch += ']';
        QTest::newRow("batch too large") << batch << -32600 << QJsonValue() << QStringLiteral("batch");
        QTest::newRow("initialize without version")
            << QByteArray(R"({"jsonrpc":"2.0","id":13,"method":"initialize","params":{"capabilities":{}}})")
            << -32602 << QJsonValue(13) << QStringLiteral("protocolVersion");
    }

    void protocolErrorsAreJsonRpcErrors()
    {
        QFETCH(QByteArray, line);
        QFETCH(int, code);
        QFETCH(QJsonValue, id);
        QFETCH(QString, mentions);
        McpProcess mcp({QStringLiteral("-w"), m_ws});
        QVERIFY(mcp.started());
        mcp.sendRaw(line);
        const QJsonDocument doc = mcp.nextLine();
        const QJsonObject reply = doc.isArray() ? doc.array().first().toObject() : doc.object();
        QCOMPARE(reply.value(QStringLiteral("jsonrpc")).toString(), QStringLiteral("2.0"));
        QCOMPARE(reply.value(QStringLiteral("id")), id);
        QVERIFY(!reply.contains(QStringLiteral("result")));
        const QJsonObject error = reply.value(QStringLiteral("error")).toObject();
        QCOMPARE(error.value(QStringLiteral("code")).toInt(), code);
        QVERIFY2(error.value(QStringLiteral("message")).toString().contains(mentions),
            qPrintable(error.value(QStringLiteral("message")).toString()));
        // Bad input does not end the session.
        QCOMPARE(mcp.call(99, QStringLiteral("ping")).value(QStringLiteral("id")).toInt(), 99);
        QCOMPARE(mcp.finish(), 0);
    }

    void batchesGetOneReplyPerRequest()
    {
        McpProcess mcp({QStringLiteral("-w"), m_ws});
        QVERIFY(mcp.started());
        mcp.sendRaw(
            R"([{"jsonrpc":"2.0","id":1,"method":"ping"},{"jsonrpc":"2.0","method":"notifications/initialized"},)"
            R"({"jsonrpc":"2.0","id":2,"method":"nope"}])");
        const QJsonArray replies = mcp.nextLine().array();
        QCOMPARE(replies.size(), 2);
        QCOMPARE(replies.at(0).toObject().value(QStringLiteral("id")).toInt(), 1);
        QVERIFY(replies.at(0).toObject().contains(QStringLiteral("result")));
        QCOMPARE(replies.at(1)
                     .toObject()
                     .value(QStringLiteral("error"))
                     .toObject()
                     .value(QStringLiteral("code"))
                     .toInt(),
            -32601);
        QCOMPARE(mcp.finish(), 0);
    }

    void stdoutCarriesOnlyProtocolMessages_data()
    {
        QTest::addColumn<bool>("verbose");
        QTest::newRow("quiet") << false;
        QTest::newRow("verbose") << true;
    }

    void stdoutCarriesOnlyProtocolMessages()
    {
        QFETCH(bool, verbose);
        QStringList args {QStringLiteral("-w"), m_ws};
        if (verbose)
            args << QStringLiteral("--verbose");
        McpProcess mcp(args);
        QVERIFY(mcp.started());
        mcp.request(1, QStringLiteral("initialize"), initializeParams(QStringLiteral("2025-03-26")));
        mcp.sendRaw("{broken");
        mcp.request(2, QStringLiteral("tools/list"));
        mcp.request(3, QStringLiteral("tools/call"),
            {{QStringLiteral("name"), QStringLiteral("analyze_run")},
                {QStringLiteral("arguments"), QJsonObject {{QStringLiteral("run_id"), m_runId}}}});
        mcp.request(4, QStringLiteral("tools/call"),
            {{QStringLiteral("name"), QStringLiteral("get_run_metrics")},
                {QStringLiteral("arguments"), QJsonObject {{QStringLiteral("run_id"), m_runId}}}});
        QCOMPARE(mcp.finish(), 0);
        // Every line written is one JSON-RPC message; four requests and one parse error.
        const QList<QByteArray> lines = mcp.remainingStdout().split('\n');
        QCOMPARE(lines.size(), 6);
        QVERIFY(lines.last().isEmpty());
        for (int i = 0; i < 5; ++i) {
            QJsonParseError error;
            const QJsonObject message = QJsonDocument::fromJson(lines.at(i), &error).object();
            QVERIFY2(error.error == QJsonParseError::NoError, lines.at(i).constData());
            QCOMPARE(message.value(QStringLiteral("jsonrpc")).toString(), QStringLiteral("2.0"));
        }
        const QByteArray err = mcp.stderrText();
        if (verbose)
            QVERIFY2(err.contains("loopkeeper.api"), err.constData());
        else
            QVERIFY2(err.isEmpty(), err.constData());
    }

    void missingWorkspaceIsAToolErrorNotACrash()
    {
        const QString absent = m_tmp.filePath(QStringLiteral("not-yet"));
        McpProcess mcp({QStringLiteral("--workspace"), absent});
        QVERIFY(mcp.started());
        QCOMPARE(mcp.call(1, QStringLiteral("initialize"), initializeParams(QStringLiteral("2025-06-18")))
                     .value(QStringLiteral("result"))
                     .toObject()
                     .value(QStringLiteral("protocolVersion"))
                     .toString(),
            QStringLiteral("2025-06-18"));
        const QJsonObject result = mcp.tool(2, QStringLiteral("list_runs"));
        QCOMPARE(result.value(QStringLiteral("isError")).toBool(), true);
        QCOMPARE(result.value(QStringLiteral("structuredContent"))
                     .toObject()
                     .value(QStringLiteral("error"))
                     .toObject()
                     .value(QStringLiteral("code"))
                     .toString(),
            QStringLiteral("workspace"));
        QVERIFY2(errorMessage(result).contains(absent), qPrintable(errorMessage(result)));
        QVERIFY(!QFileInfo::exists(absent)); // read-only: nothing is created

        // Once the workspace exists, the same session finds it.
        QProcess init;
        init.start(
            cliPath(), {QStringLiteral("workspace"), QStringLiteral("init"), QStringLiteral("-w"), absent});
        QVERIFY(init.waitForFinished(60000));
        QCOMPARE(init.exitCode(), 0);
        const QJsonObject empty = mcp.tool(3, QStringLiteral("list_runs"));
        QCOMPARE(empty.value(QStringLiteral("isError")).toBool(), false);
        QCOMPARE(empty.value(QStringLiteral("structuredContent")).toObject(),
            QJsonObject({{QStringLiteral("runs"), QJsonArray()}}));
        QCOMPARE(mcp.finish(), 0);
    }

private:
    QTemporaryDir m_tmp;
    QString m_ws;
    QString m_runId;
    QJsonObject m_show;
};

QTEST_GUILESS_MAIN(TestMcp)
#include "tst_mcp.moc"
