#include "ui/panels/RolloutPanel.h"
#include "ui/panels/LiveTableModel.h"

#include "ui/panels/FleetText.h"
#include "ui/panels/FleetWidgets.h"
#include "ui/panels/NodeTileView.h"
#include "ui/panels/RolloutGauges.h"
#include "ui/panels/StartRolloutDialog.h"

#include "core/workspace/Workspace.h"
#include "core/workspace/WorkspaceSession.h"

#include <QAction>
#include <QDir>
#include <QFontDatabase>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLocale>
#include <QMap>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace lk::ui {

using lk::fleet::NodeHealthStatus;
using lk::rollout::FleetMonitor;
using lk::rollout::FleetSnapshot;
using lk::rollout::Rollout;
using lk::rollout::RolloutCommand;
using lk::rollout::RolloutNode;
using lk::rollout::RolloutNodeState;
using lk::rollout::RolloutStatus;
namespace fw = fleetwidgets;

namespace {

constexpr int kRefreshMs = 1000;

/// The badge colour of a rollout status.
QColor statusColor(RolloutStatus status)
{
    switch (status) {
    case RolloutStatus::Paused:
        return QColor(0xb8, 0x86, 0x0b);
    case RolloutStatus::RollingBack:
    case RolloutStatus::Aborted:
        return QColor(0xc0, 0x39, 0x2b);
    case RolloutStatus::Completed:
        return QColor(0x2e, 0x7d, 0x32);
    case RolloutStatus::RolledBack:
        return QColor(0x61, 0x61, 0x61);
    case RolloutStatus::Deploying:
    case RolloutStatus::Monitoring:
        break;
    }
    return QColor(0x1f, 0x5f, 0x9f);
}

QLabel *selectable(QWidget *parent, const QString &objectName)
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

} // namespace

RolloutPanel::RolloutPanel(lk::WorkspaceSession *session, FleetMonitor *monitor, QWidget *parent)
    : Panel(QStringLiteral("rolloutPanel"), parent)
    , m_session(session)
    , m_monitor(monitor ? monitor : new FleetMonitor(FleetMonitor::Rollouts, this))
    , m_ownsMonitor(!monitor)
{
    showEmptyState();

    // Commands: actions with shortcuts (active while this panel is shown) and buttons that mirror them.
    const auto action = [this](const QString &text, const char *name, const QKeySequence &keys,
                            const QString &tip) {
        auto *a = new QAction(text, this);
        a->setObjectName(QString::fromLatin1(name));
        a->setShortcut(keys);
        a->setShortcutContext(Qt::WindowShortcut);
        a->setToolTip(tip);
        a->setEnabled(false);
        addAction(a);
        return a;
    };
    m_startAction =
        action(tr("&Start Rollout…"), "startRolloutAction", QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S),
            tr("Roll a model version out to the fleet: a canary share first, then the rest"));
    m_pauseAction = action(tr("&Pause"), "pauseRolloutAction", QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P),
        tr("Hold the rollout where it is; nothing more is deployed or judged until it is resumed"));
    m_resumeAction = action(tr("Res&ume"), "resumeRolloutAction",
        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_U), tr("Carry on with the paused rollout"));
    m_promoteAction =
        action(tr("Pr&omote…"), "promoteRolloutAction", QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O),
            tr("Go to the next step now, as if the judge had passed the canary"));
    m_rollbackAction =
        action(tr("Roll &Back…"), "rollbackRolloutAction", QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R),
            tr("Give every node that has the candidate its previous model back"));
    connect(m_startAction, &QAction::triggered, this, &RolloutPanel::openStartDialog);
    connect(m_pauseAction, &QAction::triggered, this, &RolloutPanel::pause);
    connect(m_resumeAction, &QAction::triggered, this, &RolloutPanel::resume);
    connect(m_promoteAction, &QAction::triggered, this, &RolloutPanel::confirmPromote);
    connect(m_rollbackAction, &QAction::triggered, this, &RolloutPanel::confirmRollback);
    setEmptyStateAction(m_startAction);

    auto *content = new QWidget(this);
    content->setObjectName(QStringLiteral("rolloutContent"));

    // The current rollout.
    m_rolloutBox = new QGroupBox(tr("Current rollout"), content);
    m_rolloutBox->setObjectName(QStringLiteral("currentRolloutBox"));
    m_title = selectable(m_rolloutBox, QStringLiteral("rolloutTitleLabel"));
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.25);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_status = new QLabel(m_rolloutBox);
    m_status->setObjectName(QStringLiteral("rolloutStatusLabel"));
    m_deployment = selectable(m_rolloutBox, QStringLiteral("deploymentLabel"));
    m_deployment->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_deployment->setToolTip(tr("The deployment line as the REST API and loopkeeper-cli report it"));
    m_meta = selectable(m_rolloutBox, QStringLiteral("rolloutMetaLabel"));
    m_meta->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_stepsCaption = new QLabel(tr("Steps:"), m_rolloutBox);
    m_steps = selectable(m_rolloutBox, QStringLiteral("rolloutStepsLabel"));
    m_steps->setTextFormat(Qt::RichText);
    m_windowCaption = new QLabel(tr("Watch window:"), m_rolloutBox);
    m_window = new QProgressBar(m_rolloutBox);
    m_window->setObjectName(QStringLiteral("windowProgress"));
    m_window->setAccessibleName(tr("Watch window"));
    m_window->setRange(0, 1000);
    m_window->setTextVisible(true);
    m_nodesCaption = new QLabel(tr("Nodes:"), m_rolloutBox);
    m_nodeBar = new NodeProgressBar(m_rolloutBox);
    m_nodeBar->setObjectName(QStringLiteral("nodeProgressBar"));
    m_nodeBar->setAccessibleName(tr("Nodes by rollout state"));
    m_nodeCounts = selectable(m_rolloutBox, QStringLiteral("nodeCountsLabel"));
    m_reason = selectable(m_rolloutBox, QStringLiteral("rolloutReasonLabel"));
    m_reason->setWordWrap(true);

    m_startButton = fw::actionButton(
        m_startAction, QStringLiteral("startRolloutButton"), tr("Start rollout"), m_rolloutBox);
    m_pauseButton = fw::actionButton(
        m_pauseAction, QStringLiteral("pauseRolloutButton"), tr("Pause rollout"), m_rolloutBox);
    m_resumeButton = fw::actionButton(
        m_resumeAction, QStringLiteral("resumeRolloutButton"), tr("Resume rollout"), m_rolloutBox);
    m_promoteButton = fw::actionButton(
        m_promoteAction, QStringLiteral("promoteRolloutButton"), tr("Promote rollout"), m_rolloutBox);
    m_rollbackButton = fw::actionButton(
        m_rollbackAction, QStringLiteral("rollbackButton"), tr("Roll back rollout"), m_rolloutBox);
    m_rollbackButton->setStyleSheet(
        QStringLiteral("QPushButton:enabled { color: #c0392b; font-weight: bold; }"));
    m_commandResult = selectable(m_rolloutBox, QStringLiteral("commandResultLabel"));
    m_commandResult->setWordWrap(true);

    auto *titleRow = new QHBoxLayout;
    titleRow->addWidget(m_title, 1);
    titleRow->addWidget(m_status);
    auto *lineRow = new QHBoxLayout;
    lineRow->addWidget(m_deployment, 1);
    lineRow->addWidget(m_meta);
    auto *facts = new QGridLayout;
    facts->addWidget(m_stepsCaption, 0, 0);
    facts->addWidget(m_steps, 0, 1, 1, 2);
    facts->addWidget(m_windowCaption, 1, 0);
    facts->addWidget(m_window, 1, 1, 1, 2);
    facts->addWidget(m_nodesCaption, 2, 0);
    facts->addWidget(m_nodeBar, 2, 1);
    facts->addWidget(m_nodeCounts, 2, 2);
    facts->setColumnStretch(1, 1);
    auto *buttons = new QHBoxLayout;
    for (QPushButton *b : {m_startButton, m_pauseButton, m_resumeButton, m_promoteButton, m_rollbackButton})
        buttons->addWidget(b);
    buttons->addWidget(m_commandResult, 1);
    auto *boxLayout = new QVBoxLayout(m_rolloutBox);
    boxLayout->addLayout(titleRow);
    boxLayout->addLayout(lineRow);
    boxLayout->addLayout(facts);
    boxLayout->addWidget(m_reason);
    boxLayout->addLayout(buttons);

    m_error = fw::errorBanner(content, QStringLiteral("rolloutErrorLabel"));

    // The fleet.
    auto *fleetBox = new QGroupBox(tr("Fleet"), content);
    fleetBox->setObjectName(QStringLiteral("fleetBox"));
    m_tiles = new NodeTileView(fleetBox);
    m_tiles->setObjectName(QStringLiteral("nodeTiles"));
    m_tiles->setAccessibleName(tr("Fleet nodes"));
    m_tiles->setAccessibleDescription(tr("One tile per node: version, health, canary and rollout state"));
    m_fleetSummary = fw::caption(QString(), m_tiles, fleetBox);
    m_fleetSummary->setObjectName(QStringLiteral("fleetSummaryLabel"));
    m_fleetSummary->setWordWrap(true);
    m_legend = new QLabel(fleetBox);
    m_legend->setObjectName(QStringLiteral("versionLegend"));
    m_legend->setTextFormat(Qt::RichText);
    m_legend->setWordWrap(true);
    auto *fleetLayout = new QVBoxLayout(fleetBox);
    fleetLayout->addWidget(m_fleetSummary);
    fleetLayout->addWidget(m_legend);
    fleetLayout->addWidget(m_tiles, 1);

    // The judge.
    auto *verdictBox = new QGroupBox(tr("Canary verdict"), content);
    verdictBox->setObjectName(QStringLiteral("verdictBox"));
    m_score = new ScoreBar(verdictBox);
    m_score->setObjectName(QStringLiteral("scoreBar"));
    m_score->setAccessibleName(tr("Canary score"));
    m_verdicts = liveTable(verdictBox, QStringLiteral("verdictTable"), tr("Per-metric verdicts"),
        {tr("Metric"), tr("Canary"), tr("Primary"), tr("p-value"), tr("Verdict"), tr("Explanation")}, {1, 2, 3});
    m_verdictSummary = fw::caption(QString(), m_verdicts, verdictBox);
    m_verdictSummary->setObjectName(QStringLiteral("verdictSummaryLabel"));
    m_verdictSummary->setWordWrap(true);
    auto *verdictLayout = new QVBoxLayout(verdictBox);
    verdictLayout->addWidget(m_score);
    verdictLayout->addWidget(m_verdictSummary);
    verdictLayout->addWidget(m_verdicts, 1);

    // The timeline, newest at the top.
    auto *timelineBox = new QGroupBox(tr("Timeline (newest first)"), content);
    timelineBox->setObjectName(QStringLiteral("timelineBox"));
    m_timeline = fw::list(timelineBox, QStringLiteral("timelineList"), tr("Rollout timeline"),
        {tr("Time"), tr("Event"), tr("Node"), tr("What happened")});
    auto *timelineLayout = new QVBoxLayout(timelineBox);
    timelineLayout->addWidget(m_timeline);

    auto *right = new QSplitter(Qt::Vertical, content);
    right->setObjectName(QStringLiteral("rolloutRightSplitter"));
    right->addWidget(verdictBox);
    right->addWidget(timelineBox);
    right->setStretchFactor(0, 1);
    right->setStretchFactor(1, 1);
    auto *split = new QSplitter(Qt::Horizontal, content);
    split->setObjectName(QStringLiteral("rolloutSplitter"));
    split->addWidget(fleetBox);
    split->addWidget(right);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    split->setSizes({3000, 2000}); // the fleet gets the room: it grows with the nodes
    split->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(content);
    layout->addWidget(m_rolloutBox);
    layout->addWidget(m_error);
    layout->addWidget(split, 1);
    setContent(content);

    // Reading order: act first, then the fleet, the verdict and the timeline.
    setTabOrder(m_startButton, m_pauseButton);
    setTabOrder(m_pauseButton, m_resumeButton);
    setTabOrder(m_resumeButton, m_promoteButton);
    setTabOrder(m_promoteButton, m_rollbackButton);
    setTabOrder(m_rollbackButton, m_tiles);
    setTabOrder(m_tiles, m_verdicts);
    setTabOrder(m_verdicts, m_timeline);

    m_clock = new QTimer(this);
    m_clock->setInterval(1000);
    connect(m_clock, &QTimer::timeout, this, &RolloutPanel::updateWindow);

    connect(m_monitor, &FleetMonitor::snapshotChanged, this, &RolloutPanel::showSnapshot);
    connect(m_monitor, &FleetMonitor::commandFinished, this, &RolloutPanel::onCommandFinished);
    connect(m_monitor, &FleetMonitor::failed, this, [this](const QString &message) {
        m_error->setText(tr("Cannot read the fleet: %1").arg(message));
        m_error->show();
    });
    if (m_ownsMonitor)
        m_monitor->setInterval(kRefreshMs);
    watch(m_monitor);
    showSnapshot(FleetSnapshot());
}

QString RolloutPanel::title() const
{
    return tr("Rollout");
}

void RolloutPanel::setWorkspace(const lk::WorkspaceInfo *info)
{
    m_root = info ? info->root : QString();
    m_busyCommand.clear();
    m_timelineOf.clear();
    m_lastEventId = 0;
    m_timeline->clear();
    m_commandResult->clear();
    if (m_startDialog)
        m_startDialog->reject();
    if (m_ownsMonitor)
        m_monitor->setWorkspace(info && m_session ? m_session->workspace() : std::nullopt);
    showSnapshot(FleetSnapshot());
}

void RolloutPanel::setRefreshInterval(int milliseconds)
{
    m_monitor->setInterval(milliseconds);
}

void RolloutPanel::showSnapshot(const FleetSnapshot &snapshot)
{
    m_pending = snapshot; // a newer snapshot replaces one not drawn yet
    updateLiveState(m_pending);
    scheduleRefresh();
}

void RolloutPanel::refresh()
{
    m_snapshot = std::move(m_pending);
    m_pending = FleetSnapshot();
    const FleetSnapshot &s = m_snapshot;
    const bool board = s.hasWorkspace && (!s.fleetNodes.empty() || !s.health.empty() || s.rollout);
    showEmptyState();
    setEmptyStateVisible(!board);
    if (s.hasWorkspace)
        m_error->hide(); // a poll went through again
    if (!s.fleetError.isEmpty()) {
        m_error->setText(tr("The fleet file %1 cannot be used: %2")
                             .arg(QDir::toNativeSeparators(s.fleetPath), s.fleetError));
        m_error->show();
    }
    showHeader();
    showTiles();
    showVerdict();
    showTimeline();
    updateWindow();
    updateActions();
    Q_EMIT snapshotShown();
}

void RolloutPanel::showEmptyState()
{
    const FleetSnapshot &s = m_snapshot;
    if (!s.hasWorkspace) {
        setEmptyState({
            tr("No workspace open"),
            tr("Every edge node will appear here as a tile coloured by model version and health, with canary "
               "progress, the judge's verdicts and score, and buttons to start, pause, promote or roll back "
               "a "
               "rollout."),
            tr("Nodes come from the workspace's fleet.json, which lists loopkeeper-node agents with their "
               "addresses."),
            true,
        });
        setWorkspaceNote(QString());
        return;
    }
    const QString what =
        tr("Every edge node will appear here as a tile coloured by model version and health, "
           "with canary progress, the judge's verdicts and score, and buttons to start, pause, "
           "promote or roll back a rollout.");
    if (!s.fleetError.isEmpty()) {
        setEmptyState({tr("The fleet file cannot be used"), what, s.fleetError, true});
    } else {
        setEmptyState({tr("No fleet file yet"), what,
            tr("Put fleet.json in the workspace, one entry per loopkeeper-node: {\"nodes\": [{\"name\": "
               "\"edge-1\", "
               "\"url\": \"http://127.0.0.1:8101\", \"tier\": \"tier_1\"}]} (optional: \"role\": "
               "\"teacher\", "
               "\"token\" or \"token_env\")."),
            true});
    }
    setWorkspaceNote(tr("Fleet file: %1").arg(QDir::toNativeSeparators(s.fleetPath)));
}

void RolloutPanel::showHeader()
{
    const std::optional<Rollout> &r = m_snapshot.rollout;
    const bool has = r.has_value();
    for (QWidget *w : std::initializer_list<QWidget *>{m_status, m_stepsCaption, m_steps, m_windowCaption,
             m_window, m_nodesCaption, m_nodeBar, m_nodeCounts, m_meta})
        w->setVisible(has);
    if (!has) {
        m_rolloutBox->setTitle(tr("Current rollout"));
        m_title->setText(tr("No rollout yet"));
        m_deployment->setText(
            tr("Start Rollout deploys a model version to a canary share of the edge nodes "
               "first (10 % by default), watches it, judges it against the rest, then promotes "
               "it or rolls it back."));
        m_deployment->setWordWrap(true);
        m_reason->clear();
        m_reason->hide();
        return;
    }
    m_deployment->setWordWrap(false);
    m_rolloutBox->setTitle(r->isFinished() ? tr("Last rollout") : tr("Current rollout"));
    m_title->setText(r->previousVersion.isEmpty()
            ? tr("%1 (the nodes reported no previous version)").arg(r->modelVersion)
            : tr("%1 replacing %2").arg(r->modelVersion, r->previousVersion));
    const QColor badge = statusColor(r->status);
    m_status->setText(FleetText::phase(*r));
    m_status->setToolTip(nameOf(r->status));
    m_status->setAccessibleName(tr("Rollout status: %1").arg(m_status->text()));
    m_status->setStyleSheet(QStringLiteral("QLabel { background: %1; color: white; padding: 3px 10px; "
                                           "border-radius: 9px; font-weight: bold; }")
                                .arg(badge.name()));
    m_deployment->setText(FleetText::deploymentLine(*r));
    m_meta->setText(r->isFinished()
            ? tr("%1 · started by %2 at %3 · ended %4")
                  .arg(r->id, r->createdBy, FleetText::time(r->createdAt), FleetText::time(r->finishedAt))
            : tr("%1 · started by %2 at %3").arg(r->id, r->createdBy, FleetText::time(r->createdAt)));
    m_steps->setText(tr("Step %1 of %2: %3")
                         .arg(r->stepIndex + 1)
                         .arg(r->plan.steps.size())
                         .arg(FleetText::stepsHtml(r->plan, r->stepIndex, r->isFinished())));

    NodeProgressBar::Counts counts;
    for (const RolloutNode &n : r->nodes) {
        switch (n.state) {
        case RolloutNodeState::Deployed: ++counts.deployed; break;
        case RolloutNodeState::Failed: ++counts.failed; break;
        case RolloutNodeState::RolledBack: ++counts.rolledBack; break;
        case RolloutNodeState::Waiting: ++counts.waiting; break;
        }
    }
    counts.target = r->plan.targetCount(r->stepIndex, int(r->nodes.size()));
    m_nodeBar->setCounts(counts, FleetText::versionColor(r->modelVersion));
    m_nodeCounts->setText(tr("%1 deployed · %2 waiting · %3 failed · %4 rolled back · step target %5 of %6")
                              .arg(counts.deployed)
                              .arg(counts.waiting)
                              .arg(counts.failed)
                              .arg(counts.rolledBack)
                              .arg(counts.target)
                              .arg(counts.total()));
    m_reason->setText(r->reason.isEmpty() ? QString() : tr("Why: %1").arg(r->reason));
    m_reason->setVisible(!r->reason.isEmpty());
}

void RolloutPanel::showTiles()
{
    const FleetSnapshot &s = m_snapshot;
    const bool active = s.hasActiveRollout();
    std::vector<NodeTile> tiles;
    QMap<QString, int> byVersion;
    int up = 0;
    int down = 0;
    int unchecked = 0;
    QString lastCheck;
    for (const QString &name : s.nodeNames()) {
        NodeTile t;
        t.name = name;
        t.inFleetFile = false;
        for (const lk::fleet::FleetNode &n : s.fleetNodes) {
            if (n.name == name) {
                t.url = n.url.toString();
                t.tier = n.tier;
                t.role = n.role;
                t.inFleetFile = true;
            }
        }
        if (const lk::rollout::NodeHealth *h = s.healthOf(name)) {
            if (!t.inFleetFile) {
                t.url = h->url;
                t.tier = h->tier;
                t.role = h->role;
            }
            t.health = h->status;
            t.version = h->modelVersion;
            t.checkedAt = h->checkedAt;
            t.lastUpAt = h->lastUpAt;
            t.error = h->error;
            lastCheck = std::max(lastCheck, h->checkedAt);
        }
        if (const RolloutNode *n = active ? s.rolloutNodeOf(name) : nullptr) {
            t.inRollout = true;
            t.canary = n->step == 0;
            t.step = n->step;
            t.state = n->state;
            t.attempts = n->attempts;
            t.lastError = n->lastError;
            if (t.tier.isEmpty())
                t.tier = n->tier;
        }
        if (t.role.isEmpty())
            t.role = QStringLiteral("edge");
        t.candidate = s.rollout && t.version == s.rollout->modelVersion;
        switch (t.health) {
        case NodeHealthStatus::Up: ++up; break;
        case NodeHealthStatus::Down: ++down; break;
        case NodeHealthStatus::Unknown: ++unchecked; break;
        }
        if (!t.version.isEmpty())
            byVersion[t.version] += 1;
        tiles.push_back(t);
    }
    const int total = int(tiles.size());
    m_tiles->setTiles(std::move(tiles));
    m_fleetSummary->setText(tr("&Nodes: %1 · %2 up · %3 down · %4 not checked yet · last health poll %5")
                                .arg(total)
                                .arg(up)
                                .arg(down)
                                .arg(unchecked)
                                .arg(FleetText::time(lastCheck)));

    QStringList legend;
    for (auto it = byVersion.begin(); it != byVersion.end(); ++it) {
        QString role;
        if (s.rollout && it.key() == s.rollout->modelVersion)
            role = tr(" (candidate)");
        else if (s.rollout && it.key() == s.rollout->previousVersion)
            role = tr(" (previous)");
        legend.append(QStringLiteral("<span style='color:%1; font-size:large'>■</span> %2%3: %4")
                          .arg(FleetText::versionColor(it.key()).name(), it.key().toHtmlEscaped(), role)
                          .arg(it.value()));
    }
    legend.append(tr("<b>✖ DOWN</b> grey, hatched: %1").arg(down));
    legend.append(tr("? dashed outline: not checked yet: %1").arg(unchecked));
    if (active)
        legend.append(tr("<b>CANARY</b>: gets the candidate first"));
    // Each entry stays on one line; the row wraps between entries.
    for (QString &entry : legend)
        entry = QStringLiteral("<span style='white-space:nowrap'>%1</span>").arg(entry);
    m_legend->setText(legend.join(QStringLiteral(" &nbsp;&nbsp; ")));
}

void RolloutPanel::showVerdict()
{
    const std::optional<Rollout> &r = m_snapshot.rollout;
    const QJsonObject j = r ? r->judgement : QJsonObject();
    const lk::rollout::RolloutPlan plan = r ? r->plan : lk::rollout::RolloutPlan();
    m_score->setScore(r ? r->score : std::nullopt, plan.marginalScore, plan.passScore);
    const QJsonArray metrics = j.value(QStringLiteral("metrics")).toArray();
    std::vector<LiveRow> rows;
    rows.reserve(size_t(metrics.size()));
    for (const QJsonValue &value : metrics) {
        const QJsonObject m = value.toObject();
        const QString metric = m.value(QStringLiteral("metric")).toString();
        const QString status = m.value(QStringLiteral("status")).toString();
        const bool passed = m.value(QStringLiteral("passed")).toBool();
        const bool noData = status == QLatin1String("no_data");
        QString name = FleetText::metricName(metric);
        if (m.value(QStringLiteral("critical")).toBool())
            name = tr("%1 (critical)").arg(name);
        const QStringList cells = {name,
            noData ? FleetText::dash()
                   : FleetText::metricValue(plan, metric, m.value(QStringLiteral("canary")).toDouble()),
            noData ? FleetText::dash()
                   : FleetText::metricValue(plan, metric, m.value(QStringLiteral("primary")).toDouble()),
            noData ? FleetText::dash() : FleetText::pValue(m.value(QStringLiteral("p_value")).toDouble(1)),
            FleetText::verdict(status, passed), m.value(QStringLiteral("explanation")).toString()};
        LiveRow row{metric, cells, {metric, QString(), QString(), QString(), status, QString()}};
        if (!noData) {
            row.tintColumn = 4;
            row.tint = passed ? passTint() : alertTint();
        }
        rows.push_back(std::move(row));
    }
    liveModel(m_verdicts)->setRows(std::move(rows));
    if (!r) {
        m_verdictSummary->setText(
            tr("Ver&dicts appear when a rollout's canary has been watched for its window."));
        return;
    }
    if (j.isEmpty()) {
        QString when;
        if (r->status == RolloutStatus::Monitoring && r->windowEndsAtMs > 0)
            when = tr(" The judge rules when the watch window ends, at %1.")
                       .arg(FleetText::time(r->windowEndsAtMs));
        m_verdictSummary->setText((r->canaryResult == QLatin1String("promoted_by_operator")
                                          ? tr("Ver&dicts: none; an operator promoted past the judge.")
                                          : tr("Ver&dicts: the judge has not ruled on this rollout yet."))
            + when);
        return;
    }
    const QJsonObject canary = j.value(QStringLiteral("canary")).toObject();
    const QJsonObject primary = j.value(QStringLiteral("primary")).toObject();
    QString text =
        tr("Ver&dicts of step %1, judged %2 at %3. Canary: nodes %4, predictions %5; primary: nodes %6, "
           "predictions %7. Promoted from a score of %8, left to a human from %9, rolled back below.")
            .arg(j.value(QStringLiteral("step")).toInt() + 1)
            .arg(FleetText::canaryResult(j.value(QStringLiteral("result")).toString()),
                FleetText::time(j.value(QStringLiteral("judged_at")).toString()))
            .arg(canary.value(QStringLiteral("nodes")).toInt())
            .arg(QLocale().toString(canary.value(QStringLiteral("predictions")).toInteger()))
            .arg(primary.value(QStringLiteral("nodes")).toInt())
            .arg(QLocale().toString(primary.value(QStringLiteral("predictions")).toInteger()))
            .arg(QLocale().toString(plan.passScore, 'f', 0), QLocale().toString(plan.marginalScore, 'f', 0));
    const QJsonArray unreachable = j.value(QStringLiteral("unreachable")).toArray();
    if (!unreachable.isEmpty()) {
        QStringList names;
        for (const QJsonValue &v : unreachable)
            names.append(v.toString());
        text += QLatin1Char(' ') + tr("Not reachable when judged: %1.").arg(names.join(QStringLiteral(", ")));
    }
    m_verdictSummary->setText(text);
}

void RolloutPanel::showTimeline()
{
    const std::optional<Rollout> &r = m_snapshot.rollout;
    const QString id = r ? r->id : QString();
    if (id != m_timelineOf) {
        m_timelineOf = id;
        m_lastEventId = 0;
        m_timeline->clear();
    }
    for (const QJsonValue &v : m_snapshot.events) {
        const QJsonObject e = v.toObject();
        const qint64 eventId = e.value(QStringLiteral("id")).toInteger();
        if (eventId <= m_lastEventId)
            continue;
        m_lastEventId = eventId;
        const QString kind = e.value(QStringLiteral("kind")).toString();
        auto *item = new QTreeWidgetItem(
            {FleetText::time(e.value(QStringLiteral("at")).toString()), FleetText::eventKind(kind),
                e.value(QStringLiteral("node")).toString(), e.value(QStringLiteral("message")).toString()});
        item->setData(0, Qt::UserRole, eventId);
        item->setToolTip(0, e.value(QStringLiteral("at")).toString());
        item->setToolTip(1, kind);
        const QJsonObject detail = e.value(QStringLiteral("detail")).toObject();
        const QString message = e.value(QStringLiteral("message")).toString().toHtmlEscaped();
        item->setToolTip(3,
            detail.isEmpty() ? message : QStringLiteral("<p>%1</p>%2").arg(message, FleetText::fieldsHtml(detail)));
        if (kind == QLatin1String("node_failed") || kind == QLatin1String("rolling_back")
            || kind == QLatin1String("aborted") || kind == QLatin1String("rollback_requested")) {
            for (int c = 0; c < 4; ++c)
                item->setForeground(c, QColor(0xc0, 0x39, 0x2b));
        }
        m_timeline->insertTopLevelItem(0, item);
    }
    while (m_timeline->topLevelItemCount() > FleetSnapshot::kEventsKept)
        delete m_timeline->takeTopLevelItem(m_timeline->topLevelItemCount() - 1);
    if (m_timeline->topLevelItemCount() > 0 && m_timeline->columnWidth(0) < 40) {
        for (int c = 0; c < 3; ++c)
            m_timeline->resizeColumnToContents(c);
    }
}

void RolloutPanel::updateWindow()
{
    const std::optional<Rollout> &r = m_snapshot.rollout;
    const bool watching = r
        && (r->status == RolloutStatus::Monitoring
            || (r->status == RolloutStatus::Paused && r->pausedFrom == RolloutStatus::Monitoring));
    if (!r || r->isFinished()) {
        m_clock->stop();
        m_window->setValue(r && r->status == RolloutStatus::Completed ? 1000 : 0);
        m_window->setFormat(r ? tr("no window: the rollout ended") : QString());
        return;
    }
    if (!watching || r->windowEndsAtMs <= 0) {
        m_clock->stop();
        m_window->setValue(0);
        m_window->setFormat(r->status == RolloutStatus::RollingBack
                ? tr("no window while rolling back")
                : tr("starts once step %1 is deployed").arg(r->stepIndex + 1));
        return;
    }
    const qint64 total = std::max<qint64>(1000, qint64(r->plan.windowSeconds) * 1000);
    const qint64 left = r->windowEndsAtMs - QDateTime::currentMSecsSinceEpoch();
    m_window->setValue(int(std::clamp<qint64>((total - left) * 1000 / total, 0, 1000)));
    QString text;
    if (r->status == RolloutStatus::Paused)
        text = tr("paused: %1 of %2 were left, until %3")
                   .arg(FleetText::countdown(left), FleetText::countdown(total),
                       FleetText::time(r->windowEndsAtMs));
    else if (left > 0)
        text = tr("%1 left of %2 · judged at %3")
                   .arg(FleetText::countdown(left), FleetText::countdown(total),
                       FleetText::time(r->windowEndsAtMs));
    else
        text = tr("window over: the judge rules at the next tick");
    if (r->windowExtensions > 0)
        text += tr(" · extended %1 of %2 times for lack of traffic")
                    .arg(r->windowExtensions)
                    .arg(r->plan.maxWindowExtensions);
    m_window->setFormat(text);
    m_window->setAccessibleDescription(text);
    if (!m_clock->isActive())
        m_clock->start();
}


QWidget *RolloutPanel::focusTarget() const
{
    // The first action an operator can take now: roll back or promote during a rollout, else start.
    for (QPushButton *b : {m_rollbackButton, m_promoteButton, m_resumeButton, m_pauseButton, m_startButton}) {
        if (b->isEnabled() && m_snapshot.hasActiveRollout())
            return b;
    }
    return m_startButton->isEnabled() ? static_cast<QWidget *>(m_startButton) : m_tiles;
}

void RolloutPanel::updateLiveState(const FleetSnapshot &s)
{
    const std::optional<Rollout> &r = s.rollout;
    if (!r || r->isFinished()) {
        setLiveState(QString());
        return;
    }
    const int steps = int(r->plan.steps.size());
    const int step = std::min(r->stepIndex + 1, std::max(steps, 1));
    QString phase;
    if (r->status == RolloutStatus::RollingBack)
        phase = tr("rolling back");
    else if (r->status == RolloutStatus::Paused)
        phase = tr("paused %1/%2").arg(step).arg(steps);
    else if (step < steps)
        phase = tr("canary %1/%2").arg(step).arg(steps);
    else
        phase = tr("rolling out %1/%2").arg(step).arg(steps);
    const bool attention = r->status == RolloutStatus::Paused || r->status == RolloutStatus::RollingBack;
    setLiveState(phase, attention ? 2 : 1);
}

} // namespace lk::ui
