// The learning loop end to end on real data, and ingest that survives SIGKILL.
//
// fullLoopOnFashionMnist: the first job trains small-cnn from scratch on a slice of
// Fashion-MNIST; the active model's low-confidence predictions on other test images become
// escalations (corrected with the dataset's labels); the sample trigger fires; the job
// fine-tunes; the gate replays the evaluation set through both models; the registry records
// the new version and its samples are marked as used in it.
//
// killedIngestLosesNothing: a real loopkeeper-cli process ingests 100,000 samples in files
// (one transaction each, each acknowledged by a line) and is killed with SIGKILL at random
// moments; every acknowledged file is found whole after each kill, and after re-sending
// everything every sample is stored exactly once.
#include "common/StateSupport.h"
#include "common/TestSupport.h"
#include "core/loop/LearningLoop.h"
#include "core/loop/Notifier.h"
#include "core/training/Classifier.h"
#include "core/workspace/Workspace.h"

#include <QDeadlineTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QtTest>

using namespace lk::loop;

namespace {

class QuietListener : public lk::runs::RunListener
{
};

QJsonObject escalation(const QString &id, const lk::training::ImageSet &images, int index,
    const lk::training::Prediction &p, double correctionConfidence)
{
    const QByteArray pixels(reinterpret_cast<const char *>(images.pixels.data()) + qsizetype(index) * kImageBytes,
        kImageBytes);
    return QJsonObject{{QStringLiteral("sample_id"), id}, {QStringLiteral("node_id"), QStringLiteral("edge-%1").arg(index % 3)},
        {QStringLiteral("model_version"), QStringLiteral("fashion-mnist@1")},
        {QStringLiteral("timestamp"), QDateTime::currentDateTimeUtc().toString(Qt::ISODate)},
        {QStringLiteral("prediction"), QJsonObject{{QStringLiteral("label"), p.label}, {QStringLiteral("confidence"), double(p.confidence)}}},
        {QStringLiteral("correction"),
            QJsonObject{{QStringLiteral("label"), int(images.labels[size_t(index)])},
                {QStringLiteral("confidence"), correctionConfidence}, {QStringLiteral("source"), QStringLiteral("dataset label")}}},
        {QStringLiteral("input"),
            QJsonObject{{QStringLiteral("format"), kInlineFormat}, {QStringLiteral("data"), QString::fromLatin1(pixels.toBase64())}}}};
}

} // namespace

class TestLoopEndToEnd : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QVERIFY(m_tmp.isValid()); }

    void fullLoopOnFashionMnist()
    {
        const QString data = lk::training::defaultFashionMnistDir();
        if (!QFileInfo::exists(data))
            QFAIL("Fashion-MNIST is not installed: scripts/test installs Debian's dataset-fashion-mnist");
        const lk::Workspace ws = lk::Workspace::open(m_tmp.filePath(QStringLiteral("loop")));
        lk::storage::Database db = ws.connect();
        LoopConfig config;
        config.datasetDir = data;
        config.training.epochs = 2;
        config.training.bootstrapTrainImages = 8000;
        config.training.replayBaseImages = 2000;
        config.training.learningRate = 2e-4;
        config.eval.testImages = 1000; // test images 0..999; escalations come from 2000 on
        config.triggers.sampleThreshold = 30;
        config.triggers.cooldownSeconds = 0;
        config.gate.minAccuracy = 0.6;
        config.gate.minEvalSize = 500;
        // This test checks that the loop carries out what the gate decides; which candidates
        // deserve promotion is tst_regression_gate's subject. So: promote unless significantly worse.
        config.gate.minLift = -1.0;
        config.gate.maxClassDrop = 1.0;
        config.gate.maxEscalationRateFactor.reset();
        config.gate.maxLatencyFactor.reset();
        config.gate.requireSignificance = false;
        LearningLoop loop(ws, db, config);
        QuietListener listener;

        // 1. No model yet: an operator starts the first job, which trains from scratch.
        const TickResult first = loop.tick(QDateTime::currentDateTimeUtc(), true);
        QVERIFY(first.job);
        QCOMPARE(first.response.value(QStringLiteral("reason")).toString(), QStringLiteral("manual"));
        QCOMPARE(first.job->manifest.value(QStringLiteral("mode")).toString(), QStringLiteral("from_scratch"));
        const JobOutcome bootstrap = loop.runJob(first.job->jobId, listener);
        QCOMPARE(bootstrap.job.status, lk::loop::JobStatus::Complete);
        QCOMPARE(bootstrap.decision, QStringLiteral("promote"));
        const ModelVersion v1 = *ModelRegistry(db).active(config.modelLine);
        QCOMPARE(v1.versionNumber, 1);
        QVERIFY(v1.parentVersion.isEmpty());

        // 2. The edge model escalates what it is unsure of; the larger "model" is the dataset.
        const lk::training::ImageSet test = lk::training::loadIdxDataset(data, lk::training::Split::Test);
        lk::training::Classifier edge(v1.artifactPath);
        const std::vector<lk::training::Prediction> predictions = edge.predict(test, 2000, 3000);
        QByteArray samples;
        int usable = 0, filtered = 0;
        for (const lk::training::Prediction &p : predictions) {
            if (p.confidence >= 0.7f)
                continue;
            const int index = p.index; // absolute in `test`
            const bool unsure = index % 10 == 0; // the larger model was unsure too: not for training
            samples += QJsonDocument(escalation(QStringLiteral("esc-%1").arg(index), test, index, p, unsure ? 0.5 : 0.96))
                           .toJson(QJsonDocument::Compact)
                + '\n';
            ++(unsure ? filtered : usable);
        }
        QVERIFY2(usable > 30, qPrintable(QStringLiteral("only %1 escalations").arg(usable)));
        const SampleIngestReport ingested = SampleStore(db).ingest(samples, config.samples);
        QCOMPARE(ingested.accepted, usable);
        QCOMPARE(ingested.filtered, filtered);

        // 3. The sample trigger fires and the job fine-tunes the active version.
        const TickResult second = loop.tick(QDateTime::currentDateTimeUtc(), false);
        QVERIFY(second.job);
        QCOMPARE(second.response.value(QStringLiteral("reason")).toString(), QStringLiteral("sample_threshold"));
        QCOMPARE(second.response.value(QStringLiteral("samples_collected")).toInt(), usable);
        QCOMPARE(second.response.value(QStringLiteral("target_model")).toString(), QStringLiteral("fashion-mnist@2"));
        QVERIFY2(second.response.value(QStringLiteral("estimated_completion")).isString(),
            "the first job measured the throughput the estimate needs");
        QCOMPARE(second.job->manifest.value(QStringLiteral("mode")).toString(), QStringLiteral("fine_tune"));
        QCOMPARE(second.job->manifest.value(QStringLiteral("samples")).toArray().size(), usable);
        JobOutcome tuned = loop.runJob(second.job->jobId, listener);
        QCOMPARE(tuned.job.status, lk::loop::JobStatus::Complete);
        QVERIFY(tuned.candidate);

        // 4. The gate compared both models on the same inputs.
        const QJsonObject gate = tuned.gate;
        QCOMPARE(gate.value(QStringLiteral("incumbent")).toString(), QStringLiteral("fashion-mnist@1"));
        QCOMPARE(gate.value(QStringLiteral("eval_size")).toInt(), 1000); // the job's own samples are left out
        QVERIFY(gate.value(QStringLiteral("incumbent_metrics")).toObject().value(QStringLiteral("accuracy")).toDouble() > 0.5);
        QVERIFY(gate.value(QStringLiteral("candidate_metrics")).toObject().value(QStringLiteral("accuracy")).toDouble() > 0.5);
        QVERIFY(gate.value(QStringLiteral("mcnemar")).toObject().contains(QStringLiteral("p_value")));
        QVERIFY2(tuned.decision != QLatin1String("reject"),
            QJsonDocument(gate.value(QStringLiteral("reasons")).toArray()).toJson().constData());
        if (tuned.decision == QLatin1String("needs_human"))
            loop.decide(tuned.candidate->id, true, QStringLiteral("tester"));

        // 5. The registry records the new version, and its samples are used in it.
        ModelRegistry registry(db);
        const ModelVersion v2 = *registry.active(config.modelLine);
        QCOMPARE(v2.versionNumber, 2);
        QCOMPARE(v2.parentVersion, v1.id);
        QCOMPARE(v2.jobId, second.job->jobId);
        QCOMPARE(v2.trainingSamples, qint64(usable));
        QCOMPARE(registry.version(v1.id)->status, QStringLiteral("deprecated"));
        ModelRegistry::verifyArtifact(v2);
        lk::storage::Statement used = db.prepare("SELECT count(*) FROM samples WHERE used_in_version = ? AND status = 'used'");
        used.bind(1, v2.id);
        QVERIFY(used.step());
        QCOMPARE(int(used.columnInt64(0)), usable);
        QCOMPARE(SampleStore(db).stats().value(QStringLiteral("by_status")).toObject().value(QStringLiteral("filtered")).toInt(), filtered);

        // The job answers in its status shape (docs/learning-loop.md); operators were told at each step.
        const QJsonObject status = JobOutcome{*JobStore(db).job(second.job->jobId), v2, gate, tuned.decision}.toJson();
        QCOMPARE(status.value(QStringLiteral("status")).toString(), QStringLiteral("complete"));
        const QJsonObject metrics = status.value(QStringLiteral("metrics")).toObject();
        QCOMPARE(metrics.value(QStringLiteral("samples_used")).toInt(), usable);
        QVERIFY(metrics.value(QStringLiteral("improvement")).toString().endsWith(QLatin1Char('%')));
        QVERIFY(metrics.value(QStringLiteral("training_time_minutes")).toDouble() > 0);
        QStringList kinds;
        for (const QJsonValue &n : Notifier(db).recent())
            kinds << n.toObject().value(QStringLiteral("kind")).toString();
        QVERIFY(kinds.contains(QStringLiteral("training_triggered")));
        QVERIFY(kinds.contains(QStringLiteral("training_finished")));
        QVERIFY(kinds.contains(QStringLiteral("gate_decided")));
        // The registry's learning event records what the job changed.
        lk::storage::Statement event = db.prepare(
            "SELECT batch_size, metrics_before, metrics_after, duration_ms FROM learning_events"
            " WHERE model_version_id = ? AND event_type = 'training_job'");
        event.bind(1, v2.id);
        QVERIFY(event.step());
        QCOMPARE(int(event.columnInt64(0)), usable);
        QVERIFY(QJsonDocument::fromJson(event.columnText(1).toUtf8()).object().contains(QStringLiteral("accuracy")));
        QVERIFY(QJsonDocument::fromJson(event.columnText(2).toUtf8()).object().contains(QStringLiteral("accuracy")));
        QVERIFY(event.columnDouble(3) > 0);
        // Jobs are ordinary training runs: the Training panel shows their curves.
        QCOMPARE(db.queryInt("SELECT count(*) FROM training_runs WHERE status = 'completed'").value(), 2);
    }

    void killedIngestLosesNothing()
    {
        const QString root = m_tmp.filePath(QStringLiteral("kill"));
        QDir().mkpath(root);
        const int files = 20, perFile = 5000;
        QStringList paths;
        for (int f = 0; f < files; ++f) {
            QByteArray text;
            text.reserve(perFile * 330);
            for (int i = 0; i < perFile; ++i) {
                const int n = f * perFile + i;
                text += QByteArrayLiteral("{\"sample_id\":\"s") + QByteArray::number(n)
                    + "\",\"node_id\":\"edge-" + QByteArray::number(n % 7)
                    + "\",\"model_version\":\"fashion-mnist@1\",\"timestamp\":\"2026-11-21T08:00:00Z\","
                      "\"prediction\":{\"label\":"
                    + QByteArray::number(n % 10) + ",\"confidence\":0.42},\"correction\":{\"label\":"
                    + QByteArray::number((n + 3) % 10) + ",\"confidence\":0.93},\"input\":{\"uri\":\"node://edge-"
                    + QByteArray::number(n % 7) + "/s" + QByteArray::number(n) + "\"}}\n";
            }
            paths << QDir(root).filePath(QStringLiteral("batch-%1.jsonl").arg(f, 2, 10, QLatin1Char('0')));
            QVERIFY(lk::test::writeFile(paths.last(), text));
        }
        const QString ws = QDir(root).filePath(QStringLiteral("ws"));
        QProcess init;
        init.start(lk::test::binary(QStringLiteral("loopkeeper-cli")), {QStringLiteral("-w"), ws, QStringLiteral("workspace"), QStringLiteral("init")});
        QVERIFY(init.waitForFinished(60000));
        const lk::Workspace workspace = lk::Workspace::open(ws, lk::Workspace::OpenMode::ExistingOnly);

        QRandomGenerator rng(20261122);
        int kills = 0;
        for (int round = 0; round < 6; ++round) {
            const bool last = round == 5;
            QProcess ingest;
            ingest.start(lk::test::binary(QStringLiteral("loopkeeper-cli")),
                QStringList{QStringLiteral("-w"), ws, QStringLiteral("samples"), QStringLiteral("ingest")} + paths);
            QVERIFY(ingest.waitForStarted(30000));
            QByteArray out;
            if (!last) {
                // Right after the process acknowledged a random file, while it stores the next.
                const int target = 1 + int(rng.bounded(files - 3));
                const QDeadlineTimer deadline(120000);
                while (out.count("\"file\"") < target && ingest.state() == QProcess::Running && !deadline.hasExpired()) {
                    ingest.waitForReadyRead(100);
                    out += ingest.readAllStandardOutput();
                }
                if (ingest.state() == QProcess::Running) {
                    ingest.kill(); // SIGKILL
                    ++kills;
                }
            }
            if (ingest.state() != QProcess::NotRunning)
                QVERIFY(ingest.waitForFinished(120000));
            out += ingest.readAllStandardOutput();
            // Every file the process acknowledged is stored whole.
            lk::storage::Database db = workspace.connect();
            for (const QByteArray &line : out.split('\n')) {
                const QJsonObject ack = QJsonDocument::fromJson(line).object();
                if (!ack.contains(QStringLiteral("file")))
                    continue;
                const int f = paths.indexOf(ack.value(QStringLiteral("file")).toString());
                QVERIFY(f >= 0);
                lk::storage::Statement s = db.prepare(
                    "SELECT count(*) FROM samples WHERE CAST(substr(sample_id, 2) AS INTEGER) BETWEEN ? AND ?");
                s.bind(1, f * perFile).bind(2, f * perFile + perFile - 1);
                QVERIFY(s.step());
                QCOMPARE(int(s.columnInt64(0)), perFile);
            }
        }
        QVERIFY2(kills >= 4, qPrintable(QStringLiteral("only %1 kills landed while ingesting").arg(kills)));
        lk::storage::Database db = workspace.connect();
        QCOMPARE(db.queryInt("SELECT count(*) FROM samples").value(), qint64(files) * perFile);
        QCOMPARE(db.queryInt("SELECT count(DISTINCT sample_id) FROM samples").value(), qint64(files) * perFile);
        lk::storage::Statement check = db.prepare("PRAGMA integrity_check");
        QVERIFY(check.step());
        QCOMPARE(check.columnText(0), QStringLiteral("ok"));
    }

private:
    QTemporaryDir m_tmp;
};

QTEST_GUILESS_MAIN(TestLoopEndToEnd)
#include "tst_loop_e2e.moc"
