#include "core/drift/DriftQueries.h"

#include "core/drift/DriftStore.h"

#include <QJsonArray>

namespace lk::drift {

DriftQueries::DriftQueries(storage::Database &db)
    : m_db(db)
{ }

QStringList DriftQueries::alertsParameters()
{
    return {QStringLiteral("limit")};
}

QStringList DriftQueries::windowsParameters()
{
    return {QStringLiteral("minutes"), QStringLiteral("node")};
}

QJsonObject DriftQueries::alerts(const QJsonObject &params)
{
    query::rejectUnknown(params, alertsParameters());
    const int limit = query::pageLimit(params, limits::kDriftAlertsPage);
    QJsonArray list;
    for (const StoredAlert &a : DriftStore(m_db).alerts(limit))
        list.append(a.toJson());
    return {{QStringLiteral("alerts"), list}};
}

QJsonObject DriftQueries::windows(const QJsonObject &params, qint64 nowMs)
{
    query::rejectUnknown(params, windowsParameters());
    const int minutes = query::pageLimit(params, limits::kDriftWindowMinutes, QStringLiteral("minutes"));
    const QString node = query::text(params, QStringLiteral("node"), limits::kMaxIdLength);
    QJsonArray list;
    for (const StoredWindow &w : DriftStore(m_db).windows(nowMs - qint64(minutes) * 60000, node))
        list.append(w.toJson());
    return {{QStringLiteral("windows"), list}};
}

} // namespace lk::drift
