#pragma once

#include "core/storage/Database.h"
#include "core/training/TrainingTypes.h"

#include <QJsonObject>
#include <QString>

#include <optional>
#include <vector>

namespace lk::runs {

/// A training run as stored: what it is, how far it got, what it produced.
struct RunSummary
{
    QString runId;
    QString createdAt;
    QString updatedAt;
    QString status; ///< as stored, except "interrupted" for a running run whose process is gone
    QString model;
    QString dataset;
    QJsonObject config;
    int epochsPlanned = 0;
    int epochsDone = 0;
    qint64 stepsDone = 0;
    std::optional<int> bestEpoch;
    std::optional<double> testAccuracy;
    std::optional<double> samplesPerSecond;
    std::optional<qint64> divergedStep;
    QString runDir;
    QString artifactPath;
    QString artifactSha256;
    QString message;
    std::optional<qint64> ownerPid; ///< process that runs it while status is running/paused

    bool finished() const { return status != QLatin1String("running") && status != QLatin1String("paused"); }
    QJsonObject toJson() const;
};

/// Training runs and their metrics in a workspace database. Uses the caller's connection
/// (one per thread); every write is one transaction.
class RunStore
{
public:
    explicit RunStore(storage::Database &db);

    /// Records a new run in status "running" owned by this process; returns its id
    /// (run-YYYYMMDD-HHMMSS-xxxx).
    QString createRun(const training::TrainingConfig &config, const QString &runsRoot);
    /// Marks a run as taken up again by this process (resume), dropping metrics recorded after
    /// its checkpoint at `checkpointEpoch` (those epochs will be recomputed).
    void resumeRun(const QString &runId, int checkpointEpoch, qint64 checkpointStep);

    void appendSteps(const QString &runId, const std::vector<training::StepRecord> &steps);
    /// Appends an epoch (and any steps not yet stored) in one transaction.
    void appendEpoch(const QString &runId, const training::EpochRecord &epoch,
        const std::vector<training::StepRecord> &pendingSteps = {});
    void setStatus(const QString &runId, training::RunStatus status, const QString &message = {});
    void finishRun(const QString &runId, const training::RunResult &result);

    std::optional<RunSummary> run(const QString &runId);
    /// Newest first.
    std::vector<RunSummary> listRuns(int limit = 100);
    /// Epoch records with epoch > afterEpoch, in order.
    std::vector<training::EpochRecord> epochs(const QString &runId, int afterEpoch = -1);
    /// Step records with step > afterStep, in order, at most `limit` (0: all).
    std::vector<training::StepRecord> steps(const QString &runId, qint64 afterStep = 0, int limit = 0);

private:
    storage::Database &m_db;
};

} // namespace lk::runs
