#include "core/runs/RunQueries.h"

#include "core/analysis/CurveHealth.h"
#include "core/runs/RunHealth.h"
#include "core/runs/RunStore.h"
#include "core/training/TrainingTypes.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <cmath>
#include <optional>

namespace lk::runs {

using training::EpochRecord;
using training::StepRecord;

namespace {

/// The largest step cursor: 2^53 - 1, the largest integer every JSON client reads exactly.
constexpr qint64 kMaxCursor = 9007199254740991;
/// As `loopkeeper-cli train --patience`.
constexpr qint64 kMaxPatience = 100000;

using query::choice;
using query::invalid;
using query::nonNegative;
using query::rejectUnknown;
using query::wholeNumber;

RunSummary requireRun(RunStore &store, const QString &runId, const QString &root)
{
    if (runId.isEmpty())
        throw invalid(QStringLiteral("run_id must name a training run, not be empty."));
    std::optional<RunSummary> run = store.run(runId);
    if (!run)
        throw QueryError(QueryError::Reason::NotFound,
            QStringLiteral("There is no training run \"%1\" in %2; list the runs to see their ids.")
                .arg(runId, root));
    return *run;
}

/// What health() may change about how a run is judged; checked before the run is looked up.
struct HealthOverrides
{
    std::optional<qint64> patience;
    std::optional<double> minDelta;
    std::optional<QString> convention;
    std::optional<QString> monitor;
    std::optional<QString> mode;

    bool any() const { return patience || minDelta || convention || monitor || mode; }

    static HealthOverrides parse(const QJsonObject &params)
    {
        HealthOverrides o;
        if (params.contains(QStringLiteral("patience")) && !params.value(QStringLiteral("patience")).isNull())
            o.patience = wholeNumber(params, QStringLiteral("patience"), 0, 0, kMaxPatience);
        if (params.contains(QStringLiteral("min_delta"))
            && !params.value(QStringLiteral("min_delta")).isNull())
            o.minDelta = nonNegative(params, QStringLiteral("min_delta"), 0);
        o.convention = choice(
            params, QStringLiteral("convention"), {QStringLiteral("pytorch"), QStringLiteral("keras")});
        o.monitor = choice(params, QStringLiteral("monitor"), analysis::monitorNames());
        o.mode = choice(params, QStringLiteral("mode"), {QStringLiteral("min"), QStringLiteral("max")});
        return o;
    }

    /// Applies the overrides the way `loopkeeper-cli analyze` reads its options: a monitor
    /// without a mode gets the natural one (max for accuracy, else min).
    void applyTo(analysis::HealthConfig &c) const
    {
        if (monitor) {
            c.plateau.monitor = *monitor;
            if (!mode)
                c.plateau.mode =
                    monitor->contains(QLatin1String("accuracy")) ? analysis::Mode::Max : analysis::Mode::Min;
        }
        if (mode)
            c.plateau.mode = *mode == QLatin1String("max") ? analysis::Mode::Max : analysis::Mode::Min;
        if (patience)
            c.plateau.patience = int(*patience);
        if (minDelta)
            c.plateau.minDelta = *minDelta;
        if (convention)
            c.plateau.convention = *convention == QLatin1String("keras") ? analysis::Convention::Keras
                                                                         : analysis::Convention::PyTorch;
    }
};

} // namespace

/// An epoch as `runs show` and `runs metrics` print it (NaN as null, with the run id).
QJsonObject epochJson(const QString &runId, const EpochRecord &e)
{
    QJsonObject o = e.toJson();
    for (const char *key : {"train_loss", "val_loss", "val_accuracy", "learning_rate", "samples_per_second"})
        o.insert(QLatin1String(key), finiteOrNull(o.value(QLatin1String(key)).toDouble(std::nan(""))));
    o.insert(QStringLiteral("run_id"), runId);
    return o;
}

QJsonObject stepJson(const StepRecord &s)
{
    return QJsonObject{{QStringLiteral("step"), qint64(s.step)}, {QStringLiteral("epoch"), s.epoch},
        {QStringLiteral("train_loss"), finiteOrNull(s.trainLoss)},
        {QStringLiteral("wall_seconds"), s.wallSeconds}};
}

RunQueries::RunQueries(storage::Database &db, QString workspaceRoot)
    : m_db(db)
    , m_root(std::move(workspaceRoot))
{ }

QStringList RunQueries::runsParameters()
{
    return {QStringLiteral("limit")};
}

QStringList RunQueries::metricsParameters()
{
    return {QStringLiteral("since"), QStringLiteral("limit")};
}

QStringList RunQueries::healthParameters()
{
    return {QStringLiteral("patience"), QStringLiteral("min_delta"), QStringLiteral("convention"),
        QStringLiteral("monitor"), QStringLiteral("mode")};
}

QJsonObject RunQueries::runs(const QJsonObject &params)
{
    rejectUnknown(params, runsParameters());
    const int limit = query::pageLimit(params, limits::kRunsPage);
    RunStore store(m_db);
    QJsonArray out;
    for (const RunSummary &r : store.listRuns(limit))
        out.append(r.toJson());
    return QJsonObject{{QStringLiteral("runs"), out}};
}

QJsonObject RunQueries::run(const QString &runId)
{
    // One snapshot: the summary, epochs and health agree even while the run is writing.
    storage::Transaction snapshot(m_db, storage::Transaction::Kind::Deferred);
    RunStore store(m_db);
    const RunSummary run = requireRun(store, runId, m_root);
    QJsonObject out = run.toJson();
    QJsonArray epochs;
    const std::vector<EpochRecord> records = store.epochs(run.runId);
    for (const EpochRecord &e : records)
        epochs.append(epochJson(run.runId, e));
    out.insert(QStringLiteral("epochs"), epochs);
    out.insert(QStringLiteral("health"),
        runHealth(records, training::TrainingConfig::fromJson(run.config)).toJson());
    return out;
}

QJsonObject RunQueries::metrics(const QString &runId, const QJsonObject &params, const limits::PageLimit &stepPage)
{
    rejectUnknown(params, metricsParameters());
    const qint64 since = wholeNumber(params, QStringLiteral("since"), 0, 0, kMaxCursor);
    const int limit = query::pageLimit(params, stepPage);

    // Steps and epochs must come from the same snapshot: otherwise an epoch committed between
    // the two reads could fall behind the cursor and never be sent.
    storage::Transaction snapshot(m_db, storage::Transaction::Kind::Deferred);
    RunStore store(m_db);
    const RunSummary run = requireRun(store, runId, m_root);
    std::vector<StepRecord> steps = store.steps(run.runId, since, limit + 1); // +1: are there more?
    const bool hasMore = steps.size() > size_t(limit);
    if (hasMore)
        steps.pop_back();

    qint64 next = steps.empty() ? since : qint64(steps.back().step);
    QJsonArray epochs;
    for (const EpochRecord &e : store.epochs(run.runId)) {
        // An epoch belongs to the page that covers its last step. When the steps were cut off,
        // later epochs wait for the page that reaches them.
        if (e.lastStep <= since || (hasMore && e.lastStep > next))
            continue;
        epochs.append(epochJson(run.runId, e));
        // Steps may be recorded every N (--step-metrics-every): an epoch can end past the last
        // recorded step, and the cursor moves past it so that the epoch is not sent twice.
        next = std::max(next, qint64(e.lastStep));
    }
    QJsonArray stepRows;
    for (const StepRecord &s : steps)
        stepRows.append(stepJson(s));
    return QJsonObject{{QStringLiteral("run_id"), run.runId}, {QStringLiteral("status"), run.status},
        {QStringLiteral("since"), since}, {QStringLiteral("epochs"), epochs},
        {QStringLiteral("steps"), stepRows}, {QStringLiteral("next_since"), next},
        {QStringLiteral("has_more"), hasMore}};
}

QJsonObject RunQueries::health(const QString &runId, const QJsonObject &params)
{
    rejectUnknown(params, healthParameters());
    const HealthOverrides overrides = HealthOverrides::parse(params);

    storage::Transaction snapshot(m_db, storage::Transaction::Kind::Deferred);
    RunStore store(m_db);
    const RunSummary run = requireRun(store, runId, m_root);
    const std::vector<EpochRecord> records = store.epochs(run.runId);
    const training::TrainingConfig config = training::TrainingConfig::fromJson(run.config);

    analysis::HealthReport report;
    if (!overrides.any()) {
        report = runHealth(records, config); // exactly what the runner judges the run by
    } else {
        analysis::HealthConfig healthConfig = healthConfigFor(config);
        overrides.applyTo(healthConfig);
        try {
            analysis::validate(healthConfig);
        } catch (const Error &e) {
            throw invalid(e.message());
        }
        // runHealth() takes the run's config only; this is its history conversion.
        std::vector<analysis::EpochMetrics> history;
        history.reserve(records.size());
        for (const EpochRecord &e : records)
            history.push_back(
                analysis::measuredEpoch(e.epoch, e.trainLoss, e.valLoss, e.valAccuracy, e.learningRate));
        report = analysis::analyzeHealth(history, healthConfig);
    }
    QJsonObject out = report.toJson();
    out.insert(QStringLiteral("run_id"), run.runId);
    out.insert(QStringLiteral("status"), run.status);
    return out;
}

QJsonObject RunQueries::earlyStopAdvice(const QString &runId)
{
    storage::Transaction snapshot(m_db, storage::Transaction::Kind::Deferred);
    RunStore store(m_db);
    const RunSummary run = requireRun(store, runId, m_root);
    const analysis::HealthReport report =
        runHealth(store.epochs(run.runId), training::TrainingConfig::fromJson(run.config));
    const QString &action = report.recommendation.action;
    const auto epochOrNull = [](int epoch) { return epoch >= 0 ? QJsonValue(epoch) : QJsonValue(); };
    return QJsonObject{
        {QStringLiteral("run_id"), run.runId},
        {QStringLiteral("status"), run.status},
        {QStringLiteral("run_finished"), run.finished()},
        // reduce_lr means "keep training, slower": not a stop.
        {QStringLiteral("should_stop"),
            action == QLatin1String("stop") || action == QLatin1String("restore_best")},
        {QStringLiteral("action"), action},
        {QStringLiteral("reason"), report.recommendation.reason},
        {QStringLiteral("monitor"), report.monitor},
        {QStringLiteral("best_epoch"), epochOrNull(report.bestEpoch)},
        {QStringLiteral("best_value"), finiteOrNull(report.bestValue)},
        {QStringLiteral("last_epoch"), epochOrNull(report.lastEpoch)},
        {QStringLiteral("epochs_analyzed"), report.epochsAnalyzed},
        {QStringLiteral("signals"),
            QJsonObject{{QStringLiteral("plateau"), report.plateau.firesNow},
                {QStringLiteral("epochs_since_improvement"), report.plateau.epochsSinceImprovement},
                {QStringLiteral("overfitting"), report.overfitting.detected},
                {QStringLiteral("divergence"), report.divergence.detected}}},
    };
}

} // namespace lk::runs
