// Drift on a real fleet: two loopkeeper-node processes get the same number of real
// Fashion-MNIST test images from the real replayer; one stream turns rotated half-way. The
// drift monitor (`loopkeeper-cli drift watch`) must alert on that node only.
#include "common/ProcessSupport.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using lk::test::CliResult;
using lk::test::ListeningProcess;
using lk::test::runCli;
using lk::test::startNode;

class TestDriftFleet : public QObject
{
    Q_OBJECT

    QString writeFleet(const QString &name, const QList<const ListeningProcess *> &nodes, const QStringList &names)
    {
        QJsonArray list;
        for (int i = 0; i < nodes.size(); ++i)
            list.append(QJsonObject{{QStringLiteral("name"), names[i]}, {QStringLiteral("url"), nodes[i]->url()}});
        const QString path = m_tmp.filePath(name);
        lk::test::writeFile(path, QJsonDocument(QJsonObject{{QStringLiteral("nodes"), list}}).toJson());
        return path;
    }

    std::unique_ptr<QProcess> replay(const QString &fleet, const QStringList &extra)
    {
        auto p = std::make_unique<QProcess>();
        p->start(lk::test::binary(QStringLiteral("loopkeeper-cli")),
            QStringList{QStringLiteral("replay"), QStringLiteral("--nodes"), fleet, QStringLiteral("--rate"),
                QStringLiteral("400"), QStringLiteral("--count"), QStringLiteral("9600"), QStringLiteral("--progress"),
                QStringLiteral("0"), QStringLiteral("--order"), QStringLiteral("random")}
                + extra);
        return p;
    }

private Q_SLOTS:
    void rotationRaisesAnAlertAndAStableStreamDoesNot()
    {
        QVERIFY(m_tmp.isValid());
        const CliResult trained = runCli({QStringLiteral("train"), QStringLiteral("--epochs"), QStringLiteral("2"),
            QStringLiteral("--limit"), QStringLiteral("6000"), QStringLiteral("--test-limit"), QStringLiteral("500"),
            QStringLiteral("-w"), m_tmp.filePath(QStringLiteral("train"))});
        QVERIFY2(trained.exitCode == 0, trained.err.constData());
        const QString model = trained.lastLine().value(QStringLiteral("artifact")).toString();
        auto stable = startNode({QStringLiteral("--model"), model, QStringLiteral("--model-version"),
            QStringLiteral("fm@1"), QStringLiteral("--dir"), m_tmp.filePath(QStringLiteral("stable"))});
        auto drifting = startNode({QStringLiteral("--model"), model, QStringLiteral("--model-version"),
            QStringLiteral("fm@1"), QStringLiteral("--dir"), m_tmp.filePath(QStringLiteral("drifting"))});
        QVERIFY2(!stable->url().isEmpty() && !drifting->url().isEmpty(), QByteArray(stable->out + drifting->out).constData());

        const QString ws = m_tmp.filePath(QStringLiteral("ws"));
        QCOMPARE(runCli({QStringLiteral("workspace"), QStringLiteral("init"), QStringLiteral("-w"), ws}).exitCode, 0);
        const QString both = writeFleet(QStringLiteral("fleet.json"), {stable.get(), drifting.get()},
            {QStringLiteral("stable"), QStringLiteral("drifting")});
        const QString stableOnly = writeFleet(QStringLiteral("stable.json"), {stable.get()}, {QStringLiteral("stable")});
        const QString driftingOnly =
            writeFleet(QStringLiteral("drifting.json"), {drifting.get()}, {QStringLiteral("drifting")});

        // The monitor watches both nodes while the two streams run: 9,600 images each at 400/s;
        // the second stream is rotated by 40 degrees from its 12th second on.
        QProcess watch;
        watch.start(lk::test::binary(QStringLiteral("loopkeeper-cli")),
            {QStringLiteral("drift"), QStringLiteral("watch"), QStringLiteral("-w"), ws, QStringLiteral("--fleet"), both,
                QStringLiteral("--window"), QStringLiteral("2"), QStringLiteral("--interval-ms"), QStringLiteral("250"),
                QStringLiteral("--no-trigger")});
        QVERIFY(watch.waitForStarted());
        auto a = replay(stableOnly, {});
        auto b = replay(driftingOnly, {QStringLiteral("--drift"), QStringLiteral("rotation:40@12s")});
        QVERIFY(a->waitForFinished(180000));
        QVERIFY(b->waitForFinished(180000));
        QCOMPARE(a->exitCode(), 0);
        QCOMPARE(b->exitCode(), 0);
        const QJsonObject sentA = QJsonDocument::fromJson(a->readAllStandardOutput().trimmed().split('\n').last()).object();
        const QJsonObject sentB = QJsonDocument::fromJson(b->readAllStandardOutput().trimmed().split('\n').last()).object();
        QCOMPARE(sentA.value(QStringLiteral("ok")).toInt(), 9600);
        QCOMPARE(sentB.value(QStringLiteral("ok")).toInt(), 9600);
        // Let the monitor judge the windows that hold the last images (one more window of each
        // node after the streams ended), then stop it.
        QByteArray after;
        watch.readAllStandardOutput();
        QTRY_VERIFY_WITH_TIMEOUT((after += watch.readAllStandardOutput()).contains("\"node\":\"stable\"")
                && after.contains("\"node\":\"drifting\""),
            60000);
        watch.terminate();
        QVERIFY(watch.waitForFinished(30000));

        const QJsonArray alerts = runCli({QStringLiteral("drift"), QStringLiteral("alerts"), QStringLiteral("-w"), ws})
                                      .json()
                                      .value(QStringLiteral("alerts"))
                                      .toArray();
        QStringList alerted;
        for (const QJsonValue &v : alerts)
            alerted.append(v.toObject().value(QStringLiteral("node")).toString());
        QVERIFY2(alerted.contains(QStringLiteral("drifting")), QJsonDocument(alerts).toJson().constData());
        QVERIFY2(!alerted.contains(QStringLiteral("stable")), QJsonDocument(alerts).toJson().constData());
        const QJsonObject alert = alerts.first().toObject();
        QVERIFY(!alert.value(QStringLiteral("explanation")).toString().isEmpty());

        // Both nodes had their windows judged, with the same amount of traffic.
        const QJsonArray windows = runCli({QStringLiteral("drift"), QStringLiteral("windows"), QStringLiteral("-w"), ws})
                                       .json()
                                       .value(QStringLiteral("windows"))
                                       .toArray();
        qint64 predictions[2] = {0, 0};
        for (const QJsonValue &v : windows) {
            const QJsonObject w = v.toObject();
            predictions[w.value(QStringLiteral("node")).toString() == QLatin1String("stable") ? 0 : 1] +=
                w.value(QStringLiteral("predictions")).toInteger();
        }
        QVERIFY2(predictions[0] > 5000 && predictions[1] > 5000,
            qPrintable(QStringLiteral("%1 %2").arg(predictions[0]).arg(predictions[1])));
    }

private:
    QTemporaryDir m_tmp;
};

QTEST_GUILESS_MAIN(TestDriftFleet)
#include "tst_drift_fleet.moc"
