// The Rollout board, offscreen, on a real workspace filled through the RolloutStore (as the
// fleet runner or the CLI would): a tile per node with its version and health, the rollout's
// header with the deployment line, the judge's verdicts, a timeline that grows as events
// are stored, and commands that are offered only when they apply (in every status a stored
// rollout reaches, the ones it takes). Roll back asks first and, confirmed, leaves the stored
// rollout rolling back; a refused start shows the engine's words.
// The main window runs a fleet runner for the workspace it has open.
#include "common/StateSupport.h"
#include "common/TestSupport.h"
#include "common/WidgetSupport.h"
#include "core/logging/Logging.h"
#include "core/rollout/CanaryJudge.h"
#include "core/rollout/RolloutStore.h"
#include "core/workspace/WorkspaceSession.h"
#include "ui/FleetRunnerOwner.h"
#include "ui/MainWindow.h"
#include "ui/panels/DriftPanel.h"
#include "ui/panels/NodeTileView.h"
#include "ui/panels/RolloutGauges.h"
#include "ui/panels/RolloutPanel.h"
#include "ui/panels/StartRolloutDialog.h"

#include <QAbstractButton>
#include <QApplication>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>
#include <QTreeWidget>
#include <QtTest>

#include <algorithm>
#include <map>

using lk::rollout::Rollout;
using lk::rollout::RolloutCommand;
using lk::rollout::RolloutNode;
using lk::rollout::RolloutNodeState;
using lk::rollout::RolloutStatus;
using lk::rollout::RolloutStore;

using lk::test::answerNextDialog;
using lk::test::cellText;
using lk::test::screenshot;

namespace {

bool writeFleet(const QString &root, const QJsonArray &nodes)
{
    return lk::test::writeFile(QDir(root).filePath(QStringLiteral("fleet.json")),
        QJsonDocument(QJsonObject{{QStringLiteral("nodes"), nodes}}).toJson());
}

QJsonObject fleetNode(const QString &name, int port, const QString &role = QStringLiteral("edge"))
{
    return {{QStringLiteral("name"), name},
        {QStringLiteral("url"), QStringLiteral("http://127.0.0.1:%1").arg(port)},
        {QStringLiteral("tier"), QStringLiteral("tier_1")}, {QStringLiteral("role"), role}};
}

lk::rollout::NodeHealth health(
    const QString &node, const QString &status, const QString &version, const QString &error = {})
{
    lk::rollout::NodeHealth h;
    h.node = node;
    h.url = QStringLiteral("http://127.0.0.1:9/%1").arg(node);
    h.tier = QStringLiteral("tier_1");
    h.role = node == QLatin1String("teacher") ? QStringLiteral("teacher") : QStringLiteral("edge");
    h.status = lk::fleet::nodeHealthStatusFromName(status);
    h.modelVersion = version;
    h.checkedAt = lk::rollout::nowIso();
    h.lastUpAt = h.status == lk::fleet::NodeHealthStatus::Up ? h.checkedAt : QString();
    h.error = error;
    return h;
}

/// One group's window as the judge sees it.
lk::rollout::GroupWindow group(int nodes, qint64 predictions, qint64 escalations, double latencyMs)
{
    lk::rollout::GroupWindow g;
    g.nodes = nodes;
    g.predictions = predictions;
    g.escalations = escalations;
    g.labelled = escalations / 2;
    g.agreed = g.labelled * 9 / 10;
    for (int i = 0; i < 200; ++i)
        g.latenciesMs.push_back(latencyMs + (i % 10) * 0.1);
    return g;
}

int findTile(const lk::ui::NodeTileModel *model, const QString &node)
{
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row).data().toString() == node)
            return row;
    }
    return -1;
}

} // namespace

class TestRolloutPanel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        lk::test::prepareGuiTest(QStringLiteral("tst_rollout_panel"));
        qputenv("USER", "alice");
    }

    void showsTheBoardAndRollsBackAfterConfirmation()
    {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const QString root = tmp.filePath(QStringLiteral("ws"));
        lk::WorkspaceSession session;
        QVERIFY(lk::test::openSession(session, root));
        QVERIFY(writeFleet(root,
            {fleetNode(QStringLiteral("edge-1"), 9), fleetNode(QStringLiteral("edge-2"), 9),
                fleetNode(QStringLiteral("edge-3"), 9), fleetNode(QStringLiteral("edge-4"), 9),
                fleetNode(QStringLiteral("teacher"), 9, QStringLiteral("teacher"))}));

        lk::storage::Database db = session.workspace()->connect();
        RolloutStore store(db);
        const QString v2 = QStringLiteral("fashion-mnist@2");
        const QString v3 = QStringLiteral("fashion-mnist@3");
        store.saveHealth(health(QStringLiteral("edge-1"), QStringLiteral("up"), v2));
        store.saveHealth(health(QStringLiteral("edge-2"), QStringLiteral("up"), v3));
        store.saveHealth(health(
            QStringLiteral("edge-3"), QStringLiteral("down"), v2, QStringLiteral("Connection refused")));
        store.saveHealth(health(QStringLiteral("edge-4"), QStringLiteral("up"), v2));
        store.saveHealth(
            health(QStringLiteral("teacher"), QStringLiteral("up"), QStringLiteral("teacher-large")));

        // A rollout watching its canary (edge-2) at step 1 of 3, judged once already.
        Rollout r;
        r.id = QStringLiteral("rollout_test0001");
        r.modelVersion = v3;
        r.previousVersion = v2;
        r.artifactPath = tmp.filePath(QStringLiteral("model.pt"));
        r.sha256 = QStringLiteral("0123");
        r.plan.steps = {10, 50, 100};
        r.createdBy = QStringLiteral("alice");
        for (const QString &name : {QStringLiteral("edge-2"), QStringLiteral("edge-1"),
                 QStringLiteral("edge-3"), QStringLiteral("edge-4")}) {
            RolloutNode n;
            n.node = name;
            n.tier = QStringLiteral("tier_1");
            n.step = name == QLatin1String("edge-2") ? 0 : (name == QLatin1String("edge-1") ? 1 : 2);
            n.state = name == QLatin1String("edge-2") ? RolloutNodeState::Deployed : RolloutNodeState::Waiting;
            n.versionBefore = v2;
            r.nodes.push_back(n);
        }
        r = store.create(r);
        const lk::rollout::Judgement j =
            lk::rollout::judge(r.plan, group(1, 2000, 200, 10.0), group(3, 6000, 600, 10.0));
        QVERIFY(!j.metrics.empty());
        r.status = RolloutStatus::Monitoring;
        r.windowStartedAt = lk::rollout::nowIso();
        r.windowEndsAtMs = lk::rollout::nowMs() + 1800LL * 1000;
        r.judgement = j.toJson();
        r.judgement.insert(QStringLiteral("step"), 0);
        r.judgement.insert(QStringLiteral("judged_at"), lk::rollout::nowIso());
        r.canaryResult = QStringLiteral("passed");
        r.score = j.score;
        store.save(r);
        store.addEvent(r.id, QStringLiteral("deployed"),
            QStringLiteral("edge-2 installed fashion-mnist@3 (step 1)."), QStringLiteral("edge-2"));
        store.addEvent(r.id, QStringLiteral("watching"), QStringLiteral("Watching step 1 for 3600 s."));

        lk::ui::RolloutPanel panel(&session);
        panel.setRefreshInterval(100);
        panel.resize(1400, 900);
        panel.show();
        panel.setWorkspace(&session.info());
        QTRY_VERIFY_WITH_TIMEOUT(!panel.isEmptyStateVisible(), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(panel.snapshot().rollout && panel.snapshot().health.size() == 5, 10000);

        // Tiles: every node, with its version and health; the canary marked; the teacher too.
        auto *tiles = panel.findChild<lk::ui::NodeTileView *>(QStringLiteral("nodeTiles"));
        QVERIFY(tiles);
        const lk::ui::NodeTileModel *model = tiles->tileModel();
        QCOMPARE(model->rowCount(), 5);
        using Model = lk::ui::NodeTileModel;
        const QModelIndex edge2 = model->index(findTile(model, QStringLiteral("edge-2")));
        QCOMPARE(edge2.data(Model::VersionRole).toString(), v3);
        QCOMPARE(edge2.data(Model::HealthRole).toString(), QStringLiteral("up"));
        QVERIFY(edge2.data(Model::CanaryRole).toBool());
        QCOMPARE(edge2.data(Model::StateRole).toString(), QStringLiteral("deployed"));
        const QModelIndex edge3 = model->index(findTile(model, QStringLiteral("edge-3")));
        QCOMPARE(edge3.data(Model::HealthRole).toString(), QStringLiteral("down"));
        QCOMPARE(edge3.data(Model::VersionRole).toString(), v2);
        QVERIFY(!edge3.data(Model::CanaryRole).toBool());
        QVERIFY2(edge3.data(Qt::ToolTipRole).toString().contains(QStringLiteral("Connection refused")),
            qPrintable(edge3.data(Qt::ToolTipRole).toString()));
        QVERIFY(edge3.data(Qt::ToolTipRole).toString().contains(QStringLiteral("http://127.0.0.1:9")));
        QVERIFY(edge3.data(Qt::AccessibleTextRole).toString().contains(QStringLiteral("Down")));
        const QModelIndex teacher = model->index(findTile(model, QStringLiteral("teacher")));
        QCOMPARE(teacher.data(Model::VersionRole).toString(), QStringLiteral("teacher-large"));
        QCOMPARE(
            model->index(findTile(model, QStringLiteral("edge-1"))).data(Model::VersionRole).toString(), v2);
        auto *legend = panel.findChild<QLabel *>(QStringLiteral("versionLegend"));
        QVERIFY(legend->text().contains(v3) && legend->text().contains(v2));

        // The header: versions, phase, the deployment line, steps and nodes.
        auto *line = panel.findChild<QLabel *>(QStringLiteral("deploymentLabel"));
        QCOMPARE(line->text(), QStringLiteral("rolling_out · 1/4 nodes · canary passed"));
        QVERIFY(panel.findChild<QLabel *>(QStringLiteral("rolloutTitleLabel"))
                    ->text()
                    .contains(v3 + QStringLiteral(" replacing ") + v2));
        QCOMPARE(panel.findChild<QLabel *>(QStringLiteral("rolloutStatusLabel"))->text(),
            QStringLiteral("Watching step 1 of 3 (10 %)"));
        QVERIFY(panel.findChild<QLabel *>(QStringLiteral("rolloutStepsLabel"))
                    ->text()
                    .startsWith(QStringLiteral("Step 1 of 3")));
        QVERIFY(panel.findChild<QLabel *>(QStringLiteral("nodeCountsLabel"))
                    ->text()
                    .startsWith(QStringLiteral("1 deployed · 3 waiting")));
        auto *window = panel.findChild<QProgressBar *>(QStringLiteral("windowProgress"));
        QVERIFY2(window->format().contains(QStringLiteral("left of 1:00:00")), qPrintable(window->format()));

        // The verdicts as stored, with the score.
        auto *verdicts = panel.findChild<QTableView *>(QStringLiteral("verdictTable"));
        QCOMPARE(lk::test::rowCount(verdicts), int(j.metrics.size()));
        for (int row = 0; row < lk::test::rowCount(verdicts); ++row)
            QCOMPARE(cellText(verdicts, row, 5), j.metrics[std::size_t(row)].explanation);
        QCOMPARE(cellText(verdicts, 0, 0), QStringLiteral("Escalation rate"));
        QCOMPARE(cellText(verdicts, 0, 1), QStringLiteral("10.00 %"));
        auto *score = panel.findChild<lk::ui::ScoreBar *>(QStringLiteral("scoreBar"));
        QVERIFY(score->score().has_value());
        QCOMPARE(*score->score(), j.score);

        // The timeline, newest first, growing with the events stored.
        auto *timeline = panel.findChild<QTreeWidget *>(QStringLiteral("timelineList"));
        const int stored = int(store.events(r.id).size());
        QCOMPARE(stored, 3);
        QTRY_COMPARE_WITH_TIMEOUT(timeline->topLevelItemCount(), stored, 5000);
        QCOMPARE(timeline->topLevelItem(0)->text(3), QStringLiteral("Watching step 1 for 3600 s."));
        store.addEvent(r.id, QStringLiteral("retry"),
            QStringLiteral("Deploy on edge-3 failed (attempt 1 of 4)."), QStringLiteral("edge-3"));
        QTRY_COMPARE_WITH_TIMEOUT(timeline->topLevelItemCount(), stored + 1, 5000);
        QCOMPARE(timeline->topLevelItem(0)->text(2), QStringLiteral("edge-3"));
        QCOMPARE(timeline->topLevelItem(0)->text(1), QStringLiteral("Retrying"));
        screenshot(&panel, QStringLiteral("rollout_board"));

        // Commands offered only when they apply.
        auto *start = panel.findChild<QPushButton *>(QStringLiteral("startRolloutButton"));
        auto *pause = panel.findChild<QPushButton *>(QStringLiteral("pauseRolloutButton"));
        auto *resume = panel.findChild<QPushButton *>(QStringLiteral("resumeRolloutButton"));
        auto *promote = panel.findChild<QPushButton *>(QStringLiteral("promoteRolloutButton"));
        auto *rollback = panel.findChild<QPushButton *>(QStringLiteral("rollbackButton"));
        QVERIFY(!start->isEnabled()); // one rollout at a time
        QVERIFY(pause->isEnabled());
        QVERIFY(!resume->isEnabled());
        QVERIFY(promote->isEnabled());
        QVERIFY(rollback->isEnabled());
        auto *rollbackAction = panel.findChild<QAction *>(QStringLiteral("rollbackRolloutAction"));
        QCOMPARE(rollbackAction->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
        QVERIFY(!rollback->accessibleName().isEmpty());

        // Roll back, cancelled: nothing is sent. The pause that follows goes through the same
        // worker, after anything the cancelled dialog could have sent.
        QSignalSpy commands(&panel, &lk::ui::RolloutPanel::commandShown);
        QString text;
        bool seen = false;
        answerNextDialog(QStringLiteral("cancelRollbackButton"), &text, &seen);
        rollback->click();
        QTRY_VERIFY_WITH_TIMEOUT(seen, 10000);
        QVERIFY2(text.startsWith(QStringLiteral("Roll back 1 node from fashion-mnist@3 to fashion-mnist@2?")),
            qPrintable(text));
        pause->click();
        QTRY_COMPARE_WITH_TIMEOUT(commands.size(), 1, 10000);
        QCOMPARE(commands.at(0).at(0).toString(), QStringLiteral("pause"));
        QVERIFY(commands.at(0).at(1).toBool());
        QCOMPARE(store.get(r.id)->status, RolloutStatus::Paused);
        QTRY_VERIFY_WITH_TIMEOUT(resume->isEnabled() && !pause->isEnabled(), 5000);
        resume->click();
        QTRY_COMPARE_WITH_TIMEOUT(commands.size(), 2, 10000);
        QCOMPARE(store.get(r.id)->status, RolloutStatus::Monitoring);

        // Roll back, confirmed: the stored rollout rolls back, and the buttons follow.
        QTRY_VERIFY_WITH_TIMEOUT(rollback->isEnabled(), 5000);
        seen = false;
        answerNextDialog(QStringLiteral("confirmRollbackButton"), &text, &seen);
        rollback->click();
        QTRY_VERIFY_WITH_TIMEOUT(seen, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(commands.size(), 3, 10000);
        QCOMPARE(commands.at(2).at(0).toString(), QStringLiteral("rollback"));
        QVERIFY(commands.at(2).at(1).toBool());
        const std::optional<Rollout> after = store.get(r.id);
        QCOMPARE(after->status, RolloutStatus::RollingBack);
        QVERIFY(after->reason.contains(QStringLiteral("alice")));
        QTRY_VERIFY_WITH_TIMEOUT(!rollback->isEnabled(), 5000);
        QVERIFY(!pause->isEnabled());
        QVERIFY(!promote->isEnabled());
        QVERIFY(!start->isEnabled()); // still unfinished until every node is back
        QTRY_COMPARE_WITH_TIMEOUT(
            timeline->topLevelItem(0)->text(1), QStringLiteral("Rollback requested"), 5000);
        QCOMPARE(panel.findChild<QLabel *>(QStringLiteral("rolloutStatusLabel"))->text(),
            QStringLiteral("Rolling back from step 1 of 3"));
    }

    void commandsFollowTheStatesOfAStoredRollout()
    {
        // Every status a rollout reaches in a real store, as the engine and the operators'
        // commands (from any process) leave it: the buttons on offer are the ones the rollout
        // takes (Rollout::allowedCommands), which are the documented ones (docs/states.md).
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const QString root = tmp.filePath(QStringLiteral("ws"));
        lk::WorkspaceSession session;
        QVERIFY(lk::test::openSession(session, root));
        QVERIFY(writeFleet(root,
            {fleetNode(QStringLiteral("edge-1"), 9), fleetNode(QStringLiteral("edge-2"), 9),
                fleetNode(QStringLiteral("edge-3"), 9), fleetNode(QStringLiteral("edge-4"), 9)}));
        lk::storage::Database db = session.workspace()->connect();
        RolloutStore store(db);

        lk::ui::RolloutPanel panel(&session);
        panel.setRefreshInterval(100);
        panel.resize(1200, 800);
        panel.show();
        panel.setWorkspace(&session.info());
        auto *start = panel.findChild<QPushButton *>(QStringLiteral("startRolloutButton"));
        QTRY_VERIFY_WITH_TIMEOUT(start->isEnabled(), 10000);

        const std::map<RolloutCommand, const char *> buttons{{RolloutCommand::Pause, "pauseRolloutButton"},
            {RolloutCommand::Resume, "resumeRolloutButton"}, {RolloutCommand::Promote, "promoteRolloutButton"},
            {RolloutCommand::Rollback, "rollbackButton"}};
        const auto newRollout = [&](const QString &id) {
            Rollout r;
            r.id = id;
            r.modelVersion = QStringLiteral("fashion-mnist@3");
            r.previousVersion = QStringLiteral("fashion-mnist@2");
            r.artifactPath = tmp.filePath(QStringLiteral("model.pt"));
            r.sha256 = QStringLiteral("0123");
            r.plan.steps = {10, 50, 100};
            r.createdBy = QStringLiteral("alice");
            for (int n = 1; n <= 4; ++n) {
                RolloutNode node;
                node.node = QStringLiteral("edge-%1").arg(n);
                node.tier = QStringLiteral("tier_1");
                node.step = n == 1 ? 0 : (n == 2 ? 1 : 2);
                r.nodes.push_back(node);
            }
            return store.create(r);
        };
        // What the engine does when a step is deployed: the window starts.
        const auto watch = [&](Rollout r) {
            r.status = RolloutStatus::Monitoring;
            r.windowStartedAt = lk::rollout::nowIso();
            r.windowEndsAtMs = lk::rollout::nowMs() + 3600LL * 1000;
            store.save(r);
            return *store.get(r.id);
        };
        const auto end = [&](Rollout r, RolloutStatus status) {
            r.status = status;
            r.pausedFrom.reset();
            store.save(r);
            return *store.get(r.id);
        };
        const auto shown = [&panel](const Rollout &r) {
            const std::optional<Rollout> &s = panel.snapshot().rollout;
            return s && s->id == r.id && s->status == r.status && s->stepIndex == r.stepIndex
                && s->updatedAt == r.updatedAt;
        };
        const auto check = [&](const Rollout &r, const std::vector<RolloutCommand> &documented) {
            QTRY_VERIFY2_WITH_TIMEOUT(shown(r), qPrintable(nameOf(r.status)), 10000);
            for (const auto &[command, name] : buttons) {
                const bool expected =
                    std::find(documented.begin(), documented.end(), command) != documented.end();
                const QString what = QStringLiteral("%1 at step %2: %3")
                                         .arg(nameOf(r.status))
                                         .arg(r.stepIndex + 1)
                                         .arg(nameOf(command));
                QVERIFY2(r.allows(command) == expected, qPrintable(what));
                QVERIFY2(panel.findChild<QPushButton *>(QString::fromLatin1(name))->isEnabled() == expected,
                    qPrintable(what));
            }
            QCOMPARE(start->isEnabled(), r.isFinished()); // one rollout at a time
        };
#define CHECK_COMMANDS(rollout, ...)                                                                       \
    do {                                                                                                   \
        check(rollout, __VA_ARGS__);                                                                       \
        if (QTest::currentTestFailed())                                                                    \
            return;                                                                                        \
    } while (false)
        using C = RolloutCommand;
        const QString id = QStringLiteral("rollout_states_1");
        Rollout r = newRollout(id);
        CHECK_COMMANDS(r, {C::Pause, C::Rollback}); // deploying the canary
        r = store.pause(id, QStringLiteral("bob"));
        CHECK_COMMANDS(r, {C::Resume, C::Promote, C::Rollback}); // paused while deploying
        r = store.resume(id, QStringLiteral("bob"));
        QCOMPARE(r.status, RolloutStatus::Deploying);
        CHECK_COMMANDS(r, {C::Pause, C::Rollback});
        r = watch(r);
        CHECK_COMMANDS(r, {C::Pause, C::Promote, C::Rollback}); // watching the canary
        r = store.pause(id, QStringLiteral("bob"));
        QVERIFY(r.pausedFrom == RolloutStatus::Monitoring);
        CHECK_COMMANDS(r, {C::Resume, C::Promote, C::Rollback});
        r = store.promote(id, QStringLiteral("bob"));
        QCOMPARE(r.stepIndex, 1);
        CHECK_COMMANDS(r, {C::Pause, C::Rollback}); // deploying step 2
        r = watch(r);
        CHECK_COMMANDS(r, {C::Pause, C::Promote, C::Rollback});
        r = store.promote(id, QStringLiteral("bob"));
        QCOMPARE(r.stepIndex, 2);
        CHECK_COMMANDS(r, {C::Pause, C::Rollback}); // deploying the last step
        r = store.pause(id, QStringLiteral("bob"));
        CHECK_COMMANDS(r, {C::Resume, C::Rollback}); // paused at the last step: nothing to promote to
        r = store.rollback(id, QStringLiteral("bob"), QStringLiteral("latency"));
        CHECK_COMMANDS(r, {}); // a rollback runs to its end
        r = end(r, RolloutStatus::RolledBack);
        CHECK_COMMANDS(r, {});
        r = end(newRollout(QStringLiteral("rollout_states_2")), RolloutStatus::Completed);
        CHECK_COMMANDS(r, {});
        r = end(newRollout(QStringLiteral("rollout_states_3")), RolloutStatus::Aborted);
        CHECK_COMMANDS(r, {});
#undef CHECK_COMMANDS
    }

    void saysWhatIsMissingAndShowsARefusedStart()
    {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const QString root = tmp.filePath(QStringLiteral("ws"));
        lk::WorkspaceSession session;
        QVERIFY(lk::test::openSession(session, root));

        lk::ui::RolloutPanel panel(&session);
        panel.setRefreshInterval(100);
        panel.resize(1200, 800);
        panel.show();
        panel.setWorkspace(&session.info());
        QTRY_VERIFY_WITH_TIMEOUT(panel.snapshot().hasWorkspace, 10000);
        // No fleet file: the empty state says where it goes and what it holds.
        QVERIFY(panel.isEmptyStateVisible());
        QCOMPARE(panel.findChild<QLabel *>(QStringLiteral("rolloutPanelEmptyHeading"))->text(),
            QStringLiteral("No fleet file yet"));
        QVERIFY(panel.findChild<QLabel *>(QStringLiteral("rolloutPanelEmptyHow"))
                    ->text()
                    .contains(QStringLiteral("\"nodes\"")));
        QVERIFY(panel.findChild<QLabel *>(QStringLiteral("rolloutPanelWorkspaceNote"))
                    ->text()
                    .contains(QDir::toNativeSeparators(QDir(root).filePath(QStringLiteral("fleet.json")))));

        // A fleet of one edge node: the board shows it, with no rollout yet.
        QVERIFY(writeFleet(root, {fleetNode(QStringLiteral("edge-1"), 9)}));
        QTRY_VERIFY_WITH_TIMEOUT(!panel.isEmptyStateVisible(), 10000);
        QCOMPARE(panel.findChild<QLabel *>(QStringLiteral("rolloutTitleLabel"))->text(),
            QStringLiteral("No rollout yet"));
        const lk::ui::NodeTileModel *model =
            panel.findChild<lk::ui::NodeTileView *>(QStringLiteral("nodeTiles"))->tileModel();
        QCOMPARE(model->rowCount(), 1);
        QCOMPARE(
            model->index(0).data(lk::ui::NodeTileModel::HealthRole).toString(), QStringLiteral("unknown"));
        auto *start = panel.findChild<QPushButton *>(QStringLiteral("startRolloutButton"));
        QTRY_VERIFY_WITH_TIMEOUT(start->isEnabled(), 5000);
        for (const char *name :
            {"pauseRolloutButton", "resumeRolloutButton", "promoteRolloutButton", "rollbackButton"})
            QVERIFY2(!panel.findChild<QPushButton *>(QString::fromLatin1(name))->isEnabled(), name);

        // A canary needs two edge nodes: the engine refuses, and the dialog says why.
        const QString artifact = tmp.filePath(QStringLiteral("model.pt"));
        QVERIFY(lk::test::writeFile(artifact, "not really a model"));
        start->click();
        QTRY_VERIFY_WITH_TIMEOUT(panel.startDialog(), 5000);
        lk::ui::StartRolloutDialog *dialog = panel.startDialog();
        QVERIFY(!dialog->findChild<QRadioButton *>(QStringLiteral("registeredVersionRadio"))->isEnabled());
        QVERIFY(dialog->findChild<QRadioButton *>(QStringLiteral("artifactFileRadio"))->isChecked());
        dialog->findChild<QLineEdit *>(QStringLiteral("artifactPathEdit"))->setText(artifact);
        dialog->findChild<QLineEdit *>(QStringLiteral("versionNameEdit"))
            ->setText(QStringLiteral("fashion-mnist@9"));
        QCOMPARE(
            dialog->findChild<QLineEdit *>(QStringLiteral("stepsEdit"))->text(), QStringLiteral("10, 100"));
        QSignalSpy commands(&panel, &lk::ui::RolloutPanel::commandShown);
        dialog->findChild<QPushButton *>(QStringLiteral("confirmStartRolloutButton"))->click();
        QTRY_COMPARE_WITH_TIMEOUT(commands.size(), 1, 20000);
        QCOMPARE(commands.at(0).at(0).toString(), QStringLiteral("start"));
        QVERIFY(!commands.at(0).at(1).toBool());
        QVERIFY(panel.startDialog()); // stays open to fix the request
        QVERIFY2(dialog->errorText().contains(QStringLiteral("A canary needs at least 2 edge nodes")),
            qPrintable(dialog->errorText()));
        screenshot(dialog, QStringLiteral("start_rollout_refused"));

        // Steps that do not end at 100 are refused in the dialog, naming the key.
        dialog->findChild<QLineEdit *>(QStringLiteral("stepsEdit"))->setText(QStringLiteral("10, 50"));
        dialog->findChild<QPushButton *>(QStringLiteral("confirmStartRolloutButton"))->click();
        QVERIFY2(dialog->errorText().contains(QStringLiteral("steps")), qPrintable(dialog->errorText()));
        QCOMPARE(commands.size(), 1);
        dialog->reject();
        QTRY_VERIFY_WITH_TIMEOUT(!panel.startDialog(), 5000);
    }

    void mainWindowRunsAFleetRunnerForTheOpenWorkspace()
    {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        lk::ui::MainWindow w;
        w.show(); // panels draw only while on screen
        QSignalSpy opened(w.session(), &lk::WorkspaceSession::opened);
        const QString first = tmp.filePath(QStringLiteral("first"));
        w.openWorkspace(first);
        QVERIFY(opened.wait(20000));
        QVERIFY(w.fleetRunner()->isRunning());
        QCOMPARE(w.fleetRunner()->fleetPath(), QDir(first).filePath(QStringLiteral("fleet.json")));
        auto *panel = w.findChild<lk::ui::RolloutPanel *>(QStringLiteral("rolloutPanel"));
        w.showPanel(int(w.panels().indexOf(panel))); // a hidden panel draws nothing
        QTRY_VERIFY_WITH_TIMEOUT(panel->snapshot().hasWorkspace, 10000);

        // The second workspace has a fleet whose node does not answer: the runner polls it and the
        // board shows it down, with the error.
        const QString second = tmp.filePath(QStringLiteral("second"));
        QVERIFY(QDir().mkpath(second));
        QVERIFY(writeFleet(second, {fleetNode(QStringLiteral("edge-1"), 9)}));
        w.openWorkspace(second);
        QVERIFY(opened.wait(20000));
        QCOMPARE(w.fleetRunner()->fleetPath(), QDir(second).filePath(QStringLiteral("fleet.json")));
        QTRY_COMPARE_WITH_TIMEOUT(
            panel->snapshot().fleetPath, QDir(second).filePath(QStringLiteral("fleet.json")), 10000);
        const auto edgeDown = [panel] {
            const lk::rollout::NodeHealth *h = panel->snapshot().healthOf(QStringLiteral("edge-1"));
            return h && h->status == lk::fleet::NodeHealthStatus::Down && !h->error.isEmpty();
        };
        QTRY_VERIFY_WITH_TIMEOUT(edgeDown(), 30000);
        const lk::ui::NodeTileModel *model =
            panel->findChild<lk::ui::NodeTileView *>(QStringLiteral("nodeTiles"))->tileModel();
        QCOMPARE(model->index(0).data(lk::ui::NodeTileModel::HealthRole).toString(), QStringLiteral("down"));
    }

    void oneFleetMonitorServesTheRolloutAndTheDriftPanel()
    {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const QString root = tmp.filePath(QStringLiteral("ws"));
        QVERIFY(QDir().mkpath(root));
        QVERIFY(writeFleet(root, {fleetNode(QStringLiteral("edge-1"), 9)}));
        lk::ui::MainWindow w;
        w.show();
        QSignalSpy opened(w.session(), &lk::WorkspaceSession::opened);
        w.openWorkspace(root);
        QVERIFY(opened.wait(20000));

        const QList<lk::rollout::FleetMonitor *> monitors = w.findChildren<lk::rollout::FleetMonitor *>();
        QCOMPARE(monitors.size(), 1);
        lk::rollout::FleetMonitor *monitor = monitors.first();
        QCOMPARE(monitor->parts(), lk::rollout::FleetMonitor::Rollouts | lk::rollout::FleetMonitor::Drift);
        auto *rollout = w.findChild<lk::ui::RolloutPanel *>(QStringLiteral("rolloutPanel"));
        auto *drift = w.findChild<lk::ui::DriftPanel *>(QStringLiteral("driftPanel"));
        rollout->setRefreshInterval(100);

        // Neither fleet panel on screen: the monitor slows down.
        w.showPanel(0);
        QVERIFY(!monitor->isWatched());
        QCOMPARE(monitor->pollInterval(), 100 * lk::Monitor::kSlowDown);

        // A node's health (one the fleet runner does not poll) reaches both panels.
        lk::storage::Database db = w.session()->workspace()->connect();
        RolloutStore(db).saveHealth(
            health(QStringLiteral("edge-9"), QStringLiteral("up"), QStringLiteral("fashion-mnist@2")));
        w.showPanel(int(w.panels().indexOf(rollout)));
        QVERIFY(monitor->isWatched());
        QCOMPARE(monitor->pollInterval(), 100);
        QTRY_VERIFY_WITH_TIMEOUT(rollout->snapshot().healthOf(QStringLiteral("edge-9")), 10000);
        w.showPanel(int(w.panels().indexOf(drift)));
        QVERIFY(monitor->isWatched());
        QTRY_VERIFY_WITH_TIMEOUT(drift->snapshot().healthOf(QStringLiteral("edge-9")), 10000);
        QCOMPARE(drift->snapshot().fleetPath, rollout->snapshot().fleetPath);
    }
};

QTEST_MAIN(TestRolloutPanel)
#include "tst_rollout_panel.moc"
