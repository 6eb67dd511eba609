#include "core/rollout/RolloutStore.h"

#include "core/common/Error.h"
#include "core/common/StateNames.h"

#include <QDateTime>
#include <QJsonDocument>

#include <algorithm>

namespace lk::rollout {

namespace {

QString compact(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

QJsonObject parsed(const QString &text)
{
    return QJsonDocument::fromJson(text.toUtf8()).object();
}

void bindOptional(storage::Statement &s, int index, const QString &value)
{
    if (value.isEmpty())
        s.bindNull(index);
    else
        s.bind(index, value);
}

const char *kColumns = "id, model_version, artifact_path, sha256, previous_version, status, paused_from, step_index, "
                       "plan_json, canary_result, score, judge_json, window_started_at, window_ends_at_ms, "
                       "window_extensions, reason, created_by, created_at, updated_at, finished_at, rollback_outcome";

/// "'deploying','monitoring','paused','rolling_back'": the unfinished statuses, for SQL.
QString unfinishedNames()
{
    QStringList names;
    for (RolloutStatus s : allRolloutStatuses()) {
        if (!lk::rollout::isFinished(s))
            names.append(nameOf(s));
    }
    return sqlNameList(names);
}

/// "paused", "rolled back": how a refusal says what could not be done.
QString participle(RolloutCommand command)
{
    switch (command) {
    case RolloutCommand::Pause: return QStringLiteral("paused");
    case RolloutCommand::Resume: return QStringLiteral("resumed");
    case RolloutCommand::Promote: return QStringLiteral("promoted");
    case RolloutCommand::Rollback: return QStringLiteral("rolled back");
    }
    return nameOf(command);
}

/// "a paused rollout", "an aborted rollout".
QString aRollout(RolloutStatus status)
{
    const QString name = nameOf(status);
    const bool vowel = QStringLiteral("aeiou").contains(name.front());
    return QStringLiteral("%1 %2 rollout").arg(vowel ? QStringLiteral("an") : QStringLiteral("a"), name);
}

} // namespace

QString nowIso()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
}

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

QJsonObject RolloutNode::toJson() const
{
    return {{QStringLiteral("node"), node}, {QStringLiteral("tier"), tier}, {QStringLiteral("step"), step},
        {QStringLiteral("state"), nameOf(state)}, {QStringLiteral("attempts"), attempts},
        {QStringLiteral("last_error"), lastError.isEmpty() ? QJsonValue() : QJsonValue(lastError)},
        {QStringLiteral("version_before"), versionBefore.isEmpty() ? QJsonValue() : QJsonValue(versionBefore)}};
}

bool Rollout::isFinished() const
{
    return lk::rollout::isFinished(status);
}

std::vector<RolloutCommand> Rollout::allowedCommands() const
{
    std::vector<RolloutCommand> out = lk::rollout::allowedCommands(status);
    if (plan.isLastStep(stepIndex))
        out.erase(std::remove(out.begin(), out.end(), RolloutCommand::Promote), out.end());
    return out;
}

bool Rollout::allows(RolloutCommand command) const
{
    const std::vector<RolloutCommand> allowed = allowedCommands();
    return std::find(allowed.begin(), allowed.end(), command) != allowed.end();
}

QString Rollout::refusal(RolloutCommand command) const
{
    if (allows(command))
        return {};
    const QString takes = commandSentence(allowedCommands());
    if (isFinished())
        return QStringLiteral("Rollout %1 already ended (%2), so it cannot be %3; %4 takes %5.")
            .arg(id, nameOf(status), participle(command), aRollout(status), takes);
    if (lk::rollout::allows(status, command)) // only promote at the last step gets here
        return QStringLiteral("Rollout %1 is %2 at its last step already, so it cannot be %3; there it takes %4.")
            .arg(id, nameOf(status), participle(command), takes);
    QString text = QStringLiteral("Rollout %1 is %2, so it cannot be %3; %4 takes %5.")
                       .arg(id, nameOf(status), participle(command), aRollout(status), takes);
    if (status == RolloutStatus::Deploying && command == RolloutCommand::Promote)
        text += QStringLiteral(" Promote once step %1 is being watched.").arg(stepIndex + 1);
    return text;
}

int Rollout::deployedCount() const
{
    int n = 0;
    for (const RolloutNode &node : nodes)
        n += node.state == RolloutNodeState::Deployed ? 1 : 0;
    return n;
}

QJsonObject Rollout::deploymentJson() const
{
    // An unfinished rollout's deployment status is "rolling_out"; the finer phase is in "phase".
    QString seedStatus = nameOf(status);
    if (status == RolloutStatus::Deploying || status == RolloutStatus::Monitoring)
        seedStatus = QStringLiteral("rolling_out");
    return {{QStringLiteral("status"), seedStatus}, {QStringLiteral("phase"), nameOf(status)},
        {QStringLiteral("progress"), QStringLiteral("%1/%2 nodes").arg(deployedCount()).arg(nodes.size())},
        {QStringLiteral("canary_result"), canaryResult.isEmpty() ? QJsonValue() : QJsonValue(canaryResult)}};
}

QJsonObject Rollout::toJson() const
{
    QJsonArray nodeArray;
    for (const RolloutNode &n : nodes)
        nodeArray.append(n.toJson());
    QJsonArray steps;
    for (int s : plan.steps)
        steps.append(s);
    return {{QStringLiteral("rollout_id"), id}, {QStringLiteral("model_version"), modelVersion},
        {QStringLiteral("previous_version"), previousVersion.isEmpty() ? QJsonValue() : QJsonValue(previousVersion)},
        {QStringLiteral("sha256"), sha256}, {QStringLiteral("artifact"), artifactPath},
        {QStringLiteral("status"), nameOf(status)}, {QStringLiteral("deployment"), deploymentJson()},
        {QStringLiteral("step"), stepIndex}, {QStringLiteral("step_percent"), plan.steps.at(std::size_t(stepIndex))},
        {QStringLiteral("steps"), steps},
        {QStringLiteral("score"), score ? QJsonValue(*score) : QJsonValue()},
        {QStringLiteral("judgement"), judgement.isEmpty() ? QJsonValue() : QJsonValue(judgement)},
        {QStringLiteral("window_started_at"), windowStartedAt.isEmpty() ? QJsonValue() : QJsonValue(windowStartedAt)},
        {QStringLiteral("window_ends_at"),
            windowEndsAtMs > 0 ? QJsonValue(QDateTime::fromMSecsSinceEpoch(windowEndsAtMs, Qt::UTC).toString(Qt::ISODateWithMs))
                               : QJsonValue()},
        {QStringLiteral("reason"), reason.isEmpty() ? QJsonValue() : QJsonValue(reason)},
        {QStringLiteral("created_by"), createdBy}, {QStringLiteral("created_at"), createdAt},
        {QStringLiteral("updated_at"), updatedAt},
        {QStringLiteral("finished_at"), finishedAt.isEmpty() ? QJsonValue() : QJsonValue(finishedAt)},
        {QStringLiteral("plan"), plan.toJson()}, {QStringLiteral("nodes"), nodeArray}};
}

QJsonObject NodeHealth::toJson() const
{
    return {{QStringLiteral("node"), node}, {QStringLiteral("url"), url}, {QStringLiteral("tier"), tier},
        {QStringLiteral("role"), role}, {QStringLiteral("status"), nameOf(status)},
        {QStringLiteral("model_version"), modelVersion.isEmpty() ? QJsonValue() : QJsonValue(modelVersion)},
        {QStringLiteral("checked_at"), checkedAt.isEmpty() ? QJsonValue() : QJsonValue(checkedAt)},
        {QStringLiteral("last_up_at"), lastUpAt.isEmpty() ? QJsonValue() : QJsonValue(lastUpAt)},
        {QStringLiteral("error"), error.isEmpty() ? QJsonValue() : QJsonValue(error)},
        {QStringLiteral("metrics"), metrics}};
}

RolloutStore::RolloutStore(storage::Database &db)
    : m_db(db)
{
}

Rollout RolloutStore::create(Rollout rollout)
{
    storage::Transaction tx(m_db);
    if (auto open = unfinished())
        throw Error(ErrorKind::Input,
            QStringLiteral("Rollout %1 of %2 is still %3; finish, roll back or wait for it before starting another.")
                .arg(open->id, open->modelVersion, nameOf(open->status)));
    rollout.status = RolloutStatus::Deploying;
    rollout.createdAt = rollout.updatedAt = nowIso();
    storage::Statement s = m_db.prepare(
        "INSERT INTO rollouts (id, model_version, artifact_path, sha256, previous_version, status, step_index, "
        "plan_json, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?)");
    s.bind(1, rollout.id).bind(2, rollout.modelVersion).bind(3, rollout.artifactPath).bind(4, rollout.sha256);
    bindOptional(s, 5, rollout.previousVersion);
    s.bind(6, nameOf(rollout.status)).bind(7, compact(rollout.plan.toJson())).bind(8, rollout.createdBy);
    s.bind(9, rollout.createdAt).bind(10, rollout.updatedAt).run();
    save(rollout);
    addEvent(rollout.id, QStringLiteral("created"),
        QStringLiteral("Rollout of %1 to %2 nodes started by %3 (steps %4 %, window %5 s).")
            .arg(rollout.modelVersion)
            .arg(rollout.nodes.size())
            .arg(rollout.createdBy)
            .arg([&] {
                QStringList steps;
                for (int step : rollout.plan.steps)
                    steps.append(QString::number(step));
                return steps.join(QStringLiteral(" → "));
            }())
            .arg(rollout.plan.windowSeconds));
    tx.commit();
    return rollout;
}

Rollout RolloutStore::read(storage::Statement &s)
{
    Rollout r;
    r.id = s.columnText(0);
    r.modelVersion = s.columnText(1);
    r.artifactPath = s.columnText(2);
    r.sha256 = s.columnText(3);
    r.previousVersion = s.columnText(4);
    r.status = rolloutStatusFromName(s.columnText(5));
    if (!s.columnText(6).isEmpty())
        r.pausedFrom = rolloutStatusFromName(s.columnText(6));
    r.stepIndex = int(s.columnInt64(7));
    r.plan = RolloutPlan::fromJson(parsed(s.columnText(8)));
    r.canaryResult = s.columnText(9);
    if (!s.columnIsNull(10))
        r.score = s.columnDouble(10);
    r.judgement = parsed(s.columnText(11));
    r.windowStartedAt = s.columnText(12);
    r.windowEndsAtMs = s.columnInt64(13);
    r.windowExtensions = int(s.columnInt64(14));
    r.reason = s.columnText(15);
    r.createdBy = s.columnText(16);
    r.createdAt = s.columnText(17);
    r.updatedAt = s.columnText(18);
    r.finishedAt = s.columnText(19);
    r.rollbackOutcome = rolloutStatusFromName(s.columnText(20));
    return r;
}

std::vector<RolloutNode> RolloutStore::nodesOf(const QString &id)
{
    storage::Statement s = m_db.prepare(
        "SELECT node, tier, step, state, attempts, next_attempt_ms, last_error, version_before, window_start_json "
        "FROM rollout_nodes WHERE rollout_id = ? ORDER BY step, node");
    s.bind(1, id);
    std::vector<RolloutNode> nodes;
    while (s.step()) {
        RolloutNode n;
        n.node = s.columnText(0);
        n.tier = s.columnText(1);
        n.step = int(s.columnInt64(2));
        n.state = rolloutNodeStateFromName(s.columnText(3));
        n.attempts = int(s.columnInt64(4));
        n.nextAttemptMs = s.columnInt64(5);
        n.lastError = s.columnText(6);
        n.versionBefore = s.columnText(7);
        n.windowStart = parsed(s.columnText(8));
        nodes.push_back(std::move(n));
    }
    return nodes;
}

std::optional<Rollout> RolloutStore::unfinished()
{
    storage::Statement s = m_db.prepare(std::string("SELECT ") + kColumns + " FROM rollouts WHERE status IN ("
        + unfinishedNames().toStdString() + ") LIMIT 1");
    if (!s.step())
        return std::nullopt;
    Rollout r = read(s);
    r.nodes = nodesOf(r.id);
    return r;
}

std::optional<Rollout> RolloutStore::get(const QString &id)
{
    storage::Statement s = m_db.prepare(std::string("SELECT ") + kColumns + " FROM rollouts WHERE id = ?");
    s.bind(1, id);
    if (!s.step())
        return std::nullopt;
    Rollout r = read(s);
    r.nodes = nodesOf(r.id);
    return r;
}

std::vector<Rollout> RolloutStore::list(int limit)
{
    storage::Statement s =
        m_db.prepare(std::string("SELECT ") + kColumns + " FROM rollouts ORDER BY created_at DESC, id DESC LIMIT ?");
    s.bind(1, limit);
    std::vector<Rollout> all;
    while (s.step())
        all.push_back(read(s));
    for (Rollout &r : all)
        r.nodes = nodesOf(r.id);
    return all;
}

void RolloutStore::save(Rollout &r)
{
    storage::Transaction tx(m_db);
    r.updatedAt = nowIso();
    if (r.isFinished() && r.finishedAt.isEmpty())
        r.finishedAt = r.updatedAt;
    storage::Statement s = m_db.prepare(
        "UPDATE rollouts SET previous_version = ?, status = ?, paused_from = ?, step_index = ?, canary_result = ?, "
        "score = ?, judge_json = ?, window_started_at = ?, window_ends_at_ms = ?, window_extensions = ?, reason = ?, "
        "updated_at = ?, finished_at = ?, rollback_outcome = ? WHERE id = ?");
    bindOptional(s, 1, r.previousVersion);
    s.bind(2, nameOf(r.status));
    bindOptional(s, 3, r.pausedFrom ? nameOf(*r.pausedFrom) : QString());
    s.bind(4, r.stepIndex);
    bindOptional(s, 5, r.canaryResult);
    if (r.score)
        s.bind(6, *r.score);
    else
        s.bindNull(6);
    if (r.judgement.isEmpty())
        s.bindNull(7);
    else
        s.bind(7, compact(r.judgement));
    bindOptional(s, 8, r.windowStartedAt);
    s.bind(9, r.windowEndsAtMs).bind(10, r.windowExtensions);
    bindOptional(s, 11, r.reason);
    s.bind(12, r.updatedAt);
    bindOptional(s, 13, r.finishedAt);
    s.bind(14, nameOf(r.rollbackOutcome)).bind(15, r.id).run();
    storage::Statement n = m_db.prepare(
        "INSERT INTO rollout_nodes (rollout_id, node, tier, step, state, attempts, next_attempt_ms, last_error, "
        "version_before, window_start_json, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (rollout_id, node) DO UPDATE SET step = excluded.step, state = excluded.state, "
        "attempts = excluded.attempts, next_attempt_ms = excluded.next_attempt_ms, last_error = excluded.last_error, "
        "version_before = excluded.version_before, window_start_json = excluded.window_start_json, "
        "updated_at = excluded.updated_at");
    for (const RolloutNode &node : r.nodes) {
        n.bind(1, r.id).bind(2, node.node).bind(3, node.tier).bind(4, node.step).bind(5, nameOf(node.state));
        n.bind(6, node.attempts).bind(7, node.nextAttemptMs);
        bindOptional(n, 8, node.lastError);
        bindOptional(n, 9, node.versionBefore);
        if (node.windowStart.isEmpty())
            n.bindNull(10);
        else
            n.bind(10, compact(node.windowStart));
        n.bind(11, r.updatedAt).run();
        n.reset();
    }
    tx.commit();
}

qint64 RolloutStore::addEvent(
    const QString &rolloutId, const QString &kind, const QString &message, const QString &node, const QJsonObject &detail)
{
    storage::Statement s = m_db.prepare(
        "INSERT INTO rollout_events (rollout_id, at, kind, node, message, detail_json) VALUES (?, ?, ?, ?, ?, ?)");
    s.bind(1, rolloutId).bind(2, nowIso()).bind(3, kind);
    bindOptional(s, 4, node);
    s.bind(5, message);
    if (detail.isEmpty())
        s.bindNull(6);
    else
        s.bind(6, compact(detail));
    s.run();
    return m_db.lastInsertRowId();
}

QJsonArray RolloutStore::events(const QString &rolloutId, qint64 afterId, int limit)
{
    storage::Statement s = m_db.prepare("SELECT id, at, kind, node, message, detail_json FROM rollout_events "
                                        "WHERE rollout_id = ? AND id > ? ORDER BY id LIMIT ?");
    s.bind(1, rolloutId).bind(2, afterId).bind(3, limit);
    QJsonArray out;
    while (s.step()) {
        QJsonObject e{{QStringLiteral("id"), qint64(s.columnInt64(0))}, {QStringLiteral("at"), s.columnText(1)},
            {QStringLiteral("kind"), s.columnText(2)}, {QStringLiteral("message"), s.columnText(4)}};
        if (!s.columnIsNull(3))
            e.insert(QStringLiteral("node"), s.columnText(3));
        if (!s.columnIsNull(5))
            e.insert(QStringLiteral("detail"), parsed(s.columnText(5)));
        out.append(e);
    }
    return out;
}

Rollout RolloutStore::apply(const QString &id, RolloutCommand command, const std::function<void(Rollout &)> &change)
{
    storage::Transaction tx(m_db);
    std::optional<Rollout> r = get(id);
    if (!r)
        throw Error(ErrorKind::Input, QStringLiteral("There is no rollout %1.").arg(id));
    const QString refused = r->refusal(command);
    if (!refused.isEmpty())
        throw Error(ErrorKind::Input, refused);
    change(*r);
    save(*r);
    tx.commit();
    return *r;
}

Rollout RolloutStore::command(const QString &id, RolloutCommand command, const QString &by, const QString &reason)
{
    switch (command) {
    case RolloutCommand::Pause: return pause(id, by, reason);
    case RolloutCommand::Resume: return resume(id, by);
    case RolloutCommand::Promote: return promote(id, by);
    case RolloutCommand::Rollback: return rollback(id, by, reason);
    }
    throw Error(ErrorKind::Internal, QStringLiteral("Unknown rollout command %1.").arg(int(command)));
}

Rollout RolloutStore::pause(const QString &id, const QString &by, const QString &reason)
{
    return apply(id, RolloutCommand::Pause, [&](Rollout &r) {
        r.pausedFrom = r.status;
        r.status = RolloutStatus::Paused;
        r.reason = reason.isEmpty() ? QStringLiteral("Paused by %1.").arg(by) : reason;
        addEvent(id, QStringLiteral("paused"), r.reason, {}, {{QStringLiteral("by"), by}});
    });
}

Rollout RolloutStore::resume(const QString &id, const QString &by)
{
    return apply(id, RolloutCommand::Resume, [&](Rollout &r) {
        r.status = r.pausedFrom.value_or(RolloutStatus::Deploying);
        r.pausedFrom.reset();
        r.reason.clear();
        // A window that ran out while paused is watched again from now.
        if (r.status == RolloutStatus::Monitoring && r.windowEndsAtMs <= nowMs())
            r.status = RolloutStatus::Deploying;
        addEvent(id, QStringLiteral("resumed"), QStringLiteral("Resumed by %1.").arg(by), {},
            {{QStringLiteral("by"), by}});
    });
}

Rollout RolloutStore::promote(const QString &id, const QString &by)
{
    return apply(id, RolloutCommand::Promote, [&](Rollout &r) {
        r.stepIndex += 1;
        r.status = RolloutStatus::Deploying;
        r.pausedFrom.reset();
        r.reason.clear();
        r.canaryResult = QStringLiteral("promoted_by_operator");
        r.windowEndsAtMs = 0;
        r.windowExtensions = 0;
        addEvent(id, QStringLiteral("promoted"),
            QStringLiteral("Promoted by %1 to step %2 (%3 %).").arg(by).arg(r.stepIndex + 1).arg(r.plan.steps.at(std::size_t(r.stepIndex))),
            {}, {{QStringLiteral("by"), by}});
    });
}

Rollout RolloutStore::rollback(const QString &id, const QString &by, const QString &reason)
{
    return apply(id, RolloutCommand::Rollback, [&](Rollout &r) {
        r.status = RolloutStatus::RollingBack;
        r.pausedFrom.reset();
        r.reason = reason.isEmpty() ? QStringLiteral("Rolled back by %1.").arg(by) : reason;
        for (RolloutNode &n : r.nodes) {
            n.attempts = 0;
            n.nextAttemptMs = 0;
        }
        addEvent(id, QStringLiteral("rollback_requested"), r.reason, {}, {{QStringLiteral("by"), by}});
    });
}

void RolloutStore::saveHealth(const NodeHealth &h)
{
    storage::Statement s = m_db.prepare(
        "INSERT INTO fleet_nodes (node, url, tier, role, status, model_version, checked_at, last_up_at, error, "
        "metrics_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (node) DO UPDATE SET url = excluded.url, "
        "tier = excluded.tier, role = excluded.role, status = excluded.status, "
        "model_version = COALESCE(excluded.model_version, fleet_nodes.model_version), "
        "checked_at = excluded.checked_at, last_up_at = COALESCE(excluded.last_up_at, fleet_nodes.last_up_at), "
        "error = excluded.error, metrics_json = COALESCE(excluded.metrics_json, fleet_nodes.metrics_json)");
    s.bind(1, h.node).bind(2, h.url).bind(3, h.tier).bind(4, h.role).bind(5, nameOf(h.status));
    bindOptional(s, 6, h.modelVersion);
    bindOptional(s, 7, h.checkedAt);
    bindOptional(s, 8, h.lastUpAt);
    bindOptional(s, 9, h.error);
    if (h.metrics.isEmpty())
        s.bindNull(10);
    else
        s.bind(10, compact(h.metrics));
    s.run();
}

std::vector<NodeHealth> RolloutStore::health()
{
    storage::Statement s = m_db.prepare("SELECT node, url, tier, role, status, model_version, checked_at, last_up_at, "
                                        "error, metrics_json FROM fleet_nodes ORDER BY node");
    std::vector<NodeHealth> all;
    while (s.step()) {
        NodeHealth h;
        h.node = s.columnText(0);
        h.url = s.columnText(1);
        h.tier = s.columnText(2);
        h.role = s.columnText(3);
        h.status = fleet::nodeHealthStatusFromName(s.columnText(4));
        h.modelVersion = s.columnText(5);
        h.checkedAt = s.columnText(6);
        h.lastUpAt = s.columnText(7);
        h.error = s.columnText(8);
        h.metrics = parsed(s.columnText(9));
        all.push_back(std::move(h));
    }
    return all;
}

void RolloutStore::keepHealthOnly(const QStringList &nodes)
{
    storage::Transaction tx(m_db);
    QStringList stale;
    for (const NodeHealth &h : health()) {
        if (!nodes.contains(h.node))
            stale.append(h.node);
    }
    storage::Statement s = m_db.prepare("DELETE FROM fleet_nodes WHERE node = ?");
    for (const QString &node : stale) {
        s.bind(1, node).run();
        s.reset();
    }
    tx.commit();
}

bool RolloutStore::acquireLease(const QString &name, const QString &owner, qint64 ttlMs)
{
    storage::Transaction tx(m_db);
    const qint64 now = nowMs();
    storage::Statement s = m_db.prepare(
        "INSERT INTO fleet_leases (name, owner, expires_at_ms) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET "
        "owner = excluded.owner, expires_at_ms = excluded.expires_at_ms "
        "WHERE fleet_leases.owner = excluded.owner OR fleet_leases.expires_at_ms <= ?");
    s.bind(1, name).bind(2, owner).bind(3, now + ttlMs).bind(4, now).run();
    const bool taken = m_db.changes() > 0;
    tx.commit();
    return taken;
}

void RolloutStore::releaseLease(const QString &name, const QString &owner)
{
    m_db.prepare("DELETE FROM fleet_leases WHERE name = ? AND owner = ?").bind(1, name).bind(2, owner).run();
}

} // namespace lk::rollout
