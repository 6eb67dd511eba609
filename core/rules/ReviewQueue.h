#pragma once

// The review queue of memory rules (docs/memory-rules.md): a human decides before anything is
// written to context/memory/. Stored in the workspace database (schema 6:
// rules, rule_decisions, rule_reservations, rule_ingests).
//
// States and which command each takes: RuleStates.h (docs/states.md); a rejection and a
// retirement need a reason.
// Every decision is a row of rule_decisions with the reviewer, the time, the reason and the
// rule's text before and after; rows are never deleted (an undo marks its decision undone and
// adds an "undo" row).
//
// Several consoles may open one workspace. Each decision is one BEGIN IMMEDIATE transaction that
// re-reads the rule's state and updates it only from an undecided state (UPDATE ... WHERE status
// IN ('proposed','deferred')), so of two consoles deciding the same rule exactly one wins and the
// other gets lk::Error naming who decided it and when. A reviewer may reserve the rule they are
// looking at; an unexpired reservation of someone else blocks reserving and deciding it, an
// expired one may be taken over, and a decision releases it.
//
// Only approved rules reach context/memory/ (MemoryFiles). The file and the agent's index are
// written inside the decision's transaction, before the commit: if the write fails, nothing is
// decided; if the commit fails, the file is taken back.
//
// The clock is injectable (setClock) so that expiry is tested without sleeping.

#include "core/rules/LearningReport.h"
#include "core/rules/MemoryFiles.h"
#include "core/rules/MemoryRule.h"
#include "core/rules/RuleStates.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>
#include <vector>

namespace lk::storage {
class Database;
}

namespace lk::rules {

/// What a reviewer decides about an open rule.
enum class Decision { Approve, Reject, Defer };
/// The command a decision is (approve, reject, defer).
RuleCommand commandOf(Decision decision);

/// A reviewer's changes to a rule's text before approving it (unset: unchanged).
struct RuleEdit
{
    std::optional<QString> targetAgent;
    std::optional<QString> triggerCondition;
    std::optional<QString> instruction;
    std::optional<QString> rationale;
    std::optional<QString> priority; ///< high | medium | low

    bool isEmpty() const
    {
        return !targetAgent && !triggerCondition && !instruction && !rationale && !priority;
    }
};

/// One decision to make.
struct DecisionRequest
{
    QString ruleId;
    Decision decision = Decision::Approve;
    QString reviewer;
    QString sessionId; ///< the console (or "cli"): whose reservation counts as the reviewer's own
    QString reason; ///< required for a rejection
    RuleEdit edit; ///< only with Approve: then the state is edited_and_approved
};

/// One row of rule_decisions.
struct DecisionRecord
{
    qint64 id = 0;
    QString ruleId;
    QString decision; ///< approved, edited_and_approved, rejected, deferred, retired or undo
    QString reviewer;
    QString sessionId;
    QString decidedAt;
    QString reason;
    RuleStatus statusBefore = RuleStatus::Proposed;
    RuleStatus statusAfter = RuleStatus::Proposed;
    QJsonObject before, after; ///< the rule's JSON before and after
    QString memoryFile; ///< written (or removed) file, relative to the workspace; empty if none
    bool undone = false;
    qint64 undoes = 0; ///< for an undo row: the decision it took back

    /// Every member under its snake_case name.
    QJsonObject toJson() const;
};

/// A reviewer's hold on a rule while they look at it.
struct Reservation
{
    QString ruleId;
    QString reviewer;
    QString sessionId;
    QDateTime reservedAt;
    QDateTime expiresAt;

    /// rule_id, reviewer, session_id, reserved_at, expires_at.
    QJsonObject toJson() const;
};

/// Which rules list() and count() return. Empty members do not filter.
struct RuleFilter
{
    QStringList statuses; ///< stored names (RuleStates.h); an unknown one is refused with lk::Error(Usage)
    QString targetAgent;
    QString priority;
    std::optional<double> minConfidence, maxConfidence; ///< inclusive
    bool conflictsOnly = false;
    QString search; ///< a substring of the trigger condition, instruction or rule id
};

/// How list() orders rules; ties are broken by rule_id in the same direction.
struct RuleSort
{
    enum class Field { Priority, Confidence, Occurrences, Created, Updated, RuleId, TargetAgent, Status };
    Field field = Field::Priority;
    bool descending = true;

    /// Parses "priority", "-confidence", "created", ... (a leading '-' flips the default
    /// direction, which is descending for priority, confidence, occurrences, created, updated);
    /// throws lk::Error(Usage) naming the valid fields.
    static RuleSort parse(const QString &text);
};

/// A rule as the queue lists it: what a table row shows.
struct RuleRow
{
    QString ruleId;
    RuleStatus status = RuleStatus::Proposed;
    QString targetAgent;
    QString priority;
    double confidence = 0;
    qint64 occurrences = 0;
    bool conflict = false;
    QString triggerCondition;
    QString instruction;
    QString createdAt, updatedAt;
    QString reservedBy; ///< empty unless an unexpired reservation holds it
    QString reservedUntil;

    /// Every member under its snake_case name.
    QJsonObject toJson() const;
};

/// Everything about one rule: its row, its full text and evidence, the text as mined.
struct RuleDetail
{
    RuleRow row;
    ProposedRule rule; ///< current text (after edits) with evidence
    ProposedRule proposed; ///< as the miner proposed it
    QStringList conflictsWith;
    QString conflictReason;
    QStringList sourceBatches;
    QString decidedBy, decidedAt, decisionReason;
    QString memoryFile; ///< relative to the workspace; empty unless approved
    std::optional<Reservation> reservation;

    /// The row's members plus rule, proposed, conflicts_with, conflict_reason, source_batches,
    /// decided_by, decided_at, decision_reason, memory_file, reservation.
    QJsonObject toJson() const;
};

/// What bulkPreview() / bulkDecide() found or did.
struct BulkOutcome
{
    QStringList decided; ///< (preview: would be decided)
    QStringList skipped; ///< ids that were not decided
    QStringList reasons; ///< why, one per skipped id
    QString confirmation; ///< e.g. "Approve 12 rules? 3 of the 15 selected cannot be approved."

    /// decided, decided_count, skipped [{rule_id, reason}], skipped_count, confirmation.
    QJsonObject toJson() const;
};

/// What ingestBatch() did.
struct IngestOutcome
{
    bool accepted = false; ///< false: the batch was invalid, nothing stored
    QJsonObject report; ///< the learning_report envelope
    QStringList proposed; ///< new rule ids (conflicting ones included)
    QStringList reinforced;
    QStringList conflicting; ///< new rules that contradict existing ones
    QStringList alreadyCounted;
};

/// The clock the queue reads; QDateTime::currentDateTimeUtc unless a test sets another.
using Clock = std::function<QDateTime()>;

/// The review queue on one database connection (one per thread, like the connection).
class ReviewQueue
{
public:
    /// `memoryDir` is the workspace's context/memory/ folder.
    ReviewQueue(storage::Database &db, QString memoryDir);

    /// Replaces the clock (tests; a console may keep it).
    void setClock(Clock clock);
    /// The clock's time now, UTC.
    QDateTime now() const;

    // --- ingesting --------------------------------------------------------------------------

    /// Reads, validates and mines a batch against the stored rules and stores the result in
    /// one transaction: new proposals, reinforcements (evidence, confidence, priority; memory
    /// files of approved rules rewritten), conflicts marked on both sides. Mining the same
    /// batch again changes nothing. An invalid batch stores nothing (accepted false).
    IngestOutcome ingestBatch(QByteArrayView json, const QString &auditFile = {}, const MiningConfig &config = {});
    /// The same for a file; throws lk::Error(Input) if it cannot be read.
    IngestOutcome ingestBatchFile(const QString &path, const MiningConfig &config = {});
    /// Every stored rule with its status as state, as the miner reads them.
    std::vector<ExistingRule> existingRules() const;
    /// Stores proposals as they are (for importers and benchmarks; ingestBatch is the normal
    /// way). Throws lk::Error(Input) if a rule id is taken.
    void addProposals(const std::vector<ProposedRule> &rules);

    // --- reservations -----------------------------------------------------------------------

    /// Reserves an open rule for `ttlSeconds`; renews one's own. Throws lk::Error(Input) if
    /// someone else holds an unexpired reservation (naming them and until when) or the rule is
    /// not open. Expired reservations are taken over.
    Reservation reserve(const QString &ruleId, const QString &reviewer, const QString &sessionId, int ttlSeconds = 300);
    /// Gives one's reservation back; false if one held none.
    bool release(const QString &ruleId, const QString &reviewer, const QString &sessionId);
    /// The unexpired reservation of a rule, if any.
    std::optional<Reservation> reservation(const QString &ruleId) const;

    // --- deciding ---------------------------------------------------------------------------

    /// Makes one decision atomically (see the file comment). Throws lk::Error(Usage) for a
    /// malformed request (no reviewer, a rejection without reason, an edit that is not an
    /// approval), lk::Error(Input) if the rule is unknown, already decided (by whom, when),
    /// reserved by someone else, or the edited text is out of scope (with the guard's reasons),
    /// lk::Error(Workspace) if the memory file cannot be written (then nothing changed).
    DecisionRecord decide(const DecisionRequest &request);
    /// Takes an approved rule out of memory (file removed, index rewritten), audited; a reason
    /// is required.
    DecisionRecord retire(const QString &ruleId, const QString &reviewer, const QString &reason,
        const QString &sessionId = QStringLiteral("cli"));
    /// Undoes the reviewer's last decision that is not undone yet: the rule gets its previous
    /// state and text back, its memory file is written or removed to match, and an "undo" row
    /// records it. Throws lk::Error(Input) if there is none or the rule changed since.
    DecisionRecord undoLast(const QString &reviewer, const QString &sessionId = QStringLiteral("cli"));

    /// What bulkDecide() would do now, and the confirmation to show ("Approve 12 rules?").
    BulkOutcome bulkPreview(const QStringList &ruleIds, Decision decision, const QString &reviewer,
        const QString &sessionId = QStringLiteral("cli"));
    /// Decides each rule in its own transaction (so a console racing on some of them loses
    /// only those); rules that cannot be decided are skipped with the reason.
    BulkOutcome bulkDecide(const QStringList &ruleIds, Decision decision, const QString &reviewer,
        const QString &reason, const QString &sessionId = QStringLiteral("cli"));

    // --- querying ---------------------------------------------------------------------------

    /// One page of rules; an index serves each filter and sort so that a page of 10,000
    /// proposals takes well under a frame.
    std::vector<RuleRow> list(const RuleFilter &filter = {}, const RuleSort &sort = {}, int limit = 200, int offset = 0) const;
    /// How many rules match.
    qint64 count(const RuleFilter &filter = {}) const;
    /// Counts by status (every status present, zero included).
    QJsonObject countsByStatus() const;
    /// One rule; throws lk::Error(Input) if unknown.
    RuleDetail rule(const QString &ruleId) const;
    /// Rules about the same situation (same pattern subject or fingerprint) and those it
    /// conflicts with, most important first; the rule itself excluded.
    std::vector<RuleRow> similar(const QString &ruleId, int limit = 50) const;
    /// The decisions about a rule, oldest first.
    std::vector<DecisionRecord> history(const QString &ruleId) const;
    /// The last decisions, newest first, optionally by one reviewer.
    std::vector<DecisionRecord> recentDecisions(int limit = 50, const QString &reviewer = {}) const;

private:
    struct Stored;
    std::optional<Stored> load(const QString &ruleId) const;
    void checkReservation(const QString &ruleId, const QString &reviewer, const QString &sessionId, const QDateTime &at);
    DecisionRecord record(const QString &ruleId, const QString &decision, const QString &reviewer,
        const QString &sessionId, const QString &reason, const Stored &before, const Stored &after,
        const QString &memoryFile, qint64 undoes, const QDateTime &at);
    QString syncMemory(const Stored &before, const Stored &after);
    void restoreMemory(const Stored &before, const Stored &after) noexcept;
    void rewriteIndex(const QString &targetAgent);
    void store(const Stored &s, bool insert);

    storage::Database &m_db;
    MemoryFiles m_files;
    Clock m_clock;
};

/// The status a decision leaves the rule in; Approve with an edit is edited_and_approved.
RuleStatus statusAfter(Decision decision, bool edited = false);
/// The name of a decision as stored ("approved", "rejected", "deferred"); Approve with an edit
/// is "edited_and_approved".
QString decisionName(Decision decision, bool edited = false);
/// Parses "approve", "reject", "defer"; throws lk::Error(Usage).
Decision parseDecision(const QString &text);

} // namespace lk::rules
