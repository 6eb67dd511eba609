#include "core/loop/ModelRegistry.h"

#include "core/common/Error.h"
#include "core/common/FileDigest.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QUuid>

namespace lk::loop {

using storage::Statement;
using storage::Transaction;

namespace {

const char *const kColumns = "id, model_type, version_number, status, parameters, metrics, model_file_path,"
                             " sha256, created_at, parent_version, training_samples, job_id";

QString compact(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

ModelVersion readVersion(const Statement &s)
{
    ModelVersion v;
    v.id = s.columnText(0);
    v.modelLine = s.columnText(1);
    v.versionNumber = int(s.columnInt64(2));
    v.status = s.columnText(3);
    v.parameters = QJsonDocument::fromJson(s.columnText(4).toUtf8()).object();
    v.metrics = QJsonDocument::fromJson(s.columnText(5).toUtf8()).object();
    v.artifactPath = s.columnText(6);
    v.sha256 = s.columnText(7);
    v.createdAt = s.columnText(8);
    v.parentVersion = s.columnText(9);
    v.trainingSamples = s.columnInt64(10);
    v.jobId = s.columnText(11);
    return v;
}

} // namespace

QString ModelVersion::name() const
{
    return QStringLiteral("%1@%2").arg(modelLine).arg(versionNumber);
}

QJsonObject ModelVersion::toJson() const
{
    const auto orNull = [](const QString &s) { return s.isEmpty() ? QJsonValue() : QJsonValue(s); };
    return QJsonObject{{QStringLiteral("version_id"), id}, {QStringLiteral("name"), name()},
        {QStringLiteral("model_line"), modelLine}, {QStringLiteral("version_number"), versionNumber},
        {QStringLiteral("status"), status}, {QStringLiteral("parameters"), parameters},
        {QStringLiteral("metrics"), metrics}, {QStringLiteral("artifact_path"), artifactPath},
        {QStringLiteral("sha256"), orNull(sha256)}, {QStringLiteral("created_at"), createdAt},
        {QStringLiteral("parent_version"), orNull(parentVersion)},
        {QStringLiteral("training_samples"), trainingSamples}, {QStringLiteral("job_id"), orNull(jobId)}};
}

ModelRegistry::ModelRegistry(storage::Database &db)
    : m_db(db)
{ }

ModelVersion ModelRegistry::addCandidate(const QString &line, const QString &artifactPath, const QString &sha256,
    const QJsonObject &parameters, const QJsonObject &metrics, const QString &parentVersion,
    qint64 trainingSamples, const QString &jobId)
{
    Transaction tx(m_db);
    ModelVersion v;
    v.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    v.modelLine = line;
    Statement next =
        m_db.prepare("SELECT coalesce(max(version_number), 0) + 1 FROM model_versions WHERE model_type = ?");
    next.bind(1, line);
    next.step();
    v.versionNumber = int(next.columnInt64(0));
    v.status = QStringLiteral("training");
    v.parameters = parameters;
    v.metrics = metrics;
    v.artifactPath = artifactPath;
    v.sha256 = sha256;
    v.createdAt = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    v.parentVersion = parentVersion;
    v.trainingSamples = trainingSamples;
    v.jobId = jobId;
    Statement insert = m_db.prepare(
        "INSERT INTO model_versions (id, model_type, version_number, status, parameters, metrics,"
        " model_file_path, sha256, created_at, parent_version, training_samples, last_event_seq, job_id)"
        " VALUES (?, ?, ?, 'training', ?, ?, ?, ?, ?, ?, ?, 0, ?)");
    insert.bind(1, v.id).bind(2, line).bind(3, v.versionNumber).bind(4, compact(parameters));
    insert.bind(5, compact(metrics)).bind(6, artifactPath).bind(7, sha256).bind(8, v.createdAt);
    parentVersion.isEmpty() ? insert.bindNull(9) : insert.bind(9, parentVersion);
    insert.bind(10, trainingSamples);
    jobId.isEmpty() ? insert.bindNull(11) : insert.bind(11, jobId);
    insert.run();
    tx.commit();
    return v;
}

void ModelRegistry::activate(const QString &versionId)
{
    Transaction tx(m_db);
    const std::optional<ModelVersion> v = version(versionId);
    if (!v)
        throw Error(ErrorKind::Input, QStringLiteral("No model version %1").arg(versionId));
    m_db.prepare("UPDATE model_versions SET status = 'deprecated' WHERE model_type = ? AND status = 'active'")
        .bind(1, v->modelLine)
        .run();
    m_db.prepare("UPDATE model_versions SET status = 'active' WHERE id = ?").bind(1, versionId).run();
    tx.commit();
}

void ModelRegistry::recordDecision(const QString &candidateId, const QString &incumbentId, const QString &decision,
    const QJsonObject &report, const QString &decidedBy)
{
    Statement s = m_db.prepare(
        "INSERT INTO gate_decisions (id, candidate_version, incumbent_version, decision, report_json, decided_by,"
        " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
    s.bind(1, QUuid::createUuid().toString(QUuid::WithoutBraces)).bind(2, candidateId);
    incumbentId.isEmpty() ? s.bindNull(3) : s.bind(3, incumbentId);
    s.bind(4, decision).bind(5, compact(report)).bind(6, decidedBy);
    s.bind(7, QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)).run();
}

std::vector<GateDecisionRecord> ModelRegistry::decisions(const QString &candidateId)
{
    Statement s = m_db.prepare("SELECT candidate_version, incumbent_version, decision, decided_by, created_at,"
                               " report_json FROM gate_decisions WHERE ? IS NULL OR candidate_version = ?"
                               " ORDER BY created_at, rowid");
    if (candidateId.isEmpty()) {
        s.bindNull(1);
        s.bindNull(2);
    } else {
        s.bind(1, candidateId).bind(2, candidateId);
    }
    std::vector<GateDecisionRecord> out;
    while (s.step()) {
        GateDecisionRecord r;
        r.candidateVersion = s.columnText(0);
        r.incumbentVersion = s.columnText(1);
        r.decision = s.columnText(2);
        r.decidedBy = s.columnText(3);
        r.createdAt = s.columnText(4);
        r.report = QJsonDocument::fromJson(s.columnText(5).toUtf8()).object();
        out.push_back(std::move(r));
    }
    return out;
}

void ModelRegistry::archive(const QString &versionId)
{
    m_db.prepare("UPDATE model_versions SET status = 'archived' WHERE id = ?").bind(1, versionId).run();
}

std::optional<ModelVersion> ModelRegistry::active(const QString &line)
{
    Statement s = m_db.prepare(std::string("SELECT ") + kColumns
        + " FROM model_versions WHERE model_type = ? AND status = 'active' ORDER BY version_number DESC LIMIT 1");
    s.bind(1, line);
    if (!s.step())
        return std::nullopt;
    return readVersion(s);
}

std::optional<ModelVersion> ModelRegistry::version(const QString &idOrName)
{
    const int at = idOrName.lastIndexOf(QLatin1Char('@'));
    Statement s = at > 0
        ? m_db.prepare(std::string("SELECT ") + kColumns + " FROM model_versions WHERE model_type = ? AND version_number = ?")
        : m_db.prepare(std::string("SELECT ") + kColumns + " FROM model_versions WHERE id = ?");
    if (at > 0)
        s.bind(1, idOrName.left(at)).bind(2, idOrName.mid(at + 1).toLongLong());
    else
        s.bind(1, idOrName);
    if (!s.step())
        return std::nullopt;
    return readVersion(s);
}

std::vector<ModelVersion> ModelRegistry::versions(const QString &line)
{
    Statement s = line.isEmpty()
        ? m_db.prepare(std::string("SELECT ") + kColumns
              + " FROM model_versions WHERE model_type != 'agent_selection' ORDER BY created_at DESC, version_number DESC")
        : m_db.prepare(std::string("SELECT ") + kColumns
              + " FROM model_versions WHERE model_type = ? ORDER BY version_number DESC");
    if (!line.isEmpty())
        s.bind(1, line);
    std::vector<ModelVersion> out;
    while (s.step())
        out.push_back(readVersion(s));
    return out;
}

QString ModelRegistry::fileSha256(const QString &path)
{
    return lk::fileSha256(path);
}

void ModelRegistry::verifyArtifact(const ModelVersion &version)
{
    const QString actual = fileSha256(version.artifactPath);
    if (actual != version.sha256)
        throw Error(ErrorKind::Input,
            QStringLiteral("The artifact of %1 (%2) has sha256 %3, but %4 was registered: the file changed "
                           "after registration and will not be loaded")
                .arg(version.name(), version.artifactPath, actual, version.sha256));
}

} // namespace lk::loop
