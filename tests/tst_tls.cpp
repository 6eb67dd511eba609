// TLS as an operator sets it up: a throwaway CA and a server certificate for 127.0.0.1 and
// localhost made with the openssl tool, `serve` and `loopkeeper-node` serving HTTPS with them,
// curl trusting that CA (and failing without it), the node's calls to a TLS teacher and console,
// the replayer and the console's node client verifying against the CA file, the rule that a
// non-loopback address needs TLS (or --insecure-bind, with a warning), and clear start errors
// for certificate and key files that cannot be used.
#include "common/ProcessSupport.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

namespace {

const QString kToken = QStringLiteral("tls-test-token-0123456789");

using lk::test::CliResult;
using lk::test::curl;
using lk::test::HttpResult;
using lk::test::ListeningProcess;
using lk::test::runCli;
using lk::test::startListening;
using lk::test::startNode;
using lk::test::startServer;

/// Runs `openssl ARGS` in `dir`; its stderr if it failed, else empty.
QByteArray openssl(const QString &dir, const QStringList &args)
{
    QProcess p;
    p.setWorkingDirectory(dir);
    p.start(QStringLiteral("openssl"), args);
    if (!p.waitForFinished(60000)) {
        p.kill();
        p.waitForFinished();
        return "openssl timed out: " + args.join(QLatin1Char(' ')).toUtf8();
    }
    if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
        return "openssl " + args.join(QLatin1Char(' ')).toUtf8() + ": " + p.readAllStandardError();
    return {};
}

/// Stops a server and gives what it wrote on stderr.
QByteArray stopAndReadStderr(ListeningProcess &server)
{
    server.process->terminate();
    if (!server.process->waitForFinished(30000)) {
        server.process->kill();
        server.process->waitForFinished();
    }
    return server.process->readAllStandardError();
}

QString errorMessage(const QByteArray &stderrBytes)
{
    // The error is the last line of stderr ({"error": {...}}); log lines may come before it.
    const QList<QByteArray> lines = stderrBytes.trimmed().split('\n');
    return QJsonDocument::fromJson(lines.last())
        .object()
        .value(QStringLiteral("error"))
        .toObject()
        .value(QStringLiteral("message"))
        .toString();
}

} // namespace

class TestTls : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        QVERIFY2(!QStandardPaths::findExecutable(QStringLiteral("openssl")).isEmpty(),
            "the openssl tool is needed (Debian package openssl)");
        QVERIFY2(!QStandardPaths::findExecutable(QStringLiteral("curl")).isEmpty(), "curl is needed");
        const QString d = m_tmp.path();
        QFile ext(m_tmp.filePath(QStringLiteral("server.ext")));
        QVERIFY(ext.open(QIODevice::WriteOnly));
        ext.write("subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n"
                  "keyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n");
        ext.close();
        const QStringList ec{QStringLiteral("-newkey"), QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
            QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes")};
        // The CA, the server's key and request, the certificate the CA signs, and a key of no one.
        QByteArray e = openssl(d,
            QStringList{QStringLiteral("req"), QStringLiteral("-x509")} + ec
                + QStringList{QStringLiteral("-keyout"), QStringLiteral("ca.key"), QStringLiteral("-out"),
                    QStringLiteral("ca.pem"), QStringLiteral("-days"), QStringLiteral("2"),
                    QStringLiteral("-subj"), QStringLiteral("/CN=Loopkeeper test CA"),
                    QStringLiteral("-addext"), QStringLiteral("basicConstraints=critical,CA:TRUE"),
                    QStringLiteral("-addext"), QStringLiteral("keyUsage=critical,keyCertSign,cRLSign")});
        QVERIFY2(e.isEmpty(), e.constData());
        e = openssl(d,
            QStringList{QStringLiteral("req")} + ec
                + QStringList{QStringLiteral("-keyout"), QStringLiteral("server.key"), QStringLiteral("-out"),
                    QStringLiteral("server.csr"), QStringLiteral("-subj"), QStringLiteral("/CN=127.0.0.1")});
        QVERIFY2(e.isEmpty(), e.constData());
        e = openssl(d,
            {QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"),
                QStringLiteral("server.csr"), QStringLiteral("-CA"), QStringLiteral("ca.pem"),
                QStringLiteral("-CAkey"), QStringLiteral("ca.key"), QStringLiteral("-set_serial"),
                QStringLiteral("2"), QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-extfile"),
                QStringLiteral("server.ext"), QStringLiteral("-out"), QStringLiteral("server.pem")});
        QVERIFY2(e.isEmpty(), e.constData());
        e = openssl(d,
            {QStringLiteral("genpkey"), QStringLiteral("-algorithm"), QStringLiteral("EC"),
                QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:prime256v1"),
                QStringLiteral("-out"), QStringLiteral("other.key")});
        QVERIFY2(e.isEmpty(), e.constData());
        m_ca = m_tmp.filePath(QStringLiteral("ca.pem"));
        m_cert = m_tmp.filePath(QStringLiteral("server.pem"));
        m_key = m_tmp.filePath(QStringLiteral("server.key"));
        m_otherKey = m_tmp.filePath(QStringLiteral("other.key"));

        m_ws = m_tmp.filePath(QStringLiteral("ws"));
        const CliResult init =
            runCli({QStringLiteral("workspace"), QStringLiteral("init"), QStringLiteral("-w"), m_ws});
        QVERIFY2(init.exitCode == 0, init.err.constData());
        // One small real model for the nodes.
        const CliResult train =
            runCli({QStringLiteral("train"), QStringLiteral("--epochs"), QStringLiteral("1"),
                QStringLiteral("--limit"), QStringLiteral("1000"), QStringLiteral("--test-limit"),
                QStringLiteral("200"), QStringLiteral("-w"), m_tmp.filePath(QStringLiteral("train"))});
        QVERIFY2(train.exitCode == 0, train.err.constData());
        m_artifact = train.lastLine().value(QStringLiteral("artifact")).toString();
        QVERIFY2(QFileInfo::exists(m_artifact), train.out.constData());
        // An input for predictions: any 784 bytes make a 28x28 image.
        QByteArray pixels(784, '\0');
        for (char &c : pixels)
            c = char(QRandomGenerator::global()->bounded(256));
        m_image = m_tmp.filePath(QStringLiteral("image.u8"));
        QFile image(m_image);
        QVERIFY(image.open(QIODevice::WriteOnly));
        image.write(pixels);
    }

    void serveAnswersHttpsToClientsThatTrustTheCa()
    {
        const auto server = startServer({QStringLiteral("-w"), m_ws, QStringLiteral("--tls-cert"), m_cert,
            QStringLiteral("--tls-key"), m_key});
        QVERIFY2(server->url().startsWith(QStringLiteral("https://127.0.0.1:")), server->out.constData());
        QCOMPARE(server->listening.value(QStringLiteral("tls")).toBool(), true);
        const QString health = server->url() + QStringLiteral("/api/health");

        const HttpResult trusted = curl(health, {QStringLiteral("--cacert"), m_ca});
        QVERIFY2(trusted.status == 200, trusted.describe().constData());
        // By name too: the certificate names localhost.
        const HttpResult byName =
            curl(QString(health).replace(QStringLiteral("127.0.0.1"), QStringLiteral("localhost")),
                {QStringLiteral("--cacert"), m_ca});
        QVERIFY2(byName.status == 200, byName.describe().constData());

        // Without the CA, curl cannot verify the server and sends nothing.
        const HttpResult untrusted = curl(health);
        QCOMPARE(untrusted.status, 0);
        QVERIFY2(untrusted.curlError.contains("certificate"), untrusted.curlError.constData());

        // Plain HTTP to the TLS port gets no HTTP answer.
        const HttpResult plain =
            curl(QString(health).replace(QStringLiteral("https://"), QStringLiteral("http://")));
        QCOMPARE(plain.status, 0);
        QVERIFY(!plain.curlError.isEmpty());

        // The request gate works on the decrypted bytes: a page's text/plain POST is refused
        // from its head, as over plain HTTP.
        const HttpResult crossSite = curl(server->url() + QStringLiteral("/api/samples"),
            {QStringLiteral("--cacert"), m_ca, QStringLiteral("-H"),
                QStringLiteral("Content-Type: text/plain"), QStringLiteral("--data-binary"),
                QStringLiteral("{}")});
        QVERIFY2(crossSite.status == 415, crossSite.describe().constData());

        // None of that hurt the server.
        QCOMPARE(curl(health, {QStringLiteral("--cacert"), m_ca}).status, 200);
    }

    void nodesConsoleAndReplayerVerifyAgainstTheCaFile()
    {
        // The fleet in small, all over TLS: a teacher node, the console and an edge node that
        // escalates every prediction, calling both with the CA file.
        const QStringList tls{QStringLiteral("--tls-cert"), m_cert, QStringLiteral("--tls-key"), m_key};
        auto teacher =
            startNode(QStringList{QStringLiteral("--model"), m_artifact, QStringLiteral("--model-version"),
                          QStringLiteral("teacher@1"), QStringLiteral("--role"), QStringLiteral("teacher"),
                          QStringLiteral("--dir"), m_tmp.filePath(QStringLiteral("teacher"))}
                + tls);
        QVERIFY2(teacher->url().startsWith(QStringLiteral("https://")), teacher->out.constData());
        const QString consoleWs = m_tmp.filePath(QStringLiteral("console"));
        QCOMPARE(
            runCli({QStringLiteral("workspace"), QStringLiteral("init"), QStringLiteral("-w"), consoleWs})
                .exitCode,
            0);
        auto console = startServer(QStringList{QStringLiteral("-w"), consoleWs} + tls);
        QVERIFY2(console->url().startsWith(QStringLiteral("https://")), console->out.constData());
        auto edge = startNode(
            QStringList{QStringLiteral("--model"), m_artifact, QStringLiteral("--model-version"),
                QStringLiteral("edge@1"), QStringLiteral("--dir"), m_tmp.filePath(QStringLiteral("edge")),
                QStringLiteral("--threshold"), QStringLiteral("1"), QStringLiteral("--teacher"),
                teacher->url(), QStringLiteral("--console"), console->url(), QStringLiteral("--ca-file"),
                m_ca, QStringLiteral("--node-id"), QStringLiteral("edge-tls")}
            + tls);
        QVERIFY2(edge->url().startsWith(QStringLiteral("https://")), edge->out.constData());

        const qint64 escalated = predictAndWait(*edge, 3);
        QVERIFY(escalated > 0);
        const QJsonObject counters = escalation(*edge);
        const QByteArray shown = QJsonDocument(counters).toJson(QJsonDocument::Compact);
        QVERIFY2(
            counters.value(QStringLiteral("teacher_answers")).toInteger() == escalated, shown.constData());
        QVERIFY2(
            counters.value(QStringLiteral("console_posted")).toInteger() == escalated, shown.constData());
        const HttpResult stats =
            curl(console->url() + QStringLiteral("/api/samples/stats"), {QStringLiteral("--cacert"), m_ca});
        QVERIFY2(stats.status == 200, stats.describe().constData());
        QCOMPARE(stats.json().value(QStringLiteral("total")).toInteger(), escalated);

        // A node without the CA file cannot verify the teacher: nothing is sent, and it says why.
        auto stranger = startNode(QStringList{QStringLiteral("--model"), m_artifact, QStringLiteral("--dir"),
            m_tmp.filePath(QStringLiteral("stranger")), QStringLiteral("--threshold"), QStringLiteral("1"),
            QStringLiteral("--teacher"), teacher->url(), QStringLiteral("--console"), console->url(),
            QStringLiteral("--retries"), QStringLiteral("0")});
        QVERIFY2(!stranger->url().isEmpty(), stranger->out.constData());
        const qint64 strangerEscalated = predictAndWait(*stranger, 1);
        const QJsonObject refused = escalation(*stranger);
        const QByteArray refusedShown = QJsonDocument(refused).toJson(QJsonDocument::Compact);
        QVERIFY2(refused.value(QStringLiteral("teacher_failures")).toInteger() == strangerEscalated,
            refusedShown.constData());
        QVERIFY2(refused.value(QStringLiteral("last_error"))
                     .toString()
                     .contains(QStringLiteral("certificate"), Qt::CaseInsensitive),
            refusedShown.constData());
        QCOMPARE(
            curl(console->url() + QStringLiteral("/api/samples/stats"), {QStringLiteral("--cacert"), m_ca})
                .json()
                .value(QStringLiteral("total"))
                .toInteger(),
            escalated);

        // The fleet file names the CA (relative to itself) for the console and the replayer.
        const QString fleet = writeFleet(QStringLiteral("fleet.json"), edge->url(), QStringLiteral("ca.pem"));
        const CliResult status =
            runCli({QStringLiteral("fleet"), QStringLiteral("status"), QStringLiteral("-w"), consoleWs,
                       QStringLiteral("--fleet"), fleet},
                120000);
        QVERIFY2(status.exitCode == 0, status.err.constData());
        const QJsonObject node = status.json().value(QStringLiteral("nodes")).toArray().first().toObject();
        QVERIFY2(
            node.value(QStringLiteral("status")).toString() == QStringLiteral("up"), status.out.constData());
        QCOMPARE(node.value(QStringLiteral("model_version")).toString(), QStringLiteral("edge@1"));

        const CliResult replay =
            runCli({QStringLiteral("replay"), QStringLiteral("--nodes"), fleet, QStringLiteral("--rate"),
                       QStringLiteral("0"), QStringLiteral("--count"), QStringLiteral("20"),
                       QStringLiteral("--progress"), QStringLiteral("0")},
                120000);
        QVERIFY2(replay.exitCode == 0, replay.err.constData());
        const QJsonObject summary = replay.lastLine();
        QVERIFY2(summary.value(QStringLiteral("ok")).toInteger() == 20, replay.out.constData());
        QCOMPARE(summary.value(QStringLiteral("errors")).toInteger(), qint64(0));

        // Without a CA file, both refuse the node they cannot verify; --ca-file on replay helps.
        const QString bare = writeFleet(QStringLiteral("bare.json"), edge->url(), {});
        const CliResult down = runCli({QStringLiteral("fleet"), QStringLiteral("status"),
                                          QStringLiteral("-w"), consoleWs, QStringLiteral("--fleet"), bare},
            120000);
        QVERIFY2(down.exitCode == 0, down.err.constData());
        const QJsonObject downNode = down.json().value(QStringLiteral("nodes")).toArray().first().toObject();
        QVERIFY2(downNode.value(QStringLiteral("status")).toString() != QStringLiteral("up"),
            down.out.constData());
        const CliResult refusedReplay =
            runCli({QStringLiteral("replay"), QStringLiteral("--nodes"), bare, QStringLiteral("--rate"),
                       QStringLiteral("0"), QStringLiteral("--count"), QStringLiteral("5"),
                       QStringLiteral("--progress"), QStringLiteral("0")},
                120000);
        const QJsonObject refusedSummary = refusedReplay.lastLine();
        QVERIFY2(refusedSummary.value(QStringLiteral("ok")).toInteger() == 0, refusedReplay.out.constData());
        QVERIFY2(
            refusedSummary.value(QStringLiteral("errors")).toInteger() == 5, refusedReplay.out.constData());
        const CliResult withOption =
            runCli({QStringLiteral("replay"), QStringLiteral("--nodes"), bare, QStringLiteral("--ca-file"),
                       m_ca, QStringLiteral("--rate"), QStringLiteral("0"), QStringLiteral("--count"),
                       QStringLiteral("5"), QStringLiteral("--progress"), QStringLiteral("0")},
                120000);
        QVERIFY2(withOption.exitCode == 0, withOption.err.constData());
        QVERIFY2(
            withOption.lastLine().value(QStringLiteral("ok")).toInteger() == 5, withOption.out.constData());

        // A CA file that is not there is a clear error naming it, not a failed handshake later.
        const QString missingCa =
            writeFleet(QStringLiteral("missing-ca.json"), edge->url(), QStringLiteral("nope.pem"));
        const CliResult missing =
            runCli({QStringLiteral("fleet"), QStringLiteral("status"), QStringLiteral("-w"), consoleWs,
                       QStringLiteral("--fleet"), missingCa},
                120000);
        QCOMPARE(missing.exitCode, 3);
        QVERIFY2(
            missing.error().value(QStringLiteral("message")).toString().contains(QStringLiteral("nope.pem")),
            missing.err.constData());
    }

    void aNonLoopbackAddressNeedsTls()
    {
        // serve: refused without TLS, with a message that names the ways out.
        const CliResult refused =
            runCli({QStringLiteral("serve"), QStringLiteral("-w"), m_ws, QStringLiteral("--port"),
                       QStringLiteral("0"), QStringLiteral("--bind"), QStringLiteral("0.0.0.0"),
                       QStringLiteral("--token"), kToken},
                60000);
        QCOMPARE(refused.exitCode, 2);
        QVERIFY2(refused.out.isEmpty(), refused.out.constData());
        const QString message = refused.error().value(QStringLiteral("message")).toString();
        QVERIFY2(message.contains(QStringLiteral("--tls-cert"))
                && message.contains(QStringLiteral("--insecure-bind")),
            refused.err.constData());

        // The explicit opt-out serves plain HTTP (the token still required) and says so on stderr.
        {
            auto plain =
                startServer({QStringLiteral("-w"), m_ws, QStringLiteral("--bind"), QStringLiteral("0.0.0.0"),
                    QStringLiteral("--token"), kToken, QStringLiteral("--insecure-bind")});
            QVERIFY2(plain->url().startsWith(QStringLiteral("http://")), plain->out.constData());
            QCOMPARE(curl(plain->url() + QStringLiteral("/api/health")).status, 401);
            const QByteArray err = stopAndReadStderr(*plain);
            QVERIFY2(err.contains("WARNING") && err.contains("--insecure-bind") && err.contains("0.0.0.0"),
                err.constData());
            // ... and in the workspace's log.
            QByteArray logs;
            const QDir logDir(QDir(m_ws).filePath(QStringLiteral("logs")));
            for (const QString &name : logDir.entryList(QDir::Files)) {
                QFile f(logDir.filePath(name));
                if (f.open(QIODevice::ReadOnly))
                    logs += f.readAll();
            }
            QVERIFY2(logs.contains("WARNING: --insecure-bind"), logs.right(2000).constData());
        }
        // The opt-out never waives the token.
        const CliResult noToken =
            runCli({QStringLiteral("serve"), QStringLiteral("-w"), m_ws, QStringLiteral("--port"),
                       QStringLiteral("0"), QStringLiteral("--bind"), QStringLiteral("0.0.0.0"),
                       QStringLiteral("--insecure-bind")},
                60000);
        QCOMPARE(noToken.exitCode, 2);
        QVERIFY2(
            noToken.error().value(QStringLiteral("message")).toString().contains(QStringLiteral("token")),
            noToken.err.constData());

        // With TLS and a token, all interfaces are fine, without a warning.
        {
            auto secure = startServer({QStringLiteral("-w"), m_ws, QStringLiteral("--bind"),
                QStringLiteral("0.0.0.0"), QStringLiteral("--token"), kToken, QStringLiteral("--tls-cert"),
                m_cert, QStringLiteral("--tls-key"), m_key});
            QVERIFY2(secure->url().startsWith(QStringLiteral("https://127.0.0.1:")), secure->out.constData());
            const HttpResult ok = curl(secure->url() + QStringLiteral("/api/health"),
                {QStringLiteral("--cacert"), m_ca, QStringLiteral("-H"),
                    QStringLiteral("Authorization: Bearer %1").arg(kToken)});
            QVERIFY2(ok.status == 200, ok.describe().constData());
            const QByteArray err = stopAndReadStderr(*secure);
            QVERIFY2(!err.contains("WARNING"), err.constData());
        }

        // The node: the same rule.
        QProcess node;
        node.start(lk::test::binary(QStringLiteral("loopkeeper-node")),
            {QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--model"), m_artifact,
                QStringLiteral("--dir"), m_tmp.filePath(QStringLiteral("exposed")), QStringLiteral("--bind"),
                QStringLiteral("0.0.0.0"), QStringLiteral("--token"), kToken});
        QVERIFY(node.waitForFinished(60000));
        QCOMPARE(node.exitCode(), 2);
        const QByteArray nodeErr = node.readAllStandardError();
        QVERIFY2(nodeErr.contains("--tls-cert") && nodeErr.contains("--insecure-bind"), nodeErr.constData());
        {
            auto plainNode = startNode({QStringLiteral("--model"), m_artifact, QStringLiteral("--dir"),
                m_tmp.filePath(QStringLiteral("exposed")), QStringLiteral("--bind"),
                QStringLiteral("0.0.0.0"), QStringLiteral("--token"), kToken,
                QStringLiteral("--insecure-bind")});
            QVERIFY2(plainNode->url().startsWith(QStringLiteral("http://")), plainNode->out.constData());
            QCOMPARE(curl(plainNode->url() + QStringLiteral("/v1/health")).status, 200);
            const QByteArray err = stopAndReadStderr(*plainNode);
            QVERIFY2(err.contains("WARNING") && err.contains("--insecure-bind"), err.constData());
        }
    }

    void unusableCertificatesAndKeysAreClearStartErrors_data()
    {
        QTest::addColumn<QStringList>("tls");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QStringList>("mentions");
        const QString missing = m_tmp.filePath(QStringLiteral("missing.pem"));
        QTest::newRow("key of another")
            << QStringList{QStringLiteral("--tls-cert"), m_cert, QStringLiteral("--tls-key"), m_otherKey} << 3
            << QStringList{m_cert, m_otherKey, QStringLiteral("do not work together")};
        QTest::newRow("missing certificate")
            << QStringList{QStringLiteral("--tls-cert"), missing, QStringLiteral("--tls-key"), m_key} << 3
            << QStringList{missing, QStringLiteral("does not exist")};
        QTest::newRow("key given as certificate")
            << QStringList{QStringLiteral("--tls-cert"), m_key, QStringLiteral("--tls-key"), m_key} << 3
            << QStringList{m_key, QStringLiteral("no certificate")};
        QTest::newRow("certificate given as key")
            << QStringList{QStringLiteral("--tls-cert"), m_cert, QStringLiteral("--tls-key"), m_cert} << 3
            << QStringList{m_cert, QStringLiteral("no private key")};
        QTest::newRow("certificate without key") << QStringList{QStringLiteral("--tls-cert"), m_cert} << 2
                                                 << QStringList{QStringLiteral("--tls-key")};
    }

    void unusableCertificatesAndKeysAreClearStartErrors()
    {
        QFETCH(QStringList, tls);
        QFETCH(int, exitCode);
        QFETCH(QStringList, mentions);
        const CliResult serve = runCli(QStringList{QStringLiteral("serve"), QStringLiteral("-w"), m_ws,
                                           QStringLiteral("--port"), QStringLiteral("0")}
                + tls,
            60000);
        QCOMPARE(serve.exitCode, exitCode);
        QVERIFY2(serve.out.isEmpty(), serve.out.constData()); // it never said it was listening
        const QString message = serve.error().value(QStringLiteral("message")).toString();
        for (const QString &m : mentions)
            QVERIFY2(message.contains(m), serve.err.constData());

        QProcess node;
        node.start(lk::test::binary(QStringLiteral("loopkeeper-node")),
            QStringList{QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--model"), m_artifact,
                QStringLiteral("--dir"), m_tmp.filePath(QStringLiteral("bad-tls"))}
                + tls);
        QVERIFY(node.waitForFinished(60000));
        QCOMPARE(node.exitStatus(), QProcess::NormalExit);
        QCOMPARE(node.exitCode(), exitCode);
        QVERIFY(node.readAllStandardOutput().isEmpty());
        const QString nodeMessage = errorMessage(node.readAllStandardError());
        for (const QString &m : mentions)
            QVERIFY2(nodeMessage.contains(m), qPrintable(nodeMessage));
    }

    void aMissingCaFileIsAClearNodeStartError()
    {
        const QString missing = m_tmp.filePath(QStringLiteral("no-ca.pem"));
        QProcess node;
        node.start(lk::test::binary(QStringLiteral("loopkeeper-node")),
            {QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--model"), m_artifact,
                QStringLiteral("--dir"), m_tmp.filePath(QStringLiteral("no-ca")), QStringLiteral("--ca-file"),
                missing});
        QVERIFY(node.waitForFinished(60000));
        QCOMPARE(node.exitCode(), 3);
        const QString message = errorMessage(node.readAllStandardError());
        QVERIFY2(message.contains(missing), qPrintable(message));
    }

private:
    /// Sends `count` predictions to `node` and waits until its escalations are done; how many
    /// of them escalated.
    qint64 predictAndWait(const ListeningProcess &node, int count)
    {
        qint64 escalated = 0;
        for (int i = 0; i < count; ++i) {
            const HttpResult r = curl(node.url() + QStringLiteral("/v1/predict"),
                {QStringLiteral("--cacert"), m_ca, QStringLiteral("-H"),
                    QStringLiteral("Content-Type: application/octet-stream"), QStringLiteral("--data-binary"),
                    QLatin1Char('@') + m_image});
            if (r.status != 200)
                return -1;
            escalated += r.json().value(QStringLiteral("escalated")).toBool() ? 1 : 0;
        }
        for (QDeadlineTimer deadline(60000); !deadline.hasExpired(); QTest::qWait(100)) {
            const QJsonObject c = escalation(node);
            if (c.value(QStringLiteral("pending")).toInt() == 0
                && c.value(QStringLiteral("console_posted")).toInteger()
                        + c.value(QStringLiteral("console_failures")).toInteger()
                        + c.value(QStringLiteral("teacher_failures")).toInteger()
                    == escalated)
                break;
        }
        return escalated;
    }

    QJsonObject escalation(const ListeningProcess &node)
    {
        return curl(node.url() + QStringLiteral("/v1/metrics"), {QStringLiteral("--cacert"), m_ca})
            .json()
            .value(QStringLiteral("escalation"))
            .toObject();
    }

    QString writeFleet(const QString &name, const QString &url, const QString &caFile)
    {
        QJsonObject fleet{{QStringLiteral("nodes"),
            QJsonArray{QJsonObject{
                {QStringLiteral("name"), QStringLiteral("edge-tls")}, {QStringLiteral("url"), url}}}}};
        if (!caFile.isEmpty())
            fleet.insert(QStringLiteral("ca_file"), caFile);
        const QString path = m_tmp.filePath(name);
        QFile f(path);
        if (f.open(QIODevice::WriteOnly))
            f.write(QJsonDocument(fleet).toJson());
        return path;
    }

    QTemporaryDir m_tmp;
    QString m_ca, m_cert, m_key, m_otherKey;
    QString m_ws;
    QString m_artifact;
    QString m_image;
};

QTEST_GUILESS_MAIN(TestTls)
#include "tst_tls.moc"
