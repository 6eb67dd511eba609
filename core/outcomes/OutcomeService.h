#pragma once

#include "core/outcomes/OutcomeLearner.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QObject>

#include <functional>

class QTimer;

namespace lk::outcomes {

/// The agent performance list (docs/rest.md): agent_name, success_rate, avg_latency_ms,
/// total_executions, plus the credible interval, EMA latency and quality.
QJsonArray performanceJson(const bandit::AgentPerformanceModel &model);

/// The agent-selection answer (docs/rest.md): {"recommendations": [{"agent_name", "score", "rank",
/// "level", "posterior_mean"}], "model_score", "timestamp"}.
QJsonObject recommendationJson(
    bandit::AgentPerformanceModel &model, const QString &taskType, const QJsonObject &context, int topK);

/// Learns from outcome events as they arrive (the REST API's POST /api/learning/outcomes): a
/// posted batch is stored before ingest() returns (acknowledged), and applied in micro-batches
/// when batch_size events are pending or the oldest pending one has waited
/// batch_timeout_seconds. The state is saved every save_interval_seconds and on stop().
/// Lives on one thread (the API server's), with that thread's database connection.
class OutcomeService : public QObject
{
    Q_OBJECT
public:
    OutcomeService(const Workspace &workspace, storage::Database &db, LearnerConfig config = {},
        QObject *parent = nullptr);
    ~OutcomeService() override;

    /// Work to do on every one-second tick before the due micro-batches are applied; the server
    /// reads the workspace's inbox folder here (loop::processInbox), which this module does not
    /// know, so that outcomes dropped as files are applied in the same tick.
    void setTickWork(std::function<void()> work) { m_tickWork = std::move(work); }
    /// Loads the model (last saved state plus the events stored after it) and starts the timers.
    void start();
    /// Applies what is pending and saves.
    void stop();

    /// Reads a posted body (see OutcomeReader::read), stores its valid events (acknowledged)
    /// and applies the micro-batches that are due.
    IngestReport ingest(QByteArrayView body);
    QJsonObject metrics();
    QJsonArray agentPerformance();
    QJsonObject recommend(const QString &taskType, const QJsonObject &context, int topK);
    /// Applies everything stored (partial micro-batch too) and saves a version now; returns it.
    QJsonObject saveNow();
    /// GET /api/learning/status's object (docs/rest.md).
    QJsonObject status();

    OutcomeLearner &learner() { return m_learner; }

private:
    void applyDue(bool force);

    Workspace m_workspace;
    storage::Database &m_db;
    OutcomeStore m_store;
    OutcomeLearner m_learner;
    OutcomeReader m_reader;
    QTimer *m_batchTimer = nullptr;
    QTimer *m_saveTimer = nullptr;
    QElapsedTimer m_oldestPending;
    std::function<void()> m_tickWork;
    bool m_running = false;
};

} // namespace lk::outcomes
