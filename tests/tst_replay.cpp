// The traffic replayer: image transforms and class mixes on real pixels, the drift schedule's
// syntax and errors, our keep-alive HTTP client, and `loopkeeper-cli replay` driving two real
// loopkeeper-node processes from a fleet file — counts that agree with the nodes' own, and
// drift that the nodes feel.
#include "common/ProcessSupport.h"

#include "core/common/Error.h"
#include "core/replay/DriftSchedule.h"
#include "core/replay/HttpClient.h"
#include "core/replay/ImageTransforms.h"
#include "core/training/ImageDataset.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <memory>

using lk::replay::Image;

namespace {

using lk::test::CliResult;
using lk::test::curl;
using lk::test::runCli;
using lk::test::startNode;
using Node = lk::test::ListeningProcess;

Image blankWith(int row, int col, std::uint8_t value)
{
    Image image{};
    image[std::size_t(row * lk::replay::kImageSide + col)] = value;
    return image;
}

int sum(const Image &image)
{
    int total = 0;
    for (const std::uint8_t p : image)
        total += p;
    return total;
}

QJsonObject metricsOf(const Node &node)
{
    return curl(node.url() + QStringLiteral("/v1/metrics")).json();
}

} // namespace

class TestReplay : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        m_images =
            lk::training::loadIdxDataset(lk::training::defaultFashionMnistDir(), lk::training::Split::Test);
        QVERIFY(m_images.count() >= 1000);
    }

    void rotationMovesAPixelWhereExpected_data()
    {
        QTest::addColumn<double>("degrees");
        QTest::addColumn<int>("row");
        QTest::addColumn<int>("col");
        QTest::addColumn<int>("toRow");
        QTest::addColumn<int>("toCol");
        // Clockwise as displayed: the top-left corner goes to the top-right under 90°.
        QTest::newRow("90 top-left") << 90.0 << 0 << 0 << 0 << 27;
        QTest::newRow("90 inner") << 90.0 << 2 << 5 << 5 << 25;
        QTest::newRow("180") << 180.0 << 2 << 5 << 25 << 22;
        QTest::newRow("270") << 270.0 << 2 << 5 << 22 << 2;
        QTest::newRow("-90 is 270") << -90.0 << 2 << 5 << 22 << 2;
        QTest::newRow("0 keeps it") << 0.0 << 7 << 11 << 7 << 11;
        QTest::newRow("360 keeps it") << 360.0 << 7 << 11 << 7 << 11;
    }

    void rotationMovesAPixelWhereExpected()
    {
        QFETCH(double, degrees);
        QFETCH(int, row);
        QFETCH(int, col);
        QFETCH(int, toRow);
        QFETCH(int, toCol);
        const Image out = lk::replay::rotated(blankWith(row, col, 200), degrees);
        QCOMPARE(int(out[std::size_t(toRow * 28 + toCol)]), 200);
        QCOMPARE(sum(out), 200); // nothing else lit
    }

    void rotationInterpolatesAndLosesTheCorners()
    {
        // 45°: a corner pixel leaves the frame; a centre block keeps most of its light.
        QCOMPARE(sum(lk::replay::rotated(blankWith(0, 0, 255), 45)), 0);
        Image block{};
        for (int r = 12; r < 16; ++r)
            for (int c = 12; c < 16; ++c)
                block[std::size_t(r * 28 + c)] = 100;
        const Image out = lk::replay::rotated(block, 45);
        QVERIFY2(std::abs(sum(out) - sum(block)) < sum(block) / 5,
            qPrintable(QStringLiteral("%1 vs %2").arg(sum(out)).arg(sum(block))));
        // A real image turned four times by 90° comes back exactly.
        const Image shirt = lk::replay::imageAt(m_images, 0);
        Image turned = shirt;
        for (int i = 0; i < 4; ++i)
            turned = lk::replay::rotated(turned, 90);
        QVERIFY(turned == shirt);
        QVERIFY(lk::replay::rotated(shirt, 90) != shirt);
    }

    void brightnessScalesAndClamps()
    {
        const Image image = lk::replay::imageAt(m_images, 1);
        const Image darker = lk::replay::brightened(image, 0.5);
        const Image brighter = lk::replay::brightened(image, 3);
        for (std::size_t i = 0; i < image.size(); ++i) {
            QCOMPARE(int(darker[i]), int(std::lround(image[i] * 0.5)));
            QCOMPARE(int(brighter[i]), std::min(255, image[i] * 3));
        }
        QVERIFY(lk::replay::brightened(image, 1) == image);
        QCOMPARE(sum(lk::replay::brightened(image, 0)), 0);
    }

    void noiseHasItsSigmaAndStaysInRange()
    {
        Image grey;
        grey.fill(128);
        std::mt19937_64 rng(7);
        const Image noisy = lk::replay::withNoise(grey, 30, rng);
        double sumSquares = 0;
        for (const std::uint8_t p : noisy)
            sumSquares += (p - 128.0) * (p - 128.0);
        const double sigma = std::sqrt(sumSquares / noisy.size());
        QVERIFY2(sigma > 26 && sigma < 34, qPrintable(QString::number(sigma)));
        // Clamped, not wrapped: a white image under strong noise is never darker than the noise allows.
        Image white;
        white.fill(255);
        const Image clamped = lk::replay::withNoise(white, 100, rng);
        int atTop = 0;
        for (const std::uint8_t p : clamped)
            atTop += p == 255;
        QVERIFY2(atTop > 300, qPrintable(QString::number(atTop))); // about half, by symmetry
        // One seed, one picture; sigma 0 changes nothing.
        std::mt19937_64 a(11);
        std::mt19937_64 b(11);
        QVERIFY(lk::replay::withNoise(grey, 20, a) == lk::replay::withNoise(grey, 20, b));
        QVERIFY(lk::replay::withNoise(grey, 0, a) == grey);
    }

    void classMixDrawsItsShare()
    {
        lk::replay::ImagePicker picker(m_images, lk::replay::ImagePicker::Order::Sequential, 5);
        const int n = 10000;
        int ofFour = 0;
        for (int i = 0; i < n; ++i)
            ofFour += m_images.labels[std::size_t(picker.next(lk::replay::ClassMix{4, 0.8}))] == 4;
        const double share = double(ofFour) / n;
        QVERIFY2(std::abs(share - 0.8) < 0.02, qPrintable(QString::number(share)));
        // Without a mix the test images come in turn; a share of 0 keeps the class out.
        lk::replay::ImagePicker plain(m_images, lk::replay::ImagePicker::Order::Sequential, 5);
        for (int i = 0; i < 5; ++i)
            QCOMPARE(plain.next(), i);
        for (int i = 0; i < 500; ++i)
            QVERIFY(m_images.labels[std::size_t(plain.next(lk::replay::ClassMix{4, 0.0}))] != 4);
        // Random order: the seed fixes the stream.
        lk::replay::ImagePicker r1(m_images, lk::replay::ImagePicker::Order::Random, 9);
        lk::replay::ImagePicker r2(m_images, lk::replay::ImagePicker::Order::Random, 9);
        for (int i = 0; i < 100; ++i)
            QCOMPARE(r1.next(lk::replay::ClassMix{2, 0.5}), r2.next(lk::replay::ClassMix{2, 0.5}));
    }

    void scheduleParses()
    {
        const auto s = lk::replay::DriftSchedule::parse(QStringLiteral(
            "rotation:30@1m+2m, brightness:0.5@30s,noise:40@0+10s,classmix:4=0.8@2m,classmix:Bag=0.5@90"));
        QCOMPARE(int(s.episodes().size()), 5);
        const auto &e = s.episodes();
        QCOMPARE(e[0].kind, lk::replay::DriftKind::Rotation);
        QCOMPARE(e[0].amount, 30.0);
        QCOMPARE(e[0].startS, 60.0);
        QCOMPARE(e[0].durationS.value_or(-1), 120.0);
        QCOMPARE(e[1].kind, lk::replay::DriftKind::Brightness);
        QVERIFY(!e[1].durationS);
        QCOMPARE(e[2].startS, 0.0);
        QCOMPARE(e[2].durationS.value_or(-1), 10.0);
        QCOMPARE(e[3].mixClass, 4);
        QCOMPARE(e[3].amount, 0.8);
        QCOMPARE(e[4].mixClass, 8); // Bag
        QCOMPARE(e[4].startS, 90.0);

        QCOMPARE(s.activeAt(5), QStringList{QStringLiteral("noise:40@0+10s")});
        QCOMPARE(s.activeAt(10), QStringList());
        QCOMPARE(s.activeAt(45), QStringList{QStringLiteral("brightness:0.5@30s")});
        QCOMPARE(s.activeAt(179).size(), 4);
        QVERIFY(!s.activeAt(180).contains(QStringLiteral("rotation:30@1m+2m")));
        QVERIFY(!s.classMixAt(60));
        QCOMPARE(s.classMixAt(100)->label, 8); // two mixes on: the last listed wins
        QVERIFY(lk::replay::DriftSchedule::parse(QString()).isEmpty());

        // Applied: brightness 0.5 from 30 s on, nothing before.
        std::mt19937_64 rng(1);
        const Image image = lk::replay::imageAt(m_images, 3);
        const auto dim = lk::replay::DriftSchedule::parse(QStringLiteral("brightness:0.5@30s"));
        QVERIFY(dim.apply(image, 29.9, rng) == image);
        QVERIFY(dim.apply(image, 30, rng) == lk::replay::brightened(image, 0.5));
    }

    void timesParse_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<double>("seconds");
        QTest::newRow("bare") << QStringLiteral("90") << 90.0;
        QTest::newRow("s") << QStringLiteral("30s") << 30.0;
        QTest::newRow("ms") << QStringLiteral("500ms") << 0.5;
        QTest::newRow("m") << QStringLiteral("2m") << 120.0;
        QTest::newRow("h") << QStringLiteral("1h") << 3600.0;
        QTest::newRow("m s") << QStringLiteral("1m30s") << 90.0;
        QTest::newRow("decimal") << QStringLiteral("1.5s") << 1.5;
    }

    void timesParse()
    {
        QFETCH(QString, text);
        QFETCH(double, seconds);
        QCOMPARE(lk::replay::parseSeconds(text, QStringLiteral("t")), seconds);
    }

    void badSpecsNameTheirPart_data()
    {
        QTest::addColumn<QString>("spec");
        QTest::addColumn<QString>("named");
        QTest::newRow("unknown kind")
            << QStringLiteral("rotation:10@0,blur:3@1s") << QStringLiteral("\"blur:3@1s\"");
        QTest::newRow("no start") << QStringLiteral("rotation:10") << QStringLiteral("\"rotation:10\"");
        QTest::newRow("bad angle") << QStringLiteral("rotation:ten@0") << QStringLiteral("\"ten\"");
        QTest::newRow("negative brightness") << QStringLiteral("brightness:-1@0") << QStringLiteral("\"-1\"");
        QTest::newRow("noise too strong") << QStringLiteral("noise:300@0") << QStringLiteral("\"300\"");
        QTest::newRow("classmix without share") << QStringLiteral("classmix:4@0") << QStringLiteral("\"4\"");
        QTest::newRow("classmix share above 1")
            << QStringLiteral("classmix:4=1.5@0") << QStringLiteral("\"1.5\"");
        QTest::newRow("classmix unknown class")
            << QStringLiteral("classmix:Hat=0.5@0") << QStringLiteral("\"Hat\"");
        QTest::newRow("bad start") << QStringLiteral("noise:5@soon") << QStringLiteral("\"soon\"");
        QTest::newRow("bad duration") << QStringLiteral("noise:5@1s+2x") << QStringLiteral("\"2x\"");
        QTest::newRow("zero duration")
            << QStringLiteral("noise:5@1s+0s") << QStringLiteral("\"noise:5@1s+0s\"");
        QTest::newRow("empty episode")
            << QStringLiteral("noise:5@0,,rotation:1@0") << QStringLiteral("empty");
    }

    void badSpecsNameTheirPart()
    {
        QFETCH(QString, spec);
        QFETCH(QString, named);
        try {
            lk::replay::DriftSchedule::parse(spec);
            QFAIL("accepted");
        } catch (const lk::Error &e) {
            QCOMPARE(e.kind(), lk::ErrorKind::Usage);
            QVERIFY2(e.message().contains(named), qPrintable(e.message()));
        }
    }

    void replayDrivesTwoNodes()
    {
        startFleet();
        QVERIFY(!QTest::currentTestFailed());
        const CliResult r = replay({QStringLiteral("--count"), QStringLiteral("400"),
            QStringLiteral("--rate"), QStringLiteral("0"), QStringLiteral("--seed"), QStringLiteral("3"),
            QStringLiteral("--progress"), QStringLiteral("0")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject s = r.lastLine();
        QCOMPARE(s.value(QStringLiteral("sent")).toInteger(), qint64(400));
        QCOMPARE(s.value(QStringLiteral("ok")).toInteger(), qint64(400));
        QCOMPARE(s.value(QStringLiteral("errors")).toInteger(), qint64(0));
        QCOMPARE(s.value(QStringLiteral("stopped_by")).toString(), QStringLiteral("count"));
        const QJsonObject latency = s.value(QStringLiteral("latency_ms")).toObject();
        QVERIFY(latency.value(QStringLiteral("p50")).toDouble() > 0);
        QVERIFY(latency.value(QStringLiteral("p50")).toDouble()
            <= latency.value(QStringLiteral("p99")).toDouble());
        QVERIFY(latency.value(QStringLiteral("p99")).toDouble()
            <= latency.value(QStringLiteral("max")).toDouble());

        // Round-robin: half each, and each node counted exactly what the replayer says it sent.
        const QJsonObject perNode = s.value(QStringLiteral("per_node")).toObject();
        QCOMPARE(perNode.size(), 2); // the teacher in the fleet file gets no traffic
        qint64 escalated = 0;
        for (int i = 0; i < 2; ++i) {
            const QJsonObject mine = perNode.value(m_names[i]).toObject();
            QCOMPARE(mine.value(QStringLiteral("sent")).toInteger(), qint64(200));
            const QJsonObject m = metricsOf(*m_nodes[i]);
            QCOMPARE(m.value(QStringLiteral("predictions")).toInteger(), qint64(200));
            QCOMPARE(m.value(QStringLiteral("errors")).toInteger(), qint64(0));
            QCOMPARE(m.value(QStringLiteral("escalations")).toInteger(),
                mine.value(QStringLiteral("escalated")).toInteger());
            escalated += mine.value(QStringLiteral("escalated")).toInteger();
            m_stableEscalations[i] = m.value(QStringLiteral("escalations")).toInteger();
        }
        QCOMPARE(s.value(QStringLiteral("escalated")).toInteger(), escalated);
        QVERIFY2(escalated < 400, "every image escalated: the drift comparison below would say nothing");
    }

    void rotationRaisesTheEscalationRate()
    {
        QVERIFY(m_nodes[0] && m_nodes[1]);
        // The same 400 images (same seed), now turned: the nodes must be less sure of them.
        const CliResult r =
            replay({QStringLiteral("--count"), QStringLiteral("400"), QStringLiteral("--rate"),
                QStringLiteral("0"), QStringLiteral("--seed"), QStringLiteral("3"), QStringLiteral("--drift"),
                QStringLiteral("rotation:30@0s"), QStringLiteral("--progress"), QStringLiteral("0")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        qint64 stable = 0;
        qint64 drifted = 0;
        for (int i = 0; i < 2; ++i) {
            const QJsonObject m = metricsOf(*m_nodes[i]);
            QCOMPARE(m.value(QStringLiteral("predictions")).toInteger(), qint64(400));
            stable += m_stableEscalations[i];
            drifted += m.value(QStringLiteral("escalations")).toInteger() - m_stableEscalations[i];
        }
        QCOMPARE(r.lastLine().value(QStringLiteral("escalated")).toInteger(), drifted);
        QVERIFY2(drifted > stable,
            qPrintable(
                QStringLiteral("escalations: %1 of 400 upright, %2 of 400 turned").arg(stable).arg(drifted)));
    }

    void progressLinesAndAStopBySignal()
    {
        QVERIFY(m_nodes[0] && m_nodes[1]);
        // No count or duration: it runs until SIGTERM, printing progress, then the summary.
        QProcess p;
        p.start(lk::test::binary(QStringLiteral("loopkeeper-cli")),
            {QStringLiteral("replay"), QStringLiteral("--nodes"), m_fleetFile, QStringLiteral("--rate"),
                QStringLiteral("200"), QStringLiteral("--progress"), QStringLiteral("0.2"),
                QStringLiteral("--drift"), QStringLiteral("noise:20@0")});
        QByteArray out;
        QJsonObject progress;
        for (QDeadlineTimer deadline(60000); !deadline.hasExpired() && progress.isEmpty();) {
            p.waitForReadyRead(200);
            out += p.readAllStandardOutput();
            for (const QByteArray &line : out.split('\n')) {
                const QJsonObject o = QJsonDocument::fromJson(line).object();
                if (o.value(QStringLiteral("ok")).toInteger() > 0)
                    progress = o;
            }
        }
        QVERIFY2(!progress.isEmpty(), QByteArray(out + p.readAllStandardError()).constData());
        for (const char *key : {"elapsed_s", "sent", "ok", "errors", "escalated", "rate"})
            QVERIFY2(progress.contains(QLatin1String(key)), key);
        QCOMPARE(progress.value(QStringLiteral("active_drift")).toArray(),
            QJsonArray{QStringLiteral("noise:20@0")});
        p.terminate();
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 0);
        out += p.readAllStandardOutput();
        const QJsonObject summary = QJsonDocument::fromJson(out.trimmed().split('\n').last()).object();
        QCOMPARE(summary.value(QStringLiteral("stopped_by")).toString(), QStringLiteral("SIGTERM"));
        QVERIFY(summary.value(QStringLiteral("sent")).toInteger()
            >= progress.value(QStringLiteral("sent")).toInteger());
        QCOMPARE(summary.value(QStringLiteral("errors")).toInteger(), qint64(0));
    }

    void anUnreachableNodeCountsAsErrors()
    {
        QVERIFY(m_nodes[0]);
        // Port 1 on loopback: nothing listens there.
        const QString fleet = m_tmp.filePath(QStringLiteral("half-down.json"));
        QVERIFY(lk::test::writeFile(fleet,
            QJsonDocument(QJsonObject{{QStringLiteral("nodes"),
                              QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("up")},
                                             {QStringLiteral("url"), m_nodes[0]->url()}},
                                  QJsonObject{{QStringLiteral("name"), QStringLiteral("down")},
                                      {QStringLiteral("url"), QStringLiteral("http://127.0.0.1:1")}}}}})
                .toJson()));
        const CliResult r = runCli({QStringLiteral("replay"), QStringLiteral("--nodes"), fleet,
            QStringLiteral("--rate"), QStringLiteral("0"), QStringLiteral("--count"), QStringLiteral("20"),
            QStringLiteral("--progress"), QStringLiteral("0")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject perNode = r.lastLine().value(QStringLiteral("per_node")).toObject();
        const QJsonObject down = perNode.value(QStringLiteral("down")).toObject();
        QCOMPARE(down.value(QStringLiteral("sent")).toInteger(), qint64(10));
        QCOMPARE(down.value(QStringLiteral("errors")).toInteger(), qint64(10));
        QCOMPARE(perNode.value(QStringLiteral("up")).toObject().value(QStringLiteral("ok")).toInteger(),
            qint64(10));
        QVERIFY(r.lastLine().value(QStringLiteral("last_error")).toString().contains(QStringLiteral("down")));
    }

    void aNodeThatComesBackIsUsedAgain()
    {
        QVERIFY(m_nodes[0]);
        // A port where a node was and is no more.
        QString port;
        {
            auto gone = startNode({QStringLiteral("--model"), m_artifact, QStringLiteral("--dir"),
                m_tmp.filePath(QStringLiteral("returning"))});
            QVERIFY2(!gone->url().isEmpty(), gone->out.constData());
            port = QString::number(QUrl(gone->url()).port());
        }
        const QString fleet = m_tmp.filePath(QStringLiteral("returning.json"));
        QVERIFY(lk::test::writeFile(fleet,
            QJsonDocument(
                QJsonObject{{QStringLiteral("nodes"),
                    QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("up")},
                                   {QStringLiteral("url"), m_nodes[0]->url()}},
                        QJsonObject{{QStringLiteral("name"), QStringLiteral("returning")},
                            {QStringLiteral("url"), QString(QStringLiteral("http://127.0.0.1:") + port)}}}}})
                .toJson()));
        QProcess replayer;
        replayer.start(lk::test::binary(QStringLiteral("loopkeeper-cli")),
            {QStringLiteral("replay"), QStringLiteral("--nodes"), fleet, QStringLiteral("--rate"),
                QStringLiteral("100"), QStringLiteral("--progress"), QStringLiteral("0.1")});
        QByteArray out;
        auto lastProgress = [&] {
            out += replayer.readAllStandardOutput();
            const QList<QByteArray> lines = out.trimmed().split('\n');
            return QJsonDocument::fromJson(lines.last()).object();
        };
        QTRY_VERIFY_WITH_TIMEOUT(lastProgress().value(QStringLiteral("errors")).toInteger() > 0, 30000);

        // Back on the same port: the replayer's next requests to it connect again.
        auto back = startNode({QStringLiteral("--model"), m_artifact, QStringLiteral("--dir"),
            m_tmp.filePath(QStringLiteral("returning")), QStringLiteral("--port"), port});
        QVERIFY2(!back->url().isEmpty(), back->out.constData());
        QTRY_VERIFY_WITH_TIMEOUT(
            metricsOf(*back).value(QStringLiteral("predictions")).toInteger() > 0, 30000);
        replayer.terminate();
        QVERIFY(replayer.waitForFinished(30000));
        QCOMPARE(replayer.exitCode(), 0);
        const QJsonObject returning = lastProgress()
                                          .value(QStringLiteral("per_node"))
                                          .toObject()
                                          .value(QStringLiteral("returning"))
                                          .toObject();
        QVERIFY(returning.value(QStringLiteral("errors")).toInteger() > 0);
        QCOMPARE(returning.value(QStringLiteral("ok")).toInteger(),
            metricsOf(*back).value(QStringLiteral("predictions")).toInteger());
    }

    void badOptionsAreUsageErrors()
    {
        QVERIFY(!m_fleetFile.isEmpty());
        const CliResult spec = runCli(
            {QStringLiteral("replay"), QStringLiteral("--nodes"), m_fleetFile, QStringLiteral("--rate"),
                QStringLiteral("10"), QStringLiteral("--drift"), QStringLiteral("rotation:5@0,wobble:2@1s")});
        QCOMPARE(spec.exitCode, 2);
        QVERIFY2(
            spec.error().value(QStringLiteral("message")).toString().contains(QStringLiteral("wobble:2@1s")),
            spec.err.constData());
        const CliResult noRate = runCli({QStringLiteral("replay"), QStringLiteral("--nodes"), m_fleetFile});
        QCOMPARE(noRate.exitCode, 2);
        const CliResult noFleet = runCli({QStringLiteral("replay"), QStringLiteral("--nodes"),
            m_tmp.filePath(QStringLiteral("missing.json")), QStringLiteral("--rate"), QStringLiteral("1")});
        QCOMPARE(noFleet.exitCode, 3);
    }

    void ourClientKeepsOneConnection()
    {
        QVERIFY(m_nodes[0]);
        lk::replay::HttpConnection c(QUrl(m_nodes[0]->url()), 10000);
        const QByteArray image = lk::replay::toBytes(lk::replay::imageAt(m_images, 0));
        for (int i = 0; i < 50; ++i) {
            const lk::replay::HttpReply r = c.post("/v1/predict", "application/octet-stream", image);
            QVERIFY2(r.ok(), qPrintable(r.error + QString::fromUtf8(r.body)));
            QVERIFY(QJsonDocument::fromJson(r.body).object().contains(QStringLiteral("class")));
        }
        const lk::replay::HttpReply bad = c.post("/v1/predict", "application/octet-stream", "short");
        QCOMPARE(bad.status, 400);
        QVERIFY(bad.error.isEmpty());
        const lk::replay::HttpReply health = c.get("/v1/health");
        QCOMPARE(health.status, 200);
        QCOMPARE(c.connectionsOpened(), qint64(1)); // the node kept it open: keep-alive works
        QVERIFY_THROWS_EXCEPTION(lk::Error, lk::replay::HttpConnection(QUrl(QStringLiteral("ftp://x:1"))));
    }

    void cleanupTestCase()
    {
        m_nodes[0].reset();
        m_nodes[1].reset();
    }

private:
    void startFleet()
    {
        const CliResult train =
            runCli({QStringLiteral("train"), QStringLiteral("--epochs"), QStringLiteral("1"),
                QStringLiteral("--limit"), QStringLiteral("2000"), QStringLiteral("--test-limit"),
                QStringLiteral("500"), QStringLiteral("-w"), m_tmp.filePath(QStringLiteral("ws"))});
        QVERIFY2(train.exitCode == 0, train.err.constData());
        const QString artifact = train.lastLine().value(QStringLiteral("artifact")).toString();
        QVERIFY2(QFileInfo::exists(artifact), train.out.constData());
        m_artifact = artifact;
        QJsonArray nodes;
        for (int i = 0; i < 2; ++i) {
            m_names[i] = QStringLiteral("edge-%1").arg(i + 1);
            m_nodes[i] = startNode({QStringLiteral("--model"), artifact, QStringLiteral("--dir"),
                m_tmp.filePath(m_names[i]), QStringLiteral("--node-id"), m_names[i]});
            QVERIFY2(!m_nodes[i]->url().isEmpty(), m_nodes[i]->out.constData());
            nodes.append(
                QJsonObject{{QStringLiteral("name"), m_names[i]}, {QStringLiteral("url"), m_nodes[i]->url()},
                    {QStringLiteral("role"), QStringLiteral("edge")}});
        }
        // A teacher in the file must get none of the replayed traffic.
        nodes.append(QJsonObject{{QStringLiteral("name"), QStringLiteral("teacher")},
            {QStringLiteral("url"), QStringLiteral("http://127.0.0.1:1")},
            {QStringLiteral("role"), QStringLiteral("teacher")}});
        m_fleetFile = m_tmp.filePath(QStringLiteral("fleet.json"));
        QVERIFY(lk::test::writeFile(
            m_fleetFile, QJsonDocument(QJsonObject{{QStringLiteral("nodes"), nodes}}).toJson()));
    }

    CliResult replay(const QStringList &extra)
    {
        return runCli(QStringList{QStringLiteral("replay"), QStringLiteral("--nodes"), m_fleetFile} + extra);
    }

    QTemporaryDir m_tmp;
    lk::training::ImageSet m_images;
    std::unique_ptr<Node> m_nodes[2];
    QString m_names[2];
    QString m_fleetFile;
    QString m_artifact;
    qint64 m_stableEscalations[2] = {0, 0};
};

QTEST_GUILESS_MAIN(TestReplay)
#include "tst_replay.moc"
