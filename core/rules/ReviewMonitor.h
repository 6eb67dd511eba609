#pragma once

// The console's view of the review queue. A monitor (core/common/Monitor.h) whose worker, with
// its own connection, lists the rules of the current filter, loads the selected rule's details,
// holds the reviewer's reservation and makes the decisions; it reads the queue again only when
// the database changed (PRAGMA data_version) or this console wrote. Answers arrive as signals on
// the thread that owns the monitor, so the UI thread never touches SQLite and never waits for a
// decision.

#include "core/common/Monitor.h"
#include "core/rules/ReviewQueue.h"
#include "core/workspace/Workspace.h"

#include <QDateTime>
#include <QJsonObject>
#include <QObject>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace lk::rules {

/// The rules of one filter, read in one go on the monitor's thread.
struct ReviewSnapshot
{
    bool hasWorkspace = false;
    quint64 query = 0; ///< the setQuery() generation this answers
    QDateTime readAt; ///< UTC
    std::vector<RuleRow> rows; ///< every rule of the filter, in the query's order
    qint64 totalRules = 0; ///< rules in the queue, whatever their state
    QJsonObject counts; ///< countsByStatus()
};

/// What the detail pane shows about one rule.
struct ReviewSelection
{
    QString ruleId;
    bool ok = false; ///< false: `error` says why the rule could not be read
    QString error;
    RuleDetail detail;
    std::vector<RuleRow> similar; ///< same situation or conflicting, most important first
    std::vector<DecisionRecord> history; ///< oldest first
    bool reservedByMe = false; ///< this console holds the rule's reservation
    QString reserveError; ///< why it could not be reserved (someone else holds it, not open)
};

/// The answer to an operator's action.
struct ReviewAction
{
    enum class Kind { Decide, Undo, BulkPreview, BulkDecide };
    Kind kind = Kind::Decide;
    QStringList ruleIds; ///< the rules asked about (Undo: the rule the undo restored)
    Decision decision = Decision::Approve;
    bool edited = false;
    QString reason; ///< the rejection reason asked with it
    bool ok = false;
    QString message; ///< the engine's error when !ok
    DecisionRecord record; ///< Decide and Undo
    BulkOutcome bulk; ///< BulkPreview and BulkDecide
};

class ReviewMonitorWorker;

/// Keeps the review queue's rows and the selected rule up to date for the UI and carries out
/// the reviewer's reservations and decisions off the UI thread. It checks the database for
/// changes every 1000 ms while its panel is shown (setInterval()), and slower while it is not.
class ReviewMonitor : public Monitor
{
    Q_OBJECT
public:
    explicit ReviewMonitor(QObject *parent = nullptr);
    /// Releases this console's reservation and stops the worker's thread.
    ~ReviewMonitor() override;

    /// Watches `workspace` (nullopt: nothing); the first snapshot follows at once.
    void setWorkspace(const std::optional<Workspace> &workspace);
    /// Lists the rules of `filter` in `sort` order from now on; returns the generation that the
    /// answering snapshot carries.
    quint64 setQuery(const RuleFilter &filter, const RuleSort &sort);
    /// Who decides and the console's id (whose reservation counts as the reviewer's own).
    void setReviewer(const QString &reviewer, const QString &sessionId);
    /// Selects `ruleId` (empty: none): gives the previous one's reservation back, reserves this
    /// one for `ttlSeconds` if it is open, and loads its details (selectionLoaded answers).
    /// Selecting the same rule again renews the reservation.
    void select(const QString &ruleId, int ttlSeconds);
    /// One decision about one rule; actionDone answers.
    void decide(const DecisionRequest &request);
    /// Takes back the reviewer's last decision; actionDone answers.
    void undoLast();
    /// What a bulk decision would do, with the confirmation text; actionDone answers.
    void bulkPreview(const QStringList &ruleIds, Decision decision);
    /// Decides each rule (those that cannot be are skipped with the reason); actionDone answers.
    void bulkDecide(const QStringList &ruleIds, Decision decision, const QString &reason);

Q_SIGNALS:
    void snapshotChanged(const lk::rules::ReviewSnapshot &snapshot);
    void selectionLoaded(const lk::rules::ReviewSelection &selection);
    void actionDone(const lk::rules::ReviewAction &action);

protected:
    void deliver(const std::any &snapshot) override;

private:
    ReviewMonitorWorker *m_worker = nullptr;
    quint64 m_query = 0;
};

/// The monitor's thread side; use ReviewMonitor.
class ReviewMonitorWorker : public MonitorWorker
{
    Q_OBJECT
public:
    ReviewMonitorWorker();
    ~ReviewMonitorWorker() override;
    /// Switches to `workspace` (dropping the old connection) and reads it.
    void setWorkspace(const std::optional<Workspace> &workspace);
    /// See ReviewMonitor::setQuery().
    void setQuery(const RuleFilter &filter, const RuleSort &sort, quint64 generation);
    /// See ReviewMonitor::setReviewer().
    void setReviewer(const QString &reviewer, const QString &sessionId);
    /// See ReviewMonitor::select().
    void select(const QString &ruleId, int ttlSeconds);
    /// See ReviewMonitor::decide().
    void decide(const DecisionRequest &request);
    /// See ReviewMonitor::undoLast().
    void undoLast();
    /// See ReviewMonitor::bulkPreview().
    void bulkPreview(const QStringList &ruleIds, Decision decision);
    /// See ReviewMonitor::bulkDecide().
    void bulkDecide(const QStringList &ruleIds, Decision decision, const QString &reason);
    /// Gives this console's reservation back (on leaving).
    void releaseHeld();

Q_SIGNALS:
    void selectionLoaded(const lk::rules::ReviewSelection &selection);
    void actionDone(const lk::rules::ReviewAction &action);

protected:
    /// Reads the rows (and the selected rule) if the database changed; `force` reads anyway.
    void poll(bool force) override;
    void reset() override;

private:
    void loadSelection();

    struct Private;
    Private *d;
};

} // namespace lk::rules

Q_DECLARE_METATYPE(lk::rules::ReviewSnapshot)
Q_DECLARE_METATYPE(lk::rules::ReviewSelection)
Q_DECLARE_METATYPE(lk::rules::ReviewAction)
