#pragma once

// The model registry of the learning loop (tables model_versions and learning_events,
// shared with the agent-selection model): versions of a model line with their lineage,
// status, metrics, artifact and its sha256, checked whenever an artifact is loaded.

#include "core/storage/Database.h"

#include <QJsonObject>
#include <QString>

#include <optional>
#include <vector>

namespace lk::loop {

struct ModelVersion
{
    QString id;
    QString modelLine; ///< model_versions.model_type
    int versionNumber = 0;
    QString status; ///< training (a candidate) | active | deprecated | archived
    QJsonObject parameters; ///< training config
    QJsonObject metrics;
    QString artifactPath;
    QString sha256;
    QString createdAt;
    QString parentVersion; ///< id; empty for a model trained from scratch
    qint64 trainingSamples = 0;
    QString jobId;

    /// "<line>@<number>", as loop tick's target_model names it.
    QString name() const;
    QJsonObject toJson() const;
};

/// One stored gate decision: the regression gate's report, or an operator's promote/reject.
struct GateDecisionRecord
{
    QString candidateVersion; ///< id of the version decided on
    QString decision; ///< promote | reject | needs_human
    QString decidedBy; ///< "regression_gate", "gate run" or the reviewer's name
    QString createdAt;
    QString incumbentVersion; ///< id; empty for a first model or an operator's decision
    QJsonObject report; ///< GateReport::toJson() plus names, or {decision, reviewer, candidate}
};

class ModelRegistry
{
public:
    explicit ModelRegistry(storage::Database &db);

    /// Records a candidate (status 'training') of `line`; the next version number.
    ModelVersion addCandidate(const QString &line, const QString &artifactPath, const QString &sha256,
        const QJsonObject &parameters, const QJsonObject &metrics, const QString &parentVersion,
        qint64 trainingSamples, const QString &jobId);
    /// Makes `versionId` the active version of its line; the previous active one becomes
    /// deprecated. One transaction.
    void activate(const QString &versionId);
    /// A rejected candidate, or a version taken out of use.
    void archive(const QString &versionId);
    /// Records a decision on `candidateId` (the gate's or an operator's) with its report.
    void recordDecision(const QString &candidateId, const QString &incumbentId, const QString &decision,
        const QJsonObject &report, const QString &decidedBy);
    /// The decisions on `candidateId` (empty: on every version), oldest first.
    std::vector<GateDecisionRecord> decisions(const QString &candidateId = QString());
    std::optional<ModelVersion> active(const QString &line);
    std::optional<ModelVersion> version(const QString &idOrName);
    /// Every version of a line (all lines if empty), newest first.
    std::vector<ModelVersion> versions(const QString &line = QString());

    /// The artifact's sha256 now; throws lk::Error(Input) if the file is missing or its
    /// sha256 is not the registered one (a model that changed on disk is never loaded).
    static void verifyArtifact(const ModelVersion &version);
    /// sha256 of a file, lowercase hex; throws lk::Error(Input) if unreadable (lk::fileSha256).
    static QString fileSha256(const QString &path);

private:
    storage::Database &m_db;
};

} // namespace lk::loop
