#include "core/runs/TrainingJob.h"

#include "core/common/Error.h"
#include "core/logging/Logging.h"

#include <QPointer>
#include <QPromise>
#include <QtConcurrent/QtConcurrentRun>

namespace lk::runs {

/// Runs on the training thread: maps the session's questions onto the promise.
class TrainingJob::Listener : public RunListener
{
public:
    Listener(QPromise<void> &promise, std::shared_ptr<std::atomic<bool>> pause, QPointer<TrainingJob> job)
        : m_promise(promise)
        , m_pause(std::move(pause))
        , m_job(std::move(job))
    { }

    void runStarted(const QString &runId, const training::TrainingConfig &, bool resumed) override
    {
        m_runId = runId;
        QMetaObject::invokeMethod(
            m_job,
            [job = m_job, runId, resumed] {
                if (job) {
                    job->m_runId = runId;
                    Q_EMIT job->started(runId, resumed);
                }
            },
            Qt::QueuedConnection);
    }
    void progress(qint64 done, qint64 total) override
    {
        if (total > 0) {
            m_promise.setProgressRange(0, int(std::min<qint64>(total, INT_MAX)));
            m_promise.setProgressValue(int(std::min<qint64>(done, INT_MAX)));
        }
    }
    bool cancelRequested() override { return m_promise.isCanceled(); }
    bool pauseRequested() override { return *m_pause; }
    void waitWhilePaused() override { m_promise.suspendIfRequested(); }

    QString runId() const { return m_runId; }

private:
    QPromise<void> &m_promise;
    std::shared_ptr<std::atomic<bool>> m_pause;
    QPointer<TrainingJob> m_job;
    QString m_runId;
};

TrainingJob::TrainingJob(const Workspace &workspace, TrainingRequest request, QObject *parent)
    : QObject(parent)
    , m_workspace(workspace)
    , m_request(std::move(request))
{
    connect(&m_watcher, &QFutureWatcher<void>::progressValueChanged, this,
        [this](int value) { Q_EMIT progressChanged(value, m_watcher.progressMaximum()); });
    connect(&m_watcher, &QFutureWatcher<void>::finished, this, [this] {
        const Outcome outcome = *m_outcome;
        if (!outcome.error.isEmpty()) {
            Q_EMIT failed(m_runId, outcome.error);
            return;
        }
        m_runId = outcome.result.runId;
        Q_EMIT finished(m_runId, outcome.result.result);
    });
}

TrainingJob::~TrainingJob()
{
    // The console is closing: stop at the next step (the checkpoint stays) and wait, so that
    // the run is recorded as cancelled rather than left "running".
    if (m_watcher.isRunning()) {
        m_watcher.cancel();
        m_watcher.waitForFinished();
    }
}

void TrainingJob::start()
{
    if (m_started)
        return; // a job runs once; a default QFutureWatcher already counts as "finished"
    m_started = true;
    const Workspace workspace = m_workspace;
    const TrainingRequest request = m_request;
    const auto pause = m_pauseRequested;
    const QPointer<TrainingJob> self(this);
    const std::shared_ptr<Outcome> result = m_outcome;
    m_watcher.setFuture(QtConcurrent::run([workspace, request, pause, self, result](QPromise<void> &promise) {
        Listener listener(promise, pause, self);
        Outcome &outcome = *result;
        try {
            outcome.result = runTrainingSession(workspace, request, listener);
        } catch (const Error &e) {
            outcome.error = e.message();
        } catch (const std::exception &e) {
            outcome.error = QString::fromUtf8(e.what());
        }
        if (outcome.result.runId.isEmpty())
            outcome.result.runId = listener.runId();
    }));
}

void TrainingJob::pause()
{
    if (!m_watcher.isRunning() || m_paused)
        return;
    *m_pauseRequested = true;
    m_watcher.suspend();
    m_paused = true;
    Q_EMIT pausedChanged(true);
}

void TrainingJob::resume()
{
    if (!m_paused)
        return;
    *m_pauseRequested = false;
    m_watcher.resume();
    m_paused = false;
    Q_EMIT pausedChanged(false);
}

void TrainingJob::cancel()
{
    if (!m_watcher.isRunning())
        return;
    *m_pauseRequested = false;
    m_watcher.cancel();
    if (m_paused) {
        m_paused = false;
        Q_EMIT pausedChanged(false);
    }
}

bool TrainingJob::isRunning() const
{
    return m_watcher.isRunning();
}

} // namespace lk::runs
