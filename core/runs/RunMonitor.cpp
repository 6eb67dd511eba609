#include "core/runs/RunMonitor.h"

#include "core/common/Error.h"
#include "core/logging/Logging.h"

#include <QHash>

namespace lk::runs {

namespace {
constexpr int kDefaultIntervalMs = 250;
constexpr int kMaxStepsPerPoll = 200000; // bounds one message; the rest follows next tick
} // namespace

struct RunMonitorWorker::Private
{
    std::optional<Workspace> workspace;
    std::optional<storage::Database> db;
    QStringList watched;
    QHash<QString, Cursor> cursors;
};

RunMonitorWorker::RunMonitorWorker()
    : MonitorWorker(lcTraining(), QStringLiteral("training runs"))
    , d(new Private)
{ }

RunMonitorWorker::~RunMonitorWorker()
{
    delete d;
}

void RunMonitorWorker::setWorkspace(const std::optional<Workspace> &workspace)
{
    d->db.reset();
    d->workspace = workspace;
    d->cursors.clear();
    setSource(workspace.has_value());
    publish(QVector<RunSummary>());
    refresh(false);
}

void RunMonitorWorker::setWatchedRuns(const QStringList &runIds)
{
    d->watched = runIds;
    for (auto it = d->cursors.begin(); it != d->cursors.end();) {
        if (runIds.contains(it.key()))
            ++it;
        else
            it = d->cursors.erase(it);
    }
    refresh(false);
}

void RunMonitorWorker::reset()
{
    d->db.reset();
}

void RunMonitorWorker::poll(bool)
{
    if (!d->db)
        d->db.emplace(d->workspace->connect());
    RunStore store(*d->db);
    const std::vector<RunSummary> runs = store.listRuns(1000);
    QVector<RunSummary> list(runs.begin(), runs.end());
    // What the list shows changes with a run's id, status or last update.
    QByteArray fingerprint = "runs";
    for (const RunSummary &r : list)
        fingerprint += r.runId.toUtf8() + ' ' + r.updatedAt.toUtf8() + ' ' + r.status.toUtf8() + '\n';
    offer(list, fingerprint);
    for (const QString &runId : std::as_const(d->watched)) {
        const auto summary =
            std::find_if(list.cbegin(), list.cend(), [&](const RunSummary &r) { return r.runId == runId; });
        if (summary == list.cend())
            continue;
        const bool fresh = !d->cursors.contains(runId);
        Cursor &cursor = d->cursors[runId];
        bool reset = fresh; // the first message for a run being watched carries its whole history
        // A resume rewinds a run to its checkpoint: start over rather than show a seam.
        if (summary->stepsDone < cursor.knownStepsDone || summary->epochsDone <= cursor.lastEpoch) {
            cursor = Cursor {};
            reset = true;
        }
        cursor.knownStepsDone = summary->stepsDone;
        const std::vector<training::StepRecord> steps = store.steps(runId, cursor.lastStep, kMaxStepsPerPoll);
        const std::vector<training::EpochRecord> epochs = store.epochs(runId, cursor.lastEpoch);
        if (steps.empty() && epochs.empty() && !reset)
            continue;
        if (!steps.empty())
            cursor.lastStep = steps.back().step;
        if (!epochs.empty())
            cursor.lastEpoch = epochs.back().epoch;
        Q_EMIT metricsAppended(runId, QVector<training::StepRecord>(steps.begin(), steps.end()),
            QVector<training::EpochRecord>(epochs.begin(), epochs.end()), reset);
    }
}

RunMonitor::RunMonitor(QObject *parent)
    : Monitor(new RunMonitorWorker, QStringLiteral("RunMonitor"), parent)
    , m_worker(static_cast<RunMonitorWorker *>(worker()))
{
    qRegisterMetaType<QVector<lk::training::StepRecord>>();
    qRegisterMetaType<QVector<lk::training::EpochRecord>>();
    setInterval(kDefaultIntervalMs);
    connect(m_worker, &RunMonitorWorker::metricsAppended, this, &RunMonitor::metricsAppended);
}

RunMonitor::~RunMonitor()
{
    stop();
}

void RunMonitor::deliver(const std::any &snapshot)
{
    Q_EMIT runsChanged(std::any_cast<const QVector<RunSummary> &>(snapshot));
}

void RunMonitor::setWorkspace(const std::optional<Workspace> &workspace)
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker, workspace] { w->setWorkspace(workspace); });
}

void RunMonitor::setWatchedRuns(const QStringList &runIds)
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker, runIds] { w->setWatchedRuns(runIds); });
}

} // namespace lk::runs
