#pragma once

#include "core/runs/TrainingSession.h"

#include <QFutureWatcher>
#include <QObject>

#include <atomic>
#include <memory>

namespace lk::runs {

/// One training run in the background of a long-lived process (the console): runs the
/// session with QtConcurrent::run and a QPromise (progress, suspension for pause, cancel), so
/// the caller's thread never waits. Metrics reach the store as they happen; watchers read
/// them from there (RunMonitor), which also shows runs started by other processes.
class TrainingJob : public QObject
{
    Q_OBJECT
public:
    TrainingJob(const Workspace &workspace, TrainingRequest request, QObject *parent = nullptr);
    ~TrainingJob() override;

    /// Starts the run (once).
    void start();
    /// Pauses at the next step; the run's status becomes "paused" until resume().
    void pause();
    void resume();
    /// Stops at the next step; the last epoch's checkpoint stays for a later resume.
    void cancel();

    bool isRunning() const;
    bool isPaused() const { return m_paused; }
    /// Known once started() was emitted.
    QString runId() const { return m_runId; }

Q_SIGNALS:
    /// The run exists in the store (a new id, or the resumed one).
    void started(const QString &runId, bool resumed);
    void progressChanged(qint64 done, qint64 total);
    void pausedChanged(bool paused);
    /// The run ended (completed, stopped early, cancelled, diverged).
    void finished(const QString &runId, const lk::training::RunResult &result);
    /// The run could not start or failed; the message says why.
    void failed(const QString &runId, const QString &message);

private:
    struct Outcome
    {
        SessionResult result;
        QString error;
    };
    class Listener;

    Workspace m_workspace;
    TrainingRequest m_request;
    QFutureWatcher<void> m_watcher;
    // Written by the training thread before its future finishes. Not a future result: a
    // cancelled QPromise drops results, and a cancelled run still has an outcome to report.
    std::shared_ptr<Outcome> m_outcome = std::make_shared<Outcome>();
    std::shared_ptr<std::atomic<bool>> m_pauseRequested = std::make_shared<std::atomic<bool>>(false);
    bool m_paused = false;
    bool m_started = false;
    QString m_runId;
};

} // namespace lk::runs
