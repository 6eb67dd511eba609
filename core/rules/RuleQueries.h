#pragma once

// The review queue as the faces ask for it: `rules queue` and `rules show` (CLI), and later
// the REST API and MCP tools. Its filters, order, page (limits::kRulesPage, an offset) and
// JSON shapes are here, once (core/common/Query.h; docs/limits.md, "List queries").

#include "core/common/Query.h"
#include "core/storage/Database.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace lk::rules {

/// Review-queue queries over one workspace connection (the caller's thread owns `db`).
/// Every method throws QueryError for bad parameters, lk::Error otherwise.
class RuleQueries
{
public:
    RuleQueries(storage::Database &db, QString memoryDir);

    /// {"total", "counts_by_status", "offset", "rules": [RuleRow::toJson()...]}: the rules that
    /// pass the filter, in the order asked, a page of them. Parameters: status (comma-separated
    /// statuses), target_agent, priority, min_confidence, max_confidence, conflicts (true to
    /// keep only rules in conflict), search, sort (RuleSort::parse), limit, offset.
    QJsonObject queue(const QJsonObject &params);

    /// One rule as `rules show` prints it: its detail with "similar" rules and its "history".
    QJsonObject rule(const QString &ruleId);

    static QStringList queueParameters();

private:
    storage::Database &m_db;
    QString m_memoryDir;
};

} // namespace lk::rules
