#include "core/common/StopSignals.h"

#include "core/common/Error.h"

#include <sys/socket.h>
#include <unistd.h>

namespace lk {

namespace {

int g_signalPipe[2] = {-1, -1};

extern "C" void onStopSignal(int signal)
{
    // Only async-signal-safe work here: the event loop reads the byte.
    const char byte = char(signal);
    [[maybe_unused]] const ssize_t written = ::write(g_signalPipe[1], &byte, 1);
}

} // namespace

StopSignals::StopSignals()
{
    if (g_signalPipe[0] != -1)
        throw Error(ErrorKind::Internal, QStringLiteral("Only one StopSignals may be alive at a time."));
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, g_signalPipe) != 0)
        throw Error(ErrorKind::Internal, QStringLiteral("Cannot create the signal pipe."));
    m_notifier = std::make_unique<QSocketNotifier>(g_signalPipe[0], QSocketNotifier::Read);
    QObject::connect(m_notifier.get(), &QSocketNotifier::activated, m_notifier.get(), [this] {
        char byte = 0;
        if (::read(g_signalPipe[0], &byte, 1) == 1)
            m_signal = int(byte);
    });
    struct sigaction action = {};
    action.sa_handler = onStopSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGINT, &action, &m_previousInt);
    sigaction(SIGTERM, &action, &m_previousTerm);
}

StopSignals::~StopSignals()
{
    sigaction(SIGINT, &m_previousInt, nullptr);
    sigaction(SIGTERM, &m_previousTerm, nullptr);
    m_notifier.reset();
    ::close(g_signalPipe[0]);
    ::close(g_signalPipe[1]);
    g_signalPipe[0] = g_signalPipe[1] = -1;
}

QString StopSignals::receivedName() const
{
    switch (m_signal) {
    case SIGINT:
        return QStringLiteral("SIGINT");
    case SIGTERM:
        return QStringLiteral("SIGTERM");
    default:
        return {};
    }
}

} // namespace lk
