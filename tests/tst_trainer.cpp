// The LibTorch training runner on real slices of Fashion-MNIST: determinism, checkpoint and
// resume, divergence, fine-tuning, export, and the exported model in Python's torch.jit.load.
#include "common/TestSupport.h"
#include "core/common/Error.h"
#include "core/runs/RunStore.h"
#include "core/runs/TrainingSession.h"
#include "core/training/Classifier.h"
#include "core/training/ImageDataset.h"
#include "core/training/Trainer.h"
#include "core/workspace/Workspace.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace lk::training;
using lk::Workspace;

namespace {

/// Records what the session reports; can cancel after a given epoch.
class Recorder : public lk::runs::RunListener
{
public:
    qint64 cancelAfterStep = -1;
    std::vector<EpochRecord> epochs;
    qint64 steps = 0;
    QString runId;
    bool resumed = false;

    void runStarted(const QString &id, const TrainingConfig &, bool wasResumed) override
    {
        runId = id;
        resumed = wasResumed;
    }
    void stepRecorded(const StepRecord &) override { ++steps; }
    void epochRecorded(const EpochRecord &e, const QJsonObject &) override { epochs.push_back(e); }
    bool cancelRequested() override { return cancelAfterStep >= 0 && steps >= cancelAfterStep; }
};

TrainingConfig smallConfig()
{
    TrainingConfig c;
    c.datasetDir = defaultFashionMnistDir();
    c.epochs = 3;
    c.batchSize = 32;
    c.trainLimit = 1200;
    c.testLimit = 500;
    c.threads = 1;
    c.seed = 7;
    return c;
}

} // namespace

class TestTrainer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QVERIFY(m_tmp.isValid()); }

    void trainsStoresAndExports()
    {
        const Workspace ws = Workspace::open(fresh());
        Recorder rec;
        const auto out = lk::runs::runTrainingSession(ws, {smallConfig(), {}, 0, {}, {}}, rec);
        const RunResult &r = out.result;
        QCOMPARE(r.status, RunStatus::Completed);
        QCOMPARE(r.epochsDone, 3);
        QCOMPARE(int(rec.epochs.size()), 3);
        QCOMPARE(rec.steps, qint64(3 * ((1200 + 31) / 32)));
        // It learned something: loss fell and the test accuracy is far above chance (0.1).
        QVERIFY(rec.epochs.back().trainLoss < rec.epochs.front().trainLoss);
        QVERIFY2(r.testAccuracy > 0.6, qPrintable(QString::number(r.testAccuracy)));
        QVERIFY(r.samplesPerSecond > 0);

        QCOMPARE(lk::test::fileSha256(r.artifactPath), r.artifactSha256.toLatin1());
        QFile f(r.manifestPath);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonObject manifest = QJsonDocument::fromJson(f.readAll()).object();
        QCOMPARE(manifest.value(QStringLiteral("sha256")).toString(), r.artifactSha256);
        QCOMPARE(manifest.value(QStringLiteral("run_id")).toString(), out.runId);
        QCOMPARE(manifest.value(QStringLiteral("model")).toString(), QStringLiteral("small-cnn"));
        const QJsonObject metrics = manifest.value(QStringLiteral("metrics")).toObject();
        QCOMPARE(metrics.value(QStringLiteral("test_accuracy")).toDouble(), r.testAccuracy);
        QCOMPARE(metrics.value(QStringLiteral("epochs")).toArray().size(), 3);
        // The training forward (fast kernels) and the exported TorchScript forward agree.
        const QJsonObject check = manifest.value(QStringLiteral("export_check")).toObject();
        QCOMPARE(check.value(QStringLiteral("images")).toInt(), 256);
        QVERIFY2(check.value(QStringLiteral("max_abs_logit_difference")).toDouble(1) < 1e-4,
            qPrintable(QString::number(check.value(QStringLiteral("max_abs_logit_difference")).toDouble())));
        QCOMPARE(
            manifest.value(QStringLiteral("data")).toObject().value(QStringLiteral("train_samples")).toInt(),
            1200);
        QCOMPARE(manifest.value(QStringLiteral("output"))
                     .toObject()
                     .value(QStringLiteral("class_names"))
                     .toArray()
                     .at(9)
                     .toString(),
            QStringLiteral("Ankle boot"));

        lk::storage::Database db = ws.connect();
        lk::runs::RunStore store(db);
        const auto run = store.run(out.runId);
        QVERIFY(run);
        QCOMPARE(run->status, QStringLiteral("completed"));
        QCOMPARE(run->epochsDone, 3);
        QCOMPARE(run->artifactSha256, r.artifactSha256);
        QCOMPARE(int(store.epochs(out.runId).size()), 3);
        QCOMPARE(qint64(store.steps(out.runId).size()), rec.steps);
        QCOMPARE(store.epochs(out.runId)[1].valLoss, rec.epochs[1].valLoss);

        // The exported model (run by the TorchScript interpreter) scores what the trainer's own
        // forward scored on the same test images.
        Classifier classifier(r.artifactPath);
        const ImageSet test = loadIdxDataset(defaultFashionMnistDir(), Split::Test);
        const auto predictions = classifier.predict(test, 0, 500);
        int correct = 0;
        for (const Prediction &p : predictions)
            correct += p.label == test.labels[size_t(p.index)];
        QCOMPARE(double(correct) / 500.0, r.testAccuracy);
        m_artifact = r.artifactPath;
    }

    void sameSeedSameNumbers()
    {
        const Workspace ws = Workspace::open(fresh());
        TrainingConfig c = smallConfig();
        c.epochs = 2;
        Recorder a, b;
        const auto ra = lk::runs::runTrainingSession(ws, {c, {}, 0, {}, {}}, a);
        const auto rb = lk::runs::runTrainingSession(ws, {c, {}, 0, {}, {}}, b);
        QVERIFY(ra.runId != rb.runId);
        for (int i = 0; i < 2; ++i) {
            QCOMPARE(a.epochs[size_t(i)].trainLoss, b.epochs[size_t(i)].trainLoss);
            QCOMPARE(a.epochs[size_t(i)].valLoss, b.epochs[size_t(i)].valLoss);
        }
        QCOMPARE(ra.result.testAccuracy, rb.result.testAccuracy);
        c.seed = 8;
        Recorder other;
        lk::runs::runTrainingSession(ws, {c, {}, 0, {}, {}}, other);
        QVERIFY(other.epochs[0].trainLoss != a.epochs[0].trainLoss);
    }

    void resumeAfterCancelGivesTheSameNumbers()
    {
        const Workspace ws = Workspace::open(fresh());
        Recorder straight;
        const auto whole = lk::runs::runTrainingSession(ws, {smallConfig(), {}, 0, {}, {}}, straight);

        Recorder first;
        first.cancelAfterStep = 38 + 10; // ten steps into epoch 1 (38 steps an epoch)
        const auto cut = lk::runs::runTrainingSession(ws, {smallConfig(), {}, 0, {}, {}}, first);
        QCOMPARE(cut.result.status, RunStatus::Cancelled);
        QCOMPARE(int(first.epochs.size()), 1);
        QVERIFY(cut.result.artifactPath.isEmpty());
        {
            lk::storage::Database db = ws.connect();
            lk::runs::RunStore store(db);
            QCOMPARE(store.run(cut.runId)->status, QStringLiteral("cancelled"));
            // Steps of the interrupted epoch 1 were stored before the cancel...
            QVERIFY(store.run(cut.runId)->stepsDone > first.epochs[0].lastStep);
        }

        Recorder second;
        const auto resumed = lk::runs::runTrainingSession(ws, {{}, cut.runId, 0, {}, {}}, second);
        QVERIFY(second.resumed);
        QCOMPARE(resumed.runId, cut.runId);
        QCOMPARE(resumed.result.status, RunStatus::Completed);
        QCOMPARE(int(second.epochs.size()), 2); // epochs 1 and 2
        QCOMPARE(second.epochs[0].epoch, 1);
        for (int i = 1; i < 3; ++i) {
            QCOMPARE(second.epochs[size_t(i - 1)].trainLoss, straight.epochs[size_t(i)].trainLoss);
            QCOMPARE(second.epochs[size_t(i - 1)].valLoss, straight.epochs[size_t(i)].valLoss);
        }
        QCOMPARE(resumed.result.testAccuracy, whole.result.testAccuracy);

        lk::storage::Database db = ws.connect();
        lk::runs::RunStore store(db);
        // ...and replaced by the resumed run's: every step exactly once, in order.
        const auto steps = store.steps(cut.runId);
        QCOMPARE(qint64(steps.size()), straight.steps);
        for (size_t i = 0; i < steps.size(); ++i)
            QCOMPARE(steps[i].step, qint64(i + 1));
        QCOMPARE(int(store.epochs(cut.runId).size()), 3);

        // A finished run cannot be resumed; an unknown one neither.
        QVERIFY_THROWS_EXCEPTION(lk::Error, lk::runs::runTrainingSession(ws, {{}, cut.runId, 0, {}, {}}, second));
        QVERIFY_THROWS_EXCEPTION(
            lk::Error, lk::runs::runTrainingSession(ws, {{}, QStringLiteral("run-nope"), 0, {}, {}}, second));
    }

    void nonFiniteLossStopsTheRun()
    {
        const Workspace ws = Workspace::open(fresh());
        TrainingConfig c = smallConfig();
        c.optimizer = OptimizerKind::Sgd;
        c.learningRate = 1e6;
        Recorder rec;
        const auto out = lk::runs::runTrainingSession(ws, {c, {}, 0, {}, {}}, rec);
        QCOMPARE(out.result.status, RunStatus::Diverged);
        QVERIFY(out.result.divergedStep > 1);
        QVERIFY(out.result.message.contains(QString::number(out.result.divergedStep)));
        QVERIFY(out.result.artifactPath.isEmpty());
        lk::storage::Database db = ws.connect();
        lk::runs::RunStore store(db);
        const auto run = store.run(out.runId);
        QCOMPARE(run->status, QStringLiteral("diverged"));
        QCOMPARE(*run->divergedStep, qint64(out.result.divergedStep));
    }

    void fineTunesFromAParent()
    {
        QVERIFY2(!m_artifact.isEmpty(), "trainsStoresAndExports runs first");
        const Workspace ws = Workspace::open(fresh());
        TrainingConfig c = smallConfig();
        c.epochs = 1;
        c.parentArtifact = m_artifact;
        Recorder tuned;
        const auto out = lk::runs::runTrainingSession(ws, {c, {}, 0, {}, {}}, tuned);
        QCOMPARE(out.result.status, RunStatus::Completed);
        c.parentArtifact.clear();
        Recorder scratch;
        lk::runs::runTrainingSession(ws, {c, {}, 0, {}, {}}, scratch);
        // Starting from trained weights, the first epoch is already much better.
        QVERIFY(tuned.epochs[0].valLoss < scratch.epochs[0].valLoss);

        c.model = QStringLiteral("mlp");
        c.parentArtifact = m_artifact;
        Recorder wrong;
        try {
            lk::runs::runTrainingSession(ws, {c, {}, 0, {}, {}}, wrong);
            QFAIL("a small-cnn parent was accepted for an mlp");
        } catch (const lk::Error &e) {
            QVERIFY2(
                e.message().contains(QStringLiteral("is a small-cnn, not a mlp")), qPrintable(e.message()));
        }
    }

    void mlpTrains()
    {
        const Workspace ws = Workspace::open(fresh());
        TrainingConfig c = smallConfig();
        c.model = QStringLiteral("mlp");
        c.epochs = 2;
        Recorder rec;
        const auto out = lk::runs::runTrainingSession(ws, {c, {}, 0, {}, {}}, rec);
        QCOMPARE(out.result.status, RunStatus::Completed);
        QVERIFY(out.result.testAccuracy > 0.5);
    }

    void badConfigIsRefused_data()
    {
        QTest::addColumn<QString>("field");
        QTest::newRow("model") << QStringLiteral("model");
        QTest::newRow("epochs") << QStringLiteral("epochs");
        QTest::newRow("batch") << QStringLiteral("batch");
        QTest::newRow("lr") << QStringLiteral("lr");
        QTest::newRow("validation") << QStringLiteral("validation");
    }

    void badConfigIsRefused()
    {
        QFETCH(QString, field);
        TrainingConfig c = smallConfig();
        if (field == QLatin1String("model"))
            c.model = QStringLiteral("resnet-9000");
        else if (field == QLatin1String("epochs"))
            c.epochs = 0;
        else if (field == QLatin1String("batch"))
            c.batchSize = 0;
        else if (field == QLatin1String("lr"))
            c.learningRate = -1;
        else
            c.validationFraction = 1.5;
        try {
            c.validate();
            QFAIL("a bad config passed");
        } catch (const lk::Error &e) {
            QCOMPARE(e.kind(), lk::ErrorKind::Usage);
        }
        const Workspace ws = Workspace::open(fresh());
        Recorder rec;
        QVERIFY_THROWS_EXCEPTION(lk::Error, lk::runs::runTrainingSession(ws, {c, {}, 0, {}, {}}, rec));
        lk::storage::Database db = ws.connect();
        QCOMPARE(lk::runs::RunStore(db).listRuns().size(), size_t(0)); // nothing half-created
    }

    void missingDatasetFailsTheRunWithItsReason()
    {
        const Workspace ws = Workspace::open(fresh());
        TrainingConfig c = smallConfig();
        c.datasetDir = m_tmp.filePath(QStringLiteral("no-such-dataset"));
        Recorder rec;
        try {
            lk::runs::runTrainingSession(ws, {c, {}, 0, {}, {}}, rec);
            QFAIL("a missing dataset was accepted");
        } catch (const lk::Error &e) {
            QCOMPARE(e.kind(), lk::ErrorKind::Input);
        }
        lk::storage::Database db = ws.connect();
        const auto runs = lk::runs::RunStore(db).listRuns();
        QCOMPARE(runs.size(), size_t(1));
        QCOMPARE(runs[0].status, QStringLiteral("failed"));
        QVERIFY(runs[0].message.contains(QStringLiteral("no-such-dataset")));
    }

    void pythonTorchJitLoadAgrees()
    {
        QVERIFY2(!m_artifact.isEmpty(), "trainsStoresAndExports runs first");
        const ImageSet test = loadIdxDataset(defaultFashionMnistDir(), Split::Test);
        constexpr int count = 200;
        const QString images = m_tmp.filePath(QStringLiteral("images.u8"));
        QVERIFY(lk::test::writeFile(
            images, QByteArray(reinterpret_cast<const char *>(test.pixels.data()), count * 784)));

        QProcess python;
        // Debian's python3-torch belongs to the system interpreter, not to any other python3 on PATH.
        python.start(QStringLiteral("/usr/bin/python3"),
            {lk::test::sourcePath(QStringLiteral("tests/python/torchscript_predict.py")), m_artifact, images,
                QString::number(count)});
        QVERIFY2(python.waitForFinished(120000), "python3 did not finish");
        QVERIFY2(python.exitCode() == 0,
            qPrintable(QStringLiteral("python3 with torch (Debian's python3-torch) is needed: ")
                + QString::fromUtf8(python.readAllStandardError())));
        const QJsonArray theirs = QJsonDocument::fromJson(python.readAllStandardOutput())
                                      .object()
                                      .value(QStringLiteral("predictions"))
                                      .toArray();
        QCOMPARE(theirs.size(), count);

        Classifier ours(m_artifact);
        const auto predictions = ours.predict(test, 0, count);
        double maxDiff = 0;
        for (int i = 0; i < count; ++i) {
            const QJsonObject t = theirs.at(i).toObject();
            QCOMPARE(predictions[size_t(i)].label, t.value(QStringLiteral("class")).toInt());
            const std::vector<float> probs = ours.probabilities(test.pixels.data() + size_t(i) * 784, 28, 28);
            const QJsonArray tp = t.value(QStringLiteral("probs")).toArray();
            for (int c = 0; c < 10; ++c)
                maxDiff = std::max(maxDiff, std::abs(double(probs[size_t(c)]) - tp.at(c).toDouble()));
        }
        QVERIFY2(maxDiff < 1e-5, qPrintable(QString::number(maxDiff)));
    }

private:
    QString fresh() { return m_tmp.filePath(QStringLiteral("ws%1").arg(++m_counter)); }

    QTemporaryDir m_tmp;
    int m_counter = 0;
    QString m_artifact;
};

QTEST_GUILESS_MAIN(TestTrainer)
#include "tst_trainer.moc"
