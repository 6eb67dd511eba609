// The Samples & Models panel's actions: checking an artifact, promoting or rejecting a
// candidate, training now and cancelling, and the training job's progress as it runs. The
// panel's layout and the views of the snapshot are in SamplesModelsPanel.cpp.
#include "ui/panels/SamplesModelsPanel.h"

#include "ui/panels/LoopText.h"

#include <QAbstractButton>
#include <QJsonArray>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>
#include <QTextBrowser>

namespace lk::ui {

using lk::loop::GateDecisionRecord;
using lk::loop::LoopSnapshot;
using lk::loop::RegistryEntry;

void SamplesModelsPanel::checkSelectedArtifact()
{
    const RegistryEntry *e = entry(m_selected);
    if (!e)
        return;
    m_artifactVersion = e->version.id;
    m_artifactText.clear();
    m_artifactOk = false;
    showDetails();
    m_monitor->checkArtifact(e->version.id);
}

void SamplesModelsPanel::onArtifactChecked(const QString &versionId, bool ok, const QString &message)
{
    if (versionId != m_artifactVersion)
        return; // an answer for a check the operator has since replaced
    m_artifactOk = ok;
    m_artifactText = message.isEmpty() ? QStringLiteral("?") : message;
    showDetails();
    Q_EMIT artifactCheckShown(versionId, ok);
}

void SamplesModelsPanel::confirmDecision(bool promote)
{
    const RegistryEntry *e = entry(m_selected);
    if (!e || !LoopText::awaitsDecision(*e))
        return;
    const QString id = e->version.id;
    const QString name = e->version.name();
    const GateDecisionRecord *d = LoopText::latestDecision(*e);
    QStringList reasons;
    for (const QJsonValue &v : d->report.value(QStringLiteral("reasons")).toArray())
        reasons << v.toString();
    auto *box =
        new QMessageBox(QMessageBox::Question, promote ? tr("Promote Candidate") : tr("Reject Candidate"),
            promote ? tr("Promote %1?").arg(name) : tr("Reject %1?").arg(name), QMessageBox::NoButton, this);
    box->setObjectName(
        promote ? QStringLiteral("promoteConfirmDialog") : QStringLiteral("rejectConfirmDialog"));
    box->setInformativeText(
        (promote ? tr("It becomes the active version of %1 and its samples are marked used. The artifact's "
                      "sha256 is checked first.")
                       .arg(e->version.modelLine)
                 : tr("It is archived and its samples go back to pending for a later job."))
        + QStringLiteral("\n\n")
        + tr("The regression gate left this to a human: %1").arg(reasons.join(QStringLiteral("; "))));
    QPushButton *yes = box->addButton(promote ? tr("&Promote") : tr("&Reject"), QMessageBox::AcceptRole);
    yes->setObjectName(QStringLiteral("confirmDecisionButton"));
    yes->setAccessibleName(yes->text().remove(QLatin1Char('&')));
    QPushButton *no = box->addButton(QMessageBox::Cancel);
    no->setObjectName(QStringLiteral("cancelDecisionButton"));
    no->setAccessibleName(tr("Cancel"));
    box->setDefaultButton(no); // deciding for the fleet deserves a deliberate keypress
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::buttonClicked, this, [this, yes, id, promote](QAbstractButton *clicked) {
        if (clicked != yes)
            return;
        m_promoteButton->setEnabled(false);
        m_rejectButton->setEnabled(false);
        QString reviewer = qEnvironmentVariable("USER");
        if (reviewer.isEmpty())
            reviewer = qEnvironmentVariable("USERNAME", QStringLiteral("operator"));
        m_monitor->decide(id, promote, reviewer);
    });
    box->open();
}

void SamplesModelsPanel::onDecided(const QString &versionId, bool promote, bool ok, const QString &message)
{
    flushRefresh(); // the snapshot read after the decision, so that the buttons agree with it
    showDetails();
    const QString name = versionName(versionId);
    if (ok) {
        m_artifactVersion.clear();
        // `message` is the new status; the sentence says what it means.
        m_live.lastResult = promote ? tr("%1 was promoted by hand: it is the active version now.").arg(name)
                                    : tr("%1 was rejected by hand and archived.").arg(name);
    } else {
        auto *box = new QMessageBox(QMessageBox::Warning,
            promote ? tr("Cannot Promote") : tr("Cannot Reject"),
            promote ? tr("%1 could not be promoted.").arg(name) : tr("%1 could not be rejected.").arg(name),
            QMessageBox::Ok, this);
        box->setObjectName(QStringLiteral("decisionErrorDialog"));
        box->setInformativeText(message);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    }
    showCurrentJob();
    Q_EMIT decisionShown(versionId, ok);
}

void SamplesModelsPanel::confirmTrainNow()
{
    const LoopSnapshot &s = m_snapshot;
    if (!s.hasWorkspace || !s.manual || !s.manual->fire || m_monitor->isTraining())
        return;
    const qint64 n = s.manualSamples;
    auto *box = new QMessageBox(QMessageBox::Question, tr("Start Training"),
        n == 1 ? tr("Start a training job now with 1 sample?")
               : tr("Start a training job now with %1 samples?").arg(n),
        QMessageBox::NoButton, this);
    box->setObjectName(QStringLiteral("trainNowConfirmDialog"));
    QString info = s.activeVersion.isEmpty()
        ? tr("%1 has no active version yet: the job trains %2 from scratch (%3, %4 epochs) on the base data "
             "set "
             "plus these samples. The regression gate then decides on it.")
              .arg(s.modelLine, s.nextVersion, s.architecture)
              .arg(s.epochsPerJob)
        : tr("The job fine-tunes %1 for %2 epochs on this computer; the regression gate then decides whether "
             "the "
             "candidate %3 replaces it.")
              .arg(s.activeVersion)
              .arg(s.epochsPerJob)
              .arg(s.nextVersion);
    const lk::loop::TriggerDecision &t = *s.manual;
    if (t.cooldownUntil.isValid() && s.readAt < t.cooldownUntil)
        info += QLatin1Char(' ')
            + tr("The cool-down until %1 does not hold back a manual trigger.")
                  .arg(LoopText::time(t.cooldownUntil));
    info += QStringLiteral("\n\n")
        + tr("Training runs in the background; its curves appear in the Training panel and it can be "
             "cancelled here.");
    box->setInformativeText(info);
    QPushButton *start = box->addButton(tr("&Start Training"), QMessageBox::AcceptRole);
    start->setObjectName(QStringLiteral("confirmTrainButton"));
    start->setAccessibleName(tr("Start training"));
    QPushButton *cancel = box->addButton(QMessageBox::Cancel);
    cancel->setObjectName(QStringLiteral("cancelTrainButton"));
    cancel->setAccessibleName(tr("Cancel"));
    box->setDefaultButton(start);
    box->setEscapeButton(cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::buttonClicked, this, [this, start](QAbstractButton *clicked) {
        if (clicked != start || m_monitor->isTraining())
            return;
        m_live = LiveJob();
        m_monitor->trainNow();
        showTrigger();
        showCurrentJob();
    });
    box->open();
}

void SamplesModelsPanel::cancelJob()
{
    if (!m_monitor->isTraining())
        return;
    m_monitor->cancelTraining();
    m_live.cancelling = true;
    showCurrentJob();
}

void SamplesModelsPanel::onTrainingTriggered(const QString &jobId, const QJsonObject &response)
{
    m_live.jobId = jobId;
    if (jobId.isEmpty()) {
        const QStringList notes = [&] {
            QStringList out;
            for (const QJsonValue &v : response.value(QStringLiteral("notes")).toArray())
                out << v.toString();
            return out;
        }();
        m_live.lastResult =
            tr("No job was started (%1): %2")
                .arg(response.value(QStringLiteral("reason")).toString(), notes.join(QStringLiteral("; ")));
        Q_EMIT trainingEnded(QString(), QStringLiteral("not_started"));
    }
    showCurrentJob();
}

void SamplesModelsPanel::onTrainingStarted(const QString &jobId, const QString &runId, int epochs)
{
    m_live.jobId = jobId;
    m_live.runId = runId;
    m_live.epochs = epochs;
    showCurrentJob();
}

void SamplesModelsPanel::onTrainingProgress(const QString &jobId, qint64 done, qint64 total)
{
    m_live.jobId = jobId;
    m_live.done = done;
    m_live.total = total;
    if (m_live.epochs > 0 && total > 0)
        m_live.epoch = int(std::min<qint64>(m_live.epochs - 1, done * m_live.epochs / total));
    showCurrentJob();
}

void SamplesModelsPanel::onTrainingEpoch(
    const QString &jobId, int epoch, int epochs, double valAccuracy, double valLoss)
{
    Q_UNUSED(valLoss);
    m_live.jobId = jobId;
    m_live.epochs = epochs;
    m_live.epochsDone = epoch;
    m_live.epoch = std::min(epoch, std::max(0, epochs - 1)); // the next epoch runs now
    m_live.valAccuracy = valAccuracy;
    showCurrentJob();
}

void SamplesModelsPanel::onTrainingFinished(const QString &jobId, const QJsonObject &outcome)
{
    const QString status = outcome.value(QStringLiteral("status")).toString();
    const std::optional<lk::loop::JobStatus> ended = lk::loop::parseJobStatus(status);
    const QJsonObject candidate = outcome.value(QStringLiteral("candidate")).toObject();
    if (ended == lk::loop::JobStatus::Complete) {
        m_live.lastResult =
            tr("Job %1 complete: candidate %2 at %3 test accuracy; gate: %4.")
                .arg(jobId, candidate.value(QStringLiteral("name")).toString(),
                    LoopText::percent(candidate.value(QStringLiteral("metrics"))
                                          .toObject()
                                          .value(QStringLiteral("test_accuracy"))),
                    LoopText::decision(outcome.value(QStringLiteral("gate_decision")).toString()));
    } else if (ended == lk::loop::JobStatus::Cancelled) {
        m_live.lastResult = tr("Job %1 was cancelled; its samples are pending again.").arg(jobId);
    } else {
        m_live.lastResult =
            tr("Job %1 failed: %2").arg(jobId, outcome.value(QStringLiteral("error")).toString());
    }
    const QString last = m_live.lastResult;
    m_live = LiveJob();
    m_live.lastResult = last;
    showTrigger();
    showCurrentJob();
    Q_EMIT trainingEnded(jobId, status);
}

void SamplesModelsPanel::onTrainingFailed(const QString &jobId, const QString &message)
{
    m_live = LiveJob();
    m_live.lastResult = jobId.isEmpty() ? tr("Training could not start: %1").arg(message)
                                        : tr("Job %1 failed: %2").arg(jobId, message);
    showTrigger();
    showCurrentJob();
    Q_EMIT trainingEnded(jobId, nameOf(lk::loop::JobStatus::Failed));
}

QWidget *SamplesModelsPanel::focusTarget() const
{
    // Where the panel's keys act: the table of the tab on show (Ctrl+Tab changes tabs).
    const int tab = m_tabs->currentIndex();
    if (tab == 1)
        return m_jobs;
    if (tab == 2)
        return m_registry;
    return m_byStatus;
}

void SamplesModelsPanel::updateLiveState(const LoopSnapshot &s)
{
    int running = 0;
    int awaiting = 0;
    for (const lk::loop::JobEntry &e : s.jobs) {
        if (e.abandoned)
            continue;
        if (isActive(e.job.status))
            ++running;
    }
    for (const RegistryEntry &e : s.versions)
        awaiting += LoopText::awaitsDecision(e) ? 1 : 0;
    QStringList parts;
    if (running > 0)
        parts << (m_live.epochs > 0 && !m_live.jobId.isEmpty()
                ? tr("training %1/%2").arg(std::min(m_live.epoch + 1, m_live.epochs)).arg(m_live.epochs)
                : tr("%n training", nullptr, running));
    if (awaiting > 0)
        parts << tr("%n to decide", nullptr, awaiting);
    setLiveState(parts.join(QStringLiteral(", ")), awaiting > 0 ? 2 : (running > 0 ? 1 : 0));
}

} // namespace lk::ui
