// The console as an operator meets it, on a workspace with data in every panel: no chart axis
// label is elided and every table's headers fit at the window's first-start size and at
// 1280x800; switching to a panel hands it the keyboard; the panel list carries each panel's live
// state and updates it as the workspace changes.

#include "common/WidgetSupport.h"
#include "core/drift/DriftStore.h"
#include "core/loop/SampleStore.h"
#include "core/outcomes/OutcomeStore.h"
#include "core/rollout/RolloutStore.h"
#include "core/rules/ReviewQueue.h"
#include "core/runs/RunStore.h"
#include "core/training/TrainingTypes.h"
#include "core/workspace/Workspace.h"
#include "ui/MainWindow.h"
#include "ui/PanelList.h"
#include "ui/panels/AgentsPanel.h"
#include "ui/panels/DriftPanel.h"
#include "ui/panels/Panel.h"
#include "ui/panels/ReviewQueuePanel.h"
#include "ui/panels/RolloutPanel.h"

#include <QChartView>
#include <QGraphicsTextItem>
#include <QHeaderView>
#include <QJsonArray>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

namespace {

/// A finished run with ten epochs, as the trainer stores one.
void addRun(lk::storage::Database &db, const QString &root)
{
    lk::runs::RunStore runs(db);
    lk::training::TrainingConfig config;
    config.epochs = 10;
    const QString run = runs.createRun(config, root);
    qint64 step = 0;
    for (int e = 0; e < 10; ++e) {
        std::vector<lk::training::StepRecord> steps;
        for (int i = 0; i < 50; ++i) {
            lk::training::StepRecord s;
            s.step = ++step;
            s.epoch = e + i / 50.0;
            s.trainLoss = 2.3 * std::exp(-double(step) / 120.0) + 0.05;
            s.wallSeconds = double(step) / 10.0;
            steps.push_back(s);
        }
        lk::training::EpochRecord r;
        r.epoch = e;
        r.trainLoss = steps.back().trainLoss;
        r.valLoss = r.trainLoss * 1.1 + 0.01 * e;
        r.valAccuracy = 0.62 + 0.031 * e;
        r.learningRate = 0.001;
        r.samplesPerSecond = 2500;
        r.wallSeconds = steps.back().wallSeconds;
        r.lastStep = step;
        runs.appendEpoch(run, r, steps);
    }
}

/// Twelve 30-second drift windows for four nodes, ending now.
void addWindows(lk::storage::Database &db)
{
    lk::drift::DriftStore drift(db);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (int k = 11; k >= 0; --k) {
        for (int n = 1; n <= 4; ++n) {
            lk::drift::StoredWindow w;
            w.node = QStringLiteral("edge-%1").arg(n);
            w.modelVersion = QStringLiteral("fashion-mnist@2");
            w.endedAtMs = now - k * 30000 - 500;
            w.endedAt = QDateTime::fromMSecsSinceEpoch(w.endedAtMs, Qt::UTC).toString(Qt::ISODateWithMs);
            w.predictions = 300;
            w.escalations = 30 + n * 3 + (n == 4 && k < 3 ? 60 : 0);
            w.escalationRate = double(w.escalations) / double(w.predictions);
            w.baselineRate = 0.11;
            w.psi = 0.02 * n;
            w.ksStatistic = 0.05;
            w.ksPValue = 0.4;
            w.alert = n == 4 && k < 3;
            drift.addWindow(w);
        }
    }
}

void addOutcomes(lk::storage::Database &db)
{
    QJsonArray events;
    for (int i = 0; i < 200; ++i) {
        const int agent = i % 4;
        events.append(QJsonObject{{QStringLiteral("event_id"), QStringLiteral("layout-%1").arg(i)},
            {QStringLiteral("agent_name"), QStringLiteral("research-agent-%1").arg(agent)},
            {QStringLiteral("task_type"), i % 2 ? QStringLiteral("analysis") : QStringLiteral("summarization")},
            {QStringLiteral("success"), (i * 7 + agent) % 10 < 6 + agent},
            {QStringLiteral("latency_ms"), 1200.0 + 350.0 * agent + (i % 13) * 20.0},
            {QStringLiteral("quality_score"), 0.55 + 0.1 * agent}});
    }
    QCOMPARE(lk::outcomes::OutcomeStore(db).ingest(events).accepted, 200);
}

std::vector<lk::rules::ProposedRule> proposals(int from, int n)
{
    std::vector<lk::rules::ProposedRule> out;
    for (int i = from; i < from + n; ++i) {
        lk::rules::ProposedRule p;
        p.ruleId = QStringLiteral("rule_20261207_%1").arg(i, 4, 10, QLatin1Char('0'));
        p.targetAgent = QStringLiteral("action_agent");
        p.priority = i % 2 ? QStringLiteral("high") : QStringLiteral("medium");
        p.confidence = 0.7 + (i % 25) * 0.01;
        p.triggerCondition = QStringLiteral("When downloading from site%1.example and receiving HTTP 429").arg(i);
        p.instruction = QStringLiteral("Do not retry; report failed and not recoverable.");
        p.rationale = QStringLiteral("Observed in %1 runs.").arg(i + 3);
        p.pattern.kind = QStringLiteral("repeated_failure");
        p.pattern.key = lk::rules::patternKey(p.pattern.kind, {p.targetAgent, QStringLiteral("site%1").arg(i)});
        p.pattern.subject = lk::rules::patternKey(QStringLiteral("failure"), {QStringLiteral("site%1").arg(i)});
        p.pattern.stance = QStringLiteral("no_retry");
        p.pattern.fingerprint = lk::rules::patternFingerprint(p.pattern.key);
        p.evidence.occurrences = p.evidence.runs = i + 3;
        p.evidence.batchIds = {QStringLiteral("batch_layout")};
        out.push_back(std::move(p));
    }
    return out;
}

/// A rollout watching its canary on one of four nodes.
void addRollout(lk::storage::Database &db)
{
    lk::rollout::RolloutStore store(db);
    lk::rollout::Rollout r;
    r.id = QStringLiteral("rollout-layout");
    r.modelVersion = QStringLiteral("fashion-mnist@3");
    r.previousVersion = QStringLiteral("fashion-mnist@2");
    r.createdBy = QStringLiteral("tst_console_layout");
    r.plan.steps = {25, 100};
    for (int n = 1; n <= 4; ++n) {
        lk::rollout::RolloutNode node;
        node.node = QStringLiteral("edge-%1").arg(n);
        node.step = n == 1 ? 0 : 1;
        node.state = n == 1 ? lk::rollout::RolloutNodeState::Deployed : lk::rollout::RolloutNodeState::Waiting;
        r.nodes.push_back(node);
    }
    r = store.create(r);
    r.status = lk::rollout::RolloutStatus::Monitoring;
    store.save(r);
}

/// Labels of the chart views under `w` that are cut ("..." or "…"), with the chart's name.
QStringList elidedAxisLabels(QWidget *w)
{
    QStringList cut;
    for (QChartView *view : w->findChildren<QChartView *>()) {
        if (!view->isVisible() || !view->scene())
            continue;
        for (QGraphicsItem *item : view->scene()->items()) {
            auto *text = dynamic_cast<QGraphicsTextItem *>(item);
            if (!text || !text->isVisible())
                continue;
            const QString label = text->toPlainText();
            if (label.contains(QStringLiteral("...")) || label.contains(QChar(0x2026)))
                cut << QStringLiteral("%1 (%2 px wide): \"%3\"")
                           .arg(view->parentWidget() ? view->parentWidget()->objectName() : view->objectName())
                           .arg(view->width())
                           .arg(label);
        }
    }
    return cut;
}

/// Columns of the tables under `w` whose header text does not fit their width.
QStringList cutHeaders(QWidget *w)
{
    QStringList cut;
    for (QTableView *view : w->findChildren<QTableView *>()) {
        if (!view->isVisible() || !view->model())
            continue;
        QHeaderView *header = view->horizontalHeader();
        const QFontMetrics fm(header->font());
        for (int c = 0; c < view->model()->columnCount(); ++c) {
            if (header->isSectionHidden(c))
                continue;
            const QString text = view->model()->headerData(c, Qt::Horizontal, Qt::DisplayRole).toString();
            const int needed = fm.horizontalAdvance(text) + 8; // the text and its margins
            if (header->sectionSize(c) < needed)
                cut << QStringLiteral("%1 column \"%2\": %3 px of %4").arg(view->objectName(), text).arg(
                    header->sectionSize(c)).arg(needed);
        }
    }
    return cut;
}

} // namespace

class TestConsoleLayout : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        lk::test::prepareGuiTest(QStringLiteral("tst_console_layout"));
        QVERIFY(m_tmp.isValid());
        const lk::Workspace ws = lk::Workspace::open(m_tmp.filePath(QStringLiteral("ws")));
        lk::storage::Database db = ws.connect();
        addRun(db, ws.root());
        addWindows(db);
        addOutcomes(db);
        addRollout(db);
        lk::rules::ReviewQueue(db, ws.memoryDir()).addProposals(proposals(0, 6));
        QByteArray samples;
        for (int i = 0; i < 12; ++i)
            samples += QStringLiteral("{\"sample_id\":\"layout-%1\",\"node_id\":\"edge-%2\",\"model_version\":"
                                      "\"fashion-mnist@2\",\"timestamp\":\"2026-12-07T08:00:00Z\",\"prediction\":"
                                      "{\"label\":%3,\"confidence\":0.41},\"correction\":{\"label\":%4,\"confidence\":"
                                      "%5,\"source\":\"teacher\"},\"input\":{\"uri\":\"node://edge-%2/layout-%1\"}}\n")
                           .arg(i)
                           .arg(i % 4 + 1)
                           .arg(i % 10)
                           .arg((i + 3) % 10)
                           .arg(i % 5 == 0 ? QStringLiteral("0.5") : QStringLiteral("0.95"))
                           .toUtf8();
        QCOMPARE(lk::loop::SampleStore(db).ingest(samples, lk::loop::SampleFilter{}).rejected.size(), 0);
    }

    void chartsAndTablesFit_data()
    {
        QTest::addColumn<QSize>("size");
        QTest::newRow("first start (1340x720)") << QSize(1340, 720);
        QTest::newRow("1280x800") << QSize(1280, 800);
    }

    void chartsAndTablesFit()
    {
        QFETCH(QSize, size);
        lk::ui::MainWindow w;
        w.resize(size);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QSignalSpy opened(w.session(), &lk::WorkspaceSession::opened);
        w.openWorkspace(m_tmp.filePath(QStringLiteral("ws")));
        QVERIFY(opened.wait(20000));
        for (int i = 0; i < int(w.panels().size()); ++i) {
            lk::ui::Panel *panel = w.panels()[i];
            w.showPanel(i);
            QTRY_VERIFY_WITH_TIMEOUT(!panel->isEmptyStateVisible(), 20000);
            QTest::qWait(300); // the charts lay out their axes after the data
            lk::test::screenshot(&w, QStringLiteral("layout_%1_%2x%3").arg(i).arg(size.width()).arg(size.height()));
            const QStringList labels = elidedAxisLabels(panel);
            QVERIFY2(labels.isEmpty(), qPrintable(panel->title() + QStringLiteral(": ") + labels.join(QStringLiteral("; "))));
            const QStringList headers = cutHeaders(panel);
            QVERIFY2(headers.isEmpty(), qPrintable(panel->title() + QStringLiteral(": ") + headers.join(QStringLiteral("; "))));
        }
    }

    void focusFollowsThePanel()
    {
        lk::ui::MainWindow w;
        w.resize(1340, 720);
        w.show();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        QSignalSpy opened(w.session(), &lk::WorkspaceSession::opened);
        w.openWorkspace(m_tmp.filePath(QStringLiteral("ws")));
        QVERIFY(opened.wait(20000));
        for (int i = 0; i < int(w.panels().size()); ++i) {
            lk::ui::Panel *panel = w.panels()[i];
            QTest::keyClick(&w, Qt::Key(Qt::Key_1 + i), Qt::ControlModifier);
            QCOMPARE(w.currentPanel(), i);
            QTRY_VERIFY_WITH_TIMEOUT(!panel->isEmptyStateVisible(), 20000);
            QTest::keyClick(&w, Qt::Key(Qt::Key_1 + i), Qt::ControlModifier); // now that it has content
            QVERIFY2(panel->focusTarget(), qPrintable(panel->title()));
            QVERIFY2(QApplication::focusWidget() == panel->focusTarget(),
                qPrintable(QStringLiteral("%1: the focus is on %2")
                               .arg(panel->title(),
                                   QApplication::focusWidget() ? QApplication::focusWidget()->objectName()
                                                               : QStringLiteral("nothing"))));
        }

        // In the review queue the keys act on the table: j moves down, the panel stays.
        auto *review = w.findChild<lk::ui::ReviewQueuePanel *>();
        QTest::keyClick(&w, Qt::Key_4, Qt::ControlModifier);
        auto *table = review->findChild<QTableView *>(QStringLiteral("reviewRulesTable"));
        QTRY_VERIFY_WITH_TIMEOUT(lk::test::rowCount(table) > 1, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(lk::test::currentRow(table), 0, 10000);
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_J);
        QCOMPARE(w.currentPanel(), 3);
        QTRY_COMPARE_WITH_TIMEOUT(lk::test::currentRow(table), 1, 5000);

        // Arrow keys in the panel list only preview: the keys stay in the list.
        auto *list = w.findChild<lk::ui::PanelList *>(QStringLiteral("panelList"));
        list->setFocus();
        QTest::keyClick(list, Qt::Key_Down);
        QCOMPARE(w.currentPanel(), 4);
        QCOMPARE(QApplication::focusWidget(), list);
        QTest::keyClick(list, Qt::Key_Return); // Enter hands the keyboard to the panel
        QCOMPARE(QApplication::focusWidget(), w.panels()[4]->focusTarget());
    }

    void panelListCarriesLiveState()
    {
        lk::ui::MainWindow w;
        w.resize(1340, 720);
        w.show();
        QSignalSpy opened(w.session(), &lk::WorkspaceSession::opened);
        w.openWorkspace(m_tmp.filePath(QStringLiteral("ws")));
        QVERIFY(opened.wait(20000));
        auto *list = w.findChild<lk::ui::PanelList *>(QStringLiteral("panelList"));
        const int review = int(w.panels().indexOf(w.findChild<lk::ui::ReviewQueuePanel *>()));
        const int drift = int(w.panels().indexOf(w.findChild<lk::ui::DriftPanel *>()));
        const int rollout = int(w.panels().indexOf(w.findChild<lk::ui::RolloutPanel *>()));
        const int agents = int(w.panels().indexOf(w.findChild<lk::ui::AgentsPanel *>()));
        w.showPanel(0); // the others are hidden: their states come from their monitors alone

        // What the workspace holds, counted by the panels' monitors.
        lk::storage::Database db = w.session()->workspace()->connect();
        const qint64 pending = lk::rules::ReviewQueue(db, w.session()->workspace()->memoryDir())
                                   .countsByStatus()
                                   .value(nameOf(lk::rules::RuleStatus::Proposed))
                                   .toInteger();
        QVERIFY(pending > 0);
        QTRY_COMPARE_WITH_TIMEOUT(list->stateText(review), QStringLiteral("%1 pending").arg(pending), 20000);
        QTRY_COMPARE_WITH_TIMEOUT(list->stateText(drift), QStringLiteral("1 drifting"), 20000);
        QTRY_COMPARE_WITH_TIMEOUT(list->stateText(rollout), QStringLiteral("canary 1/2"), 20000);
        QTRY_COMPARE_WITH_TIMEOUT(list->stateText(agents), QStringLiteral("4 agents"), 20000);
        QVERIFY(list->item(review)->data(Qt::AccessibleTextRole).toString().contains(QStringLiteral("pending")));
        QCOMPARE(list->item(drift)->data(lk::ui::PanelList::LevelRole).toInt(), 2);

        // New proposals change the count while the panel is hidden.
        lk::rules::ReviewQueue(db, w.session()->workspace()->memoryDir()).addProposals(proposals(100, 3));
        QTRY_COMPARE_WITH_TIMEOUT(list->stateText(review), QStringLiteral("%1 pending").arg(pending + 3), 20000);
    }

private:
    QTemporaryDir m_tmp;
};

QTEST_MAIN(TestConsoleLayout)
#include "tst_console_layout.moc"
