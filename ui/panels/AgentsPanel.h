#pragma once

#include "core/outcomes/AgentsMonitor.h"
#include "ui/panels/Panel.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class QTableView;

namespace lk {
class WorkspaceSession;
}

namespace lk::ui {

class CurveChart;

/// The Agents panel: what the agent-outcome model has learned — per agent its success rate
/// with a 95 % credible interval, latency and quality (window average and its EMA trend),
/// executions, the posterior per task type — the learning metrics and alerts, and a
/// recommendation box ranking agents for a task type and context by Thompson sampling.
class AgentsPanel : public Panel
{
    Q_OBJECT
public:
    explicit AgentsPanel(lk::WorkspaceSession *session, QWidget *parent = nullptr);
    QString title() const override;
    void setWorkspace(const lk::WorkspaceInfo *info) override;

    /// Asks for a ranking with what the recommendation box holds.
    void requestRecommendation();

Q_SIGNALS:
    /// The panel shows a new snapshot of the model.
    void snapshotShown();
    /// A recommendation arrived and is shown.
    void recommendationShown();

public:
    QWidget *focusTarget() const override;

protected:
    void refresh() override;

private:
    void showSnapshot(const lk::outcomes::AgentsSnapshot &snapshot);
    void showTask();
    void showRecommendation(const QJsonObject &answer);
    void showTrends(const lk::outcomes::AgentsSnapshot &snapshot);

public:
    CurveChart *latencyChart() const { return m_latencyChart; }
    CurveChart *qualityChart() const { return m_qualityChart; }

    lk::WorkspaceSession *m_session = nullptr;
    lk::outcomes::AgentsMonitor *m_monitor = nullptr;
    lk::outcomes::AgentsSnapshot m_snapshot;
    lk::outcomes::AgentsSnapshot m_pending; ///< arrived, not drawn yet (the panel may be hidden)
    QStringList m_taskTypesShown;
    std::pair<QHash<QString, QVector<QPointF>>, QHash<QString, QVector<QPointF>>> m_trendsShown;
    QLabel *m_metrics = nullptr;
    QLabel *m_alerts = nullptr;
    QTableView *m_agents = nullptr;
    CurveChart *m_latencyChart = nullptr;
    CurveChart *m_qualityChart = nullptr;
    QComboBox *m_task = nullptr;
    QTableView *m_taskAgents = nullptr;
    QComboBox *m_recommendTask = nullptr;
    QLineEdit *m_context = nullptr;
    QSpinBox *m_topK = nullptr;
    QTableView *m_ranking = nullptr;
    QLabel *m_recommendStatus = nullptr;
};

} // namespace lk::ui
