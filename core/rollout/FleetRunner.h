#pragma once

// Watches and drives the edge fleet unattended, for the console and `serve`: every tick (on a
// pool thread, never the owner's) it takes the fleet lease, polls node health (at its own
// interval), starts a rollout of a newly promoted version when rollout.json asks for it,
// advances the unfinished rollout, pulls the inputs of escalated samples from their nodes and
// runs the drift monitor. Only the process
// holding the lease acts, so the console and a server can both run one safely.

#include "core/workspace/Workspace.h"

#include <QFuture>
#include <QJsonObject>
#include <QObject>

#include <atomic>
#include <functional>
#include <memory>

class QTimer;

namespace lk::drift {
class DriftMonitor;
}

namespace lk::rollout {

struct FleetRunnerConfig
{
    QString fleetPath; ///< default: WORKSPACE/fleet.json
    int tickMs = 1000; ///< rollout ticks
    int healthMs = 5000; ///< health polls
    bool monitorDrift = true; ///< run the drift monitor (WORKSPACE/drift.json) every tick
};

class FleetRunner : public QObject
{
    Q_OBJECT
public:
    /// A step run after the rollout tick, on the same pool thread, with the tick's own
    /// connection; e.g. the drift monitor. Exceptions are reported through failed().
    using Step = std::function<void(storage::Database &db, const QString &fleetPath)>;

    FleetRunner(const Workspace &workspace, FleetRunnerConfig config, QObject *parent = nullptr);
    ~FleetRunner() override;

    void addStep(Step step) { m_steps.push_back(std::move(step)); }
    void start();
    /// No more ticks; waits for the one in progress (bounded by the node timeouts).
    void stop();
    QString fleetPath() const { return m_config.fleetPath; }

Q_SIGNALS:
    /// After each tick that held the lease: {"rollout": {...} or null, "health_polled": bool,
    /// "drift": {"windows": n, "alerts": [...], "unreachable": [...]}}.
    void ticked(const QJsonObject &summary);
    /// A tick failed (e.g. a broken fleet file); says what, once per distinct message.
    void failed(const QString &message);

private:
    void tick();

    Workspace m_workspace;
    FleetRunnerConfig m_config;
    QTimer *m_timer = nullptr;
    QFuture<void> m_running;
    std::vector<Step> m_steps;
    std::shared_ptr<drift::DriftMonitor> m_drift; ///< used by one tick at a time
    QString m_owner;
    qint64 m_lastHealthMs = 0;
    QString m_lastFailure;
};

} // namespace lk::rollout
