#include "core/rules/ReviewMonitor.h"

#include "core/common/Error.h"
#include "core/logging/Logging.h"
#include "core/storage/Database.h"


#include <algorithm>

namespace lk::rules {

namespace {

constexpr int kDefaultIntervalMs = 1000;
/// The panel keeps every row of its filter (10,000 proposals are a few MB, fine in memory, and
/// sorting them in the UI is faster than asking the database again); past this many the filter
/// has to narrow them.
constexpr qint64 kRowLimit = 200000;

} // namespace

struct ReviewMonitorWorker::Private
{
    std::optional<Workspace> workspace;
    std::optional<storage::Database> db;
    std::optional<ReviewQueue> queue;
    std::optional<qint64> dataVersion;
    RuleFilter filter;
    RuleSort sort;
    quint64 generation = 0;
    QString reviewer;
    QString sessionId;
    QString current; ///< the selected rule
    QString held; ///< the rule this console reserved

    ReviewQueue &q()
    {
        if (!queue) {
            db.emplace(workspace->connect());
            queue.emplace(*db, workspace->memoryDir());
        }
        return *queue;
    }
    void drop()
    {
        queue.reset();
        db.reset();
        dataVersion.reset();
    }
};

ReviewMonitorWorker::ReviewMonitorWorker()
    : MonitorWorker(lcApp(), QStringLiteral("the review queue"))
    , d(new Private)
{ }

ReviewMonitorWorker::~ReviewMonitorWorker()
{
    delete d;
}

void ReviewMonitorWorker::setWorkspace(const std::optional<Workspace> &workspace)
{
    releaseHeld();
    d->drop();
    d->workspace = workspace;
    d->current.clear();
    setSource(workspace.has_value());
    ReviewSnapshot empty;
    empty.query = d->generation;
    publish(empty);
    refresh(true);
}

void ReviewMonitorWorker::setQuery(const RuleFilter &filter, const RuleSort &sort, quint64 generation)
{
    d->filter = filter;
    d->sort = sort;
    d->generation = generation;
    refresh(true);
}

void ReviewMonitorWorker::setReviewer(const QString &reviewer, const QString &sessionId)
{
    // A reservation belongs to a reviewer: a new name must not keep the old one's hold.
    if (reviewer != d->reviewer || sessionId != d->sessionId)
        releaseHeld();
    d->reviewer = reviewer;
    d->sessionId = sessionId;
}

void ReviewMonitorWorker::reset()
{
    d->drop();
}

void ReviewMonitorWorker::poll(bool force)
{
    ReviewQueue &queue = d->q();
    // data_version changes when another connection (another console, the CLI, the REST
    // API) commits; this connection's own writes poll with `force`.
    const qint64 version = d->db->queryInt("PRAGMA data_version").value_or(0);
    if (!force && d->dataVersion && *d->dataVersion == version)
        return;
    ReviewSnapshot s;
    s.hasWorkspace = true;
    s.query = d->generation;
    s.readAt = queue.now();
    // list() sizes its result by the limit: ask for what count() says there is.
    const qint64 matching = queue.count(d->filter);
    s.rows = queue.list(d->filter, d->sort, int(std::clamp<qint64>(matching, 1, kRowLimit)), 0);
    s.counts = queue.countsByStatus();
    for (auto it = s.counts.begin(); it != s.counts.end(); ++it)
        s.totalRules += it.value().toInteger();
    d->dataVersion = version;
    // No fingerprint: data_version above already says whether anything changed.
    offer(std::move(s), QByteArray());
    if (!d->current.isEmpty())
        loadSelection();
}

void ReviewMonitorWorker::loadSelection()
{
    ReviewSelection sel;
    sel.ruleId = d->current;
    try {
        ReviewQueue &queue = d->q();
        sel.detail = queue.rule(d->current);
        sel.similar = queue.similar(d->current);
        sel.history = queue.history(d->current);
        const std::optional<Reservation> &r = sel.detail.reservation;
        sel.reservedByMe = r && r->reviewer == d->reviewer && r->sessionId == d->sessionId;
        if (r && !sel.reservedByMe)
            sel.reserveError = tr("Reserved by %1 until %2").arg(r->reviewer, r->expiresAt.toString(Qt::ISODate));
        sel.ok = true;
    } catch (const Error &e) {
        sel.error = e.message();
    }
    Q_EMIT selectionLoaded(sel);
}

void ReviewMonitorWorker::select(const QString &ruleId, int ttlSeconds)
{
    if (!d->workspace)
        return;
    if (ruleId != d->held)
        releaseHeld();
    d->current = ruleId;
    if (ruleId.isEmpty())
        return;
    try {
        ReviewQueue &queue = d->q();
        const std::optional<RuleDetail> detail = [&]() -> std::optional<RuleDetail> {
            try {
                return queue.rule(ruleId);
            } catch (const Error &) {
                return std::nullopt;
            }
        }();
        if (detail && allows(detail->row.status, RuleCommand::Reserve) && !d->reviewer.isEmpty()) {
            try {
                queue.reserve(ruleId, d->reviewer, d->sessionId, ttlSeconds);
                d->held = ruleId;
            } catch (const Error &) {
                // Someone else holds it: the details loaded below say who and until when.
            }
        }
    } catch (const Error &e) {
        report(e.message());
        return;
    }
    loadSelection();
}

void ReviewMonitorWorker::releaseHeld()
{
    if (d->held.isEmpty() || !d->workspace)
        return;
    const QString held = d->held;
    d->held.clear();
    try {
        d->q().release(held, d->reviewer, d->sessionId);
    } catch (const Error &e) {
        // The reservation expires on its own; a failed release costs the others a few minutes.
        qCWarning(lcApp).noquote() << "cannot release the reservation of" << held << ":" << e.message();
    }
}

void ReviewMonitorWorker::decide(const DecisionRequest &request)
{
    ReviewAction a;
    a.kind = ReviewAction::Kind::Decide;
    a.ruleIds = {request.ruleId};
    a.decision = request.decision;
    a.edited = !request.edit.isEmpty();
    a.reason = request.reason;
    if (!d->workspace) {
        a.message = tr("No workspace is open.");
        Q_EMIT actionDone(a);
        return;
    }
    DecisionRequest r = request;
    r.reviewer = d->reviewer;
    r.sessionId = d->sessionId;
    try {
        a.record = d->q().decide(r);
        a.ok = true;
        if (d->held == request.ruleId)
            d->held.clear(); // a decision releases the reservation
    } catch (const Error &e) {
        a.message = e.message();
    }
    Q_EMIT actionDone(a);
    refresh(true);
}

void ReviewMonitorWorker::undoLast()
{
    ReviewAction a;
    a.kind = ReviewAction::Kind::Undo;
    if (!d->workspace) {
        a.message = tr("No workspace is open.");
        Q_EMIT actionDone(a);
        return;
    }
    try {
        a.record = d->q().undoLast(d->reviewer, d->sessionId);
        a.ruleIds = {a.record.ruleId};
        a.ok = true;
    } catch (const Error &e) {
        a.message = e.message();
    }
    Q_EMIT actionDone(a);
    refresh(true);
}

void ReviewMonitorWorker::bulkPreview(const QStringList &ruleIds, Decision decision)
{
    ReviewAction a;
    a.kind = ReviewAction::Kind::BulkPreview;
    a.ruleIds = ruleIds;
    a.decision = decision;
    try {
        if (!d->workspace)
            throw Error(ErrorKind::Workspace, tr("No workspace is open."));
        a.bulk = d->q().bulkPreview(ruleIds, decision, d->reviewer, d->sessionId);
        a.ok = true;
    } catch (const Error &e) {
        a.message = e.message();
    }
    Q_EMIT actionDone(a);
}

void ReviewMonitorWorker::bulkDecide(const QStringList &ruleIds, Decision decision, const QString &reason)
{
    ReviewAction a;
    a.kind = ReviewAction::Kind::BulkDecide;
    a.ruleIds = ruleIds;
    a.decision = decision;
    a.reason = reason;
    try {
        if (!d->workspace)
            throw Error(ErrorKind::Workspace, tr("No workspace is open."));
        a.bulk = d->q().bulkDecide(ruleIds, decision, d->reviewer, reason, d->sessionId);
        if (a.bulk.decided.contains(d->held))
            d->held.clear();
        a.ok = true;
    } catch (const Error &e) {
        a.message = e.message();
    }
    Q_EMIT actionDone(a);
    refresh(true);
}

// ---------------------------------------------------------------------------------------------

ReviewMonitor::ReviewMonitor(QObject *parent)
    : Monitor(new ReviewMonitorWorker, QStringLiteral("ReviewMonitor"), parent)
    , m_worker(static_cast<ReviewMonitorWorker *>(worker()))
{
    qRegisterMetaType<lk::rules::ReviewSelection>();
    qRegisterMetaType<lk::rules::ReviewAction>();
    setInterval(kDefaultIntervalMs);
    connect(m_worker, &ReviewMonitorWorker::selectionLoaded, this, &ReviewMonitor::selectionLoaded);
    connect(m_worker, &ReviewMonitorWorker::actionDone, this, &ReviewMonitor::actionDone);
}

ReviewMonitor::~ReviewMonitor()
{
    // Leaving gives the reservation back at once rather than making others wait for its expiry.
    QMetaObject::invokeMethod(m_worker, [w = m_worker] { w->releaseHeld(); }, Qt::BlockingQueuedConnection);
    stop();
}

void ReviewMonitor::deliver(const std::any &snapshot)
{
    Q_EMIT snapshotChanged(std::any_cast<const ReviewSnapshot &>(snapshot));
}

void ReviewMonitor::setWorkspace(const std::optional<Workspace> &workspace)
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker, workspace] { w->setWorkspace(workspace); });
}

quint64 ReviewMonitor::setQuery(const RuleFilter &filter, const RuleSort &sort)
{
    const quint64 generation = ++m_query;
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, filter, sort, generation] { w->setQuery(filter, sort, generation); });
    return generation;
}

void ReviewMonitor::setReviewer(const QString &reviewer, const QString &sessionId)
{
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, reviewer, sessionId] { w->setReviewer(reviewer, sessionId); });
}

void ReviewMonitor::select(const QString &ruleId, int ttlSeconds)
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker, ruleId, ttlSeconds] { w->select(ruleId, ttlSeconds); });
}

void ReviewMonitor::decide(const DecisionRequest &request)
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker, request] { w->decide(request); });
}

void ReviewMonitor::undoLast()
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker] { w->undoLast(); });
}

void ReviewMonitor::bulkPreview(const QStringList &ruleIds, Decision decision)
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker, ruleIds, decision] { w->bulkPreview(ruleIds, decision); });
}

void ReviewMonitor::bulkDecide(const QStringList &ruleIds, Decision decision, const QString &reason)
{
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, ruleIds, decision, reason] { w->bulkDecide(ruleIds, decision, reason); });
}

} // namespace lk::rules
