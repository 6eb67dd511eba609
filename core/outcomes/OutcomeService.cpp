#include "core/outcomes/OutcomeService.h"

#include "core/common/Error.h"
#include "core/logging/Logging.h"

#include <QDateTime>

#include <QJsonDocument>
#include <QTimer>
#include <cmath>

namespace lk::outcomes {

QJsonArray performanceJson(const bandit::AgentPerformanceModel &model)
{
    QJsonArray out;
    for (const bandit::AgentPerformance &a : model.agentPerformance())
        out.append(a.toJson());
    return out;
}

QJsonObject recommendationJson(
    bandit::AgentPerformanceModel &model, const QString &taskType, const QJsonObject &context, int topK)
{
    QJsonArray ranked;
    for (const bandit::Recommendation &r : model.predictBestAgent(taskType, context, topK))
        ranked.append(QJsonObject{{QStringLiteral("agent_name"), r.agentName},
            {QStringLiteral("score"), r.score}, {QStringLiteral("rank"), r.rank},
            {QStringLiteral("level"), r.level}, {QStringLiteral("posterior_mean"), r.posteriorMean}});
    const double score = model.metrics().currentModelScore;
    return QJsonObject{{QStringLiteral("recommendations"), ranked},
        {QStringLiteral("model_score"), std::isfinite(score) ? QJsonValue(score) : QJsonValue()},
        {QStringLiteral("task_type"), taskType},
        {QStringLiteral("timestamp"), QDateTime::currentDateTimeUtc().toString(Qt::ISODate)}};
}

OutcomeService::OutcomeService(
    const Workspace &workspace, storage::Database &db, LearnerConfig config, QObject *parent)
    : QObject(parent)
    , m_workspace(workspace)
    , m_db(db)
    , m_store(db)
    , m_learner(workspace, db, std::move(config))
{ }

OutcomeService::~OutcomeService()
{
    if (m_running) {
        try {
            stop();
        } catch (const Error &e) {
            qCWarning(lcApp).noquote() << "could not save the agent model on shutdown:" << e.message();
        }
    }
}

void OutcomeService::start()
{
    m_learner.load();
    m_batchTimer = new QTimer(this);
    m_batchTimer->setInterval(1000); // looks for a timed-out partial batch once a second
    connect(m_batchTimer, &QTimer::timeout, this, [this] {
        if (m_tickWork) {
            try {
                m_tickWork(); // e.g. JSONL files dropped in inbox/
            } catch (const Error &e) {
                qCWarning(lcApp).noquote() << "inbox:" << e.message();
            }
        }
        applyDue(false);
        m_learner.flushLearningEvents();
    });
    m_batchTimer->start();
    m_saveTimer = new QTimer(this);
    m_saveTimer->setInterval(m_learner.config().autosaveSeconds * 1000);
    connect(m_saveTimer, &QTimer::timeout, this, [this] {
        try {
            m_learner.save();
        } catch (const Error &e) {
            qCWarning(lcApp).noquote() << "could not save the agent model:" << e.message();
        }
    });
    m_saveTimer->start();
    m_running = true;
}

void OutcomeService::stop()
{
    if (!m_running)
        return;
    m_running = false;
    if (m_batchTimer)
        m_batchTimer->stop();
    if (m_saveTimer)
        m_saveTimer->stop();
    m_learner.applyPending(true);
    m_learner.save();
}

void OutcomeService::applyDue(bool force)
{
    const bool timedOut = m_oldestPending.isValid()
        && m_oldestPending.elapsed() >= qint64(m_learner.config().batchTimeoutSeconds) * 1000;
    m_learner.applyPending(force || timedOut);
    if (m_learner.pending() == 0)
        m_oldestPending.invalidate();
    else if (!m_oldestPending.isValid() || timedOut)
        m_oldestPending.start();
}

IngestReport OutcomeService::ingest(QByteArrayView body)
{
    IngestReport report = m_store.ingest(m_reader.read(body)); // stored: acknowledged
    m_learner.remember(std::move(report.stored));
    if (report.accepted > 0)
        applyDue(false); // full micro-batches now; a partial one when it has waited long enough
    return report;
}

QJsonObject OutcomeService::metrics()
{
    const bandit::LearningMetrics m = m_learner.model().metrics();
    QJsonObject out = m.toJson();
    out.insert(QStringLiteral("alerts"), QJsonArray::fromStringList(m.alerts()));
    return out;
}

QJsonArray OutcomeService::agentPerformance()
{
    return performanceJson(m_learner.model());
}

QJsonObject OutcomeService::recommend(const QString &taskType, const QJsonObject &context, int topK)
{
    return recommendationJson(m_learner.model(), taskType, context, topK);
}

QJsonObject OutcomeService::saveNow()
{
    m_learner.applyPending(true);
    m_oldestPending.invalidate();
    return m_learner.save().toJson();
}

QJsonObject OutcomeService::status()
{
    const auto &version = m_learner.version();
    return QJsonObject{
        {QStringLiteral("status"), m_running ? QStringLiteral("running") : QStringLiteral("stopped")},
        {QStringLiteral("running"), m_running},
        {QStringLiteral("source"), QStringLiteral("POST /api/learning/outcomes")},
        {QStringLiteral("batch_size"), m_learner.config().batchSize},
        {QStringLiteral("batch_timeout_seconds"), m_learner.config().batchTimeoutSeconds},
        {QStringLiteral("save_interval_seconds"), m_learner.config().autosaveSeconds},
        {QStringLiteral("models_loaded"), QJsonArray{OutcomeLearner::kModelType}},
        {QStringLiteral("pending_events"), m_learner.pending()},
        {QStringLiteral("model_version"), version ? QJsonValue(version->toJson()) : QJsonValue()}};
}

} // namespace lk::outcomes
