// The Samples & Models panel, offscreen, on a real workspace: escalated samples stored through
// the SampleStore (by "another writer", as the REST API or the CLI would) show up counted by
// status, node, class and day with the filtered-out corrections and their reasons; the trigger
// shows its progress; versions registered through the ModelRegistry with a stored gate decision
// show up as a table, a lineage tree and a details report; the artifact check catches a file
// that changed on disk; the manual trigger asks first and a cancelled confirmation starts
// nothing; promote asks first, refuses a tampered artifact and then promotes.
#include "common/TestSupport.h"
#include "common/WidgetSupport.h"
#include "core/logging/Logging.h"
#include "core/loop/JobStore.h"
#include "core/loop/ModelRegistry.h"
#include "core/loop/RegressionGate.h"
#include "core/loop/SampleStore.h"
#include "core/workspace/WorkspaceSession.h"
#include "ui/MainWindow.h"
#include "ui/panels/SamplesModelsPanel.h"

#include <QAbstractButton>
#include <QApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTextBrowser>
#include <QTimer>
#include <QTreeWidget>
#include <QUuid>
#include <QtTest>

using lk::test::answerNextDialog;
using lk::test::cellText;

namespace {

/// A 28×28 grey image, different per seed, as the inline input format carries it.
QString imageBase64(int seed)
{
    QByteArray pixels(28 * 28, '\0');
    for (int i = 0; i < pixels.size(); ++i)
        pixels[i] = char((i * 7 + seed * 13) % 256);
    return QString::fromLatin1(pixels.toBase64());
}

QJsonObject sample(const QString &id, const QString &node, const QString &time, int predicted, int corrected,
    double correctionConfidence, bool inlineInput = true)
{
    const QJsonObject input = inlineInput
        ? QJsonObject{{QStringLiteral("format"), QStringLiteral("u8-28x28-base64")},
            {QStringLiteral("data"), imageBase64(id.size() + predicted * 3 + corrected)}}
        : QJsonObject{{QStringLiteral("uri"), QStringLiteral("node://%1/%2").arg(node, id)}};
    return QJsonObject{{QStringLiteral("sample_id"), id}, {QStringLiteral("node_id"), node},
        {QStringLiteral("model_version"), QStringLiteral("fashion-mnist@1")},
        {QStringLiteral("timestamp"), time},
        {QStringLiteral("prediction"),
            QJsonObject{{QStringLiteral("label"), predicted}, {QStringLiteral("confidence"), 0.41}}},
        {QStringLiteral("correction"),
            QJsonObject{{QStringLiteral("label"), corrected},
                {QStringLiteral("confidence"), correctionConfidence},
                {QStringLiteral("source"), QStringLiteral("teacher-large")}}},
        {QStringLiteral("input"), input}};
}

/// The row whose first column reads `key`, or -1.
int rowOf(QTableView *t, const QString &key)
{
    for (int r = 0; r < lk::test::rowCount(t); ++r)
        if (cellText(t, r, 0) == key)
            return r;
    return -1;
}

} // namespace

class TestSamplesModelsPanel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        lk::test::prepareGuiTest(QStringLiteral("tst_samples_models_panel"));
        QVERIFY(m_tmp.isValid());
    }

    void showsTheLoopAndActsOnlyAfterConfirmation()
    {
        lk::ui::MainWindow w;
        w.show();
        QSignalSpy opened(w.session(), &lk::WorkspaceSession::opened);
        w.openWorkspace(m_tmp.filePath(QStringLiteral("ws")));
        QVERIFY(opened.wait(20000));
        auto *panel = w.findChild<lk::ui::SamplesModelsPanel *>(QStringLiteral("samplesModelsPanel"));
        QVERIFY(panel);
        w.showPanel(int(w.panels().indexOf(panel))); // a hidden panel draws nothing
        panel->setRefreshInterval(100);
        QTRY_VERIFY_WITH_TIMEOUT(panel->snapshot().hasWorkspace, 10000);
        QVERIFY(panel->isEmptyStateVisible()); // an empty workspace says so honestly

        // Another writer stores samples: 6 usable, 1 waiting for its input on the node, and 2
        // corrections below the confidence threshold (0.8) that must never be trained on.
        const QJsonArray batch = {
            sample(QStringLiteral("s1"), QStringLiteral("node-a"), QStringLiteral("2025-01-01T10:00:00Z"), 0,
                6, 0.95),
            sample(QStringLiteral("s2"), QStringLiteral("node-a"), QStringLiteral("2025-01-01T11:00:00Z"), 2,
                4, 0.90),
            sample(QStringLiteral("s3"), QStringLiteral("node-a"), QStringLiteral("2025-01-02T09:00:00Z"), 5,
                3, 0.85),
            sample(QStringLiteral("s4"), QStringLiteral("node-b"), QStringLiteral("2025-01-02T12:00:00Z"), 0,
                6, 0.99),
            sample(QStringLiteral("s5"), QStringLiteral("node-b"), QStringLiteral("2025-01-03T08:00:00Z"), 2,
                1, 0.81),
            sample(QStringLiteral("s6"), QStringLiteral("node-c"), QStringLiteral("2025-01-03T09:00:00Z"), 5,
                7, 0.90),
            sample(QStringLiteral("f1"), QStringLiteral("node-a"), QStringLiteral("2025-01-03T10:00:00Z"), 0,
                6, 0.55),
            sample(QStringLiteral("f2"), QStringLiteral("node-c"), QStringLiteral("2025-01-03T11:00:00Z"), 9,
                7, 0.60),
            sample(QStringLiteral("u1"), QStringLiteral("node-b"), QStringLiteral("2025-01-03T12:00:00Z"), 8,
                8, 0.90, false),
        };
        lk::storage::Database db = w.session()->workspace()->connect();
        const lk::loop::SampleIngestReport report = lk::loop::SampleStore(db).ingest(
            QJsonDocument(batch).toJson(QJsonDocument::Compact), lk::loop::SampleFilter());
        QCOMPARE(report.accepted, 7);
        QCOMPARE(report.filtered, 2);

        QTRY_VERIFY_WITH_TIMEOUT(!panel->isEmptyStateVisible(), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(panel->snapshot().totalSamples, qint64(9), 10000);

        // Counts by status (lifecycle order, zeros included), node, class and day.
        auto *byStatus = panel->findChild<QTableView *>(QStringLiteral("samplesByStatusTable"));
        QCOMPARE(lk::test::rowCount(byStatus), 5);
        QCOMPARE(cellText(byStatus, rowOf(byStatus, QStringLiteral("Pending")), 1), QStringLiteral("7"));
        QCOMPARE(cellText(byStatus, rowOf(byStatus, QStringLiteral("Filtered out")), 1), QStringLiteral("2"));
        QCOMPARE(cellText(byStatus, rowOf(byStatus, QStringLiteral("In training")), 1), QStringLiteral("0"));
        auto *byNode = panel->findChild<QTableView *>(QStringLiteral("samplesByNodeTable"));
        QCOMPARE(lk::test::rowCount(byNode), 3);
        QCOMPARE(cellText(byNode, 0, 0), QStringLiteral("node-a")); // busiest first
        QCOMPARE(cellText(byNode, 0, 1), QStringLiteral("4"));
        QCOMPARE(cellText(byNode, rowOf(byNode, QStringLiteral("node-c")), 1), QStringLiteral("2"));
        auto *byClass = panel->findChild<QTableView *>(QStringLiteral("samplesByClassTable"));
        QCOMPARE(cellText(byClass, rowOf(byClass, QStringLiteral("6 Shirt")), 1), QStringLiteral("3"));
        QCOMPARE(cellText(byClass, rowOf(byClass, QStringLiteral("7 Sneaker")), 1), QStringLiteral("2"));
        auto *byDay = panel->findChild<QTableView *>(QStringLiteral("samplesByDayTable"));
        QCOMPARE(lk::test::rowCount(byDay), 3);
        QCOMPARE(cellText(byDay, 0, 0), QStringLiteral("2025-01-03")); // newest first
        QCOMPARE(cellText(byDay, 0, 1), QStringLiteral("5"));
        auto *summary = panel->findChild<QLabel *>(QStringLiteral("samplesSummaryLabel"));
        QVERIFY2(summary->text().contains(QStringLiteral("6 trainable")), qPrintable(summary->text()));
        QVERIFY2(summary->text().contains(QStringLiteral("1 waiting")), qPrintable(summary->text()));

        // The filtered-out corrections, each with its reason.
        auto *filtered = panel->findChild<QTableView *>(QStringLiteral("filteredSamplesTable"));
        QCOMPARE(lk::test::rowCount(filtered), 2);
        QCOMPARE(cellText(filtered, 0, 0), QStringLiteral("f2")); // newest first
        QVERIFY2(cellText(filtered, 1, 5).contains(QStringLiteral("0.55")), qPrintable(cellText(filtered, 1, 5)));
        QVERIFY2(cellText(filtered, 1, 6).contains(QStringLiteral("below the threshold 0.8")),
            qPrintable(cellText(filtered, 1, 6)));
        auto *filteredSummary = panel->findChild<QLabel *>(QStringLiteral("filteredSummaryLabel"));
        QVERIFY2(filteredSummary->text().contains(QStringLiteral("corrections: 2")),
            qPrintable(filteredSummary->text()));

        // Trigger: 6 of the default threshold of 100, no job yet, no schedule.
        auto *progress = panel->findChild<QProgressBar *>(QStringLiteral("triggerProgress"));
        QCOMPARE(progress->maximum(), 100);
        QCOMPARE(progress->value(), 6);
        QCOMPARE(progress->text(), QStringLiteral("6 of 100 usable samples"));
        auto *triggerState = panel->findChild<QLabel *>(QStringLiteral("triggerStateLabel"));
        QVERIFY2(triggerState->text().startsWith(QStringLiteral("No trigger holds")),
            qPrintable(triggerState->text()));
        QVERIFY(panel->findChild<QLabel *>(QStringLiteral("cooldownLabel"))
                    ->text()
                    .contains(QStringLiteral("none yet")));
        QVERIFY(panel->findChild<QLabel *>(QStringLiteral("scheduleLabel"))
                    ->text()
                    .contains(QStringLiteral("off")));

        // Registry: v1 active; v2 fine-tuned from it and rejected by an operator; v3 fine-tuned
        // from v1, left to a human by the gate. Fake artifacts: the registry only hashes files.
        lk::loop::ModelRegistry registry(db);
        // One commit, as a finished job makes it: the panel sees the registry whole.
        lk::storage::Transaction tx(db);
        const auto artifact = [this](const QString &name, const QByteArray &bytes) {
            const QString path = m_tmp.filePath(name);
            lk::test::writeFile(path, bytes);
            return path;
        };
        const QString p1 = artifact(QStringLiteral("v1.pt"), "model one");
        const QString p2 = artifact(QStringLiteral("v2.pt"), "model two");
        const QString p3 = artifact(QStringLiteral("v3.pt"), "model three");
        const QString line = QStringLiteral("fashion-mnist");
        const QJsonObject params{{QStringLiteral("model"), QStringLiteral("small-cnn")}};
        const lk::loop::ModelVersion v1 =
            registry.addCandidate(line, p1, lk::loop::ModelRegistry::fileSha256(p1), params,
                {{QStringLiteral("test_accuracy"), 0.75}}, QString(), 0, QString());
        registry.activate(v1.id);
        const lk::loop::ModelVersion v2 =
            registry.addCandidate(line, p2, lk::loop::ModelRegistry::fileSha256(p2), params,
                {{QStringLiteral("test_accuracy"), 0.70}}, v1.id, 4, QString());
        registry.archive(v2.id);
        const lk::loop::ModelVersion v3 =
            registry.addCandidate(line, p3, lk::loop::ModelRegistry::fileSha256(p3), params,
                {{QStringLiteral("test_accuracy"), 0.90}}, v1.id, 6, QString());

        // A real gate report: 200 inputs, the candidate right far more often, but too small a
        // set (and no latency measured) for the gate to promote on its own.
        lk::loop::GateInputs in;
        for (int i = 0; i < 200; ++i) {
            const int label = i % 10;
            in.labels.push_back(label);
            in.incumbent.push_back({i % 4 == 0 ? (label + 1) % 10 : label, 0.9});
            in.candidate.push_back({i % 10 == 0 ? (label + 1) % 10 : label, 0.9});
        }
        const lk::loop::GateReport gate = lk::loop::evaluateGate(in);
        QCOMPARE(gate.decision, lk::loop::GateDecision::NeedsHuman);
        QJsonObject gateJson = gate.toJson();
        gateJson.insert(QStringLiteral("candidate"), v3.name());
        gateJson.insert(QStringLiteral("incumbent"), v1.name());
        gateJson.insert(
            QStringLiteral("eval_set"), QStringLiteral("200 test images + 0 corrected escalations"));
        const auto storeDecision = [&db](const lk::loop::ModelVersion &v, const QString &incumbent,
                                       const QJsonObject &gateReport, const QString &by) {
            lk::storage::Statement s = db.prepare(
                "INSERT INTO gate_decisions (id, candidate_version, incumbent_version, decision, report_json,"
                " decided_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
            s.bind(1, QUuid::createUuid().toString(QUuid::WithoutBraces)).bind(2, v.id);
            incumbent.isEmpty() ? s.bindNull(3) : s.bind(3, incumbent);
            s.bind(4, gateReport.value(QStringLiteral("decision")).toString())
                .bind(5, QString::fromUtf8(QJsonDocument(gateReport).toJson(QJsonDocument::Compact)))
                .bind(6, by)
                .bind(7, QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs))
                .run();
        };
        storeDecision(v3, v1.id, gateJson, QStringLiteral("regression_gate"));
        storeDecision(v2, QString(),
            {{QStringLiteral("decision"), QStringLiteral("reject")},
                {QStringLiteral("reviewer"), QStringLiteral("alice")},
                {QStringLiteral("candidate"), v2.name()}},
            QStringLiteral("alice"));
        tx.commit();

        auto *table = panel->findChild<QTableView *>(QStringLiteral("registryTable"));
        QTRY_COMPARE_WITH_TIMEOUT(lk::test::rowCount(table), 3, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(
            cellText(table, 0, 1), QStringLiteral("Candidate, awaiting a decision"), 10000);
        QCOMPARE(cellText(table, 0, 0), QStringLiteral("fashion-mnist@3")); // newest first
        QCOMPARE(cellText(table, 0, 2), QStringLiteral("fashion-mnist@1"));
        QCOMPARE(cellText(table, 0, 3), QStringLiteral("90.00 %"));
        QCOMPARE(cellText(table, 0, 4), QStringLiteral("6"));
        QCOMPARE(cellText(table, 0, 6), v3.sha256.left(12));
        QCOMPARE(
            cellText(table, rowOf(table, QStringLiteral("fashion-mnist@1")), 1), QStringLiteral("Active"));
        QCOMPARE(
            cellText(table, rowOf(table, QStringLiteral("fashion-mnist@2")), 1), QStringLiteral("Archived"));
        QCOMPARE(cellText(table, rowOf(table, QStringLiteral("fashion-mnist@1")), 2),
            QStringLiteral("— (from scratch)"));

        // Lineage: v1 is the root, v2 and v3 its children, oldest first.
        auto *tree = panel->findChild<QTreeWidget *>(QStringLiteral("lineageTree"));
        QCOMPARE(tree->topLevelItemCount(), 1);
        QTreeWidgetItem *root = tree->topLevelItem(0);
        QCOMPARE(root->text(0), QStringLiteral("fashion-mnist@1"));
        QCOMPARE(root->childCount(), 2);
        QCOMPARE(root->child(0)->text(0), QStringLiteral("fashion-mnist@2"));
        QCOMPARE(root->child(1)->text(0), QStringLiteral("fashion-mnist@3"));
        QCOMPARE(root->child(1)->text(3), QStringLiteral("Needs a human decision"));
        QCOMPARE(root->child(0)->text(3), QStringLiteral("Reject"));

        // Details of the newest (selected by default): metrics and the gate's numbers.
        QCOMPARE(panel->selectedVersion(), v3.id);
        auto *details = panel->findChild<QTextBrowser *>(QStringLiteral("versionDetails"));
        const QString text = details->toPlainText();
        for (const QString &expected : {QStringLiteral("Needs a human decision"), QStringLiteral("Lift"),
                 QStringLiteral("+15.00 points"), QStringLiteral("McNemar p"), QStringLiteral("Per class"),
                 QStringLiteral("0 T-shirt/top"), QStringLiteral("significant_improvement"),
                 QStringLiteral("75.00 % → 90.00 %"), v3.sha256})
            QVERIFY2(text.contains(expected), qPrintable(expected + QStringLiteral(" not in:\n") + text));
        auto *promote = panel->findChild<QPushButton *>(QStringLiteral("promoteButton"));
        auto *reject = panel->findChild<QPushButton *>(QStringLiteral("rejectButton"));
        QVERIFY(promote->isEnabled());
        QVERIFY(reject->isEnabled());

        // Selecting in the tree selects in the table; the active version cannot be decided on.
        tree->setCurrentItem(root);
        QCOMPARE(panel->selectedVersion(), v1.id);
        QCOMPARE(lk::test::currentRow(table), rowOf(table, QStringLiteral("fashion-mnist@1")));
        QVERIFY(!promote->isEnabled());
        QVERIFY(details->toPlainText().contains(QStringLiteral("none: trained from scratch")));
        table->selectRow(0);
        QCOMPARE(panel->selectedVersion(), v3.id);
        QCOMPARE(tree->currentItem(), root->child(1));

        // Artifact check off the UI thread: intact, then tampered.
        auto *check = panel->findChild<QPushButton *>(QStringLiteral("checkArtifactButton"));
        auto *result = panel->findChild<QLabel *>(QStringLiteral("artifactResultLabel"));
        QSignalSpy checked(panel, &lk::ui::SamplesModelsPanel::artifactCheckShown);
        check->click();
        QVERIFY(checked.wait(10000));
        QCOMPARE(checked.takeFirst().at(1).toBool(), true);
        QVERIFY2(result->text().startsWith(QStringLiteral("✓")), qPrintable(result->text()));
        QVERIFY(lk::test::writeFile(p3, "model three, changed on disk"));
        check->click();
        QVERIFY(checked.wait(10000));
        QCOMPARE(checked.takeFirst().at(1).toBool(), false);
        QVERIFY2(result->text().contains(QStringLiteral("mismatch")), qPrintable(result->text()));
        QVERIFY2(result->text().contains(v3.sha256), qPrintable(result->text()));

        // Train Now asks first; cancelling starts nothing.
        auto *train = panel->findChild<QPushButton *>(QStringLiteral("trainNowButton"));
        QVERIFY(train->isEnabled());
        QString dialogText;
        bool seen = false;
        answerNextDialog(QStringLiteral("cancelTrainButton"), &dialogText, &seen);
        train->click();
        QTRY_VERIFY_WITH_TIMEOUT(seen, 10000);
        QVERIFY2(dialogText.startsWith(QStringLiteral("Start a training job now with 6 samples?")),
            qPrintable(dialogText));
        QVERIFY2(dialogText.contains(QStringLiteral("fine-tunes fashion-mnist@1")), qPrintable(dialogText));
        QTRY_VERIFY_WITH_TIMEOUT(!QApplication::activeModalWidget(), 10000);
        QVERIFY(lk::loop::JobStore(db).jobs().empty());
        QVERIFY(panel->snapshot().jobs.empty());
        QCOMPARE(lk::loop::SampleStore(db).trainableCount(), qint64(6)); // nothing claimed

        // Promote asks first; a candidate whose artifact changed is refused, with the reason.
        QSignalSpy decided(panel, &lk::ui::SamplesModelsPanel::decisionShown);
        seen = false;
        answerNextDialog(QStringLiteral("confirmDecisionButton"), &dialogText, &seen);
        promote->click();
        QTRY_VERIFY_WITH_TIMEOUT(seen, 10000);
        QVERIFY2(dialogText.startsWith(QStringLiteral("Promote fashion-mnist@3?")), qPrintable(dialogText));
        QTRY_COMPARE_WITH_TIMEOUT(decided.size(), 1, 10000); // may arrive while the dialog is answered
        QCOMPARE(decided.takeFirst().at(1).toBool(), false);
        QMessageBox *error = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT(
            (error = panel->findChild<QMessageBox *>(QStringLiteral("decisionErrorDialog"))), 10000);
        QVERIFY2(error->informativeText().contains(QStringLiteral("changed after registration")),
            qPrintable(error->informativeText()));
        error->accept();
        QCOMPARE(registry.version(v3.id)->status, QStringLiteral("training"));

        // The file restored, the promotion goes through and the registry shows it.
        QVERIFY(lk::test::writeFile(p3, "model three"));
        seen = false;
        answerNextDialog(QStringLiteral("confirmDecisionButton"), &dialogText, &seen);
        promote->click();
        QTRY_VERIFY_WITH_TIMEOUT(seen, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(decided.size(), 1, 10000); // may arrive while the dialog is answered
        QCOMPARE(decided.takeFirst().at(1).toBool(), true);
        QTRY_COMPARE_WITH_TIMEOUT(cellText(table, 0, 1), QStringLiteral("Active"), 10000);
        QCOMPARE(cellText(table, rowOf(table, QStringLiteral("fashion-mnist@1")), 1),
            QStringLiteral("Deprecated"));
        QCOMPARE(registry.version(v3.id)->status, QStringLiteral("active"));
        QVERIFY(!promote->isEnabled());
        QTRY_VERIFY_WITH_TIMEOUT(details->toPlainText().contains(QStringLiteral("Promote — by")), 10000);
    }

    void keyboardReachesTheTabsAndEveryControlIsNamed()
    {
        lk::ui::MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        QSignalSpy opened(w.session(), &lk::WorkspaceSession::opened);
        w.openWorkspace(m_tmp.filePath(QStringLiteral("ws"))); // has samples from the test above
        QVERIFY(opened.wait(20000));
        auto *panel = w.findChild<lk::ui::SamplesModelsPanel *>(QStringLiteral("samplesModelsPanel"));
        QTest::keyClick(&w, Qt::Key_6, Qt::ControlModifier);
        QTRY_VERIFY_WITH_TIMEOUT(!panel->isEmptyStateVisible(), 10000);
        auto *tabs = panel->findChild<QTabWidget *>(QStringLiteral("samplesModelsTabs"));
        QTest::keyClick(&w, Qt::Key_M, Qt::AltModifier);
        QCOMPARE(tabs->currentIndex(), 2);
        QTest::keyClick(&w, Qt::Key_G, Qt::AltModifier); // Re&gistry: the table takes the focus
        QCOMPARE(
            QApplication::focusWidget(), panel->findChild<QTableView *>(QStringLiteral("registryTable")));
        QTest::keyClick(&w, Qt::Key_J, Qt::AltModifier);
        QCOMPARE(tabs->currentIndex(), 1);
        QTest::keyClick(&w, Qt::Key_S, Qt::AltModifier);
        QCOMPARE(tabs->currentIndex(), 0);
        for (QWidget *widget : panel->findChildren<QWidget *>()) {
            if (!qobject_cast<QAbstractButton *>(widget) && !qobject_cast<QAbstractItemView *>(widget))
                continue;
            if (widget->objectName().startsWith(QLatin1String("qt_")))
                continue;
            QVERIFY2(!widget->objectName().isEmpty(), widget->metaObject()->className());
            QVERIFY2(!widget->accessibleName().isEmpty(), qPrintable(widget->objectName()));
        }
    }

private:
    QTemporaryDir m_tmp;
};

QTEST_MAIN(TestSamplesModelsPanel)
#include "tst_samples_models_panel.moc"
