#include "ui/MainWindow.h"

#include "core/api/TrainingApiServer.h"
#include "core/common/Error.h"
#include "core/logging/Logging.h"
#include "core/rollout/FleetMonitor.h"
#include "core/workspace/WorkspaceSession.h"
#include "ui/AboutDialog.h"
#include "ui/FleetRunnerOwner.h"
#include "ui/LogDock.h"
#include "ui/PanelList.h"
#include "ui/UiLoadProbe.h"
#include "ui/panels/AgentsPanel.h"
#include "ui/panels/DriftPanel.h"
#include "ui/panels/ReviewQueuePanel.h"
#include "ui/panels/RolloutPanel.h"
#include "ui/panels/SamplesModelsPanel.h"
#include "ui/panels/TrainingPanel.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QKeySequence>
#include <QLabel>
#include <QElapsedTimer>
#include <QListWidget>
#include <QTimer>

#include <algorithm>
#include <QMenuBar>
#include <QMessageBox>
#include <QScreen>
#include <QSettings>
#include <QSignalBlocker>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableWidget>
#include <QToolButton>

namespace lk::ui {

namespace {
constexpr int kMaxRecent = 8;
const QString kGeometryKey = QStringLiteral("window/geometry");
const QString kStateKey = QStringLiteral("window/state");
const QString kPanelKey = QStringLiteral("window/panel");
const QString kLastWorkspaceKey = QStringLiteral("workspace/last");
const QString kRecentKey = QStringLiteral("workspace/recent");
const QString kPaletteKey = QStringLiteral("appearance/palette");
const QString kServeApiKey = QStringLiteral("api/serve");
const QString kApiPortKey = QStringLiteral("api/port");
constexpr quint16 kDefaultApiPort = 8765;

/// Menus treat '&' as a mnemonic marker; panel titles are plain text.
QString menuText(const QString &plain)
{
    QString text = plain;
    return text.replace(QLatin1Char('&'), QStringLiteral("&&"));
}
} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_session(new WorkspaceSession(this))
    , m_fleetRunner(new FleetRunnerOwner(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Loopkeeper"));
    setAccessibleName(tr("Loopkeeper console"));

    createPanels();
    createActions();
    createMenus();
    createStatusBar();

    connect(m_session, &WorkspaceSession::stateChanged, this, &MainWindow::onSessionStateChanged);
    connect(m_session, &WorkspaceSession::opened, this, &MainWindow::onWorkspaceOpened);
    connect(m_session, &WorkspaceSession::openFailed, this, &MainWindow::onWorkspaceFailed);

    restoreSettings();
    if (const int probe = qEnvironmentVariableIntValue("LOOPKEEPER_UI_PROBE"); probe > 0)
        startLoadProbe(probe);
    onSessionStateChanged();
}

MainWindow::~MainWindow() = default;

void MainWindow::createPanels()
{
    // One monitor reads the fleet (rollouts and drift) for both fleet panels.
    m_fleetMonitor = new lk::rollout::FleetMonitor(
        lk::rollout::FleetMonitor::Rollouts | lk::rollout::FleetMonitor::Drift);
    auto *drift = new DriftPanel(m_session, m_fleetMonitor);
    m_samplesModels = new SamplesModelsPanel(m_session);
    m_panels = {new TrainingPanel(m_session), drift, new RolloutPanel(m_session, m_fleetMonitor),
        new ReviewQueuePanel(m_session), new AgentsPanel(m_session), m_samplesModels};
    connect(drift, &DriftPanel::trainingJobRequested, this, &MainWindow::showTrainingJob);

    m_panelList = new PanelList;
    m_panelList->setObjectName(QStringLiteral("panelList"));
    m_panelList->setAccessibleName(tr("Panels"));
    m_panelList->setAccessibleDescription(
        tr("Choose the panel to show; Ctrl+1 to Ctrl+6 also work. Each row says what needs attention."));

    m_stack = new QStackedWidget;
    m_stack->setObjectName(QStringLiteral("panelStack"));
    for (Panel *panel : std::as_const(m_panels))
        m_stack->addWidget(panel);
    m_panelList->setPanels(m_panels);
    // Arrow keys in the list only preview a panel (the keys stay in the list); a click, Enter
    // or Ctrl+N hands the keyboard to the panel.
    connect(m_panelList, &QListWidget::currentRowChanged, this,
        [this](int row) { showPanel(row, !m_panelList->hasFocus()); });
    connect(m_panelList, &QListWidget::itemActivated, this,
        [this](QListWidgetItem *item) { showPanel(m_panelList->row(item)); });
    connect(m_panelList, &QListWidget::itemClicked, this,
        [this](QListWidgetItem *item) { showPanel(m_panelList->row(item)); });

    auto *splitter = new QSplitter(Qt::Horizontal);
    splitter->setObjectName(QStringLiteral("mainSplitter"));
    splitter->addWidget(m_panelList);
    splitter->addWidget(m_stack);
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(false);
    // The list as wide as its longest title; the panel gets the rest (and any resize).
    m_panelList->setMinimumWidth(m_panelList->sizeHintForColumn(0) + 24); // titles never cut
    splitter->setSizes({m_panelList->sizeHintForColumn(0) + 32, 4000});
    setCentralWidget(splitter);
    // Children are destroyed in the order they came: made a child only now, the fleet monitor
    // goes after the panels that watch it.
    m_fleetMonitor->setParent(this);

    m_logDock = new LogDock(this);
    addDockWidget(Qt::BottomDockWidgetArea, m_logDock);
    m_logDock->hide();
}

void MainWindow::createActions()
{
    m_newAction = new QAction(tr("&New Workspace…"), this);
    m_newAction->setObjectName(QStringLiteral("newWorkspaceAction"));
    m_newAction->setShortcut(QKeySequence::New);
    m_newAction->setStatusTip(tr("Create a workspace in a folder you choose and open it"));
    connect(m_newAction, &QAction::triggered, this, &MainWindow::newWorkspace);

    m_openAction = new QAction(tr("&Open Workspace…"), this);
    m_openAction->setObjectName(QStringLiteral("openWorkspaceAction"));
    m_openAction->setShortcut(QKeySequence::Open);
    m_openAction->setStatusTip(tr("Open an existing workspace folder"));
    connect(m_openAction, &QAction::triggered, this, &MainWindow::chooseWorkspace);

    m_quitAction = new QAction(tr("&Quit"), this);
    m_quitAction->setObjectName(QStringLiteral("quitAction"));
    m_quitAction->setShortcut(QKeySequence::Quit);
    m_quitAction->setMenuRole(QAction::QuitRole);
    connect(m_quitAction, &QAction::triggered, this, &QWidget::close);

    m_panelGroup = new QActionGroup(this);
    m_panelGroup->setExclusive(true);
    for (int i = 0; i < m_panels.size(); ++i) {
        auto *action = new QAction(menuText(m_panels[i]->title()), this);
        action->setObjectName(m_panels[i]->objectName() + QStringLiteral("Action"));
        action->setCheckable(true);
        action->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)));
        action->setStatusTip(tr("Show the %1 panel").arg(m_panels[i]->title()));
        connect(action, &QAction::triggered, this, [this, i] { showPanel(i); });
        m_panelGroup->addAction(action);
        m_panelActions.append(action);
    }

    m_logAction = m_logDock->toggleViewAction();
    m_logAction->setObjectName(QStringLiteral("logAction"));
    m_logAction->setText(tr("&Log"));
    m_logAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    m_logAction->setStatusTip(tr("Show or hide recent warnings and errors"));

    m_paletteGroup = new QActionGroup(this);
    m_paletteGroup->setExclusive(true);
    const auto paletteAction = [this](const QString &text, const char *name, ColorScheme scheme) {
        auto *action = new QAction(text, this);
        action->setObjectName(QString::fromLatin1(name));
        action->setCheckable(true);
        connect(action, &QAction::triggered, this, [this, scheme] { setColorScheme(scheme); });
        m_paletteGroup->addAction(action);
        return action;
    };
    m_systemPaletteAction = paletteAction(tr("&System"), "systemPaletteAction", ColorScheme::System);
    m_lightPaletteAction = paletteAction(tr("&Light"), "lightPaletteAction", ColorScheme::Light);
    m_darkPaletteAction = paletteAction(tr("&Dark"), "darkPaletteAction", ColorScheme::Dark);

    m_serveApiAction = new QAction(tr("Serve the &Agent API on 127.0.0.1:%1").arg(apiPort()), this);
    m_serveApiAction->setObjectName(QStringLiteral("serveApiAction"));
    m_serveApiAction->setCheckable(true);
    m_serveApiAction->setStatusTip(
        tr("Let AI agents on this machine read training runs and their health over "
           "HTTP (loopback only)"));
    connect(m_serveApiAction, &QAction::toggled, this, [this](bool on) {
        QSettings().setValue(kServeApiKey, on);
        updateApiServer();
    });

    m_aboutAction = new QAction(tr("&About Loopkeeper"), this);
    m_aboutAction->setObjectName(QStringLiteral("aboutAction"));
    m_aboutAction->setMenuRole(QAction::AboutRole);
    connect(m_aboutAction, &QAction::triggered, this, &MainWindow::showAbout);

    m_aboutQtAction = new QAction(tr("About &Qt"), this);
    m_aboutQtAction->setObjectName(QStringLiteral("aboutQtAction"));
    m_aboutQtAction->setMenuRole(QAction::AboutQtRole);
    connect(m_aboutQtAction, &QAction::triggered, qApp, &QApplication::aboutQt);
}

void MainWindow::createMenus()
{
    m_fileMenu = menuBar()->addMenu(tr("&File"));
    m_fileMenu->setObjectName(QStringLiteral("fileMenu"));
    m_fileMenu->addAction(m_newAction);
    m_fileMenu->addAction(m_openAction);
    m_recentMenu = m_fileMenu->addMenu(tr("Open &Recent"));
    m_recentMenu->setObjectName(QStringLiteral("recentMenu"));
    m_fileMenu->addSeparator();
    m_fileMenu->addAction(m_quitAction);

    m_viewMenu = menuBar()->addMenu(tr("&View"));
    m_viewMenu->setObjectName(QStringLiteral("viewMenu"));
    m_panelsMenu = m_viewMenu->addMenu(tr("&Panels"));
    m_panelsMenu->setObjectName(QStringLiteral("panelsMenu"));
    m_panelsMenu->addActions(m_panelActions.toList());
    m_viewMenu->addAction(m_logAction);
    m_paletteMenu = m_viewMenu->addMenu(tr("P&alette"));
    m_paletteMenu->setObjectName(QStringLiteral("paletteMenu"));
    m_paletteMenu->addActions(m_paletteGroup->actions());

    m_toolsMenu = menuBar()->addMenu(tr("&Tools"));
    m_toolsMenu->setObjectName(QStringLiteral("toolsMenu"));
    m_toolsMenu->addAction(m_serveApiAction);

    m_helpMenu = menuBar()->addMenu(tr("&Help"));
    m_helpMenu->setObjectName(QStringLiteral("helpMenu"));
    m_helpMenu->addAction(m_aboutAction);
    m_helpMenu->addAction(m_aboutQtAction);

    for (QMenu *menu :
        {m_fileMenu, m_recentMenu, m_viewMenu, m_panelsMenu, m_paletteMenu, m_toolsMenu, m_helpMenu})
        menu->setAccessibleName(menu->title().remove(QLatin1Char('&')));
}

void MainWindow::createStatusBar()
{
    m_workspaceLabel = new QLabel(this);
    m_workspaceLabel->setObjectName(QStringLiteral("workspaceLabel"));
    m_workspaceLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_engineLabel = new QLabel(this);
    m_engineLabel->setObjectName(QStringLiteral("engineStateLabel"));
    m_logIndicator = new QToolButton(this);
    m_logIndicator->setObjectName(QStringLiteral("logIndicator"));
    m_logIndicator->setAutoRaise(true);
    m_logIndicator->setAccessibleName(tr("Warnings and errors"));
    m_logIndicator->hide();
    connect(m_logIndicator, &QToolButton::clicked, this, [this] {
        m_logDock->show();
        m_logDock->raise();
    });
    connect(m_logDock, &LogDock::countChanged, this, [this](int count) {
        m_logIndicator->setText(tr("Warnings and errors: %1").arg(count));
        m_logIndicator->setAccessibleName(m_logIndicator->text());
        m_logIndicator->setToolTip(tr("Show the log"));
        m_logIndicator->setVisible(count > 0);
    });
    statusBar()->setObjectName(QStringLiteral("statusBar"));
    statusBar()->addWidget(m_workspaceLabel, 1);
    m_apiLabel = new QLabel(this);
    m_apiLabel->setObjectName(QStringLiteral("apiLabel"));
    m_apiLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_apiLabel->hide();
    statusBar()->addPermanentWidget(m_apiLabel);
    statusBar()->addPermanentWidget(m_logIndicator);
    statusBar()->addPermanentWidget(m_engineLabel);
}

void MainWindow::startLoadProbe(int seconds)
{
    // LOOPKEEPER_UI_PROBE=SECONDS: every SECONDS the log says how busy the UI thread was and how
    // late its event loop answered on the panel shown, and each panel switch how long it took
    // (docs/console.md, "Measured") — to check the console under a real load.
    m_probe = new UiLoadProbe(this);
    auto *report = new QTimer(this);
    report->setInterval(std::max(1, seconds) * 1000);
    connect(report, &QTimer::timeout, this, [this] {
        const int i = currentPanel();
        qCInfo(lcApp).noquote() << QStringLiteral("ui load: %1: busy %2 %, worst lag %3 ms")
                                       .arg(i >= 0 ? m_panels[i]->title() : QString())
                                       .arg(m_probe->busyPercent(), 0, 'f', 1)
                                       .arg(m_probe->worstLagMs(), 0, 'f', 1);
        m_probe->reset();
    });
    report->start();
}

void MainWindow::showPanel(int index, bool focusPanel)
{
    if (index < 0 || index >= m_panels.size())
        return;
    if (m_probe && index != currentPanel()) {
        QElapsedTimer switching;
        switching.start();
        const QString title = m_panels[index]->title();
        QTimer::singleShot(0, this, [switching, title] {
            qCInfo(lcApp).noquote()
                << QStringLiteral("ui load: switched to %1 in %2 ms").arg(title).arg(double(switching.nsecsElapsed()) / 1e6, 0, 'f', 1);
        });
    }
    m_stack->setCurrentIndex(index);
    if (m_panelList->currentRow() != index) {
        const QSignalBlocker block(m_panelList);
        m_panelList->setCurrentRow(index);
    }
    m_panelActions[index]->setChecked(true);
    if (!focusPanel)
        return;
    // The keys go where the panel acts: its table, its buttons, its run list.
    QWidget *target = m_panels[index]->focusTarget();
    if (target && target->isVisibleTo(m_panels[index]) && target->isEnabled())
        target->setFocus(Qt::OtherFocusReason);
    else
        m_panels[index]->setFocus(Qt::OtherFocusReason);
}

int MainWindow::currentPanel() const
{
    return m_stack->currentIndex();
}

void MainWindow::showTrainingJob(const QString &jobId)
{
    showPanel(int(m_panels.indexOf(m_samplesModels)));
    if (!m_samplesModels->selectJob(jobId))
        statusBar()->showMessage(
            tr("Training job %1 is not listed yet; it is selected as soon as it is read.").arg(jobId), 8000);
}

void MainWindow::openWorkspace(const QString &root, Workspace::OpenMode mode)
{
    m_session->open(root, mode);
}

void MainWindow::newWorkspace()
{
    const QString dir = QFileDialog::getExistingDirectory(
        this, tr("New Workspace: choose or create an empty folder"), QDir::homePath());
    if (dir.isEmpty())
        return;
    openWorkspace(dir, Workspace::OpenMode::CreateIfMissing);
}

void MainWindow::chooseWorkspace()
{
    const QString start = m_session->root().isEmpty() ? QDir::homePath() : m_session->root();
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Open Workspace"), start);
    if (dir.isEmpty())
        return;
    openWorkspace(dir, Workspace::OpenMode::ExistingOnly);
}

void MainWindow::rebuildRecentMenu()
{
    m_recentMenu->clear();
    for (int i = 0; i < m_recent.size(); ++i) {
        const QString root = m_recent.at(i);
        auto *action = m_recentMenu->addAction(
            i < 9 ? QStringLiteral("&%1 %2").arg(i + 1).arg(menuText(root)) : menuText(root));
        action->setObjectName(QStringLiteral("recentWorkspaceAction%1").arg(i));
        connect(action, &QAction::triggered, this,
            [this, root] { openWorkspace(root, Workspace::OpenMode::ExistingOnly); });
    }
    if (!m_recent.isEmpty()) {
        m_recentMenu->addSeparator();
        auto *clear = m_recentMenu->addAction(tr("&Clear List"));
        clear->setObjectName(QStringLiteral("clearRecentAction"));
        connect(clear, &QAction::triggered, this, [this] {
            m_recent.clear();
            rebuildRecentMenu();
            saveSettings();
        });
    }
    m_recentMenu->setEnabled(!m_recent.isEmpty());
}

void MainWindow::addRecent(const QString &root)
{
    m_recent.removeAll(root);
    m_recent.prepend(root);
    while (m_recent.size() > kMaxRecent)
        m_recent.removeLast();
    rebuildRecentMenu();
}

void MainWindow::setColorScheme(ColorScheme scheme)
{
    m_scheme = scheme;
    applyColorScheme(scheme);
    checkSchemeAction();
    saveSettings();
}

void MainWindow::checkSchemeAction()
{
    QAction *action = m_systemPaletteAction;
    if (m_scheme == ColorScheme::Dark)
        action = m_darkPaletteAction;
    else if (m_scheme == ColorScheme::Light)
        action = m_lightPaletteAction;
    action->setChecked(true);
}

quint16 MainWindow::apiPort()
{
    // 0 lets the system pick a free port (the status bar shows which).
    const uint port = QSettings().value(kApiPortKey, kDefaultApiPort).toUInt();
    return port < 65536 ? quint16(port) : kDefaultApiPort;
}

void MainWindow::updateApiServer()
{
    const bool wanted = m_serveApiAction->isChecked() && m_session->state() == WorkspaceSession::State::Ready;
    const QString root = m_session->root();
    if (m_apiServer && (!wanted || m_apiServer->config().workspaceRoot != root)) {
        delete m_apiServer; // stops the server thread and closes the port
        m_apiServer = nullptr;
        m_apiLabel->hide();
    }
    if (!wanted || m_apiServer)
        return;
    lk::api::ApiServerConfig config;
    config.workspaceRoot = root;
    config.port = apiPort();
    m_apiServer = new lk::api::TrainingApiServer(config, this);
    connect(m_apiServer, &lk::api::TrainingApiServer::listening, this, [this](const QUrl &url) {
        m_apiLabel->setText(tr("Agent API: %1").arg(url.toString()));
        m_apiLabel->setAccessibleName(m_apiLabel->text());
        m_apiLabel->show();
    });
    connect(m_apiServer, &lk::api::TrainingApiServer::failed, this, [this](const QString &message) {
        qCWarning(lcUi).noquote() << "the agent API could not start:" << message;
        m_apiLabel->setText(tr("Agent API: not serving"));
        m_apiLabel->setToolTip(message);
        m_apiLabel->show();
    });
    try {
        m_apiServer->start();
    } catch (const lk::Error &e) {
        qCWarning(lcUi).noquote() << "the agent API could not start:" << e.message();
        delete m_apiServer;
        m_apiServer = nullptr;
    }
}

QString MainWindow::rememberedWorkspace()
{
    return QSettings().value(kLastWorkspaceKey).toString();
}

void MainWindow::showAbout()
{
    auto *about = new AboutDialog(this);
    about->setAttribute(Qt::WA_DeleteOnClose);
    about->open();
}

void MainWindow::onSessionStateChanged()
{
    using State = WorkspaceSession::State;
    QString state;
    switch (m_session->state()) {
    case State::Closed:
        state = tr("No workspace");
        break;
    case State::Opening:
        state = tr("Opening workspace…");
        break;
    case State::Ready:
        state = tr("Ready");
        break;
    case State::Failed:
        state = tr("No workspace: opening failed");
        break;
    }
    m_engineLabel->setText(state);
    m_engineLabel->setAccessibleName(tr("Engine state: %1").arg(state));
    const QString root = m_session->root();
    m_workspaceLabel->setText(
        root.isEmpty() ? tr("No workspace open") : tr("Workspace: %1").arg(QDir::toNativeSeparators(root)));
    m_workspaceLabel->setAccessibleName(m_workspaceLabel->text());
    const bool busy = m_session->state() == State::Opening;
    m_newAction->setEnabled(!busy);
    m_openAction->setEnabled(!busy);
    m_recentMenu->setEnabled(!busy && !m_recent.isEmpty());
}

void MainWindow::onWorkspaceOpened()
{
    const WorkspaceInfo &info = m_session->info();
    setWindowTitle(tr("%1 — Loopkeeper").arg(QDir::toNativeSeparators(info.root)));
    LogSink::instance().attachFile(
        QDir(info.root).filePath(QStringLiteral("logs")), QStringLiteral("loopkeeper"));
    for (Panel *panel : std::as_const(m_panels))
        panel->setWorkspace(&info);
    m_fleetMonitor->setWorkspace(m_session->workspace());
    addRecent(info.root);
    saveSettings();
    updateApiServer();
    m_fleetRunner->setWorkspace(m_session->workspace());
    qCInfo(lcUi).noquote() << "workspace ready:" << info.root << "schema" << info.schemaVersion;
}

void MainWindow::onWorkspaceFailed(const QString &root, const QString &message)
{
    if (m_session->state() != WorkspaceSession::State::Ready) {
        for (Panel *panel : std::as_const(m_panels))
            panel->setWorkspace(nullptr);
        m_fleetMonitor->setWorkspace(std::nullopt);
        m_fleetRunner->setWorkspace(std::nullopt);
    }
    // Non-blocking: the window stays live while the message is shown.
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Cannot open workspace"),
        tr("The workspace %1 could not be opened.").arg(QDir::toNativeSeparators(root)), QMessageBox::Ok,
        this);
    box->setObjectName(QStringLiteral("workspaceErrorDialog"));
    box->setInformativeText(message);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    if (!restoreGeometry(settings.value(kGeometryKey).toByteArray())) {
        // First start: most of the screen, centred, not a postage stamp.
        const QRect available = screen() ? screen()->availableGeometry() : QRect(0, 0, 1280, 800);
        resize(available.size().boundedTo(QSize(1280, 800)) * 0.9);
        move(available.center() - rect().center());
    }
    restoreState(settings.value(kStateKey).toByteArray());
    m_recent = settings.value(kRecentKey).toStringList();
    rebuildRecentMenu();
    showPanel(qBound(0, settings.value(kPanelKey, 0).toInt(), int(m_panels.size()) - 1));
    {
        const QSignalBlocker block(m_serveApiAction); // the workspace is not open yet
        m_serveApiAction->setChecked(settings.value(kServeApiKey, false).toBool());
    }
    m_scheme = colorSchemeFromName(settings.value(kPaletteKey).toString());
    applyColorScheme(m_scheme);
    checkSchemeAction();
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(kGeometryKey, saveGeometry());
    settings.setValue(kStateKey, saveState());
    settings.setValue(kPanelKey, currentPanel());
    settings.setValue(kRecentKey, m_recent);
    settings.setValue(kPaletteKey, colorSchemeName(m_scheme));
    if (m_session->state() == WorkspaceSession::State::Ready)
        settings.setValue(kLastWorkspaceKey, m_session->root());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSettings();
    event->accept();
}

} // namespace lk::ui
