#include "ui/UiLoadProbe.h"

#include <algorithm>
#include <ctime>

namespace lk::ui {

namespace {
constexpr int kTickMs = 10;
}

UiLoadProbe::UiLoadProbe(QObject *parent)
    : QObject(parent)
{
    m_tick.setTimerType(Qt::PreciseTimer);
    m_tick.setInterval(kTickMs);
    connect(&m_tick, &QTimer::timeout, this, [this] {
        const qint64 now = m_clock.nsecsElapsed();
        // The tick's own lateness, and how long a zero-interval timer posted now waits.
        if (m_lastTick > 0)
            m_worstNs = std::max(m_worstNs, now - m_lastTick - qint64(kTickMs) * 1'000'000);
        m_lastTick = now;
        QTimer::singleShot(0, this, [this, now] { m_worstNs = std::max(m_worstNs, m_clock.nsecsElapsed() - now); });
    });
    m_clock.start();
    reset();
    m_tick.start();
}

void UiLoadProbe::reset()
{
    m_worstNs = 0;
    m_lastTick = 0;
    m_cpuAtReset = threadCpuSeconds();
    m_period.start();
}

double UiLoadProbe::busyPercent() const
{
    const double wall = double(m_period.nsecsElapsed()) / 1e9;
    return wall > 0 ? (threadCpuSeconds() - m_cpuAtReset) / wall * 100.0 : 0;
}

double UiLoadProbe::threadCpuSeconds()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}

} // namespace lk::ui
