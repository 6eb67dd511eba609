#pragma once

#include "core/analysis/CurveHealth.h"
#include "core/runs/RunStore.h"
#include "ui/panels/Panel.h"

#include <QHash>
#include <QPointer>

class QAction;
class QLabel;
class QProgressBar;
class QTableView;

namespace lk {
class WorkspaceSession;
namespace runs {
class RunMonitor;
class TrainingJob;
} // namespace runs
} // namespace lk

namespace lk::ui {

class CurveChart;
class RunListModel;

/// The Training panel: the workspace's runs (whoever trains them), live loss and accuracy
/// curves of the checked runs overlaid, curve-health flags and the recommendation for the
/// selected run, and run controls (start, pause, resume, cancel, resume from checkpoint).
class TrainingPanel : public Panel
{
    Q_OBJECT
public:
    explicit TrainingPanel(lk::WorkspaceSession *session, QWidget *parent = nullptr);
    ~TrainingPanel() override;
    QString title() const override;
    void setWorkspace(const lk::WorkspaceInfo *info) override;

    /// True while this console trains a run.
    bool isTraining() const;
    /// Starts a run without asking (the dialog's path ends here too).
    void startRun(const lk::training::TrainingConfig &config);
    /// Resumes a stopped run from its last checkpoint.
    void resumeRun(const QString &runId);
    void pauseRun();
    void continueRun();
    void cancelRun();

    /// The run whose health the banner shows.
    QString currentRun() const;
    void setCurrentRun(const QString &runId);
    /// The curve health of the current run, as the banner shows it.
    const lk::analysis::HealthReport &currentHealth() const { return m_health; }
    CurveChart *lossChart() const { return m_lossChart; }
    CurveChart *accuracyChart() const { return m_accuracyChart; }
    RunListModel *runModel() const { return m_model; }

    QWidget *focusTarget() const override;

Q_SIGNALS:
    /// A run this console started has ended (or failed to start); `message` says how.
    void runEnded(const QString &runId, const QString &status, const QString &message);
    /// The health banner changed (after new epochs of the current run arrived).
    void healthChanged();

private:
    struct RunCurves
    {
        int stepLoss = -1;
        int epochTrainLoss = -1;
        int epochValLoss = -1;
        int valAccuracy = -1;
        QColor color;
    };

    void newRunDialog();
    void resumeSelected();
    void onRunsChanged(const QVector<lk::runs::RunSummary> &runs);
    void onMetrics(const QString &runId, const QVector<lk::training::StepRecord> &steps,
        const QVector<lk::training::EpochRecord> &epochs, bool reset);
    void onCheckedRunsChanged(const QStringList &runIds);
    void updateWatched(bool restart);
    void ensureCurves(const QString &runId);
    void dropCurves(const QString &runId);
    void appendCurves(const QString &runId, const QVector<lk::training::StepRecord> &steps,
        const QVector<lk::training::EpochRecord> &epochs);
    void updateHealth();
    void updateControls();
    void startJob(lk::runs::TrainingJob *job);

    lk::WorkspaceSession *m_session = nullptr;
    lk::runs::RunMonitor *m_monitor = nullptr;
    QPointer<lk::runs::TrainingJob> m_job;
    QString m_pendingCheck;

    RunListModel *m_model = nullptr;
    QTableView *m_table = nullptr;
    CurveChart *m_lossChart = nullptr;
    CurveChart *m_accuracyChart = nullptr;
    QLabel *m_overfittingBadge = nullptr;
    QLabel *m_plateauBadge = nullptr;
    QLabel *m_divergenceBadge = nullptr;
    QLabel *m_bestLabel = nullptr;
    QLabel *m_recommendation = nullptr;
    QLabel *m_jobStatus = nullptr;
    QProgressBar *m_progress = nullptr;
    QAction *m_newAction = nullptr;
    QAction *m_pauseAction = nullptr;
    QAction *m_continueAction = nullptr;
    QAction *m_cancelAction = nullptr;
    QAction *m_resumeAction = nullptr;

    QHash<QString, RunCurves> m_curves;
    QHash<QString, std::vector<lk::training::EpochRecord>> m_epochs;
    QString m_current;
    lk::analysis::HealthReport m_health;
};

} // namespace lk::ui
