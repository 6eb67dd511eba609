#pragma once

// Drives the fleet's rollout step by step: deploys the candidate to the nodes of the current
// step (retrying with backoff), watches a window, asks the canary judge, promotes to the next
// step, pauses for a human, or rolls every touched node back. Each tick reads the rollout
// from the store and writes back what it did, so that operator commands from any process
// take effect at the next tick and a restarted console carries on where it stopped.
// Blocking network calls: run it on a worker thread (FleetRunner) or in the CLI.
//
//     RolloutEngine engine(db, fleet, client);
//     engine.start({...});            // stores a new rollout
//     while (auto r = engine.tick())  // advances it
//         if (r->isFinished()) break;

#include "core/fleet/FleetConfig.h"
#include "core/fleet/NodeClient.h"
#include "core/rollout/RolloutStore.h"

#include <optional>

namespace lk::loop {
class Notifier;
}

namespace lk::rollout {

/// What to roll out.
struct StartRequest
{
    QString modelVersion; ///< the name nodes report, e.g. fashion-mnist@3
    QString artifactPath; ///< TorchScript file
    QString sha256; ///< expected sha256 of the file; the file is refused if it differs
    RolloutPlan plan;
    QString by; ///< who started it
};

class RolloutEngine
{
public:
    /// `notifier` (optional) tells operators when a rollout completes, rolls back or pauses.
    RolloutEngine(storage::Database &db, fleet::FleetConfig fleet, fleet::NodeClient &client, loop::Notifier *notifier = nullptr);

    /// Checks the artifact (exists, sha256) and the fleet (edge nodes, enough for a canary),
    /// polls the nodes for the version they serve, and stores the rollout. Throws lk::Error(Input).
    Rollout start(const StartRequest &request);
    /// Starts a rollout of `modelLine`'s active registered version when most reachable edge
    /// nodes serve another one, nothing is rolling out, and that version was never rolled out
    /// before (a version that was rolled back is not tried again by itself). nullopt otherwise.
    std::optional<Rollout> autoStart(const QString &modelLine, const RolloutPlan &plan);
    /// Advances the unfinished rollout as far as it can without waiting; nullopt if none.
    std::optional<Rollout> tick();
    /// Polls every fleet node's health and metrics and stores them.
    std::vector<NodeHealth> pollHealth();

    const fleet::FleetConfig &fleet() const { return m_fleet; }
    RolloutStore &store() { return m_store; }

private:
    void deployStep(Rollout &r);
    void startWindow(Rollout &r);
    void judgeWindow(Rollout &r);
    void rollbackStep(Rollout &r);
    void finish(Rollout &r, RolloutStatus status, const QString &message);
    /// After a rollback: the previous registered version is active again (if the candidate was).
    void restoreRegistry(const Rollout &r);
    void beginRollback(Rollout &r, const QString &reason, RolloutStatus outcome);
    void notify(const Rollout &r, const QString &kind, const QString &title);
    /// The fleet node for a rollout node; nullptr if the fleet file no longer has it.
    const fleet::FleetNode *nodeFor(const RolloutNode &n) const;
    /// A failed attempt: count it, schedule the retry or mark the node failed.
    void attemptFailed(Rollout &r, RolloutNode &n, const QString &what, const QString &error);

    RolloutStore m_store;
    fleet::FleetConfig m_fleet;
    fleet::NodeClient &m_client;
    loop::Notifier *m_notifier;
};

} // namespace lk::rollout
