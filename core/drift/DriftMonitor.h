#pragma once

// The drift monitor: pulls each edge node's recent predictions (GET /v1/observations) and
// teacher agreement (GET /v1/metrics), cuts them into windows of `window_seconds` per node and
// model version, judges each window with a DriftEvaluator (escalation rate against its
// baseline, accuracy on corrected escalations, PSI and KS of the confidences, Page-Hinkley and
// ADWIN on the escalation stream), stores every window and, when a node starts drifting,
// raises one alert: operators are notified and the learning loop is offered the drift signal,
// which may fire its training trigger. While the node keeps drifting, the signal is offered
// again every window until a job starts (a cool-down may hold the first offer back).
//
// Settings live in WORKSPACE/drift.json (optional):
//     {"window_seconds": 60, "fire_trigger": true, "keep_days": 14, "evaluator": {...DriftConfig}}

#include "core/drift/DriftEvaluator.h"
#include "core/drift/DriftStore.h"
#include "core/fleet/FleetConfig.h"
#include "core/workspace/Workspace.h"

#include <QJsonObject>

#include <map>
#include <memory>
#include <vector>

namespace lk::fleet {
class NodeClient;
}

namespace lk::drift {

/// A judged window as the drift store keeps it: `window`'s counts, `verdict`'s checks, and the
/// figures the panels and the CLI show (escalation rate and baseline, PSI, KS) taken from them.
StoredWindow storedWindow(
    const QString &node, const QString &modelVersion, const DriftWindow &window, const DriftVerdict &verdict);

struct DriftMonitorConfig
{
    int windowSeconds = 60; ///< one judged window per node and this many seconds
    bool fireTrigger = true; ///< offer alerts to the learning loop's drift trigger
    int keepDays = 14; ///< windows older than this are pruned (those with alerts are kept)
    DriftConfig evaluator;

    /// Unknown keys and bad values are refused with lk::Error(Input) naming the key.
    static DriftMonitorConfig fromJson(const QJsonObject &json);
    /// WORKSPACE/drift.json, or the defaults if there is none.
    static DriftMonitorConfig load(const Workspace &workspace);
    QJsonObject toJson() const;
};

/// What one poll did.
struct DriftPollResult
{
    std::vector<StoredWindow> windows; ///< windows judged and stored
    std::vector<StoredAlert> alerts; ///< alerts raised
    QStringList unreachable; ///< nodes that did not answer
};

/// Keeps per node and model version the evaluator and the window being filled; not
/// thread-safe (one poll at a time).
class DriftMonitor
{
public:
    explicit DriftMonitor(DriftMonitorConfig config = {});
    ~DriftMonitor();

    /// Pulls what each edge node did since the last poll and judges every window that is due.
    DriftPollResult poll(storage::Database &db, const Workspace &workspace, const fleet::FleetConfig &fleet,
        fleet::NodeClient &client, qint64 nowMs);

    const DriftMonitorConfig &config() const { return m_config; }

private:
    struct NodeState;
    StoredWindow judge(NodeState &state, const QString &node, qint64 nowMs);
    /// Stores and announces an alert for `window` (judged last), offering its drift signal to
    /// the learning loop.
    StoredAlert raise(storage::Database &db, const Workspace &workspace, const StoredWindow &window);
    /// Offers the last verdict's drift signal to the learning loop; its answer and the job it
    /// created, if any.
    std::pair<QJsonObject, QString> offerTrigger(storage::Database &db, const Workspace &workspace, qint64 atMs);

    DriftMonitorConfig m_config;
    std::map<QString, std::unique_ptr<NodeState>> m_nodes; ///< by node name
    DriftVerdict m_lastVerdict; ///< of the window judged last
};

} // namespace lk::drift
