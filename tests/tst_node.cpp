// loopkeeper-node as an operator runs it: a real process serving a model trained by the real
// CLI on Fashion-MNIST, driven with curl — predictions (raw bytes and JSON), escalation and the
// kept input, metrics, model installs (token, sha256, TorchScript check) and rollback.
#include "common/ProcessSupport.h"

#include "core/common/Error.h"
#include "core/node/NodeService.h"
#include "core/training/ImageDataset.h"

#include <QDeadlineTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

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
            QVERIFY(QFileInfo::exists(m_dir + QStringLiteral("/samples/") + id + QStringLiteral(".u8")));
        }
        m_escalations = escalated;
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

    void unknownSampleIsNotFound()
    {
        QCOMPARE(curl(m_node->url() + QStringLiteral("/v1/samples/no-such-sample")).status, 404);
        QCOMPARE(curl(m_node->url() + QStringLiteral("/v1/samples/..%2F..%2Fetc")).status, 400);
    }

    void installingAModelNeedsTheTokenAndTheRightSha()
    {
        const QString artifact = m_artifacts[1];
        const QStringList headers{QStringLiteral("-X"), QStringLiteral("PUT"), QStringLiteral("-H"),
            QStringLiteral("X-Model-Version: fashion-mnist@2"), QStringLiteral("--data-binary"),
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
                QStringLiteral("X-Model-Sha256: ") + sha256Of(junk), QStringLiteral("--data-binary"),
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
    }

    void wrongMethodsAndRoutes()
    {
        const HttpResult get = curl(m_node->url() + QStringLiteral("/v1/predict"));
        QCOMPARE(get.status, 405);
        QCOMPARE(curl(m_node->url() + QStringLiteral("/v1/nothing")).status, 404);
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
        for (int i = 0; i < 5; ++i) {
            const QString file = m_tmp.filePath(QStringLiteral("image-%1.u8").arg(i));
            const HttpResult r = curl(edge->url() + QStringLiteral("/v1/predict"),
                {QStringLiteral("-H"), QStringLiteral("Content-Type: application/octet-stream"),
                    QStringLiteral("--data-binary"), QLatin1Char('@') + file});
            QVERIFY2(r.status == 200, r.describe().constData());
            escalated += r.json().value(QStringLiteral("escalated")).toBool() ? 1 : 0;
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

        lk::api::RestRequest predict;
        predict.method = "POST";
        predict.path = QStringLiteral("/v1/predict");
        predict.contentType = "text/plain";
        predict.body = imageBytes(0);
        QCOMPARE(service.handle(predict).status, 415);
        predict.contentType = "application/octet-stream; charset=binary";
        const lk::api::RestResponse answer = service.handle(predict);
        QCOMPARE(answer.status, 200);
        QVERIFY(answer.body.contains(QStringLiteral("escalated")));

        // Started without a token, the node accepts no model changes at all.
        lk::api::RestRequest rollback;
        rollback.method = "POST";
        rollback.path = QStringLiteral("/v1/model/rollback");
        rollback.authorization = "Bearer anything-at-all-here";
        QCOMPARE(service.handle(rollback).status, 403);

        lk::api::RestRequest sample;
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
};

QTEST_GUILESS_MAIN(TestNode)
#include "tst_node.moc"
