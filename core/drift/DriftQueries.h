#pragma once

// Drift as every face asks for it: `drift alerts` / `drift windows` (CLI), GET /api/drift/alerts
// and /api/drift/windows (REST), list_drift_alerts (MCP). The defaults, bounds and order are
// here, once: limits::kDriftAlertsPage and kDriftWindowMinutes (docs/limits.md, "List queries").

#include "core/common/Query.h"
#include "core/storage/Database.h"

#include <QDateTime>
#include <QJsonObject>
#include <QStringList>

namespace lk::drift {

/// Drift queries over one workspace connection (the caller's thread owns `db`). Every method
/// throws QueryError for bad parameters, lk::Error otherwise.
class DriftQueries
{
public:
    explicit DriftQueries(storage::Database &db);

    /// {"alerts": [StoredAlert::toJson()...]}, newest first. Parameters: limit.
    QJsonObject alerts(const QJsonObject &params);

    /// {"windows": [StoredWindow::toJson()...]}: the windows that ended in the last `minutes`
    /// before `nowMs`, oldest first. Parameters: minutes, node (only this node's).
    QJsonObject windows(const QJsonObject &params, qint64 nowMs = QDateTime::currentMSecsSinceEpoch());

    static QStringList alertsParameters();
    static QStringList windowsParameters();

private:
    storage::Database &m_db;
};

} // namespace lk::drift
