#include "ui/panels/AgentsPanel.h"
#include "ui/panels/LiveTableModel.h"

#include "core/workspace/Workspace.h"
#include "core/workspace/WorkspaceSession.h"
#include "ui/charts/CurveChart.h"

#include <QAbstractButton>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include <cmath>

namespace lk::ui {

namespace {

QTableView *table(QWidget *parent, const char *name, const QString &accessible, const QStringList &headers,
    const QSet<int> &numbers)
{
    return liveTable(parent, QString::fromLatin1(name), accessible, headers, numbers);
}

QString number(double v, int decimals)
{
    return std::isfinite(v) ? QLocale().toString(v, 'f', decimals) : QStringLiteral("—");
}

QString percent(double v)
{
    return std::isfinite(v) ? QLocale().toString(v * 100.0, 'f', 1) + QStringLiteral(" %")
                            : QStringLiteral("—");
}

/// ▲ rising / ▼ falling when the recent (EMA) value differs from the window average by more
/// than 5 %, ▬ otherwise: the direction of the value itself, whether that is good or bad.
QString trend(double average, double ema)
{
    if (!std::isfinite(average) || !std::isfinite(ema) || average == 0)
        return {};
    const double change = (ema - average) / std::abs(average);
    if (std::abs(change) < 0.05)
        return QStringLiteral(" ▬");
    return change > 0 ? QStringLiteral(" ▲") : QStringLiteral(" ▼");
}

void fillPerformance(QTableView *t, const QVector<bandit::AgentPerformance> &agents)
{
    std::vector<LiveRow> rows;
    rows.reserve(size_t(agents.size()));
    for (const bandit::AgentPerformance &a : agents) {
        const QStringList cells = {
            a.agentName,
            percent(a.successRate),
            QStringLiteral("%1 – %2").arg(percent(a.credibleLow), percent(a.credibleHigh)),
            QString::number(a.totalExecutions),
            number(a.avgLatencyMs, 1) + trend(a.avgLatencyMs, a.emaLatencyMs),
            number(a.avgQuality, 3) + trend(a.avgQuality, a.emaQuality),
        };
        QStringList tips(cells.size());
        tips[4] = AgentsPanel::tr("Window average %1 ms; recent (EMA) %2 ms")
                      .arg(number(a.avgLatencyMs, 1), number(a.emaLatencyMs, 1));
        tips[5] = AgentsPanel::tr("Window average %1; recent (EMA) %2")
                      .arg(number(a.avgQuality, 3), number(a.emaQuality, 3));
        rows.push_back({a.agentName, cells, tips});
    }
    liveModel(t)->setRows(std::move(rows));
}

} // namespace

AgentsPanel::AgentsPanel(lk::WorkspaceSession *session, QWidget *parent)
    : Panel(QStringLiteral("agentsPanel"), parent)
    , m_session(session)
    , m_monitor(new lk::outcomes::AgentsMonitor(this))
{
    setEmptyState({
        tr("No agent outcomes yet"),
        tr("Each agent's success rate with its credible interval, latency and quality trends and execution "
           "counts will appear here, with ranked recommendations of which agent to use for a task."),
        tr("Outcome events arrive through POST /api/learning/outcomes (loopkeeper-cli serve, or Tools > "
           "Serve "
           "the Agent API) or loopkeeper-cli outcomes ingest FILE."),
        true,
    });

    auto *content = new QWidget(this);
    m_metrics = new QLabel(content);
    m_metrics->setObjectName(QStringLiteral("learningMetricsLabel"));
    m_metrics->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_metrics->setWordWrap(true);
    m_alerts = new QLabel(content);
    m_alerts->setObjectName(QStringLiteral("learningAlertsLabel"));
    m_alerts->setStyleSheet(QStringLiteral(
        "QLabel { background: #c0392b; color: white; padding: 4px 8px; border-radius: 4px; }"));
    m_alerts->setWordWrap(true);
    m_alerts->hide();

    const QStringList headers = {tr("Agent"), tr("Success rate"), tr("95 % interval"), tr("Executions"),
        tr("Latency (ms)"), tr("Quality")};
    const QSet<int> numbers = {1, 2, 3, 4, 5};
    m_agents = table(content, "agentsTable", tr("Agents"), headers, numbers);
    m_task = new QComboBox(content);
    m_task->setObjectName(QStringLiteral("taskTypeCombo"));
    m_task->setAccessibleName(tr("Task type"));
    connect(m_task, &QComboBox::currentIndexChanged, this, &AgentsPanel::showTask);
    m_taskAgents = table(content, "taskAgentsTable", tr("Agents for the task type"), headers, numbers);

    // Trends: each agent's latency and quality over the newest outcomes, raw (faint) and
    // smoothed with the debiased moving average.
    const auto trendChart = [content](const char *name, const QString &title, const QString &axis,
                                const QString &empty) {
        auto *chart = new CurveChart(content);
        chart->setObjectName(QString::fromLatin1(name));
        chart->setAccessibleName(title);
        chart->setYAxisTitle(axis);
        chart->setEmptyText(empty);
        chart->setSmoothing(0.9);
        chart->setStepAxisTitle(tr("Outcome event"));
        chart->setMinimumHeight(200);
        return chart;
    };
    m_latencyChart = trendChart("latencyTrendChart", tr("Latency trend"), tr("Latency (ms)"),
        tr("No outcome with a latency_ms yet."));
    m_qualityChart = trendChart(
        "qualityTrendChart", tr("Quality trend"), tr("Quality"), tr("No outcome with a quality_score yet."));
    auto *trends = new QSplitter(Qt::Horizontal, content);
    trends->setObjectName(QStringLiteral("agentTrendSplitter"));
    trends->addWidget(m_latencyChart);
    trends->addWidget(m_qualityChart);

    auto *left = new QWidget(content);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(new QLabel(tr("All task types"), left));
    leftLayout->addWidget(m_agents, 3);
    auto *taskRow = new QHBoxLayout;
    auto *taskLabel = new QLabel(tr("&Task type:"), left);
    taskLabel->setBuddy(m_task);
    taskRow->addWidget(taskLabel);
    taskRow->addWidget(m_task, 1);
    leftLayout->addLayout(taskRow);
    leftLayout->addWidget(m_taskAgents, 2);

    auto *box = new QGroupBox(tr("Recommend an agent"), content);
    box->setObjectName(QStringLiteral("recommendBox"));
    m_recommendTask = new QComboBox(box);
    m_recommendTask->setObjectName(QStringLiteral("recommendTaskCombo"));
    m_recommendTask->setAccessibleName(tr("Task type to recommend for"));
    m_recommendTask->setEditable(true);
    m_context = new QLineEdit(box);
    m_context->setObjectName(QStringLiteral("recommendContextEdit"));
    m_context->setAccessibleName(tr("Context as JSON"));
    m_context->setPlaceholderText(QStringLiteral("{\"complexity\": \"high\", \"domain\": \"financial\"}"));
    m_topK = new QSpinBox(box);
    m_topK->setObjectName(QStringLiteral("recommendTopKSpin"));
    m_topK->setAccessibleName(tr("How many agents"));
    m_topK->setRange(1, 100);
    m_topK->setValue(3);
    auto *go = new QPushButton(tr("&Recommend"), box);
    go->setObjectName(QStringLiteral("recommendButton"));
    go->setAccessibleName(tr("Recommend"));
    connect(go, &QPushButton::clicked, this, &AgentsPanel::requestRecommendation);
    connect(m_context, &QLineEdit::returnPressed, this, &AgentsPanel::requestRecommendation);
    m_ranking = table(box, "recommendationTable", tr("Recommended agents"),
        {tr("Rank"), tr("Agent"), tr("Sampled score"), tr("Posterior mean"), tr("Evidence")}, {0, 2, 3});
    m_recommendStatus = new QLabel(box);
    m_recommendStatus->setObjectName(QStringLiteral("recommendStatusLabel"));
    m_recommendStatus->setWordWrap(true);
    auto *form = new QFormLayout;
    form->addRow(tr("Task t&ype:"), m_recommendTask);
    form->addRow(tr("&Context:"), m_context);
    form->addRow(tr("&Agents:"), m_topK);
    auto *boxLayout = new QVBoxLayout(box);
    boxLayout->addLayout(form);
    boxLayout->addWidget(go, 0, Qt::AlignLeft);
    boxLayout->addWidget(m_ranking, 1);
    boxLayout->addWidget(m_recommendStatus);

    auto *split = new QSplitter(Qt::Horizontal, content);
    split->setObjectName(QStringLiteral("agentsSplitter"));
    split->addWidget(left);
    split->addWidget(box);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);

    auto *rows = new QSplitter(Qt::Vertical, content);
    rows->setObjectName(QStringLiteral("agentsRowsSplitter"));
    rows->addWidget(split);
    rows->addWidget(trends);
    rows->setStretchFactor(0, 1);
    rows->setStretchFactor(1, 1);
    rows->setSizes({1000, 1000}); // the trends tall enough for whole axis titles at the first-start size

    auto *layout = new QVBoxLayout(content);
    layout->addWidget(m_metrics);
    layout->addWidget(m_alerts);
    layout->addWidget(rows, 1);
    setContent(content);

    connect(m_monitor, &lk::outcomes::AgentsMonitor::snapshotChanged, this, &AgentsPanel::showSnapshot);
    connect(m_monitor, &lk::outcomes::AgentsMonitor::recommended, this, &AgentsPanel::showRecommendation);
    watch(m_monitor);
}

QString AgentsPanel::title() const
{
    return tr("Agents");
}

void AgentsPanel::setWorkspace(const lk::WorkspaceInfo *info)
{
    m_monitor->setWorkspace(info && m_session ? m_session->workspace() : std::nullopt);
    setEmptyStateVisible(true);
}

void AgentsPanel::showSnapshot(const lk::outcomes::AgentsSnapshot &s)
{
    m_pending = s; // a newer snapshot replaces one not drawn yet
    const int agents = int(s.agents.size());
    setLiveState(s.events == 0 ? QString() : agents == 1 ? tr("1 agent") : tr("%1 agents").arg(agents),
        s.alerts.isEmpty() ? 0 : 1);
    scheduleRefresh();
}

void AgentsPanel::refresh()
{
    m_snapshot = std::move(m_pending);
    m_pending = {};
    const lk::outcomes::AgentsSnapshot &s = m_snapshot;
    setEmptyStateVisible(s.events == 0);
    const bandit::LearningMetrics &m = s.metrics;
    m_metrics->setText(
        tr("%1 outcome events · %2 updates (%3 failed) · %4 samples · %5 ms per update · model score "
           "%6 · improvement rate %7")
            .arg(s.events)
            .arg(m.totalUpdates)
            .arg(m.failedUpdates)
            .arg(m.samplesProcessed)
            .arg(number(m.avgUpdateTimeMs, 3), number(m.currentModelScore, 3), number(m.improvementRate, 3)));
    m_alerts->setText(s.alerts.join(QLatin1Char('\n')));
    m_alerts->setVisible(!s.alerts.isEmpty());
    fillPerformance(m_agents, s.agents);
    if (s.taskTypes != m_taskTypesShown) {
        // Refilled only when the task types change, so that what an operator typed stays.
        m_taskTypesShown = s.taskTypes;
        const QString keep = m_task->currentText();
        {
            const QSignalBlocker block(m_task);
            m_task->clear();
            m_task->addItems(s.taskTypes);
            m_task->setCurrentIndex(qMax(0, int(s.taskTypes.indexOf(keep))));
        }
        const QString keepRecommend = m_recommendTask->currentText();
        m_recommendTask->clear();
        m_recommendTask->addItems(s.taskTypes);
        m_recommendTask->setCurrentText(
            keepRecommend.isEmpty() && !s.taskTypes.isEmpty() ? s.taskTypes.first() : keepRecommend);
    }
    showTask();
    if (s.latencyTrend != m_trendsShown.first || s.qualityTrend != m_trendsShown.second) {
        m_trendsShown = {s.latencyTrend, s.qualityTrend};
        showTrends(s);
    }
    Q_EMIT snapshotShown();
}

void AgentsPanel::showTrends(const lk::outcomes::AgentsSnapshot &s)
{
    // A few thousand points: rebuilding the series is cheaper than tracking what changed.
    for (auto [chart, data] :
        {std::pair{m_latencyChart, &s.latencyTrend}, std::pair{m_qualityChart, &s.qualityTrend}}) {
        chart->clear();
        QStringList agents = data->keys();
        agents.sort();
        for (const QString &agent : std::as_const(agents)) {
            const QVector<QPointF> &points = data->value(agent);
            std::vector<CurvePoint> curve;
            curve.reserve(size_t(points.size()));
            for (const QPointF &p : points)
                curve.push_back({qint64(p.x()), p.x(), 0, p.y()});
            chart->appendPoints(
                chart->addSeries({agent, QColor(), Qt::SolidLine}), curve.data(), curve.size());
        }
    }
}

void AgentsPanel::showTask()
{
    fillPerformance(m_taskAgents, m_snapshot.perTask.value(m_task->currentText()));
}

void AgentsPanel::requestRecommendation()
{
    const QString task = m_recommendTask->currentText().trimmed();
    if (task.isEmpty()) {
        m_recommendStatus->setText(tr("Choose or type a task type."));
        return;
    }
    QJsonObject context;
    const QString text = m_context->text().trimmed();
    if (!text.isEmpty()) {
        QJsonParseError error{};
        const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8(), &error);
        if (error.error != QJsonParseError::NoError || !doc.isObject()) {
            m_recommendStatus->setText(
                tr("The context must be a JSON object, e.g. {\"complexity\": \"high\"}."));
            return;
        }
        context = doc.object();
    }
    m_recommendStatus->setText(tr("Sampling…"));
    m_monitor->recommend(task, context, m_topK->value());
}

void AgentsPanel::showRecommendation(const QJsonObject &answer)
{
    const QJsonArray ranked = answer.value(QStringLiteral("recommendations")).toArray();
    std::vector<LiveRow> rows;
    for (int r = 0; r < ranked.size(); ++r) {
        const QJsonObject o = ranked[r].toObject();
        const QString level = o.value(QStringLiteral("level")).toString();
        const QStringList cells = {QString::number(o.value(QStringLiteral("rank")).toInt()),
            o.value(QStringLiteral("agent_name")).toString(),
            number(o.value(QStringLiteral("score")).toDouble(), 3),
            percent(o.value(QStringLiteral("posterior_mean")).toDouble()),
            level == QLatin1String("context")         ? tr("this context")
                : level == QLatin1String("task_type") ? tr("this task type")
                                                      : tr("all tasks")};
        rows.push_back({cells[1], cells});
    }
    liveModel(m_ranking)->setRows(std::move(rows));
    m_recommendStatus->setText(ranked.isEmpty()
            ? tr("No agent has outcomes yet.")
            : tr("Thompson sampling: each agent's score is a draw from its "
                 "posterior, so rankings vary where the evidence is thin."));
    Q_EMIT recommendationShown();
}

QWidget *AgentsPanel::focusTarget() const
{
    return m_agents;
}

} // namespace lk::ui
