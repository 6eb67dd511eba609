#pragma once

// The console's view of the edge fleet, for the Rollout and the Drift panel alike (one monitor
// serves both). A monitor (core/common/Monitor.h) whose worker polls the workspace with its own
// connection — the fleet file, the last health of every node, the unfinished (or latest) rollout
// with its timeline, the registered versions a rollout can start from, and the drift windows and
// alerts — and hands the panels the newest snapshot, only when something changed. Operator
// commands (pause, resume, promote, roll back) run on that worker; starting a rollout asks every
// node what it serves, so it runs on a pool thread. The UI thread never touches SQLite and never
// waits for a node.

#include "core/common/Monitor.h"
#include "core/drift/DriftStore.h"
#include "core/fleet/FleetConfig.h"
#include "core/loop/ModelRegistry.h"
#include "core/rollout/RolloutEngine.h"
#include "core/rollout/RolloutStore.h"
#include "core/workspace/Workspace.h"

#include <QDateTime>
#include <QFutureWatcher>
#include <QJsonArray>
#include <QList>
#include <QObject>
#include <QString>

#include <optional>
#include <vector>

namespace lk::rollout {

/// What the Rollout and Drift panels show, read in one go on the monitor's thread.
struct FleetSnapshot
{
    bool hasWorkspace = false;
    QDateTime readAt; ///< UTC
    QString fleetPath; ///< WORKSPACE/fleet.json
    bool fleetFileExists = false;
    QString fleetError; ///< the fleet file exists but cannot be used: why
    std::vector<lk::fleet::FleetNode> fleetNodes; ///< in file order, tokens left out
    std::vector<NodeHealth> health; ///< the last poll of each node, by name

    /// The unfinished rollout, or else the most recent one.
    std::optional<Rollout> rollout;
    /// Its timeline, oldest first (the newest kEventsKept).
    QJsonArray events;
    /// Registered versions with an artifact, newest first (what a rollout can start from).
    std::vector<lk::loop::ModelVersion> versions;
    /// The plan a new rollout starts with: WORKSPACE/rollout.json's, or the defaults.
    RolloutPlan defaultPlan;
    /// rollout.json exists but cannot be used: why (the defaults are offered then).
    QString settingsError;

    /// Drift windows that ended within the horizon, oldest first. Implicitly shared: both fleet
    /// panels keep a snapshot, and 30 days of a fleet's windows are too many to copy twice a
    /// second on the UI thread.
    QList<lk::drift::StoredWindow> windows;
    /// Drift alerts, newest first (the newest kAlertsKept).
    std::vector<lk::drift::StoredAlert> alerts;

    static constexpr int kEventsKept = 2000;
    static constexpr int kAlertsKept = 200;

    /// The last health of `node`, or nullptr.
    const NodeHealth *healthOf(const QString &node) const;
    /// The node's part in the current rollout, or nullptr.
    const RolloutNode *rolloutNodeOf(const QString &node) const;
    /// Every node name known from the fleet file, the health polls and the rollout, in file order
    /// first, then by name.
    QStringList nodeNames() const;
    /// Whether the rollout is unfinished.
    bool hasActiveRollout() const { return rollout && !rollout->isFinished(); }
};

class FleetMonitorWorker;

/// Keeps a FleetSnapshot of a workspace up to date for the fleet's panels and carries out the
/// operator's rollout commands off the UI thread. Answers arrive as signals on the thread that
/// owns the monitor. It polls every 1000 ms while one of its panels is shown (setInterval()),
/// and slower while none is.
class FleetMonitor : public Monitor
{
    Q_OBJECT
public:
    /// What a monitor reads: the console's one monitor reads both parts for its two panels; a
    /// panel on its own (in a test) asks only for its part.
    enum Part {
        Rollouts = 0x1, ///< fleet file, health, rollout, events, versions
        Drift = 0x2, ///< fleet file, health, drift windows and alerts
    };
    Q_DECLARE_FLAGS(Parts, Part)

    explicit FleetMonitor(Parts parts = Parts(Rollouts | Drift), QObject *parent = nullptr);
    /// Waits for a rollout start in flight (bounded by the nodes' timeouts) and the worker.
    ~FleetMonitor() override;

    Parts parts() const { return m_parts; }
    /// Watches `workspace` (nullopt: nothing); the first snapshot follows at once.
    void setWorkspace(const std::optional<Workspace> &workspace);
    /// How far back drift windows are read (default 30 days).
    void setDriftHorizon(qint64 milliseconds);

    /// Pauses, resumes, promotes or rolls back (`command`: pause | resume | promote | rollback)
    /// the rollout `rolloutId` in the name of `by`; commandFinished() answers.
    void command(
        const QString &command, const QString &rolloutId, const QString &by, const QString &reason = {});
    /// Starts a rollout on a pool thread (it asks every node what it serves); commandFinished()
    /// answers with the command "start".
    void startRollout(const StartRequest &request);
    /// A rollout start is in flight.
    bool isStarting() const { return m_start.isRunning(); }

Q_SIGNALS:
    void snapshotChanged(const lk::rollout::FleetSnapshot &snapshot);
    /// `ok`: done, and `message` says what the rollout is now; else why it was refused.
    void commandFinished(const QString &command, bool ok, const QString &message);

protected:
    void deliver(const std::any &snapshot) override;

private:
    void onStartDone();

    Parts m_parts;
    FleetMonitorWorker *m_worker = nullptr;
    std::optional<Workspace> m_workspace;
    QFutureWatcher<QString> m_start; ///< the error text, empty on success
};

/// The monitor's thread side; use FleetMonitor.
class FleetMonitorWorker : public MonitorWorker
{
    Q_OBJECT
public:
    explicit FleetMonitorWorker(FleetMonitor::Parts parts);
    ~FleetMonitorWorker() override;
    /// Switches to `workspace` (dropping the old connection) and reads it.
    void setWorkspace(const std::optional<Workspace> &workspace);
    /// See FleetMonitor::setDriftHorizon().
    void setDriftHorizon(qint64 milliseconds);
    /// See FleetMonitor::command().
    void command(const QString &command, const QString &rolloutId, const QString &by, const QString &reason);

Q_SIGNALS:
    void commandFinished(const QString &command, bool ok, const QString &message);

protected:
    /// Reads what changed; `force` hands a snapshot over even if nothing did.
    void poll(bool force) override;
    void reset() override;

private:
    struct Private;
    Private *d;
};

} // namespace lk::rollout

Q_DECLARE_OPERATORS_FOR_FLAGS(lk::rollout::FleetMonitor::Parts)
Q_DECLARE_METATYPE(lk::rollout::FleetSnapshot)
