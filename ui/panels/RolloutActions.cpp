// The Rollout panel's operator commands: which are on offer, the confirmations of Promote and
// Roll Back, and the answers of the fleet monitor (docs/panels/rollout.md, docs/states.md).
#include "ui/panels/RolloutPanel.h"

#include "ui/panels/StartRolloutDialog.h"

#include "core/workspace/Workspace.h"
#include "core/workspace/WorkspaceSession.h"

#include <QAction>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>

namespace lk::ui {

using lk::rollout::FleetSnapshot;
using lk::rollout::Rollout;
using lk::rollout::RolloutCommand;
using lk::rollout::RolloutStatus;

namespace {

/// Who is named in the rollout's timeline for a command from this console.
QString operatorName()
{
    const QString user = qEnvironmentVariable("USER");
    return user.isEmpty() ? qEnvironmentVariable("USERNAME", QStringLiteral("operator")) : user;
}

} // namespace

void RolloutPanel::updateActions()
{
    const FleetSnapshot &s = m_snapshot;
    const bool idle = m_busyCommand.isEmpty() && !m_monitor->isStarting();
    const std::optional<Rollout> &r = s.rollout;
    const bool active = s.hasActiveRollout();
    const bool canStart = s.hasWorkspace && !active && s.fleetFileExists && s.fleetError.isEmpty();
    m_startAction->setEnabled(idle && canStart);
    // The rollout's own rules (Rollout::allowedCommands), the ones the store enforces.
    const auto allowed = [&](RolloutCommand command) { return idle && active && r->allows(command); };
    m_pauseAction->setEnabled(allowed(RolloutCommand::Pause));
    m_resumeAction->setEnabled(allowed(RolloutCommand::Resume));
    m_promoteAction->setEnabled(allowed(RolloutCommand::Promote));
    m_rollbackAction->setEnabled(allowed(RolloutCommand::Rollback));
    if (!s.hasWorkspace)
        m_startAction->setToolTip(tr("Open a workspace first"));
    else if (active)
        m_startAction->setToolTip(
            tr("Rollout %1 is still %2; one rollout runs at a time").arg(r->id, nameOf(r->status)));
    else if (!s.fleetFileExists)
        m_startAction->setToolTip(tr("Put fleet.json in the workspace first"));
    else
        m_startAction->setToolTip(
            tr("Roll a model version out to the fleet: a canary share first, then the rest"));
}

void RolloutPanel::openStartDialog()
{
    if (m_startDialog || !m_startAction->isEnabled())
        return;
    int edges = 0;
    for (const lk::fleet::FleetNode &n : m_snapshot.fleetNodes)
        edges += n.isEdge() ? 1 : 0;
    m_startDialog = new StartRolloutDialog(m_snapshot.versions, m_snapshot.defaultPlan, edges, this);
    m_startDialog->setAttribute(Qt::WA_DeleteOnClose);
    if (!m_snapshot.settingsError.isEmpty())
        m_startDialog->showError(tr("rollout.json cannot be used, so the default plan is offered: %1")
                                     .arg(m_snapshot.settingsError));
    connect(m_startDialog, &StartRolloutDialog::startRequested, this,
        [this](const lk::rollout::StartRequest &request) {
            m_startDialog->setBusy(true);
            m_monitor->startRollout(request);
            updateActions();
        });
    m_startDialog->open();
}

void RolloutPanel::pause()
{
    if (m_pauseAction->isEnabled())
        runCommand(RolloutCommand::Pause, tr("Paused by %1 from the console.").arg(operatorName()));
}

void RolloutPanel::resume()
{
    if (m_resumeAction->isEnabled())
        runCommand(RolloutCommand::Resume);
}

void RolloutPanel::confirmPromote()
{
    if (!m_promoteAction->isEnabled())
        return;
    const Rollout &r = *m_snapshot.rollout;
    const int next = r.stepIndex + 1;
    const int more = r.plan.targetCount(next, int(r.nodes.size())) - r.deployedCount();
    auto *box = new QMessageBox(QMessageBox::Question, tr("Promote Rollout"),
        tr("Promote %1 to step %2 (%3 %) now?")
            .arg(r.modelVersion)
            .arg(next + 1)
            .arg(r.plan.steps.at(std::size_t(next))),
        QMessageBox::NoButton, this);
    box->setObjectName(QStringLiteral("promoteConfirmation"));
    box->setInformativeText(tr("The judge's verdict is not waited for: %1 more nodes get %2 at once.")
                                .arg(std::max(0, more))
                                .arg(r.modelVersion));
    QPushButton *yes = box->addButton(tr("&Promote"), QMessageBox::AcceptRole);
    yes->setObjectName(QStringLiteral("confirmPromoteButton"));
    yes->setAccessibleName(tr("Promote"));
    QPushButton *no = box->addButton(QMessageBox::Cancel);
    no->setObjectName(QStringLiteral("cancelPromoteButton"));
    no->setAccessibleName(tr("Cancel"));
    box->setDefaultButton(no);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::buttonClicked, this, [this, yes](QAbstractButton *clicked) {
        if (clicked == yes)
            runCommand(RolloutCommand::Promote);
    });
    box->open();
}

void RolloutPanel::confirmRollback()
{
    if (!m_rollbackAction->isEnabled())
        return;
    const Rollout &r = *m_snapshot.rollout;
    const int n = r.deployedCount();
    const QString previous =
        r.previousVersion.isEmpty() ? tr("the model each node had before") : r.previousVersion;
    QString text;
    if (n == 0)
        text = tr("Roll back the rollout of %1? No node serves it yet; the rollout stops and the fleet stays "
                  "on %2.")
                   .arg(r.modelVersion, previous);
    else if (n == 1)
        text = tr("Roll back 1 node from %1 to %2?").arg(r.modelVersion, previous);
    else
        text = tr("Roll back %1 nodes from %2 to %3?").arg(n).arg(r.modelVersion, previous);
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Roll Back"), text, QMessageBox::NoButton, this);
    box->setObjectName(QStringLiteral("rollbackConfirmation"));
    box->setInformativeText(
        tr("Each node that has %1 gets its previous model back; nodes that are down are retried "
           "until they answer. The rollout ends as rolled back and is not resumed.")
            .arg(r.modelVersion));
    QPushButton *yes = box->addButton(tr("&Roll Back"), QMessageBox::AcceptRole);
    yes->setObjectName(QStringLiteral("confirmRollbackButton"));
    yes->setAccessibleName(tr("Roll back"));
    QPushButton *no = box->addButton(QMessageBox::Cancel);
    no->setObjectName(QStringLiteral("cancelRollbackButton"));
    no->setAccessibleName(tr("Cancel"));
    box->setDefaultButton(no); // rolling the fleet back deserves a deliberate keypress
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::buttonClicked, this, [this, yes](QAbstractButton *clicked) {
        if (clicked == yes)
            runCommand(
                RolloutCommand::Rollback, tr("Rolled back by %1 from the console.").arg(operatorName()));
    });
    box->open();
}

void RolloutPanel::runCommand(RolloutCommand command, const QString &reason)
{
    if (!m_snapshot.rollout || !m_busyCommand.isEmpty())
        return;
    m_busyCommand = nameOf(command);
    m_commandResult->setText(tr("Sending…"));
    updateActions();
    m_monitor->command(m_busyCommand, m_snapshot.rollout->id, operatorName(), reason);
}

void RolloutPanel::onCommandFinished(const QString &command, bool ok, const QString &message)
{
    if (command == QLatin1String("start")) {
        if (m_startDialog) {
            m_startDialog->setBusy(false);
            if (ok)
                m_startDialog->accept();
            else
                m_startDialog->showError(message);
        }
        m_commandResult->setText(ok ? tr("Rollout started; the fleet runner deploys the canary now.")
                                    : tr("The rollout was not started."));
    } else {
        m_busyCommand.clear();
        const std::optional<RolloutCommand> done = lk::rollout::parseRolloutCommand(command);
        if (!ok)
            m_commandResult->setText(message);
        else if (done == RolloutCommand::Rollback)
            m_commandResult->setText(
                tr("Rolling back: the fleet runner restores the previous model node by node."));
        else if (done == RolloutCommand::Pause)
            m_commandResult->setText(tr("Paused."));
        else if (done == RolloutCommand::Resume)
            m_commandResult->setText(tr("Resumed."));
        else
            m_commandResult->setText(tr("Promoted: the next step is being deployed."));
    }
    m_commandResult->setStyleSheet(ok ? QString() : QStringLiteral("QLabel { color: #c0392b; }"));
    updateActions();
    Q_EMIT commandShown(command, ok);
}

} // namespace lk::ui
