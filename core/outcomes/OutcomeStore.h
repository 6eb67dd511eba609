#pragma once

#include "core/bandit/OutcomeEvent.h"
#include "core/storage/Database.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

#include <optional>
#include <vector>

namespace lk::outcomes {

/// What an ingest did with each event it was given.
/// An outcome event with its place in the order of acknowledgement.
struct StoredEvent
{
    qint64 seq = 0;
    bandit::OutcomeEvent event;
};

struct IngestReport
{
    int received = 0;
    int accepted = 0; ///< new events, stored (acknowledged) before this returns
    int duplicates = 0; ///< event ids already stored: ingest is idempotent
    QJsonArray rejected; ///< {"index", "event_id", "error"} per invalid event; nothing of it stored
    std::vector<StoredEvent> stored; ///< the accepted events with their seq (not in toJson())

    QJsonObject toJson() const;
};

/// A row of the seed's model_versions table.
struct ModelVersionRecord
{
    QString id;
    QString modelType;
    int versionNumber = 0;
    QString status;
    QJsonObject parameters;
    QJsonObject metrics;
    QString filePath;
    QString createdAt;
    QString parentVersion;
    qint64 trainingSamples = 0;
    qint64 lastEventSeq = 0; ///< the state holds every event up to this seq

    QJsonObject toJson() const;
};

/// Outcome events, model versions and learning events in a workspace database. Uses the
/// caller's connection (one per thread); each write is one transaction.
class OutcomeStore
{
public:
    explicit OutcomeStore(storage::Database &db);

    /// Validates every event; stores the valid new ones in one transaction (idempotent by
    /// event_id) and reports each invalid one by index with the reason.
    IngestReport ingest(const QJsonArray &events);
    /// Stored events with seq > `afterSeq`, in order, at most `limit` (0: all).
    std::vector<StoredEvent> eventsAfter(qint64 afterSeq, int limit = 0);
    /// The newest `limit` stored events, oldest first.
    std::vector<StoredEvent> recentEvents(int limit);
    qint64 lastSeq();
    qint64 eventCount();

    /// The active version of a model type, if one was saved.
    std::optional<ModelVersionRecord> activeVersion(const QString &modelType);
    /// Records a new active version (the previous active one becomes deprecated).
    ModelVersionRecord addVersion(const QString &modelType, const QJsonObject &parameters,
        const QJsonObject &metrics, const QString &filePath, qint64 trainingSamples, qint64 lastEventSeq);
    /// Records one applied micro-batch (the seed's learning_events row).
    void addLearningEvent(const QString &versionId, const QString &eventType, int batchSize,
        qint64 samplesProcessed, const QJsonObject &metricsBefore, const QJsonObject &metricsAfter,
        double improvement, double durationMs);
    qint64 learningEventCount();

private:
    storage::Database &m_db;
};

} // namespace lk::outcomes
