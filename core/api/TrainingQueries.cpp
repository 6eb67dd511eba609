#include "core/api/TrainingQueries.h"

#include "core/analysis/CurveHealth.h"
#include "core/runs/RunHealth.h"
#include "core/runs/RunStore.h"
#include "core/training/TrainingTypes.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <cmath>
#include <optional>

namespace lk::api {

using training::EpochRecord;
using training::StepRecord;

namespace {

/// The largest step cursor: 2^53 - 1, the largest integer every JSON client reads exactly.
constexpr qint64 kMaxCursor = 9007199254740991;
/// As `loopkeeper-cli train --patience`.
constexpr qint64 kMaxPatience = 100000;

QueryError invalid(const QString &message)
{
    return QueryError(QueryError::Reason::InvalidArgument, message);
}

/// A parameter's value as the caller wrote it, for error messages.
QString shown(const QJsonValue &v)
{
    if (v.isString())
        return v.toString();
    if (v.isDouble())
        return QString::number(v.toDouble(), 'g', 17);
    if (v.isBool())
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (v.isArray())
        return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
    if (v.isObject())
        return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    return QStringLiteral("null");
}

/// Unknown names are refused rather than ignored: a misspelt `limt` silently doing nothing
/// would leave an agent wondering why its limit is not applied.
void rejectUnknown(const QJsonObject &params, const QStringList &known)
{
    for (auto it = params.begin(); it != params.end(); ++it) {
        if (!known.contains(it.key()))
            throw invalid(known.isEmpty()
                    ? QStringLiteral("Unknown parameter \"%1\": this query takes none.").arg(it.key())
                    : QStringLiteral("Unknown parameter \"%1\": this query takes %2.")
                          .arg(it.key(), known.join(QStringLiteral(", "))));
    }
}

/// The whole number under `name` in [min, max]; `fallback` when absent or null. Accepts a JSON
/// integer or a string of one (REST query values are strings).
qint64 wholeNumber(const QJsonObject &params, const QString &name, qint64 fallback, qint64 min, qint64 max)
{
    const QJsonValue v = params.value(name);
    if (v.isUndefined() || v.isNull())
        return fallback;
    bool ok = false;
    qint64 n = 0;
    if (v.isDouble()) {
        const double d = v.toDouble();
        ok = std::isfinite(d) && d == std::floor(d) && std::fabs(d) <= double(kMaxCursor);
        n = ok ? qint64(d) : 0;
    } else if (v.isString()) {
        n = v.toString().trimmed().toLongLong(&ok);
    }
    if (!ok || n < min || n > max)
        throw invalid(QStringLiteral("%1 must be a whole number from %2 to %3, not \"%4\".")
                          .arg(name, QString::number(min), QString::number(max), shown(v)));
    return n;
}

/// The finite number >= 0 under `name`, or `fallback`; accepts a JSON number or a string of one.
double nonNegative(const QJsonObject &params, const QString &name, double fallback)
{
    const QJsonValue v = params.value(name);
    if (v.isUndefined() || v.isNull())
        return fallback;
    bool ok = false;
    double d = 0;
    if (v.isDouble()) {
        d = v.toDouble();
        ok = true;
    } else if (v.isString()) {
        d = v.toString().trimmed().toDouble(&ok);
    }
    if (!ok || !std::isfinite(d) || d < 0)
        throw invalid(QStringLiteral("%1 must be a number, 0 or more, not \"%2\".").arg(name, shown(v)));
    return d;
}

/// One of `choices` (case-insensitive) under `name`, or nothing when absent.
std::optional<QString> choice(const QJsonObject &params, const QString &name, const QStringList &choices)
{
    const QJsonValue v = params.value(name);
    if (v.isUndefined() || v.isNull())
        return std::nullopt;
    const QString s = v.isString() ? v.toString().trimmed().toLower() : QString();
    if (!choices.contains(s))
        throw invalid(QStringLiteral("%1 must be one of %2, not \"%3\".")
                          .arg(name, choices.join(QStringLiteral(", ")), shown(v)));
    return s;
}

runs::RunSummary requireRun(runs::RunStore &store, const QString &runId, const QString &root)
{
    if (runId.isEmpty())
        throw invalid(QStringLiteral("run_id must name a training run, not be empty."));
    std::optional<runs::RunSummary> run = store.run(runId);
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

QJsonValue finiteOrNull(double v)
{
    return std::isfinite(v) ? QJsonValue(v) : QJsonValue();
}

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

QueryError::QueryError(Reason reason, const QString &message)
    : Error(ErrorKind::Input, message)
    , m_reason(reason)
{ }

TrainingQueries::TrainingQueries(storage::Database &db, QString workspaceRoot)
    : m_db(db)
    , m_root(std::move(workspaceRoot))
{ }

QStringList TrainingQueries::runsParameters()
{
    return {QStringLiteral("limit")};
}

QStringList TrainingQueries::metricsParameters()
{
    return {QStringLiteral("since"), QStringLiteral("limit")};
}

QStringList TrainingQueries::healthParameters()
{
    return {QStringLiteral("patience"), QStringLiteral("min_delta"), QStringLiteral("convention"),
        QStringLiteral("monitor"), QStringLiteral("mode")};
}

QJsonObject TrainingQueries::runs(const QJsonObject &params)
{
    rejectUnknown(params, runsParameters());
    const int limit = int(wholeNumber(
        params, QStringLiteral("limit"), QueryLimits::kDefaultRunLimit, 1, QueryLimits::kMaxRunLimit));
    runs::RunStore store(m_db);
    QJsonArray out;
    for (const runs::RunSummary &r : store.listRuns(limit))
        out.append(r.toJson());
    return QJsonObject{{QStringLiteral("runs"), out}};
}

QJsonObject TrainingQueries::run(const QString &runId)
{
    // One snapshot: the summary, epochs and health agree even while the run is writing.
    storage::Transaction snapshot(m_db, storage::Transaction::Kind::Deferred);
    runs::RunStore store(m_db);
    const runs::RunSummary run = requireRun(store, runId, m_root);
    QJsonObject out = run.toJson();
    QJsonArray epochs;
    const std::vector<EpochRecord> records = store.epochs(run.runId);
    for (const EpochRecord &e : records)
        epochs.append(epochJson(run.runId, e));
    out.insert(QStringLiteral("epochs"), epochs);
    out.insert(QStringLiteral("health"),
        runs::runHealth(records, training::TrainingConfig::fromJson(run.config)).toJson());
    return out;
}

QJsonObject TrainingQueries::metrics(const QString &runId, const QJsonObject &params, int defaultStepLimit)
{
    rejectUnknown(params, metricsParameters());
    const qint64 since = wholeNumber(params, QStringLiteral("since"), 0, 0, kMaxCursor);
    const int limit =
        int(wholeNumber(params, QStringLiteral("limit"), defaultStepLimit, 1, QueryLimits::kMaxStepLimit));

    // Steps and epochs must come from the same snapshot: otherwise an epoch committed between
    // the two reads could fall behind the cursor and never be sent.
    storage::Transaction snapshot(m_db, storage::Transaction::Kind::Deferred);
    runs::RunStore store(m_db);
    const runs::RunSummary run = requireRun(store, runId, m_root);
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

QJsonObject TrainingQueries::health(const QString &runId, const QJsonObject &params)
{
    rejectUnknown(params, healthParameters());
    const HealthOverrides overrides = HealthOverrides::parse(params);

    storage::Transaction snapshot(m_db, storage::Transaction::Kind::Deferred);
    runs::RunStore store(m_db);
    const runs::RunSummary run = requireRun(store, runId, m_root);
    const std::vector<EpochRecord> records = store.epochs(run.runId);
    const training::TrainingConfig config = training::TrainingConfig::fromJson(run.config);

    analysis::HealthReport report;
    if (!overrides.any()) {
        report = runs::runHealth(records, config); // exactly what the runner judges the run by
    } else {
        analysis::HealthConfig healthConfig = runs::healthConfigFor(config);
        overrides.applyTo(healthConfig);
        try {
            analysis::validate(healthConfig);
        } catch (const Error &e) {
            throw invalid(e.message());
        }
        // runs::runHealth() takes the run's config only; this is its history conversion.
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

QJsonObject TrainingQueries::earlyStopAdvice(const QString &runId)
{
    storage::Transaction snapshot(m_db, storage::Transaction::Kind::Deferred);
    runs::RunStore store(m_db);
    const runs::RunSummary run = requireRun(store, runId, m_root);
    const analysis::HealthReport report =
        runs::runHealth(store.epochs(run.runId), training::TrainingConfig::fromJson(run.config));
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

} // namespace lk::api
