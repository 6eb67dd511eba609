#pragma once

// The canary judge, pure: one window of canary traffic against primary traffic, metric by
// metric, in the manner of Kayenta. Each metric gets a test (two-proportion z test for rates,
// Mann-Whitney U for latencies), a direction that hurts and an allowed change, and is
// classified pass / high / low / no_data. The score is the share of passing metrics among
// those with data (0 if a critical one fails); the plan's pass and marginal scores turn it
// into passed (promote), marginal (pause for a human) or failed (roll back).

#include "core/rollout/RolloutPlan.h"

#include <QJsonObject>
#include <QString>

#include <vector>

namespace lk::rollout {

/// What one group of nodes (canary or primary) did in the window.
struct GroupWindow
{
    int nodes = 0;
    qint64 predictions = 0;
    qint64 escalations = 0;
    qint64 errors = 0; ///< failed predict requests
    qint64 labelled = 0; ///< escalations the teacher answered
    qint64 agreed = 0; ///< of those, where the teacher agreed with the node
    std::vector<double> latenciesMs; ///< per prediction, as many as the nodes could give

    void add(const GroupWindow &other);
    QJsonObject toJson() const;
};

/// One metric's verdict.
struct MetricVerdict
{
    QString metric;
    QString status; ///< pass | high | low | no_data
    bool passed = false; ///< pass, or a significant change in the harmless direction
    bool critical = false;
    double canary = 0;
    double primary = 0;
    double pValue = 1;
    QString explanation; ///< one sentence with the numbers

    QJsonObject toJson() const;
};

/// The judge's answer for one window.
struct Judgement
{
    QString result; ///< passed | marginal | failed | no_data
    double score = 0; ///< 0-100
    std::vector<MetricVerdict> metrics;
    GroupWindow canary;
    GroupWindow primary;

    QJsonObject toJson() const;
};

/// Judges canary against primary under `plan`.
Judgement judge(const RolloutPlan &plan, const GroupWindow &canary, const GroupWindow &primary);

/// The p-th percentile (0-100) of `values` by linear interpolation; 0 if empty.
double percentile(std::vector<double> values, double p);

} // namespace lk::rollout
