#include "core/drift/DriftStore.h"

#include <QJsonDocument>

namespace lk::drift {

namespace {

QJsonValue optionalJson(const std::optional<double> &x)
{
    return x ? QJsonValue(*x) : QJsonValue();
}

void bindOptional(storage::Statement &s, int index, const std::optional<double> &x)
{
    if (x)
        s.bind(index, *x);
    else
        s.bindNull(index);
}

std::optional<double> optionalColumn(const storage::Statement &s, int column)
{
    return s.columnIsNull(column) ? std::nullopt : std::optional<double>(s.columnDouble(column));
}

QString compact(const QJsonArray &a)
{
    return QString::fromUtf8(QJsonDocument(a).toJson(QJsonDocument::Compact));
}

} // namespace

QJsonObject StoredWindow::toJson() const
{
    return {{QStringLiteral("id"), id}, {QStringLiteral("node"), node}, {QStringLiteral("model_version"), modelVersion},
        {QStringLiteral("ended_at"), endedAt}, {QStringLiteral("predictions"), predictions},
        {QStringLiteral("escalations"), escalations}, {QStringLiteral("labelled"), labelled},
        {QStringLiteral("correct"), correct}, {QStringLiteral("escalation_rate"), optionalJson(escalationRate)},
        {QStringLiteral("baseline_rate"), optionalJson(baselineRate)}, {QStringLiteral("psi"), optionalJson(psi)},
        {QStringLiteral("ks"),
            QJsonObject{{QStringLiteral("statistic"), optionalJson(ksStatistic)},
                {QStringLiteral("p_value"), optionalJson(ksPValue)}}},
        {QStringLiteral("alert"), alert}, {QStringLiteral("checks"), checks}};
}

QJsonObject StoredAlert::toJson() const
{
    return {{QStringLiteral("id"), id}, {QStringLiteral("window_id"), windowId}, {QStringLiteral("node"), node},
        {QStringLiteral("model_version"), modelVersion}, {QStringLiteral("raised_at"), raisedAt},
        {QStringLiteral("explanation"), explanation}, {QStringLiteral("checks"), checks},
        {QStringLiteral("trigger"), trigger.isEmpty() ? QJsonValue() : QJsonValue(trigger)},
        {QStringLiteral("job_id"), jobId.isEmpty() ? QJsonValue() : QJsonValue(jobId)}};
}

DriftStore::DriftStore(storage::Database &db)
    : m_db(db)
{
}

qint64 DriftStore::addWindow(StoredWindow &w)
{
    storage::Statement s = m_db.prepare(
        "INSERT INTO drift_windows (node, model_version, ended_at, ended_at_ms, predictions, escalations, labelled, "
        "correct, escalation_rate, baseline_rate, psi, ks_statistic, ks_p_value, alert, checks_json) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    s.bind(1, w.node).bind(2, w.modelVersion).bind(3, w.endedAt).bind(4, w.endedAtMs).bind(5, w.predictions);
    s.bind(6, w.escalations).bind(7, w.labelled).bind(8, w.correct);
    bindOptional(s, 9, w.escalationRate);
    bindOptional(s, 10, w.baselineRate);
    bindOptional(s, 11, w.psi);
    bindOptional(s, 12, w.ksStatistic);
    bindOptional(s, 13, w.ksPValue);
    s.bind(14, w.alert ? 1 : 0).bind(15, compact(w.checks)).run();
    w.id = m_db.lastInsertRowId();
    return w.id;
}

qint64 DriftStore::addAlert(StoredAlert &a)
{
    storage::Statement s = m_db.prepare(
        "INSERT INTO drift_alerts (window_id, node, model_version, raised_at, explanation, checks_json, trigger_json, "
        "job_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    s.bind(1, a.windowId).bind(2, a.node).bind(3, a.modelVersion).bind(4, a.raisedAt).bind(5, a.explanation);
    s.bind(6, compact(a.checks));
    if (a.trigger.isEmpty())
        s.bindNull(7);
    else
        s.bind(7, QString::fromUtf8(QJsonDocument(a.trigger).toJson(QJsonDocument::Compact)));
    if (a.jobId.isEmpty())
        s.bindNull(8);
    else
        s.bind(8, a.jobId);
    s.run();
    a.id = m_db.lastInsertRowId();
    return a.id;
}

void DriftStore::updateAlertTrigger(qint64 alertId, const QJsonObject &trigger, const QString &jobId)
{
    storage::Statement s = m_db.prepare("UPDATE drift_alerts SET trigger_json = ?, job_id = ? WHERE id = ?");
    s.bind(1, QString::fromUtf8(QJsonDocument(trigger).toJson(QJsonDocument::Compact)));
    if (jobId.isEmpty())
        s.bindNull(2);
    else
        s.bind(2, jobId);
    s.bind(3, alertId).run();
}

std::vector<StoredWindow> DriftStore::windows(qint64 sinceMs, const QString &node, int limit)
{
    storage::Statement s = m_db.prepare(
        "SELECT id, node, model_version, ended_at, ended_at_ms, predictions, escalations, labelled, correct, "
        "escalation_rate, baseline_rate, psi, ks_statistic, ks_p_value, alert, checks_json FROM drift_windows "
        "WHERE ended_at_ms >= ? AND (? IS NULL OR node = ?) ORDER BY ended_at_ms, id LIMIT ?");
    s.bind(1, sinceMs);
    if (node.isEmpty()) {
        s.bindNull(2);
        s.bindNull(3);
    } else {
        s.bind(2, node).bind(3, node);
    }
    s.bind(4, limit);
    std::vector<StoredWindow> out;
    while (s.step()) {
        StoredWindow w;
        w.id = s.columnInt64(0);
        w.node = s.columnText(1);
        w.modelVersion = s.columnText(2);
        w.endedAt = s.columnText(3);
        w.endedAtMs = s.columnInt64(4);
        w.predictions = s.columnInt64(5);
        w.escalations = s.columnInt64(6);
        w.labelled = s.columnInt64(7);
        w.correct = s.columnInt64(8);
        w.escalationRate = optionalColumn(s, 9);
        w.baselineRate = optionalColumn(s, 10);
        w.psi = optionalColumn(s, 11);
        w.ksStatistic = optionalColumn(s, 12);
        w.ksPValue = optionalColumn(s, 13);
        w.alert = s.columnInt64(14) != 0;
        w.checks = QJsonDocument::fromJson(s.columnText(15).toUtf8()).array();
        out.push_back(std::move(w));
    }
    return out;
}

std::vector<StoredAlert> DriftStore::alerts(int limit)
{
    storage::Statement s = m_db.prepare(
        "SELECT id, window_id, node, model_version, raised_at, explanation, checks_json, trigger_json, job_id "
        "FROM drift_alerts ORDER BY id DESC LIMIT ?");
    s.bind(1, limit);
    std::vector<StoredAlert> out;
    while (s.step()) {
        StoredAlert a;
        a.id = s.columnInt64(0);
        a.windowId = s.columnInt64(1);
        a.node = s.columnText(2);
        a.modelVersion = s.columnText(3);
        a.raisedAt = s.columnText(4);
        a.explanation = s.columnText(5);
        a.checks = QJsonDocument::fromJson(s.columnText(6).toUtf8()).array();
        a.trigger = QJsonDocument::fromJson(s.columnText(7).toUtf8()).object();
        a.jobId = s.columnText(8);
        out.push_back(std::move(a));
    }
    return out;
}

int DriftStore::pruneWindows(qint64 beforeMs)
{
    m_db.prepare("DELETE FROM drift_windows WHERE ended_at_ms < ? AND id NOT IN (SELECT window_id FROM drift_alerts)")
        .bind(1, beforeMs)
        .run();
    return m_db.changes();
}

} // namespace lk::drift
