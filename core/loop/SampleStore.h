#pragma once

#include "core/loop/EscalatedSample.h"
#include "core/storage/Database.h"
#include "core/training/ImageDataset.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>

#include <optional>
#include <vector>

namespace lk::loop {

/// Which corrections may be trained on ("don't train on bad labels").
struct SampleFilter
{
    /// Corrections less sure than this are kept for audit, never trained on (status
    /// 'filtered'). 0.8 keeps what the larger model was clearly sure of.
    double minCorrectionConfidence = 0.8;
    int classes = 10;
};

/// What an ingest did with each record.
struct SampleIngestReport
{
    int received = 0;
    int accepted = 0; ///< new samples stored, usable for training
    int filtered = 0; ///< new samples stored for audit only (correction below the threshold)
    int duplicates = 0; ///< sample ids already stored: ingest is idempotent
    QJsonArray rejected; ///< {"index", "sample_id", "error"} (+ "line" for JSONL)

    QJsonObject toJson() const;
};

/// A stored sample as the loop uses it.
struct StoredSample
{
    qint64 seq = 0;
    EscalatedSample sample;
    QString status; ///< pending | in_training | used | archived | filtered
    QString filterReason;
    QString jobId;
    QString usedInVersion;
};

/// Escalated samples in a workspace database, through their lifecycle:
/// pending → in_training(job) → used(version) → archived, or filtered at arrival. Uses the
/// caller's connection; every change is one transaction.
class SampleStore
{
public:
    explicit SampleStore(storage::Database &db);

    /// Validates and stores a batch (see splitSampleBatch); good records are stored even when
    /// others are bad, and each bad one is reported. Stored means acknowledged (durable).
    SampleIngestReport ingest(const QByteArray &body, const SampleFilter &filter);
    /// The same for records already split.
    SampleIngestReport ingest(const std::vector<SampleRecord> &records, const SampleFilter &filter);

    /// Pending samples whose input is here (inline), oldest first: what a job can train on.
    qint64 trainableCount();
    /// Pending samples that only have a reference to their input on a node.
    qint64 awaitingInputCount();
    /// Pending samples waiting for their input whose URI starts with one of `uriPrefixes`,
    /// fewest failed pulls first, then oldest: (sample id, input URI). Samples whose input could
    /// not be pulled `maxAttempts` times are left out.
    std::vector<std::pair<QString, QString>> awaitingInput(int limit, const QStringList &uriPrefixes, int maxAttempts = 5);
    /// Counts a failed pull of a sample's input.
    void noteInputFailure(const QString &sampleId);
    /// Stores the input a node kept for a sample sent by reference; false if the sample has
    /// one already or is gone. Throws lk::Error(Input) unless `pixels` is 784 bytes.
    bool attachInput(const QString &sampleId, const QByteArray &pixels);
    /// The oldest trainable samples, at most `limit` (0: all).
    std::vector<StoredSample> trainable(int limit = 0);
    /// The samples a job holds, in order.
    std::vector<StoredSample> samplesOfJob(const QString &jobId);
    /// The newest samples with an input and a usable correction that are not in `excludeJob`,
    /// for the regression gate's evaluation set.
    std::vector<StoredSample> recentCorrected(int limit, const QString &excludeJob);
    std::optional<StoredSample> sample(const QString &sampleId);

    /// Moves pending samples to in_training for `jobId`; call inside the transaction that
    /// creates the job. Returns how many moved (samples taken by another job are skipped).
    int claim(const QStringList &sampleIds, const QString &jobId);
    /// A failed or cancelled job gives its samples back: in_training → pending.
    int release(const QString &jobId);
    /// A job's model was registered: its samples are used in `versionId`.
    int markUsed(const QString &jobId, const QString &versionId);
    /// Used samples of versions that are no longer active move to archived.
    int archiveUsedBefore(const QString &activeVersionId);
    /// How many samples went into the model version `versionId` (used, or archived since).
    qint64 usedInCount(const QString &versionId);

    /// Counts by status, node, class and day, the filtered ones with their reasons, and the
    /// trainable / awaiting-input counts.
    QJsonObject stats();

    /// The images and corrected labels of `samples` (those with an input).
    static training::ImageSet images(const std::vector<StoredSample> &samples, const QString &source);

private:
    storage::Database &m_db;
};

} // namespace lk::loop
