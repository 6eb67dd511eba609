#include "core/runs/RunMonitor.h"

#include "core/common/Error.h"
#include "core/logging/Logging.h"

#include <QHash>
#include <QTimer>

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
    QVector<RunSummary> lastRuns;
    QTimer *timer = nullptr;
    QString lastError;
};

RunMonitorWorker::RunMonitorWorker()
    : d(new Private)
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
    d->lastRuns.clear();
    d->lastError.clear();
    if (!d->timer) {
        d->timer = new QTimer(this);
        d->timer->setInterval(kDefaultIntervalMs);
        connect(d->timer, &QTimer::timeout, this, &RunMonitorWorker::poll);
    }
    if (workspace)
        d->timer->start();
    else
        d->timer->stop();
    Q_EMIT runsChanged({});
    poll();
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
    poll();
}

void RunMonitorWorker::setInterval(int milliseconds)
{
    if (d->timer)
        d->timer->setInterval(milliseconds);
}

void RunMonitorWorker::poll()
{
    if (!d->workspace)
        return;
    try {
        if (!d->db)
            d->db.emplace(d->workspace->connect());
        RunStore store(*d->db);
        const std::vector<RunSummary> runs = store.listRuns(1000);
        QVector<RunSummary> list(runs.begin(), runs.end());
        bool changed = list.size() != d->lastRuns.size();
        for (int i = 0; !changed && i < list.size(); ++i)
            changed = list[i].runId != d->lastRuns[i].runId || list[i].updatedAt != d->lastRuns[i].updatedAt
                || list[i].status != d->lastRuns[i].status;
        if (changed) {
            d->lastRuns = list;
            Q_EMIT runsChanged(list);
        }
        for (const QString &runId : std::as_const(d->watched)) {
            const auto summary = std::find_if(
                list.cbegin(), list.cend(), [&](const RunSummary &r) { return r.runId == runId; });
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
            const std::vector<training::StepRecord> steps =
                store.steps(runId, cursor.lastStep, kMaxStepsPerPoll);
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
        d->lastError.clear();
    } catch (const Error &e) {
        d->db.reset();
        if (e.message() != d->lastError) { // say it once, not four times a second
            d->lastError = e.message();
            qCWarning(lcTraining).noquote() << "cannot read training runs:" << e.message();
            Q_EMIT failed(e.message());
        }
    }
}

RunMonitor::RunMonitor(QObject *parent)
    : QObject(parent)
    , m_worker(new RunMonitorWorker)
{
    qRegisterMetaType<QVector<lk::runs::RunSummary>>();
    qRegisterMetaType<QVector<lk::training::StepRecord>>();
    qRegisterMetaType<QVector<lk::training::EpochRecord>>();
    m_thread.setObjectName(QStringLiteral("RunMonitor"));
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &RunMonitorWorker::runsChanged, this, &RunMonitor::runsChanged);
    connect(m_worker, &RunMonitorWorker::metricsAppended, this, &RunMonitor::metricsAppended);
    connect(m_worker, &RunMonitorWorker::failed, this, &RunMonitor::failed);
    m_thread.start();
}

RunMonitor::~RunMonitor()
{
    m_thread.quit();
    m_thread.wait();
}

void RunMonitor::setWorkspace(const std::optional<Workspace> &workspace)
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker, workspace] { w->setWorkspace(workspace); });
}

void RunMonitor::setWatchedRuns(const QStringList &runIds)
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker, runIds] { w->setWatchedRuns(runIds); });
}

void RunMonitor::setInterval(int milliseconds)
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker, milliseconds] { w->setInterval(milliseconds); });
}

void RunMonitor::refreshNow()
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker] { w->poll(); });
}

} // namespace lk::runs
