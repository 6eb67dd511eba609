// Hostile and careless input against a real `loopkeeper-cli serve` on loopback and the CLI:
// paths a request names, unbounded names and numbers, bodies, headers and URLs over their
// limits, requests a web page could send, broken settings files, device files as input.
// The limits are those of core/common/Limits.h, tabled in docs/limits.md.
#include "common/ProcessSupport.h"
#include "common/RawHttp.h"
#include "core/bandit/OutcomeEvent.h"
#include "core/common/Error.h"
#include "core/common/Limits.h"
#include "core/loop/EscalatedSample.h"
#include "core/outcomes/OutcomeReader.h"
#include "core/rules/MemoryFiles.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

#include <memory>

namespace {

using lk::test::CliResult;
using lk::test::curl;
using lk::test::HttpResult;
using lk::test::rawHttp;
using lk::test::runCli;
using lk::test::startServer;
using Server = lk::test::ListeningProcess;
namespace limits = lk::limits;

QString describe(const HttpResult &r)
{
    return QStringLiteral("status %1, body %2, curl %3")
        .arg(r.status)
        .arg(QString::fromUtf8(r.body.left(2000)), QString::fromUtf8(r.curlError));
}

QJsonObject outcome(const QString &id = QStringLiteral("e-1"))
{
    return {{QStringLiteral("event_id"), id}, {QStringLiteral("agent_name"), QStringLiteral("planner")},
        {QStringLiteral("task_type"), QStringLiteral("summarize")}, {QStringLiteral("success"), true},
        {QStringLiteral("latency_ms"), 120.0},
        {QStringLiteral("timestamp"), QStringLiteral("2026-11-20T10:00:00Z")}};
}

QJsonObject sample(const QString &id = QStringLiteral("s-1"))
{
    return QJsonObject{{QStringLiteral("sample_id"), id},
        {QStringLiteral("node_id"), QStringLiteral("edge-1")},
        {QStringLiteral("model_version"), QStringLiteral("fashion-mnist@1")},
        {QStringLiteral("timestamp"), QStringLiteral("2026-11-20T10:00:00Z")},
        {QStringLiteral("prediction"),
            QJsonObject{{QStringLiteral("label"), 1}, {QStringLiteral("confidence"), 0.41}}},
        {QStringLiteral("correction"),
            QJsonObject{{QStringLiteral("label"), 2}, {QStringLiteral("confidence"), 0.95},
                {QStringLiteral("source"), QStringLiteral("teacher")}}},
        {QStringLiteral("input"),
            QJsonObject{{QStringLiteral("uri"), QString(QStringLiteral("node://edge-1/") + id)}}}};
}

QByteArray compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QByteArray compact(const QJsonArray &a)
{
    return QJsonDocument(a).toJson(QJsonDocument::Compact);
}

/// {"a": {"a": ... {}}} with `depth` objects in all.
QJsonObject nested(int depth)
{
    QJsonObject o;
    for (int i = 1; i < depth; ++i)
        o = QJsonObject{{QStringLiteral("a"), o}};
    return o;
}

QStringList postJson(const QByteArray &body)
{
    return {QStringLiteral("-X"), QStringLiteral("POST"), QStringLiteral("-H"),
        QStringLiteral("Content-Type: application/json"), QStringLiteral("--data-binary"),
        QString::fromUtf8(body)};
}

/// A request head as raw bytes.
QByteArray head(
    const QString &url, const QByteArray &method, const QByteArray &path, const QList<QByteArray> &headers)
{
    const QUrl u(url);
    QByteArray out =
        method + ' ' + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(u.port()) + "\r\n";
    for (const QByteArray &h : headers)
        out += h + "\r\n";
    return out + "\r\n";
}

} // namespace

class TestHardening : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        m_ws = m_tmp.filePath(QStringLiteral("ws"));
        const CliResult init =
            runCli({QStringLiteral("workspace"), QStringLiteral("init"), QStringLiteral("-w"), m_ws});
        QVERIFY2(init.exitCode == 0, init.err.constData());
        m_server = startServer({QStringLiteral("-w"), m_ws});
        QVERIFY2(m_server->url().startsWith(QStringLiteral("http://127.0.0.1:")), m_server->out.constData());
    }

    void cleanupTestCase() { m_server.reset(); }

    // --- Files a request names ---------------------------------------------------------

    void rolloutReadsOnlyRegularFilesInsideTheWorkspace_data()
    {
        QTest::addColumn<QString>("artifact");
        QTest::addColumn<QString>("says");
        const QString models = QDir(m_ws).filePath(QStringLiteral("models"));
        QTest::newRow("/dev/zero") << QStringLiteral("/dev/zero") << QStringLiteral("inside the workspace");
        QTest::newRow("a file elsewhere")
            << m_tmp.filePath(QStringLiteral("secret.txt")) << QStringLiteral("inside the workspace");
        QTest::newRow("climbing out")
            << QStringLiteral("models/../../secret.txt") << QStringLiteral("inside the workspace");
        QTest::newRow("a link to a device")
            << QDir(models).filePath(QStringLiteral("zero.pt")) << QStringLiteral("inside the workspace");
        QTest::newRow("a FIFO inside")
            << QDir(models).filePath(QStringLiteral("fifo.pt")) << QStringLiteral("a pipe");
        QTest::newRow("a folder inside")
            << QDir(models).filePath(QStringLiteral("folder.pt")) << QStringLiteral("a folder");
    }

    void rolloutReadsOnlyRegularFilesInsideTheWorkspace()
    {
        QFETCH(QString, artifact);
        QFETCH(QString, says);
        const QString models = QDir(m_ws).filePath(QStringLiteral("models"));
        const QString secret = m_tmp.filePath(QStringLiteral("secret.txt"));
        if (!QFile::exists(secret)) {
            QFile f(secret);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("not for the API\n");
            f.close();
            QVERIFY(
                QFile::link(QStringLiteral("/dev/zero"), QDir(models).filePath(QStringLiteral("zero.pt"))));
            QCOMPARE(::mkfifo(QFile::encodeName(QDir(models).filePath(QStringLiteral("fifo.pt"))).constData(),
                         0600),
                0);
            QVERIFY(QDir(models).mkpath(QStringLiteral("folder.pt")));
        }
        // The sha256 sent is wrong: an answer must not say what the file's real one is.
        const HttpResult r = curl(m_server->url() + QStringLiteral("/api/rollouts"),
            postJson(compact(QJsonObject{{QStringLiteral("artifact"), artifact},
                {QStringLiteral("model_version"), QStringLiteral("x@1")},
                {QStringLiteral("sha256"), QStringLiteral("00")}})));
        QVERIFY2(r.status == 400, qPrintable(describe(r)));
        const QString message = r.error().value(QStringLiteral("message")).toString();
        QVERIFY2(message.contains(says), qPrintable(message));
        QVERIFY2(!r.body.contains(lk::test::fileSha256(secret)), r.body.constData());
        // And the server still answers everything else.
        const HttpResult health = curl(m_server->url() + QStringLiteral("/api/health"));
        QVERIFY2(health.status == 200, qPrintable(describe(health)));
    }

    // --- Names, identifiers and numbers --------------------------------------------------

    void outcomeLimitsHoldOnBothReadingPaths_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<bool>("accepted");
        const auto text = [](int n) { return QJsonValue(QString(n, QLatin1Char('a'))); };
        QTest::newRow("event_id at the limit") << "event_id" << text(limits::kMaxIdLength) << true;
        QTest::newRow("event_id over it") << "event_id" << text(limits::kMaxIdLength + 1) << false;
        QTest::newRow("agent_name at the limit") << "agent_name" << text(limits::kMaxNameLength) << true;
        QTest::newRow("agent_name over it") << "agent_name" << text(limits::kMaxNameLength + 1) << false;
        QTest::newRow("agent_name of 1 MB") << "agent_name" << text(1 << 20) << false;
        QTest::newRow("task_type over it") << "task_type" << text(limits::kMaxNameLength + 1) << false;
        QTest::newRow("latency at the limit") << "latency_ms" << QJsonValue(limits::kMaxLatencyMs) << true;
        QTest::newRow("latency over it") << "latency_ms" << QJsonValue(limits::kMaxLatencyMs + 1) << false;
        QTest::newRow("latency 1e308") << "latency_ms" << QJsonValue(1e308) << false;
        QTest::newRow("cost at the limit") << "cost" << QJsonValue(limits::kMaxCost) << true;
        QTest::newRow("cost over it") << "cost" << QJsonValue(limits::kMaxCost * 2) << false;
        QTest::newRow("tokens at the limit") << "tokens" << QJsonValue(limits::kMaxTokens) << true;
        QTest::newRow("tokens over it") << "tokens" << QJsonValue(limits::kMaxTokens + 1) << false;
        QTest::newRow("context at the depth limit")
            << "context" << QJsonValue(nested(limits::kMaxJsonDepth)) << true;
        QTest::newRow("context too deep")
            << "context" << QJsonValue(nested(limits::kMaxJsonDepth + 1)) << false;
        QTest::newRow("context too large")
            << "context" << QJsonValue(QJsonObject{{QStringLiteral("k"), text(limits::kMaxObjectBytes)}})
            << false;
        QTest::newRow("unknown fields too large") << "trace" << text(limits::kMaxObjectBytes) << false;
    }

    void outcomeLimitsHoldOnBothReadingPaths()
    {
        QFETCH(QString, field);
        QFETCH(QJsonValue, value);
        QFETCH(bool, accepted);
        QJsonObject o = outcome();
        o.insert(field, value);

        // The definition: parseOutcomeEvent.
        QString error;
        try {
            lk::bandit::parseOutcomeEvent(o);
        } catch (const lk::Error &e) {
            error = e.message();
        }
        QCOMPARE(error.isEmpty(), accepted);
        if (!accepted) {
            const QString shownField =
                field == QLatin1String("trace") ? QStringLiteral("unknown fields") : field;
            QVERIFY2(error.contains(shownField), qPrintable(error));
            QVERIFY2(error.contains(QStringLiteral("limit")) || error.contains(QStringLiteral("deeper"))
                    || error.contains(QStringLiteral("[0, ")),
                qPrintable(error));
            QVERIFY2(error.size() < 1000, qPrintable(error.left(1000)));
        }
        // The fast reader, on the bytes (as one event, as an array, as JSONL): the same verdict.
        for (const QByteArray &bytes : {compact(o), compact(QJsonArray{o}),
                 QByteArray(compact(o) + '\n' + compact(outcome(QStringLiteral("e-2"))))}) {
            const lk::outcomes::OutcomeBatch batch = lk::outcomes::OutcomeReader().read(bytes);
            const bool first = !batch.events.empty()
                && batch.events.front().event.eventId == o.value(QStringLiteral("event_id")).toString();
            QCOMPARE(first, accepted);
            if (!accepted)
                QCOMPARE(batch.rejected.first().toObject().value(QStringLiteral("error")).toString(), error);
        }
    }

    void outcomeLimitsOverRestAre400NamingTheField()
    {
        QJsonObject longName = outcome(QStringLiteral("e-long"));
        longName.insert(QStringLiteral("agent_name"), QString(limits::kMaxNameLength + 1, QLatin1Char('n')));
        HttpResult r =
            curl(m_server->url() + QStringLiteral("/api/learning/outcomes"), postJson(compact(longName)));
        QVERIFY2(r.status == 400, qPrintable(describe(r)));
        const QString why = r.json()
                                .value(QStringLiteral("rejected"))
                                .toArray()
                                .first()
                                .toObject()
                                .value(QStringLiteral("error"))
                                .toString();
        QVERIFY2(why.contains(QStringLiteral("agent_name"))
                && why.contains(QString::number(limits::kMaxNameLength)),
            qPrintable(why));

        QJsonObject huge = outcome(QStringLiteral("e-slow"));
        huge.insert(QStringLiteral("latency_ms"), 1e308);
        r = curl(m_server->url() + QStringLiteral("/api/learning/outcomes"), postJson(compact(huge)));
        QVERIFY2(r.status == 400, qPrintable(describe(r)));
        QVERIFY2(r.body.contains("latency_ms"), r.body.constData());
    }

    void sampleLimits_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<int>("length");
        QTest::addColumn<bool>("accepted");
        QTest::newRow("sample_id at the limit") << "sample_id" << limits::kMaxIdLength << true;
        QTest::newRow("sample_id over it") << "sample_id" << limits::kMaxIdLength + 1 << false;
        QTest::newRow("node_id over it") << "node_id" << limits::kMaxIdLength + 1 << false;
        QTest::newRow("model_version over it") << "model_version" << limits::kMaxNameLength + 1 << false;
        QTest::newRow("unknown fields too large") << "trace" << limits::kMaxObjectBytes << false;
    }

    void sampleLimits()
    {
        QFETCH(QString, field);
        QFETCH(int, length);
        QFETCH(bool, accepted);
        QJsonObject o = sample();
        o.insert(field, QString(length, QLatin1Char('x')));
        QString error;
        try {
            lk::loop::parseEscalatedSample(o);
        } catch (const lk::Error &e) {
            error = e.message();
        }
        QCOMPARE(error.isEmpty(), accepted);
        if (!accepted && field != QLatin1String("trace"))
            QVERIFY2(error.contains(field) && error.contains(QStringLiteral("limit")), qPrintable(error));
        if (accepted)
            return;
        // Over the API: 400 with the reason, nothing stored.
        const HttpResult r = curl(m_server->url() + QStringLiteral("/api/samples"), postJson(compact(o)));
        QVERIFY2(r.status == 400, qPrintable(describe(r)));
        QCOMPARE(r.json().value(QStringLiteral("accepted")).toInt(), 0);
    }

    void predictBatchAndTopKAreBounded()
    {
        const QString url = m_server->url() + QStringLiteral("/api/learning/predict/agent-selection");
        const QJsonObject one{{QStringLiteral("task_type"), QStringLiteral("summarize")},
            {QStringLiteral("top_k"), limits::kMaxTopK}};
        HttpResult r = curl(url, postJson(compact(one)));
        QVERIFY2(r.status == 200, qPrintable(describe(r)));
        QJsonObject tooMany = one;
        tooMany.insert(QStringLiteral("top_k"), limits::kMaxTopK + 1);
        r = curl(url, postJson(compact(tooMany)));
        QVERIFY2(r.status == 400 && r.body.contains("top_k"), qPrintable(describe(r)));
        QJsonArray batch;
        for (int i = 0; i <= limits::kMaxPredictBatch; ++i)
            batch.append(QJsonObject{{QStringLiteral("task_type"), QStringLiteral("summarize")}});
        r = curl(url, postJson(compact(batch)));
        QVERIFY2(r.status == 400, qPrintable(describe(r)));
        QVERIFY2(r.body.contains(QByteArray::number(limits::kMaxPredictBatch)), r.body.constData());
        batch.removeLast();
        r = curl(url, postJson(compact(batch)));
        QVERIFY2(r.status == 200, qPrintable(describe(r)));
    }

    // --- Bodies, headers, URLs ------------------------------------------------------------

    void bodiesOverTheRouteLimitAre413BeforeTheyAreSent_data()
    {
        QTest::addColumn<QByteArray>("path");
        QTest::addColumn<qint64>("limit");
        QTest::newRow("ingest") << QByteArray("/api/learning/outcomes") << limits::kMaxIngestBody;
        QTest::newRow("samples") << QByteArray("/api/samples") << limits::kMaxIngestBody;
        QTest::newRow("predict") << QByteArray("/api/learning/predict/agent-selection")
                                 << limits::kMaxPredictBody;
        QTest::newRow("command") << QByteArray("/api/rollouts") << limits::kMaxCommandBody;
    }

    void bodiesOverTheRouteLimitAre413BeforeTheyAreSent()
    {
        QFETCH(QByteArray, path);
        QFETCH(qint64, limit);
        // Only the head: the server must answer without waiting for a body it will not read.
        const HttpResult r = rawHttp(m_server->url(),
            head(m_server->url(), "POST", path,
                {"Content-Type: application/json", "Content-Length: " + QByteArray::number(limit + 1)}));
        QVERIFY2(r.status == 413, qPrintable(describe(r)));
        QVERIFY2(r.body.contains(QByteArray::number(limit)), r.body.constData());
    }

    void aBodyJustOverTheLimitIsRefusedWhole()
    {
        // curl sends it all; the answer still comes, and the server goes on answering.
        const QString file = m_tmp.filePath(QStringLiteral("big.json"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"by\": \"" + QByteArray(int(limits::kMaxCommandBody), 'x') + "\"}");
        f.close();
        const HttpResult r = curl(m_server->url() + QStringLiteral("/api/learning/save"),
            {QStringLiteral("-X"), QStringLiteral("POST"), QStringLiteral("-H"),
                QStringLiteral("Content-Type: application/json"), QStringLiteral("--data-binary"),
                QStringLiteral("@") + file});
        QVERIFY2(r.status == 413, qPrintable(describe(r)));
        QCOMPARE(curl(m_server->url() + QStringLiteral("/api/health")).status, 200);
    }

    void longUrlsAndHeadersAre414And431()
    {
        const QByteArray longPath = "/api/training/runs?x=" + QByteArray(int(limits::kMaxUrlBytes), 'a');
        HttpResult r = rawHttp(m_server->url(), head(m_server->url(), "GET", longPath, {}));
        QVERIFY2(r.status == 414, qPrintable(describe(r)));
        r = rawHttp(m_server->url(),
            head(m_server->url(), "GET", "/api/health",
                {"X-Filler: " + QByteArray(int(limits::kMaxHeaderBytes), 'h')}));
        QVERIFY2(r.status == 431, qPrintable(describe(r)));
        // A head that never ends is refused once it passes the limit, too.
        QByteArray endless = "GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n";
        while (endless.size() <= limits::kMaxHeaderBytes + 10)
            endless += "X-More: " + QByteArray(100, 'm') + "\r\n";
        r = rawHttp(m_server->url(), endless);
        QVERIFY2(r.status == 431, qPrintable(describe(r)));
        r = rawHttp(m_server->url(),
            head(m_server->url(), "POST", "/api/learning/outcomes",
                {"Content-Type: application/json", "Transfer-Encoding: chunked"}));
        QVERIFY2(r.status == 411, qPrintable(describe(r)));
        QCOMPARE(curl(m_server->url() + QStringLiteral("/api/health")).status, 200);
    }

    void aHeadThatNeverEndsTimesOut()
    {
        // Slowloris: the head's first lines, then nothing. The server answers 408 and closes
        // once the head's time is up (waited for here with a deadline well past it).
        const HttpResult r = rawHttp(m_server->url(),
            "POST /api/samples HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n",
            limits::kHeadTimeoutMs + 60000);
        QVERIFY2(r.status == 408, qPrintable(describe(r)));
        QCOMPARE(curl(m_server->url() + QStringLiteral("/api/health")).status, 200);
    }

    void tokenIsCheckedBeforeTheBody()
    {
        const QString token = QStringLiteral("0123456789abcdef-hardening");
        const std::unique_ptr<Server> guarded =
            startServer({QStringLiteral("-w"), m_ws, QStringLiteral("--token"), token});
        QVERIFY2(!guarded->url().isEmpty(), guarded->out.constData());
        // A 100 MB body announced without the token: 401 at once, with nothing of it sent.
        const HttpResult r = rawHttp(guarded->url(),
            head(guarded->url(), "POST", "/api/samples",
                {"Content-Type: application/json", "Content-Length: 100000000"}));
        QVERIFY2(r.status == 401, qPrintable(describe(r)));
        const HttpResult ok = curl(guarded->url() + QStringLiteral("/api/health"), lk::test::bearer(token));
        QVERIFY2(ok.status == 200, qPrintable(describe(ok)));
    }

    void requestsAWebPageCouldSendAreRefused()
    {
        const QString url = m_server->url() + QStringLiteral("/api/learning/outcomes");
        const QByteArray body = compact(QJsonArray{outcome(QStringLiteral("e-browser"))});
        // fetch(url, {method: "POST", mode: "no-cors", body}) sends text/plain without a preflight.
        HttpResult r = curl(url,
            {QStringLiteral("-X"), QStringLiteral("POST"), QStringLiteral("-H"),
                QStringLiteral("Content-Type: text/plain;charset=UTF-8"), QStringLiteral("-H"),
                QStringLiteral("Origin: http://evil.example"), QStringLiteral("--data-binary"),
                QString::fromUtf8(body)});
        QVERIFY2(r.status == 403, qPrintable(describe(r)));
        // An HTML form: application/x-www-form-urlencoded, same thing without the Origin check.
        r = curl(url,
            {QStringLiteral("-X"), QStringLiteral("POST"), QStringLiteral("-H"),
                QStringLiteral("Content-Type: application/x-www-form-urlencoded"),
                QStringLiteral("--data-binary"), QString::fromUtf8(body)});
        QVERIFY2(r.status == 415, qPrintable(describe(r)));
        r = curl(url,
            {QStringLiteral("-X"), QStringLiteral("POST"), QStringLiteral("-H"),
                QStringLiteral("Content-Type: text/plain"), QStringLiteral("--data-binary"),
                QString::fromUtf8(body)});
        QVERIFY2(r.status == 415, qPrintable(describe(r)));
        // JSON with a foreign Origin (the preflight would fail, but a proxy or old browser may not ask).
        r = curl(url,
            postJson(body)
                + QStringList{QStringLiteral("-H"), QStringLiteral("Origin: http://evil.example")});
        QVERIFY2(r.status == 403, qPrintable(describe(r)));
        r = curl(url, postJson(body) + QStringList{QStringLiteral("-H"), QStringLiteral("Origin: null")});
        QVERIFY2(r.status == 403, qPrintable(describe(r)));
        // A GET from another site's page is refused too: it could read answers through DNS rebinding.
        r = curl(m_server->url() + QStringLiteral("/api/learning/status"),
            {QStringLiteral("-H"), QStringLiteral("Origin: http://evil.example")});
        QVERIFY2(r.status == 403, qPrintable(describe(r)));
        // None of it was stored; the same body as JSON from a program (no Origin, or its own) is.
        r = curl(url,
            postJson(body) + QStringList{QStringLiteral("-H"), QStringLiteral("Origin: ") + m_server->url()});
        QVERIFY2(r.status == 200, qPrintable(describe(r)));
        QCOMPARE(r.json().value(QStringLiteral("accepted")).toInt(), 1);
    }

    void deeplyNestedBodiesAre400()
    {
        const QByteArray deep = "{\"by\": " + QByteArray(limits::kMaxJsonDepth + 8, '[')
            + QByteArray(limits::kMaxJsonDepth + 8, ']') + "}";
        const HttpResult r = curl(m_server->url() + QStringLiteral("/api/learning/save"), postJson(deep));
        QVERIFY2(r.status == 400 && r.body.contains("deeper"), qPrintable(describe(r)));
    }

    void emptyBodiesAre400()
    {
        for (const QString &route : {QStringLiteral("/api/learning/outcomes"), QStringLiteral("/api/samples"),
                 QStringLiteral("/api/learning/predict/agent-selection")}) {
            const HttpResult r = curl(m_server->url() + route,
                {QStringLiteral("-X"), QStringLiteral("POST"), QStringLiteral("-H"),
                    QStringLiteral("Content-Type: application/json")});
            QVERIFY2(r.status == 400, qPrintable(route + QLatin1Char(' ') + describe(r)));
        }
    }

    // --- Settings files ------------------------------------------------------------------

    void brokenLoopSettingsAre503AndTheSamplesComeLater()
    {
        const QString loopJson = QDir(m_ws).filePath(QStringLiteral("loop.json"));
        QFile f(loopJson);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write("{\"samples\": ");
        f.close();
        const QByteArray body = compact(QJsonArray{sample(QStringLiteral("s-later"))});
        HttpResult r = curl(m_server->url() + QStringLiteral("/api/samples"), postJson(body));
        QVERIFY2(r.status == 503, qPrintable(describe(r)));
        QVERIFY2(r.body.contains("loop.json"), r.body.constData());

        // `[]` is named for what it is, not "no error occurred".
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write("[]");
        f.close();
        r = curl(m_server->url() + QStringLiteral("/api/samples"), postJson(body));
        QVERIFY2(r.status == 503, qPrintable(describe(r)));
        QVERIFY2(!r.body.contains("no error occurred") && r.body.contains("JSON object"), r.body.constData());

        // Fixed: the retry is stored.
        QVERIFY(QFile::remove(loopJson));
        r = curl(m_server->url() + QStringLiteral("/api/samples"), postJson(body));
        QVERIFY2(r.status == 200, qPrintable(describe(r)));
        QCOMPARE(r.json().value(QStringLiteral("accepted")).toInt()
                + r.json().value(QStringLiteral("filtered")).toInt(),
            1);
    }

    void serveRefusesAnUnparseableFleetFile()
    {
        QTemporaryDir tmp;
        const QString ws = tmp.filePath(QStringLiteral("ws"));
        QCOMPARE(
            runCli({QStringLiteral("workspace"), QStringLiteral("init"), QStringLiteral("-w"), ws}).exitCode,
            0);
        const QString fleet = QDir(ws).filePath(QStringLiteral("fleet.json"));
        QFile f(fleet);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"nodes\": [");
        f.close();
        const CliResult r = runCli({QStringLiteral("serve"), QStringLiteral("--port"), QStringLiteral("0"),
            QStringLiteral("-w"), ws});
        QVERIFY2(r.exitCode > 0, r.out.constData());
        QVERIFY2(r.error().value(QStringLiteral("message")).toString().contains(fleet), r.err.constData());
        QVERIFY(!r.out.contains("listening"));
    }

    void blankAndShortTokensAreRefused_data()
    {
        QTest::addColumn<QString>("token");
        QTest::newRow("16 spaces") << QString(16, QLatin1Char(' '));
        QTest::newRow("15 characters") << QStringLiteral("0123456789abcde");
        QTest::newRow("inner space") << QStringLiteral("0123456789 abcdef");
    }

    void blankAndShortTokensAreRefused()
    {
        QFETCH(QString, token);
        const CliResult r = runCli({QStringLiteral("serve"), QStringLiteral("--port"), QStringLiteral("0"),
            QStringLiteral("-w"), m_ws, QStringLiteral("--token"), token});
        QVERIFY2(r.exitCode > 0, r.out.constData());
        QVERIFY2(r.error().value(QStringLiteral("message")).toString().contains(QStringLiteral("token")),
            r.err.constData());
    }

    // --- The CLI ---------------------------------------------------------------------------

    void outcomesIngestFailsWhenNothingIsStored()
    {
        const QString file = m_tmp.filePath(QStringLiteral("bad-outcomes.jsonl"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        QJsonObject bad = outcome(QStringLiteral("e-bad"));
        bad.remove(QStringLiteral("success"));
        f.write(compact(bad) + '\n' + "not json\n");
        f.close();
        const CliResult r =
            runCli({QStringLiteral("outcomes"), QStringLiteral("ingest"), file, QStringLiteral("-w"), m_ws});
        QCOMPARE(r.exitCode, 3);
        QCOMPARE(r.json().value(QStringLiteral("rejected")).toArray().size(), 2);
    }

    void inputFilesMustBeRegularAndBounded_data()
    {
        QTest::addColumn<QStringList>("args");
        const QStringList w{QStringLiteral("-w"), m_ws};
        QTest::newRow("samples ingest /dev/zero")
            << QStringList{QStringLiteral("samples"), QStringLiteral("ingest"), QStringLiteral("/dev/zero")}
                + w;
        QTest::newRow("outcomes ingest /dev/zero")
            << QStringList{QStringLiteral("outcomes"), QStringLiteral("ingest"), QStringLiteral("/dev/zero")}
                + w;
        QTest::newRow("analyze --metrics /dev/zero") << QStringList{
            QStringLiteral("analyze"), QStringLiteral("--metrics"), QStringLiteral("/dev/zero")};
        QTest::newRow("samples ingest a FIFO")
            << QStringList{QStringLiteral("samples"), QStringLiteral("ingest"), QStringLiteral("FIFO")} + w;
    }

    void inputFilesMustBeRegularAndBounded()
    {
        QFETCH(QStringList, args);
        const QString fifo = m_tmp.filePath(QStringLiteral("input.fifo"));
        if (!QFile::exists(fifo))
            QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
        args.replaceInStrings(QStringLiteral("FIFO"), fifo);
        const CliResult r = runCli(args, 120000);
        QVERIFY2(r.exitCode > 0, r.err.constData());
        const QString message = r.error().value(QStringLiteral("message")).toString();
        QVERIFY2(message.contains(QStringLiteral("a device")) || message.contains(QStringLiteral("a pipe")),
            r.err.constData());
    }

    void analyzeErrorsQuoteLittleOfTheInput()
    {
        const QString file = m_tmp.filePath(QStringLiteral("long-line.csv"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("epoch,train_loss\n1," + QByteArray(4 * 1024 * 1024, '9') + "x\n");
        f.close();
        const CliResult r = runCli({QStringLiteral("analyze"), QStringLiteral("--metrics"), file});
        QVERIFY2(r.exitCode > 0, r.out.left(500).constData());
        QVERIFY2(r.err.size() < 4000, r.err.left(4000).constData());
    }

    void memoryFilesCarryNoControlCharacters()
    {
        lk::rules::MemoryEntry e;
        e.rule.ruleId = QStringLiteral("rule-nul");
        e.rule.targetAgent = QStringLiteral("planner");
        e.rule.priority = QStringLiteral("high");
        e.rule.triggerCondition = QStringLiteral("when\u0000 the \u001b[31mdata\u0007 says so");
        e.rule.instruction = QStringLiteral("Do\u0000 this.\nThen that.");
        e.rule.rationale = QStringLiteral("Because\u0000.");
        e.status = QStringLiteral("approved");
        const QByteArray file = lk::rules::renderRuleFile(e);
        const QByteArray index = lk::rules::renderIndex(QStringLiteral("planner"), {e});
        for (const QByteArray &text : {file, index}) {
            QVERIFY2(!text.contains('\0'), text.constData());
            QVERIFY2(!text.contains('\x1b') && !text.contains('\x07'), text.constData());
        }
        QVERIFY(file.contains("Do this.\nThen that."));
    }

private:
    QTemporaryDir m_tmp;
    QString m_ws;
    std::unique_ptr<Server> m_server;
};

QTEST_GUILESS_MAIN(TestHardening)
#include "tst_hardening.moc"
