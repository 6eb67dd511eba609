// The console's one monitor pattern (core/common/Monitor.h), on a real workspace: a probe
// monitor reads a table of the workspace's SQLite database on its own thread and connection,
// while the test writes that table through another connection. It checks that snapshots are
// coalesced for a busy UI thread, that unchanged ones are not handed over again, that a failure
// is reported once and again after a recovery, that an unwatched monitor slows down or pauses
// and reads at once when a subscriber comes into view, and that destroying a monitor while it
// polls leaves no thread and delivers nothing.

#include "core/common/Monitor.h"
#include "core/logging/Logging.h"
#include "core/storage/Database.h"
#include "core/workspace/Workspace.h"

#include <QDeadlineTimer>
#include <QSemaphore>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimer>

#include <atomic>
#include <memory>
#include <optional>

namespace {

/// What the probe monitor reads: the rows of the table `probe` and the sum of their values.
struct ProbeSnapshot
{
    bool hasWorkspace = false;
    qint64 rows = 0;
    qint64 sum = 0;
};

/// Shared by the test and the probe's worker (which lives on the monitor's thread).
struct ProbeState
{
    std::atomic<int> polls{0}; ///< polls that ended, failed or not
    std::atomic<qint64> lastRows{-1}; ///< what the newest poll read
    std::atomic<bool> block{false}; ///< the next poll waits, after reading, until the monitor stops
    std::atomic<bool> blockedPollReturned{false};
    std::atomic<bool> workerDestroyed{false};
    QSemaphore polled; ///< released as each poll ends
    QSemaphore entered; ///< released when a blocked poll starts waiting
};

class ProbeWorker : public lk::MonitorWorker
{
public:
    explicit ProbeWorker(std::shared_ptr<ProbeState> state)
        : MonitorWorker(lcApp(), QStringLiteral("the probe table"))
        , m_state(std::move(state))
    { }
    ~ProbeWorker() override { m_state->workerDestroyed = true; }

    void setWorkspace(const std::optional<lk::Workspace> &workspace)
    {
        m_db.reset();
        m_workspace = workspace;
        setSource(workspace.has_value());
        publish(ProbeSnapshot());
        refresh(true);
    }

protected:
    void poll(bool) override
    {
        // Counted however the poll ends, so that the test can wait for polls that fail.
        struct Ended
        {
            ProbeState &state;
            ~Ended()
            {
                ++state.polls;
                state.polled.release();
            }
        } ended{*m_state};
        if (!m_db)
            m_db.emplace(m_workspace->connect());
        lk::storage::Statement q = m_db->prepare("SELECT count(*), coalesce(sum(v), 0) FROM probe");
        q.step();
        ProbeSnapshot s;
        s.hasWorkspace = true;
        s.rows = q.columnInt64(0);
        s.sum = q.columnInt64(1);
        m_state->lastRows = s.rows;
        if (m_state->block.exchange(false)) {
            m_state->entered.release();
            // A slow read: it goes on until the monitor is being destroyed (or the deadline).
            const QDeadlineTimer deadline(30000);
            while (!isStopping() && !deadline.hasExpired())
                QThread::msleep(5);
            offer(s, QByteArray("blocked")); // after the stop: must reach nobody
            m_state->blockedPollReturned = true;
            return;
        }
        offer(s, QByteArray::number(s.rows) + ' ' + QByteArray::number(s.sum));
    }
    void reset() override { m_db.reset(); }

private:
    std::shared_ptr<ProbeState> m_state;
    std::optional<lk::Workspace> m_workspace;
    std::optional<lk::storage::Database> m_db;
};

class ProbeMonitor : public lk::Monitor
{
    Q_OBJECT
public:
    explicit ProbeMonitor(std::shared_ptr<ProbeState> state, QObject *parent = nullptr)
        : Monitor(new ProbeWorker(std::move(state)), QStringLiteral("ProbeMonitor"), parent)
    { }
    ~ProbeMonitor() override { stop(); }

    void setWorkspace(const std::optional<lk::Workspace> &workspace)
    {
        auto *w = static_cast<ProbeWorker *>(worker());
        QMetaObject::invokeMethod(w, [w, workspace] { w->setWorkspace(workspace); });
    }

    /// The interval of the worker's timer as the worker's thread sees it; 0 when it is stopped.
    int workerTimer()
    {
        int ms = -1;
        QObject *w = worker();
        QMetaObject::invokeMethod(
            w,
            [w, &ms] {
                const QTimer *timer = w->findChild<QTimer *>();
                ms = timer && timer->isActive() ? timer->interval() : 0;
            },
            Qt::BlockingQueuedConnection);
        return ms;
    }

    int deliveries = 0;
    ProbeSnapshot last;

Q_SIGNALS:
    void snapshotChanged(qint64 rows, qint64 sum);

protected:
    void deliver(const std::any &snapshot) override
    {
        last = std::any_cast<const ProbeSnapshot &>(snapshot);
        ++deliveries;
        Q_EMIT snapshotChanged(last.rows, last.sum);
    }
};

/// Waits (without handling events) until the worker has ended `count` more polls.
bool waitForPolls(ProbeState &state, int count)
{
    const QDeadlineTimer deadline(20000);
    for (int i = 0; i < count; ++i) {
        if (!state.polled.tryAcquire(1, int(std::max<qint64>(1, deadline.remainingTime()))))
            return false;
    }
    return true;
}

/// Hands over whatever the worker has posted to this thread so far.
void handleEvents()
{
    QCoreApplication::sendPostedEvents();
    QCoreApplication::processEvents();
}

} // namespace

class TestMonitor : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    std::optional<lk::Workspace> m_ws;
    std::optional<lk::storage::Database> m_db; ///< the test's own connection: "another process"

    void insert(qint64 v)
    {
        lk::storage::Statement q = m_db->prepare("INSERT INTO probe(v) VALUES (?)");
        q.bind(1, v);
        q.run();
    }

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_tmp.isValid());
        m_ws = lk::Workspace::open(m_tmp.filePath(QStringLiteral("ws-%1").arg(QString::fromLatin1(QTest::currentTestFunction()))));
        m_db.emplace(m_ws->connect());
        m_db->exec("CREATE TABLE probe (v INTEGER NOT NULL)");
    }

    void cleanup()
    {
        m_db.reset();
        m_ws.reset();
    }

    void handsOverChangesAndSkipsUnchangedSnapshots()
    {
        auto state = std::make_shared<ProbeState>();
        ProbeMonitor monitor(state);
        QObject panel;
        monitor.subscribe(&panel, true);
        monitor.setInterval(50);
        QSignalSpy snapshots(&monitor, &ProbeMonitor::snapshotChanged);
        monitor.setWorkspace(m_ws);
        QTRY_VERIFY_WITH_TIMEOUT(monitor.last.hasWorkspace, 20000);
        QCOMPARE(monitor.last.rows, 0);
        const int delivered = monitor.deliveries;

        // Three more polls read the same table: nothing new is handed over.
        state->polled.acquire(state->polled.available());
        QVERIFY(waitForPolls(*state, 3));
        handleEvents();
        QCOMPARE(monitor.deliveries, delivered);

        insert(7);
        QTRY_COMPARE_WITH_TIMEOUT(monitor.last.rows, 1, 20000);
        QCOMPARE(monitor.last.sum, 7);
        QCOMPARE(monitor.deliveries, delivered + 1);

        // Asked to read again, it hands the snapshot over although nothing changed.
        snapshots.clear();
        monitor.refreshNow();
        QVERIFY(snapshots.wait(20000));
        QCOMPARE(snapshots.takeFirst(), (QList<QVariant>{qint64(1), qint64(7)}));
    }

    void aBusyUiThreadIsHandedOnlyTheNewestSnapshot()
    {
        auto state = std::make_shared<ProbeState>();
        ProbeMonitor monitor(state);
        QObject panel;
        monitor.subscribe(&panel, true);
        monitor.setInterval(50);
        monitor.setWorkspace(m_ws);
        QTRY_VERIFY_WITH_TIMEOUT(monitor.last.hasWorkspace, 20000);
        const int delivered = monitor.deliveries;

        // The UI thread handles no event while the worker reads five different tables in turn.
        for (int i = 1; i <= 5; ++i) {
            insert(i);
            const QDeadlineTimer deadline(20000);
            while (state->lastRows.load() != i && !deadline.hasExpired())
                state->polled.tryAcquire(1, 100);
            QCOMPARE(state->lastRows.load(), qint64(i));
        }
        QCOMPARE(monitor.deliveries, delivered); // nothing handled yet
        handleEvents();
        QCOMPARE(monitor.deliveries, delivered + 1); // one snapshot, not five
        QCOMPARE(monitor.last.rows, 5);
        QCOMPARE(monitor.last.sum, 15);
    }

    void reportsAFailureOnceAndAgainAfterARecovery()
    {
        auto state = std::make_shared<ProbeState>();
        ProbeMonitor monitor(state);
        QObject panel;
        monitor.subscribe(&panel, true);
        monitor.setInterval(50);
        QSignalSpy failures(&monitor, &lk::Monitor::failed);
        monitor.setWorkspace(m_ws);
        QTRY_VERIFY_WITH_TIMEOUT(monitor.last.hasWorkspace, 20000);
        const int delivered = monitor.deliveries;

        m_db->exec("DROP TABLE probe");
        QVERIFY(failures.wait(20000));
        const QString message = failures.first().first().toString();
        QVERIFY2(message.contains(QStringLiteral("no such table: probe")), qPrintable(message));
        // Polls go on failing (SQLite words it differently once the statement is prepared anew):
        // said once.
        state->polled.acquire(state->polled.available());
        QVERIFY(waitForPolls(*state, 3));
        handleEvents();
        QCOMPARE(failures.size(), 1);
        QCOMPARE(monitor.deliveries, delivered);

        // Recovered: the snapshot (the same as before the failure) is handed over, so that the
        // UI can stop showing the failure.
        m_db->exec("CREATE TABLE probe (v INTEGER NOT NULL)");
        QTRY_COMPARE_WITH_TIMEOUT(monitor.deliveries, delivered + 1, 20000);
        QCOMPARE(monitor.last.rows, 0);
        QCOMPARE(failures.size(), 1);

        // Failing again after the recovery is said again.
        m_db->exec("DROP TABLE probe");
        QTRY_COMPARE_WITH_TIMEOUT(failures.size(), 2, 20000);
        QVERIFY(failures.at(1).first().toString().contains(QStringLiteral("no such table: probe")));
    }

    void pausesWhileUnwatchedAndReadsAtOnceWhenWatched()
    {
        auto state = std::make_shared<ProbeState>();
        ProbeMonitor monitor(state);
        monitor.setWhenUnwatched(lk::Monitor::WhenUnwatched::Pause);
        monitor.setInterval(50);
        QObject panel;
        monitor.subscribe(&panel, false);
        QVERIFY(!monitor.isWatched());
        QCOMPARE(monitor.pollInterval(), 0);
        monitor.setWorkspace(m_ws); // reads once, as opening a workspace does
        QTRY_VERIFY_WITH_TIMEOUT(monitor.last.hasWorkspace, 20000);
        QCOMPARE(monitor.workerTimer(), 0);
        const int polls = state->polls.load();

        // A watched monitor on the same table polls ten times meanwhile; the paused one not once.
        auto clockState = std::make_shared<ProbeState>();
        ProbeMonitor clock(clockState);
        QObject clockPanel;
        clock.subscribe(&clockPanel, true);
        clock.setInterval(50);
        clock.setWorkspace(m_ws);
        insert(3);
        QVERIFY(waitForPolls(*clockState, 10));
        QCOMPARE(state->polls.load(), polls);
        handleEvents();
        QCOMPARE(monitor.last.rows, 0);

        // Shown: it reads at once, not at its next tick (an hour away).
        monitor.setInterval(3600 * 1000);
        QSignalSpy snapshots(&monitor, &ProbeMonitor::snapshotChanged);
        monitor.setVisible(&panel, true);
        QVERIFY(monitor.isWatched());
        QCOMPARE(monitor.pollInterval(), 3600 * 1000);
        QVERIFY(snapshots.wait(20000));
        QCOMPARE(monitor.workerTimer(), 3600 * 1000);
        QCOMPARE(monitor.last.rows, 1);
        QCOMPARE(monitor.last.sum, 3);
    }

    void slowsDownWhileNoSubscriberIsVisible()
    {
        auto state = std::make_shared<ProbeState>();
        ProbeMonitor monitor(state);
        QCOMPARE(monitor.whenUnwatched(), lk::Monitor::WhenUnwatched::SlowDown);
        monitor.setInterval(200);
        monitor.setWorkspace(m_ws);
        QTRY_VERIFY_WITH_TIMEOUT(monitor.last.hasWorkspace, 20000);
        // Without subscribers nobody watches: the worker's timer fires kSlowDown times less often.
        QVERIFY(!monitor.isWatched());
        QCOMPARE(monitor.pollInterval(), 200 * lk::Monitor::kSlowDown);
        QCOMPARE(monitor.workerTimer(), 200 * lk::Monitor::kSlowDown);

        auto *rollout = new QObject;
        QObject drift;
        monitor.subscribe(rollout, false);
        monitor.subscribe(&drift, false);
        QCOMPARE(monitor.workerTimer(), 200 * lk::Monitor::kSlowDown);
        monitor.setVisible(rollout, true);
        QCOMPARE(monitor.pollInterval(), 200);
        QCOMPARE(monitor.workerTimer(), 200);
        // One of two panels on screen is enough; the other one coming and going changes nothing.
        monitor.setVisible(&drift, true);
        monitor.setVisible(&drift, false);
        QVERIFY(monitor.isWatched());
        QCOMPARE(monitor.workerTimer(), 200);
        // A subscriber that goes away no longer counts.
        delete rollout;
        QVERIFY(!monitor.isWatched());
        QCOMPARE(monitor.pollInterval(), 200 * lk::Monitor::kSlowDown);
        QCOMPARE(monitor.workerTimer(), 200 * lk::Monitor::kSlowDown);

        // Slow, but it does poll: a change shows up without anyone looking.
        monitor.setInterval(50);
        QCOMPARE(monitor.workerTimer(), 50 * lk::Monitor::kSlowDown);
        insert(4);
        QTRY_COMPARE_WITH_TIMEOUT(monitor.last.rows, 1, 20000);
    }

    void destroyedWhilePollingLeavesNoThreadAndDeliversNothing()
    {
        auto state = std::make_shared<ProbeState>();
        auto *monitor = new ProbeMonitor(state);
        QObject panel;
        monitor->subscribe(&panel, true);
        monitor->setInterval(3600 * 1000);
        int delivered = 0;
        QObject receiver;
        connect(monitor, &ProbeMonitor::snapshotChanged, &receiver, [&delivered] { ++delivered; });
        monitor->setWorkspace(m_ws);
        QTRY_COMPARE_WITH_TIMEOUT(delivered, 1, 20000);

        state->block = true;
        monitor->refreshNow();
        QVERIFY(state->entered.tryAcquire(1, 20000)); // the poll runs and waits
        delete monitor; // returns once the poll has ended and the thread is gone
        QVERIFY(state->blockedPollReturned.load());
        QVERIFY(state->workerDestroyed.load());
        handleEvents();
        QCOMPARE(delivered, 1); // the blocked poll's snapshot reached nobody
    }
};

QTEST_GUILESS_MAIN(TestMonitor)
#include "tst_monitor.moc"
