#pragma once

#include "core/bandit/OutcomeEvent.h"
#include "core/outcomes/OutcomeReader.h"
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

/// A row of the model_versions table.
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

/// A row of the learning_events table: one applied micro-batch (or another learning
/// step) with the metrics before and after it.
struct LearningEventRecord
{
    QString versionId; ///< the model version it was applied to; empty if none was saved yet
    QString eventType;
    int batchSize = 0;
    qint64 samplesProcessed = 0;
    QByteArray metricsBefore, metricsAfter; ///< compact JSON objects
    double improvement = 0; ///< NaN: undefined (stored as NULL)
    double durationMs = 0;
    qint64 createdAtMs = 0; ///< when it happened, ms since the epoch (UTC)
};

/// Outcome events, model versions and learning events in a workspace database. Uses the
/// caller's connection (one per thread); each write is one transaction.
class OutcomeStore
{
public:
    explicit OutcomeStore(storage::Database &db);

    /// Stores the batch's valid events in one transaction, idempotently by event_id (a
    /// duplicate, stored before or earlier in the batch, is counted, not stored again), and
    /// reports the records the reader refused. Stored events are acknowledged: durable when
    /// this returns.
    IngestReport ingest(OutcomeBatch batch);
    /// Validates every event (see OutcomeReader) and stores the valid ones as above.
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
    /// Records learning events (learning_events rows) with one statement, in the
    /// caller's transaction if there is one.
    void addLearningEvents(const std::vector<LearningEventRecord> &records);
    qint64 learningEventCount();

private:
    storage::Database &m_db;
};

} // namespace lk::outcomes
