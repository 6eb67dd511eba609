#pragma once

// The read side of training runs as every face sees it: run summaries, metrics after a cursor,
// curve health with optional overrides, and early-stopping advice. One implementation behind
// the CLI (`runs list`, `runs show`), the REST API (/api/training/runs...) and the MCP tools
// (list_runs, get_run_metrics, analyze_run, recommend_early_stop), built on RunStore and
// runHealth(), so that they answer alike. Parameters arrive by name as JSON values and are
// checked here, once (core/common/Query.h; the bounds are limits::kRunsPage and kStepsPage).

#include "core/common/Query.h"
#include "core/storage/Database.h"
#include "core/training/TrainingTypes.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace lk::runs {

/// An epoch as every face prints it (NaN as null, with the run id).
QJsonObject epochJson(const QString &runId, const training::EpochRecord &epoch);
/// A step as every face prints it.
QJsonObject stepJson(const training::StepRecord &step);

/// Training-run queries over one workspace connection (the caller's thread owns `db`).
/// Every method throws QueryError for bad parameters and unknown runs, lk::Error otherwise.
class RunQueries
{
public:
    RunQueries(storage::Database &db, QString workspaceRoot);

    /// {"runs": [RunSummary::toJson()...]}, newest first. Parameters: limit.
    QJsonObject runs(const QJsonObject &params);

    /// One run as `runs show` prints it: the summary, "epochs" and "health".
    QJsonObject run(const QString &runId);

    /// {"run_id", "status", "epochs", "steps", "next_since"}: the steps recorded after the step
    /// cursor `since` (at most `limit`) and the epochs completed after it. Pass next_since back
    /// as since to get only what is new; see docs/rest.md ("The cursor") for the exact rule.
    QJsonObject metrics(const QString &runId, const QJsonObject &params,
        const limits::PageLimit &stepPage = limits::kStepsPage);

    /// The curve health report of the run's stored epochs, judged with the run's own settings
    /// (runs::healthConfigFor) unless overridden, plus "run_id" and "status". Parameters:
    /// patience, min_delta, convention, monitor, mode.
    QJsonObject health(const QString &runId, const QJsonObject &params);

    /// Whether training should stop now and why: the health report's recommendation with the
    /// best epoch, as {"run_id", "status", "run_finished", "should_stop", "action", "reason",
    /// "monitor", "best_epoch", "best_value", "last_epoch", "epochs_analyzed", "signals"}.
    QJsonObject earlyStopAdvice(const QString &runId);

    /// The parameters runs(), metrics() and health() accept, for unknown-parameter errors and docs.
    static QStringList runsParameters();
    static QStringList metricsParameters();
    static QStringList healthParameters();

    const QString &workspaceRoot() const { return m_root; }

private:
    storage::Database &m_db;
    QString m_root;
};

} // namespace lk::runs
