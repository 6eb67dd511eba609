// The Training panel, offscreen, with real training runs on Fashion-MNIST slices: points
// arrive on the charts while the run goes, the overfitting flag appears on a run built to
// overfit, pause/continue/cancel/resume work, a run trained by loopkeeper-cli shows up live,
// and the panel and loopkeeper-cli name the best epoch with the same number.
#include "common/TestSupport.h"
#include "core/logging/Logging.h"
#include "core/training/ImageDataset.h"
#include "core/workspace/WorkspaceSession.h"
#include "ui/MainWindow.h"
#include "ui/charts/CurveChart.h"
#include "ui/panels/TrainingPanel.h"
#include "ui/training/RunListModel.h"

#include <QAction>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QProcess>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using lk::training::TrainingConfig;
using lk::ui::TrainingPanel;

namespace {

TrainingConfig quickConfig(int epochs, int limit)
{
    TrainingConfig c;
    c.datasetDir = lk::training::defaultFashionMnistDir();
    c.epochs = epochs;
    c.trainLimit = limit;
    c.testLimit = 500;
    c.batchSize = 32;
    c.threads = 1;
    c.validationFraction = 0.05;
    return c;
}

} // namespace

class TestTrainingPanel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("LoopkeeperTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_training_panel"));
        lk::LogSink::install(lk::TerminalLog::Off, false);
        QVERIFY(m_tmp.isValid());
    }

    void init()
    {
        m_window = std::make_unique<lk::ui::MainWindow>();
        m_window->resize(1300, 900);
        m_window->show();
        m_panel = m_window->findChild<TrainingPanel *>(QStringLiteral("trainingPanel"));
        QVERIFY(m_panel);
        QSignalSpy opened(m_window->session(), &lk::WorkspaceSession::opened);
        m_window->openWorkspace(m_tmp.filePath(QStringLiteral("ws%1").arg(++m_counter)));
        QVERIFY(opened.wait(20000));
    }

    void cleanup()
    {
        m_panel = nullptr;
        m_window.reset();
    }

    void emptyWorkspaceOffersANewRun()
    {
        QTRY_VERIFY(m_panel->isEmptyStateVisible());
        auto *button = m_panel->findChild<QPushButton *>(QStringLiteral("trainingPanelEmptyButton"));
        QVERIFY(button);
        QVERIFY(button->isEnabled());
    }

    void liveRunDrawsCurvesAndHealth()
    {
        QSignalSpy ended(m_panel, &TrainingPanel::runEnded);
        m_panel->startRun(quickConfig(3, 2000));
        QVERIFY(m_panel->isTraining());
        // Points arrive while the run goes, not only at its end.
        QTRY_VERIFY_WITH_TIMEOUT(m_panel->lossChart()->totalPointCount() > 0 && m_panel->isTraining(), 60000);
        QVERIFY(ended.wait(120000));
        QCOMPARE(ended.first().at(1).toString(), QStringLiteral("completed"));
        QVERIFY(!m_panel->isTraining());
        QVERIFY(!m_panel->isEmptyStateVisible());

        lk::ui::RunListModel *model = m_panel->runModel();
        QTRY_COMPARE(model->rowCount(), 1);
        QTRY_COMPARE(model->runs().first().status, QStringLiteral("completed"));
        QCOMPARE(model->checkedRuns(), QStringList {model->runs().first().runId});
        // 3 epochs of 63 steps, plus 3 epoch points each for train and validation loss.
        const int steps = 3 * ((2000 + 31) / 32);
        QTRY_COMPARE(int(m_panel->lossChart()->totalPointCount()), steps + 3 + 3);
        QTRY_COMPARE(int(m_panel->accuracyChart()->totalPointCount()), 3);
        QTRY_VERIFY(m_panel->currentHealth().bestEpoch >= 0);
        auto *best = m_panel->findChild<QLabel *>(QStringLiteral("bestEpochLabel"));
        // Epochs are read from 1: index 0 is "Best epoch 1".
        QVERIFY2(best->text().startsWith(
                     QStringLiteral("Best epoch %1:").arg(m_panel->currentHealth().bestEpoch + 1)),
            qPrintable(best->text()));
        auto *recommendation = m_panel->findChild<QLabel *>(QStringLiteral("recommendationLabel"));
        QVERIFY(recommendation->text().contains(QStringLiteral("Recommendation")));
        QVERIFY(m_panel->lossChart()->marker().has_value());
        // The drawn step curve is decimated: never more than two points per pixel column.
        m_panel->lossChart()->redrawNow();
        for (int id : m_panel->lossChart()->seriesIds())
            QVERIFY(
                m_panel->lossChart()->drawnPoints(id).size() <= 2 * m_panel->lossChart()->plotWidth() + 4);
    }

    void overfittingFlagAppears()
    {
        TrainingConfig c = quickConfig(40, 200);
        c.batchSize = 16;
        c.learningRate = 0.003;
        QSignalSpy ended(m_panel, &TrainingPanel::runEnded);
        m_panel->startRun(c);
        auto *badge = m_panel->findChild<QLabel *>(QStringLiteral("overfittingBadge"));
        QVERIFY(badge);
        QVERIFY(!badge->isVisible());
        QTRY_VERIFY_WITH_TIMEOUT(badge->isVisible(), 120000);
        QVERIFY(m_panel->currentHealth().overfitting.detected);
        QVERIFY(!badge->toolTip().isEmpty());
        QVERIFY(m_panel->currentHealth().recommendation.action == QLatin1String("restore_best")
            || m_panel->currentHealth().recommendation.action == QLatin1String("stop"));
        m_panel->cancelRun();
        QVERIFY(ended.wait(60000));
        QCOMPARE(ended.first().at(1).toString(), QStringLiteral("cancelled"));
    }

    void pauseContinueCancelResume()
    {
        QSignalSpy ended(m_panel, &TrainingPanel::runEnded);
        auto *pause = m_panel->findChild<QAction *>(QStringLiteral("pauseRunAction"));
        auto *resume = m_panel->findChild<QAction *>(QStringLiteral("resumeRunAction"));
        m_panel->startRun(quickConfig(4, 1500));
        QTRY_VERIFY_WITH_TIMEOUT(pause->isEnabled() && m_panel->lossChart()->totalPointCount() > 0, 60000);
        m_panel->pauseRun();
        lk::ui::RunListModel *model = m_panel->runModel();
        // The store says "paused" while the job waits.
        QTRY_VERIFY_WITH_TIMEOUT(
            !model->runs().isEmpty() && model->runs().first().status == QLatin1String("paused"), 30000);
        const std::size_t frozen = m_panel->lossChart()->totalPointCount();
        m_panel->continueRun();
        QTRY_VERIFY_WITH_TIMEOUT(m_panel->lossChart()->totalPointCount() > frozen, 30000);
        QTRY_VERIFY_WITH_TIMEOUT(!model->runs().isEmpty() && model->runs().first().epochsDone >= 1, 60000);
        m_panel->cancelRun();
        QVERIFY(ended.wait(60000));
        QCOMPARE(ended.first().at(1).toString(), QStringLiteral("cancelled"));
        const QString runId = ended.first().at(0).toString();
        QTRY_COMPARE(model->runs().first().status, QStringLiteral("cancelled"));
        m_panel->setCurrentRun(runId);
        QTRY_VERIFY(resume->isEnabled());
        ended.clear();
        resume->trigger();
        QVERIFY(ended.wait(120000));
        QCOMPARE(ended.first().at(0).toString(), runId);
        QCOMPARE(ended.first().at(1).toString(), QStringLiteral("completed"));
        QTRY_COMPARE(model->runs().first().epochsDone, 4);
        QTRY_COMPARE(int(m_panel->accuracyChart()->totalPointCount()), 4);
    }

    void runsFromTheCliAppearLive()
    {
        QProcess cli;
        cli.start(lk::test::binary(QStringLiteral("loopkeeper-cli")),
            {QStringLiteral("train"), QStringLiteral("-w"), m_window->session()->root(),
                QStringLiteral("--epochs"), QStringLiteral("3"), QStringLiteral("--limit"),
                QStringLiteral("1500"), QStringLiteral("--test-limit"), QStringLiteral("300"),
                QStringLiteral("--batch"), QStringLiteral("32")});
        QVERIFY(cli.waitForStarted(10000));
        lk::ui::RunListModel *model = m_panel->runModel();
        QTRY_VERIFY_WITH_TIMEOUT(model->rowCount() == 1, 60000);
        QTRY_VERIFY_WITH_TIMEOUT(m_panel->accuracyChart()->totalPointCount() >= 1, 60000);
        QVERIFY(cli.waitForFinished(120000));
        QCOMPARE(cli.exitCode(), 0);
        QTRY_COMPARE(model->runs().first().status, QStringLiteral("completed"));
        QTRY_COMPARE(int(m_panel->accuracyChart()->totalPointCount()), 3);
    }

    void panelAndCliNameTheSameBestEpoch()
    {
        QSignalSpy ended(m_panel, &TrainingPanel::runEnded);
        m_panel->startRun(quickConfig(2, 1000));
        QVERIFY(ended.wait(120000));
        QCOMPARE(ended.first().at(1).toString(), QStringLiteral("completed"));
        const QString runId = ended.first().at(0).toString();
        m_panel->setCurrentRun(runId);
        QTRY_COMPARE(int(m_panel->accuracyChart()->totalPointCount()), 2);
        auto *label = m_panel->findChild<QLabel *>(QStringLiteral("bestEpochLabel"));
        QTRY_VERIFY(!label->text().isEmpty());

        // The panel: "Best epoch N: validation loss ...", the charts' marker and the run list.
        static const QRegularExpression panelPattern(QStringLiteral("^Best epoch (\\d+):"));
        const QRegularExpressionMatch panelMatch = panelPattern.match(label->text());
        QVERIFY2(panelMatch.hasMatch(), qPrintable(label->text()));
        const int panelBest = panelMatch.captured(1).toInt();
        QVERIFY(panelBest == 1 || panelBest == 2);
        const std::optional<lk::ui::CurveMarker> marker = m_panel->lossChart()->marker();
        QVERIFY(marker.has_value());
        QCOMPARE(marker->label, QStringLiteral("best epoch %1").arg(panelBest));
        QCOMPARE(marker->epoch, double(panelBest)); // epoch N ends at N on the epoch axis
        QCOMPARE(m_panel->accuracyChart()->marker()->label, marker->label);
        lk::ui::RunListModel *model = m_panel->runModel();
        QTRY_COMPARE(
            model->data(model->index(model->rowOf(runId), lk::ui::RunListModel::BestColumn), Qt::DisplayRole)
                .toInt(),
            panelBest);

        // The CLI's text: one "Epoch N:" line per epoch, numbered from 1; the last one flagged
        // [best] is the best epoch.
        const QString root = m_window->session()->root();
        QProcess monitor;
        monitor.start(lk::test::binary(QStringLiteral("loopkeeper-cli")),
            {QStringLiteral("monitor"), runId, QStringLiteral("-w"), root});
        QVERIFY(monitor.waitForFinished(60000));
        QCOMPARE(monitor.exitCode(), 0);
        const QString text = QString::fromUtf8(monitor.readAllStandardOutput());
        QVERIFY2(text.contains(QStringLiteral("Epoch 1: ")) && text.contains(QStringLiteral("Epoch 2: "))
                && !text.contains(QStringLiteral("Epoch 0: ")),
            qPrintable(text));
        int cliBest = -1;
        static const QRegularExpression linePattern(QStringLiteral("^Epoch (\\d+): .*\\[best\\]"));
        for (const QString &line : text.split(QLatin1Char('\n'))) {
            const QRegularExpressionMatch m = linePattern.match(line);
            if (m.hasMatch())
                cliBest = m.captured(1).toInt();
        }
        QCOMPARE(cliBest, panelBest);

        // The CLI's JSON keeps the 0-based index: "best_epoch" is one less than the number read.
        QProcess show;
        show.start(lk::test::binary(QStringLiteral("loopkeeper-cli")),
            {QStringLiteral("runs"), QStringLiteral("show"), runId, QStringLiteral("-w"), root});
        QVERIFY(show.waitForFinished(60000));
        QCOMPARE(show.exitCode(), 0);
        const QJsonObject run = QJsonDocument::fromJson(show.readAllStandardOutput()).object();
        QCOMPARE(run.value(QStringLiteral("best_epoch")).toInt(-1), panelBest - 1);
        QCOMPARE(run.value(QStringLiteral("health")).toObject().value(QStringLiteral("best_epoch")).toInt(-1),
            panelBest - 1);
    }

private:
    QTemporaryDir m_tmp;
    int m_counter = 0;
    std::unique_ptr<lk::ui::MainWindow> m_window;
    TrainingPanel *m_panel = nullptr;
};

QTEST_MAIN(TestTrainingPanel)
#include "tst_training_panel.moc"
