#include "ui/FleetRunnerOwner.h"

#include "core/logging/Logging.h"
#include "core/rollout/FleetRunner.h"

#include <QThread>

namespace lk::ui {

lk::rollout::FleetRunner *createFleetRunner(const lk::Workspace &workspace, QObject *parent)
{
    return new lk::rollout::FleetRunner(workspace, lk::rollout::FleetRunnerConfig{}, parent);
}

FleetRunnerOwner::FleetRunnerOwner(QObject *parent)
    : QObject(parent)
{ }

FleetRunnerOwner::~FleetRunnerOwner()
{
    retire();
    // Each waits for its runner's tick in progress, bounded by the nodes' timeouts.
    for (QThread *thread : std::as_const(m_stopping))
        thread->wait();
}

void FleetRunnerOwner::setWorkspace(const std::optional<lk::Workspace> &workspace)
{
    const QString root = workspace ? workspace->root() : QString();
    if (m_runner && root == m_root)
        return;
    retire();
    m_root = root;
    if (!workspace)
        return;
    m_thread = new QThread(this);
    m_thread->setObjectName(QStringLiteral("FleetRunner"));
    m_runner = createFleetRunner(*workspace, nullptr);
    m_runner->setObjectName(QStringLiteral("fleetRunner"));
    m_fleetPath = m_runner->fleetPath();
    m_runner->moveToThread(m_thread);
    connect(m_runner, &lk::rollout::FleetRunner::failed, this, &FleetRunnerOwner::failed);
    m_thread->start();
    QMetaObject::invokeMethod(m_runner, [runner = m_runner] { runner->start(); });
    qCInfo(lcUi).noquote() << "fleet runner started for" << root;
}

void FleetRunnerOwner::retire()
{
    if (m_runner) {
        // Destroyed on its own thread: its destructor waits there for the tick in progress.
        lk::rollout::FleetRunner *runner = m_runner;
        QThread *thread = m_thread;
        m_stopping.append(thread);
        connect(runner, &QObject::destroyed, thread, &QThread::quit, Qt::DirectConnection);
        connect(thread, &QThread::finished, this, [this, thread] {
            m_stopping.removeOne(thread);
            thread->deleteLater();
        });
        runner->deleteLater();
    }
    m_runner = nullptr;
    m_thread = nullptr;
    m_fleetPath.clear();
}

} // namespace lk::ui
