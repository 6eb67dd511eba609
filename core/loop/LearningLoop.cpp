#include "core/loop/LearningLoop.h"

#include "core/common/Error.h"
#include "core/logging/Logging.h"
#include "core/loop/EvaluationReplay.h"
#include "core/loop/Notifier.h"
#include "core/outcomes/OutcomeStore.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QStorageInfo>
#include <QSysInfo>
#include <QThread>
#include <QUuid>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

namespace lk::loop {

namespace {

QDateTime parseTime(const QString &text)
{
    QDateTime t = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (t.isValid() && t.timeSpec() == Qt::LocalTime)
        t = QDateTime(t.date(), t.time(), Qt::UTC);
    return t.toUTC();
}

QString nowText()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
}

/// The first `limit` images of `set` (all if limit is 0 or more than there are).
training::ImageSet head(const training::ImageSet &set, int limit)
{
    if (limit <= 0 || limit >= set.count())
        return set;
    training::ImageSet out;
    out.rows = set.rows;
    out.cols = set.cols;
    out.source = set.source;
    out.pixels.assign(set.pixels.begin(), set.pixels.begin() + qsizetype(limit) * set.pixelsPerImage());
    out.labels.assign(set.labels.begin(), set.labels.begin() + limit);
    return out;
}

/// `count` images of `set` chosen by a seeded shuffle: the same job always gets the same ones.
training::ImageSet sampleOf(const training::ImageSet &set, int count, quint64 seed)
{
    if (count <= 0 || count >= set.count())
        return set;
    std::vector<int> order(size_t(set.count()));
    std::iota(order.begin(), order.end(), 0);
    std::mt19937_64 rng(seed);
    std::shuffle(order.begin(), order.end(), rng);
    order.resize(size_t(count));
    std::sort(order.begin(), order.end());
    training::ImageSet out;
    out.rows = set.rows;
    out.cols = set.cols;
    out.source = set.source;
    const size_t n = size_t(set.pixelsPerImage());
    for (int i : order) {
        out.pixels.insert(out.pixels.end(), set.pixels.begin() + qsizetype(size_t(i) * n),
            set.pixels.begin() + qsizetype(size_t(i + 1) * n));
        out.labels.push_back(set.labels[size_t(i)]);
    }
    return out;
}

void append(training::ImageSet &to, const training::ImageSet &from)
{
    to.pixels.insert(to.pixels.end(), from.pixels.begin(), from.pixels.end());
    to.labels.insert(to.labels.end(), from.labels.begin(), from.labels.end());
}

/// Forwards to the caller's listener and records the run id on the job as soon as it exists.
class JobListener : public runs::RunListener
{
public:
    JobListener(runs::RunListener &inner, JobStore &jobs, QString jobId)
        : m_inner(inner)
        , m_jobs(jobs)
        , m_jobId(std::move(jobId))
    { }
    void runStarted(const QString &runId, const training::TrainingConfig &c, bool resumed) override
    {
        m_jobs.setRunId(m_jobId, runId);
        m_inner.runStarted(runId, c, resumed);
    }
    void stepRecorded(const training::StepRecord &s) override { m_inner.stepRecorded(s); }
    void epochRecorded(const training::EpochRecord &e, const QJsonObject &h) override { m_inner.epochRecorded(e, h); }
    void progress(qint64 done, qint64 total) override { m_inner.progress(done, total); }
    bool cancelRequested() override { return m_inner.cancelRequested(); }
    bool pauseRequested() override { return m_inner.pauseRequested(); }
    void waitWhilePaused() override { m_inner.waitWhilePaused(); }

private:
    runs::RunListener &m_inner;
    JobStore &m_jobs;
    QString m_jobId;
};

} // namespace

QJsonObject JobOutcome::toJson() const
{
    QJsonObject metrics;
    if (candidate) {
        const QJsonObject m = candidate->metrics;
        metrics.insert(QStringLiteral("accuracy"), m.value(QStringLiteral("test_accuracy")));
        const QJsonValue lift = gate.value(QStringLiteral("lift"));
        metrics.insert(QStringLiteral("improvement"),
            lift.isDouble() ? QJsonValue(QStringLiteral("%1%2%")
                                             .arg(lift.toDouble() >= 0 ? QStringLiteral("+") : QString())
                                             .arg(lift.toDouble() * 100, 0, 'f', 1))
                            : QJsonValue());
        metrics.insert(QStringLiteral("samples_used"), job.sampleCount);
        metrics.insert(QStringLiteral("training_time_minutes"), m.value(QStringLiteral("training_time_minutes")));
    }
    QJsonObject out = job.toJson(metrics);
    out.insert(QStringLiteral("candidate"), candidate ? QJsonValue(candidate->toJson()) : QJsonValue());
    out.insert(QStringLiteral("gate_decision"), decision.isEmpty() ? QJsonValue() : QJsonValue(decision));
    out.insert(QStringLiteral("gate"), gate.isEmpty() ? QJsonValue() : QJsonValue(gate));
    return out;
}

LearningLoop::LearningLoop(const Workspace &workspace, storage::Database &db, LoopConfig config)
    : m_workspace(workspace)
    , m_db(db)
    , m_config(std::move(config))
    , m_samples(db)
    , m_jobs(db)
    , m_registry(db)
{ }

TriggerDecision LearningLoop::evaluate(const QDateTime &now, bool manual, const DriftSignal &drift)
{
    TriggerInputs in;
    in.now = now.toUTC();
    in.usableNewSamples = m_samples.trainableCount();
    if (const std::optional<LoopJob> last = m_jobs.lastJob(m_config.modelLine)) {
        in.lastJobCreatedAt = parseTime(last->createdAt);
        if (!last->finishedAt.isEmpty())
            in.lastJobFinishedAt = parseTime(last->finishedAt);
    }
    in.jobRunning = m_jobs.activeJob(m_config.modelLine).has_value();
    in.manualRequested = manual;
    in.drift = drift;
    return evaluateTriggers(in, m_config.triggers);
}

double LearningLoop::measuredSamplesPerSecond()
{
    storage::Statement s = m_db.prepare("SELECT samples_per_second FROM training_runs"
                                        " WHERE samples_per_second > 0 ORDER BY created_at DESC LIMIT 1");
    return s.step() ? s.columnDouble(0) : 0.0;
}

TickResult LearningLoop::tick(const QDateTime &now, bool manual, const DriftSignal &drift)
{
    TickResult out;
    out.decision = evaluate(now, manual, drift);
    if (!out.decision.fire) {
        out.response = idleResponse(out.decision);
        return out;
    }
    const LoopTrainingConfig &t = m_config.training;
    const std::optional<ModelVersion> source = m_registry.active(m_config.modelLine);
    const std::vector<StoredSample> samples = m_samples.trainable(t.maxSamplesPerJob);

    LoopJob job;
    job.jobId = JobStore::newJobId();
    job.modelLine = m_config.modelLine;
    job.reason = out.decision.reason;
    job.sourceVersion = source ? source->id : QString();
    job.sampleCount = int(samples.size());
    job.createdAt = nowText();
    QJsonArray list;
    QStringList ids;
    for (const StoredSample &s : samples) {
        list.append(QJsonObject{{QStringLiteral("sample_id"), s.sample.sampleId},
            {QStringLiteral("label"), s.sample.correctedLabel}, {QStringLiteral("node_id"), s.sample.nodeId}});
        ids << s.sample.sampleId;
    }
    const int baseImages = source ? t.replayBaseImages : t.bootstrapTrainImages;
    job.manifest = QJsonObject{{QStringLiteral("job_id"), job.jobId}, {QStringLiteral("model_line"), job.modelLine},
        {QStringLiteral("reason"), job.reason},
        {QStringLiteral("source_version"), source ? QJsonValue(source->name()) : QJsonValue()},
        {QStringLiteral("mode"), source ? QStringLiteral("fine_tune") : QStringLiteral("from_scratch")},
        {QStringLiteral("architecture"),
            source ? source->parameters.value(QStringLiteral("model")) : QJsonValue(t.architecture)},
        {QStringLiteral("samples"), list},
        {QStringLiteral("dataset_hash"), QString::fromLatin1(SampleStore::images(samples, QString()).sha256())},
        {QStringLiteral("base_dataset"), m_config.datasetDir}, {QStringLiteral("base_images"), baseImages},
        {QStringLiteral("training"), m_config.toJson().value(QStringLiteral("training"))}};
    // The local CPU runner is the only one this version has; the record says so, so that a
    // remote runner with a GPU can be chosen here once one registers.
    const QString node = QStringLiteral("local:%1").arg(QSysInfo::machineHostName());
    const qint64 freeBytes = QStorageInfo(m_workspace.root()).bytesAvailable();
    m_db.prepare("INSERT OR REPLACE INTO compute_nodes (node_id, gpu, cpu_threads, storage_bytes, runner,"
                 " updated_at) VALUES (?, 0, ?, ?, 'local', ?)")
        .bind(1, node)
        .bind(2, QThread::idealThreadCount())
        .bind(3, freeBytes)
        .bind(4, nowText())
        .run();
    job.routing = QJsonObject{{QStringLiteral("runner"), QStringLiteral("local")}, {QStringLiteral("node_id"), node},
        {QStringLiteral("gpu"), false}, {QStringLiteral("cpu_threads"), QThread::idealThreadCount()},
        {QStringLiteral("storage_bytes_free"), freeBytes},
        {QStringLiteral("registered_runners"), qint64(m_db.queryInt("SELECT count(*) FROM compute_nodes").value_or(1))},
        {QStringLiteral("reason"),
            QStringLiteral("the local CPU runner trains: no runner with a GPU is registered")}};
    const qint64 trainingImages = qint64(samples.size()) + baseImages;
    const QDateTime estimate =
        estimateCompletion(now.toUTC(), trainingImages, t.epochs, measuredSamplesPerSecond(), 30.0);
    job.estimatedCompletion = estimate.isValid() ? estimate.toString(Qt::ISODate) : QString();

    {
        storage::Transaction tx(m_db);
        m_jobs.create(job);
        m_samples.claim(ids, job.jobId);
        tx.commit();
    }
    const int next = m_registry.versions(m_config.modelLine).empty()
        ? 1
        : m_registry.versions(m_config.modelLine).front().versionNumber + 1;
    out.response = triggeredResponse(job.reason, job.sampleCount, job.jobId,
        QStringLiteral("%1@%2").arg(m_config.modelLine).arg(next), estimate);
    Notifier(m_db, m_config.webhook)
        .notify(QStringLiteral("training_triggered"),
            QStringLiteral("Training %1 triggered (%2, %3 samples)").arg(job.jobId, job.reason).arg(job.sampleCount),
            out.response);
    out.job = m_jobs.job(job.jobId);
    return out;
}

training::ImageSet LearningLoop::evaluationSet(const QString &excludeJob, int *escalations)
{
    training::ImageSet eval =
        head(training::loadIdxDataset(m_config.datasetDir, training::Split::Test), m_config.eval.testImages);
    const training::ImageSet recent =
        SampleStore::images(m_samples.recentCorrected(m_config.eval.recentEscalations, excludeJob), QString());
    *escalations = recent.count();
    append(eval, recent);
    eval.source = QStringLiteral("%1 test images + %2 corrected escalations").arg(eval.count() - recent.count()).arg(recent.count());
    return eval;
}

QJsonObject LearningLoop::runGate(const ModelVersion &candidate, const std::optional<ModelVersion> &incumbent,
    const QString &decidedBy, const QString &excludeJob)
{
    ModelRegistry::verifyArtifact(candidate);
    if (incumbent)
        ModelRegistry::verifyArtifact(*incumbent);
    int escalations = 0;
    const training::ImageSet eval = evaluationSet(excludeJob, &escalations);
    if (eval.count() == 0)
        throw Error(ErrorKind::Input, QStringLiteral("The evaluation set is empty: no test images and no corrected escalations"));
    const ReplayResult cand = replayModel(candidate.artifactPath, eval);
    std::optional<ReplayResult> inc;
    if (incumbent)
        inc = replayModel(incumbent->artifactPath, eval);

    GateInputs in;
    in.labels.assign(eval.labels.begin(), eval.labels.end());
    const auto answers = [](const ReplayResult &r) {
        std::vector<ModelAnswer> out;
        out.reserve(r.labels.size());
        for (size_t i = 0; i < r.labels.size(); ++i)
            out.push_back(ModelAnswer{r.labels[i], r.confidences[i]});
        return out;
    };
    in.candidate = answers(cand);
    in.candidateLatencyMs = cand.latencyMs;
    if (inc) {
        in.incumbent = answers(*inc);
        in.incumbentLatencyMs = inc->latencyMs;
    }
    in.subsets.assign(size_t(eval.count() - escalations), 0);
    in.subsets.resize(size_t(eval.count()), 1);
    in.subsetNames = {QStringLiteral("test"), QStringLiteral("escalations")};
    const GateReport report = evaluateGate(in, m_config.gate);
    QJsonObject json = report.toJson();
    json.insert(QStringLiteral("candidate"), candidate.name());
    json.insert(QStringLiteral("incumbent"), incumbent ? QJsonValue(incumbent->name()) : QJsonValue());
    json.insert(QStringLiteral("eval_set"), eval.source);
    json.insert(QStringLiteral("config"), m_config.gate.toJson());

    m_registry.recordDecision(candidate.id, incumbent ? incumbent->id : QString(),
        json.value(QStringLiteral("decision")).toString(), json, decidedBy);
    return json;
}

void LearningLoop::applyDecision(const ModelVersion &candidate, const QString &decision, const QString &jobId)
{
    storage::Transaction tx(m_db);
    if (decision == QLatin1String("promote")) {
        m_registry.activate(candidate.id);
        if (!jobId.isEmpty())
            m_samples.markUsed(jobId, candidate.id);
        m_samples.archiveUsedBefore(candidate.id);
    } else if (decision == QLatin1String("reject")) {
        m_registry.archive(candidate.id);
        // The corrections are still right; a later job may use them.
        if (!jobId.isEmpty())
            m_samples.release(jobId);
    }
    // needs_human: the candidate stays a candidate and its samples stay with it.
    tx.commit();
}

JobOutcome LearningLoop::runJob(const QString &jobId, runs::RunListener &listener)
{
    std::optional<LoopJob> job = m_jobs.job(jobId);
    if (!job)
        throw Error(ErrorKind::Input, QStringLiteral("No training job %1").arg(jobId));
    m_jobs.setRunning(jobId, QCoreApplication::applicationPid()); // refuses a job that is not queued
    try {
        return runJobBody(*job, listener);
    } catch (const std::exception &e) {
        // Whatever went wrong, a job never stays "running" with its samples held.
        const auto *error = dynamic_cast<const Error *>(&e);
        const QString message = error ? error->message() : QString::fromUtf8(e.what());
        qCWarning(lcApp).noquote() << "job" << jobId << "failed:" << message;
        try {
            storage::Transaction tx(m_db);
            const std::optional<LoopJob> now = m_jobs.job(jobId);
            if (now && allows(now->status, JobCommand::Fail)) {
                m_jobs.finish(jobId, JobStatus::Failed, message);
                m_samples.release(jobId);
            }
            tx.commit();
        } catch (const std::exception &) {
            // recoverAbandonedJobs() will see it once this process has ended.
        }
        JobOutcome out;
        if (const std::optional<LoopJob> now = m_jobs.job(jobId))
            out.job = *now;
        return out;
    }
}

JobOutcome LearningLoop::runJobBody(const LoopJob &queued, runs::RunListener &listener)
{
    const QString jobId = queued.jobId;
    const std::optional<LoopJob> job = queued;
    Notifier notifier(m_db, m_config.webhook);
    JobOutcome out;

    std::optional<ModelVersion> source;
    if (!job->sourceVersion.isEmpty())
        source = m_registry.version(job->sourceVersion);
    const std::vector<StoredSample> samples = m_samples.samplesOfJob(jobId);
    const LoopTrainingConfig &t = m_config.training;

    runs::TrainingRequest request;
    training::TrainingConfig &c = request.config;
    c.datasetDir = m_config.datasetDir;
    c.model = source ? source->parameters.value(QStringLiteral("model")).toString(t.architecture) : t.architecture;
    c.parentArtifact = source ? source->artifactPath : QString();
    c.epochs = t.epochs;
    c.batchSize = t.batchSize;
    c.learningRate = t.learningRate;
    c.seed = t.seed;
    c.threads = t.threads;
    const int baseImages = source ? t.replayBaseImages : t.bootstrapTrainImages;
    const QString datasetDir = m_config.datasetDir;
    const int testImages = m_config.eval.testImages;
    const quint64 seed = t.seed ^ qHash(jobId);
    request.loadData = [&samples, datasetDir, baseImages, testImages, seed, source]() {
        training::ImageSet train = SampleStore::images(samples, QStringLiteral("corrected escalations"));
        const training::ImageSet base = training::loadIdxDataset(datasetDir, training::Split::Train);
        append(train, source ? sampleOf(base, baseImages, seed) : head(base, baseImages));
        train.source = QStringLiteral("%1 corrected escalations + %2 images of %3")
                           .arg(samples.size())
                           .arg(train.count() - int(samples.size()))
                           .arg(base.source);
        return std::make_pair(train, head(training::loadIdxDataset(datasetDir, training::Split::Test), testImages));
    };
    request.manifestExtras = QJsonObject{{QStringLiteral("loop_job_id"), jobId},
        {QStringLiteral("model_line"), m_config.modelLine},
        {QStringLiteral("source_version"), source ? QJsonValue(source->name()) : QJsonValue()}};

    QElapsedTimer jobClock;
    jobClock.start();
    JobListener forward(listener, m_jobs, jobId);
    const auto fail = [&](JobStatus status, const QString &error) {
        {
            storage::Transaction tx(m_db);
            m_jobs.finish(jobId, status, error, out.candidate ? out.candidate->id : QString());
            m_samples.release(jobId); // the samples wait for the next job
            if (out.candidate) // registered, but the job did not get to a decision
                m_registry.archive(out.candidate->id);
            tx.commit();
        }
        const bool cancelled = status == JobStatus::Cancelled;
        notifier.notify(cancelled ? QStringLiteral("training_cancelled") : QStringLiteral("training_failed"),
            QStringLiteral("Training %1 %2").arg(jobId, cancelled ? QStringLiteral("was cancelled") : QStringLiteral("failed: ") + error),
            QJsonObject{{QStringLiteral("job_id"), jobId}, {QStringLiteral("error"), error}});
        out.job = *m_jobs.job(jobId);
        return out;
    };
    runs::SessionResult result;
    try {
        if (source)
            ModelRegistry::verifyArtifact(*source);
        result = runs::runTrainingSession(m_workspace, request, forward);
    } catch (const Error &e) {
        return fail(JobStatus::Failed, e.message());
    }
    const training::RunResult &r = result.result;
    if (r.status == training::RunStatus::Cancelled)
        return fail(JobStatus::Cancelled, QStringLiteral("cancelled during training"));
    if (r.status != training::RunStatus::Completed && r.status != training::RunStatus::StoppedEarly)
        return fail(JobStatus::Failed,
            QStringLiteral("training ended %1: %2").arg(training::runStatusName(r.status), r.message));

    try {
        const double minutes = [&] {
            storage::Statement s = m_db.prepare("SELECT max(wall_seconds) FROM training_epoch_metrics WHERE run_id = ?");
            s.bind(1, result.runId);
            return s.step() ? s.columnDouble(0) / 60.0 : 0.0;
        }();
        const QJsonObject metrics{{QStringLiteral("test_accuracy"), r.testAccuracy},
            {QStringLiteral("best_epoch"), r.bestEpoch}, {QStringLiteral("epochs_done"), r.epochsDone},
            {QStringLiteral("samples_per_second"), r.samplesPerSecond},
            {QStringLiteral("training_time_minutes"), minutes}, {QStringLiteral("run_id"), result.runId}};
        const ModelVersion candidate = m_registry.addCandidate(m_config.modelLine, r.artifactPath, r.artifactSha256,
            c.toJson(), metrics, source ? source->id : QString(), qint64(samples.size()), jobId);
        out.candidate = candidate;
        out.gate = runGate(candidate, source, QStringLiteral("regression_gate"), jobId);
        out.decision = out.gate.value(QStringLiteral("decision")).toString();
        applyDecision(candidate, out.decision, jobId);
        m_jobs.finish(jobId, JobStatus::Complete, QString(), candidate.id);
        // The registry's learning event (table learning_events): what the job changed.
        outcomes::LearningEventRecord event;
        event.versionId = candidate.id;
        event.eventType = QStringLiteral("training_job");
        event.batchSize = int(samples.size());
        event.samplesProcessed = r.epochsDone > 0 ? qint64(samples.size()) + baseImages : 0;
        const auto metricsOf = [&](const char *key) {
            const QJsonValue v = out.gate.value(QLatin1String(key));
            return v.isObject() ? QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact) : QByteArray("null");
        };
        event.metricsBefore = metricsOf("incumbent_metrics");
        event.metricsAfter = metricsOf("candidate_metrics");
        const QJsonValue lift = out.gate.value(QStringLiteral("lift"));
        event.improvement = lift.isDouble() ? lift.toDouble() : std::nan("");
        event.durationMs = double(jobClock.elapsed());
        event.createdAtMs = QDateTime::currentMSecsSinceEpoch();
        outcomes::OutcomeStore(m_db).addLearningEvents({event});
        out.candidate = m_registry.version(candidate.id);
    } catch (const Error &e) {
        return fail(JobStatus::Failed, e.message());
    }
    out.job = *m_jobs.job(jobId);
    const QJsonObject status = out.toJson();
    notifier.notify(QStringLiteral("training_finished"),
        QStringLiteral("Training %1 finished: %2 at %3 test accuracy")
            .arg(jobId, out.candidate->name())
            .arg(r.testAccuracy, 0, 'f', 4),
        status);
    notifier.notify(QStringLiteral("gate_decided"),
        QStringLiteral("Gate: %1 for %2").arg(out.decision, out.candidate->name()), out.gate);
    return out;
}

ModelVersion LearningLoop::decide(const QString &versionIdOrName, bool promote, const QString &reviewer)
{
    const std::optional<ModelVersion> v = m_registry.version(versionIdOrName);
    if (!v)
        throw Error(ErrorKind::Input, QStringLiteral("No model version %1").arg(versionIdOrName));
    if (v->status != QLatin1String("training"))
        throw Error(ErrorKind::Input,
            QStringLiteral("%1 is %2: only a candidate waiting for a decision can be promoted or rejected")
                .arg(v->name(), v->status));
    if (promote)
        ModelRegistry::verifyArtifact(*v);
    const QString decision = promote ? QStringLiteral("promote") : QStringLiteral("reject");
    applyDecision(*v, decision, v->jobId);
    const QJsonObject record{{QStringLiteral("decision"), decision}, {QStringLiteral("reviewer"), reviewer},
        {QStringLiteral("candidate"), v->name()}};
    const std::optional<ModelVersion> active = m_registry.active(v->modelLine);
    m_registry.recordDecision(v->id, QString(), decision, record, reviewer);
    Notifier(m_db, m_config.webhook)
        .notify(QStringLiteral("gate_decided"), QStringLiteral("%1 by %2: %3").arg(decision, reviewer, v->name()), record);
    Q_UNUSED(active);
    return *m_registry.version(v->id);
}

int LearningLoop::recoverAbandonedJobs()
{
    int recovered = 0;
    for (const LoopJob &j : m_jobs.jobs(1000)) {
        if (j.status != JobStatus::Running || (j.ownerPid > 0 && runs::processAlive(j.ownerPid)))
            continue;
        storage::Transaction tx(m_db);
        m_jobs.finish(j.jobId, JobStatus::Failed,
            QStringLiteral("the process running it (pid %1) ended before the job did").arg(j.ownerPid));
        m_samples.release(j.jobId);
        tx.commit();
        ++recovered;
    }
    return recovered;
}

QJsonObject LearningLoop::status(const QDateTime &now)
{
    const TriggerDecision d = evaluate(now, false);
    const std::optional<ModelVersion> active = m_registry.active(m_config.modelLine);
    const std::optional<LoopJob> running = m_jobs.activeJob(m_config.modelLine);
    const std::optional<LoopJob> last = m_jobs.lastJob(m_config.modelLine);
    return QJsonObject{{QStringLiteral("model_line"), m_config.modelLine},
        {QStringLiteral("trigger"), d.toJson()},
        {QStringLiteral("trainable_samples"), m_samples.trainableCount()},
        {QStringLiteral("awaiting_input"), m_samples.awaitingInputCount()},
        {QStringLiteral("active_version"), active ? QJsonValue(active->toJson()) : QJsonValue()},
        {QStringLiteral("active_job"), running ? QJsonValue(running->toJson()) : QJsonValue()},
        {QStringLiteral("last_job"), last ? QJsonValue(last->toJson()) : QJsonValue()}};
}

} // namespace lk::loop
