#pragma once

// One pattern for everything the console watches (docs/console.md, "Reading off the UI
// thread"): a Monitor lives on the UI thread and owns a thread on which its MonitorWorker reads
// the source (a workspace's database, files) on a timer. What the worker reads reaches the UI as
// snapshots:
//
// - coalesced: a snapshot the UI has not taken yet is replaced by a newer one, so a busy UI
//   thread is handed only the newest (which may so overtake an answer the worker signalled
//   before reading it; a snapshot that follows an answer was always read after it);
// - deduplicated: a snapshot whose fingerprint equals the last one handed over is dropped,
//   unless the read was forced (refreshNow(), a subscriber coming into view, a recovery);
// - a failure is reported once, not at every tick, and again only after a recovery (the log
//   also hears when its reason changes);
// - paced by who watches: subscribers (panels) say whether they are on screen; while none is,
//   the worker polls kSlowDown times less often (or not at all), and when one comes into view it
//   reads and hands over a fresh snapshot at once.
//
// Destroying the Monitor stops the thread: no poll runs and nothing is delivered afterwards.
// Qt Core only.

#include <QByteArray>
#include <QHash>
#include <QObject>
#include <QString>
#include <QThread>

#include <any>
#include <atomic>
#include <memory>
#include <mutex>

class QLoggingCategory;
class QTimer;

namespace lk {

class Monitor;

/// The part of a monitor that lives on its thread: subclasses implement poll() and call
/// offer() with what they read. Every member runs on the monitor's thread.
class MonitorWorker : public QObject
{
    Q_OBJECT
public:
    /// `subject` names what is read in the log ("cannot read <subject>: …"), in `category`.
    MonitorWorker(const QLoggingCategory &category, const QString &subject);
    ~MonitorWorker() override;

    /// Polls now: reads through poll() and reports a failure (once). `force` hands a snapshot
    /// over even if nothing changed. After a failure the next poll is forced, so that the UI
    /// hears of the recovery.
    void refresh(bool force);

protected:
    /// Reads the source and hands what it read to offer() (or publish()); throws lk::Error (or
    /// another std::exception) when it cannot. `force`: read everything, even what a cheap
    /// check says is unchanged.
    virtual void poll(bool force) = 0;
    /// A poll failed: drop what may be broken (a connection, cached reads) so that the next
    /// poll starts over.
    virtual void reset() {}

    /// Hands `snapshot` to the UI unless `fingerprint` equals the last one handed over and the
    /// poll is not forced. An empty fingerprint always hands it over.
    template<typename T>
    void offer(T snapshot, const QByteArray &fingerprint)
    {
        if (!m_force && !fingerprint.isEmpty() && fingerprint == m_fingerprint)
            return;
        m_fingerprint = fingerprint;
        send(std::any(std::move(snapshot)));
    }
    /// Hands `snapshot` over whatever it shows (the empty snapshot of "nothing open").
    template<typename T>
    void publish(T snapshot)
    {
        m_fingerprint.clear();
        send(std::any(std::move(snapshot)));
    }

    /// Whether there is a source to read (a workspace is open); without one the timer stops and
    /// refresh() does nothing. Also forgets the last fingerprint and failure: a new source.
    void setSource(bool open);
    bool hasSource() const { return m_hasSource; }
    /// The monitor is being destroyed: a long poll may stop early (what it offers is dropped).
    bool isStopping() const { return m_stopping.load(); }
    /// Reading failed outside poll() (in an operator's action that reads first): reset() and
    /// report it as a failed poll would be.
    void report(const QString &message);

private:
    friend class Monitor;
    void send(std::any snapshot);
    void schedule(int intervalMs, bool pollNow);
    void updateTimer();

    const QLoggingCategory &m_category;
    QString m_subject;
    Monitor *m_monitor = nullptr; ///< the front, on the UI thread; outlives this thread's work
    QTimer *m_timer = nullptr;
    int m_interval = 0; ///< 0: no polling
    bool m_hasSource = false;
    bool m_force = false; ///< the poll running now is forced
    bool m_failing = false;
    QByteArray m_fingerprint;
    QString m_lastError;
    std::atomic<bool> m_stopping{false};
};

/// The UI-thread side of a monitor: owns the worker's thread and its pace, and hands the
/// subclass each snapshot through deliver(), on the thread that owns the monitor.
class Monitor : public QObject
{
    Q_OBJECT
public:
    /// What the worker does while no subscriber is visible.
    enum class WhenUnwatched {
        SlowDown, ///< polls kSlowDown times less often (the panel list's live states stay current)
        Pause, ///< does not poll at all
    };
    static constexpr int kSlowDown = 5;
    static constexpr int kMinimumIntervalMs = 50;

    /// Stops the worker's thread (see stop()).
    ~Monitor() override;

    /// How often the worker polls while a subscriber is visible.
    void setInterval(int milliseconds);
    int interval() const { return m_interval; }
    void setWhenUnwatched(WhenUnwatched mode);
    WhenUnwatched whenUnwatched() const { return m_whenUnwatched; }

    /// Adds `subscriber` (a panel), on screen or not; it is dropped when it is destroyed.
    void subscribe(QObject *subscriber, bool visible);
    void unsubscribe(QObject *subscriber);
    /// The subscriber came into view (true) or left it. When the first one comes into view, the
    /// worker polls at once (forced) and then at the full rate.
    void setVisible(QObject *subscriber, bool visible);
    /// A subscriber is visible.
    bool isWatched() const;
    /// How often the worker polls now, in milliseconds; 0 when it does not.
    int pollInterval() const;

    /// Reads everything again now and hands the snapshot over even if nothing changed.
    void refreshNow();

Q_SIGNALS:
    /// Reading failed: said once per failure (polls that go on failing say nothing), and again
    /// only after a poll worked.
    void failed(const QString &message);

protected:
    /// Starts a thread named `threadName` for `worker` (which the thread owns from now on).
    Monitor(MonitorWorker *worker, const QString &threadName, QObject *parent);
    /// The worker; post calls to it (QMetaObject::invokeMethod), never call it from here.
    MonitorWorker *worker() const { return m_worker; }
    /// Hands the newest snapshot to the subclass on the monitor's thread; `snapshot` holds the
    /// type the worker offered.
    virtual void deliver(const std::any &snapshot) = 0;
    /// Stops polling, ends the thread and deletes the worker; waits for a poll that runs. Nothing
    /// is delivered afterwards. Subclasses that must finish work of their own first call it from
    /// their destructor; it runs once.
    void stop();

private:
    friend class MonitorWorker;
    void takeDelivery();
    void reschedule(bool pollNow);

    QThread m_thread;
    MonitorWorker *m_worker = nullptr;
    int m_interval = 1000;
    WhenUnwatched m_whenUnwatched = WhenUnwatched::SlowDown;
    QHash<QObject *, bool> m_subscribers; ///< subscriber → visible
    bool m_stopped = false;

    // The snapshot offered and not yet taken: written by the worker, taken on this thread.
    std::mutex m_mailMutex;
    std::any m_mail;
};

} // namespace lk
