#pragma once

// Runs the learning loop unattended: every interval it evaluates the triggers and, when one
// fires, runs the job on a pool thread with its own database connection, so that the thread
// that owns the runner (the API server's) never waits for training. `serve --loop-interval`.

#include "core/workspace/Workspace.h"

#include <QFuture>
#include <QJsonObject>
#include <QObject>

#include <atomic>
#include <memory>

class QTimer;

namespace lk::loop {

class LoopRunner : public QObject
{
    Q_OBJECT
public:
    /// `intervalSeconds` between ticks (at least 1).
    LoopRunner(const Workspace &workspace, int intervalSeconds, QObject *parent = nullptr);
    /// Stops (see stop()).
    ~LoopRunner() override;

    /// Ticks now and then every interval.
    void start();
    /// No more ticks; a job in progress is cancelled at its next step (its samples go back to
    /// pending) and waited for.
    void stop();

Q_SIGNALS:
    /// A tick's answer (as `loop tick` prints it) and, when a job ran, its final status.
    void ticked(const QJsonObject &response);
    void jobFinished(const QJsonObject &status);

private:
    void tick();

    Workspace m_workspace;
    int m_interval;
    QTimer *m_timer = nullptr;
    QFuture<void> m_running;
    std::shared_ptr<std::atomic<bool>> m_cancel = std::make_shared<std::atomic<bool>>(false);
};

} // namespace lk::loop
