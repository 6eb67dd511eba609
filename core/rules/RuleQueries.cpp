#include "core/rules/RuleQueries.h"

#include "core/rules/ReviewQueue.h"

#include <QJsonArray>

#include <limits>

namespace lk::rules {

namespace {

QJsonArray rowsJson(const std::vector<RuleRow> &rows)
{
    QJsonArray out;
    for (const RuleRow &r : rows)
        out.append(r.toJson());
    return out;
}

QJsonArray decisionsJson(const std::vector<DecisionRecord> &records)
{
    QJsonArray out;
    for (const DecisionRecord &d : records)
        out.append(d.toJson());
    return out;
}

/// A number in [0, 1] under `name`, when given.
std::optional<double> confidence(const QJsonObject &params, const QString &name)
{
    if (params.value(name).isUndefined() || params.value(name).isNull())
        return std::nullopt;
    const double x = query::nonNegative(params, name, 0);
    if (x > 1)
        throw query::invalid(QStringLiteral("%1 must be a number from 0 to 1, not %2.").arg(name).arg(x), name);
    return x;
}

/// true or false under `name` (a JSON boolean, or "true"/"false"/"1"/"0" as a query string
/// says it); false when absent.
bool flag(const QJsonObject &params, const QString &name)
{
    const QJsonValue v = params.value(name);
    if (v.isUndefined() || v.isNull())
        return false;
    if (v.isBool())
        return v.toBool();
    const std::optional<QString> s = query::choice(params, name,
        {QStringLiteral("true"), QStringLiteral("false"), QStringLiteral("1"), QStringLiteral("0")});
    return *s == QLatin1String("true") || *s == QLatin1String("1");
}

} // namespace

RuleQueries::RuleQueries(storage::Database &db, QString memoryDir)
    : m_db(db)
    , m_memoryDir(std::move(memoryDir))
{ }

QStringList RuleQueries::queueParameters()
{
    return {QStringLiteral("status"), QStringLiteral("target_agent"), QStringLiteral("priority"),
        QStringLiteral("min_confidence"), QStringLiteral("max_confidence"), QStringLiteral("conflicts"),
        QStringLiteral("search"), QStringLiteral("sort"), QStringLiteral("limit"), QStringLiteral("offset")};
}

QJsonObject RuleQueries::queue(const QJsonObject &params)
{
    query::rejectUnknown(params, queueParameters());
    RuleFilter filter;
    filter.statuses = query::text(params, QStringLiteral("status"), limits::kMaxTextLength)
                          .split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (QString &s : filter.statuses)
        s = s.trimmed();
    filter.targetAgent = query::text(params, QStringLiteral("target_agent"), limits::kMaxNameLength);
    filter.priority = query::text(params, QStringLiteral("priority"), limits::kMaxNameLength);
    filter.minConfidence = confidence(params, QStringLiteral("min_confidence"));
    filter.maxConfidence = confidence(params, QStringLiteral("max_confidence"));
    filter.conflictsOnly = flag(params, QStringLiteral("conflicts"));
    filter.search = query::text(params, QStringLiteral("search"), limits::kMaxTextLength);
    RuleSort sort;
    const QString sortText = query::text(params, QStringLiteral("sort"), limits::kMaxNameLength);
    if (!sortText.isEmpty()) {
        try {
            sort = RuleSort::parse(sortText);
        } catch (const Error &e) {
            throw query::invalid(e.message(), QStringLiteral("sort"));
        }
    }
    const int limit = query::pageLimit(params, limits::kRulesPage);
    const int offset =
        int(query::wholeNumber(params, QStringLiteral("offset"), 0, 0, std::numeric_limits<int>::max()));

    // One snapshot: the total, the counts and the page agree even while a reviewer decides.
    storage::Transaction snapshot(m_db, storage::Transaction::Kind::Deferred);
    const ReviewQueue queue(m_db, m_memoryDir);
    return QJsonObject{{QStringLiteral("total"), queue.count(filter)},
        {QStringLiteral("counts_by_status"), queue.countsByStatus()}, {QStringLiteral("offset"), offset},
        {QStringLiteral("rules"), rowsJson(queue.list(filter, sort, limit, offset))}};
}

QJsonObject RuleQueries::rule(const QString &ruleId)
{
    storage::Transaction snapshot(m_db, storage::Transaction::Kind::Deferred);
    const ReviewQueue queue(m_db, m_memoryDir);
    QJsonObject out = queue.rule(ruleId).toJson();
    out.insert(QStringLiteral("similar"), rowsJson(queue.similar(ruleId)));
    out.insert(QStringLiteral("history"), decisionsJson(queue.history(ruleId)));
    return out;
}

} // namespace lk::rules
