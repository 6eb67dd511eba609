#include "core/outcomes/OutcomeLearner.h"

#include "core/common/AtomicFile.h"
#include "core/common/Error.h"
#include "core/logging/Logging.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

#include <cmath>
#include <iterator>

namespace lk::outcomes {

QJsonObject LearnerConfig::toJson() const
{
    return QJsonObject{{QStringLiteral("batch_size"), batchSize},
        {QStringLiteral("batch_timeout_seconds"), batchTimeoutSeconds},
        {QStringLiteral("save_interval_seconds"), autosaveSeconds},
        {QStringLiteral("discount"), model.discount}, {QStringLiteral("window_size"), model.windowSize},
        {QStringLiteral("ema_alpha"), model.emaAlpha},
        {QStringLiteral("min_context_observations"), model.minContextObservations},
        {QStringLiteral("context_keys"), QJsonArray::fromStringList(model.contextKeys)},
        {QStringLiteral("seed"), QString::number(model.seed)}};
}

void LearnerConfig::validate() const
{
    if (batchSize < 1 || batchSize > 1000000)
        throw Error(ErrorKind::Usage,
            QStringLiteral("batch size must be between 1 and 1000000, not %1").arg(batchSize));
    if (batchTimeoutSeconds < 0)
        throw Error(ErrorKind::Usage, QStringLiteral("batch timeout must be 0 seconds or more"));
    if (autosaveSeconds < 1)
        throw Error(ErrorKind::Usage, QStringLiteral("save interval must be 1 second or more"));
    if (!(model.discount > 0) || model.discount > 1)
        throw Error(
            ErrorKind::Usage, QStringLiteral("discount must be in (0, 1], not %1").arg(model.discount));
}

OutcomeLearner::OutcomeLearner(const Workspace &workspace, storage::Database &db, LearnerConfig config)
    : m_workspace(workspace)
    , m_db(db)
    , m_store(db)
    , m_config(std::move(config))
    , m_model(m_config.model)
{
    m_config.validate();
}

void OutcomeLearner::load()
{
    m_version = m_store.activeVersion(kModelType);
    m_model = bandit::AgentPerformanceModel(m_config.model);
    m_appliedSeq = 0;
    if (m_version) {
        QFile file(m_version->filePath);
        try {
            if (!file.open(QIODevice::ReadOnly))
                throw Error(ErrorKind::Input, QStringLiteral("cannot read %1").arg(m_version->filePath));
            const QJsonObject state = QJsonDocument::fromJson(file.readAll()).object();
            m_model =
                bandit::AgentPerformanceModel::fromState(state.value(QStringLiteral("model")).toObject());
            m_appliedSeq = m_version->lastEventSeq;
        } catch (const Error &e) {
            // The events are the truth; a lost or damaged state only costs a replay.
            qCWarning(lcApp).noquote() << "agent model state" << m_version->filePath << "unusable ("
                                       << e.message() << ") - rebuilding from all stored outcome events";
            m_model = bandit::AgentPerformanceModel(m_config.model);
            m_appliedSeq = 0;
        }
    }
    m_savedSeq = m_version ? m_appliedSeq : -1;
    applyPending(true);
    flushLearningEvents();
}

int OutcomeLearner::applyPending(bool includePartial)
{
    int applied = 0;
    for (;;) {
        std::vector<StoredEvent> stored = nextEvents(m_config.batchSize, includePartial);
        if (stored.empty() || (int(stored.size()) < m_config.batchSize && !includePartial))
            break;
        std::vector<bandit::OutcomeEvent> batch;
        batch.reserve(stored.size());
        for (StoredEvent &s : stored)
            batch.push_back(std::move(s.event));
        const bandit::LearningMetrics before = m_model.metrics();
        QElapsedTimer clock;
        clock.start();
        m_model.applyBatch(batch);
        const double ms = double(clock.nsecsElapsed()) / 1e6;
        const bandit::LearningMetrics after = m_model.metrics();
        if (m_records) {
            LearningEventRecord r;
            r.eventType = QStringLiteral("micro_batch_update");
            r.batchSize = int(batch.size());
            r.samplesProcessed = after.samplesProcessed;
            r.metricsBefore = before.toCompactJson();
            r.metricsAfter = after.toCompactJson();
            r.improvement = after.improvementRate;
            r.durationMs = ms;
            r.createdAtMs = QDateTime::currentMSecsSinceEpoch();
            m_learningEvents.push_back(std::move(r));
        }
        m_appliedSeq = stored.back().seq;
        applied += int(batch.size());
    }
    if (m_learningEvents.size() >= kLearningEventsPerWrite)
        flushLearningEvents();
    return applied;
}

void OutcomeLearner::flushLearningEvents()
{
    if (m_learningEvents.empty())
        return;
    // One transaction for many micro-batches: a sync per micro-batch would cost more than
    // the learning itself.
    const QString version = m_version ? m_version->id : QString();
    for (LearningEventRecord &r : m_learningEvents)
        r.versionId = version;
    storage::Transaction tx(m_db);
    m_store.addLearningEvents(m_learningEvents);
    tx.commit();
    m_learningEvents.clear();
}

void OutcomeLearner::remember(std::vector<StoredEvent> &&stored)
{
    std::move(stored.begin(), stored.end(), std::back_inserter(m_recent));
}

std::vector<StoredEvent> OutcomeLearner::nextEvents(int limit, bool includePartial)
{
    while (!m_recent.empty() && m_recent.front().seq <= m_appliedSeq)
        m_recent.pop_front();
    if (m_recent.empty() || m_recent.front().seq != m_appliedSeq + 1) {
        m_recent.clear(); // a gap: someone else stored events in between; the database has them all
        return m_store.eventsAfter(m_appliedSeq, limit);
    }
    std::size_t n = 0;
    qint64 expected = m_appliedSeq + 1;
    while (n < m_recent.size() && int(n) < limit && m_recent[n].seq == expected) {
        ++n;
        ++expected;
    }
    if (int(n) < limit) {
        if (expected <= m_store.lastSeq()) // the cache ran out but the database has more
            return m_store.eventsAfter(m_appliedSeq, limit);
        if (!includePartial)
            return {}; // not a whole micro-batch yet: keep them for the next call
    }
    std::vector<StoredEvent> out(std::make_move_iterator(m_recent.begin()),
        std::make_move_iterator(m_recent.begin() + std::ptrdiff_t(n)));
    m_recent.erase(m_recent.begin(), m_recent.begin() + std::ptrdiff_t(n));
    return out;
}

qint64 OutcomeLearner::pending()
{
    storage::Statement s = m_db.prepare("SELECT count(*) FROM outcome_events WHERE seq > ?");
    s.bind(1, m_appliedSeq);
    return s.step() ? s.columnInt64(0) : 0;
}

ModelVersionRecord OutcomeLearner::save()
{
    flushLearningEvents();
    if (m_version && m_savedSeq == m_appliedSeq)
        return *m_version;
    const QString dir = QDir(m_workspace.modelsDir()).filePath(QStringLiteral("agent-selection"));
    if (!QDir().mkpath(dir))
        throw Error(ErrorKind::Workspace, QStringLiteral("Cannot create %1").arg(dir));
    const QString path = QDir(dir).filePath(
        QStringLiteral("state-%1-seq%2.json")
            .arg(QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmsszzz")))
            .arg(m_appliedSeq));
    const bandit::LearningMetrics metrics = m_model.metrics();
    const QJsonObject state{{QStringLiteral("format"), 1}, {QStringLiteral("model_type"), kModelType},
        {QStringLiteral("last_event_seq"), m_appliedSeq}, {QStringLiteral("model"), m_model.saveState()}};
    // A crash leaves no half-written state; the version is recorded only once the file is whole.
    writeFileAtomically(
        path, QJsonDocument(state).toJson(QJsonDocument::Compact), QStringLiteral("agent model state"));
    m_version = m_store.addVersion(
        kModelType, m_config.toJson(), metrics.toJson(), path, metrics.samplesProcessed, m_appliedSeq);
    m_savedSeq = m_appliedSeq;
    qCInfo(lcApp).noquote() << "saved agent model version" << m_version->versionNumber << "with"
                            << metrics.samplesProcessed << "samples";
    return *m_version;
}

} // namespace lk::outcomes
