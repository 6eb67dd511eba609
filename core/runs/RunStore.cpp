#include "core/runs/RunStore.h"

#include "core/common/Error.h"
#include "core/runs/TrainingSession.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QJsonDocument>
#include <QRandomGenerator>

#include <cmath>

namespace lk::runs {

using storage::Statement;
using storage::Transaction;
using training::EpochRecord;
using training::StepRecord;

namespace {

QString now()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
}

/// SQLite stores NaN as NULL; binding it explicitly keeps that visible in the code.
void bindReal(Statement &s, int index, double value)
{
    if (std::isfinite(value))
        s.bind(index, value);
    else
        s.bindNull(index);
}

double realOrNaN(const Statement &s, int column)
{
    return s.columnIsNull(column) ? std::nan("") : s.columnDouble(column);
}

const char *const kRunColumns =
    "run_id, created_at, updated_at, status, model, dataset, config_json, epochs_planned, epochs_done,"
    " steps_done, best_epoch, test_accuracy, samples_per_second, diverged_step, run_dir, artifact_path,"
    " artifact_sha256, message, owner_pid";

RunSummary readRun(const Statement &s)
{
    RunSummary r;
    r.runId = s.columnText(0);
    r.createdAt = s.columnText(1);
    r.updatedAt = s.columnText(2);
    r.status = s.columnText(3);
    r.model = s.columnText(4);
    r.dataset = s.columnText(5);
    r.config = QJsonDocument::fromJson(s.columnText(6).toUtf8()).object();
    r.epochsPlanned = int(s.columnInt64(7));
    r.epochsDone = int(s.columnInt64(8));
    r.stepsDone = s.columnInt64(9);
    if (!s.columnIsNull(10))
        r.bestEpoch = int(s.columnInt64(10));
    if (!s.columnIsNull(11))
        r.testAccuracy = s.columnDouble(11);
    if (!s.columnIsNull(12))
        r.samplesPerSecond = s.columnDouble(12);
    if (!s.columnIsNull(13))
        r.divergedStep = s.columnInt64(13);
    r.runDir = s.columnText(14);
    r.artifactPath = s.columnText(15);
    r.artifactSha256 = s.columnText(16);
    r.message = s.columnText(17);
    if (!s.columnIsNull(18))
        r.ownerPid = s.columnInt64(18);
    // A run whose training process died (crash, kill, power cut) is not "running": say so,
    // so that every face (CLI, API, console) offers to resume it from its checkpoint.
    if (!r.finished() && r.ownerPid && *r.ownerPid != QCoreApplication::applicationPid()
        && !processAlive(*r.ownerPid))
        r.status = QStringLiteral("interrupted");
    return r;
}

void insertSteps(storage::Database &db, const QString &runId, const std::vector<StepRecord> &steps)
{
    // OR IGNORE: a step stored before a crash and sent again after a resume is the same step.
    Statement insert =
        db.prepare("INSERT OR IGNORE INTO training_step_metrics (run_id, step, epoch, train_loss,"
                   " wall_seconds) VALUES (?, ?, ?, ?, ?)");
    for (const StepRecord &s : steps) {
        insert.bind(1, runId)
            .bind(2, qint64(s.step))
            .bind(3, s.epoch)
            .bind(4, s.trainLoss)
            .bind(5, s.wallSeconds);
        insert.run();
        insert.reset();
    }
}

} // namespace

QJsonObject RunSummary::toJson() const
{
    const auto opt = [](const auto &v) { return v ? QJsonValue(double(*v)) : QJsonValue(); };
    return QJsonObject {
        {QStringLiteral("run_id"), runId},
        {QStringLiteral("created_at"), createdAt},
        {QStringLiteral("updated_at"), updatedAt},
        {QStringLiteral("status"), status},
        {QStringLiteral("model"), model},
        {QStringLiteral("dataset"), dataset},
        {QStringLiteral("config"), config},
        {QStringLiteral("epochs_planned"), epochsPlanned},
        {QStringLiteral("epochs_done"), epochsDone},
        {QStringLiteral("steps_done"), stepsDone},
        {QStringLiteral("best_epoch"), bestEpoch ? QJsonValue(*bestEpoch) : QJsonValue()},
        {QStringLiteral("test_accuracy"), opt(testAccuracy)},
        {QStringLiteral("samples_per_second"), opt(samplesPerSecond)},
        {QStringLiteral("diverged_step"), divergedStep ? QJsonValue(*divergedStep) : QJsonValue()},
        {QStringLiteral("run_dir"), runDir},
        {QStringLiteral("artifact"), artifactPath.isEmpty() ? QJsonValue() : QJsonValue(artifactPath)},
        {QStringLiteral("sha256"), artifactSha256.isEmpty() ? QJsonValue() : QJsonValue(artifactSha256)},
        {QStringLiteral("message"), message.isEmpty() ? QJsonValue() : QJsonValue(message)},
    };
}

RunStore::RunStore(storage::Database &db)
    : m_db(db)
{ }

QString RunStore::createRun(const training::TrainingConfig &config, const QString &runsRoot)
{
    const QString runId =
        QStringLiteral("run-%1-%2")
            .arg(QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss")))
            .arg(QRandomGenerator::global()->bounded(0x10000), 4, 16, QLatin1Char('0'));
    const QString stamp = now();
    m_db.prepare(
            "INSERT INTO training_runs (run_id, created_at, updated_at, status, model, dataset, config_json,"
            " epochs_planned, run_dir, owner_pid) VALUES (?, ?, ?, 'running', ?, ?, ?, ?, ?, ?)")
        .bind(1, runId)
        .bind(2, stamp)
        .bind(3, stamp)
        .bind(4, config.model)
        .bind(5, config.datasetDir)
        .bind(6, QString::fromUtf8(QJsonDocument(config.toJson()).toJson(QJsonDocument::Compact)))
        .bind(7, config.epochs)
        .bind(8, QDir(runsRoot).filePath(runId))
        .bind(9, qint64(QCoreApplication::applicationPid()))
        .run();
    return runId;
}

void RunStore::resumeRun(const QString &runId, int checkpointEpoch, qint64 checkpointStep)
{
    Transaction tx(m_db);
    m_db.prepare("DELETE FROM training_epoch_metrics WHERE run_id = ? AND epoch >= ?")
        .bind(1, runId)
        .bind(2, checkpointEpoch)
        .run();
    m_db.prepare("DELETE FROM training_step_metrics WHERE run_id = ? AND step > ?")
        .bind(1, runId)
        .bind(2, checkpointStep)
        .run();
    m_db.prepare(
            "UPDATE training_runs SET status = 'running', epochs_done = ?, steps_done = ?, owner_pid = ?,"
            " message = NULL, artifact_path = NULL, artifact_sha256 = NULL, test_accuracy = NULL,"
            " updated_at = ? WHERE run_id = ?")
        .bind(1, checkpointEpoch)
        .bind(2, checkpointStep)
        .bind(3, qint64(QCoreApplication::applicationPid()))
        .bind(4, now())
        .bind(5, runId)
        .run();
    tx.commit();
}

void RunStore::appendSteps(const QString &runId, const std::vector<StepRecord> &steps)
{
    if (steps.empty())
        return;
    Transaction tx(m_db);
    insertSteps(m_db, runId, steps);
    m_db.prepare("UPDATE training_runs SET steps_done = max(steps_done, ?), updated_at = ? WHERE run_id = ?")
        .bind(1, qint64(steps.back().step))
        .bind(2, now())
        .bind(3, runId)
        .run();
    tx.commit();
}

void RunStore::appendEpoch(
    const QString &runId, const EpochRecord &e, const std::vector<StepRecord> &pendingSteps)
{
    Transaction tx(m_db);
    insertSteps(m_db, runId, pendingSteps);
    Statement insert = m_db.prepare(
        "INSERT OR REPLACE INTO training_epoch_metrics (run_id, epoch, train_loss, val_loss, val_accuracy,"
        " learning_rate, samples_per_second, wall_seconds, last_step, recorded_at) VALUES "
        "(?,?,?,?,?,?,?,?,?,?)");
    insert.bind(1, runId).bind(2, e.epoch);
    bindReal(insert, 3, e.trainLoss);
    bindReal(insert, 4, e.valLoss);
    bindReal(insert, 5, e.valAccuracy);
    bindReal(insert, 6, e.learningRate);
    bindReal(insert, 7, e.samplesPerSecond);
    bindReal(insert, 8, e.wallSeconds);
    insert.bind(9, qint64(e.lastStep)).bind(10, now()).run();
    m_db.prepare("UPDATE training_runs SET epochs_done = ?, steps_done = max(steps_done, ?), updated_at = ?"
                 " WHERE run_id = ?")
        .bind(1, e.epoch + 1)
        .bind(2, qint64(e.lastStep))
        .bind(3, now())
        .bind(4, runId)
        .run();
    tx.commit();
}

void RunStore::setStatus(const QString &runId, training::RunStatus status, const QString &message)
{
    m_db.prepare("UPDATE training_runs SET status = ?, message = ?, updated_at = ? WHERE run_id = ?")
        .bind(1, training::runStatusName(status))
        .bind(2, message)
        .bind(3, now())
        .bind(4, runId)
        .run();
}

void RunStore::finishRun(const QString &runId, const training::RunResult &r)
{
    Statement s = m_db.prepare(
        "UPDATE training_runs SET status = ?, best_epoch = ?, test_accuracy = ?, samples_per_second = ?,"
        " diverged_step = ?, artifact_path = ?, artifact_sha256 = ?, message = ?, owner_pid = NULL, "
        "updated_at = ?"
        " WHERE run_id = ?");
    s.bind(1, training::runStatusName(r.status));
    r.bestEpoch >= 0 ? s.bind(2, r.bestEpoch) : s.bindNull(2);
    r.testAccuracy >= 0 ? s.bind(3, r.testAccuracy) : s.bindNull(3);
    bindReal(s, 4, r.samplesPerSecond);
    r.divergedStep >= 0 ? s.bind(5, qint64(r.divergedStep)) : s.bindNull(5);
    r.artifactPath.isEmpty() ? s.bindNull(6) : s.bind(6, r.artifactPath);
    r.artifactSha256.isEmpty() ? s.bindNull(7) : s.bind(7, r.artifactSha256);
    r.message.isEmpty() ? s.bindNull(8) : s.bind(8, r.message);
    s.bind(9, now()).bind(10, runId).run();
}

std::optional<RunSummary> RunStore::run(const QString &runId)
{
    Statement s = m_db.prepare(std::string("SELECT ") + kRunColumns + " FROM training_runs WHERE run_id = ?");
    s.bind(1, runId);
    if (!s.step())
        return std::nullopt;
    return readRun(s);
}

std::vector<RunSummary> RunStore::listRuns(int limit)
{
    Statement s = m_db.prepare(std::string("SELECT ") + kRunColumns
        + " FROM training_runs ORDER BY created_at DESC, run_id DESC LIMIT ?");
    s.bind(1, limit);
    std::vector<RunSummary> out;
    while (s.step())
        out.push_back(readRun(s));
    return out;
}

std::vector<EpochRecord> RunStore::epochs(const QString &runId, int afterEpoch)
{
    Statement s =
        m_db.prepare("SELECT epoch, train_loss, val_loss, val_accuracy, learning_rate, samples_per_second,"
                     " wall_seconds, last_step FROM training_epoch_metrics WHERE run_id = ? AND epoch > ?"
                     " ORDER BY epoch");
    s.bind(1, runId).bind(2, afterEpoch);
    std::vector<EpochRecord> out;
    while (s.step()) {
        EpochRecord e;
        e.epoch = int(s.columnInt64(0));
        e.trainLoss = realOrNaN(s, 1);
        e.valLoss = realOrNaN(s, 2);
        e.valAccuracy = realOrNaN(s, 3);
        e.learningRate = realOrNaN(s, 4);
        e.samplesPerSecond = realOrNaN(s, 5);
        e.wallSeconds = realOrNaN(s, 6);
        e.lastStep = s.columnInt64(7);
        out.push_back(e);
    }
    return out;
}

std::vector<StepRecord> RunStore::steps(const QString &runId, qint64 afterStep, int limit)
{
    Statement s = m_db.prepare("SELECT step, epoch, train_loss, wall_seconds FROM training_step_metrics"
                               " WHERE run_id = ? AND step > ? ORDER BY step LIMIT ?");
    s.bind(1, runId).bind(2, afterStep).bind(3, limit > 0 ? qint64(limit) : qint64(-1));
    std::vector<StepRecord> out;
    while (s.step())
        out.push_back({s.columnInt64(0), s.columnDouble(1), realOrNaN(s, 2), s.columnDouble(3)});
    return out;
}

} // namespace lk::runs
