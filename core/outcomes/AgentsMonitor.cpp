#include "core/outcomes/AgentsMonitor.h"

#include "core/common/Error.h"
#include "core/logging/Logging.h"
#include "core/outcomes/OutcomeLearner.h"
#include "core/outcomes/OutcomeService.h"

#include <QJsonArray>
#include <QTimer>

#include <cmath>

namespace lk::outcomes {

namespace {
constexpr int kPollMs = 1000;
}

struct AgentsMonitorWorker::Private
{
    std::optional<Workspace> workspace;
    std::optional<storage::Database> db;
    std::optional<OutcomeLearner> learner;
    QTimer *timer = nullptr;
    bool active = true;
    qint64 lastSeq = -1;
    QString lastError;
};

AgentsMonitorWorker::AgentsMonitorWorker()
    : d(new Private)
{ }

AgentsMonitorWorker::~AgentsMonitorWorker()
{
    d->learner.reset(); // before the connection it uses
    delete d;
}

void AgentsMonitorWorker::setWorkspace(const std::optional<Workspace> &workspace)
{
    d->learner.reset();
    d->db.reset();
    d->workspace = workspace;
    d->lastSeq = -1;
    d->lastError.clear();
    if (!d->timer) {
        d->timer = new QTimer(this);
        d->timer->setInterval(d->active ? kPollMs : kPollMs * 5);
        connect(d->timer, &QTimer::timeout, this, &AgentsMonitorWorker::poll);
    }
    workspace ? d->timer->start() : d->timer->stop();
    Q_EMIT snapshotChanged({});
    poll();
}

void AgentsMonitorWorker::poll()
{
    if (!d->workspace)
        return;
    try {
        if (!d->db)
            d->db.emplace(d->workspace->connect());
        OutcomeStore store(*d->db);
        const qint64 seq = store.lastSeq();
        if (seq == d->lastSeq)
            return;
        if (!d->learner) {
            d->learner.emplace(*d->workspace, *d->db);
            d->learner->setRecordsLearningEvents(false); // the panel only reads
            d->learner->load();
        } else {
            d->learner->applyPending(true);
        }
        d->lastSeq = seq;
        const bandit::AgentPerformanceModel &model = d->learner->model();
        AgentsSnapshot s;
        for (const auto &a : model.agentPerformance())
            s.agents.append(a);
        s.taskTypes = model.taskTypes();
        for (const QString &task : std::as_const(s.taskTypes)) {
            QVector<bandit::AgentPerformance> list;
            for (const auto &a : model.taskPerformance(task))
                list.append(a);
            s.perTask.insert(task, list);
        }
        s.metrics = model.metrics();
        s.alerts = s.metrics.alerts();
        s.events = store.eventCount();
        for (const StoredEvent &e : store.recentEvents(AgentsSnapshot::kTrendEvents)) {
            if (std::isfinite(e.event.latencyMs))
                s.latencyTrend[e.event.agentName].append(QPointF(double(e.seq), e.event.latencyMs));
            if (std::isfinite(e.event.qualityScore))
                s.qualityTrend[e.event.agentName].append(QPointF(double(e.seq), e.event.qualityScore));
        }
        d->lastError.clear();
        Q_EMIT snapshotChanged(s);
    } catch (const Error &e) {
        d->learner.reset();
        d->db.reset();
        if (e.message() != d->lastError) {
            d->lastError = e.message();
            qCWarning(lcApp).noquote() << "cannot read agent outcomes:" << e.message();
            Q_EMIT failed(e.message());
        }
    }
}

void AgentsMonitorWorker::setActive(bool active)
{
    d->active = active;
    if (!d->timer)
        return;
    d->timer->setInterval(active ? kPollMs : kPollMs * 5);
    if (active && d->workspace)
        poll();
}

void AgentsMonitorWorker::recommend(const QString &taskType, const QJsonObject &context, int topK)
{
    if (!d->learner)
        poll();
    if (!d->learner) {
        Q_EMIT recommended(QJsonObject{{QStringLiteral("recommendations"), QJsonArray()}});
        return;
    }
    Q_EMIT recommended(recommendationJson(d->learner->model(), taskType, context, topK));
}

AgentsMonitor::AgentsMonitor(QObject *parent)
    : QObject(parent)
    , m_worker(new AgentsMonitorWorker)
{
    qRegisterMetaType<lk::outcomes::AgentsSnapshot>();
    m_thread.setObjectName(QStringLiteral("AgentsMonitor"));
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &AgentsMonitorWorker::snapshotChanged, this, &AgentsMonitor::snapshotChanged);
    connect(m_worker, &AgentsMonitorWorker::recommended, this, &AgentsMonitor::recommended);
    connect(m_worker, &AgentsMonitorWorker::failed, this, &AgentsMonitor::failed);
    m_thread.start();
}

AgentsMonitor::~AgentsMonitor()
{
    m_thread.quit();
    m_thread.wait();
}

void AgentsMonitor::setWorkspace(const std::optional<Workspace> &workspace)
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker, workspace] { w->setWorkspace(workspace); });
}

void AgentsMonitor::setActive(bool active)
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker, active] { w->setActive(active); });
}

void AgentsMonitor::recommend(const QString &taskType, const QJsonObject &context, int topK)
{
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, taskType, context, topK] { w->recommend(taskType, context, topK); });
}

} // namespace lk::outcomes
