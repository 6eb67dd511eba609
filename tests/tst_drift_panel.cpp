// The Drift panel, offscreen, on a real workspace: windows judged by the real DriftEvaluator and
// stored through the DriftStore (as the fleet runner's drift step does) show up as a line per
// node with the baseline band, a node × time heat map with a cell per node and bucket, the
// latest window of each node with its PSI and KS figures, and the alerts with their explanation
// and a link to the training job they started — which the main window follows to Samples &
// Models.
#include "common/TestSupport.h"
#include "common/WidgetSupport.h"
#include "core/drift/DriftEvaluator.h"
#include "core/drift/DriftMonitor.h"
#include "core/drift/DriftStore.h"
#include "core/logging/Logging.h"
#include "core/loop/JobStore.h"
#include "core/workspace/WorkspaceSession.h"
#include "ui/MainWindow.h"
#include "ui/panels/DriftHeatMap.h"
#include "ui/panels/DriftPanel.h"
#include "ui/panels/DriftRateChart.h"
#include "ui/panels/SamplesModelsPanel.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTextBrowser>
#include <QtTest>

#include <cmath>
#include <random>

using lk::drift::StoredAlert;
using lk::drift::StoredWindow;

using lk::test::cellText;
using lk::test::screenshot;

namespace {

const QString kJobId = QStringLiteral("train_0123456789ab");
constexpr qint64 kWindowMs = 5 * 60 * 1000;
constexpr int kWindows = 12;

/// One node's traffic over a window: `rate` of the predictions are escalated (confidence below 0.7).
lk::drift::DriftWindow traffic(std::mt19937 &rng, qint64 endMs, double rate, double shift)
{
    lk::drift::DriftWindow w;
    w.end = QDateTime::fromMSecsSinceEpoch(endMs, Qt::UTC);
    w.predictions = 600;
    std::uniform_real_distribution<double> u(0.0, 1.0);
    for (qint64 i = 0; i < w.predictions; ++i) {
        const bool escalated = u(rng) < rate;
        const double c = escalated ? 0.7 * u(rng) : std::min(1.0, 0.7 + 0.3 * u(rng) - shift);
        w.confidences.push_back(std::clamp(c, 0.0, 1.0));
        w.escalations += w.confidences.back() < w.threshold ? 1 : 0;
    }
    w.labelled = w.escalations / 2;
    w.correct = w.labelled * 8 / 10;
    return w;
}

/// Judges and stores one window as the drift step would; returns it with its id.
StoredWindow store(lk::drift::DriftStore &drift, lk::drift::DriftEvaluator &judge, const QString &node,
    const lk::drift::DriftWindow &w)
{
    StoredWindow s = lk::drift::storedWindow(node, QStringLiteral("fashion-mnist@2"), w, judge.observe(w));
    drift.addWindow(s);
    return s;
}

/// Fills a workspace: three edge nodes with twelve 5-minute windows each; edge-3 drifts in its
/// last two, which raise alerts — the first started a training job, the second found the loop
/// cooling down.
void fill(lk::storage::Database &db, qint64 nowMs)
{
    lk::drift::DriftStore drift(db);
    std::mt19937 rng(7);
    int alerts = 0;
    for (const QString &node :
        {QStringLiteral("edge-1"), QStringLiteral("edge-2"), QStringLiteral("edge-3")}) {
        lk::drift::DriftEvaluator judge;
        for (int k = kWindows - 1; k >= 0; --k) {
            const bool drifting = node == QLatin1String("edge-3") && k < 2;
            const StoredWindow w = store(drift, judge, node,
                traffic(rng, nowMs - k * kWindowMs - 1000, drifting ? 0.32 : 0.10, drifting ? 0.15 : 0.0));
            QVERIFY2(w.alert == drifting, qPrintable(QStringLiteral("%1 window %2").arg(node).arg(k)));
            if (!w.alert)
                continue;
            StoredAlert a;
            a.windowId = w.id;
            a.node = node;
            a.modelVersion = w.modelVersion;
            a.raisedAt = w.endedAt;
            QStringList sentences;
            for (const QJsonValue &v : w.checks) {
                if (v.toObject().value(QStringLiteral("status")).toString() == QLatin1String("alert"))
                    sentences.append(v.toObject().value(QStringLiteral("explanation")).toString());
            }
            a.explanation = sentences.join(QLatin1Char(' '));
            a.checks = w.checks;
            if (alerts++ == 0) {
                a.trigger = {{QStringLiteral("action"), QStringLiteral("training_triggered")},
                    {QStringLiteral("reason"), QStringLiteral("drift_escalation")},
                    {QStringLiteral("training_job_id"), kJobId},
                    {QStringLiteral("target_model"), QStringLiteral("fashion-mnist@3")}};
                a.jobId = kJobId;
            } else {
                a.trigger = {{QStringLiteral("action"), QStringLiteral("none")},
                    {QStringLiteral("reason"), QStringLiteral("cooldown")}};
            }
            drift.addAlert(a);
        }
    }
}

bool writeFleet(const QString &root)
{
    QJsonArray nodes;
    for (const char *name : {"edge-1", "edge-2", "edge-3"})
        nodes.append(QJsonObject{{QStringLiteral("name"), QString::fromLatin1(name)},
            {QStringLiteral("url"), QStringLiteral("http://127.0.0.1:9")}});
    nodes.append(QJsonObject{{QStringLiteral("name"), QStringLiteral("teacher")},
        {QStringLiteral("url"), QStringLiteral("http://127.0.0.1:9")},
        {QStringLiteral("role"), QStringLiteral("teacher")}});
    return lk::test::writeFile(QDir(root).filePath(QStringLiteral("fleet.json")),
        QJsonDocument(QJsonObject{{QStringLiteral("nodes"), nodes}}).toJson());
}

} // namespace

class TestDriftPanel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        lk::test::prepareGuiTest(QStringLiteral("tst_drift_panel"));
    }

    void showsRatesHeatMapAndAlerts()
    {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const QString root = tmp.filePath(QStringLiteral("ws"));
        lk::WorkspaceSession session;
        QVERIFY(lk::test::openSession(session, root));

        lk::ui::DriftPanel panel(&session);
        panel.setRefreshInterval(100);
        panel.resize(1400, 900);
        panel.show();
        panel.setWorkspace(&session.info());
        QTRY_VERIFY_WITH_TIMEOUT(panel.snapshot().hasWorkspace, 10000);
        QVERIFY(panel.isEmptyStateVisible()); // nothing judged yet, and it says so

        QVERIFY(writeFleet(root));
        lk::storage::Database db = session.workspace()->connect();
        fill(db, QDateTime::currentMSecsSinceEpoch());
        if (QTest::currentTestFailed())
            return;
        QTRY_VERIFY_WITH_TIMEOUT(!panel.isEmptyStateVisible(), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(int(panel.snapshot().windows.size()), 3 * kWindows, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(int(panel.snapshot().alerts.size()), 2, 10000);

        // A line per edge node (not the teacher) and the baseline band.
        auto *chart = panel.findChild<lk::ui::DriftRateChart *>(QStringLiteral("driftRateChart"));
        QVERIFY(chart);
        QCOMPARE(chart->lineNames(),
            QStringList({QStringLiteral("edge-1"), QStringLiteral("edge-2"), QStringLiteral("edge-3")}));
        QVERIFY(chart->hasBand());
        QCOMPARE(chart->seriesCount(), 3 + 2); // the lines, the baseline and its band

        // By default the range fits the stored windows: every bucket of the heat map lies within
        // them, the oldest one included (no empty, hatched past), a bucket no finer than a window.
        auto *heat = panel.findChild<lk::ui::DriftHeatMap *>(QStringLiteral("driftHeatMap"));
        QCOMPARE(heat->rows(), 3);
        QVERIFY2(heat->columns() >= 6 && heat->columns() <= kWindows + 1, qPrintable(QString::number(heat->columns())));
        for (int row = 0; row < heat->rows(); ++row) {
            QVERIFY2(heat->grid().cell(row, 0).hasData(), qPrintable(heat->cellText(row, 0)));
            QVERIFY2(heat->grid().cell(row, heat->columns() - 1).hasData(),
                qPrintable(heat->cellText(row, heat->columns() - 1)));
        }
        QVERIFY(heat->cellText(2, heat->columns() - 1).contains(QStringLiteral("ALERT")));

        // The fixed ranges are still offered: the last 24 hours in hourly buckets.
        panel.setRange(3);
        QCOMPARE(heat->rows(), 3);
        QCOMPARE(heat->columns(), 24);
        QCOMPARE(heat->cellCount(), heat->rows() * heat->columns());
        QVERIFY2(heat->cellText(2, 23).contains(QStringLiteral("ALERT")), qPrintable(heat->cellText(2, 23)));
        QVERIFY(!heat->cellText(0, 23).contains(QStringLiteral("ALERT")));
        QVERIFY(heat->cellText(0, 0).contains(QStringLiteral("no window")));
        panel.setRange(1); // the last hour, in 5-minute buckets
        QCOMPARE(heat->columns(), 12);
        QCOMPARE(heat->cellCount(), 3 * 12);
        int withData = 0;
        for (int row = 0; row < heat->rows(); ++row)
            for (int column = 0; column < heat->columns(); ++column)
                withData += heat->grid().cell(row, column).hasData() ? 1 : 0;
        QVERIFY2(withData >= 3 * (kWindows - 1), qPrintable(QString::number(withData)));
        screenshot(&panel, QStringLiteral("drift_panel"));

        // One node alone: its line and its band.
        panel.setNode(QStringLiteral("edge-3"));
        QCOMPARE(panel.node(), QStringLiteral("edge-3"));
        QCOMPARE(chart->lineNames(), QStringList({QStringLiteral("edge-3")}));
        QVERIFY(chart->hasBand());
        auto *alerts = panel.findChild<QTableView *>(QStringLiteral("driftAlertsTable"));
        QCOMPARE(lk::test::rowCount(alerts), 2);
        panel.setNode(QStringLiteral("edge-1"));
        QCOMPARE(lk::test::rowCount(alerts), 0); // alerts of the node shown
        panel.setNode(QString());
        QCOMPARE(chart->lineNames().size(), 3);

        // The latest window of each node, with PSI and KS.
        auto *latest = panel.findChild<QTableView *>(QStringLiteral("driftLatestTable"));
        QCOMPARE(lk::test::rowCount(latest), 3);
        QCOMPARE(cellText(latest, 2, 0), QStringLiteral("edge-3"));
        const StoredWindow &last = panel.snapshot().windows.back();
        QCOMPARE(last.node, QStringLiteral("edge-3"));
        QVERIFY(last.psi.has_value());
        QCOMPARE(cellText(latest, 2, 6), QLocale().toString(*last.psi, 'f', 3));
        QCOMPARE(cellText(latest, 2, 7), QLocale().toString(*last.ksStatistic, 'f', 3));
        QVERIFY2(
            cellText(latest, 2, 9).contains(QStringLiteral("Alert")), qPrintable(cellText(latest, 2, 9)));
        QVERIFY2(cellText(latest, 0, 9).contains(QStringLiteral("OK")), qPrintable(cellText(latest, 0, 9)));

        // Alerts, newest first: explanation, what the loop did, and the job it started.
        const std::vector<StoredAlert> stored = lk::drift::DriftStore(db).alerts();
        QCOMPARE(cellText(alerts, 0, 5), stored.front().explanation);
        QVERIFY(cellText(alerts, 0, 5).contains(QStringLiteral("scalation")));
        QCOMPARE(cellText(alerts, 0, 4), QStringLiteral("no training (cooldown)"));
        QCOMPARE(cellText(alerts, 1, 4), QStringLiteral("training triggered"));
        QCOMPARE(cellText(alerts, 1, 3), kJobId);
        auto *jobButton = panel.findChild<QPushButton *>(QStringLiteral("showTrainingJobButton"));
        alerts->selectRow(0);
        QVERIFY(!jobButton->isEnabled());
        alerts->selectRow(1);
        QVERIFY(jobButton->isEnabled());
        auto *details = panel.findChild<QTextBrowser *>(QStringLiteral("driftAlertDetails"));
        QVERIFY(details->toHtml().contains(QStringLiteral("job:") + kJobId));
        QSignalSpy jobs(&panel, &lk::ui::DriftPanel::trainingJobRequested);
        jobButton->click();
        QCOMPARE(jobs.size(), 1);
        QCOMPARE(jobs.at(0).at(0).toString(), kJobId);
        QCOMPARE(lk::test::currentRow(alerts), 1); // the selection survives the next snapshots

        // A new window shows up at the next poll.
        lk::drift::DriftStore drift(db);
        StoredWindow extra = panel.snapshot().windows.front();
        extra.endedAtMs = QDateTime::currentMSecsSinceEpoch();
        extra.endedAt = QDateTime::fromMSecsSinceEpoch(extra.endedAtMs, Qt::UTC).toString(Qt::ISODateWithMs);
        drift.addWindow(extra);
        QTRY_COMPARE_WITH_TIMEOUT(int(panel.snapshot().windows.size()), 3 * kWindows + 1, 10000);
    }

    void alertLinkOpensTheJobInSamplesAndModels()
    {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        lk::ui::MainWindow w;
        w.show();
        QSignalSpy opened(w.session(), &lk::WorkspaceSession::opened);
        w.openWorkspace(tmp.filePath(QStringLiteral("ws")));
        QVERIFY(opened.wait(20000));
        lk::storage::Database db = w.session()->workspace()->connect();
        fill(db, QDateTime::currentMSecsSinceEpoch());
        if (QTest::currentTestFailed())
            return;
        lk::loop::LoopJob job;
        job.jobId = kJobId;
        job.modelLine = QStringLiteral("fashion-mnist");
        job.reason = QStringLiteral("drift_escalation");
        lk::loop::JobStore(db).create(job);
        lk::loop::JobStore(db).finish(
            kJobId, lk::loop::JobStatus::Cancelled, QStringLiteral("stopped by the test"));

        auto *samples = w.findChild<lk::ui::SamplesModelsPanel *>(QStringLiteral("samplesModelsPanel"));
        samples->setRefreshInterval(100); // hidden, it draws nothing until the link shows it
        auto *drift = w.findChild<lk::ui::DriftPanel *>(QStringLiteral("driftPanel"));
        drift->setRefreshInterval(100);
        w.showPanel(1);
        auto *alerts = drift->findChild<QTableView *>(QStringLiteral("driftAlertsTable"));
        QTRY_COMPARE_WITH_TIMEOUT(lk::test::rowCount(alerts), 2, 10000);
        alerts->selectRow(1);
        drift->findChild<QPushButton *>(QStringLiteral("showTrainingJobButton"))->click();
        QCOMPARE(w.currentPanel(), 5);
        auto *jobsTable = samples->findChild<QTableView *>(QStringLiteral("jobsTable"));
        QTRY_COMPARE_WITH_TIMEOUT(lk::test::currentRow(jobsTable), 0, 10000);
        QCOMPARE(samples->findChild<QTabWidget *>(QStringLiteral("samplesModelsTabs"))->currentWidget(),
            jobsTable->parentWidget());
        QCOMPARE(lk::test::cellText(jobsTable, lk::test::currentRow(jobsTable), 0), kJobId);
    }
};

QTEST_MAIN(TestDriftPanel)
#include "tst_drift_panel.moc"
