// The Agents panel, offscreen: outcome events stored in the workspace (by any process) show up
// as per-agent posteriors and metrics, and the recommendation box ranks the best agent first.
#include "common/WidgetSupport.h"
#include "core/logging/Logging.h"
#include "core/outcomes/OutcomeStore.h"
#include "core/workspace/WorkspaceSession.h"
#include "ui/MainWindow.h"
#include "ui/charts/CurveChart.h"
#include "ui/panels/AgentsPanel.h"

#include <QComboBox>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

class TestAgentsPanel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("LoopkeeperTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_agents_panel"));
        lk::LogSink::install(lk::TerminalLog::Off, false);
        QVERIFY(m_tmp.isValid());
    }

    void showsWhatTheModelLearnedAndRecommends()
    {
        lk::ui::MainWindow w;
        w.show();
        QSignalSpy opened(w.session(), &lk::WorkspaceSession::opened);
        w.openWorkspace(m_tmp.filePath(QStringLiteral("ws")));
        QVERIFY(opened.wait(20000));
        auto *panel = w.findChild<lk::ui::AgentsPanel *>(QStringLiteral("agentsPanel"));
        QVERIFY(panel);
        w.showPanel(int(w.panels().indexOf(panel))); // a hidden panel draws nothing
        QTRY_VERIFY(panel->isEmptyStateVisible());

        // Another writer (as loopkeeper-cli or the REST API would) stores outcomes.
        QJsonArray events;
        QRandomGenerator rng(3);
        const double rates[] = {0.9, 0.4, 0.3};
        for (int i = 0; i < 300; ++i) {
            const int a = int(rng.bounded(3));
            events.append(QJsonObject{{QStringLiteral("event_id"), QStringLiteral("e%1").arg(i)},
                {QStringLiteral("agent_name"), QStringLiteral("agent-%1").arg(a)},
                {QStringLiteral("task_type"), i % 2 ? QStringLiteral("analysis") : QStringLiteral("summary")},
                {QStringLiteral("success"), rng.generateDouble() < rates[a]},
                {QStringLiteral("latency_ms"), 100.0 * (a + 1)},
                {QStringLiteral("quality_score"), rates[a]}});
        }
        lk::storage::Database db = w.session()->workspace()->connect();
        QCOMPARE(lk::outcomes::OutcomeStore(db).ingest(events).accepted, 300);

        QSignalSpy shown(panel, &lk::ui::AgentsPanel::snapshotShown);
        QTRY_VERIFY_WITH_TIMEOUT(!panel->isEmptyStateVisible(), 20000);
        auto *agents = panel->findChild<QTableView *>(QStringLiteral("agentsTable"));
        QCOMPARE(lk::test::rowCount(agents), 3);
        QCOMPARE(lk::test::cellText(agents, 0, 0), QStringLiteral("agent-0"));
        QVERIFY(lk::test::cellText(agents, 0, 1).startsWith(QStringLiteral("8"))
            || lk::test::cellText(agents, 0, 1).startsWith(QStringLiteral("9")));
        auto *task = panel->findChild<QComboBox *>(QStringLiteral("taskTypeCombo"));
        QCOMPARE(task->count(), 2);
        auto *perTask = panel->findChild<QTableView *>(QStringLiteral("taskAgentsTable"));
        QCOMPARE(lk::test::rowCount(perTask), 3);
        auto *metrics = panel->findChild<QLabel *>(QStringLiteral("learningMetricsLabel"));
        QVERIFY2(metrics->text().contains(QStringLiteral("300")), qPrintable(metrics->text()));

        // Trends: a series per agent with every reported latency among the newest events.
        QCOMPARE(panel->latencyChart()->seriesIds().size(), 3);
        QCOMPARE(int(panel->latencyChart()->totalPointCount()), 300);
        QCOMPARE(int(panel->qualityChart()->totalPointCount()), 300);

        QSignalSpy ranked(panel, &lk::ui::AgentsPanel::recommendationShown);
        panel->findChild<QComboBox *>(QStringLiteral("recommendTaskCombo"))
            ->setCurrentText(QStringLiteral("analysis"));
        panel->findChild<QPushButton *>(QStringLiteral("recommendButton"))->click();
        QVERIFY(ranked.wait(10000));
        auto *ranking = panel->findChild<QTableView *>(QStringLiteral("recommendationTable"));
        QCOMPARE(lk::test::rowCount(ranking), 3);
        QCOMPARE(lk::test::cellText(ranking, 0, 1), QStringLiteral("agent-0"));

        // A bad context is refused in the panel, without a round trip.
        panel->findChild<QLineEdit *>(QStringLiteral("recommendContextEdit"))
            ->setText(QStringLiteral("[1, 2]"));
        panel->requestRecommendation();
        QVERIFY(panel->findChild<QLabel *>(QStringLiteral("recommendStatusLabel"))
                    ->text()
                    .contains(QStringLiteral("JSON object")));
    }

private:
    QTemporaryDir m_tmp;
};

QTEST_MAIN(TestAgentsPanel)
#include "tst_agents_panel.moc"
