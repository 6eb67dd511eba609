#pragma once

#include "core/workspace/Workspace.h"
#include "ui/Appearance.h"

#include <QMainWindow>
#include <QVector>

class QAction;
class QActionGroup;
class QLabel;
class QMenu;
class QStackedWidget;
class QToolButton;

namespace lk {
class WorkspaceSession;
namespace api {
class TrainingApiServer;
}
namespace rollout {
class FleetMonitor;
}
} // namespace lk

namespace lk::ui {

class FleetRunnerOwner;
class PanelList;
class UiLoadProbe;
class LogDock;
class Panel;
class SamplesModelsPanel;

/// The console's one window: a navigation list of panels, the current panel, a log dock,
/// and a status bar with the workspace and the engine's state.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    /// Opens `root` in the background (creating it when `mode` allows) and remembers it.
    void openWorkspace(const QString &root, Workspace::OpenMode mode = Workspace::OpenMode::CreateIfMissing);

    lk::WorkspaceSession *session() const { return m_session; }
    const QVector<Panel *> &panels() const { return m_panels; }
    /// Port of the agents' REST API when the console serves it (Tools menu; default 8765).
    static quint16 apiPort();

    /// The workspace the console had open when it last closed (empty if none).
    static QString rememberedWorkspace();

    /// Shows the panel at `index` (0 = Training … 5 = Samples & Models) and, unless `focusPanel`
    /// is false, moves the keyboard focus to where that panel's keys act.
    void showPanel(int index, bool focusPanel = true);
    int currentPanel() const;
    /// Shows the Samples & Models panel with training job `jobId` selected in its job list (a
    /// drift alert's link to the job it triggered).
    void showTrainingJob(const QString &jobId);
    /// Runs the fleet runner of the open workspace (rollouts advance, nodes are polled).
    FleetRunnerOwner *fleetRunner() const { return m_fleetRunner; }

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createPanels();
    void startLoadProbe(int seconds);
    void createActions();
    void createMenus();
    void createStatusBar();
    void restoreSettings();
    void saveSettings() const;

    void newWorkspace();
    void chooseWorkspace();
    void rebuildRecentMenu();
    void addRecent(const QString &root);
    void setColorScheme(ColorScheme scheme);
    void checkSchemeAction();
    void showAbout();
    void onSessionStateChanged();
    void onWorkspaceOpened();
    void onWorkspaceFailed(const QString &root, const QString &message);
    /// Starts or stops the agents' REST API for the open workspace, as the Tools menu says.
    void updateApiServer();

    lk::WorkspaceSession *m_session = nullptr;
    FleetRunnerOwner *m_fleetRunner = nullptr;
    /// Reads the fleet for both the Drift and the Rollout panel.
    lk::rollout::FleetMonitor *m_fleetMonitor = nullptr;
    PanelList *m_panelList = nullptr;
    UiLoadProbe *m_probe = nullptr; ///< with LOOPKEEPER_UI_PROBE only
    QStackedWidget *m_stack = nullptr;
    QVector<Panel *> m_panels;
    SamplesModelsPanel *m_samplesModels = nullptr; ///< also in m_panels
    LogDock *m_logDock = nullptr;

    QMenu *m_fileMenu = nullptr;
    QMenu *m_recentMenu = nullptr;
    QMenu *m_viewMenu = nullptr;
    QMenu *m_panelsMenu = nullptr;
    QMenu *m_paletteMenu = nullptr;
    QMenu *m_helpMenu = nullptr;
    QMenu *m_toolsMenu = nullptr;
    QAction *m_serveApiAction = nullptr;
    QLabel *m_apiLabel = nullptr;
    lk::api::TrainingApiServer *m_apiServer = nullptr;
    QAction *m_newAction = nullptr;
    QAction *m_openAction = nullptr;
    QAction *m_quitAction = nullptr;
    QAction *m_logAction = nullptr;
    QAction *m_aboutAction = nullptr;
    QAction *m_aboutQtAction = nullptr;
    QActionGroup *m_panelGroup = nullptr;
    QVector<QAction *> m_panelActions;
    QActionGroup *m_paletteGroup = nullptr;
    QAction *m_systemPaletteAction = nullptr;
    QAction *m_lightPaletteAction = nullptr;
    QAction *m_darkPaletteAction = nullptr;

    QLabel *m_workspaceLabel = nullptr;
    QLabel *m_engineLabel = nullptr;
    QToolButton *m_logIndicator = nullptr;

    QStringList m_recent;
    ColorScheme m_scheme = ColorScheme::System;
};

} // namespace lk::ui
