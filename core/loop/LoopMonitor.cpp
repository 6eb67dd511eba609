#include "core/loop/LoopMonitor.h"

#include "core/common/Error.h"
#include "core/logging/Logging.h"
#include "core/loop/LearningLoop.h"
#include "core/loop/LoopConfig.h"
#include "core/loop/SampleStore.h"
#include "core/runs/TrainingSession.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

namespace lk::loop {

namespace {

constexpr int kDefaultIntervalMs = 2000;
/// Progress reports from the training thread reach the UI at most this often.
constexpr qint64 kProgressIntervalMs = 100;

/// The parts of a snapshot that only change when the database does: sample counts, the
/// filtered corrections and the registry with its gate decisions.
void readStored(storage::Database &db, LoopSnapshot &s)
{
    SampleStore samples(db);
    s.sampleStats = samples.stats();
    s.totalSamples = s.sampleStats.value(QStringLiteral("total")).toInteger();
    s.filteredTotal = s.sampleStats.value(QStringLiteral("by_status"))
                          .toObject()
                          .value(QStringLiteral("filtered"))
                          .toInteger();
    s.filtered.clear();
    {
        storage::Statement q =
            db.prepare("SELECT sample_id, node_id, timestamp_ms, predicted_label, corrected_label, "
                       "correction_confidence,"
                       " filter_reason FROM samples WHERE status = 'filtered' ORDER BY seq DESC LIMIT ?");
        q.bind(1, LoopSnapshot::kFilteredShown);
        while (q.step()) {
            FilteredSample f;
            f.sampleId = q.columnText(0);
            f.nodeId = q.columnText(1);
            f.timestampMs = q.columnInt64(2);
            f.predictedLabel = int(q.columnInt64(3));
            f.correctedLabel = int(q.columnInt64(4));
            f.correctionConfidence = q.columnDouble(5);
            f.reason = q.columnText(6);
            s.filtered.push_back(f);
        }
    }

    s.versions.clear();
    const std::vector<ModelVersion> versions = ModelRegistry(db).versions();
    QHash<QString, QString> names;
    for (const ModelVersion &v : versions)
        names.insert(v.id, v.name());
    QHash<QString, qint64> used;
    {
        storage::Statement q = db.prepare("SELECT used_in_version, count(*) FROM samples"
                                          " WHERE used_in_version IS NOT NULL GROUP BY used_in_version");
        while (q.step())
            used.insert(q.columnText(0), q.columnInt64(1));
    }
    QHash<QString, std::vector<GateDecisionRecord>> decisions;
    for (GateDecisionRecord &r : ModelRegistry(db).decisions())
        decisions[r.candidateVersion].push_back(std::move(r));
    for (const ModelVersion &v : versions) {
        RegistryEntry e;
        e.version = v;
        // A parent outside the listed lines (or deleted by hand) is still named by its id.
        e.parentName = v.parentVersion.isEmpty() ? QString() : names.value(v.parentVersion, v.parentVersion);
        e.samplesUsed = used.value(v.id);
        e.decisions = decisions.value(v.id);
        s.versions.push_back(e);
    }
}

/// The parts that also change with the clock or with processes coming and going: the
/// trigger state (cool-down, schedule), the jobs and whether their processes still live.
void readLive(const Workspace &ws, storage::Database &db, LoopSnapshot &s)
{
    s.readAt = QDateTime::currentDateTimeUtc();
    s.configError.clear();
    s.trigger.reset();
    s.manual.reset();
    s.activeVersion.clear();
    s.nextVersion.clear();
    try {
        const LoopConfig config = LoopConfig::load(ws);
        s.modelLine = config.modelLine;
        s.minCorrectionConfidence = config.samples.minCorrectionConfidence;
        s.cooldownSeconds = config.triggers.cooldownSeconds;
        s.manualBypassesCooldown = config.triggers.manualBypassesCooldown;
        s.epochsPerJob = config.training.epochs;
        s.architecture = config.training.architecture;
        LearningLoop loop(ws, db, config);
        s.trigger = loop.evaluate(s.readAt, false);
        s.manual = loop.evaluate(s.readAt, true);
        const qint64 usable = s.manual->usableNewSamples;
        const int cap = config.training.maxSamplesPerJob;
        s.manualSamples = cap > 0 ? std::min<qint64>(usable, cap) : usable;
        int highest = 0;
        for (const RegistryEntry &e : s.versions) {
            if (e.version.modelLine != s.modelLine)
                continue;
            highest = std::max(highest, e.version.versionNumber);
            if (e.version.status == QLatin1String("active") && s.activeVersion.isEmpty())
                s.activeVersion = e.version.name();
        }
        s.nextVersion = QStringLiteral("%1@%2").arg(s.modelLine).arg(highest + 1);
    } catch (const Error &e) {
        // A bad loop.json stops the loop, not the view: counts and registry stay visible.
        s.configError = e.message();
    }

    s.jobs.clear();
    runs::RunStore runs(db);
    for (const LoopJob &j : JobStore(db).jobs(LoopSnapshot::kJobsShown)) {
        JobEntry e;
        e.job = j;
        const bool active = isActive(j.status);
        if (active && !j.runId.isEmpty())
            e.run = runs.run(j.runId);
        e.abandoned =
            j.status == JobStatus::Running && j.ownerPid > 0 && !runs::processAlive(j.ownerPid);
        s.jobs.push_back(e);
    }
}

/// What the stored parts looked like: a training run commits every few steps, which changes
/// the database but none of this.
QByteArray storedFingerprint(const LoopSnapshot &s)
{
    QJsonArray filtered;
    for (const FilteredSample &f : s.filtered)
        filtered.append(f.sampleId);
    QJsonArray versions;
    for (const RegistryEntry &e : s.versions) {
        QJsonObject o = e.version.toJson();
        o.insert(QStringLiteral("samples_used"), e.samplesUsed);
        o.insert(QStringLiteral("decisions"), qint64(e.decisions.size()));
        o.insert(QStringLiteral("parent_name"), e.parentName);
        versions.append(o);
    }
    const QJsonObject all{{QStringLiteral("stats"), s.sampleStats}, {QStringLiteral("filtered"), filtered},
        {QStringLiteral("versions"), versions}};
    return QJsonDocument(all).toJson(QJsonDocument::Compact);
}

/// What the live parts looked like, to skip snapshots that would show the same.
QByteArray liveFingerprint(const LoopSnapshot &s)
{
    QJsonArray jobs;
    for (const JobEntry &e : s.jobs) {
        QJsonObject o = e.job.toJson();
        o.insert(QStringLiteral("abandoned"), e.abandoned);
        if (e.run)
            o.insert(QStringLiteral("run"), e.run->toJson());
        jobs.append(o);
    }
    const QJsonObject all{{QStringLiteral("config_error"), s.configError},
        {QStringLiteral("trigger"), s.trigger ? QJsonValue(s.trigger->toJson()) : QJsonValue()},
        {QStringLiteral("manual"), s.manual ? QJsonValue(s.manual->toJson()) : QJsonValue()},
        {QStringLiteral("manual_samples"), s.manualSamples}, {QStringLiteral("jobs"), jobs},
        // The clock ends a cool-down without any change in the database.
        {QStringLiteral("in_cooldown"),
            s.trigger && s.trigger->cooldownUntil.isValid() && s.readAt < s.trigger->cooldownUntil}};
    return QJsonDocument(all).toJson(QJsonDocument::Compact);
}

} // namespace

// ---------------------------------------------------------------------------------------------
// The worker: its own connection, a poll timer, and the short operator actions.

struct LoopMonitorWorker::Private
{
    std::optional<Workspace> workspace;
    std::optional<storage::Database> db;
    std::optional<qint64> dataVersion;
    LoopSnapshot last; ///< the stored parts as last read
    QByteArray lastStored; ///< their fingerprint

    storage::Database &connection()
    {
        if (!db)
            db.emplace(workspace->connect());
        return *db;
    }
};

LoopMonitorWorker::LoopMonitorWorker()
    : MonitorWorker(lcApp(), QStringLiteral("the learning loop"))
    , d(new Private)
{ }

LoopMonitorWorker::~LoopMonitorWorker()
{
    delete d;
}

void LoopMonitorWorker::setWorkspace(const std::optional<Workspace> &workspace)
{
    d->db.reset();
    d->workspace = workspace;
    d->dataVersion.reset();
    d->last = LoopSnapshot();
    d->lastStored.clear();
    setSource(workspace.has_value());
    publish(LoopSnapshot());
    refresh(true);
}

void LoopMonitorWorker::reset()
{
    d->db.reset();
    d->dataVersion.reset();
}

void LoopMonitorWorker::poll(bool force)
{
    storage::Database &db = d->connection();
    // data_version changes when another connection (another thread of this console, the
    // CLI, the REST API) commits: the grouped counts are read again only then.
    const qint64 version = db.queryInt("PRAGMA data_version").value_or(0);
    const bool stored = force || !d->dataVersion || *d->dataVersion != version;
    LoopSnapshot s = d->last;
    if (stored) {
        readStored(db, s);
        d->last = s;
        d->lastStored = storedFingerprint(s);
    }
    readLive(*d->workspace, db, s);
    s.hasWorkspace = true;
    d->dataVersion = version;
    const QByteArray fingerprint = liveFingerprint(s) + d->lastStored;
    offer(std::move(s), fingerprint);
}

void LoopMonitorWorker::checkArtifact(const QString &versionId)
{
    if (!d->workspace) {
        Q_EMIT artifactChecked(versionId, false, tr("No workspace is open."));
        return;
    }
    try {
        const std::optional<ModelVersion> v = ModelRegistry(d->connection()).version(versionId);
        if (!v)
            throw Error(ErrorKind::Input, tr("No model version %1").arg(versionId));
        if (v->sha256.isEmpty())
            throw Error(ErrorKind::Input, tr("%1 has no registered sha256 to compare with").arg(v->name()));
        ModelRegistry::verifyArtifact(*v);
        Q_EMIT artifactChecked(versionId, true, v->sha256);
    } catch (const Error &e) {
        Q_EMIT artifactChecked(versionId, false, e.message());
    }
}

void LoopMonitorWorker::decide(const QString &versionId, bool promote, const QString &reviewer)
{
    if (!d->workspace) {
        Q_EMIT decided(versionId, promote, false, tr("No workspace is open."));
        return;
    }
    bool ok = false;
    QString message;
    try {
        storage::Database &db = d->connection();
        LearningLoop loop(*d->workspace, db, LoopConfig::load(*d->workspace));
        message = loop.decide(versionId, promote, reviewer).status;
        ok = true;
    } catch (const Error &e) {
        message = e.message();
    }
    // The snapshot first (this connection wrote: data_version does not show its own commits),
    // so that the panel answering the decision already holds the registry after it.
    refresh(true);
    Q_EMIT decided(versionId, promote, ok, message);
}

// ---------------------------------------------------------------------------------------------
// The monitor: owns the worker's thread and runs manually triggered jobs on a pool thread.

struct LoopMonitor::Training
{
    std::atomic<bool> cancel{false};
    // Written by the pool thread before its future finishes, read after.
    QString jobId;
    QJsonObject outcome;
    QString error;
};

/// Runs on the training thread: forwards what the run reports to the monitor's thread, and
/// answers the session's "cancel?" from the operator's request.
class LoopMonitor::Listener : public runs::RunListener
{
public:
    Listener(LoopMonitor *monitor, std::shared_ptr<Training> state, QString jobId)
        : m_monitor(monitor)
        , m_state(std::move(state))
        , m_jobId(std::move(jobId))
    {
        m_sinceProgress.start();
    }

    void runStarted(const QString &runId, const training::TrainingConfig &config, bool) override
    {
        m_epochs = config.epochs;
        post([jobId = m_jobId, runId, epochs = m_epochs](
                 LoopMonitor *m) { Q_EMIT m->trainingStarted(jobId, runId, epochs); });
    }
    void epochRecorded(const training::EpochRecord &e, const QJsonObject &) override
    {
        post([jobId = m_jobId, epoch = e.epoch + 1, epochs = m_epochs, acc = e.valAccuracy, loss = e.valLoss](
                 LoopMonitor *m) { Q_EMIT m->trainingEpoch(jobId, epoch, epochs, acc, loss); });
    }
    void progress(qint64 done, qint64 total) override
    {
        // Every step would flood the UI thread's queue; ten a second is live enough.
        if (done < total && m_sinceProgress.elapsed() < kProgressIntervalMs)
            return;
        m_sinceProgress.restart();
        post([jobId = m_jobId, done, total](
                 LoopMonitor *m) { Q_EMIT m->trainingProgress(jobId, done, total); });
    }
    bool cancelRequested() override { return m_state->cancel.load(); }

private:
    template<typename F>
    void post(F f)
    {
        // The monitor waits for this thread before it is destroyed, and Qt drops queued calls
        // to deleted receivers, so the pointer is valid whenever the call runs.
        QMetaObject::invokeMethod(
            m_monitor, [m = m_monitor, f] { f(m); }, Qt::QueuedConnection);
    }

    LoopMonitor *m_monitor;
    std::shared_ptr<Training> m_state;
    QString m_jobId;
    int m_epochs = 0;
    QElapsedTimer m_sinceProgress;
};

LoopMonitor::LoopMonitor(QObject *parent)
    : Monitor(new LoopMonitorWorker, QStringLiteral("LoopMonitor"), parent)
    , m_worker(static_cast<LoopMonitorWorker *>(worker()))
{
    setInterval(kDefaultIntervalMs);
    connect(m_worker, &LoopMonitorWorker::artifactChecked, this, &LoopMonitor::artifactChecked);
    connect(m_worker, &LoopMonitorWorker::decided, this, &LoopMonitor::decided);
    connect(&m_training, &QFutureWatcher<void>::finished, this, &LoopMonitor::onTrainingDone);
}

LoopMonitor::~LoopMonitor()
{
    if (m_training.isRunning()) {
        m_state->cancel = true;
        m_training.waitForFinished();
    }
    stop();
}

void LoopMonitor::deliver(const std::any &snapshot)
{
    Q_EMIT snapshotChanged(std::any_cast<const LoopSnapshot &>(snapshot));
}

void LoopMonitor::setWorkspace(const std::optional<Workspace> &workspace)
{
    m_workspace = workspace;
    QMetaObject::invokeMethod(m_worker, [w = m_worker, workspace] { w->setWorkspace(workspace); });
}

void LoopMonitor::checkArtifact(const QString &versionId)
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker, versionId] { w->checkArtifact(versionId); });
}

void LoopMonitor::decide(const QString &versionId, bool promote, const QString &reviewer)
{
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, versionId, promote, reviewer] { w->decide(versionId, promote, reviewer); });
}

bool LoopMonitor::isTraining() const
{
    return m_training.isRunning();
}

void LoopMonitor::trainNow()
{
    if (!m_workspace || isTraining())
        return;
    m_state = std::make_shared<Training>();
    m_jobId.clear();
    const Workspace ws = *m_workspace;
    const std::shared_ptr<Training> state = m_state;
    LoopMonitor *self = this;
    m_training.setFuture(QtConcurrent::run([ws, state, self] {
        std::optional<storage::Database> db;
        try {
            db.emplace(ws.connect());
            LearningLoop loop(ws, *db, LoopConfig::load(ws));
            loop.recoverAbandonedJobs(); // as `loop tick` does: a dead process's job must not block
            const TickResult tick = loop.tick(QDateTime::currentDateTimeUtc(), true);
            const QString jobId = tick.job ? tick.job->jobId : QString();
            state->jobId = jobId;
            QMetaObject::invokeMethod(
                self,
                [self, jobId, response = tick.response] {
                    self->m_jobId = jobId;
                    Q_EMIT self->trainingTriggered(jobId, response);
                    self->refreshNow();
                },
                Qt::QueuedConnection);
            if (!tick.job)
                return;
            Listener listener(self, state, jobId);
            state->outcome = loop.runJob(jobId, listener).toJson();
        } catch (const std::exception &e) {
            const auto *error = dynamic_cast<const Error *>(&e);
            state->error = error ? error->message() : QString::fromUtf8(e.what());
            // runJob ends its job itself when training fails; anything that escapes it must not
            // leave the job "running" under this (living) process, holding its samples.
            if (db && !state->jobId.isEmpty()) {
                try {
                    const std::optional<LoopJob> job = JobStore(*db).job(state->jobId);
                    if (job && allows(job->status, JobCommand::Fail)) {
                        storage::Transaction tx(*db);
                        JobStore(*db).finish(state->jobId, JobStatus::Failed, state->error);
                        SampleStore(*db).release(state->jobId);
                        tx.commit();
                    }
                } catch (const std::exception &again) {
                    qCWarning(lcApp) << "cannot mark job" << state->jobId << "failed:" << again.what();
                }
            }
        }
    }));
}

void LoopMonitor::cancelTraining()
{
    if (m_state && m_training.isRunning())
        m_state->cancel = true;
}

void LoopMonitor::onTrainingDone()
{
    const std::shared_ptr<Training> state = m_state;
    if (!state)
        return;
    if (!state->error.isEmpty())
        Q_EMIT trainingFailed(state->jobId, state->error);
    else if (!state->jobId.isEmpty())
        Q_EMIT trainingFinished(state->jobId, state->outcome);
    refreshNow();
}

} // namespace lk::loop
