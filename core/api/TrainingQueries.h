#pragma once

// The read side of training runs as agents see it: run summaries, metrics after a cursor,
// curve health with optional overrides, and early-stopping advice. One implementation behind
// both machine faces (the REST API and the MCP server), built on RunStore and runHealth(), so
// that they answer alike. Parameters arrive by name as JSON values (REST query strings become
// JSON strings, MCP tool arguments are JSON already) and are validated here, once.

#include "core/common/Error.h"
#include "core/storage/Database.h"
#include "core/training/TrainingTypes.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace lk::api {

/// Why a query could not be answered. The REST API answers NotFound with 404 and
/// InvalidArgument with 400; the MCP server turns both into tool errors the model can read.
/// A finite number as JSON, or null for NaN and infinities (JSON has no such numbers).
QJsonValue finiteOrNull(double value);
/// An epoch as every face prints it (NaN as null, with the run id).
QJsonObject epochJson(const QString &runId, const training::EpochRecord &epoch);
/// A step as every face prints it.
QJsonObject stepJson(const training::StepRecord &step);

class QueryError : public Error
{
public:
    enum class Reason {
        NotFound, ///< no such run
        InvalidArgument, ///< a parameter is unknown, malformed or out of range (the message names it)
    };

    QueryError(Reason reason, const QString &message);

    Reason reason() const noexcept { return m_reason; }

private:
    Reason m_reason;
};

/// Limits of the parameters, shared by the REST API, the MCP tools' schemas and the docs.
struct QueryLimits
{
    static constexpr int kDefaultRunLimit = 100; ///< as `runs list`
    static constexpr int kMaxRunLimit = 100000;
    static constexpr int kDefaultStepLimit = 1000; ///< REST; bounds one response to ~100 KB
    static constexpr int kMcpDefaultStepLimit = 100; ///< MCP; steps are noise in a model's context
    static constexpr int kMaxStepLimit = 100000;
};

/// Training-run queries over one workspace connection (the caller's thread owns `db`).
/// Every method throws QueryError for bad parameters and unknown runs, lk::Error otherwise.
class TrainingQueries
{
public:
    TrainingQueries(storage::Database &db, QString workspaceRoot);

    /// {"runs": [RunSummary::toJson()...]}, newest first. Parameters: limit.
    QJsonObject runs(const QJsonObject &params);

    /// One run as `runs show` prints it: the summary, "epochs" and "health".
    QJsonObject run(const QString &runId);

    /// {"run_id", "status", "epochs", "steps", "next_since"}: the steps recorded after the step
    /// cursor `since` (at most `limit`) and the epochs completed after it. Pass next_since back
    /// as since to get only what is new; see docs/rest.md ("The cursor") for the exact rule.
    QJsonObject metrics(const QString &runId, const QJsonObject &params,
        int defaultStepLimit = QueryLimits::kDefaultStepLimit);

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

} // namespace lk::api
