// loopkeeper-cli's training commands as agents use them: a real process on a real workspace
// and real Fashion-MNIST slices — train (JSON lines), Ctrl+C and --resume, runs, monitor,
// predict, and the errors with their exit codes.
#include "common/TestSupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>

namespace {

struct Result
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;

    QList<QJsonObject> lines() const
    {
        QList<QJsonObject> objects;
        for (const QByteArray &line : out.split('\n'))
            if (!line.trimmed().isEmpty())
                objects.append(QJsonDocument::fromJson(line).object());
        return objects;
    }
    QJsonObject last() const { return lines().isEmpty() ? QJsonObject() : lines().last(); }
    QString errorMessage() const
    {
        return QJsonDocument::fromJson(err)
            .object()
            .value(QStringLiteral("error"))
            .toObject()
            .value(QStringLiteral("message"))
            .toString();
    }
};

Result cli(const QStringList &args, int timeoutMs = 180000)
{
    QProcess p;
    p.start(lk::test::binary(QStringLiteral("loopkeeper-cli")), args);
    Result r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

} // namespace

class TestTrainingCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        m_ws = m_tmp.filePath(QStringLiteral("ws"));
    }

    void trainPrintsALinePerEpochAndAResult()
    {
        const Result r = cli({QStringLiteral("train"), QStringLiteral("-w"), m_ws, QStringLiteral("--epochs"),
            QStringLiteral("2"), QStringLiteral("--limit"), QStringLiteral("1000"),
            QStringLiteral("--test-limit"), QStringLiteral("300"), QStringLiteral("--batch"),
            QStringLiteral("32")});
        QCOMPARE(r.exitCode, 0);
        const QList<QJsonObject> lines = r.lines();
        QCOMPARE(lines.size(), 4); // started, epoch 0, epoch 1, result
        QCOMPARE(lines[0].value(QStringLiteral("event")).toString(), QStringLiteral("started"));
        m_run = lines[0].value(QStringLiteral("run_id")).toString();
        QVERIFY(m_run.startsWith(QStringLiteral("run-")));
        for (int e = 0; e < 2; ++e) {
            const QJsonObject epoch = lines[1 + e];
            QCOMPARE(epoch.value(QStringLiteral("epoch")).toInt(), e);
            QCOMPARE(epoch.value(QStringLiteral("run_id")).toString(), m_run);
            QVERIFY(epoch.value(QStringLiteral("train_loss")).toDouble() > 0);
            QVERIFY(epoch.value(QStringLiteral("val_accuracy")).toDouble() > 0.1);
            QVERIFY(epoch.value(QStringLiteral("samples_per_second")).toDouble() > 0);
            QVERIFY(
                epoch.value(QStringLiteral("health")).toObject().contains(QStringLiteral("recommendation")));
        }
        const QJsonObject result = lines.last();
        QCOMPARE(result.value(QStringLiteral("status")).toString(), QStringLiteral("completed"));
        QVERIFY(result.value(QStringLiteral("test_accuracy")).toDouble() > 0.5);
        QVERIFY(result.value(QStringLiteral("samples_per_second")).toDouble() > 0);
        m_artifact = result.value(QStringLiteral("artifact")).toString();
        QCOMPARE(
            lk::test::fileSha256(m_artifact), result.value(QStringLiteral("sha256")).toString().toLatin1());
        m_testAccuracy = result.value(QStringLiteral("test_accuracy")).toDouble();
    }

    void runsListShowMetricsAndMonitor()
    {
        QVERIFY(!m_run.isEmpty());
        const Result list = cli({QStringLiteral("runs"), QStringLiteral("list"), QStringLiteral("-w"), m_ws});
        QCOMPARE(list.exitCode, 0);
        const QJsonArray runs = list.last().value(QStringLiteral("runs")).toArray();
        QCOMPARE(runs.size(), 1);
        QCOMPARE(runs[0].toObject().value(QStringLiteral("run_id")).toString(), m_run);

        const Result show =
            cli({QStringLiteral("runs"), QStringLiteral("show"), m_run, QStringLiteral("-w"), m_ws});
        QCOMPARE(show.exitCode, 0);
        QCOMPARE(show.last().value(QStringLiteral("epochs")).toArray().size(), 2);
        QVERIFY(
            show.last().value(QStringLiteral("health")).toObject().contains(QStringLiteral("best_epoch")));

        const Result metrics = cli({QStringLiteral("runs"), QStringLiteral("metrics"), m_run,
            QStringLiteral("-w"), m_ws, QStringLiteral("--since-step"), QStringLiteral("50"),
            QStringLiteral("--limit"), QStringLiteral("5")});
        QCOMPARE(metrics.exitCode, 0);
        const QJsonArray steps = metrics.last().value(QStringLiteral("steps")).toArray();
        QCOMPARE(steps.size(), 5);
        QCOMPARE(steps[0].toObject().value(QStringLiteral("step")).toInt(), 51);

        const Result monitor = cli({QStringLiteral("monitor"), m_run, QStringLiteral("-w"), m_ws});
        QCOMPARE(monitor.exitCode, 0);
        const QString text = QString::fromUtf8(monitor.out);
        // Text numbers epochs from 1 (the JSON's "epoch": 0 is "Epoch 1").
        QVERIFY2(text.contains(QStringLiteral("Epoch 1: train_loss=")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("Epoch 2: train_loss=")), qPrintable(text));
        QVERIFY2(!text.contains(QStringLiteral("Epoch 0:")) && !text.contains(QStringLiteral("Epoch 3:")),
            qPrintable(text));
        QVERIFY2(
            text.contains(QStringLiteral("Run %1 completed: test_accuracy=").arg(m_run)), qPrintable(text));
    }

    void predictMatchesTheRunsAccuracy()
    {
        QVERIFY(!m_artifact.isEmpty());
        const Result r = cli({QStringLiteral("predict"), QStringLiteral("--model"), m_artifact,
            QStringLiteral("--limit"), QStringLiteral("300")});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject out = r.last();
        QCOMPARE(out.value(QStringLiteral("count")).toInt(), 300);
        QCOMPARE(out.value(QStringLiteral("predictions")).toArray().size(), 300);
        const QJsonObject first = out.value(QStringLiteral("predictions")).toArray()[0].toObject();
        QVERIFY(first.value(QStringLiteral("confidence")).toDouble() > 0.1);
        QVERIFY(first.value(QStringLiteral("class")).toInt() >= 0
            && first.value(QStringLiteral("class")).toInt() < 10);
        // The run evaluated the same 300 test images.
        QCOMPARE(out.value(QStringLiteral("accuracy")).toDouble(), m_testAccuracy);
    }

    void interruptKeepsTheCheckpointAndResumeFinishes()
    {
        QProcess p;
        p.start(lk::test::binary(QStringLiteral("loopkeeper-cli")),
            {QStringLiteral("train"), QStringLiteral("-w"), m_ws, QStringLiteral("--epochs"),
                QStringLiteral("3"), QStringLiteral("--limit"), QStringLiteral("1500"),
                QStringLiteral("--test-limit"), QStringLiteral("300")});
        QVERIFY(p.waitForStarted(10000));
        QByteArray out;
        QTRY_VERIFY_WITH_TIMEOUT((out += p.readAllStandardOutput()).contains("\"epoch\":0"), 120000);
        ::kill(pid_t(p.processId()), SIGINT);
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 0);
        out += p.readAllStandardOutput();
        const QJsonObject result = QJsonDocument::fromJson(out.trimmed().split('\n').last()).object();
        QCOMPARE(result.value(QStringLiteral("status")).toString(), QStringLiteral("cancelled"));
        const QString run = result.value(QStringLiteral("run_id")).toString();

        const Result resumed =
            cli({QStringLiteral("train"), QStringLiteral("-w"), m_ws, QStringLiteral("--resume"), run});
        QCOMPARE(resumed.exitCode, 0);
        QCOMPARE(
            resumed.lines().first().value(QStringLiteral("event")).toString(), QStringLiteral("resumed"));
        QCOMPARE(resumed.last().value(QStringLiteral("status")).toString(), QStringLiteral("completed"));
        QCOMPARE(resumed.last().value(QStringLiteral("epochs")).toInt(), 3);

        const Result again =
            cli({QStringLiteral("train"), QStringLiteral("-w"), m_ws, QStringLiteral("--resume"), run});
        QCOMPARE(again.exitCode, 3);
        QVERIFY2(again.errorMessage().contains(QStringLiteral("already finished")), again.err.constData());
    }

    void aKilledRunIsInterruptedAndResumes()
    {
        // A crash: SIGKILL gives the process no chance to record anything.
        QProcess p;
        p.start(lk::test::binary(QStringLiteral("loopkeeper-cli")),
            {QStringLiteral("train"), QStringLiteral("-w"), m_ws, QStringLiteral("--epochs"),
                QStringLiteral("3"), QStringLiteral("--limit"), QStringLiteral("1280"),
                QStringLiteral("--test-limit"), QStringLiteral("300")});
        QVERIFY(p.waitForStarted(10000));
        QByteArray out;
        QTRY_VERIFY_WITH_TIMEOUT((out += p.readAllStandardOutput()).contains("\"epoch\":1"), 120000);
        p.kill();
        QVERIFY(p.waitForFinished(30000));
        const QString run = QJsonDocument::fromJson(out.split('\n').first())
                                .object()
                                .value(QStringLiteral("run_id"))
                                .toString();
        QVERIFY(!run.isEmpty());

        const Result show =
            cli({QStringLiteral("runs"), QStringLiteral("show"), run, QStringLiteral("-w"), m_ws});
        QCOMPARE(show.last().value(QStringLiteral("status")).toString(), QStringLiteral("interrupted"));

        const Result resumed =
            cli({QStringLiteral("train"), QStringLiteral("-w"), m_ws, QStringLiteral("--resume"), run});
        QCOMPARE(resumed.exitCode, 0);
        QCOMPARE(resumed.last().value(QStringLiteral("status")).toString(), QStringLiteral("completed"));
        // Every step exactly once, whatever was written between the last checkpoint and the kill.
        const Result metrics =
            cli({QStringLiteral("runs"), QStringLiteral("metrics"), run, QStringLiteral("-w"), m_ws});
        const QJsonArray steps = metrics.last().value(QStringLiteral("steps")).toArray();
        QCOMPARE(steps.size(), 3 * (1280 / 64));
        for (int i = 0; i < steps.size(); ++i)
            QCOMPARE(steps[i].toObject().value(QStringLiteral("step")).toInt(), i + 1);
        QCOMPARE(metrics.last().value(QStringLiteral("epochs")).toArray().size(), 3);
    }

    void errorsHaveCodes_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("epochs zero") << QStringList{QStringLiteral("train"), QStringLiteral("--epochs"),
            QStringLiteral("0")} << 2 << QStringLiteral("--epochs");
        QTest::newRow("lr not a number") << QStringList{QStringLiteral("train"), QStringLiteral("--lr"),
            QStringLiteral("fast")} << 2 << QStringLiteral("--lr");
        QTest::newRow("unknown optimizer")
            << QStringList{QStringLiteral("train"), QStringLiteral("--optimizer"), QStringLiteral("lion")}
            << 2 << QStringLiteral("lion");
        QTest::newRow("unknown model")
            << QStringList{QStringLiteral("train"), QStringLiteral("--model"), QStringLiteral("resnet")} << 2
            << QStringLiteral("resnet");
        QTest::newRow("missing dataset") << QStringList{QStringLiteral("train"), QStringLiteral("--dataset"),
            QStringLiteral("/nonexistent/data")}
                                         << 3 << QStringLiteral("/nonexistent/data");
        QTest::newRow("unknown run") << QStringList{QStringLiteral("runs"), QStringLiteral("show"),
            QStringLiteral("run-nope")}
                                     << 3 << QStringLiteral("run-nope");
        QTest::newRow("show without run")
            << QStringList{QStringLiteral("runs"), QStringLiteral("show")} << 2 << QStringLiteral("run");
        QTest::newRow("resume unknown")
            << QStringList{QStringLiteral("train"), QStringLiteral("--resume"), QStringLiteral("run-nope")}
            << 3 << QStringLiteral("run-nope");
        QTest::newRow("predict without model")
            << QStringList{QStringLiteral("predict")} << 2 << QStringLiteral("--model");
        QTest::newRow("predict bad model") << QStringList{QStringLiteral("predict"),
            QStringLiteral("--model"), QStringLiteral("@TMP@/garbage.pt")}
                                           << 3 << QStringLiteral("not a TorchScript model");
        QTest::newRow("predict bad split") << QStringList{QStringLiteral("predict"),
            QStringLiteral("--model"), QStringLiteral("x.pt"), QStringLiteral("--split"),
            QStringLiteral("dev")} << 2 << QStringLiteral("--split");
    }

    void errorsHaveCodes()
    {
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        QFETCH(QString, mentions);
        QVERIFY(lk::test::writeFile(m_tmp.filePath(QStringLiteral("garbage.pt")), "not a model"));
        for (QString &a : args)
            a.replace(QStringLiteral("@TMP@"), m_tmp.path());
        args << QStringLiteral("-w") << m_ws;
        const Result r = cli(args);
        QCOMPARE(r.exitCode, exitCode);
        QVERIFY2(r.errorMessage().contains(mentions), r.err.constData());
    }

private:
    QTemporaryDir m_tmp;
    QString m_ws;
    QString m_run;
    QString m_artifact;
    double m_testAccuracy = -1;
};

QTEST_GUILESS_MAIN(TestTrainingCli)
#include "tst_training_cli.moc"
