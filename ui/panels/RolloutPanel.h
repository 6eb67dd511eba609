#pragma once

#include "core/rollout/FleetMonitor.h"
#include "ui/panels/Panel.h"
#include "ui/panels/StartRolloutDialog.h"

#include <QPointer>

class QAction;
class QGroupBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QTableView;
class QTimer;
class QTreeWidget;

namespace lk {
class WorkspaceSession;
}

namespace lk::ui {

class NodeProgressBar;
class NodeTileView;
class ScoreBar;

/// The Rollout board: every fleet node as a tile coloured by the version it serves and marked
/// by health; the current rollout (versions, phase, the deployment line, step k of n,
/// the watch window's countdown, node progress); the canary judge's score and per-metric
/// verdicts; the rollout's timeline; and the operator's commands — start, pause, resume,
/// promote and a one-click roll back that names what it will do before it does it. Everything
/// is read and done through a FleetMonitor, off the UI thread.
class RolloutPanel : public Panel
{
    Q_OBJECT
public:
    /// Reads and commands through `monitor` when given (the console's one fleet monitor, which its
    /// owner points at the workspace), else through a monitor of its own.
    explicit RolloutPanel(lk::WorkspaceSession *session, lk::rollout::FleetMonitor *monitor = nullptr,
        QWidget *parent = nullptr);
    QString title() const override;
    void setWorkspace(const lk::WorkspaceInfo *info) override;

    /// The last snapshot shown.
    const lk::rollout::FleetSnapshot &snapshot() const { return m_snapshot; }
    /// How often the monitor polls while the panel is shown (tests use a short interval); a
    /// shared monitor polls so for both fleet panels.
    void setRefreshInterval(int milliseconds);

    /// Opens the Start Rollout dialog (the Start Rollout button).
    void openStartDialog();
    /// The dialog while it is open, else nullptr.
    StartRolloutDialog *startDialog() const { return m_startDialog; }
    /// Pauses the rollout.
    void pause();
    /// Resumes the paused rollout.
    void resume();
    /// Asks for confirmation, then promotes the rollout to its next step.
    void confirmPromote();
    /// Asks for confirmation ("Roll back N nodes from X to Y?"), then rolls the fleet back.
    void confirmRollback();

Q_SIGNALS:
    /// A new snapshot is on screen.
    void snapshotShown();
    /// An operator's command was carried out (or refused: `ok` false) and the answer is on screen.
    void commandShown(const QString &command, bool ok);

public:
    QWidget *focusTarget() const override;

protected:
    void refresh() override;

private:
    void showSnapshot(const lk::rollout::FleetSnapshot &snapshot);
    void updateLiveState(const lk::rollout::FleetSnapshot &snapshot);
    void showEmptyState();
    void showHeader();
    void showTiles();
    void showVerdict();
    void showTimeline();
    void updateWindow();
    void updateActions();
    void runCommand(lk::rollout::RolloutCommand command, const QString &reason = {});
    void onCommandFinished(const QString &command, bool ok, const QString &message);

    lk::WorkspaceSession *m_session = nullptr;
    lk::rollout::FleetMonitor *m_monitor = nullptr;
    bool m_ownsMonitor = false; ///< false: shared, its owner sets the workspace
    lk::rollout::FleetSnapshot m_snapshot;
    lk::rollout::FleetSnapshot m_pending; ///< arrived, not drawn yet (the panel may be hidden)
    QString m_root;
    QString m_busyCommand; ///< a command in flight; the buttons wait for its answer
    QString m_timelineOf; ///< the rollout whose events the timeline shows
    qint64 m_lastEventId = 0;
    QPointer<StartRolloutDialog> m_startDialog;
    QTimer *m_clock = nullptr;

    QAction *m_startAction = nullptr;
    QAction *m_pauseAction = nullptr;
    QAction *m_resumeAction = nullptr;
    QAction *m_promoteAction = nullptr;
    QAction *m_rollbackAction = nullptr;

    QGroupBox *m_rolloutBox = nullptr;
    QLabel *m_title = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_deployment = nullptr;
    QLabel *m_meta = nullptr;
    QLabel *m_stepsCaption = nullptr;
    QLabel *m_steps = nullptr;
    QLabel *m_windowCaption = nullptr;
    QProgressBar *m_window = nullptr;
    QLabel *m_nodesCaption = nullptr;
    NodeProgressBar *m_nodeBar = nullptr;
    QLabel *m_nodeCounts = nullptr;
    QLabel *m_reason = nullptr;
    QLabel *m_commandResult = nullptr;
    QLabel *m_error = nullptr;
    QPushButton *m_startButton = nullptr;
    QPushButton *m_pauseButton = nullptr;
    QPushButton *m_resumeButton = nullptr;
    QPushButton *m_promoteButton = nullptr;
    QPushButton *m_rollbackButton = nullptr;

    QLabel *m_fleetSummary = nullptr;
    QLabel *m_legend = nullptr;
    NodeTileView *m_tiles = nullptr;

    ScoreBar *m_score = nullptr;
    QLabel *m_verdictSummary = nullptr;
    QTableView *m_verdicts = nullptr;
    QTreeWidget *m_timeline = nullptr;
};

} // namespace lk::ui
