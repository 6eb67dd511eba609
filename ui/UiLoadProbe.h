#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

namespace lk::ui {

/// Measures how busy the UI thread is and how late its event loop answers (docs/console.md,
/// "Measured"): a 10 ms timer posts zero-interval timers and records how long each waits to
/// run, and the thread's CPU time is read against the wall clock. Create it on the UI thread.
class UiLoadProbe : public QObject
{
    Q_OBJECT
public:
    explicit UiLoadProbe(QObject *parent = nullptr);

    /// Starts a new measurement period.
    void reset();
    /// The worst lag since reset(), in milliseconds.
    double worstLagMs() const { return double(m_worstNs) / 1e6; }
    /// The UI thread's CPU time over the wall time since reset(), in percent.
    double busyPercent() const;
    /// The CPU time of the calling thread, in seconds.
    static double threadCpuSeconds();

private:
    QTimer m_tick;
    QElapsedTimer m_clock;
    QElapsedTimer m_period;
    qint64 m_lastTick = 0;
    qint64 m_worstNs = 0;
    double m_cpuAtReset = 0;
};

} // namespace lk::ui
