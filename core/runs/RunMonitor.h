#pragma once

#include "core/runs/RunStore.h"
#include "core/workspace/Workspace.h"

#include <QObject>
#include <QStringList>
#include <QThread>
#include <QVector>

#include <optional>

namespace lk::runs {

class RunMonitorWorker;

/// Watches the workspace's training runs for the UI: the run list, and new metrics of the
/// runs being looked at, whichever process trains them (the console or loopkeeper-cli). All
/// database reads happen on the monitor's own thread with its own connection; results arrive
/// by queued signals, so the UI thread never touches SQLite.
class RunMonitor : public QObject
{
    Q_OBJECT
public:
    explicit RunMonitor(QObject *parent = nullptr);
    ~RunMonitor() override;

    /// Starts watching this workspace (or nothing); forgets what was watched before.
    void setWorkspace(const std::optional<Workspace> &workspace);
    /// The runs whose metrics to follow; a newly added run is sent from its beginning.
    void setWatchedRuns(const QStringList &runIds);
    /// How often to look (default 250 ms).
    void setInterval(int milliseconds);
    /// Looks now instead of at the next tick.
    void refreshNow();

Q_SIGNALS:
    /// The run list, newest first, whenever any run changed.
    void runsChanged(const QVector<lk::runs::RunSummary> &runs);
    /// New metrics of a watched run. With `reset`, drop what was received before: the first
    /// message after a run is (re)watched carries its whole history, and a run resumed from a
    /// checkpoint had its later metrics recomputed.
    void metricsAppended(const QString &runId, const QVector<lk::training::StepRecord> &steps,
        const QVector<lk::training::EpochRecord> &epochs, bool reset);
    void failed(const QString &message);

private:
    QThread m_thread;
    RunMonitorWorker *m_worker = nullptr;
};

/// The part of RunMonitor that lives on its thread.
class RunMonitorWorker : public QObject
{
    Q_OBJECT
public:
    RunMonitorWorker();
    ~RunMonitorWorker() override;

    void setWorkspace(const std::optional<Workspace> &workspace);
    void setWatchedRuns(const QStringList &runIds);
    void setInterval(int milliseconds);
    void poll();

Q_SIGNALS:
    void runsChanged(const QVector<lk::runs::RunSummary> &runs);
    void metricsAppended(const QString &runId, const QVector<lk::training::StepRecord> &steps,
        const QVector<lk::training::EpochRecord> &epochs, bool reset);
    void failed(const QString &message);

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
