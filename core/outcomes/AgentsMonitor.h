#pragma once

#include "core/bandit/AgentPerformanceModel.h"
#include "core/workspace/Workspace.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QPointF>
#include <QStringList>
#include <QThread>
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

/// Keeps an agent model of the workspace up to date for the UI: on its own thread with its
/// own connection it loads the saved state plus the stored events, applies new events as
/// they are stored (by any process), and answers recommendation requests. Read-only: it never
/// saves a version (ingest does).
class AgentsMonitor : public QObject
{
    Q_OBJECT
public:
    explicit AgentsMonitor(QObject *parent = nullptr);
    ~AgentsMonitor() override;

    void setWorkspace(const std::optional<Workspace> &workspace);
    /// Asks for a ranking; recommended() answers.
    void recommend(const QString &taskType, const QJsonObject &context, int topK);
    /// While the panel is hidden (false) the worker polls five times less often; made active it
    /// reads what is new at once.
    void setActive(bool active);

Q_SIGNALS:
    void snapshotChanged(const lk::outcomes::AgentsSnapshot &snapshot);
    /// The agent-selection answer (see recommendationJson()).
    void recommended(const QJsonObject &answer);
    void failed(const QString &message);

private:
    QThread m_thread;
    AgentsMonitorWorker *m_worker = nullptr;
};

class AgentsMonitorWorker : public QObject
{
    Q_OBJECT
public:
    AgentsMonitorWorker();
    ~AgentsMonitorWorker() override;
    void setWorkspace(const std::optional<Workspace> &workspace);
    void recommend(const QString &taskType, const QJsonObject &context, int topK);
    void setActive(bool active);
    void poll();

Q_SIGNALS:
    void snapshotChanged(const lk::outcomes::AgentsSnapshot &snapshot);
    void recommended(const QJsonObject &answer);
    void failed(const QString &message);

private:
    struct Private;
    Private *d;
};

} // namespace lk::outcomes

Q_DECLARE_METATYPE(lk::outcomes::AgentsSnapshot)
