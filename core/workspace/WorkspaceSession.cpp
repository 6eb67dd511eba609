#include "core/workspace/WorkspaceSession.h"

#include "core/common/Error.h"
#include "core/logging/Logging.h"

#include <QtConcurrent/QtConcurrentRun>

namespace lk {

WorkspaceSession::WorkspaceSession(QObject *parent)
    : QObject(parent)
{ }

WorkspaceSession::~WorkspaceSession()
{
    // An open in flight holds no reference to this object; let it finish on its own.
    if (m_watcher)
        m_watcher->disconnect(this);
}

void WorkspaceSession::open(const QString &root, Workspace::OpenMode mode)
{
    const int generation = ++m_generation;
    m_root = root;
    m_error.clear();
    setState(State::Opening);

    auto *watcher = new QFutureWatcher<Outcome>(this);
    m_watcher = watcher;
    connect(watcher, &QFutureWatcher<Outcome>::finished, this, [this, watcher, generation] {
        const Outcome outcome = watcher->result();
        watcher->deleteLater();
        if (m_watcher == watcher)
            m_watcher = nullptr;
        finish(generation, outcome);
    });
    watcher->setFuture(QtConcurrent::run([root, mode]() -> Outcome {
        Outcome out;
        try {
            Workspace ws = Workspace::open(root, mode);
            out.info = ws.info();
            out.workspace = ws;
        } catch (const Error &e) {
            out.error = e.message();
        } catch (const std::exception &e) {
            out.error = QString::fromUtf8(e.what());
        }
        return out;
    }));
}

void WorkspaceSession::finish(int generation, const Outcome &outcome)
{
    if (generation != m_generation)
        return; // superseded by a newer open()
    if (outcome.workspace) {
        m_workspace = outcome.workspace;
        m_info = outcome.info;
        m_root = outcome.workspace->root();
        setState(State::Ready);
        Q_EMIT opened(m_info);
    } else {
        const QString requested = m_root;
        m_error = outcome.error;
        qCWarning(lcWorkspace).noquote() << "cannot open workspace" << requested << ":" << m_error;
        // A failed switch keeps the workspace that was open, so no work is interrupted.
        if (m_workspace) {
            m_root = m_workspace->root();
            setState(State::Ready);
        } else {
            setState(State::Failed);
        }
        Q_EMIT openFailed(requested, m_error);
    }
}

void WorkspaceSession::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

} // namespace lk
