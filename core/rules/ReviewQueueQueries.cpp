// The review queue's queries: pages of rules by filter and sort, counts, one rule with its
// evidence, similar rules, and decision history.
#include "core/rules/ReviewQueue.h"

#include "core/common/Error.h"
#include "core/rules/ReviewRecords.h"

#include <QJsonArray>

#include <variant>

namespace lk::rules {

using detail::compact;
using detail::iso;
using detail::kDecisionColumns;
using detail::parseObject;
using detail::readDecision;

namespace {

// A conflict counts while both sides are still in play: rejecting or retiring either settles it
// (and undoing that brings it back), without rewriting rows.
#define LK_LIVE_CONFLICT                                                                                   \
    "(r.conflict <> 0 AND r.status NOT IN ('rejected','retired') AND EXISTS (SELECT 1 FROM"                \
    " json_each(r.conflicts_with) j JOIN rules o ON o.rule_id = j.value"                                   \
    " WHERE o.status NOT IN ('rejected','retired')))"

constexpr const char *kRowColumns =
    "r.rule_id, r.status, r.target_agent, r.priority, r.confidence, r.occurrences, " LK_LIVE_CONFLICT ","
    " r.trigger_condition, r.instruction, r.created_at, r.updated_at, v.reviewer, v.expires_at_ms";
constexpr const char *kRowFrom =
    " FROM rules r LEFT JOIN rule_reservations v ON v.rule_id = r.rule_id AND v.expires_at_ms > ?1";

RuleRow readRow(const storage::Statement &s)
{
    RuleRow r;
    r.ruleId = s.columnText(0);
    r.status = ruleStatusFromName(s.columnText(1));
    r.targetAgent = s.columnText(2);
    r.priority = s.columnText(3);
    r.confidence = s.columnDouble(4);
    r.occurrences = s.columnInt64(5);
    r.conflict = s.columnInt64(6) != 0;
    r.triggerCondition = s.columnText(7);
    r.instruction = s.columnText(8);
    r.createdAt = s.columnText(9);
    r.updatedAt = s.columnText(10);
    if (!s.columnIsNull(11)) {
        r.reservedBy = s.columnText(11);
        r.reservedUntil = iso(QDateTime::fromMSecsSinceEpoch(s.columnInt64(12), QTimeZone::utc()));
    }
    return r;
}

/// WHERE clauses and their values for a filter (values bound from ?2 on; ?1 is "now").
struct Where
{
    QString sql;
    std::vector<std::variant<QString, double>> values;

    void bind(storage::Statement &s) const
    {
        int i = 2;
        for (const auto &v : values) {
            if (const QString *text = std::get_if<QString>(&v))
                s.bind(i++, *text);
            else
                s.bind(i++, std::get<double>(v));
        }
    }
};

Where whereOf(const RuleFilter &f)
{
    Where w;
    QStringList parts;
    const auto param = [&w]() { return QStringLiteral("?%1").arg(w.values.size() + 2); };
    if (!f.statuses.isEmpty()) {
        QStringList marks;
        for (const QString &s : f.statuses) {
            if (!parseRuleStatus(s))
                throw Error(ErrorKind::Usage,
                    QStringLiteral("Unknown status \"%1\"; use one of %2").arg(s, allRuleStatusNames().join(QStringLiteral(", "))));
            marks << param();
            w.values.emplace_back(s);
        }
        parts << QStringLiteral("r.status IN (%1)").arg(marks.join(QLatin1Char(',')));
    }
    if (!f.targetAgent.isEmpty()) {
        parts << QStringLiteral("r.target_agent = %1").arg(param());
        w.values.emplace_back(f.targetAgent);
    }
    if (!f.priority.isEmpty()) {
        if (priorityRank(f.priority) == 0 && f.priority != QLatin1String("low"))
            throw Error(ErrorKind::Usage, QStringLiteral("Unknown priority \"%1\"; use high, medium or low").arg(f.priority));
        parts << QStringLiteral("r.priority = %1").arg(param());
        w.values.emplace_back(f.priority);
    }
    if (f.minConfidence) {
        parts << QStringLiteral("r.confidence >= %1").arg(param());
        w.values.emplace_back(*f.minConfidence);
    }
    if (f.maxConfidence) {
        parts << QStringLiteral("r.confidence <= %1").arg(param());
        w.values.emplace_back(*f.maxConfidence);
    }
    if (f.conflictsOnly)
        parts << QStringLiteral(LK_LIVE_CONFLICT);
    if (!f.search.isEmpty()) {
        const QString p = param();
        parts << QStringLiteral("(instr(r.trigger_condition, %1) > 0 OR instr(r.instruction, %1) > 0"
                                " OR instr(r.rule_id, %1) > 0)")
                     .arg(p);
        w.values.emplace_back(f.search);
    }
    if (!parts.isEmpty())
        w.sql = QStringLiteral(" WHERE ") + parts.join(QStringLiteral(" AND "));
    return w;
}

QString orderBy(const RuleSort &sort)
{
    const char *column = "r.priority_rank";
    switch (sort.field) {
    case RuleSort::Field::Priority: column = "r.priority_rank"; break;
    case RuleSort::Field::Confidence: column = "r.confidence"; break;
    case RuleSort::Field::Occurrences: column = "r.occurrences"; break;
    case RuleSort::Field::Created: column = "r.created_at"; break;
    case RuleSort::Field::Updated: column = "r.updated_at"; break;
    case RuleSort::Field::RuleId: column = "r.rule_id"; break;
    case RuleSort::Field::TargetAgent: column = "r.target_agent"; break;
    case RuleSort::Field::Status: column = "r.status"; break;
    }
    const QString dir = sort.descending ? QStringLiteral(" DESC") : QStringLiteral(" ASC");
    // The tie-break runs in the same direction so that one index (status, column, rule_id)
    // serves the whole ORDER BY.
    if (sort.field == RuleSort::Field::RuleId)
        return QStringLiteral(" ORDER BY r.rule_id") + dir;
    return QStringLiteral(" ORDER BY ") + QString::fromLatin1(column) + dir + QStringLiteral(", r.rule_id") + dir;
}

} // namespace

// --- querying ------------------------------------------------------------------------------------

std::vector<RuleRow> ReviewQueue::list(const RuleFilter &filter, const RuleSort &sort, int limit, int offset) const
{
    const Where w = whereOf(filter);
    // The page is chosen on rule ids alone (an index-only scan, or a sort of small tuples when
    // several statuses are shown), and only its rows are read whole: sorting 10,000 full rows
    // takes a frame or two, sorting their ids a fraction of one.
    const QString order = orderBy(sort);
    const QString sql = QStringLiteral("SELECT %1%2 WHERE r.rule_id IN (SELECT r.rule_id FROM rules r%3%4 LIMIT %5 OFFSET %6)%4")
                            .arg(QString::fromLatin1(kRowColumns), QString::fromLatin1(kRowFrom), w.sql, order)
                            .arg(std::max(0, limit))
                            .arg(std::max(0, offset));
    storage::Statement s = m_db.prepare(sql.toStdString());
    s.bind(1, now().toMSecsSinceEpoch());
    w.bind(s);
    std::vector<RuleRow> rows;
    rows.reserve(size_t(std::max(0, limit)));
    while (s.step())
        rows.push_back(readRow(s));
    return rows;
}

qint64 ReviewQueue::count(const RuleFilter &filter) const
{
    const Where w = whereOf(filter);
    // ?1 is unused here; bind it anyway so the numbering matches list().
    const QString sql = QStringLiteral("SELECT count(*) FROM rules r WHERE (?1 IS NOT NULL)%1")
                            .arg(w.sql.isEmpty() ? QString() : QStringLiteral(" AND ") + w.sql.mid(7));
    storage::Statement s = m_db.prepare(sql.toStdString());
    s.bind(1, qint64(0));
    w.bind(s);
    s.step();
    return s.columnInt64(0);
}

QJsonObject ReviewQueue::countsByStatus() const
{
    QJsonObject out;
    for (RuleStatus st : allRuleStatuses())
        out.insert(nameOf(st), 0);
    storage::Statement s = m_db.prepare("SELECT status, count(*) FROM rules GROUP BY status");
    while (s.step())
        out.insert(s.columnText(0), qint64(s.columnInt64(1)));
    return out;
}

RuleDetail ReviewQueue::rule(const QString &ruleId) const
{
    const std::optional<Stored> r = load(ruleId);
    if (!r)
        throw Error(ErrorKind::Input, QStringLiteral("No rule %1 in the review queue").arg(ruleId));
    storage::Statement s = m_db.prepare(
        QStringLiteral("SELECT %1%2 WHERE r.rule_id = ?2").arg(QString::fromLatin1(kRowColumns), QString::fromLatin1(kRowFrom)).toStdString());
    s.bind(1, now().toMSecsSinceEpoch()).bind(2, ruleId);
    s.step();
    RuleDetail d;
    d.row = readRow(s);
    d.rule = r->rule;
    d.proposed = r->proposed;
    const bool settled = r->status == RuleStatus::Rejected || r->status == RuleStatus::Retired;
    for (const QString &other : settled ? QStringList() : r->conflictsWith) {
        const std::optional<Stored> o = load(other);
        if (o && o->status != RuleStatus::Rejected && o->status != RuleStatus::Retired)
            d.conflictsWith << other;
    }
    d.conflictReason = d.conflictsWith.isEmpty() ? QString() : r->conflictReason;
    d.sourceBatches = r->rule.evidence.batchIds;
    d.decidedBy = r->decidedBy;
    d.decidedAt = r->decidedAt;
    d.decisionReason = r->decisionReason;
    d.memoryFile = r->memoryFile;
    d.reservation = reservation(ruleId);
    return d;
}

std::vector<RuleRow> ReviewQueue::similar(const QString &ruleId, int limit) const
{
    const std::optional<Stored> r = load(ruleId);
    if (!r)
        throw Error(ErrorKind::Input, QStringLiteral("No rule %1 in the review queue").arg(ruleId));
    const QString sql = QStringLiteral("SELECT %1%2 WHERE r.rule_id <> ?2 AND (r.subject = ?3 OR r.fingerprint = ?4"
                                       " OR r.rule_id IN (SELECT value FROM json_each(?5))"
                                       " OR EXISTS (SELECT 1 FROM json_each(r.conflicts_with) WHERE value = ?2))"
                                       " ORDER BY r.priority_rank DESC, r.confidence DESC, r.rule_id LIMIT %3")
                            .arg(QString::fromLatin1(kRowColumns), QString::fromLatin1(kRowFrom))
                            .arg(std::max(0, limit));
    storage::Statement s = m_db.prepare(sql.toStdString());
    s.bind(1, now().toMSecsSinceEpoch())
        .bind(2, ruleId)
        .bind(3, r->rule.pattern.subject)
        .bind(4, r->rule.pattern.fingerprint)
        .bind(5, compact(r->conflictsWith));
    std::vector<RuleRow> rows;
    while (s.step())
        rows.push_back(readRow(s));
    return rows;
}

std::vector<DecisionRecord> ReviewQueue::history(const QString &ruleId) const
{
    storage::Statement s = m_db.prepare(
        QStringLiteral("SELECT %1 FROM rule_decisions WHERE rule_id = ? ORDER BY id").arg(QString::fromLatin1(kDecisionColumns)).toStdString());
    s.bind(1, ruleId);
    std::vector<DecisionRecord> out;
    while (s.step())
        out.push_back(readDecision(s));
    return out;
}

std::vector<DecisionRecord> ReviewQueue::recentDecisions(int limit, const QString &reviewer) const
{
    storage::Statement s = m_db.prepare(QStringLiteral("SELECT %1 FROM rule_decisions WHERE (?1 = '' OR reviewer = ?1)"
                                                       " ORDER BY id DESC LIMIT %2")
                                            .arg(QString::fromLatin1(kDecisionColumns))
                                            .arg(std::max(0, limit))
                                            .toStdString());
    s.bind(1, reviewer.isNull() ? QStringLiteral("") : reviewer);
    std::vector<DecisionRecord> out;
    while (s.step())
        out.push_back(readDecision(s));
    return out;
}

} // namespace lk::rules
