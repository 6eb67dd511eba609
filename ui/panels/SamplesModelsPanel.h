#pragma once

#include "core/loop/LoopMonitor.h"
#include "ui/panels/Panel.h"

class QAction;
class QGroupBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QTabWidget;
class QTableView;
class QTextBrowser;
class QTreeWidget;

namespace lk {
class WorkspaceSession;
}

namespace lk::ui {

/// The Samples & Models panel: the learning loop at a glance. Escalated samples counted by
/// status, node, class and day, with the corrections filtered out and why; the training
/// trigger (progress to the sample threshold, next scheduled slot, cool-down) and a manual
/// trigger that asks first; training jobs with live status; and the model registry as a table
/// and a lineage tree, with the selected version's metrics, gate decisions, an artifact check
/// and — for a candidate the gate left to a human — promote and reject. Everything is read
/// and done through a LoopMonitor, off the UI thread.
class SamplesModelsPanel : public Panel
{
    Q_OBJECT
public:
    explicit SamplesModelsPanel(lk::WorkspaceSession *session, QWidget *parent = nullptr);
    QString title() const override;
    void setWorkspace(const lk::WorkspaceInfo *info) override;

    /// The last snapshot shown.
    const lk::loop::LoopSnapshot &snapshot() const { return m_snapshot; }
    /// The version whose details are shown (its id), or empty.
    QString selectedVersion() const { return m_selected; }
    /// Selects a version by id in the table, the tree and the details.
    void selectVersion(const QString &versionId);
    /// Shows the Jobs tab with `jobId` selected; false if the job is not listed yet (it is then
    /// selected as soon as a snapshot lists it, while the panel is shown).
    bool selectJob(const QString &jobId);
    /// How often the monitor polls (tests use a short interval).
    void setRefreshInterval(int milliseconds);

    /// Asks for confirmation, then starts a training job now (the Train Now button).
    void confirmTrainNow();
    /// Checks the selected version's artifact against its registered sha256.
    void checkSelectedArtifact();
    /// Asks for confirmation, then promotes (true) or rejects the selected candidate.
    void confirmDecision(bool promote);
    /// Asks the job this console runs to stop.
    void cancelJob();

Q_SIGNALS:
    /// A new snapshot is on screen.
    void snapshotShown();
    /// The artifact check's answer is on screen.
    void artifactCheckShown(const QString &versionId, bool ok);
    /// An operator's decision was carried out (or refused: `ok` false).
    void decisionShown(const QString &versionId, bool ok);
    /// A job this console started has ended; `status` is the job's (complete, failed, cancelled)
    /// or "not_started" when the trigger did not fire.
    void trainingEnded(const QString &jobId, const QString &status);

public:
    QWidget *focusTarget() const override;

protected:
    void refresh() override;

private:
    void showSnapshot(const lk::loop::LoopSnapshot &snapshot);
    void updateLiveState(const lk::loop::LoopSnapshot &snapshot);
    void showSamples();
    void showTrigger();
    void showJobs();
    void showCurrentJob();
    void showRegistry();
    void showDetails();
    void onTableSelection();
    void onTreeSelection();
    void onArtifactChecked(const QString &versionId, bool ok, const QString &message);
    void onDecided(const QString &versionId, bool promote, bool ok, const QString &message);
    void onTrainingTriggered(const QString &jobId, const QJsonObject &response);
    void onTrainingStarted(const QString &jobId, const QString &runId, int epochs);
    void onTrainingProgress(const QString &jobId, qint64 done, qint64 total);
    void onTrainingEpoch(const QString &jobId, int epoch, int epochs, double valAccuracy, double valLoss);
    void onTrainingFinished(const QString &jobId, const QJsonObject &outcome);
    void onTrainingFailed(const QString &jobId, const QString &message);
    const lk::loop::RegistryEntry *entry(const QString &versionId) const;
    QString versionName(const QString &versionId) const;

    /// What this console's own job reported last (live, before the database shows it).
    struct LiveJob
    {
        QString jobId;
        QString runId;
        qint64 done = 0;
        qint64 total = 0;
        int epoch = 0; ///< the epoch in training, from 0
        int epochs = 0;
        int epochsDone = 0;
        double valAccuracy = 0; ///< after the last epoch done
        bool cancelling = false;
        QString lastResult; ///< how the last job of this console ended, in words
    };

    lk::WorkspaceSession *m_session = nullptr;
    lk::loop::LoopMonitor *m_monitor = nullptr;
    lk::loop::LoopSnapshot m_snapshot;
    lk::loop::LoopSnapshot m_pending; ///< arrived, not drawn yet (the panel may be hidden)
    LiveJob m_live;
    QString m_selected;
    QString m_wantedJob; ///< a job asked for by selectJob() before a snapshot listed it
    QString m_detailsHtml; ///< what the details show, to leave them alone when nothing changed
    QString m_detailsVersion;
    QStringList m_lineageShown; ///< what the lineage tree was built from
    QString m_artifactVersion; ///< the version the artifact result line is about
    QString m_artifactText;
    bool m_artifactOk = false;
    bool m_syncing = false;

    QAction *m_trainAction = nullptr;
    QGroupBox *m_triggerBox = nullptr;
    QProgressBar *m_triggerProgress = nullptr;
    QLabel *m_triggerState = nullptr;
    QLabel *m_schedule = nullptr;
    QLabel *m_cooldown = nullptr;
    QPushButton *m_trainButton = nullptr;
    QGroupBox *m_jobBox = nullptr;
    QLabel *m_jobState = nullptr;
    QProgressBar *m_jobProgress = nullptr;
    QPushButton *m_cancelButton = nullptr;
    QLabel *m_error = nullptr;
    QTabWidget *m_tabs = nullptr;

    QLabel *m_samplesSummary = nullptr;
    QTableView *m_byStatus = nullptr;
    QTableView *m_byNode = nullptr;
    QTableView *m_byClass = nullptr;
    QTableView *m_byDay = nullptr;
    QLabel *m_filteredSummary = nullptr;
    QTableView *m_filtered = nullptr;

    QLabel *m_jobsCaption = nullptr;
    QTableView *m_jobs = nullptr;

    QTableView *m_registry = nullptr;
    QTreeWidget *m_lineage = nullptr;
    QTextBrowser *m_details = nullptr;
    QPushButton *m_checkButton = nullptr;
    QPushButton *m_promoteButton = nullptr;
    QPushButton *m_rejectButton = nullptr;
    QLabel *m_artifactResult = nullptr;
};

} // namespace lk::ui
