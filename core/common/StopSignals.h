#pragma once

// SIGINT and SIGTERM as an event-loop notification, for the processes that run until stopped
// (loopkeeper-cli serve, loopkeeper-cli replay, loopkeeper-node): they finish their work and
// exit cleanly instead of dying mid-write.
//
//     const lk::StopSignals stop;
//     QObject::connect(stop.notifier(), &QSocketNotifier::activated, &loop, &QEventLoop::quit);

#include <QSocketNotifier>

#include <csignal>
#include <memory>

namespace lk {

/// Turns SIGINT and SIGTERM into an activation of notifier() for as long as it lives, and
/// restores the previous handlers afterwards. One at a time per process; create it on the
/// thread whose event loop should hear the signal.
class StopSignals
{
public:
    /// Installs the handlers; throws lk::Error(Internal) if the signal pipe cannot be made, or
    /// if another StopSignals is alive.
    StopSignals();
    ~StopSignals();
    StopSignals(const StopSignals &) = delete;
    StopSignals &operator=(const StopSignals &) = delete;

    /// Activated (in the creating thread's event loop) when a signal arrives.
    QSocketNotifier *notifier() const { return m_notifier.get(); }
    /// The signal that arrived (SIGINT or SIGTERM), 0 if none yet.
    int received() const { return m_signal; }
    /// "SIGINT", "SIGTERM", or an empty string if none arrived.
    QString receivedName() const;

private:
    std::unique_ptr<QSocketNotifier> m_notifier;
    int m_signal = 0;
    struct sigaction m_previousInt = {};
    struct sigaction m_previousTerm = {};
};

} // namespace lk
