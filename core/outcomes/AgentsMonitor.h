#pragma once

#include "core/bandit/AgentPerformanceModel.h"
#include "core/common/Monitor.h"
#include "core/workspace/Workspace.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QPointF>
#include <QStringList>
#include <QVector>

#include <optional>

namespace lk::outcomes {

/// What the Agents panel shows, read in one go.
struct AgentsSnapshot
{
    QVector<bandit::AgentPerformance> agents;
    QStringList taskTypes;
    QHash<QString, QVector<bandit::AgentPerformance>> perTask;
    bandit::LearningMetrics metrics;
    QStringList alerts;
    qint64 events = 0; ///< outcome events stored in the workspace
    /// Per agent, latency and quality of its outcomes among the newest kTrendEvents, as
    /// (event seq, value) in order: the trend charts' data.
    QHash<QString, QVector<QPointF>> latencyTrend;
    QHash<QString, QVector<QPointF>> qualityTrend;
    static constexpr int kTrendEvents = 5000;
};

class AgentsMonitorWorker;

/// Keeps an agent model of the workspace up to date for the UI: a monitor
/// (core/common/Monitor.h) whose worker, with its own connection, loads the saved state plus the
/// stored events, applies new events as they are stored (by any process), and answers
/// recommendation requests. Read-only: it never saves a version (ingest does). It looks for new
/// events every 1000 ms while its panel is shown, and slower while it is not.
class AgentsMonitor : public Monitor
{
    Q_OBJECT
public:
    explicit AgentsMonitor(QObject *parent = nullptr);
    ~AgentsMonitor() override;

    void setWorkspace(const std::optional<Workspace> &workspace);
    /// Asks for a ranking; recommended() answers.
    void recommend(const QString &taskType, const QJsonObject &context, int topK);

Q_SIGNALS:
    void snapshotChanged(const lk::outcomes::AgentsSnapshot &snapshot);
    /// The agent-selection answer (see recommendationJson()).
    void recommended(const QJsonObject &answer);

protected:
    void deliver(const std::any &snapshot) override;

private:
    AgentsMonitorWorker *m_worker = nullptr;
};

/// The monitor's thread side; use AgentsMonitor.
class AgentsMonitorWorker : public MonitorWorker
{
    Q_OBJECT
public:
    AgentsMonitorWorker();
    ~AgentsMonitorWorker() override;
    void setWorkspace(const std::optional<Workspace> &workspace);
    void recommend(const QString &taskType, const QJsonObject &context, int topK);

Q_SIGNALS:
    void recommended(const QJsonObject &answer);

protected:
    /// Applies the events stored since the last poll; `force` hands the snapshot over even if
    /// there were none.
    void poll(bool force) override;
    void reset() override;

private:
    struct Private;
    Private *d;
};

} // namespace lk::outcomes

Q_DECLARE_METATYPE(lk::outcomes::AgentsSnapshot)
