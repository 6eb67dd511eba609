// loopkeeper-node as an operator runs it: a real process serving a model trained by the real
// CLI on Fashion-MNIST, driven with curl — predictions (raw bytes and JSON), escalation and the
// kept input, metrics, observations, model installs (token, sha256, TorchScript check),
// rollback, retried teacher calls, and a clean stop on SIGTERM or SIGINT.
#include "common/ProcessSupport.h"
#include "common/RawHttp.h"
#include "core/common/Limits.h"

#include "core/common/Error.h"
#include "core/node/NodeService.h"
#include "core/training/ImageDataset.h"

#include <QDeadlineTimer>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>
#include <memory>

namespace {

const QString kToken = QStringLiteral("node-test-token-0123456789");

using lk::test::bearer;
using lk::test::CliResult;
using lk::test::curl;
using lk::test::HttpResult;
using lk::test::runCli;
using lk::test::startListening;
using lk::test::startNode;
using Node = lk::test::ListeningProcess;

QString sha256Of(const QString &path)
{
    return QString::fromLatin1(lk::test::fileSha256(path));
}

/// A teacher that fails its first `failures` requests with 503, then answers class 3: the
/// flaky peer a node must retry. Lives in the test's thread; answers while the test waits
/// in QTRY_* or QTest::qWait.
class FlakyTeacher : public QObject
{
public:
    explicit FlakyTeacher(int failures)
        : m_failures(failures)
    {
        m_server.listen(QHostAddress::LocalHost, 0);
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                connect(socket, &QTcpSocket::readyRead, socket, [this, socket] { answer(socket); });
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
    }
    QString url() const { return QStringLiteral("http://127.0.0.1:%1").arg(m_server.serverPort()); }
    int requests() const { return m_requests; }

private:
    void answer(QTcpSocket *socket)
    {
        QByteArray &buffer = m_buffers[socket];
        buffer += socket->readAll();
        const qsizetype end = buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        const qsizetype at = buffer.toLower().indexOf("content-length:");
        const qsizetype length =
            at < 0 ? 0 : buffer.mid(at + 15, buffer.indexOf("\r\n", at) - at - 15).trimmed().toLongLong();
        if (buffer.size() < end + 4 + length)
            return;
        buffer.clear();
        const QByteArray body = "{\"class\":3,\"confidence\":0.9,\"model_version\":\"flaky@1\"}";
        QByteArray reply =
            "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        if (m_requests++ >= m_failures) {
            reply =
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: ";
            reply += QByteArray::number(body.size()) + "\r\n\r\n" + body;
        }
        socket->write(reply);
        socket->disconnectFromHost();
    }

    QTcpServer m_server;
    QHash<QTcpSocket *, QByteArray> m_buffers;
    int m_failures;
    int m_requests = 0;
};

} // namespace

class TestNode : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        QVERIFY2(QFileInfo(lk::test::binary(QStringLiteral("loopkeeper-node"))).isExecutable(),
            "build loopkeeper-node first");
        // Two real models, trained on different slices so that their files differ.
        for (const QString &limit : {QStringLiteral("2000"), QStringLiteral("1000")}) {
            const CliResult train = runCli({QStringLiteral("train"), QStringLiteral("--epochs"),
                QStringLiteral("1"), QStringLiteral("--limit"), limit, QStringLiteral("--test-limit"),
                QStringLiteral("500"), QStringLiteral("-w"), m_tmp.filePath(QStringLiteral("ws") + limit)});
            QVERIFY2(train.exitCode == 0, train.err.constData());
            const QString artifact = train.lastLine().value(QStringLiteral("artifact")).toString();
            QVERIFY2(QFileInfo::exists(artifact), train.out.constData());
            m_artifacts.append(artifact);
        }
        QVERIFY(sha256Of(m_artifacts[0]) != sha256Of(m_artifacts[1]));

        m_images =
            lk::training::loadIdxDataset(lk::training::defaultFashionMnistDir(), lk::training::Split::Test);
        QVERIFY(m_images.count() >= 100);

        m_dir = m_tmp.filePath(QStringLiteral("node"));
        m_node = startNode({QStringLiteral("--model"), m_artifacts[0], QStringLiteral("--model-version"),
            QStringLiteral("fashion-mnist@1"), QStringLiteral("--dir"), m_dir, QStringLiteral("--token"),
            kToken});
        QVERIFY2(m_node->url().startsWith(QStringLiteral("http://127.0.0.1:")), m_node->out.constData());
        QCOMPARE(m_node->listening.value(QStringLiteral("model_version")).toString(),
            QStringLiteral("fashion-mnist@1"));
    }

    void healthSaysOk()
    {
        const HttpResult r = curl(m_node->url() + QStringLiteral("/v1/health"));
        QVERIFY2(r.status == 200, r.describe().constData());
        QCOMPARE(r.json().value(QStringLiteral("status")).toString(), QStringLiteral("ok"));
        QCOMPARE(r.json().value(QStringLiteral("role")).toString(), QStringLiteral("edge"));
    }

    void predictsRawBytesAndEscalatesBelowTheThreshold()
    {
        int escalated = 0;
        int correct = 0;
        const int n = 60;
        for (int i = 0; i < n; ++i) {
            const QByteArray image = imageBytes(i);
            const QString file = m_tmp.filePath(QStringLiteral("image-%1.u8").arg(i));
            QVERIFY(lk::test::writeFile(file, image));
            const HttpResult r = curl(m_node->url() + QStringLiteral("/v1/predict"),
                {QStringLiteral("-H"), QStringLiteral("Content-Type: application/octet-stream"),
                    QStringLiteral("--data-binary"), QLatin1Char('@') + file});
            QVERIFY2(r.status == 200, r.describe().constData());
            const QJsonObject a = r.json();
            const int cls = a.value(QStringLiteral("class")).toInt(-1);
            const double confidence = a.value(QStringLiteral("confidence")).toDouble(-1);
            QVERIFY(cls >= 0 && cls < 10);
            QVERIFY(confidence > 0 && confidence <= 1);
            QCOMPARE(a.value(QStringLiteral("model_version")).toString(), QStringLiteral("fashion-mnist@1"));
            const bool isEscalated = a.value(QStringLiteral("escalated")).toBool();
            QCOMPARE(isEscalated, confidence < 0.7);
            correct += cls == m_images.labels[std::size_t(i)];
            ++m_predictions;
            if (!isEscalated) {
                QVERIFY(!a.contains(QStringLiteral("sample_id")));
                continue;
            }
            ++escalated;
            // The kept input is served back byte for byte, as a training node will pull it.
            const QString id = a.value(QStringLiteral("sample_id")).toString();
            QVERIFY(!id.isEmpty());
            const HttpResult sample = curl(m_node->url() + QStringLiteral("/v1/samples/") + id);
            QVERIFY2(sample.status == 200, sample.describe().constData());
            QCOMPARE(sample.contentType(), QByteArray("application/octet-stream"));
            QCOMPARE(sample.body, image);
            m_keptSample = {id, image};
        }
        m_escalations = escalated;
        // The inputs are appended to a segment file in the node's folder.
        QVERIFY(!QDir(m_dir + QStringLiteral("/samples"))
                     .entryList({QStringLiteral("escalated-*.u8s")})
                     .isEmpty());
        // A one-epoch model is right most of the time and unsure some of the time.
        QVERIFY2(correct > n / 2, qPrintable(QStringLiteral("%1 of %2 right").arg(correct).arg(n)));
        QVERIFY2(escalated > 0, "no prediction fell below 0.7; the escalation path went untested");
    }

    void predictsJson()
    {
        const QByteArray body = QJsonDocument(
            QJsonObject{{QStringLiteral("pixels"), QString::fromLatin1(imageBytes(0).toBase64())}})
                                    .toJson(QJsonDocument::Compact);
        const HttpResult json = curl(m_node->url() + QStringLiteral("/v1/predict"),
            {QStringLiteral("-H"), QStringLiteral("Content-Type: application/json"),
                QStringLiteral("--data-binary"), QString::fromLatin1(body)});
        QVERIFY2(json.status == 200, json.describe().constData());
        ++m_predictions;
        m_escalations += json.json().value(QStringLiteral("escalated")).toBool() ? 1 : 0;
        QVERIFY(json.json().contains(QStringLiteral("class")));

        const HttpResult wrongSize = curl(m_node->url() + QStringLiteral("/v1/predict"),
            {QStringLiteral("-H"), QStringLiteral("Content-Type: application/octet-stream"),
                QStringLiteral("--data-binary"), QStringLiteral("short")});
        QCOMPARE(wrongSize.status, 400);
        QVERIFY(wrongSize.json()
                    .value(QStringLiteral("error"))
                    .toObject()
                    .value(QStringLiteral("message"))
                    .toString()
                    .contains(QStringLiteral("784")));
    }

    void metricsCountWhatHappened()
    {
        const HttpResult r = curl(m_node->url() + QStringLiteral("/v1/metrics"));
        QVERIFY2(r.status == 200, r.describe().constData());
        const QJsonObject m = r.json();
        QCOMPARE(m.value(QStringLiteral("predictions")).toInteger(), m_predictions);
        QCOMPARE(m.value(QStringLiteral("escalations")).toInteger(), m_escalations);
        QCOMPARE(m.value(QStringLiteral("errors")).toInteger(), qint64(1)); // the short image
        QCOMPARE(m.value(QStringLiteral("model_version")).toString(), QStringLiteral("fashion-mnist@1"));
        QVERIFY(!m.value(QStringLiteral("since")).toString().isEmpty());
        qint64 histogram = 0;
        for (const QJsonValue &bucket : m.value(QStringLiteral("latency_ms")).toArray())
            histogram += bucket.toObject().value(QStringLiteral("count")).toInteger();
        QCOMPARE(histogram, m_predictions);
        qint64 perClass = 0;
        const QJsonObject classes = m.value(QStringLiteral("per_class")).toObject();
        for (auto it = classes.begin(); it != classes.end(); ++it)
            perClass += it.value().toInteger();
        QCOMPARE(perClass, m_predictions);
    }

    void observationsListThePredictions()
    {
        const QString url = m_node->url() + QStringLiteral("/v1/observations");
        const HttpResult all = curl(url);
        QVERIFY2(all.status == 200, all.describe().constData());
        const QJsonObject o = all.json();
        const QJsonArray rows = o.value(QStringLiteral("observations")).toArray();
        QCOMPARE(rows.size(), m_predictions);
        QCOMPARE(o.value(QStringLiteral("next")).toInteger(), m_predictions);
        QCOMPARE(o.value(QStringLiteral("oldest")).toInteger(), qint64(1));
        QCOMPARE(o.value(QStringLiteral("dropped")).toInteger(), qint64(0));
        QCOMPARE(o.value(QStringLiteral("threshold")).toDouble(), 0.7);
        qint64 escalated = 0;
        for (qsizetype i = 0; i < rows.size(); ++i) {
            const QJsonArray row = rows.at(i).toArray();
            QCOMPARE(row.size(), 6);
            QCOMPARE(row.at(0).toInteger(), qint64(i + 1)); // seq from 1, in order
            const double confidence = row.at(1).toDouble();
            QVERIFY(confidence > 0 && confidence <= 1);
            QVERIFY(row.at(2).toInt(-1) >= 0 && row.at(2).toInt() < 10);
            QCOMPARE(row.at(3).toInt(), confidence < 0.7 ? 1 : 0);
            QVERIFY(row.at(4).toDouble() > 0);
            QCOMPARE(row.at(5).toString(), QStringLiteral("fashion-mnist@1"));
            escalated += row.at(3).toInt();
        }
        QCOMPARE(escalated, m_escalations);

        // A page after a seq, and a short one; `next` is where to go on from.
        const QJsonObject after = curl(url + QStringLiteral("?after=50")).json();
        QCOMPARE(after.value(QStringLiteral("observations")).toArray().size(), m_predictions - 50);
        QCOMPARE(after.value(QStringLiteral("observations")).toArray().first().toArray().at(0).toInteger(),
            qint64(51));
        const QJsonObject page = curl(url + QStringLiteral("?after=10&limit=5")).json();
        QCOMPARE(page.value(QStringLiteral("observations")).toArray().size(), 5);
        QCOMPARE(page.value(QStringLiteral("next")).toInteger(), qint64(15));
        const QJsonObject none = curl(url + QStringLiteral("?after=%1").arg(m_predictions)).json();
        QCOMPARE(none.value(QStringLiteral("observations")).toArray().size(), 0);
        QCOMPARE(none.value(QStringLiteral("next")).toInteger(), m_predictions);

        for (const QString &bad : {QStringLiteral("?limit=0"), QStringLiteral("?limit=20001"),
                 QStringLiteral("?after=-1"), QStringLiteral("?after=x"), QStringLiteral("?since=3")})
            QVERIFY2(curl(url + bad).status == 400, qPrintable(bad));
        QCOMPARE(curl(url, {QStringLiteral("-X"), QStringLiteral("POST")}).status, 405);
    }

    void observationsRingDropsTheOldest()
    {
        lk::node::NodeConfig config;
        config.dir = m_tmp.filePath(QStringLiteral("ring"));
        config.observationCapacity = 5;
        lk::node::NodeService service(config);
        service.loadInitialModel(m_artifacts[0], QStringLiteral("ring@1"));
        lk::http::RestRequest predict;
        predict.method = "POST";
        predict.path = QStringLiteral("/v1/predict");
        predict.contentType = "application/octet-stream";
        for (int i = 0; i < 8; ++i) {
            predict.body = imageBytes(i);
            QCOMPARE(service.handle(predict).status, 200);
        }
        auto list = [&service](const QList<QPair<QString, QString>> &query) {
            lk::http::RestRequest r;
            r.method = "GET";
            r.path = QStringLiteral("/v1/observations");
            r.query = query;
            const lk::http::RestResponse answer = service.handle(r);
            return QJsonDocument::fromJson(answer.raw.value_or(QByteArray())).object();
        };
        const QJsonObject all = list({});
        QCOMPARE(all.value(QStringLiteral("oldest")).toInteger(), qint64(4));
        QCOMPARE(all.value(QStringLiteral("dropped")).toInteger(), qint64(3)); // seq 1 to 3
        QCOMPARE(all.value(QStringLiteral("next")).toInteger(), qint64(8));
        const QJsonArray rows = all.value(QStringLiteral("observations")).toArray();
        QCOMPARE(rows.size(), 5);
        QCOMPARE(rows.first().toArray().at(0).toInteger(), qint64(4));
        QCOMPARE(rows.last().toArray().at(0).toInteger(), qint64(8));
        QCOMPARE(list({{QStringLiteral("after"), QStringLiteral("2")}})
                     .value(QStringLiteral("dropped"))
                     .toInteger(),
            qint64(1));
        const QJsonObject recent = list({{QStringLiteral("after"), QStringLiteral("6")}});
        QCOMPARE(recent.value(QStringLiteral("dropped")).toInteger(), qint64(0));
        QCOMPARE(recent.value(QStringLiteral("observations")).toArray().size(), 2);
        // A cursor from before a restart is beyond the last seq: `next` says where the node is.
        const QJsonObject stale = list({{QStringLiteral("after"), QStringLiteral("100")}});
        QCOMPARE(stale.value(QStringLiteral("next")).toInteger(), qint64(8));
        QCOMPARE(stale.value(QStringLiteral("observations")).toArray().size(), 0);

        // Failed predictions are counted as errors and are no observations.
        predict.contentType = "text/plain";
        QCOMPARE(service.handle(predict).status, 415);
        predict.contentType = "application/octet-stream";
        predict.body = "short";
        QCOMPARE(service.handle(predict).status, 400);
        lk::http::RestRequest metrics;
        metrics.method = "GET";
        metrics.path = QStringLiteral("/v1/metrics");
        QCOMPARE(service.handle(metrics).body.value(QStringLiteral("errors")).toInteger(), qint64(2));
        QCOMPARE(list({}).value(QStringLiteral("next")).toInteger(), qint64(8));
    }

    void sampleStoreReopensAndSkipsATornRecord()
    {
        const QString folder = m_tmp.filePath(QStringLiteral("store"));
        QStringList ids;
        {
            lk::node::SampleStore store(folder);
            for (int i = 0; i < 3; ++i)
                ids.append(store.keep(imageBytes(i)));
        }
        // A crash mid-write leaves half a record at the end of the segment.
        const QStringList segments = QDir(folder).entryList({QStringLiteral("escalated-*.u8s")});
        QCOMPARE(segments.size(), 1);
        QFile segment(QDir(folder).filePath(segments.first()));
        QVERIFY(segment.open(QIODevice::Append));
        segment.write(QByteArray(500, 'x'));
        segment.close();
        // An older node's file per input is still served.
        QVERIFY(lk::test::writeFile(QDir(folder).filePath(QStringLiteral("legacy-1.u8")), imageBytes(7)));

        lk::node::SampleStore reopened(folder);
        QCOMPARE(reopened.count(), qint64(3));
        for (int i = 0; i < 3; ++i)
            QCOMPARE(reopened.find(ids[i]).value_or(QByteArray()), imageBytes(i));
        const QString added = reopened.keep(imageBytes(4)); // into a new segment, aligned
        QCOMPARE(reopened.find(added).value_or(QByteArray()), imageBytes(4));
        QCOMPARE(reopened.find(QStringLiteral("legacy-1")).value_or(QByteArray()), imageBytes(7));
        QVERIFY(!reopened.find(QStringLiteral("00000000-0000-0000-0000-000000000001")));
        QVERIFY(!reopened.find(QStringLiteral("../etc/passwd")));
        QVERIFY_THROWS_EXCEPTION(lk::Error, reopened.keep(QByteArray("short")));
    }

    void unknownSampleIsNotFound()
    {
        QCOMPARE(curl(m_node->url() + QStringLiteral("/v1/samples/no-such-sample")).status, 404);
        QCOMPARE(curl(m_node->url() + QStringLiteral("/v1/samples/..%2F..%2Fetc")).status, 400);
    }

    void installingAModelNeedsTheTokenAndTheRightSha()
    {
        const QString artifact = m_artifacts[1];
        const QStringList headers{QStringLiteral("-X"), QStringLiteral("PUT"), QStringLiteral("-H"),
            QStringLiteral("X-Model-Version: fashion-mnist@2"), QStringLiteral("-H"),
            QStringLiteral("Content-Type: application/octet-stream"), QStringLiteral("--data-binary"),
            QLatin1Char('@') + artifact};
        const QStringList rightSha{
            QStringLiteral("-H"), QStringLiteral("X-Model-Sha256: ") + sha256Of(artifact)};
        const QString url = m_node->url() + QStringLiteral("/v1/model");

        const HttpResult noToken = curl(url, headers + rightSha);
        QVERIFY2(noToken.status == 401, noToken.describe().constData());
        const HttpResult wrongToken =
            curl(url, headers + rightSha + bearer(QStringLiteral("x").repeated(26)));
        QCOMPARE(wrongToken.status, 401);

        const HttpResult wrongSha = curl(url,
            headers
                + QStringList{QStringLiteral("-H"),
                    QStringLiteral("X-Model-Sha256: ") + sha256Of(m_artifacts[0])}
                + bearer(kToken));
        QVERIFY2(wrongSha.status == 400, wrongSha.describe().constData());
        QCOMPARE(wrongSha.errorCode(), QStringLiteral("sha256_mismatch"));
        QCOMPARE(servingVersion(), QStringLiteral("fashion-mnist@1"));

        // Bytes that match their sha256 but are no TorchScript model are refused too.
        const QString junk = m_tmp.filePath(QStringLiteral("junk.pt"));
        QVERIFY(lk::test::writeFile(junk, QByteArray("not a model at all")));
        const HttpResult notAModel = curl(url,
            QStringList{QStringLiteral("-X"), QStringLiteral("PUT"), QStringLiteral("-H"),
                QStringLiteral("X-Model-Version: junk"), QStringLiteral("-H"),
                QStringLiteral("X-Model-Sha256: ") + sha256Of(junk), QStringLiteral("-H"),
                QStringLiteral("Content-Type: application/octet-stream"), QStringLiteral("--data-binary"),
                QLatin1Char('@') + junk}
                + bearer(kToken));
        QVERIFY2(notAModel.status == 400, notAModel.describe().constData());
        QCOMPARE(notAModel.errorCode(), QStringLiteral("not_a_model"));
        QCOMPARE(servingVersion(), QStringLiteral("fashion-mnist@1"));
        QVERIFY(predictOnce().status == 200);

        const HttpResult ok = curl(url, headers + rightSha + bearer(kToken));
        QVERIFY2(ok.status == 200, ok.describe().constData());
        QCOMPARE(servingVersion(), QStringLiteral("fashion-mnist@2"));
        const HttpResult after = predictOnce();
        QCOMPARE(after.json().value(QStringLiteral("model_version")).toString(),
            QStringLiteral("fashion-mnist@2"));
        // The installed file lives under --dir, byte for byte what was sent.
        const QString installed =
            ok.json().value(QStringLiteral("installed")).toObject().value(QStringLiteral("path")).toString();
        QVERIFY2(installed.startsWith(m_dir), qPrintable(installed));
        QCOMPARE(sha256Of(installed), sha256Of(artifact));
    }

    void rollbackSwapsBack()
    {
        const QString url = m_node->url() + QStringLiteral("/v1/model/rollback");
        QCOMPARE(curl(url, {QStringLiteral("-X"), QStringLiteral("POST")}).status, 401);
        const HttpResult r =
            curl(url, QStringList{QStringLiteral("-X"), QStringLiteral("POST")} + bearer(kToken));
        QVERIFY2(r.status == 200, r.describe().constData());
        QCOMPARE(servingVersion(), QStringLiteral("fashion-mnist@1"));
        QCOMPARE(predictOnce().json().value(QStringLiteral("model_version")).toString(),
            QStringLiteral("fashion-mnist@1"));
    }

    void aRestartServesWhatDirHad()
    {
        m_node.reset(); // stopped; the same folder, no --model
        m_node = startNode({QStringLiteral("--dir"), m_dir, QStringLiteral("--token"), kToken});
        QVERIFY2(!m_node->url().isEmpty(), m_node->out.constData());
        QCOMPARE(m_node->listening.value(QStringLiteral("restored")).toBool(), true);
        QCOMPARE(servingVersion(), QStringLiteral("fashion-mnist@1"));
        // The previous model came back too: rollback still reaches it.
        const HttpResult r = curl(m_node->url() + QStringLiteral("/v1/model/rollback"),
            QStringList{QStringLiteral("-X"), QStringLiteral("POST")} + bearer(kToken));
        QVERIFY2(r.status == 200, r.describe().constData());
        QCOMPARE(servingVersion(), QStringLiteral("fashion-mnist@2"));
        // So did the kept inputs.
        const HttpResult sample = curl(m_node->url() + QStringLiteral("/v1/samples/") + m_keptSample.first);
        QVERIFY2(sample.status == 200, sample.describe().constData());
        QCOMPARE(sample.body, m_keptSample.second);
    }

    void wrongMethodsAndRoutes()
    {
        const HttpResult get = curl(m_node->url() + QStringLiteral("/v1/predict"));
        QCOMPARE(get.status, 405);
        QCOMPARE(curl(m_node->url() + QStringLiteral("/v1/nothing")).status, 404);
    }

    void hostileRequestsAreRefusedBeforeTheBody()
    {
        const QString url = m_node->url();
        const QByteArray host = "Host: " + QUrl(url).authority().toLatin1();
        // A model announced without the token: 401 at once, nothing of the 300 MB sent.
        HttpResult r = lk::test::rawHttp(url,
            "PUT /v1/model HTTP/1.1\r\n" + host
                + "\r\nContent-Type: application/octet-stream\r\nContent-Length: 300000000\r\n\r\n");
        QVERIFY2(r.status == 401, r.describe().constData());
        // With the token, but larger than a model may be: 413 at once.
        r = lk::test::rawHttp(url,
            "PUT /v1/model HTTP/1.1\r\n" + host + "\r\nAuthorization: Bearer " + kToken.toLatin1()
                + "\r\nContent-Type: application/octet-stream\r\nContent-Length: "
                + QByteArray::number(lk::limits::kMaxModelBody + 1) + "\r\n\r\n");
        QVERIFY2(r.status == 413, r.describe().constData());
        // A predict body far larger than an image.
        r = lk::test::rawHttp(url,
            "POST /v1/predict HTTP/1.1\r\n" + host
                + "\r\nContent-Type: application/octet-stream\r\nContent-Length: 1000000\r\n\r\n");
        QVERIFY2(r.status == 413, r.describe().constData());
        // What a web page could send: text/plain without a preflight, and any foreign Origin.
        const QString image = m_tmp.filePath(QStringLiteral("image.bin"));
        QVERIFY(lk::test::writeFile(image, imageBytes(1)));
        r = curl(url + QStringLiteral("/v1/predict"),
            {QStringLiteral("-H"), QStringLiteral("Content-Type: text/plain"),
                QStringLiteral("--data-binary"), QLatin1Char('@') + image});
        QVERIFY2(r.status == 415, r.describe().constData());
        r = curl(url + QStringLiteral("/v1/predict"),
            {QStringLiteral("-H"), QStringLiteral("Content-Type: application/octet-stream"),
                QStringLiteral("-H"), QStringLiteral("Origin: http://evil.example"),
                QStringLiteral("--data-binary"), QLatin1Char('@') + image});
        QVERIFY2(r.status == 403, r.describe().constData());
        const QString before = servingVersion();
        r = curl(url + QStringLiteral("/v1/model/rollback"),
            QStringList{QStringLiteral("-X"), QStringLiteral("POST"), QStringLiteral("-H"),
                QStringLiteral("Origin: http://evil.example")}
                + bearer(kToken));
        QVERIFY2(r.status == 403, r.describe().constData());
        QCOMPARE(servingVersion(), before);
        // A version name no table should show.
        r = curl(url + QStringLiteral("/v1/model"),
            QStringList{QStringLiteral("-X"), QStringLiteral("PUT"), QStringLiteral("-H"),
                QStringLiteral("X-Model-Version: ")
                    + QString(lk::limits::kMaxNameLength + 1, QLatin1Char('v')),
                QStringLiteral("-H"), QStringLiteral("X-Model-Sha256: ") + sha256Of(m_artifacts[0]),
                QStringLiteral("-H"), QStringLiteral("Content-Type: application/octet-stream"),
                QStringLiteral("--data-binary"), QLatin1Char('@') + m_artifacts[0]}
                + bearer(kToken));
        QVERIFY2(r.status == 400 && r.body.contains("X-Model-Version"), r.describe().constData());
        QCOMPARE(servingVersion(), before);
        QCOMPARE(predictOnce().status, 200);
    }

    void blankTokensAreRefused()
    {
        QProcess p;
        p.start(lk::test::binary(QStringLiteral("loopkeeper-node")),
            {QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--dir"),
                m_tmp.filePath(QStringLiteral("blank")), QStringLiteral("--model"), m_artifacts[0],
                QStringLiteral("--token"), QString(16, QLatin1Char(' '))});
        QVERIFY(p.waitForFinished(60000));
        QVERIFY(p.exitCode() != 0);
        QVERIFY(p.readAllStandardError().contains("blank"));
    }

    void refusesToStartWithoutAModel()
    {
        QProcess p;
        p.start(lk::test::binary(QStringLiteral("loopkeeper-node")),
            {QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--dir"),
                m_tmp.filePath(QStringLiteral("x"))});
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 2);
        QVERIFY(p.readAllStandardError().contains("--model"));
    }

    void escalationsReachTheTeacherAndTheConsole()
    {
        // The fleet in small: a teacher node, the console (loopkeeper-cli serve) and an edge
        // node that escalates every prediction it is not certain of.
        auto teacher = startNode({QStringLiteral("--model"), m_artifacts[1],
            QStringLiteral("--model-version"), QStringLiteral("teacher@1"), QStringLiteral("--role"),
            QStringLiteral("teacher"), QStringLiteral("--dir"), m_tmp.filePath(QStringLiteral("teacher"))});
        QVERIFY2(!teacher->url().isEmpty(), teacher->out.constData());
        auto console = startListening(QStringLiteral("loopkeeper-cli"),
            {QStringLiteral("serve"), QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("-w"),
                m_tmp.filePath(QStringLiteral("ws2000"))});
        QVERIFY2(!console->url().isEmpty(), console->out.constData());
        auto edge = startNode({QStringLiteral("--model"), m_artifacts[0], QStringLiteral("--model-version"),
            QStringLiteral("edge@1"), QStringLiteral("--dir"), m_tmp.filePath(QStringLiteral("edge")),
            QStringLiteral("--threshold"), QStringLiteral("1"), QStringLiteral("--teacher"), teacher->url(),
            QStringLiteral("--console"), console->url(), QStringLiteral("--node-id"),
            QStringLiteral("edge-a")});
        QVERIFY2(!edge->url().isEmpty(), edge->out.constData());

        qint64 escalated = 0;
        QList<QPair<int, int>> escalatedImages; // image, the edge's class
        for (int i = 0; i < 5; ++i) {
            const QString file = m_tmp.filePath(QStringLiteral("image-%1.u8").arg(i));
            const HttpResult r = curl(edge->url() + QStringLiteral("/v1/predict"),
                {QStringLiteral("-H"), QStringLiteral("Content-Type: application/octet-stream"),
                    QStringLiteral("--data-binary"), QLatin1Char('@') + file});
            QVERIFY2(r.status == 200, r.describe().constData());
            if (r.json().value(QStringLiteral("escalated")).toBool()) {
                ++escalated;
                escalatedImages.append({i, r.json().value(QStringLiteral("class")).toInt()});
            }
        }
        QVERIFY(escalated > 0);

        // The answers came back at once; the escalations finish on the node's worker.
        QJsonObject counters;
        for (QDeadlineTimer deadline(60000); !deadline.hasExpired(); QTest::qWait(100)) {
            counters = curl(edge->url() + QStringLiteral("/v1/metrics"))
                           .json()
                           .value(QStringLiteral("escalation"))
                           .toObject();
            if (counters.value(QStringLiteral("pending")).toInt() == 0
                && counters.value(QStringLiteral("console_posted")).toInteger()
                        + counters.value(QStringLiteral("console_failures")).toInteger()
                        + counters.value(QStringLiteral("teacher_failures")).toInteger()
                    == escalated)
                break;
        }
        const QByteArray shown = QJsonDocument(counters).toJson(QJsonDocument::Compact);
        QVERIFY2(
            counters.value(QStringLiteral("teacher_answers")).toInteger() == escalated, shown.constData());
        QVERIFY2(
            counters.value(QStringLiteral("console_posted")).toInteger() == escalated, shown.constData());

        // The teacher answered each one and never escalated itself.
        const QJsonObject teacherMetrics = curl(teacher->url() + QStringLiteral("/v1/metrics")).json();
        QCOMPARE(teacherMetrics.value(QStringLiteral("predictions")).toInteger(), escalated);
        QCOMPARE(teacherMetrics.value(QStringLiteral("escalations")).toInteger(), qint64(0));
        // The console stored every sample: its ingest validates the wire format.
        const HttpResult stats = curl(console->url() + QStringLiteral("/api/samples/stats"));
        QVERIFY2(stats.status == 200, stats.describe().constData());
        QCOMPARE(stats.json().value(QStringLiteral("total")).toInteger(), escalated);

        // Agreement per model version: ask the teacher ourselves what it said for each image.
        qint64 agreed = 0;
        for (const auto &[image, edgeClass] : escalatedImages) {
            const HttpResult t = curl(teacher->url() + QStringLiteral("/v1/predict"),
                {QStringLiteral("-H"), QStringLiteral("Content-Type: application/octet-stream"),
                    QStringLiteral("--data-binary"),
                    QLatin1Char('@') + m_tmp.filePath(QStringLiteral("image-%1.u8").arg(image))});
            agreed += t.json().value(QStringLiteral("class")).toInt(-1) == edgeClass ? 1 : 0;
        }
        const QJsonObject byModel = counters.value(QStringLiteral("by_model")).toObject();
        QCOMPARE(byModel.keys(), QStringList{QStringLiteral("edge@1")});
        const QJsonObject edge1 = byModel.value(QStringLiteral("edge@1")).toObject();
        QCOMPARE(edge1.value(QStringLiteral("teacher_answers")).toInteger(), escalated);
        QCOMPARE(edge1.value(QStringLiteral("teacher_agreed")).toInteger(), agreed);
    }

    void aFlakyTeacherIsRetried_data()
    {
        QTest::addColumn<int>("retries");
        QTest::addColumn<int>("requests");
        QTest::addColumn<int>("answers");
        QTest::addColumn<int>("failures");
        // The teacher fails twice, then answers.
        QTest::newRow("two retries reach it") << 2 << 3 << 1 << 0;
        QTest::newRow("one retry is not enough") << 1 << 2 << 0 << 1;
        QTest::newRow("no retries") << 0 << 1 << 0 << 1;
    }

    void aFlakyTeacherIsRetried()
    {
        QFETCH(int, retries);
        QFETCH(int, requests);
        QFETCH(int, answers);
        QFETCH(int, failures);
        FlakyTeacher teacher(2);
        auto edge = startNode({QStringLiteral("--model"), m_artifacts[0], QStringLiteral("--model-version"),
            QStringLiteral("edge@1"), QStringLiteral("--dir"),
            m_tmp.filePath(QStringLiteral("flaky-%1").arg(retries)), QStringLiteral("--threshold"),
            QStringLiteral("1.0"), QStringLiteral("--teacher"), teacher.url(), QStringLiteral("--retries"),
            QString::number(retries)});
        QVERIFY2(!edge->url().isEmpty(), edge->out.constData());
        const HttpResult r = predictOn(edge->url(), 0);
        QVERIFY2(r.json().value(QStringLiteral("escalated")).toBool(), r.describe().constData());
        auto counters = [&edge] {
            return curl(edge->url() + QStringLiteral("/v1/metrics"))
                .json()
                .value(QStringLiteral("escalation"))
                .toObject();
        };
        // The fake teacher answers only while this thread waits in the event loop.
        QTRY_VERIFY_WITH_TIMEOUT(
            teacher.requests() == requests && counters().value(QStringLiteral("pending")).toInt() == 0,
            30000);
        const QJsonObject c = counters();
        const QByteArray shown = QJsonDocument(c).toJson(QJsonDocument::Compact);
        QVERIFY2(c.value(QStringLiteral("teacher_answers")).toInt() == answers, shown.constData());
        QVERIFY2(c.value(QStringLiteral("teacher_failures")).toInt() == failures, shown.constData());
        QVERIFY2(c.value(QStringLiteral("retries")).toInt() == requests - 1, shown.constData());
        // Nothing is pending any more, so the escalation is over: no further request can come.
        QCOMPARE(teacher.requests(), requests);
        if (answers > 0) {
            const QJsonObject mine =
                c.value(QStringLiteral("by_model")).toObject().value(QStringLiteral("edge@1")).toObject();
            QCOMPARE(mine.value(QStringLiteral("teacher_answers")).toInt(), 1);
            QCOMPARE(mine.value(QStringLiteral("teacher_agreed")).toInt(),
                r.json().value(QStringLiteral("class")).toInt() == 3 ? 1 : 0);
        }
    }

    void stopsCleanlyOnASignal_data()
    {
        QTest::addColumn<int>("signal");
        QTest::addColumn<QString>("name");
        QTest::newRow("SIGTERM") << int(SIGTERM) << QStringLiteral("SIGTERM");
        QTest::newRow("SIGINT") << int(SIGINT) << QStringLiteral("SIGINT");
    }

    void stopsCleanlyOnASignal()
    {
        QFETCH(int, signal);
        QFETCH(QString, name);
        // Escalations under way when the signal comes are finished before the node exits.
        auto teacher = startNode(
            {QStringLiteral("--model"), m_artifacts[1], QStringLiteral("--role"), QStringLiteral("teacher"),
                QStringLiteral("--dir"), m_tmp.filePath(QStringLiteral("stop-teacher-") + name)});
        QVERIFY2(!teacher->url().isEmpty(), teacher->out.constData());
        auto edge = startNode({QStringLiteral("--model"), m_artifacts[0], QStringLiteral("--dir"),
            m_tmp.filePath(QStringLiteral("stop-") + name), QStringLiteral("--threshold"),
            QStringLiteral("1.0"), QStringLiteral("--teacher"), teacher->url()});
        QVERIFY2(!edge->url().isEmpty(), edge->out.constData());
        qint64 escalated = 0;
        for (int i = 0; i < 3; ++i)
            escalated += predictOn(edge->url(), i).json().value(QStringLiteral("escalated")).toBool() ? 1 : 0;
        QVERIFY(escalated > 0);
        ::kill(pid_t(edge->process->processId()), signal);
        QVERIFY(edge->process->waitForFinished(60000));
        QCOMPARE(edge->process->exitStatus(), QProcess::NormalExit);
        QCOMPARE(edge->process->exitCode(), 0);
        const QList<QByteArray> lines =
            QByteArray(edge->out + edge->process->readAllStandardOutput()).trimmed().split('\n');
        const QJsonObject stopped = QJsonDocument::fromJson(lines.last()).object();
        QVERIFY2(stopped.value(QStringLiteral("stopped")).toBool(), lines.last().constData());
        QCOMPARE(stopped.value(QStringLiteral("signal")).toString(), name);
        QCOMPARE(stopped.value(QStringLiteral("predictions")).toInteger(), qint64(3));
        const QJsonObject c = stopped.value(QStringLiteral("escalation")).toObject();
        QCOMPARE(c.value(QStringLiteral("pending")).toInt(), 0);
        QCOMPARE(c.value(QStringLiteral("teacher_answers")).toInteger(), escalated);
    }

    void aTeacherThatIsDownIsCountedAndPredictionsGoOn()
    {
        auto edge = startNode({QStringLiteral("--model"), m_artifacts[0], QStringLiteral("--dir"),
            m_tmp.filePath(QStringLiteral("edge-alone")), QStringLiteral("--threshold"), QStringLiteral("1"),
            QStringLiteral("--teacher"), QStringLiteral("http://127.0.0.1:1"), QStringLiteral("--timeout"),
            QStringLiteral("2000")});
        QVERIFY2(!edge->url().isEmpty(), edge->out.constData());
        // Below a threshold of 1 nearly everything escalates; stop at the first that does.
        bool escalated = false;
        for (int i = 0; i < 10 && !escalated; ++i) {
            const QString file = m_tmp.filePath(QStringLiteral("image-%1.u8").arg(i));
            const HttpResult r = curl(edge->url() + QStringLiteral("/v1/predict"),
                {QStringLiteral("-H"), QStringLiteral("Content-Type: application/octet-stream"),
                    QStringLiteral("--data-binary"), QLatin1Char('@') + file});
            QVERIFY2(r.status == 200, r.describe().constData());
            escalated = r.json().value(QStringLiteral("escalated")).toBool();
        }
        QVERIFY(escalated);
        QJsonObject counters;
        for (QDeadlineTimer deadline(30000); !deadline.hasExpired(); QTest::qWait(100)) {
            counters = curl(edge->url() + QStringLiteral("/v1/metrics"))
                           .json()
                           .value(QStringLiteral("escalation"))
                           .toObject();
            if (counters.value(QStringLiteral("teacher_failures")).toInteger() == 1)
                break;
        }
        QVERIFY2(counters.value(QStringLiteral("teacher_failures")).toInteger() == 1,
            QJsonDocument(counters).toJson(QJsonDocument::Compact).constData());
        QVERIFY(!counters.value(QStringLiteral("last_error")).toString().isEmpty());
        QCOMPARE(curl(edge->url() + QStringLiteral("/v1/health")).status, 200);
    }

    void serviceAnswersWithoutSockets()
    {
        // The routes are plain request handling: the rules hold without any HTTP in between.
        lk::node::NodeConfig config;
        config.dir = m_tmp.filePath(QStringLiteral("in-process"));
        lk::node::NodeService service(config);
        service.loadInitialModel(m_artifacts[0], {});
        QVERIFY(!service.modelVersion().isEmpty());
        QVERIFY(service.modelVersion() != QLatin1String("model")); // the run's folder names it

        lk::http::RestRequest predict;
        predict.method = "POST";
        predict.path = QStringLiteral("/v1/predict");
        predict.contentType = "text/plain";
        predict.body = imageBytes(0);
        QCOMPARE(service.handle(predict).status, 415);
        predict.contentType = "application/octet-stream; charset=binary";
        const lk::http::RestResponse answer = service.handle(predict);
        QCOMPARE(answer.status, 200);
        QVERIFY(answer.body.contains(QStringLiteral("escalated")));

        // Started without a token, the node accepts no model changes at all.
        lk::http::RestRequest rollback;
        rollback.method = "POST";
        rollback.path = QStringLiteral("/v1/model/rollback");
        rollback.authorization = "Bearer anything-at-all-here";
        QCOMPARE(service.handle(rollback).status, 403);

        lk::http::RestRequest sample;
        sample.method = "GET";
        sample.path = QStringLiteral("/v1/samples/../../etc/passwd");
        QCOMPARE(service.handle(sample).status, 400);

        config.role = QStringLiteral("student");
        QVERIFY_THROWS_EXCEPTION(lk::Error, lk::node::NodeService{config});
    }

    void cleanupTestCase() { m_node.reset(); }

private:
    QByteArray imageBytes(int i) const
    {
        const int size = m_images.pixelsPerImage();
        return QByteArray(reinterpret_cast<const char *>(m_images.pixels.data()) + qsizetype(i) * size, size);
    }

    HttpResult predictOn(const QString &url, int image)
    {
        const QString file = m_tmp.filePath(QStringLiteral("image-%1.u8").arg(image));
        return curl(url + QStringLiteral("/v1/predict"),
            {QStringLiteral("-H"), QStringLiteral("Content-Type: application/octet-stream"),
                QStringLiteral("--data-binary"), QLatin1Char('@') + file});
    }

    HttpResult predictOnce()
    {
        const QString file = m_tmp.filePath(QStringLiteral("image-0.u8"));
        return curl(m_node->url() + QStringLiteral("/v1/predict"),
            {QStringLiteral("-H"), QStringLiteral("Content-Type: application/octet-stream"),
                QStringLiteral("--data-binary"), QLatin1Char('@') + file});
    }

    QString servingVersion()
    {
        return curl(m_node->url() + QStringLiteral("/v1/health"))
            .json()
            .value(QStringLiteral("model_version"))
            .toString();
    }

    QTemporaryDir m_tmp;
    QStringList m_artifacts;
    lk::training::ImageSet m_images;
    QString m_dir;
    std::unique_ptr<Node> m_node;
    qint64 m_predictions = 0;
    qint64 m_escalations = 0;
    QPair<QString, QByteArray> m_keptSample; ///< id and bytes of an escalated input
};

QTEST_GUILESS_MAIN(TestNode)
#include "tst_node.moc"
