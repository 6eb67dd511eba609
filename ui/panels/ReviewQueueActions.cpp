// The Review queue panel's decisions: approve, defer, reject with a reason, edit and approve,
// undo, bulk decisions with a counted confirmation, and the monitor's answers to them.
#include "ui/panels/ReviewQueuePanel.h"

#include "core/rules/ScopeGuard.h"

#include <QAbstractButton>
#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QShortcut>
#include <QSplitter>
#include <QTableView>
#include <QTextBrowser>
#include <QTimer>
#include <QUuid>
#include <QVBoxLayout>

#include <algorithm>
#include <numeric>

namespace lk::ui {

using lk::rules::BulkOutcome;
using lk::rules::Decision;
using lk::rules::DecisionRecord;
using lk::rules::ReviewAction;
using lk::rules::ReviewSelection;
using lk::rules::ReviewSnapshot;
using lk::rules::RuleEdit;
using lk::rules::RuleFilter;
using lk::rules::RuleRow;

void ReviewQueuePanel::decideCurrent(Decision decision, const QString &reason, const RuleEdit &edit)
{
    const QString id = currentRuleId();
    if (id.isEmpty())
        return;
    if (!canDecide(lk::rules::commandOf(decision))) {
        showMessage(m_reservation->text().isEmpty() ? tr("%1 cannot be decided now.").arg(id) : m_reservation->text(), true);
        return;
    }
    lk::rules::DecisionRequest request;
    request.ruleId = id;
    request.decision = decision;
    request.reason = reason;
    request.edit = edit;
    m_busy = true; // until the answer: a second key press must not decide twice
    updateActions();
    m_monitor->decide(request);
}

void ReviewQueuePanel::approve()
{
    if (selectedRuleIds().size() > 1)
        return startBulk(Decision::Approve);
    decideCurrent(Decision::Approve, {});
}

void ReviewQueuePanel::defer()
{
    if (selectedRuleIds().size() > 1)
        return startBulk(Decision::Defer);
    decideCurrent(Decision::Defer, {});
}

void ReviewQueuePanel::reject()
{
    const QStringList ids = selectedRuleIds();
    const bool many = ids.size() > 1;
    if (!many && !canDecide(lk::rules::RuleCommand::Reject)) {
        decideCurrent(Decision::Reject, {}); // says why not
        return;
    }
    QInputDialog dialog(this);
    dialog.setObjectName(QStringLiteral("rejectReasonDialog"));
    dialog.setWindowTitle(tr("Reject"));
    dialog.setLabelText(many ? tr("Why are these %n rules rejected? (required)", "", int(ids.size()))
                             : tr("Why is %1 rejected? (required)").arg(currentRuleId()));
    dialog.setInputMode(QInputDialog::TextInput);
    dialog.setOkButtonText(tr("Reject"));
    if (dialog.exec() != QDialog::Accepted)
        return;
    const QString reason = dialog.textValue().trimmed();
    if (reason.isEmpty()) {
        showMessage(tr("A rejection needs a reason; nothing was rejected."), true);
        return;
    }
    if (many) {
        m_bulk = PendingBulk{ids, Decision::Reject, reason};
        m_monitor->bulkPreview(ids, Decision::Reject);
        return;
    }
    decideCurrent(Decision::Reject, reason);
}

void ReviewQueuePanel::editAndApprove()
{
    if (!canDecide(lk::rules::RuleCommand::Approve) || m_selection.ruleId != currentRuleId() || !m_selection.ok) {
        decideCurrent(Decision::Approve, {}, RuleEdit{}); // refuses with the reason, if any
        return;
    }
    const lk::rules::ProposedRule &rule = m_selection.detail.rule;
    QDialog dialog(this);
    dialog.setObjectName(QStringLiteral("editRuleDialog"));
    dialog.setWindowTitle(tr("Edit and approve %1").arg(rule.ruleId));
    auto *agent = new QComboBox(&dialog);
    agent->setObjectName(QStringLiteral("editTargetAgent"));
    agent->setAccessibleName(tr("Target agent"));
    agent->setEditable(true); // the scope guard, not the list, decides what is allowed
    agent->addItems(lk::rules::allowedTargetAgents());
    agent->setCurrentText(rule.targetAgent);
    auto *priority = new QComboBox(&dialog);
    priority->setObjectName(QStringLiteral("editPriority"));
    priority->setAccessibleName(tr("Priority"));
    for (const QString &p : {QStringLiteral("high"), QStringLiteral("medium"), QStringLiteral("low")})
        priority->addItem(ReviewRulesModel::priorityText(p), p);
    priority->setCurrentIndex(std::max(0, priority->findData(rule.priority)));
    auto *trigger = new QLineEdit(rule.triggerCondition, &dialog);
    trigger->setObjectName(QStringLiteral("editTrigger"));
    trigger->setAccessibleName(tr("Trigger condition"));
    auto *instruction = new QPlainTextEdit(rule.instruction, &dialog);
    instruction->setObjectName(QStringLiteral("editInstruction"));
    instruction->setAccessibleName(tr("Instruction"));
    auto *rationale = new QPlainTextEdit(rule.rationale, &dialog);
    rationale->setObjectName(QStringLiteral("editRationale"));
    rationale->setAccessibleName(tr("Rationale"));
    auto *refusal = new QLabel(&dialog);
    refusal->setObjectName(QStringLiteral("editRefusalLabel"));
    refusal->setWordWrap(true);
    refusal->setStyleSheet(QStringLiteral("QLabel { color: #c0392b; }"));
    refusal->hide();
    auto *box = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    box->button(QDialogButtonBox::Ok)->setText(tr("Approve with Edits"));
    auto *form = new QFormLayout(&dialog);
    form->addRow(tr("Target &agent:"), agent);
    form->addRow(tr("&Priority:"), priority);
    form->addRow(tr("&When:"), trigger);
    form->addRow(tr("&Instruction:"), instruction);
    form->addRow(tr("&Rationale:"), rationale);
    form->addRow(refusal);
    form->addRow(box);
    connect(box, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    // The scope guard is pure: checking here keeps the dialog open with the reasons instead
    // of losing the reviewer's text to a refusal from the engine.
    connect(box, &QDialogButtonBox::accepted, &dialog, [&] {
        const lk::rules::ScopeVerdict verdict = lk::rules::checkScope({agent->currentText().trimmed(),
            trigger->text().trimmed(), instruction->toPlainText().trimmed(), rationale->toPlainText().trimmed()});
        if (!verdict.allowed()) {
            QStringList reasons;
            for (const lk::rules::ScopeFinding &f : verdict.findings)
                reasons.append(tr("%1: %2").arg(f.field, f.reason));
            refusal->setText(tr("Out of scope, not approved:\n%1").arg(reasons.join(QLatin1Char('\n'))));
            refusal->show();
            return;
        }
        dialog.accept();
    });
    const QString id = rule.ruleId;
    if (dialog.exec() != QDialog::Accepted || currentRuleId() != id)
        return;
    RuleEdit edit;
    const auto changed = [](const QString &now, const QString &before) -> std::optional<QString> {
        return now != before ? std::optional<QString>(now) : std::nullopt;
    };
    edit.targetAgent = changed(agent->currentText().trimmed(), rule.targetAgent);
    edit.priority = changed(priority->currentData().toString(), rule.priority);
    edit.triggerCondition = changed(trigger->text().trimmed(), rule.triggerCondition);
    edit.instruction = changed(instruction->toPlainText().trimmed(), rule.instruction);
    edit.rationale = changed(rationale->toPlainText().trimmed(), rule.rationale);
    decideCurrent(Decision::Approve, {}, edit);
}

void ReviewQueuePanel::undo()
{
    if (!m_snapshot.hasWorkspace || reviewer().isEmpty())
        return;
    m_monitor->undoLast();
}

void ReviewQueuePanel::startBulk(Decision decision)
{
    const QStringList ids = selectedRuleIds();
    if (ids.isEmpty())
        return;
    m_bulk = PendingBulk{ids, decision, {}};
    m_monitor->bulkPreview(ids, decision);
}

void ReviewQueuePanel::onAction(const ReviewAction &a)
{
    using Kind = ReviewAction::Kind;
    if (a.kind == Kind::BulkPreview) {
        if (!m_bulk || m_bulk->ids != a.ruleIds || m_bulk->decision != a.decision)
            return;
        const PendingBulk bulk = *m_bulk;
        m_bulk.reset();
        if (!a.ok) {
            showMessage(a.message, true);
            Q_EMIT actionShown(false, a.message);
            return;
        }
        if (a.bulk.decided.isEmpty()) {
            const QString text = tr("None of the %n selected rules can be decided now: %1", "", int(a.ruleIds.size()))
                                     .arg(a.bulk.reasons.value(0));
            showMessage(text, true);
            Q_EMIT actionShown(false, text);
            return;
        }
        QMessageBox box(QMessageBox::Question, tr("Decide %n rules", "", int(a.bulk.decided.size())),
            a.bulk.confirmation, QMessageBox::NoButton, this);
        box.setObjectName(QStringLiteral("bulkConfirmDialog"));
        QStringList skipped;
        for (qsizetype i = 0; i < a.bulk.skipped.size() && i < 5; ++i)
            skipped.append(tr("%1: %2").arg(a.bulk.skipped[i], a.bulk.reasons.value(i)));
        if (a.bulk.skipped.size() > 5)
            skipped.append(tr("… and %n more", "", int(a.bulk.skipped.size() - 5)));
        box.setInformativeText(skipped.join(QLatin1Char('\n')));
        const int n = int(a.bulk.decided.size());
        const QString verb = bulk.decision == Decision::Approve ? tr("Approve %n Rules", "", n)
            : bulk.decision == Decision::Reject                 ? tr("Reject %n Rules", "", n)
                                                                : tr("Defer %n Rules", "", n);
        QPushButton *yes = box.addButton(verb, QMessageBox::AcceptRole);
        yes->setObjectName(QStringLiteral("bulkConfirmButton"));
        QPushButton *no = box.addButton(QMessageBox::Cancel);
        no->setObjectName(QStringLiteral("bulkCancelButton"));
        box.setDefaultButton(no); // deciding many rules is never what Enter does by accident
        box.exec();
        if (box.clickedButton() != yes)
            return;
        m_busy = true;
        updateActions();
        m_monitor->bulkDecide(a.bulk.decided, bulk.decision, bulk.reason);
        return;
    }

    m_busy = false;
    QString text;
    if (!a.ok) {
        text = a.kind == Kind::Undo ? tr("Nothing undone: %1").arg(a.message)
                                    : tr("%1 not decided: %2").arg(a.ruleIds.value(0), a.message);
    } else if (a.kind == Kind::Decide) {
        const QString file = a.record.memoryFile;
        switch (a.decision) {
        case Decision::Approve:
            text = file.isEmpty() ? tr("Approved %1.").arg(a.record.ruleId)
                                  : tr("Approved %1: written to %2.").arg(a.record.ruleId, file);
            if (a.edited)
                text = tr("Edited and approved %1: written to %2.").arg(a.record.ruleId, file);
            break;
        case Decision::Reject:
            text = tr("Rejected %1.").arg(a.record.ruleId);
            break;
        case Decision::Defer:
            text = tr("Deferred %1.").arg(a.record.ruleId);
            break;
        }
        text += QLatin1Char(' ') + tr("U undoes it.");
    } else if (a.kind == Kind::Undo) {
        text = tr("Undone: %1 is %2 again.")
                   .arg(a.record.ruleId, ReviewRulesModel::statusText(a.record.statusAfter).toLower());
        m_reselect = a.record.ruleId; // show the rule that came back
        const int row = m_model->rowOf(a.record.ruleId);
        if (row >= 0)
            m_table->selectionModel()->setCurrentIndex(
                m_model->index(row, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    } else if (a.kind == Kind::BulkDecide) {
        text = tr("%1: %2 decided, %3 skipped.")
                   .arg(a.bulk.confirmation)
                   .arg(a.bulk.decided.size())
                   .arg(a.bulk.skipped.size());
        if (!a.bulk.skipped.isEmpty())
            text += QLatin1Char(' ') + tr("First reason: %1").arg(a.bulk.reasons.value(0));
    }
    showMessage(text, !a.ok);
    updateActions();
    Q_EMIT actionShown(a.ok, text);
}

} // namespace lk::ui
