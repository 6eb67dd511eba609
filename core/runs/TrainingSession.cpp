#include "core/runs/TrainingSession.h"

#include "core/common/Error.h"
#include "core/logging/Logging.h"
#include "core/runs/RunHealth.h"
#include "core/runs/RunStore.h"
#include "core/training/ImageDataset.h"
#include "core/training/TorchPlugin.h"
#include "core/training/Trainer.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QJsonDocument>

#include <csignal>
#include <tuple>

namespace lk::runs {

using namespace lk::training;

namespace {

constexpr int kStepFlushCount = 512; // steps buffered before one transaction writes them
constexpr int kStepFlushMs = 250; // ...or this long, whichever comes first

/// Records what the trainer reports and passes it on to the listener.
class StoreObserver : public TrainingObserver
{
public:
    StoreObserver(RunStore &store, QString runId, RunListener &listener, const TrainingConfig &config,
        std::vector<EpochRecord> history)
        : m_store(store)
        , m_runId(std::move(runId))
        , m_listener(listener)
        , m_config(config)
        , m_history(std::move(history))
    {
        m_sinceFlush.start();
    }

    void onStep(const StepRecord &step) override
    {
        m_pending.push_back(step);
        if (int(m_pending.size()) >= kStepFlushCount || m_sinceFlush.elapsed() >= kStepFlushMs)
            flush();
        m_listener.stepRecorded(step);
    }

    void onEpoch(const EpochRecord &epoch, const QString &) override
    {
        // The epoch row and the steps before it commit together, after the checkpoint exists.
        m_store.appendEpoch(m_runId, epoch, m_pending);
        m_pending.clear();
        m_sinceFlush.restart();
        m_history.push_back(epoch);
        m_health = runHealth(m_history, m_config);
        m_listener.epochRecorded(epoch, m_health.toJson());
    }

    /// Stops when curve health says stop or restore the best epoch (the runner then exports
    /// the best epoch's weights).
    bool stopEarly(const std::vector<EpochRecord> &, QString *reason) override
    {
        const QString &action = m_health.recommendation.action;
        if (action != QLatin1String("stop") && action != QLatin1String("restore_best"))
            return false;
        *reason = m_health.recommendation.reason;
        return true;
    }

    void onProgress(std::int64_t done, std::int64_t total) override { m_listener.progress(done, total); }
    bool cancelRequested() override { return m_listener.cancelRequested(); }

    void waitWhilePaused() override
    {
        if (!m_listener.pauseRequested())
            return;
        flush();
        m_store.setStatus(m_runId, RunStatus::Paused);
        m_listener.waitWhilePaused();
        m_store.setStatus(m_runId, RunStatus::Running);
    }

    void flush()
    {
        m_store.appendSteps(m_runId, m_pending);
        m_pending.clear();
        m_sinceFlush.restart();
    }

private:
    RunStore &m_store;
    QString m_runId;
    RunListener &m_listener;
    TrainingConfig m_config;
    std::vector<StepRecord> m_pending;
    std::vector<EpochRecord> m_history;
    analysis::HealthReport m_health;
    QElapsedTimer m_sinceFlush;
};

} // namespace

bool processAlive(qint64 pid)
{
    return pid > 0 && (::kill(pid_t(pid), 0) == 0 || errno == EPERM);
}

SessionResult runTrainingSession(
    const Workspace &workspace, const TrainingRequest &request, RunListener &listener)
{
    // Without LibTorch nothing can train: say so before a run is recorded.
    loadTorchPlugin();
    storage::Database db = workspace.connect();
    RunStore store(db);
    SessionResult out;
    TrainingConfig config = request.config;
    bool resume = false;

    if (!request.resumeRunId.isEmpty()) {
        const std::optional<RunSummary> run = store.run(request.resumeRunId);
        if (!run)
            throw Error(ErrorKind::Input,
                QStringLiteral("There is no training run %1 in %2")
                    .arg(request.resumeRunId, workspace.root()));
        if (run->status == QLatin1String("completed") || run->status == QLatin1String("stopped_early"))
            throw Error(ErrorKind::Input,
                QStringLiteral("Run %1 has already finished (%2); start a new run instead")
                    .arg(run->runId, run->status));
        if (!run->finished() && run->ownerPid && *run->ownerPid != QCoreApplication::applicationPid()
            && processAlive(*run->ownerPid))
            throw Error(ErrorKind::Input,
                QStringLiteral("Run %1 is being trained by process %2 right now")
                    .arg(run->runId)
                    .arg(*run->ownerPid));
        config = TrainingConfig::fromJson(run->config);
        if (request.extendEpochsTo > config.epochs)
            config.epochs = request.extendEpochsTo;
        out.runId = run->runId;
        const int checkpoint = checkpointEpoch(run->runDir);
        resume = checkpoint > 0;
        qint64 checkpointStep = 0;
        if (resume) {
            const std::vector<EpochRecord> kept = store.epochs(out.runId);
            for (const EpochRecord &e : kept) {
                if (e.epoch == checkpoint - 1)
                    checkpointStep = e.lastStep;
            }
        }
        store.resumeRun(out.runId, std::max(0, checkpoint), checkpointStep);
        if (request.extendEpochsTo > 0)
            db.prepare("UPDATE training_runs SET epochs_planned = ?, config_json = ? WHERE run_id = ?")
                .bind(1, config.epochs)
                .bind(2, QString::fromUtf8(QJsonDocument(config.toJson()).toJson(QJsonDocument::Compact)))
                .bind(3, out.runId)
                .run();
    } else {
        config.validate();
        out.runId = store.createRun(config, workspace.runsDir());
    }
    listener.runStarted(out.runId, config, resume);

    StoreObserver observer(
        store, out.runId, listener, config, resume ? store.epochs(out.runId) : std::vector<EpochRecord> {});
    try {
        ImageSet train, test;
        if (request.loadData) {
            std::tie(train, test) = request.loadData();
        } else {
            train = loadIdxDataset(config.datasetDir, Split::Train);
            test = loadIdxDataset(config.datasetDir, Split::Test);
        }
        QJsonObject extras = request.manifestExtras;
        extras.insert(QStringLiteral("run_id"), out.runId);
        const TrainingPaths paths {
            QDir(workspace.runsDir()).filePath(out.runId), QDir(workspace.modelsDir()).filePath(out.runId)};
        out.result = runTraining(config, train, test, paths, observer, resume, extras);
        observer.flush();
    } catch (const Error &e) {
        observer.flush();
        RunResult failed;
        failed.status = RunStatus::Failed;
        failed.message = e.message();
        store.finishRun(out.runId, failed);
        throw;
    } catch (const std::exception &e) {
        observer.flush();
        RunResult failed;
        failed.status = RunStatus::Failed;
        failed.message = QString::fromUtf8(e.what());
        store.finishRun(out.runId, failed);
        throw Error(ErrorKind::Internal, failed.message);
    }
    store.finishRun(out.runId, out.result);
    qCInfo(lcTraining).noquote() << "run" << out.runId << "ended:" << runStatusName(out.result.status);
    return out;
}

} // namespace lk::runs
