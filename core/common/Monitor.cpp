#include "core/common/Monitor.h"

#include "core/common/Error.h"

#include <QLoggingCategory>
#include <QTimer>

#include <algorithm>

namespace lk {

// ---------------------------------------------------------------------------------------------
// The worker, on the monitor's thread.

MonitorWorker::MonitorWorker(const QLoggingCategory &category, const QString &subject)
    : m_category(category)
    , m_subject(subject)
{ }

MonitorWorker::~MonitorWorker() = default;

void MonitorWorker::refresh(bool force)
{
    if (!m_hasSource)
        return;
    // After a failure the UI still shows it: the first poll that works hands a snapshot over.
    m_force = force || m_failing;
    try {
        poll(m_force);
        m_failing = false;
        m_lastError.clear();
    } catch (const Error &e) {
        report(e.message());
    } catch (const std::exception &e) {
        report(QString::fromLocal8Bit(e.what()));
    }
    m_force = false;
}

void MonitorWorker::report(const QString &message)
{
    try {
        reset(); // the next poll reconnects (the file may have been locked or replaced)
    } catch (const std::exception &) {
        // Dropping a broken connection cannot fail in a way the next poll would not report.
    }
    const bool first = !m_failing;
    m_failing = true;
    m_fingerprint.clear();
    // The log hears of each new reason; the UI once per failure (again after a recovery).
    if (message != m_lastError)
        qCWarning(m_category).noquote() << QStringLiteral("cannot read %1:").arg(m_subject) << message;
    m_lastError = message;
    if (!first || m_stopping.load())
        return;
    Monitor *monitor = m_monitor;
    QMetaObject::invokeMethod(
        monitor,
        [monitor, message] {
            if (!monitor->m_stopped)
                Q_EMIT monitor->failed(message);
        },
        Qt::QueuedConnection);
}

void MonitorWorker::send(std::any snapshot)
{
    if (m_stopping.load())
        return;
    Monitor *monitor = m_monitor;
    bool wasEmpty = false;
    {
        const std::lock_guard<std::mutex> lock(monitor->m_mailMutex);
        wasEmpty = !monitor->m_mail.has_value();
        monitor->m_mail = std::move(snapshot); // replaces one the UI has not taken yet
    }
    // One delivery in flight at a time: it takes whatever is newest when it runs.
    if (wasEmpty)
        QMetaObject::invokeMethod(monitor, [monitor] { monitor->takeDelivery(); }, Qt::QueuedConnection);
}

void MonitorWorker::setSource(bool open)
{
    m_hasSource = open;
    m_fingerprint.clear();
    m_lastError.clear();
    m_failing = false;
    updateTimer();
}

void MonitorWorker::schedule(int intervalMs, bool pollNow)
{
    if (!m_timer) {
        m_timer = new QTimer(this);
        connect(m_timer, &QTimer::timeout, this, [this] { refresh(false); });
    }
    m_interval = intervalMs;
    updateTimer();
    if (pollNow)
        refresh(true);
}

void MonitorWorker::updateTimer()
{
    if (!m_timer)
        return;
    if (!m_hasSource || m_interval <= 0) {
        m_timer->stop();
        return;
    }
    if (m_timer->interval() != m_interval || !m_timer->isActive())
        m_timer->start(m_interval);
}

// ---------------------------------------------------------------------------------------------
// The monitor, on the thread that owns it (the UI thread).

Monitor::Monitor(MonitorWorker *worker, const QString &threadName, QObject *parent)
    : QObject(parent)
    , m_worker(worker)
{
    m_worker->m_monitor = this;
    m_thread.setObjectName(threadName);
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start();
    reschedule(false);
}

Monitor::~Monitor()
{
    stop();
}

void Monitor::stop()
{
    if (m_stopped)
        return;
    m_stopped = true;
    m_worker->m_stopping = true;
    m_thread.quit();
    m_thread.wait(); // the worker is deleted as its thread finishes
    m_worker = nullptr;
    const std::lock_guard<std::mutex> lock(m_mailMutex);
    m_mail.reset();
}

void Monitor::takeDelivery()
{
    std::any snapshot;
    {
        const std::lock_guard<std::mutex> lock(m_mailMutex);
        snapshot.swap(m_mail);
    }
    if (!m_stopped && snapshot.has_value())
        deliver(snapshot);
}

void Monitor::setInterval(int milliseconds)
{
    m_interval = std::max(kMinimumIntervalMs, milliseconds);
    reschedule(false);
}

void Monitor::setWhenUnwatched(WhenUnwatched mode)
{
    m_whenUnwatched = mode;
    reschedule(false);
}

void Monitor::subscribe(QObject *subscriber, bool visible)
{
    if (!subscriber)
        return;
    if (!m_subscribers.contains(subscriber))
        connect(subscriber, &QObject::destroyed, this, [this, subscriber] { unsubscribe(subscriber); });
    setVisible(subscriber, visible);
}

void Monitor::unsubscribe(QObject *subscriber)
{
    if (!m_subscribers.contains(subscriber))
        return;
    const bool watched = isWatched();
    m_subscribers.remove(subscriber);
    disconnect(subscriber, &QObject::destroyed, this, nullptr);
    if (watched != isWatched())
        reschedule(false);
}

void Monitor::setVisible(QObject *subscriber, bool visible)
{
    if (!subscriber)
        return;
    const bool watched = isWatched();
    m_subscribers.insert(subscriber, visible);
    if (watched != isWatched())
        reschedule(isWatched()); // came into view: a fresh snapshot at once
}

bool Monitor::isWatched() const
{
    return std::any_of(m_subscribers.cbegin(), m_subscribers.cend(), [](bool visible) { return visible; });
}

int Monitor::pollInterval() const
{
    if (isWatched())
        return m_interval;
    return m_whenUnwatched == WhenUnwatched::Pause ? 0 : m_interval * kSlowDown;
}

void Monitor::refreshNow()
{
    if (m_stopped)
        return;
    QMetaObject::invokeMethod(m_worker, [w = m_worker] { w->refresh(true); });
}

void Monitor::reschedule(bool pollNow)
{
    if (m_stopped)
        return;
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, ms = pollInterval(), pollNow] { w->schedule(ms, pollNow); });
}

} // namespace lk
