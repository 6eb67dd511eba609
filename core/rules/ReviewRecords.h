#pragma once

// Internal to the review queue (ReviewQueue.cpp and ReviewQueueQueries.cpp): a rules row as
// stored, JSON columns and decision rows.

#include "core/rules/ReviewQueue.h"
#include "core/rules/MemoryRule.h"
#include "core/storage/Database.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace lk::rules {

/// A rules row, whole.
struct ReviewQueue::Stored
{
    ProposedRule rule;
    ProposedRule proposed;
    RuleStatus status = RuleStatus::Proposed;
    bool conflict = false;
    QStringList conflictsWith;
    QString conflictReason;
    QString decidedBy, decidedAt, decisionReason;
    QString memoryFile;
    QString createdAt, updatedAt;
};

} // namespace lk::rules

namespace lk::rules::detail {

inline QString iso(const QDateTime &t)
{
    return t.toUTC().toString(Qt::ISODateWithMs);
}

inline QString compact(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

inline QString compact(const QStringList &list)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(list)).toJson(QJsonDocument::Compact));
}

inline QJsonObject parseObject(const QString &text)
{
    return QJsonDocument::fromJson(text.toUtf8()).object();
}

inline constexpr const char *kDecisionColumns =
    "id, rule_id, decision, reviewer, session_id, decided_at, reason, status_before, status_after,"
    " before_json, after_json, memory_file, undone, undoes";

inline DecisionRecord readDecision(const storage::Statement &s)
{
    DecisionRecord d;
    d.id = s.columnInt64(0);
    d.ruleId = s.columnText(1);
    d.decision = s.columnText(2);
    d.reviewer = s.columnText(3);
    d.sessionId = s.columnText(4);
    d.decidedAt = s.columnText(5);
    d.reason = s.columnIsNull(6) ? QString() : s.columnText(6);
    d.statusBefore = ruleStatusFromName(s.columnText(7));
    d.statusAfter = ruleStatusFromName(s.columnText(8));
    d.before = parseObject(s.columnText(9));
    d.after = parseObject(s.columnText(10));
    d.memoryFile = s.columnIsNull(11) ? QString() : s.columnText(11);
    d.undone = s.columnInt64(12) != 0;
    d.undoes = s.columnIsNull(13) ? 0 : s.columnInt64(13);
    return d;
}

} // namespace lk::rules::detail
