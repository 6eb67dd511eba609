#include "core/outcomes/AgentsMonitor.h"

#include "core/common/Error.h"
#include "core/logging/Logging.h"
#include "core/outcomes/OutcomeLearner.h"
#include "core/outcomes/OutcomeService.h"

#include <QJsonArray>

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
    qint64 lastSeq = -1;
};

AgentsMonitorWorker::AgentsMonitorWorker()
    : MonitorWorker(lcApp(), QStringLiteral("agent outcomes"))
    , d(new Private)
{ }

AgentsMonitorWorker::~AgentsMonitorWorker()
{
    d->learner.reset(); // before the connection it uses
    delete d;
}

void AgentsMonitorWorker::setWorkspace(const std::optional<Workspace> &workspace)
{
    reset();
    d->workspace = workspace;
    setSource(workspace.has_value());
    publish(AgentsSnapshot());
    refresh(true);
}

void AgentsMonitorWorker::reset()
{
    d->learner.reset();
    d->db.reset();
    d->lastSeq = -1;
}

void AgentsMonitorWorker::poll(bool force)
{
    if (!d->db)
        d->db.emplace(d->workspace->connect());
    OutcomeStore store(*d->db);
    const qint64 seq = store.lastSeq();
    if (seq == d->lastSeq && !force)
        return;
    if (!d->learner) {
        d->learner.emplace(*d->workspace, *d->db);
        d->learner->setRecordsLearningEvents(false); // the panel only reads
        d->learner->load();
    } else if (seq != d->lastSeq) {
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
    // The last event stored says whether anything changed: no fingerprint of the model needed.
    offer(std::move(s), QByteArray::number(seq));
}

void AgentsMonitorWorker::recommend(const QString &taskType, const QJsonObject &context, int topK)
{
    if (!d->learner)
        refresh(false);
    if (!d->learner) {
        Q_EMIT recommended(QJsonObject{{QStringLiteral("recommendations"), QJsonArray()}});
        return;
    }
    Q_EMIT recommended(recommendationJson(d->learner->model(), taskType, context, topK));
}

AgentsMonitor::AgentsMonitor(QObject *parent)
    : Monitor(new AgentsMonitorWorker, QStringLiteral("AgentsMonitor"), parent)
    , m_worker(static_cast<AgentsMonitorWorker *>(worker()))
{
    setInterval(kPollMs);
    connect(m_worker, &AgentsMonitorWorker::recommended, this, &AgentsMonitor::recommended);
}

AgentsMonitor::~AgentsMonitor()
{
    stop();
}

void AgentsMonitor::deliver(const std::any &snapshot)
{
    Q_EMIT snapshotChanged(std::any_cast<const AgentsSnapshot &>(snapshot));
}

void AgentsMonitor::setWorkspace(const std::optional<Workspace> &workspace)
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker, workspace] { w->setWorkspace(workspace); });
}

void AgentsMonitor::recommend(const QString &taskType, const QJsonObject &context, int topK)
{
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, taskType, context, topK] { w->recommend(taskType, context, topK); });
}

} // namespace lk::outcomes
