#pragma once

// How a model version goes out to the fleet: the steps (cumulative shares of the edge nodes,
// the first being the canary), how long each step is watched, what the canary judge compares
// and how strict it is, and how node failures are retried. Stored with each rollout as JSON,
// so that a console restarted mid-rollout carries on under the plan it started with.
//
//     {"steps": [10, 50, 100], "window_seconds": 3600, "pass_score": 95, "marginal_score": 75,
//      "max_failures": 2, "metrics": {"latency_p95": {"allowed_relative": 0.5}}}

#include "core/fleet/FleetConfig.h"

#include <QJsonObject>
#include <QString>

#include <vector>

namespace lk::rollout {

/// One metric the canary judge compares between canary and primary nodes.
struct MetricRule
{
    QString name; ///< escalation_rate | accuracy | latency_p95 | error_rate
    QString test; ///< "proportion" (two-proportion z test) or "rank" (Mann-Whitney U)
    QString badDirection; ///< "increase" or "decrease": the direction that hurts
    double allowedRelative = 0; ///< a change within this share of the primary's value passes
    double allowedAbsolute = 0; ///< ... or within this many units (rate points, milliseconds)
    bool critical = false; ///< failing it fails the whole judgement
    bool enabled = true;
};

/// The rollout plan; by default a 10 % canary watched for one hour, then everyone
/// (docs/configuration.md, rollout.json).
struct RolloutPlan
{
    std::vector<int> steps{10, 100}; ///< cumulative % of edge nodes with the candidate; ends at 100
    int windowSeconds = 3600; ///< how long each step but the last is watched before judging
    double passScore = 95; ///< score >= this: promote to the next step
    double marginalScore = 75; ///< score >= this (and < pass): pause for a human; below: roll back
    double alpha = 0.05; ///< significance level of every test
    qint64 minPredictions = 100; ///< per group and window; fewer: the rate metrics have no data
    qint64 minLabelled = 20; ///< corrected escalations per group for the accuracy metric
    int maxWindowExtensions = 3; ///< windows without data are extended this often, then paused
    int maxFailures = 1; ///< more nodes failing a deploy than this aborts and rolls back
    int maxAttempts = 4; ///< deploy / rollback attempts per node before it is marked failed
    int backoffMs = 2000; ///< wait before the 2nd attempt; doubles each time, at most 60 s
    int requestTimeoutMs = 15000; ///< per HTTP call to a node
    std::vector<MetricRule> metrics = defaultMetrics();

    /// escalation_rate (increase hurts, 10 % or 1 point allowed), accuracy on corrected
    /// escalations (decrease hurts, 5 points), latency_p95 (increase hurts, 25 % or 1 ms),
    /// error_rate (increase hurts, 0.5 points; critical).
    static std::vector<MetricRule> defaultMetrics();
    /// Reads a plan; absent keys keep their defaults, unknown keys and bad values are refused
    /// with lk::Error(Input) naming the key.
    static RolloutPlan fromJson(const QJsonObject &json);
    QJsonObject toJson() const;

    /// Nodes that have the candidate once step `step` is deployed, of `edgeNodes` in all:
    /// ceil(share), at least 1; the last step is everyone.
    int targetCount(int step, int edgeNodes) const;
    bool isLastStep(int step) const { return step + 1 >= int(steps.size()); }
    /// Backoff before attempt `attempt` (2 = first retry).
    int backoffBefore(int attempt) const;
};

/// WORKSPACE/rollout.json (optional): the plan rollouts start with unless one is given, and
/// whether the console rolls out each version the learning loop promotes by itself.
///     {"auto_rollout": true, "plan": {"steps": [10, 100], "window_seconds": 600}}
struct RolloutSettings
{
    bool autoRollout = false;
    RolloutPlan plan;

    /// Unknown keys and bad values are refused with lk::Error(Input) naming the key.
    static RolloutSettings fromJson(const QJsonObject &json);
    /// The workspace's rollout.json, or the defaults if there is none.
    static RolloutSettings load(const QString &workspaceRoot);
};

/// The order in which edge nodes get the candidate: tiers take turns (so that the canaries are
/// spread across tiers), by name within a tier. Deterministic for a given fleet.
std::vector<fleet::FleetNode> rolloutOrder(const std::vector<fleet::FleetNode> &edgeNodes);

} // namespace lk::rollout
