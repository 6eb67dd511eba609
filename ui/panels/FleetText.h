#pragma once

#include "core/rollout/RolloutStore.h"

#include <QColor>
#include <QCoreApplication>
#include <QJsonObject>
#include <QString>

namespace lk::ui {

/// How the Rollout and Drift panels word and colour the fleet: statuses in the operator's
/// language (the stored names stay in tooltips), the deployment line, countdowns, rates,
/// and one stable colour per model version.
class FleetText
{
    Q_DECLARE_TR_FUNCTIONS(FleetText)

public:
    /// The colour of a model version, the same in every panel and every session: versions named
    /// LINE@N take turns through a qualitative palette by N, so that a candidate never has its
    /// predecessor's colour. Red and grey are left out (they mean failed and down).
    static QColor versionColor(const QString &version);
    /// Black or white, whichever reads better on `background`.
    static QColor textOn(const QColor &background);

    /// A rollout status in words.
    static QString rolloutStatus(lk::rollout::RolloutStatus status);
    /// What the rollout does now, e.g. "Watching step 1 of 2 (10 %)".
    static QString phase(const lk::rollout::Rollout &rollout);
    /// The deployment line: "rolling_out · 3/10 nodes · canary passed".
    static QString deploymentLine(const lk::rollout::Rollout &rollout);
    /// A node's state in a rollout in words.
    static QString nodeState(lk::rollout::RolloutNodeState state);
    /// A node's health in words.
    static QString health(lk::fleet::NodeHealthStatus status);
    /// A timeline event's kind (created, deployed, judged, …).
    static QString eventKind(const QString &kind);
    /// A canary judgement's result (passed, marginal, failed, no_data, promoted_by_operator).
    static QString canaryResult(const QString &result);
    /// A judged metric's name (escalation_rate, accuracy, latency_p95, error_rate).
    static QString metricName(const QString &metric);
    /// A metric's verdict: pass, or higher / lower and whether that hurts; no data.
    static QString verdict(const QString &status, bool passed);
    /// A metric's value as the judge compares it: a rate in percent, latency in milliseconds.
    static QString metricValue(const lk::rollout::RolloutPlan &plan, const QString &metric, double value);
    /// A p-value, "< 0.001" below that.
    static QString pValue(double p);
    /// A rate in [0, 1] in percent with `decimals` ("12.5 %").
    static QString rate(double value, int decimals = 1);
    /// Time left, "41:07" or "1:02:03".
    static QString countdown(qint64 milliseconds);
    /// A stored ISO 8601 UTC time in local time (the time alone for today).
    static QString time(const QString &iso);
    /// The same for milliseconds since the epoch.
    static QString time(qint64 msSinceEpoch);
    /// The steps of a plan as "10 % → 50 % → 100 %", the current one in bold (HTML).
    static QString stepsHtml(const lk::rollout::RolloutPlan &plan, int current, bool finished);
    /// A drift check's name (escalation_rate, accuracy, confidence_psi, confidence_ks, page_hinkley, adwin).
    static QString driftCheck(const QString &name);
    /// A drift check's status (ok, alert, no_data).
    static QString driftStatus(const QString &status);
    /// The learning loop's answer to a drift alert in a few words ("training triggered", "no action").
    static QString triggerAction(const QJsonObject &trigger);
    /// A JSON object (the learning loop's answer, an event's detail) as a readable table (HTML):
    /// each field by name, nested ones under their parent, empty ones left out; empty for {}.
    static QString fieldsHtml(const QJsonObject &fields);
    /// The placeholder for a value that is not there.
    static QString dash();
};

} // namespace lk::ui
