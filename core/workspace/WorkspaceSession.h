#pragma once

#include "core/workspace/Workspace.h"

#include <QFutureWatcher>
#include <QObject>

#include <optional>

namespace lk {

/// The workspace a long-lived process (the console) has open. Opening, creating and
/// migrating run on a worker thread; the result arrives by signal on the owner's thread.
class WorkspaceSession : public QObject
{
    Q_OBJECT
public:
    enum class State { Closed, Opening, Ready, Failed };
    Q_ENUM(State)

    explicit WorkspaceSession(QObject *parent = nullptr);
    ~WorkspaceSession() override;

    /// Starts opening `root` in the background; a newer request supersedes one in flight.
    void open(const QString &root, Workspace::OpenMode mode = Workspace::OpenMode::CreateIfMissing);

    State state() const { return m_state; }
    /// The folder being opened or open.
    QString root() const { return m_root; }
    /// The open workspace, when state() is Ready.
    const std::optional<Workspace> &workspace() const { return m_workspace; }
    /// Its description as read when it was opened.
    const WorkspaceInfo &info() const { return m_info; }
    /// Why the last open failed (kept until the next open; the previous workspace, if any,
    /// stays open after a failed switch).
    QString errorMessage() const { return m_error; }

Q_SIGNALS:
    void stateChanged(lk::WorkspaceSession::State state);
    void opened(const lk::WorkspaceInfo &info);
    void openFailed(const QString &root, const QString &message);

private:
    struct Outcome
    {
        std::optional<Workspace> workspace;
        WorkspaceInfo info;
        QString error;
    };
    void finish(int generation, const Outcome &outcome);
    void setState(State state);

    State m_state = State::Closed;
    QString m_root;
    std::optional<Workspace> m_workspace;
    WorkspaceInfo m_info;
    QString m_error;
    int m_generation = 0;
    QFutureWatcher<Outcome> *m_watcher = nullptr;
};

} // namespace lk
