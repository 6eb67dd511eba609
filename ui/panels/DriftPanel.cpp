#include "ui/panels/DriftPanel.h"
#include "ui/panels/LiveTableModel.h"

#include "ui/panels/DriftBuckets.h"
#include "ui/panels/DriftHeatMap.h"
#include "ui/panels/DriftRateChart.h"
#include "ui/panels/FleetText.h"
#include "ui/panels/FleetWidgets.h"

#include "core/workspace/Workspace.h"
#include "core/workspace/WorkspaceSession.h"

#include <QComboBox>
#include <QDir>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLocale>
#include <QMap>
#include <QPushButton>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QSplitter>
#include <QTableView>
#include <QTextBrowser>
#include <QUrl>
#include <QVBoxLayout>

#include <cmath>

namespace lk::ui {

namespace fw = fleetwidgets;
using lk::drift::StoredAlert;
using lk::drift::StoredWindow;
using lk::rollout::FleetMonitor;
using lk::rollout::FleetSnapshot;

namespace {

constexpr int kRefreshMs = 1000;
/// How often the time charts follow the clock when no new window arrived.
constexpr qint64 kRedrawEveryMs = 5000;
constexpr qint64 kHourMs = 3600LL * 1000;

/// A time range the panel offers, with how finely the heat map and the chart divide it.
struct Range
{
    const char *label;
    qint64 ms;
    int heatBuckets;
    int chartBuckets;
};

const Range kRanges[] = {
    // The stored windows' own span (at least kMinFitMs), divided as finely as the windows allow.
    {QT_TRANSLATE_NOOP("lk::ui::DriftPanel", "Fit to data"), 0, 24, 96},
    {QT_TRANSLATE_NOOP("lk::ui::DriftPanel", "Last hour"), kHourMs, 12, 60},
    {QT_TRANSLATE_NOOP("lk::ui::DriftPanel", "Last 6 hours"), 6 * kHourMs, 24, 72},
    {QT_TRANSLATE_NOOP("lk::ui::DriftPanel", "Last 24 hours"), 24 * kHourMs, 24, 96},
    {QT_TRANSLATE_NOOP("lk::ui::DriftPanel", "Last 7 days"), 7 * 24 * kHourMs, 28, 168},
    {QT_TRANSLATE_NOOP("lk::ui::DriftPanel", "Last 30 days"), 30 * 24 * kHourMs, 30, 180},
};
constexpr int kFitRange = 0;
constexpr int kDefaultRange = kFitRange;
/// The shortest span "Fit to data" shows: a few windows of a young fleet are not a sliver.
constexpr qint64 kMinFitMs = 5 * 60 * 1000;

/// Distinct line colours for up to ten nodes; more take evenly spread hues.
QColor nodeColor(int index, int count)
{
    static const QColor palette[] = {QColor(0x1f, 0x77, 0xb4), QColor(0xff, 0x7f, 0x0e),
        QColor(0x2c, 0xa0, 0x2c), QColor(0xd6, 0x27, 0x28), QColor(0x94, 0x67, 0xbd),
        QColor(0x8c, 0x56, 0x4b), QColor(0xe3, 0x77, 0xc2), QColor(0x7f, 0x7f, 0x7f),
        QColor(0xbc, 0xbd, 0x22), QColor(0x17, 0xbe, 0xcf)};
    if (count <= 10)
        return palette[index % 10];
    return QColor::fromHsv((index * 360 / std::max(1, count)) % 360, 190, 200);
}

QString optionalNumber(const std::optional<double> &x, int decimals)
{
    return x && std::isfinite(*x) ? QLocale().toString(*x, 'f', decimals) : FleetText::dash();
}

/// A drift check's figure as people read it: rates in percent, statistics as numbers.
QString checkValue(const QString &name, const QJsonValue &v)
{
    if (!v.isDouble())
        return FleetText::dash();
    const double x = v.toDouble();
    if (name == QLatin1String("escalation_rate") || name == QLatin1String("accuracy")
        || name == QLatin1String("adwin"))
        return FleetText::rate(x, 2);
    return QLocale().toString(x, 'f', 3);
}

QString esc(const QString &s)
{
    return s.toHtmlEscaped();
}

} // namespace

DriftPanel::DriftPanel(lk::WorkspaceSession *session, FleetMonitor *monitor, QWidget *parent)
    : Panel(QStringLiteral("driftPanel"), parent)
    , m_session(session)
    , m_monitor(monitor ? monitor : new FleetMonitor(FleetMonitor::Drift, this))
    , m_ownsMonitor(!monitor)
{
    showEmptyState();

    auto *content = new QWidget(this);
    content->setObjectName(QStringLiteral("driftContent"));

    m_nodeCombo = new QComboBox(content);
    m_nodeCombo->setObjectName(QStringLiteral("driftNodeCombo"));
    m_nodeCombo->setAccessibleName(tr("Node shown in the chart"));
    m_nodeCombo->addItem(tr("All nodes"), QString());
    connect(m_nodeCombo, &QComboBox::currentIndexChanged, this, [this] {
        showTime();
        showAlerts();
    });
    m_rangeCombo = new QComboBox(content);
    m_rangeCombo->setObjectName(QStringLiteral("driftRangeCombo"));
    m_rangeCombo->setAccessibleName(tr("Time range"));
    for (const Range &r : kRanges)
        m_rangeCombo->addItem(tr(r.label));
    m_rangeCombo->setCurrentIndex(kDefaultRange);
    connect(m_rangeCombo, &QComboBox::currentIndexChanged, this, [this] { showTime(); });
    m_summary = new QLabel(content);
    m_summary->setObjectName(QStringLiteral("driftSummaryLabel"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error = fw::errorBanner(content, QStringLiteral("driftErrorLabel"));

    auto *top = new QHBoxLayout;
    top->addWidget(fw::caption(tr("&Node:"), m_nodeCombo, content));
    top->addWidget(m_nodeCombo);
    top->addSpacing(12);
    top->addWidget(fw::caption(tr("&Range:"), m_rangeCombo, content));
    top->addWidget(m_rangeCombo);
    top->addSpacing(12);
    top->addWidget(m_summary, 1);

    // Over time: the rate chart and the heat map.
    auto *chartBox = new QGroupBox(tr("Escalation rate against the baseline band"), content);
    chartBox->setObjectName(QStringLiteral("driftChartBox"));
    m_chart = new DriftRateChart(chartBox);
    m_chart->setObjectName(QStringLiteral("driftRateChart"));
    m_chart->setAccessibleName(tr("Escalation rate over time per node, with the baseline band"));
    auto *chartLayout = new QVBoxLayout(chartBox);
    chartLayout->addWidget(m_chart);

    auto *heatBox = new QGroupBox(tr("Nodes × time: escalation rate against the baseline"), content);
    heatBox->setObjectName(QStringLiteral("driftHeatBox"));
    m_heatMap = new DriftHeatMap(heatBox);
    m_heatMap->setObjectName(QStringLiteral("driftHeatMap"));
    m_heatMap->setAccessibleName(tr("Heat map of escalation rate by node and time"));
    connect(m_heatMap, &DriftHeatMap::nodeActivated, this, &DriftPanel::setNode);
    m_heatScroll = new QScrollArea(heatBox);
    m_heatScroll->setObjectName(QStringLiteral("driftHeatScroll"));
    m_heatScroll->setWidgetResizable(true);
    m_heatScroll->setFrameShape(QFrame::NoFrame);
    m_heatScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_heatScroll->setWidget(m_heatMap);
    auto *heatLayout = new QVBoxLayout(heatBox);
    heatLayout->addWidget(m_heatScroll);

    // Now: the latest window of each node, and the alerts.
    auto *latestBox = new QGroupBox(tr("Latest window per node"), content);
    latestBox->setObjectName(QStringLiteral("driftLatestBox"));
    m_latest = liveTable(latestBox, QStringLiteral("driftLatestTable"), tr("Latest window per node"),
        {tr("Node"), tr("Model version"), tr("Ended"), tr("Predictions"), tr("Escalation rate"),
            tr("Baseline"), tr("PSI"), tr("KS D"), tr("KS p"), tr("Checks")},
        {3, 4, 5, 6, 7, 8});
    auto *latestLayout = new QVBoxLayout(latestBox);
    latestLayout->addWidget(m_latest);

    auto *alertsBox = new QGroupBox(tr("Alerts"), content);
    alertsBox->setObjectName(QStringLiteral("driftAlertsBox"));
    m_alerts = liveTable(alertsBox, QStringLiteral("driftAlertsTable"), tr("Drift alerts"),
        {tr("Raised"), tr("Node"), tr("Model version"), tr("Training job"), tr("Learning loop"),
            tr("Explanation")});
    connect(m_alerts->selectionModel(), &QItemSelectionModel::selectionChanged, this,
        &DriftPanel::showAlertDetails);
    connect(m_alerts, &QTableView::activated, this, [this] { showSelectedJob(); });
    m_alertsCaption = fw::caption(QString(), m_alerts, alertsBox);
    m_alertsCaption->setObjectName(QStringLiteral("driftAlertsCaption"));
    m_alertsCaption->setWordWrap(true);
    m_alertDetails = new QTextBrowser(alertsBox);
    m_alertDetails->setObjectName(QStringLiteral("driftAlertDetails"));
    m_alertDetails->setAccessibleName(tr("The selected alert: checks and the learning loop's answer"));
    m_alertDetails->setOpenLinks(false);
    connect(m_alertDetails, &QTextBrowser::anchorClicked, this, [this](const QUrl &url) {
        if (url.scheme() == QLatin1String("job"))
            Q_EMIT trainingJobRequested(url.path());
    });
    m_jobButton = new QPushButton(tr("Show Training &Job"), alertsBox);
    m_jobButton->setObjectName(QStringLiteral("showTrainingJobButton"));
    m_jobButton->setAccessibleName(tr("Show the training job of the selected alert"));
    m_jobButton->setToolTip(tr("Open the job this alert's trigger started in the Samples & Models panel"));
    m_jobButton->setEnabled(false);
    connect(m_jobButton, &QPushButton::clicked, this, &DriftPanel::showSelectedJob);
    auto *alertSplit = new QSplitter(Qt::Horizontal, alertsBox);
    alertSplit->setObjectName(QStringLiteral("driftAlertSplitter"));
    alertSplit->addWidget(m_alerts);
    alertSplit->addWidget(m_alertDetails);
    alertSplit->setStretchFactor(0, 3);
    alertSplit->setStretchFactor(1, 2);
    auto *alertsLayout = new QVBoxLayout(alertsBox);
    alertsLayout->addWidget(m_alertsCaption);
    alertsLayout->addWidget(alertSplit, 1);
    alertsLayout->addWidget(m_jobButton, 0, Qt::AlignLeft);

    // Top: the chart beside the latest windows; then the heat map across; then the alerts.
    auto *upper = new QSplitter(Qt::Horizontal, content);
    upper->setObjectName(QStringLiteral("driftUpperSplitter"));
    upper->addWidget(chartBox);
    upper->addWidget(latestBox);
    upper->setStretchFactor(0, 3);
    upper->setStretchFactor(1, 2);
    upper->setSizes({1000, 1000});
    auto *split = new QSplitter(Qt::Vertical, content);
    split->setObjectName(QStringLiteral("driftSplitter"));
    split->addWidget(upper);
    split->addWidget(heatBox);
    split->addWidget(alertsBox);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    split->setStretchFactor(2, 2);
    split->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(content);
    layout->addLayout(top);
    layout->addWidget(m_error);
    layout->addWidget(split, 1);
    setContent(content);

    setTabOrder(m_nodeCombo, m_rangeCombo);
    setTabOrder(m_rangeCombo, m_latest);
    setTabOrder(m_latest, m_heatMap);
    setTabOrder(m_heatMap, m_alerts);
    setTabOrder(m_alerts, m_alertDetails);
    setTabOrder(m_alertDetails, m_jobButton);

    connect(m_monitor, &FleetMonitor::snapshotChanged, this, &DriftPanel::showSnapshot);
    connect(m_monitor, &FleetMonitor::failed, this, [this](const QString &message) {
        m_error->setText(tr("Cannot read the drift windows: %1").arg(message));
        m_error->show();
    });
    if (m_ownsMonitor)
        m_monitor->setInterval(kRefreshMs);
    watch(m_monitor);
    showSnapshot(FleetSnapshot());
}

QString DriftPanel::title() const
{
    return tr("Drift");
}

void DriftPanel::setWorkspace(const lk::WorkspaceInfo *info)
{
    if (m_ownsMonitor)
        m_monitor->setWorkspace(info && m_session ? m_session->workspace() : std::nullopt);
    showSnapshot(FleetSnapshot());
}

void DriftPanel::setRefreshInterval(int milliseconds)
{
    m_monitor->setInterval(milliseconds);
}

void DriftPanel::setNode(const QString &node)
{
    const int index = m_nodeCombo->findData(node);
    m_nodeCombo->setCurrentIndex(index >= 0 ? index : 0);
}

QString DriftPanel::node() const
{
    return m_nodeCombo->currentData().toString();
}

void DriftPanel::setRange(int index)
{
    m_rangeCombo->setCurrentIndex(std::clamp(index, 0, int(std::size(kRanges)) - 1));
}

void DriftPanel::showSnapshot(const FleetSnapshot &snapshot)
{
    m_pending = snapshot; // a newer snapshot replaces one not drawn yet
    updateLiveState(m_pending);
    scheduleRefresh();
}

void DriftPanel::refresh()
{
    m_snapshot = std::move(m_pending);
    m_pending = FleetSnapshot();
    const FleetSnapshot &snapshot = m_snapshot;
    const bool data = snapshot.hasWorkspace && (!snapshot.windows.empty() || !snapshot.alerts.empty());
    showEmptyState();
    setEmptyStateVisible(!data);
    if (snapshot.hasWorkspace)
        m_error->hide();

    const QStringList nodes = driftNodes();
    if (nodes != m_nodes || m_nodeCombo->count() != nodes.size() + 1) {
        m_nodes = nodes;
        const QString current = node();
        const QSignalBlocker block(m_nodeCombo);
        m_nodeCombo->clear();
        m_nodeCombo->addItem(tr("All nodes"), QString());
        for (const QString &n : std::as_const(m_nodes))
            m_nodeCombo->addItem(n, n);
        const int index = m_nodeCombo->findData(current);
        m_nodeCombo->setCurrentIndex(index >= 0 ? index : 0);
    }
    showTime();
    showLatest();
    showAlerts();
    Q_EMIT snapshotShown();
}

void DriftPanel::showEmptyState()
{
    if (!m_snapshot.hasWorkspace) {
        setEmptyState({
            tr("No drift data yet"),
            tr("Escalation rate against its baseline per edge node and model version, accuracy drift from "
               "corrected escalations, and input-distribution drift (PSI, Kolmogorov-Smirnov, Page-Hinkley, "
               "ADWIN) will appear here, with alerts and the training triggers they fired."),
            tr("Edge nodes (loopkeeper-node) report their predictions and escalations to this console."),
            true,
        });
        setWorkspaceNote(QString());
        return;
    }
    setEmptyState({tr("No drift windows yet"),
        tr("Each edge node's escalation rate against its baseline, accuracy on corrected escalations, and "
           "confidence drift (PSI, Kolmogorov-Smirnov, Page-Hinkley, ADWIN) will appear here per window, "
           "with "
           "the alerts and the training triggers they fired."),
        m_snapshot.fleetFileExists
            ? tr("The fleet runner judges every edge node of fleet.json in windows of its traffic; the first "
                 "windows build each node's baseline.")
            : tr(
                "Put fleet.json in the workspace to list the loopkeeper-node agents: {\"nodes\": [{\"name\": "
                "\"edge-1\", \"url\": \"http://127.0.0.1:8101\"}]}; their traffic is then judged in "
                "windows."),
        true});
    setWorkspaceNote(tr("Fleet file: %1").arg(QDir::toNativeSeparators(m_snapshot.fleetPath)));
}

QStringList DriftPanel::driftNodes() const
{
    QStringList nodes;
    for (const lk::fleet::FleetNode &n : m_snapshot.fleetNodes) {
        if (n.isEdge())
            nodes.append(n.name);
    }
    QStringList others;
    for (const StoredWindow &w : m_snapshot.windows) {
        if (!nodes.contains(w.node) && !others.contains(w.node))
            others.append(w.node);
    }
    others.sort();
    return nodes + others;
}

void DriftPanel::showTime()
{
    const int rangeIndex = std::clamp(m_rangeCombo->currentIndex(), 0, int(std::size(kRanges)) - 1);
    Range range = kRanges[rangeIndex];
    const qint64 to = (m_snapshot.readAt.isValid() ? m_snapshot.readAt : QDateTime::currentDateTimeUtc())
                          .toMSecsSinceEpoch();
    // The chart and the heat map are built again when their data or the choices change, and
    // otherwise every few seconds as the clock moves the range: a snapshot a second (the nodes'
    // health) must not rebuild Qt Charts' series each time.
    const QString drawnFrom = QStringLiteral("%1|%2|%3|%4|%5|%6|%7")
                              .arg(rangeIndex)
                              .arg(node())
                              .arg(m_nodes.join(QLatin1Char(',')))
                              .arg(qint64(m_snapshot.windows.size()))
                              .arg(m_snapshot.windows.empty() ? 0 : m_snapshot.windows.constLast().id)
                              .arg(m_snapshot.alerts.empty() ? 0 : m_snapshot.alerts.front().id)
                              .arg(to / kRedrawEveryMs);
    if (drawnFrom == m_timeShown)
        return;
    m_timeShown = drawnFrom;
    if (rangeIndex == kFitRange) {
        // From the start of the oldest stored window to now, in buckets no finer than a window.
        const FitRange fit = fitRange(to);
        range.ms = fit.spanMs;
        range.heatBuckets = fit.heatBuckets;
        range.chartBuckets = fit.chartBuckets;
    }
    const qint64 from = to - range.ms;
    const DriftGrid heat = DriftGrid::build(m_snapshot.windows, m_nodes, from, to, range.heatBuckets);
    m_heatMap->setGrid(heat);
    // Tall enough for every row up to a dozen nodes; more scroll.
    constexpr int kRowsWithoutScrolling = 12;
    const int rowsShown = std::min(heat.rows(), kRowsWithoutScrolling);
    m_heatScroll->setMinimumHeight(m_heatMap->heightFor(rowsShown) + 2);

    const QString only = node();
    const QStringList shown = only.isEmpty() ? m_nodes : QStringList{only};
    const DriftGrid fine = DriftGrid::build(m_snapshot.windows, shown, from, to, range.chartBuckets);
    std::vector<DriftRateChart::Line> lines;
    for (int row = 0; row < fine.rows(); ++row) {
        DriftRateChart::Line line;
        line.name = fine.nodes().at(row);
        line.color = nodeColor(int(m_nodes.indexOf(line.name)), int(m_nodes.size()));
        for (int c = 0; c < fine.columns(); ++c) {
            const DriftCell &cell = fine.cell(row, c);
            if (cell.rate())
                line.points.emplace_back(double((fine.bucketStart(c) + fine.bucketEnd(c)) / 2), *cell.rate());
        }
        lines.push_back(line);
    }
    // The band: the baseline of the nodes shown, up to their alert limit (baseline × 1.1 when a
    // window gave no limit of its own).
    DriftRateChart::Band band;
    for (int c = 0; c < fine.columns(); ++c) {
        const DriftCell pooled = fine.pooled(c);
        if (!pooled.baseline())
            continue;
        const double x = double((fine.bucketStart(c) + fine.bucketEnd(c)) / 2);
        band.baseline.emplace_back(x, *pooled.baseline());
        band.limit.emplace_back(x, pooled.limit() ? *pooled.limit() : *pooled.baseline() * 1.1);
    }
    m_chart->setData(lines, band, from, to,
        rangeIndex == kFitRange
            ? tr("No drift window of %1 is stored yet.").arg(only.isEmpty() ? tr("any node") : only)
            : tr("No drift window of %1 ended in the chosen range (%2).")
                  .arg(only.isEmpty() ? tr("any node") : only, tr(range.label).toLower()));

    int alerts = 0;
    for (const StoredAlert &a : m_snapshot.alerts) {
        const qint64 raised = QDateTime::fromString(a.raisedAt, Qt::ISODateWithMs).toMSecsSinceEpoch();
        alerts += raised >= from && (only.isEmpty() || a.node == only) ? 1 : 0;
    }
    const qint64 newest = m_snapshot.windows.empty() ? 0 : m_snapshot.windows.constLast().endedAtMs;
    m_summary->setText(tr("%1 nodes · %2 windows and %3 alerts in range · newest window ended %4")
                           .arg(m_nodes.size())
                           .arg(heat.windowCount())
                           .arg(alerts)
                           .arg(FleetText::time(newest)));
}

void DriftPanel::showLatest()
{
    QMap<QString, const StoredWindow *> latest;
    for (const StoredWindow &w : std::as_const(m_snapshot.windows))
        latest[w.node] = &w; // oldest first: the last one wins
    QStringList nodes;
    for (const QString &n : std::as_const(m_nodes)) {
        if (latest.contains(n))
            nodes.append(n);
    }
    std::vector<LiveRow> rows;
    rows.reserve(size_t(nodes.size()));
    for (const QString &nodeName : std::as_const(nodes)) {
        const StoredWindow &w = *latest.value(nodeName);
        QStringList alerting;
        QStringList explanations;
        int noData = 0;
        for (const QJsonValue &v : w.checks) {
            const QJsonObject c = v.toObject();
            const QString name = c.value(QStringLiteral("name")).toString();
            const QString status = c.value(QStringLiteral("status")).toString();
            if (status == QLatin1String("alert"))
                alerting.append(FleetText::driftCheck(name));
            noData += status == QLatin1String("no_data") ? 1 : 0;
            explanations.append(QStringLiteral("%1 (%2): %3")
                                    .arg(FleetText::driftCheck(name), FleetText::driftStatus(status),
                                        c.value(QStringLiteral("explanation")).toString()));
        }
        QString checks;
        if (!alerting.isEmpty())
            checks = tr("✖ Alert: %1").arg(alerting.join(QStringLiteral(", ")));
        else if (!w.checks.isEmpty() && noData == w.checks.size())
            checks = tr("– No data yet");
        else
            checks =
                noData > 0 ? tr("✔ OK (%1 of %2 without data)").arg(noData).arg(w.checks.size()) : tr("✔ OK");
        const QStringList cells = {w.node, w.modelVersion, FleetText::time(w.endedAt),
            QLocale().toString(w.predictions),
            w.escalationRate ? FleetText::rate(*w.escalationRate, 2) : FleetText::dash(),
            w.baselineRate ? FleetText::rate(*w.baselineRate, 2) : FleetText::dash(),
            optionalNumber(w.psi, 3), optionalNumber(w.ksStatistic, 3),
            w.ksPValue ? FleetText::pValue(*w.ksPValue) : FleetText::dash(), checks};
        const QString explained = explanations.join(QLatin1Char('\n'));
        QStringList tips(cells.size());
        tips[0] = explained;
        tips[9] = explained;
        LiveRow row{w.node, cells, tips};
        if (!alerting.isEmpty()) {
            row.tintColumn = 9;
            row.tint = alertTint();
        }
        rows.push_back(std::move(row));
    }
    liveModel(m_latest)->setRows(std::move(rows));
}

void DriftPanel::showAlerts()
{
    const QString only = node();
    std::vector<const StoredAlert *> shown;
    for (const StoredAlert &a : m_snapshot.alerts) {
        if (only.isEmpty() || a.node == only)
            shown.push_back(&a);
    }
    {
        // Row-level updates keep the operator's selection; the details follow it.
        const QSignalBlocker block(m_alerts->selectionModel());
        std::vector<LiveRow> rows;
        rows.reserve(shown.size());
        for (const StoredAlert *a : shown) {
            const QStringList cells = {FleetText::time(a->raisedAt), a->node, a->modelVersion,
                a->jobId.isEmpty() ? FleetText::dash() : a->jobId, FleetText::triggerAction(a->trigger),
                a->explanation};
            QStringList tips(cells.size());
            tips[0] = a->raisedAt;
            tips[3] = a->jobId.isEmpty()
                ? QString()
                : tr("Enter or double-click: show job %1 in Samples & Models").arg(a->jobId);
            tips[4] = FleetText::triggerAction(a->trigger);
            LiveRow row{QString::number(a->id), cells, tips, a->id};
            row.linkColumn = a->jobId.isEmpty() ? -1 : 3;
            rows.push_back(std::move(row));
        }
        liveModel(m_alerts)->setRows(std::move(rows));
        // The newest alert's details are on screen until the operator picks another.
        if (!m_alerts->selectionModel()->hasSelection() && m_alerts->model()->rowCount() > 0)
            m_alerts->selectRow(0);
    }
    m_alertsCaption->setText(
        shown.empty() ? tr(
            "A&lerts: none%1. An alert is raised when a window's checks show drift that is unlikely to be "
            "noise; it is offered to the learning loop as a drift trigger.")
                            .arg(only.isEmpty() ? QString() : tr(" for %1").arg(only))
                      : tr("A&lerts, newest first%1; double-click one with a training job to open it.")
                            .arg(only.isEmpty() ? QString() : tr(" (%1 only)").arg(only)));
    showAlertDetails();
}

const StoredAlert *DriftPanel::selectedAlert() const
{
    const QModelIndexList selected = m_alerts->selectionModel()->selectedRows();
    if (selected.isEmpty())
        return nullptr;
    const qint64 id = selected.first().data(Qt::UserRole).toLongLong();
    for (const StoredAlert &a : m_snapshot.alerts) {
        if (a.id == id)
            return &a;
    }
    return nullptr;
}

QString DriftPanel::selectedJob() const
{
    const StoredAlert *alert = selectedAlert();
    return alert ? alert->jobId : QString();
}

void DriftPanel::showSelectedJob()
{
    const QString job = selectedJob();
    if (!job.isEmpty())
        Q_EMIT trainingJobRequested(job);
}

void DriftPanel::showAlertDetails()
{
    const StoredAlert *alert = selectedAlert();
    m_jobButton->setEnabled(alert && !alert->jobId.isEmpty());
    if (!alert) {
        m_alertDetails->setHtml(tr("<p>Select an alert to see its checks and what the learning loop did with "
                                   "it.</p>"));
        return;
    }
    QString html = QStringLiteral("<p><b>%1</b> · %2 · %3</p><p>%4</p>")
                       .arg(esc(alert->node), esc(alert->modelVersion), esc(FleetText::time(alert->raisedAt)),
                           esc(alert->explanation));
    html += QStringLiteral(
        "<table cellspacing='0' cellpadding='3'><tr><th align='left'>%1</th><th align='left'>%2</th>"
        "<th align='left'>%3</th><th align='left'>%4</th></tr>")
                .arg(esc(tr("Check")), esc(tr("Status")), esc(tr("Value")), esc(tr("Baseline")));
    for (const QJsonValue &v : alert->checks) {
        const QJsonObject c = v.toObject();
        const QString name = c.value(QStringLiteral("name")).toString();
        const QString status = c.value(QStringLiteral("status")).toString();
        const QString mark = status == QLatin1String("alert") ? QStringLiteral("✖ ") : QString();
        html += QStringLiteral("<tr><td>%1</td><td>%2%3</td><td>%4</td><td>%5</td></tr>"
                               "<tr><td></td><td colspan='3'><small>%6</small></td></tr>")
                    .arg(esc(FleetText::driftCheck(name)), mark, esc(FleetText::driftStatus(status)),
                        esc(checkValue(name, c.value(QStringLiteral("value")))),
                        esc(checkValue(name, c.value(QStringLiteral("baseline")))),
                        esc(c.value(QStringLiteral("explanation")).toString()));
    }
    html += QStringLiteral("</table>");
    html += QStringLiteral("<p><b>%1</b> %2")
                .arg(esc(tr("Learning loop:")), esc(FleetText::triggerAction(alert->trigger)));
    if (!alert->jobId.isEmpty())
        html += QStringLiteral(" — <a href='job:%1'>%2</a>")
                    .arg(esc(QString::fromLatin1(QUrl::toPercentEncoding(alert->jobId))),
                        esc(tr("training job %1").arg(alert->jobId)));
    html += QStringLiteral("</p>");
    html += FleetText::fieldsHtml(alert->trigger);
    if (html == m_alertDetailsHtml)
        return; // unchanged: keep the operator's scroll position and text selection
    m_alertDetailsHtml = html;
    m_alertDetails->setHtml(html);
}

DriftPanel::FitRange DriftPanel::fitRange(qint64 to) const
{
    // A window's length is the gap between two of one node's windows (they follow each other).
    QHash<QString, qint64> previous;
    qint64 oldest = to;
    qint64 shortest = 0;
    for (const StoredWindow &w : m_snapshot.windows) {
        oldest = std::min(oldest, w.endedAtMs);
        const auto it = previous.constFind(w.node);
        if (it != previous.constEnd() && w.endedAtMs > *it)
            shortest = shortest == 0 ? w.endedAtMs - *it : std::min(shortest, w.endedAtMs - *it);
        previous.insert(w.node, w.endedAtMs);
    }
    // Half a window before the oldest window ended, so that it lies well inside the first bucket.
    oldest -= shortest / 2;
    FitRange fit;
    fit.spanMs = std::max(kMinFitMs, to - oldest);
    const qint64 windows = shortest > 0 ? fit.spanMs / shortest : 96;
    fit.chartBuckets = int(std::clamp<qint64>(windows, 10, 96));
    fit.heatBuckets = int(std::clamp<qint64>(windows, 6, 24));
    return fit;
}

QWidget *DriftPanel::focusTarget() const
{
    return m_alerts->model()->rowCount() > 0 ? static_cast<QWidget *>(m_alerts) : m_latest;
}

void DriftPanel::updateLiveState(const FleetSnapshot &s)
{
    // Nodes whose latest window alerts: drifting now, whatever alerts were raised before.
    QMap<QString, const StoredWindow *> latest;
    for (const StoredWindow &w : s.windows)
        latest[w.node] = &w;
    int drifting = 0;
    for (const StoredWindow *w : std::as_const(latest))
        drifting += w->alert ? 1 : 0;
    if (drifting > 0) {
        setLiveState(tr("%n drifting", nullptr, drifting), 2);
        return;
    }
    // Drift that has passed still deserves a look for a while: alerts of the last hour.
    const QDateTime hourAgo = (s.readAt.isValid() ? s.readAt : QDateTime::currentDateTimeUtc()).addSecs(-3600);
    int recent = 0;
    for (const StoredAlert &a : s.alerts)
        recent += QDateTime::fromString(a.raisedAt, Qt::ISODateWithMs) >= hourAgo ? 1 : 0;
    setLiveState(recent == 0 ? QString() : recent == 1 ? tr("1 alert in 1 h") : tr("%1 alerts in 1 h").arg(recent),
        recent > 0 ? 1 : 0);
}

} // namespace lk::ui
