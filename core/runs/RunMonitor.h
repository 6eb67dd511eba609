#pragma once

#include "core/common/Monitor.h"
#include "core/runs/RunStore.h"
#include "core/workspace/Workspace.h"

#include <QObject>
#include <QStringList>
#include <QVector>

#include <optional>

namespace lk::runs {

class RunMonitorWorker;

/// Watches the workspace's training runs for the UI: the run list, and new metrics of the
/// runs being looked at, whichever process trains them (the console or loopkeeper-cli). A
/// monitor (core/common/Monitor.h): all database reads happen on the monitor's own thread with
/// its own connection, so the UI thread never touches SQLite. It looks every 250 ms while its
/// panel is shown (setInterval()), and slower while it is not.
///
/// The run list is the monitor's snapshot (a newer list replaces one the UI has not taken);
/// metrics are a stream of additions, each delivered in order.
class RunMonitor : public Monitor
{
    Q_OBJECT
public:
    explicit RunMonitor(QObject *parent = nullptr);
    ~RunMonitor() override;

    /// Starts watching this workspace (or nothing); forgets what was watched before.
    void setWorkspace(const std::optional<Workspace> &workspace);
    /// The runs whose metrics to follow; a newly added run is sent from its beginning.
    void setWatchedRuns(const QStringList &runIds);

Q_SIGNALS:
    /// The run list, newest first, whenever any run changed (and when read again on request).
    void runsChanged(const QVector<lk::runs::RunSummary> &runs);
    /// New metrics of a watched run. With `reset`, drop what was received before: the first
    /// message after a run is (re)watched carries its whole history, and a run resumed from a
    /// checkpoint had its later metrics recomputed.
    void metricsAppended(const QString &runId, const QVector<lk::training::StepRecord> &steps,
        const QVector<lk::training::EpochRecord> &epochs, bool reset);

protected:
    void deliver(const std::any &snapshot) override;

private:
    RunMonitorWorker *m_worker = nullptr;
};

/// The part of RunMonitor that lives on its thread.
class RunMonitorWorker : public MonitorWorker
{
    Q_OBJECT
public:
    RunMonitorWorker();
    ~RunMonitorWorker() override;

    void setWorkspace(const std::optional<Workspace> &workspace);
    void setWatchedRuns(const QStringList &runIds);

Q_SIGNALS:
    void metricsAppended(const QString &runId, const QVector<lk::training::StepRecord> &steps,
        const QVector<lk::training::EpochRecord> &epochs, bool reset);

protected:
    /// Reads the run list and the new metrics of the watched runs; `force` hands the list over
    /// even if it did not change.
    void poll(bool force) override;
    void reset() override;

private:
    struct Cursor
    {
        qint64 lastStep = 0;
        int lastEpoch = -1;
        qint64 knownStepsDone = 0;
    };
    struct Private;
    Private *d;
};

} // namespace lk::runs

Q_DECLARE_METATYPE(lk::runs::RunSummary)
Q_DECLARE_METATYPE(lk::training::StepRecord)
Q_DECLARE_METATYPE(lk::training::EpochRecord)
