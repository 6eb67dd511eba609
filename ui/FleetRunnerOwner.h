#pragma once

#include "core/workspace/Workspace.h"

#include <QList>
#include <QObject>
#include <QString>

#include <optional>

class QThread;

namespace lk::rollout {
class FleetRunner;
}

namespace lk::ui {

/// Creates the fleet runner the console runs for `workspace`, not yet started: the one place
/// where the console's runner is configured (its steps, such as the drift monitor, are added
/// here).
lk::rollout::FleetRunner *createFleetRunner(const lk::Workspace &workspace, QObject *parent);

/// Runs one FleetRunner for the console's open workspace, so that rollouts advance and nodes
/// are polled while the console is open. The runner lives on a thread of its own: stopping it
/// waits for the tick in progress (bounded by the nodes' timeouts), and that wait must not
/// freeze the window when the workspace changes. Only the process holding the fleet lease acts,
/// so a `loopkeeper-cli serve` on the same workspace is safe.
class FleetRunnerOwner : public QObject
{
    Q_OBJECT
public:
    explicit FleetRunnerOwner(QObject *parent = nullptr);
    /// Stops the runner and waits for its thread.
    ~FleetRunnerOwner() override;

    /// Runs a runner for `workspace` (nullopt: none); the previous one stops in the background.
    void setWorkspace(const std::optional<lk::Workspace> &workspace);
    /// The fleet file the running runner watches; empty when none runs.
    QString fleetPath() const { return m_fleetPath; }
    /// Whether a runner runs.
    bool isRunning() const { return m_runner != nullptr; }

Q_SIGNALS:
    /// A tick of the runner failed (e.g. a broken fleet file); once per distinct message.
    void failed(const QString &message);

private:
    /// Stops the current runner on its thread, then ends the thread (in the background).
    void retire();

    lk::rollout::FleetRunner *m_runner = nullptr;
    QThread *m_thread = nullptr;
    QList<QThread *> m_stopping; ///< threads of retired runners that have not ended yet
    QString m_root;
    QString m_fleetPath;
};

} // namespace lk::ui
