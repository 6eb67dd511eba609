// The Review queue panel, offscreen, on a real workspace: proposals stored through the
// ReviewQueue show up in the table; j/k move; a approves (the memory file appears), u undoes it
// (the file goes), r asks a reason and rejects, d defers; a filter narrows the rows; a rule that
// another reviewer reserved on another connection cannot be decided here and says who holds it;
// a bulk approval asks first with a confirmation that states how many.
#include "common/WidgetSupport.h"
#include "core/logging/Logging.h"
#include "core/rules/MemoryFiles.h"
#include "core/rules/ReviewQueue.h"
#include "core/storage/Database.h"
#include "core/workspace/WorkspaceSession.h"
#include "ui/panels/ReviewQueuePanel.h"

#include <QAbstractButton>
#include <QApplication>
#include <QComboBox>
#include <QFile>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

#include <memory>

using namespace lk::rules;

namespace {

/// Six proposals: 03..06 high priority, 01..02 low; all for action_agent.
std::vector<ProposedRule> proposals()
{
    std::vector<ProposedRule> out;
    for (int i = 1; i <= 6; ++i) {
        ProposedRule p;
        p.ruleId = QStringLiteral("rule_20260224_%1").arg(i, 2, 10, QLatin1Char('0'));
        p.targetAgent = QStringLiteral("action_agent");
        p.priority = i <= 2 ? QStringLiteral("low") : QStringLiteral("high");
        p.confidence = 0.7 + i / 100.0;
        p.triggerCondition = QStringLiteral("When downloading from site%1.example and receiving HTTP 429").arg(i);
        p.instruction = QStringLiteral("Do not retry; report failed and not recoverable.");
        p.rationale = QStringLiteral("Observed %1 runs.").arg(i + 3);
        p.pattern.kind = QStringLiteral("repeated_failure");
        p.pattern.key = patternKey(p.pattern.kind, {p.targetAgent, QStringLiteral("site%1").arg(i)});
        p.pattern.subject = patternKey(QStringLiteral("failure"), {QStringLiteral("site%1").arg(i)});
        p.pattern.stance = QStringLiteral("no_retry");
        p.pattern.fingerprint = patternFingerprint(p.pattern.key);
        p.evidence.occurrences = p.evidence.runs = i + 3;
        p.evidence.runIds = {QStringLiteral("run-%1-a").arg(i), QStringLiteral("run-%1-b").arg(i)};
        p.evidence.batchIds = {QStringLiteral("batch_test")};
        p.evidence.impact.wastedRetries = i * 3;
        out.push_back(std::move(p));
    }
    return out;
}

/// Answers the next modal dialog once it is up: a QInputDialog gets `text` and is accepted; a
/// QMessageBox gets its button named `button` clicked. Records the dialog's text.
void answerNextDialog(const QString &text, const QString &button, QString *seen, int remainingMs = 10000)
{
    QTimer::singleShot(20, qApp, [=] {
        QWidget *modal = QApplication::activeModalWidget();
        if (auto *input = qobject_cast<QInputDialog *>(modal)) {
            *seen = input->labelText();
            input->setTextValue(text);
            input->accept();
        } else if (auto *box = qobject_cast<QMessageBox *>(modal)) {
            *seen = box->text() + QLatin1Char('\n') + box->informativeText();
            if (auto *b = box->findChild<QAbstractButton *>(button))
                b->click();
            else
                box->reject();
        } else if (remainingMs > 0) {
            answerNextDialog(text, button, seen, remainingMs - 20);
        }
    });
}

} // namespace

class TestReviewQueuePanel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        lk::test::prepareGuiTest(QStringLiteral("tst_review_queue_panel"));
        QSettings().setValue(QStringLiteral("review/reviewer"), QStringLiteral("alice"));
        QVERIFY(m_tmp.isValid());
    }

    void reviewsWithTheKeyboard()
    {
        const QString root = m_tmp.filePath(QStringLiteral("ws"));
        const lk::Workspace ws = lk::Workspace::open(root);
        lk::storage::Database db = ws.connect(); // "another console": its own connection
        ReviewQueue other(db, ws.memoryDir());
        other.addProposals(proposals());
        const MemoryFiles files(ws.memoryDir());
        const auto fileOf = [&](const QString &id) { return files.rulePath(QStringLiteral("action_agent"), id); };

        lk::WorkspaceSession session;
        QVERIFY(lk::test::openSession(session, root));
        lk::ui::ReviewQueuePanel panel(&session);
        panel.resize(1200, 700);
        panel.setRefreshInterval(100);
        panel.setWorkspace(&session.info());
        panel.show();
        panel.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&panel));
        QCOMPARE(panel.reviewer(), QStringLiteral("alice"));

        QTRY_COMPARE(panel.model()->rowCount(), 6);
        QVERIFY(!panel.isEmptyStateVisible());
        // Highest priority first, ties by rule id in the same direction.
        QCOMPARE(panel.model()->rowAt(0)->ruleId, QStringLiteral("rule_20260224_06"));
        QCOMPARE(panel.model()->rowAt(5)->ruleId, QStringLiteral("rule_20260224_01"));
        QTableView *table = panel.view();
        table->setFocus();
        QTRY_COMPARE(panel.currentRuleId(), QStringLiteral("rule_20260224_06"));
        QTRY_COMPARE(panel.selection().ruleId, QStringLiteral("rule_20260224_06"));
        QVERIFY(panel.selection().reservedByMe);
        QVERIFY(panel.canDecide());
        // The other console sees the reservation.
        QCOMPARE(other.reservation(QStringLiteral("rule_20260224_06"))->reviewer, QStringLiteral("alice"));

        // j / k move.
        QTest::keyClick(table, Qt::Key_J);
        QCOMPARE(panel.currentRuleId(), QStringLiteral("rule_20260224_05"));
        QTest::keyClick(table, Qt::Key_J);
        QTest::keyClick(table, Qt::Key_K);
        QCOMPARE(panel.currentRuleId(), QStringLiteral("rule_20260224_05"));
        QTRY_VERIFY(panel.selection().ruleId == QStringLiteral("rule_20260224_05") && panel.selection().reservedByMe);
        // Leaving a rule gives its reservation back.
        QTRY_VERIFY(!other.reservation(QStringLiteral("rule_20260224_06")));

        // a approves: the memory file appears, the rule leaves the open list.
        QSignalSpy actions(&panel, &lk::ui::ReviewQueuePanel::actionShown);
        QTest::keyClick(table, Qt::Key_A);
        QTRY_COMPARE(actions.size(), 1);
        QVERIFY2(actions.at(0).at(0).toBool(), qPrintable(actions.at(0).at(1).toString()));
        QVERIFY(QFile::exists(fileOf(QStringLiteral("rule_20260224_05"))));
        QCOMPARE(other.rule(QStringLiteral("rule_20260224_05")).row.status, RuleStatus::Approved);
        QCOMPARE(other.rule(QStringLiteral("rule_20260224_05")).decidedBy, QStringLiteral("alice"));
        QTRY_COMPARE(panel.model()->rowCount(), 5);
        QTRY_COMPARE(panel.currentRuleId(), QStringLiteral("rule_20260224_04")); // the next one

        // u undoes it: the file goes, the rule comes back.
        QTest::keyClick(table, Qt::Key_U);
        QTRY_COMPARE(actions.size(), 2);
        QVERIFY2(actions.at(1).at(0).toBool(), qPrintable(actions.at(1).at(1).toString()));
        QVERIFY(!QFile::exists(fileOf(QStringLiteral("rule_20260224_05"))));
        QCOMPARE(other.rule(QStringLiteral("rule_20260224_05")).row.status, RuleStatus::Proposed);
        QTRY_COMPARE(panel.model()->rowCount(), 6);
        QTRY_COMPARE(panel.currentRuleId(), QStringLiteral("rule_20260224_05"));
        QTRY_COMPARE(panel.selection().ruleId, QStringLiteral("rule_20260224_05"));

        // r asks a reason, then rejects.
        QString asked;
        answerNextDialog(QStringLiteral("too specific to one site"), {}, &asked);
        QTest::keyClick(table, Qt::Key_R);
        QTRY_COMPARE(actions.size(), 3);
        QVERIFY(asked.contains(QStringLiteral("rule_20260224_05")));
        QVERIFY2(actions.at(2).at(0).toBool(), qPrintable(actions.at(2).at(1).toString()));
        const RuleDetail rejected = other.rule(QStringLiteral("rule_20260224_05"));
        QCOMPARE(rejected.row.status, RuleStatus::Rejected);
        QCOMPARE(rejected.decisionReason, QStringLiteral("too specific to one site"));
        QTRY_COMPARE(panel.model()->rowCount(), 5);

        // d defers: the rule stays in the open list, deferred. (The offscreen platform has no
        // window manager to give the panel's window the focus back after the dialog.)
        panel.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&panel));
        QTRY_COMPARE(panel.currentRuleId(), QStringLiteral("rule_20260224_04"));
        QTRY_COMPARE(panel.selection().ruleId, QStringLiteral("rule_20260224_04"));
        QTest::keyClick(table, Qt::Key_D);
        QTRY_COMPARE(actions.size(), 4);
        QVERIFY2(actions.at(3).at(0).toBool(), qPrintable(actions.at(3).at(1).toString()));
        QCOMPARE(other.rule(QStringLiteral("rule_20260224_04")).row.status, RuleStatus::Deferred);
        QTRY_COMPARE(panel.model()->rowAt(panel.model()->rowOf(QStringLiteral("rule_20260224_04")))->status,
            RuleStatus::Deferred);
        // Selected again, the deferred rule offers what its status takes: approve and reject,
        // not another defer (docs/states.md).
        table->selectionModel()->setCurrentIndex(
            panel.model()->index(panel.model()->rowOf(QStringLiteral("rule_20260224_04")), 0),
            QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        QTRY_VERIFY(panel.selection().ruleId == QStringLiteral("rule_20260224_04")
            && panel.selection().detail.row.status == RuleStatus::Deferred);
        QTRY_VERIFY(!panel.findChild<QPushButton *>(QStringLiteral("reviewDeferButton"))->isEnabled());
        QVERIFY(panel.findChild<QPushButton *>(QStringLiteral("reviewApproveButton"))->isEnabled());
        QVERIFY(panel.findChild<QPushButton *>(QStringLiteral("reviewRejectButton"))->isEnabled());
        QVERIFY(!panel.canDecide(lk::rules::RuleCommand::Defer));
        QVERIFY(panel.canDecide(lk::rules::RuleCommand::Approve));

        // A filter narrows the rows (priority low: 01 and 02).
        auto *priority = panel.findChild<QComboBox *>(QStringLiteral("reviewPriorityFilter"));
        QVERIFY(priority);
        priority->setCurrentIndex(priority->findData(QStringLiteral("low")));
        QTRY_COMPARE(panel.model()->rowCount(), 2);
        priority->setCurrentIndex(0);
        auto *search = panel.findChild<QLineEdit *>(QStringLiteral("reviewSearch"));
        search->setText(QStringLiteral("site3.example"));
        QTRY_COMPARE(panel.model()->rowCount(), 1);
        search->clear();
        QTRY_COMPARE(panel.model()->rowCount(), 5);

        // A rule another reviewer reserved: decisions are disabled and the panel says who. (The
        // search above left 03 current: moving away gives it back first.)
        table->selectionModel()->setCurrentIndex(panel.model()->index(panel.model()->rowOf(QStringLiteral("rule_20260224_06")), 0),
            QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        QTRY_VERIFY(!other.reservation(QStringLiteral("rule_20260224_03")));
        other.reserve(QStringLiteral("rule_20260224_03"), QStringLiteral("bob"), QStringLiteral("bob-console"), 600);
        table->setFocus();
        const int row3 = panel.model()->rowOf(QStringLiteral("rule_20260224_03"));
        QVERIFY(row3 >= 0);
        table->selectionModel()->setCurrentIndex(panel.model()->index(row3, 0),
            QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        QTRY_COMPARE(panel.selection().ruleId, QStringLiteral("rule_20260224_03"));
        QVERIFY(!panel.selection().reservedByMe);
        QVERIFY(!panel.canDecide());
        auto *approveButton = panel.findChild<QPushButton *>(QStringLiteral("reviewApproveButton"));
        QVERIFY(!approveButton->isEnabled());
        QVERIFY(panel.findChild<QLabel *>(QStringLiteral("reviewReservationLabel"))->text().contains(QStringLiteral("bob")));
        QTest::keyClick(table, Qt::Key_A);
        QCOMPARE(other.rule(QStringLiteral("rule_20260224_03")).row.status, RuleStatus::Proposed);

        // Bulk approve: the confirmation states how many; bob's rule is skipped.
        table->selectAll();
        QTRY_VERIFY(approveButton->isEnabled());
        QString confirmation;
        answerNextDialog({}, QStringLiteral("bulkConfirmButton"), &confirmation);
        const qsizetype before = actions.size();
        QTest::keyClick(table, Qt::Key_A);
        QTRY_COMPARE(actions.size(), before + 1);
        QVERIFY2(confirmation.contains(QStringLiteral("Approve 4 rules")), qPrintable(confirmation));
        QVERIFY2(confirmation.contains(QStringLiteral("rule_20260224_03")), qPrintable(confirmation));
        QVERIFY(actions.last().at(0).toBool());
        for (const char *id : {"rule_20260224_01", "rule_20260224_02", "rule_20260224_04", "rule_20260224_06"})
            QVERIFY2(QFile::exists(fileOf(QString::fromLatin1(id))), id);
        QVERIFY(!QFile::exists(fileOf(QStringLiteral("rule_20260224_03"))));
        QTRY_COMPARE(panel.model()->rowCount(), 1);
    }

    void decisionThatLostARaceSaysWhoWon()
    {
        const QString root = m_tmp.filePath(QStringLiteral("race"));
        const lk::Workspace ws = lk::Workspace::open(root);
        lk::storage::Database db = ws.connect();
        ReviewQueue other(db, ws.memoryDir());
        other.addProposals(proposals());

        lk::WorkspaceSession session;
        QVERIFY(lk::test::openSession(session, root));
        lk::ui::ReviewQueuePanel panel(&session);
        panel.setRefreshInterval(60 * 1000); // no refresh: the panel still believes the rule open
        panel.setWorkspace(&session.info());
        panel.show();
        QTRY_COMPARE(panel.model()->rowCount(), 6);
        QTRY_COMPARE(panel.selection().ruleId, QStringLiteral("rule_20260224_06"));
        // Bob's console decides first (once alice's reservation is gone: it expired).
        other.release(QStringLiteral("rule_20260224_06"), QStringLiteral("alice"), panel.selection().detail.reservation->sessionId);
        DecisionRequest bob;
        bob.ruleId = QStringLiteral("rule_20260224_06");
        bob.reviewer = QStringLiteral("bob");
        bob.sessionId = QStringLiteral("bob-console");
        other.decide(bob);
        QSignalSpy actions(&panel, &lk::ui::ReviewQueuePanel::actionShown);
        panel.approve();
        QTRY_COMPARE(actions.size(), 1);
        QVERIFY(!actions.at(0).at(0).toBool());
        QVERIFY2(actions.at(0).at(1).toString().contains(QStringLiteral("bob")), qPrintable(actions.at(0).at(1).toString()));
    }

    void emptyQueueShowsTheEmptyState()
    {
        const QString root = m_tmp.filePath(QStringLiteral("empty"));
        lk::WorkspaceSession session;
        QVERIFY(lk::test::openSession(session, root));
        lk::ui::ReviewQueuePanel panel(&session);
        QSignalSpy shown(&panel, &lk::ui::ReviewQueuePanel::snapshotShown);
        panel.setWorkspace(&session.info());
        QTRY_VERIFY(!shown.isEmpty());
        QVERIFY(panel.isEmptyStateVisible());
        QCOMPARE(panel.model()->rowCount(), 0);
    }

private:
    QTemporaryDir m_tmp;
};

QTEST_MAIN(TestReviewQueuePanel)
#include "tst_review_queue_panel.moc"
