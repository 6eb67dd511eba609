#include "core/rules/ReviewQueue.h"

#include "core/rules/ReviewRecords.h"

#include "core/common/Error.h"
#include "core/common/StateNames.h"
#include "core/logging/Logging.h"
#include "core/rules/RuleScoring.h"
#include "core/rules/ScopeGuard.h"
#include "core/storage/Database.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

#include <variant>

namespace lk::rules {

using detail::compact;
using detail::iso;
using detail::kDecisionColumns;
using detail::parseObject;
using detail::readDecision;

namespace {

QStringList parseList(const QString &text)
{
    QStringList out;
    for (const QJsonValue &v : QJsonDocument::fromJson(text.toUtf8()).array())
        out << v.toString();
    return out;
}

QJsonValue nullable(const QString &s)
{
    return s.isNull() ? QJsonValue(QJsonValue::Null) : QJsonValue(s);
}

void bindNullable(storage::Statement &s, int index, const QString &value)
{
    if (value.isNull())
        s.bindNull(index);
    else
        s.bind(index, value);
}

QString requireText(const QString &value, const char *what)
{
    const QString t = value.trimmed();
    if (t.isEmpty())
        throw Error(ErrorKind::Usage, QStringLiteral("Give %1").arg(QString::fromLatin1(what)));
    return t;
}

} // namespace

RuleCommand commandOf(Decision decision)
{
    switch (decision) {
    case Decision::Approve: return RuleCommand::Approve;
    case Decision::Reject: return RuleCommand::Reject;
    case Decision::Defer: return RuleCommand::Defer;
    }
    return RuleCommand::Approve;
}

RuleStatus statusAfter(Decision decision, bool edited)
{
    switch (decision) {
    case Decision::Approve: return edited ? RuleStatus::EditedAndApproved : RuleStatus::Approved;
    case Decision::Reject: return RuleStatus::Rejected;
    case Decision::Defer: return RuleStatus::Deferred;
    }
    return RuleStatus::Proposed;
}

QString decisionName(Decision decision, bool edited)
{
    return nameOf(statusAfter(decision, edited));
}

Decision parseDecision(const QString &text)
{
    if (text == QLatin1String("approve"))
        return Decision::Approve;
    if (text == QLatin1String("reject"))
        return Decision::Reject;
    if (text == QLatin1String("defer"))
        return Decision::Defer;
    throw Error(ErrorKind::Usage, QStringLiteral("Unknown decision \"%1\"; use approve, reject or defer").arg(text));
}

RuleSort RuleSort::parse(const QString &textArg)
{
    QString text = textArg.trimmed();
    const bool flip = text.startsWith(QLatin1Char('-'));
    if (flip)
        text.remove(0, 1);
    static const QList<std::pair<QString, Field>> fields{{QStringLiteral("priority"), Field::Priority},
        {QStringLiteral("confidence"), Field::Confidence}, {QStringLiteral("occurrences"), Field::Occurrences},
        {QStringLiteral("created"), Field::Created}, {QStringLiteral("updated"), Field::Updated},
        {QStringLiteral("rule_id"), Field::RuleId}, {QStringLiteral("target_agent"), Field::TargetAgent},
        {QStringLiteral("status"), Field::Status}};
    QStringList names;
    for (const auto &[name, field] : fields) {
        names << name;
        if (name == text) {
            RuleSort s;
            s.field = field;
            const bool descendingByDefault = field == Field::Priority || field == Field::Confidence
                || field == Field::Occurrences || field == Field::Created || field == Field::Updated;
            s.descending = descendingByDefault != flip;
            return s;
        }
    }
    throw Error(ErrorKind::Usage,
        QStringLiteral("Unknown sort field \"%1\"; use one of %2 (a leading '-' reverses it)")
            .arg(textArg, names.join(QStringLiteral(", "))));
}

QJsonObject DecisionRecord::toJson() const
{
    return QJsonObject{{QStringLiteral("id"), id}, {QStringLiteral("rule_id"), ruleId},
        {QStringLiteral("decision"), decision}, {QStringLiteral("reviewer"), reviewer},
        {QStringLiteral("session_id"), sessionId}, {QStringLiteral("decided_at"), decidedAt},
        {QStringLiteral("reason"), nullable(reason)}, {QStringLiteral("status_before"), nameOf(statusBefore)},
        {QStringLiteral("status_after"), nameOf(statusAfter)}, {QStringLiteral("before"), before},
        {QStringLiteral("after"), after}, {QStringLiteral("memory_file"), nullable(memoryFile)},
        {QStringLiteral("undone"), undone},
        {QStringLiteral("undoes"), undoes ? QJsonValue(undoes) : QJsonValue(QJsonValue::Null)}};
}

QJsonObject Reservation::toJson() const
{
    return QJsonObject{{QStringLiteral("rule_id"), ruleId}, {QStringLiteral("reviewer"), reviewer},
        {QStringLiteral("session_id"), sessionId}, {QStringLiteral("reserved_at"), iso(reservedAt)},
        {QStringLiteral("expires_at"), iso(expiresAt)}};
}

QJsonObject RuleRow::toJson() const
{
    return QJsonObject{{QStringLiteral("rule_id"), ruleId}, {QStringLiteral("status"), nameOf(status)},
        {QStringLiteral("target_agent"), targetAgent}, {QStringLiteral("priority"), priority},
        {QStringLiteral("confidence_score"), confidence}, {QStringLiteral("occurrences"), occurrences},
        {QStringLiteral("conflict"), conflict}, {QStringLiteral("trigger_condition"), triggerCondition},
        {QStringLiteral("instruction"), instruction}, {QStringLiteral("created_at"), createdAt},
        {QStringLiteral("updated_at"), updatedAt}, {QStringLiteral("reserved_by"), nullable(reservedBy)},
        {QStringLiteral("reserved_until"), nullable(reservedUntil)}};
}

QJsonObject RuleDetail::toJson() const
{
    QJsonObject o = row.toJson();
    o.insert(QStringLiteral("rule"), rule.toJson());
    o.insert(QStringLiteral("proposed"), proposed.toJson());
    o.insert(QStringLiteral("conflicts_with"), QJsonArray::fromStringList(conflictsWith));
    o.insert(QStringLiteral("conflict_reason"), nullable(conflictReason));
    o.insert(QStringLiteral("source_batches"), QJsonArray::fromStringList(sourceBatches));
    o.insert(QStringLiteral("decided_by"), nullable(decidedBy));
    o.insert(QStringLiteral("decided_at"), nullable(decidedAt));
    o.insert(QStringLiteral("decision_reason"), nullable(decisionReason));
    o.insert(QStringLiteral("memory_file"), nullable(memoryFile));
    o.insert(QStringLiteral("reservation"), reservation ? QJsonValue(reservation->toJson()) : QJsonValue());
    return o;
}

QJsonObject BulkOutcome::toJson() const
{
    QJsonArray skippedJson;
    for (int i = 0; i < skipped.size(); ++i)
        skippedJson.append(QJsonObject{{QStringLiteral("rule_id"), skipped[i]}, {QStringLiteral("reason"), reasons.value(i)}});
    return QJsonObject{{QStringLiteral("decided"), QJsonArray::fromStringList(decided)},
        {QStringLiteral("decided_count"), decided.size()}, {QStringLiteral("skipped"), skippedJson},
        {QStringLiteral("skipped_count"), skipped.size()}, {QStringLiteral("confirmation"), confirmation}};
}

// ------------------------------------------------------------------------------------------------


ReviewQueue::ReviewQueue(storage::Database &db, QString memoryDir)
    : m_db(db)
    , m_files(std::move(memoryDir))
    , m_clock([] { return QDateTime::currentDateTimeUtc(); })
{ }

void ReviewQueue::setClock(Clock clock)
{
    m_clock = std::move(clock);
}

QDateTime ReviewQueue::now() const
{
    return m_clock().toUTC();
}

std::optional<ReviewQueue::Stored> ReviewQueue::load(const QString &ruleId) const
{
    storage::Statement s = m_db.prepare(
        "SELECT rule_json, proposed_json, status, conflict, conflicts_with, conflict_reason, decided_by,"
        " decided_at, decision_reason, memory_file, created_at, updated_at FROM rules WHERE rule_id = ?");
    s.bind(1, ruleId);
    if (!s.step())
        return std::nullopt;
    const auto text = [&s](int c) { return s.columnIsNull(c) ? QString() : s.columnText(c); };
    Stored r;
    r.rule = ProposedRule::fromJson(parseObject(s.columnText(0)));
    r.proposed = ProposedRule::fromJson(parseObject(s.columnText(1)));
    r.status = ruleStatusFromName(s.columnText(2));
    r.conflict = s.columnInt64(3) != 0;
    r.conflictsWith = parseList(s.columnText(4));
    r.conflictReason = text(5);
    r.decidedBy = text(6);
    r.decidedAt = text(7);
    r.decisionReason = text(8);
    r.memoryFile = text(9);
    r.createdAt = s.columnText(10);
    r.updatedAt = s.columnText(11);
    return r;
}

void ReviewQueue::store(const Stored &r, bool insert)
{
    storage::Statement s = m_db.prepare(insert
            ? "INSERT INTO rules (status, rule_json, proposed_json, fingerprint, subject, stance, kind,"
              " target_agent, priority, priority_rank, confidence, occurrences, trigger_condition, instruction,"
              " conflict, conflicts_with, conflict_reason, source_batches, decided_by, decided_at,"
              " decision_reason, memory_file, created_at, updated_at, rule_id)"
              " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19,"
              " ?20, ?21, ?22, ?23, ?24, ?25)"
            : "UPDATE rules SET status = ?1, rule_json = ?2, proposed_json = ?3, fingerprint = ?4, subject = ?5,"
              " stance = ?6, kind = ?7, target_agent = ?8, priority = ?9, priority_rank = ?10,"
              " confidence = ?11, occurrences = ?12, trigger_condition = ?13, instruction = ?14,"
              " conflict = ?15, conflicts_with = ?16, conflict_reason = ?17, source_batches = ?18,"
              " decided_by = ?19, decided_at = ?20, decision_reason = ?21, memory_file = ?22,"
              " created_at = ?23, updated_at = ?24 WHERE rule_id = ?25");
    s.bind(1, nameOf(r.status))
        .bind(2, compact(r.rule.toJson()))
        .bind(3, compact(r.proposed.toJson()))
        .bind(4, r.rule.pattern.fingerprint)
        .bind(5, r.rule.pattern.subject)
        .bind(6, r.rule.pattern.stance)
        .bind(7, r.rule.pattern.kind)
        .bind(8, r.rule.targetAgent)
        .bind(9, r.rule.priority)
        .bind(10, priorityRank(r.rule.priority))
        .bind(11, r.rule.confidence)
        .bind(12, r.rule.evidence.occurrences)
        .bind(13, r.rule.triggerCondition)
        .bind(14, r.rule.instruction)
        .bind(15, r.conflict ? 1 : 0)
        .bind(16, compact(r.conflictsWith));
    bindNullable(s, 17, r.conflictReason);
    s.bind(18, compact(r.rule.evidence.batchIds));
    bindNullable(s, 19, r.decidedBy);
    bindNullable(s, 20, r.decidedAt);
    bindNullable(s, 21, r.decisionReason);
    bindNullable(s, 22, r.memoryFile);
    s.bind(23, r.createdAt).bind(24, r.updatedAt).bind(25, r.rule.ruleId);
    s.run();
    if (!insert && m_db.changes() != 1)
        throw Error(ErrorKind::Internal, QStringLiteral("Rule %1 vanished while it was updated").arg(r.rule.ruleId));
}

// --- ingesting -----------------------------------------------------------------------------------

std::vector<ExistingRule> ReviewQueue::existingRules() const
{
    std::vector<ExistingRule> out;
    storage::Statement s = m_db.prepare("SELECT rule_json, status FROM rules ORDER BY rule_id");
    while (s.step())
        out.push_back(ExistingRule{ProposedRule::fromJson(parseObject(s.columnText(0))), s.columnText(1)});
    return out;
}

void ReviewQueue::addProposals(const std::vector<ProposedRule> &rules)
{
    const QString at = iso(now());
    storage::Transaction tx(m_db);
    for (const ProposedRule &p : rules) {
        if (load(p.ruleId))
            throw Error(ErrorKind::Input, QStringLiteral("Rule %1 is already in the review queue").arg(p.ruleId));
        Stored r;
        r.rule = p;
        r.proposed = p;
        r.status = RuleStatus::Proposed;
        r.createdAt = r.updatedAt = at;
        store(r, true);
    }
    tx.commit();
}

IngestOutcome ReviewQueue::ingestBatchFile(const QString &path, const MiningConfig &config)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw Error(ErrorKind::Input, QStringLiteral("Cannot read the audit batch %1: %2").arg(path, file.errorString()));
    const QByteArray bytes = file.readAll();
    return ingestBatch(bytes, path, config);
}

IngestOutcome ReviewQueue::ingestBatch(QByteArrayView json, const QString &auditFile, const MiningConfig &config)
{
    const QDateTime at = now();
    const QString stamp = iso(at);
    ReportContext ctx;
    ctx.now = at;
    ctx.auditFile = auditFile;

    IngestOutcome out;
    std::vector<std::pair<Stored, Stored>> rewritten; // approved rules whose file changes: before, after
    bool touched = false;
    try {
        // Read the existing rules inside the write transaction: two consoles ingesting at once
        // must not both number new rules from the same highest id or both count one batch.
        storage::Transaction tx(m_db);
        const LearningOutcome learned = learnFromBatch(json, existingRules(), ctx, config);
        out.accepted = learned.accepted;
        out.report = learned.report;
        const MiningResult &m = learned.result;
        for (const ProposedRule &p : m.proposals) {
            Stored r;
            r.rule = r.proposed = p;
            r.status = RuleStatus::Proposed;
            r.createdAt = r.updatedAt = stamp;
            store(r, true);
            out.proposed << p.ruleId;
        }
        for (const RuleConflict &c : m.conflicts) {
            Stored r;
            r.rule = r.proposed = c.proposal;
            r.status = RuleStatus::Proposed;
            r.conflict = true;
            r.conflictReason = c.reason;
            for (const ExistingRule &e : c.contradicts)
                r.conflictsWith << e.rule.ruleId;
            r.createdAt = r.updatedAt = stamp;
            store(r, true);
            out.proposed << c.proposal.ruleId;
            out.conflicting << c.proposal.ruleId;
            // Both sides show the conflict: the reviewer of the old rule sees the new evidence.
            for (const ExistingRule &e : c.contradicts) {
                std::optional<Stored> other = load(e.rule.ruleId);
                if (!other || other->conflictsWith.contains(c.proposal.ruleId))
                    continue;
                other->conflict = true;
                other->conflictsWith << c.proposal.ruleId;
                if (other->conflictReason.isEmpty())
                    other->conflictReason = c.reason;
                other->updatedAt = stamp;
                store(*other, false);
            }
        }
        for (const Reinforcement &re : m.reinforcements) {
            std::optional<Stored> r = load(re.ruleId);
            if (!r)
                continue;
            const Stored before = *r;
            r->rule.evidence = re.total;
            r->rule.confidence = re.confidenceAfter;
            // A priority a reviewer set by hand stays theirs; a mined one follows the evidence.
            if (r->status != RuleStatus::EditedAndApproved)
                r->rule.priority = re.priorityAfter;
            r->updatedAt = stamp;
            store(*r, false);
            out.reinforced << re.ruleId;
            if (isApproved(r->status))
                rewritten.emplace_back(before, *r);
        }
        out.alreadyCounted = m.alreadyCounted;
        storage::Statement log = m_db.prepare(
            "INSERT INTO rule_ingests (batch_id, ingested_at, accepted, proposed, reinforced, conflicts,"
            " already_counted, report_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        const QJsonObject lr = out.report.value(QStringLiteral("output")).toObject().value(QStringLiteral("content")).toObject().value(QStringLiteral("learning_report")).toObject();
        log.bind(1, lr.value(QStringLiteral("batch_id")).toString())
            .bind(2, stamp)
            .bind(3, out.accepted ? 1 : 0)
            .bind(4, out.proposed.size())
            .bind(5, out.reinforced.size())
            .bind(6, out.conflicting.size())
            .bind(7, out.alreadyCounted.size())
            .bind(8, compact(out.report))
            .run();
        touched = !rewritten.empty();
        for (const auto &[before, after] : rewritten)
            syncMemory(before, after);
        tx.commit();
    } catch (...) {
        if (touched)
            for (const auto &[before, after] : rewritten)
                restoreMemory(before, after);
        throw;
    }
    return out;
}

// --- reservations --------------------------------------------------------------------------------

namespace {

/// Why a rule in `status` takes none of the decisions asked for, naming the status and the
/// commands it does take (RuleStates.h).
QString alreadyDecided(const QString &ruleId, RuleStatus status, const QString &by, const QString &at)
{
    if (by.isEmpty())
        return QStringLiteral("Rule %1 is %2; it cannot be decided now. %3")
            .arg(ruleId, nameOf(status), allowedSentence(status));
    return QStringLiteral("Rule %1 was already %2 by %3 at %4; nothing was changed. %5")
        .arg(ruleId, nameOf(status), by, at, allowedSentence(status));
}

/// `status IN (...)` for the statuses that take `command`, for an update guarded in SQL.
std::string statusIn(RuleCommand command)
{
    QStringList names;
    for (RuleStatus s : statusesAllowing(command))
        names.append(nameOf(s));
    return QStringLiteral("status IN (%1)").arg(sqlNameList(names)).toStdString();
}

} // namespace

std::optional<Reservation> ReviewQueue::reservation(const QString &ruleId) const
{
    storage::Statement s = m_db.prepare("SELECT reviewer, session_id, reserved_at, expires_at_ms FROM"
                                        " rule_reservations WHERE rule_id = ? AND expires_at_ms > ?");
    s.bind(1, ruleId).bind(2, now().toMSecsSinceEpoch());
    if (!s.step())
        return std::nullopt;
    return Reservation{ruleId, s.columnText(0), s.columnText(1),
        QDateTime::fromString(s.columnText(2), Qt::ISODateWithMs),
        QDateTime::fromMSecsSinceEpoch(s.columnInt64(3), QTimeZone::utc())};
}

void ReviewQueue::checkReservation(
    const QString &ruleId, const QString &reviewer, const QString &sessionId, const QDateTime &at)
{
    storage::Statement s = m_db.prepare(
        "SELECT reviewer, session_id, expires_at_ms FROM rule_reservations WHERE rule_id = ? AND expires_at_ms > ?");
    s.bind(1, ruleId).bind(2, at.toMSecsSinceEpoch());
    if (s.step() && (s.columnText(0) != reviewer || s.columnText(1) != sessionId))
        throw Error(ErrorKind::Input,
            QStringLiteral("Rule %1 is reserved by %2 (session %3) until %4; wait for it or ask them to release it")
                .arg(ruleId, s.columnText(0), s.columnText(1),
                    iso(QDateTime::fromMSecsSinceEpoch(s.columnInt64(2), QTimeZone::utc()))));
}

Reservation ReviewQueue::reserve(const QString &ruleId, const QString &reviewerArg, const QString &sessionArg, int ttlSeconds)
{
    const QString reviewer = requireText(reviewerArg, "the reviewer");
    const QString session = requireText(sessionArg, "the session");
    if (ttlSeconds <= 0)
        throw Error(ErrorKind::Usage, QStringLiteral("A reservation needs a positive time to live, not %1 s").arg(ttlSeconds));
    const QDateTime at = now();
    storage::Transaction tx(m_db);
    const std::optional<Stored> r = load(ruleId);
    if (!r)
        throw Error(ErrorKind::Input, QStringLiteral("No rule %1 in the review queue").arg(ruleId));
    if (!allows(r->status, RuleCommand::Reserve))
        throw Error(ErrorKind::Input, alreadyDecided(ruleId, r->status, r->decidedBy, r->decidedAt));
    checkReservation(ruleId, reviewer, session, at);
    const Reservation res{ruleId, reviewer, session, at, at.addSecs(ttlSeconds)};
    storage::Statement s = m_db.prepare("INSERT OR REPLACE INTO rule_reservations (rule_id, reviewer, session_id,"
                                        " reserved_at, expires_at_ms) VALUES (?, ?, ?, ?, ?)");
    s.bind(1, ruleId).bind(2, reviewer).bind(3, session).bind(4, iso(at)).bind(5, res.expiresAt.toMSecsSinceEpoch()).run();
    tx.commit();
    return res;
}

bool ReviewQueue::release(const QString &ruleId, const QString &reviewer, const QString &sessionId)
{
    storage::Statement s =
        m_db.prepare("DELETE FROM rule_reservations WHERE rule_id = ? AND reviewer = ? AND session_id = ?");
    s.bind(1, ruleId).bind(2, reviewer).bind(3, sessionId).run();
    return m_db.changes() > 0;
}

// --- deciding ------------------------------------------------------------------------------------

DecisionRecord ReviewQueue::record(const QString &ruleId, const QString &decision, const QString &reviewer,
    const QString &sessionId, const QString &reason, const Stored &before, const Stored &after,
    const QString &memoryFile, qint64 undoes, const QDateTime &at)
{
    DecisionRecord d;
    d.ruleId = ruleId;
    d.decision = decision;
    d.reviewer = reviewer;
    d.sessionId = sessionId;
    d.decidedAt = iso(at);
    d.reason = reason.isEmpty() ? QString() : reason;
    d.statusBefore = before.status;
    d.statusAfter = after.status;
    d.before = before.rule.toJson();
    d.after = after.rule.toJson();
    d.memoryFile = memoryFile;
    d.undoes = undoes;
    storage::Statement s = m_db.prepare(
        "INSERT INTO rule_decisions (rule_id, decision, reviewer, session_id, decided_at, reason, status_before,"
        " status_after, before_json, after_json, memory_file, undoes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    s.bind(1, ruleId).bind(2, decision).bind(3, reviewer).bind(4, sessionId).bind(5, d.decidedAt);
    bindNullable(s, 6, d.reason);
    s.bind(7, nameOf(d.statusBefore)).bind(8, nameOf(d.statusAfter)).bind(9, compact(d.before)).bind(10, compact(d.after));
    bindNullable(s, 11, memoryFile);
    if (undoes)
        s.bind(12, undoes);
    else
        s.bindNull(12);
    s.run();
    d.id = m_db.lastInsertRowId();
    return d;
}

void ReviewQueue::rewriteIndex(const QString &targetAgent)
{
    std::vector<MemoryEntry> entries;
    QStringList approved;
    for (RuleStatus st : allRuleStatuses()) {
        if (isApproved(st))
            approved.append(nameOf(st));
    }
    storage::Statement s = m_db.prepare(QStringLiteral("SELECT rule_json, status, decided_by, decided_at FROM rules"
                                                       " WHERE target_agent = ? AND status IN (%1)")
                                            .arg(sqlNameList(approved))
                                            .toStdString());
    s.bind(1, targetAgent);
    while (s.step()) {
        MemoryEntry e;
        e.rule = ProposedRule::fromJson(parseObject(s.columnText(0)));
        e.status = s.columnText(1);
        e.approvedBy = s.columnText(2);
        e.approvedAt = s.columnText(3);
        e.sourceBatches = e.rule.evidence.batchIds;
        entries.push_back(std::move(e));
    }
    m_files.writeIndex(targetAgent, entries);
}

QString ReviewQueue::syncMemory(const Stored &before, const Stored &after)
{
    const bool was = isApproved(before.status), is = isApproved(after.status);
    QString file;
    if (was && (!is || before.rule.targetAgent != after.rule.targetAgent)) {
        const QString path = m_files.rulePath(before.rule.targetAgent, before.rule.ruleId);
        m_files.removeRule(before.rule.targetAgent, before.rule.ruleId);
        file = m_files.displayPath(path);
    }
    if (is) {
        const MemoryEntry e{after.rule, nameOf(after.status), after.decidedBy, after.decidedAt, after.rule.evidence.batchIds};
        file = m_files.displayPath(m_files.writeRule(e));
    }
    if (was)
        rewriteIndex(before.rule.targetAgent);
    if (is && (!was || before.rule.targetAgent != after.rule.targetAgent))
        rewriteIndex(after.rule.targetAgent);
    return file;
}

void ReviewQueue::restoreMemory(const Stored &before, const Stored &after) noexcept
{
    // The transaction has rolled back: put the files back as the database says they are.
    try {
        syncMemory(after, before);
    } catch (const std::exception &e) {
        qCWarning(lcStorage) << "could not restore the memory files of" << before.rule.ruleId << ":" << e.what();
    }
}

DecisionRecord ReviewQueue::decide(const DecisionRequest &req)
{
    const QString reviewer = requireText(req.reviewer, "the reviewer's name");
    const QString session = req.sessionId.trimmed().isEmpty() ? QStringLiteral("cli") : req.sessionId.trimmed();
    const QString reason = req.reason.trimmed();
    if (req.decision == Decision::Reject && reason.isEmpty())
        throw Error(ErrorKind::Usage, QStringLiteral("Rejecting rule %1 needs a reason").arg(req.ruleId));
    if (!req.edit.isEmpty() && req.decision != Decision::Approve)
        throw Error(ErrorKind::Usage, QStringLiteral("Only an approval can edit the rule's text"));
    const QDateTime at = now();

    bool touched = false;
    Stored before, after;
    try {
        storage::Transaction tx(m_db);
        const std::optional<Stored> current = load(req.ruleId);
        if (!current)
            throw Error(ErrorKind::Input, QStringLiteral("No rule %1 in the review queue").arg(req.ruleId));
        before = *current;
        if (!allows(before.status, commandOf(req.decision)))
            throw Error(ErrorKind::Input, alreadyDecided(req.ruleId, before.status, before.decidedBy, before.decidedAt));
        checkReservation(req.ruleId, reviewer, session, at);

        after = before;
        const RuleEdit &e = req.edit;
        ProposedRule &r = after.rule;
        if (e.targetAgent)
            r.targetAgent = e.targetAgent->trimmed();
        if (e.triggerCondition)
            r.triggerCondition = e.triggerCondition->trimmed();
        if (e.instruction)
            r.instruction = e.instruction->trimmed();
        if (e.rationale)
            r.rationale = e.rationale->trimmed();
        if (e.priority) {
            const QString p = e.priority->trimmed();
            if (p != QLatin1String("high") && p != QLatin1String("medium") && p != QLatin1String("low"))
                throw Error(ErrorKind::Usage, QStringLiteral("Unknown priority \"%1\"; use high, medium or low").arg(p));
            r.priority = p;
        }
        const bool edited = !e.isEmpty() && compact(r.toJson()) != compact(before.rule.toJson());
        if (edited) {
            if (r.triggerCondition.isEmpty() || r.instruction.isEmpty())
                throw Error(ErrorKind::Usage, QStringLiteral("An edited rule needs a trigger condition and an instruction"));
            // A human's text passes the same guard as a mined one: no objective or goal agent, no
            // governance, no raw content.
            const ScopeVerdict verdict = checkScope({r.targetAgent, r.triggerCondition, r.instruction, r.rationale});
            if (!verdict.allowed()) {
                QStringList why;
                for (const ScopeFinding &f : verdict.findings)
                    why << QStringLiteral("%1: %2").arg(f.field, f.reason);
                throw Error(ErrorKind::Input, QStringLiteral("The edited rule %1 is out of scope: %2")
                                                  .arg(req.ruleId, why.join(QStringLiteral("; "))));
            }
        }
        after.status = statusAfter(req.decision, edited);
        after.decidedBy = reviewer;
        after.decidedAt = iso(at);
        after.decisionReason = reason;
        after.updatedAt = iso(at);
        after.memoryFile = isApproved(after.status)
            ? m_files.displayPath(m_files.rulePath(r.targetAgent, r.ruleId))
            : QString();

        // The guard in the WHERE clause is the last word: under BEGIN IMMEDIATE nobody else can
        // have changed the row since it was read, and if anything ever did, nothing is updated.
        storage::Statement claim =
            m_db.prepare("UPDATE rules SET status = status WHERE rule_id = ? AND " + statusIn(commandOf(req.decision)));
        claim.bind(1, req.ruleId).run();
        if (m_db.changes() != 1)
            throw Error(ErrorKind::Input, alreadyDecided(req.ruleId, before.status, before.decidedBy, before.decidedAt));
        store(after, false);
        storage::Statement freed = m_db.prepare("DELETE FROM rule_reservations WHERE rule_id = ?");
        freed.bind(1, req.ruleId).run();
        DecisionRecord d = record(req.ruleId, nameOf(after.status), reviewer, session, reason, before, after,
            after.memoryFile, 0, at);
        touched = true;
        syncMemory(before, after);
        tx.commit();
        return d;
    } catch (...) {
        if (touched)
            restoreMemory(before, after);
        throw;
    }
}

DecisionRecord ReviewQueue::retire(
    const QString &ruleId, const QString &reviewerArg, const QString &reasonArg, const QString &sessionId)
{
    const QString reviewer = requireText(reviewerArg, "the reviewer's name");
    const QString reason = reasonArg.trimmed();
    if (reason.isEmpty())
        throw Error(ErrorKind::Usage, QStringLiteral("Retiring rule %1 needs a reason").arg(ruleId));
    const QDateTime at = now();
    bool touched = false;
    Stored before, after;
    try {
        storage::Transaction tx(m_db);
        const std::optional<Stored> current = load(ruleId);
        if (!current)
            throw Error(ErrorKind::Input, QStringLiteral("No rule %1 in the review queue").arg(ruleId));
        before = *current;
        if (!allows(before.status, RuleCommand::Retire))
            throw Error(ErrorKind::Input, QStringLiteral("Rule %1 is %2; only approved rules can be retired. %3")
                                              .arg(ruleId, nameOf(before.status), allowedSentence(before.status)));
        after = before;
        after.status = RuleStatus::Retired;
        after.decidedBy = reviewer;
        after.decidedAt = iso(at);
        after.decisionReason = reason;
        after.updatedAt = iso(at);
        after.memoryFile.clear();
        store(after, false);
        DecisionRecord d = record(ruleId, nameOf(RuleStatus::Retired), reviewer, sessionId, reason, before, after,
            before.memoryFile, 0, at);
        touched = true;
        syncMemory(before, after);
        tx.commit();
        return d;
    } catch (...) {
        if (touched)
            restoreMemory(before, after);
        throw;
    }
}

DecisionRecord ReviewQueue::undoLast(const QString &reviewerArg, const QString &sessionId)
{
    const QString reviewer = requireText(reviewerArg, "the reviewer's name");
    const QDateTime at = now();
    bool touched = false;
    Stored before, after;
    try {
        storage::Transaction tx(m_db);
        storage::Statement last = m_db.prepare(
            QStringLiteral("SELECT %1 FROM rule_decisions WHERE reviewer = ? AND decision <> 'undo' AND undone = 0"
                           " ORDER BY id DESC LIMIT 1")
                .arg(QString::fromLatin1(kDecisionColumns))
                .toStdString());
        last.bind(1, reviewer);
        if (!last.step())
            throw Error(ErrorKind::Input, QStringLiteral("%1 has no decision left to undo").arg(reviewer));
        const DecisionRecord undone = readDecision(last);
        before = *load(undone.ruleId);
        storage::Statement later = m_db.prepare(
            "SELECT reviewer, decision, decided_at FROM rule_decisions WHERE rule_id = ? AND id > ? AND undone = 0"
            " AND decision <> 'undo' ORDER BY id DESC LIMIT 1");
        later.bind(1, undone.ruleId).bind(2, undone.id);
        if (later.step())
            throw Error(ErrorKind::Input,
                QStringLiteral("Cannot undo %1 of rule %2: %3 decided it since (%4 at %5)")
                    .arg(undone.decision, undone.ruleId, later.columnText(0), later.columnText(1), later.columnText(2)));
        if (before.status != undone.statusAfter)
            throw Error(ErrorKind::Input, QStringLiteral("Cannot undo %1 of rule %2: it is %3 now")
                                              .arg(undone.decision, undone.ruleId, nameOf(before.status)));

        // The text comes back as it was; evidence gathered since stays (it is still true).
        after = before;
        const ProposedRule old = ProposedRule::fromJson(undone.before);
        after.rule.targetAgent = old.targetAgent;
        after.rule.triggerCondition = old.triggerCondition;
        after.rule.instruction = old.instruction;
        after.rule.rationale = old.rationale;
        after.rule.priority = old.priority;
        after.status = undone.statusBefore;
        after.updatedAt = iso(at);
        after.decidedBy.clear();
        after.decidedAt.clear();
        after.decisionReason.clear();
        storage::Statement previous = m_db.prepare(
            "SELECT reviewer, decided_at, reason FROM rule_decisions WHERE rule_id = ? AND id < ? AND undone = 0"
            " AND decision <> 'undo' ORDER BY id DESC LIMIT 1");
        previous.bind(1, undone.ruleId).bind(2, undone.id);
        if (previous.step()) {
            after.decidedBy = previous.columnText(0);
            after.decidedAt = previous.columnText(1);
            after.decisionReason = previous.columnIsNull(2) ? QString() : previous.columnText(2);
        }
        after.memoryFile = isApproved(after.status)
            ? m_files.displayPath(m_files.rulePath(after.rule.targetAgent, after.rule.ruleId))
            : QString();
        store(after, false);
        const QString file = !before.memoryFile.isEmpty() ? before.memoryFile : after.memoryFile;
        DecisionRecord d = record(undone.ruleId, QStringLiteral("undo"), reviewer, sessionId,
            QStringLiteral("undo of %1 (decision %2)").arg(undone.decision).arg(undone.id), before, after, file,
            undone.id, at);
        storage::Statement mark = m_db.prepare("UPDATE rule_decisions SET undone = 1, undone_by = ? WHERE id = ?");
        mark.bind(1, d.id).bind(2, undone.id).run();
        touched = true;
        syncMemory(before, after);
        tx.commit();
        return d;
    } catch (...) {
        if (touched)
            restoreMemory(before, after);
        throw;
    }
}

BulkOutcome ReviewQueue::bulkPreview(
    const QStringList &ruleIds, Decision decision, const QString &reviewer, const QString &sessionId)
{
    BulkOutcome out;
    const QDateTime at = now();
    QSet<QString> seen;
    for (const QString &id : ruleIds) {
        if (seen.contains(id))
            continue;
        seen.insert(id);
        const std::optional<Stored> r = load(id);
        QString why;
        if (!r)
            why = QStringLiteral("No rule %1 in the review queue").arg(id);
        else if (!allows(r->status, commandOf(decision)))
            why = alreadyDecided(id, r->status, r->decidedBy, r->decidedAt);
        else {
            try {
                checkReservation(id, reviewer, sessionId, at);
            } catch (const Error &e) {
                why = e.message();
            }
        }
        if (why.isEmpty()) {
            out.decided << id;
        } else {
            out.skipped << id;
            out.reasons << why;
        }
    }
    static const char *verbs[] = {"Approve", "Reject", "Defer"};
    out.confirmation = QStringLiteral("%1 %2 rule%3?")
                           .arg(QString::fromLatin1(verbs[int(decision)]))
                           .arg(out.decided.size())
                           .arg(out.decided.size() == 1 ? QString() : QStringLiteral("s"));
    if (!out.skipped.isEmpty())
        out.confirmation += QStringLiteral(" %1 of the %2 selected cannot be: they are listed with the reason.")
                                .arg(out.skipped.size())
                                .arg(seen.size());
    return out;
}

BulkOutcome ReviewQueue::bulkDecide(const QStringList &ruleIds, Decision decision, const QString &reviewer,
    const QString &reason, const QString &sessionId)
{
    requireText(reviewer, "the reviewer's name");
    if (decision == Decision::Reject && reason.trimmed().isEmpty())
        throw Error(ErrorKind::Usage, QStringLiteral("Rejecting rules needs a reason"));
    BulkOutcome out;
    QSet<QString> seen;
    for (const QString &id : ruleIds) {
        if (seen.contains(id))
            continue;
        seen.insert(id);
        try {
            DecisionRequest req;
            req.ruleId = id;
            req.decision = decision;
            req.reviewer = reviewer;
            req.sessionId = sessionId;
            req.reason = reason;
            decide(req);
            out.decided << id;
        } catch (const Error &e) {
            if (e.kind() == ErrorKind::Workspace || e.kind() == ErrorKind::Internal)
                throw;
            out.skipped << id;
            out.reasons << e.message();
        }
    }
    static const char *verbs[] = {"Approved", "Rejected", "Deferred"};
    out.confirmation = QStringLiteral("%1 %2 of %3 rules.")
                           .arg(QString::fromLatin1(verbs[int(decision)]))
                           .arg(out.decided.size())
                           .arg(seen.size());
    return out;
}

} // namespace lk::rules
