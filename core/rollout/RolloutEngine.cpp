#include "core/rollout/RolloutEngine.h"

#include "core/common/Error.h"
#include "core/common/FileDigest.h"
#include "core/common/Limits.h"
#include "core/common/RequestFiles.h"
#include "core/loop/ModelRegistry.h"
#include "core/loop/Notifier.h"
#include "core/training/Classifier.h"

#include <QFile>
#include <QJsonArray>
#include <QUuid>

#include <map>

namespace lk::rollout {

namespace {

/// A node's counters for one model version, from GET /v1/metrics.
struct Counters
{
    qint64 predictions = 0;
    qint64 escalations = 0;
    qint64 errors = 0;
    qint64 labelled = 0;
    qint64 agreed = 0;
    qint64 cursor = 0; ///< the last observation's sequence number
};

Counters countersFrom(const QJsonObject &metrics, const QString &version)
{
    Counters c;
    c.predictions = metrics.value(QStringLiteral("predictions")).toInteger();
    c.escalations = metrics.value(QStringLiteral("escalations")).toInteger();
    c.errors = metrics.value(QStringLiteral("errors")).toInteger();
    const QJsonObject byModel = metrics.value(QStringLiteral("escalation"))
                                    .toObject()
                                    .value(QStringLiteral("by_model"))
                                    .toObject()
                                    .value(version)
                                    .toObject();
    c.labelled = byModel.value(QStringLiteral("teacher_answers")).toInteger();
    c.agreed = byModel.value(QStringLiteral("teacher_agreed")).toInteger();
    // Observations are numbered from 1 per prediction for the life of the node process.
    c.cursor = c.predictions;
    return c;
}

QJsonObject countersJson(const QJsonObject &metrics)
{
    return {{QStringLiteral("metrics"), metrics}, {QStringLiteral("taken_at_ms"), nowMs()}};
}

/// What the node did between `start` and `now`; a node restarted since (counters went back)
/// counts from its restart.
GroupWindow delta(const QJsonObject &startMetrics, const QJsonObject &nowMetrics, const QString &version)
{
    const Counters a = countersFrom(startMetrics, version);
    const Counters b = countersFrom(nowMetrics, version);
    const bool restarted = b.predictions < a.predictions || b.errors < a.errors;
    GroupWindow g;
    g.nodes = 1;
    g.predictions = restarted ? b.predictions : b.predictions - a.predictions;
    g.escalations = restarted ? b.escalations : b.escalations - a.escalations;
    g.errors = restarted ? b.errors : b.errors - a.errors;
    g.labelled = restarted || b.labelled < a.labelled ? b.labelled : b.labelled - a.labelled;
    g.agreed = restarted || b.agreed < a.agreed ? b.agreed : b.agreed - a.agreed;
    return g;
}

QString mostCommon(const std::map<QString, int> &counts)
{
    QString best;
    int n = 0;
    for (const auto &[version, count] : counts) {
        if (count > n) {
            best = version;
            n = count;
        }
    }
    return best;
}

} // namespace

RolloutEngine::RolloutEngine(
    storage::Database &db, fleet::FleetConfig fleet, fleet::NodeClient &client, loop::Notifier *notifier)
    : m_store(db)
    , m_fleet(std::move(fleet))
    , m_client(client)
    , m_notifier(notifier)
{
}

const fleet::FleetNode *RolloutEngine::nodeFor(const RolloutNode &n) const
{
    const fleet::FleetNode *node = m_fleet.find(n.node);
    return node && node->isEdge() ? node : nullptr;
}

Rollout RolloutEngine::start(const StartRequest &request)
{
    if (request.modelVersion.trimmed().isEmpty())
        throw Error(ErrorKind::Input, QStringLiteral("A rollout needs the version name of the model it rolls out."));
    if (!QFile::exists(request.artifactPath))
        throw Error(ErrorKind::Input,
            QStringLiteral("The artifact %1 of %2 does not exist.").arg(request.artifactPath, request.modelVersion));
    // Before anything opens it: a FIFO would block and a device never end.
    requireRegularFile(request.artifactPath, limits::kMaxArtifactBytes, QStringLiteral("The artifact"));
    const QString actual = fileSha256(request.artifactPath);
    if (!request.sha256.isEmpty() && actual != request.sha256.toLower())
        throw Error(ErrorKind::Input,
            QStringLiteral("The artifact %1 has sha256 %2, not %3 as registered for %4: it changed or is corrupted. "
                           "Nothing was deployed.")
                .arg(request.artifactPath, actual, request.sha256.toLower(), request.modelVersion));
    const std::vector<fleet::FleetNode> edges = rolloutOrder(m_fleet.edgeNodes());
    if (edges.empty())
        throw Error(ErrorKind::Input, QStringLiteral("The fleet has no edge nodes to roll out to."));
    if (request.plan.steps.size() > 1 && edges.size() < 2)
        throw Error(ErrorKind::Input,
            QStringLiteral("A canary needs at least 2 edge nodes (one canary, one primary to compare with); the fleet "
                           "has %1. Use steps [100] to deploy to it directly.")
                .arg(edges.size()));

    try {
        // The nodes test-load it too; a file that is not a model is refused here, before any
        // node is asked to take it.
        training::Classifier probe(request.artifactPath);
    } catch (const Error &e) {
        throw Error(ErrorKind::Input,
            QStringLiteral("%1 cannot be rolled out: %2. Nothing was started.").arg(request.modelVersion, e.message()));
    }
    std::vector<fleet::NodeRequest> healthRequests;
    for (const fleet::FleetNode &n : edges)
        healthRequests.push_back(fleet::NodeClient::health(n));
    m_client.setTimeout(request.plan.requestTimeoutMs);
    const std::vector<fleet::NodeReply> replies = m_client.send(healthRequests);

    Rollout r;
    r.id = QStringLiteral("rollout_") + QUuid::createUuid().toString(QUuid::Id128).left(12);
    r.modelVersion = request.modelVersion.trimmed();
    r.artifactPath = request.artifactPath;
    r.sha256 = actual;
    r.plan = request.plan;
    r.createdBy = request.by.isEmpty() ? QStringLiteral("operator") : request.by;
    std::map<QString, int> versions;
    int step = 0;
    for (std::size_t i = 0; i < edges.size(); ++i) {
        while (int(i) >= r.plan.targetCount(step, int(edges.size())))
            ++step;
        RolloutNode n;
        n.node = edges[i].name;
        n.tier = edges[i].tier;
        n.step = step;
        if (replies[i].ok()) {
            n.versionBefore = replies[i].json().value(QStringLiteral("model_version")).toString();
            if (!n.versionBefore.isEmpty())
                versions[n.versionBefore] += 1;
        }
        r.nodes.push_back(n);
    }
    if (versions.empty()) {
        QString firstError;
        for (const fleet::NodeReply &reply : replies) {
            if (!reply.ok()) {
                firstError = QStringLiteral("%1: %2").arg(reply.node, reply.error);
                break;
            }
        }
        throw Error(ErrorKind::Input,
            QStringLiteral("None of the %1 edge nodes answered what it serves (%2). Nothing was started; check "
                           "that the fleet is up (fleet status).")
                .arg(edges.size())
                .arg(firstError));
    }
    r.previousVersion = mostCommon(versions);
    if (r.previousVersion == r.modelVersion)
        throw Error(ErrorKind::Input,
            QStringLiteral("Most of the fleet already serves %1; there is nothing to roll out.").arg(r.modelVersion));
    r = m_store.create(r);
    notify(r, QStringLiteral("rollout_started"),
        QStringLiteral("Rollout of %1 started (%2 nodes, canary %3 %)")
            .arg(r.modelVersion)
            .arg(r.nodes.size())
            .arg(r.plan.steps.front()));
    return r;
}

std::optional<Rollout> RolloutEngine::autoStart(const QString &modelLine, const RolloutPlan &plan)
{
    if (m_store.unfinished())
        return std::nullopt;
    loop::ModelRegistry registry(m_store.database());
    const std::optional<loop::ModelVersion> active = registry.active(modelLine);
    if (!active)
        return std::nullopt;
    const QString name = active->name();
    std::map<QString, int> serving;
    for (const NodeHealth &h : m_store.health()) {
        const fleet::FleetNode *node = m_fleet.find(h.node);
        if (node && node->isEdge() && h.status == fleet::NodeHealthStatus::Up)
            serving[h.modelVersion] += 1;
    }
    if (serving.empty() || mostCommon(serving) == name)
        return std::nullopt;
    for (const Rollout &r : m_store.list(1000)) {
        if (r.modelVersion == name)
            return std::nullopt;
    }
    StartRequest request;
    request.modelVersion = name;
    request.artifactPath = active->artifactPath;
    request.sha256 = active->sha256;
    request.plan = plan;
    request.by = QStringLiteral("auto-rollout");
    return start(request);
}

std::optional<Rollout> RolloutEngine::tick()
{
    std::optional<Rollout> r = m_store.unfinished();
    if (!r)
        return r;
    m_client.setTimeout(r->plan.requestTimeoutMs);
    if (r->status == RolloutStatus::Deploying)
        deployStep(*r);
    else if (r->status == RolloutStatus::Monitoring && nowMs() >= r->windowEndsAtMs)
        judgeWindow(*r);
    else if (r->status == RolloutStatus::RollingBack)
        rollbackStep(*r);
    return m_store.get(r->id);
}

void RolloutEngine::attemptFailed(Rollout &r, RolloutNode &n, const QString &what, const QString &error)
{
    n.attempts += 1;
    n.lastError = error;
    if (n.attempts >= r.plan.maxAttempts) {
        n.state = RolloutNodeState::Failed;
        m_store.addEvent(r.id, QStringLiteral("node_failed"),
            QStringLiteral("%1 failed on %2 after %3 attempts: %4").arg(what, n.node).arg(n.attempts).arg(error), n.node);
        notify(r, QStringLiteral("rollout_node_failed"), QStringLiteral("%1 failed on %2").arg(what, n.node));
    } else {
        const int wait = r.plan.backoffBefore(n.attempts + 1);
        n.nextAttemptMs = nowMs() + wait;
        m_store.addEvent(r.id, QStringLiteral("retry"),
            QStringLiteral("%1 on %2 failed (attempt %3 of %4), retrying in %5 s: %6")
                .arg(what, n.node)
                .arg(n.attempts)
                .arg(r.plan.maxAttempts)
                .arg(wait / 1000.0, 0, 'f', 1)
                .arg(error),
            n.node);
    }
}

void RolloutEngine::deployStep(Rollout &r)
{
    QByteArray artifact;
    const qint64 now = nowMs();
    std::vector<RolloutNode *> due;
    for (RolloutNode &n : r.nodes) {
        if (n.step <= r.stepIndex && allows(n.state, NodeAction::Deploy) && n.nextAttemptMs <= now)
            due.push_back(&n);
    }
    if (!due.empty()) {
        // The artifact is checked again: a file that changed since the start is never sent.
        bool readable = true;
        try {
            artifact =
                readRegularFile(r.artifactPath, limits::kMaxArtifactBytes, QStringLiteral("The artifact"));
        } catch (const Error &) {
            readable = false;
        }
        if (!readable
            || sha256Hex(artifact) != r.sha256) {
            beginRollback(r,
                QStringLiteral("The artifact %1 is missing or no longer has sha256 %2; the rollout is aborted.")
                    .arg(r.artifactPath, r.sha256),
                RolloutStatus::Aborted);
            m_store.save(r);
            return;
        }
        // Ask first what each node serves: a retry after a lost answer must not install twice
        // (that would make the candidate its own "previous" model).
        std::vector<fleet::NodeRequest> health;
        std::vector<RolloutNode *> known;
        for (RolloutNode *n : due) {
            if (const fleet::FleetNode *node = nodeFor(*n)) {
                health.push_back(fleet::NodeClient::health(*node));
                known.push_back(n);
            } else {
                n->state = RolloutNodeState::Failed;
                n->lastError = QStringLiteral("not in the fleet file any more");
                m_store.addEvent(r.id, QStringLiteral("node_failed"),
                    QStringLiteral("%1 is no longer in the fleet file.").arg(n->node), n->node);
            }
        }
        const std::vector<fleet::NodeReply> healthReplies = m_client.send(health);
        std::vector<fleet::NodeRequest> installs;
        std::vector<RolloutNode *> installing;
        for (std::size_t i = 0; i < known.size(); ++i) {
            RolloutNode &n = *known[i];
            if (!healthReplies[i].ok()) {
                attemptFailed(r, n, QStringLiteral("Deploy"), healthReplies[i].error);
                continue;
            }
            const QString serving = healthReplies[i].json().value(QStringLiteral("model_version")).toString();
            if (serving == r.modelVersion) {
                n.state = RolloutNodeState::Deployed;
                n.lastError.clear();
                m_store.addEvent(r.id, QStringLiteral("deployed"),
                    QStringLiteral("%1 serves %2.").arg(n.node, r.modelVersion), n.node);
                continue;
            }
            if (n.versionBefore.isEmpty())
                n.versionBefore = serving;
            installs.push_back(fleet::NodeClient::install(*nodeFor(n), artifact, r.sha256, r.modelVersion));
            installing.push_back(&n);
        }
        const std::vector<fleet::NodeReply> replies = m_client.send(installs, 8);
        for (std::size_t i = 0; i < installing.size(); ++i) {
            RolloutNode &n = *installing[i];
            if (replies[i].ok()) {
                n.state = RolloutNodeState::Deployed;
                n.lastError.clear();
                m_store.addEvent(r.id, QStringLiteral("deployed"),
                    QStringLiteral("%1 installed %2 (step %3).").arg(n.node, r.modelVersion).arg(n.step + 1), n.node);
            } else {
                attemptFailed(r, n, QStringLiteral("Deploy"), replies[i].error);
            }
        }
    }

    int failed = 0;
    bool waiting = false;
    for (const RolloutNode &n : r.nodes) {
        failed += n.state == RolloutNodeState::Failed ? 1 : 0;
        waiting = waiting || (n.step <= r.stepIndex && allows(n.state, NodeAction::Deploy));
    }
    if (failed > r.plan.maxFailures) {
        beginRollback(r,
            QStringLiteral("%1 nodes failed to take %2, more than the %3 allowed; rolling back.")
                .arg(failed)
                .arg(r.modelVersion)
                .arg(r.plan.maxFailures),
            RolloutStatus::Aborted);
    } else if (!waiting) {
        if (r.plan.isLastStep(r.stepIndex))
            finish(r, RolloutStatus::Completed,
                QStringLiteral("%1 serves on %2 of %3 nodes; the rollout is complete.")
                    .arg(r.modelVersion)
                    .arg(r.deployedCount())
                    .arg(r.nodes.size()));
        else
            startWindow(r);
    }
    m_store.save(r);
}

void RolloutEngine::startWindow(Rollout &r)
{
    std::vector<fleet::NodeRequest> requests;
    std::vector<RolloutNode *> nodes;
    for (RolloutNode &n : r.nodes) {
        n.windowStart = {};
        if (n.state == RolloutNodeState::Failed)
            continue;
        if (const fleet::FleetNode *node = nodeFor(n)) {
            requests.push_back(fleet::NodeClient::metrics(*node));
            nodes.push_back(&n);
        }
    }
    const std::vector<fleet::NodeReply> replies = m_client.send(requests);
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        if (replies[i].ok())
            nodes[i]->windowStart = countersJson(replies[i].json());
    }
    r.status = RolloutStatus::Monitoring;
    r.windowStartedAt = nowIso();
    r.windowEndsAtMs = nowMs() + qint64(r.plan.windowSeconds) * 1000;
    r.windowExtensions = 0;
    m_store.addEvent(r.id, QStringLiteral("watching"),
        QStringLiteral("Watching step %1 (%2 of %3 nodes serve %4) for %5 s.")
            .arg(r.stepIndex + 1)
            .arg(r.deployedCount())
            .arg(r.nodes.size())
            .arg(r.modelVersion)
            .arg(r.plan.windowSeconds));
}

void RolloutEngine::judgeWindow(Rollout &r)
{
    std::vector<fleet::NodeRequest> requests;
    std::vector<RolloutNode *> nodes;
    for (RolloutNode &n : r.nodes) {
        if (n.state == RolloutNodeState::Failed || n.windowStart.isEmpty())
            continue;
        if (const fleet::FleetNode *node = nodeFor(n)) {
            requests.push_back(fleet::NodeClient::metrics(*node));
            nodes.push_back(&n);
        }
    }
    const std::vector<fleet::NodeReply> metrics = m_client.send(requests);
    std::vector<fleet::NodeRequest> observationRequests;
    std::vector<std::size_t> observed;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        if (!metrics[i].ok())
            continue;
        const QJsonObject start = nodes[i]->windowStart.value(QStringLiteral("metrics")).toObject();
        const Counters a = countersFrom(start, QString());
        const Counters b = countersFrom(metrics[i].json(), QString());
        observationRequests.push_back(
            fleet::NodeClient::observations(*nodeFor(*nodes[i]), b.cursor < a.cursor ? 0 : a.cursor));
        observed.push_back(i);
    }
    const std::vector<fleet::NodeReply> observations = m_client.send(observationRequests);

    GroupWindow canary;
    GroupWindow primary;
    QStringList unreachable;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        if (!metrics[i].ok())
            unreachable.append(nodes[i]->node);
    }
    for (std::size_t k = 0; k < observed.size(); ++k) {
        const std::size_t i = observed[k];
        RolloutNode &n = *nodes[i];
        const bool isCanary = n.state == RolloutNodeState::Deployed;
        const QString version = isCanary ? r.modelVersion : n.versionBefore;
        GroupWindow g = delta(n.windowStart.value(QStringLiteral("metrics")).toObject(), metrics[i].json(), version);
        if (observations[k].ok()) {
            const QJsonArray list = observations[k].json().value(QStringLiteral("observations")).toArray();
            for (const QJsonValue &o : list) {
                const QJsonArray row = o.toArray();
                if (row.size() >= 6 && row.at(5).toString() == version)
                    g.latenciesMs.push_back(row.at(4).toDouble());
            }
        }
        (isCanary ? canary : primary).add(g);
    }
    const Judgement j = judge(r.plan, canary, primary);
    r.judgement = j.toJson();
    r.judgement.insert(QStringLiteral("step"), r.stepIndex);
    r.judgement.insert(QStringLiteral("judged_at"), nowIso());
    if (!unreachable.isEmpty())
        r.judgement.insert(QStringLiteral("unreachable"), QJsonArray::fromStringList(unreachable));
    r.canaryResult = j.result;
    r.score = j.result == QLatin1String("no_data") ? std::optional<double>() : std::optional<double>(j.score);
    QStringList failing;
    for (const MetricVerdict &m : j.metrics) {
        if (!m.passed && m.status != QLatin1String("no_data"))
            failing.append(m.explanation);
    }
    const QString summary = j.result == QLatin1String("no_data")
        ? QStringLiteral("Step %1: not enough traffic to judge.").arg(r.stepIndex + 1)
        : QStringLiteral("Step %1 judged %2 with score %3.").arg(r.stepIndex + 1).arg(j.result).arg(j.score, 0, 'f', 0);
    m_store.addEvent(r.id, QStringLiteral("judged"), summary, {}, r.judgement);

    if (j.result == QLatin1String("passed")) {
        r.stepIndex += 1;
        r.status = RolloutStatus::Deploying;
        r.windowEndsAtMs = 0;
        m_store.addEvent(r.id, QStringLiteral("promoted"),
            QStringLiteral("Canary passed; going to step %1 (%2 %).")
                .arg(r.stepIndex + 1)
                .arg(r.plan.steps.at(std::size_t(r.stepIndex))));
        deployStep(r);
        return;
    }
    if (j.result == QLatin1String("failed")) {
        beginRollback(r,
            QStringLiteral("Canary failed with score %1: %2").arg(j.score, 0, 'f', 0).arg(failing.join(QLatin1Char(' '))),
            RolloutStatus::RolledBack);
    } else if (j.result == QLatin1String("marginal")) {
        r.pausedFrom = RolloutStatus::Monitoring;
        r.status = RolloutStatus::Paused;
        r.reason = QStringLiteral("Canary marginal with score %1; waiting for an operator to promote or roll back. %2")
                       .arg(j.score, 0, 'f', 0)
                       .arg(failing.join(QLatin1Char(' ')));
        m_store.addEvent(r.id, QStringLiteral("paused"), r.reason);
        notify(r, QStringLiteral("rollout_paused"), QStringLiteral("Rollout of %1 needs a decision").arg(r.modelVersion));
    } else if (r.windowExtensions < r.plan.maxWindowExtensions) {
        r.windowExtensions += 1;
        r.windowEndsAtMs = nowMs() + qint64(r.plan.windowSeconds) * 1000;
        m_store.addEvent(r.id, QStringLiteral("window_extended"),
            QStringLiteral("Not enough traffic to judge; watching %1 s more (extension %2 of %3).")
                .arg(r.plan.windowSeconds)
                .arg(r.windowExtensions)
                .arg(r.plan.maxWindowExtensions));
    } else {
        r.pausedFrom = RolloutStatus::Monitoring;
        r.status = RolloutStatus::Paused;
        r.reason = QStringLiteral("Still not enough traffic to judge after %1 windows; waiting for an operator.")
                       .arg(r.windowExtensions + 1);
        m_store.addEvent(r.id, QStringLiteral("paused"), r.reason);
        notify(r, QStringLiteral("rollout_paused"), QStringLiteral("Rollout of %1 needs a decision").arg(r.modelVersion));
    }
    m_store.save(r);
}

void RolloutEngine::beginRollback(Rollout &r, const QString &reason, RolloutStatus outcome)
{
    r.status = RolloutStatus::RollingBack;
    r.pausedFrom.reset();
    r.reason = reason;
    r.rollbackOutcome = outcome;
    for (RolloutNode &n : r.nodes) {
        n.attempts = 0;
        n.nextAttemptMs = 0;
    }
    m_store.addEvent(r.id, QStringLiteral("rolling_back"), reason);
    notify(r, QStringLiteral("rollout_rolling_back"), QStringLiteral("Rolling back %1").arg(r.modelVersion));
}

void RolloutEngine::rollbackStep(Rollout &r)
{
    const qint64 now = nowMs();
    // Deployed nodes, and failed ones that may have installed it before their answer was lost.
    std::vector<RolloutNode *> due;
    for (RolloutNode &n : r.nodes) {
        // A failed node may have installed it before its answer was lost, unless it was never
        // asked (a later step) or was given up on already.
        const bool touched = allows(n.state, NodeAction::RollBack)
            && (n.state != RolloutNodeState::Failed || (n.step <= r.stepIndex && n.attempts < r.plan.maxAttempts));
        if (touched && n.nextAttemptMs <= now && nodeFor(n))
            due.push_back(&n);
    }
    std::vector<fleet::NodeRequest> health;
    for (RolloutNode *n : due)
        health.push_back(fleet::NodeClient::health(*nodeFor(*n)));
    const std::vector<fleet::NodeReply> healthReplies = m_client.send(health);
    std::vector<fleet::NodeRequest> rollbacks;
    std::vector<RolloutNode *> rolling;
    for (std::size_t i = 0; i < due.size(); ++i) {
        RolloutNode &n = *due[i];
        if (!healthReplies[i].ok()) {
            if (n.state == RolloutNodeState::Failed)
                n.attempts = r.plan.maxAttempts; // it never took the candidate as far as we know
            else
                attemptFailed(r, n, QStringLiteral("Rollback"), healthReplies[i].error);
            continue;
        }
        if (healthReplies[i].json().value(QStringLiteral("model_version")).toString() != r.modelVersion) {
            if (n.state == RolloutNodeState::Deployed) {
                n.state = RolloutNodeState::RolledBack;
                m_store.addEvent(r.id, QStringLiteral("rolled_back"),
                    QStringLiteral("%1 no longer serves %2.").arg(n.node, r.modelVersion), n.node);
            } else {
                n.attempts = r.plan.maxAttempts;
            }
            continue;
        }
        rollbacks.push_back(fleet::NodeClient::rollback(*nodeFor(n)));
        rolling.push_back(&n);
    }
    const std::vector<fleet::NodeReply> replies = m_client.send(rollbacks);
    for (std::size_t i = 0; i < rolling.size(); ++i) {
        RolloutNode &n = *rolling[i];
        if (replies[i].ok()) {
            n.state = RolloutNodeState::RolledBack;
            n.lastError.clear();
            const QString serving =
                replies[i].json().value(QStringLiteral("serving")).toObject().value(QStringLiteral("version")).toString();
            m_store.addEvent(r.id, QStringLiteral("rolled_back"),
                QStringLiteral("%1 rolled back to %2.").arg(n.node, serving), n.node);
        } else {
            attemptFailed(r, n, QStringLiteral("Rollback"), replies[i].error);
        }
    }
    int left = 0;
    int stuck = 0;
    for (const RolloutNode &n : r.nodes) {
        left += n.state == RolloutNodeState::Deployed ? 1 : 0;
        stuck += (n.state == RolloutNodeState::Failed && n.lastError.startsWith(QLatin1String("POST /v1/model/rollback")))
            ? 1
            : 0;
    }
    if (left == 0) {
        const QString message = stuck > 0
            ? QStringLiteral("Rolled back to %1; %2 nodes could not be reached and may still serve %3.")
                  .arg(r.previousVersion)
                  .arg(stuck)
                  .arg(r.modelVersion)
            : QStringLiteral("Every node that had %1 is back on %2.").arg(r.modelVersion, r.previousVersion);
        finish(r, r.rollbackOutcome, message);
    }
    m_store.save(r);
}

void RolloutEngine::finish(Rollout &r, RolloutStatus status, const QString &message)
{
    r.status = status;
    r.pausedFrom.reset();
    r.windowEndsAtMs = 0;
    if (status == RolloutStatus::Completed)
        r.reason.clear();
    m_store.addEvent(r.id, nameOf(status), message); // the event is named after the status
    notify(r, QStringLiteral("rollout_") + nameOf(status), message);
    if (status != RolloutStatus::Completed)
        restoreRegistry(r);
}

void RolloutEngine::restoreRegistry(const Rollout &r)
{
    // A version the gate promoted but the fleet rolled back is not what serves: the previous
    // version becomes the active one again, so that the next fine-tune starts from it.
    try {
        loop::ModelRegistry registry(m_store.database());
        const std::optional<loop::ModelVersion> candidate = registry.version(r.modelVersion);
        const std::optional<loop::ModelVersion> previous = registry.version(r.previousVersion);
        if (!candidate || !previous || candidate->status != QLatin1String("active")
            || previous->modelLine != candidate->modelLine)
            return;
        registry.activate(previous->id);
        m_store.addEvent(r.id, QStringLiteral("registry"),
            QStringLiteral("%1 is the active version again; %2 is deprecated.").arg(previous->name(), candidate->name()));
    } catch (const Error &e) {
        m_store.addEvent(r.id, QStringLiteral("registry"),
            QStringLiteral("The registry could not be set back to %1: %2").arg(r.previousVersion, e.message()));
    }
}

void RolloutEngine::notify(const Rollout &r, const QString &kind, const QString &title)
{
    if (!m_notifier)
        return;
    try {
        m_notifier->notify(kind, title,
            {{QStringLiteral("rollout_id"), r.id}, {QStringLiteral("model_version"), r.modelVersion},
                {QStringLiteral("deployment"), r.deploymentJson()},
                {QStringLiteral("reason"), r.reason.isEmpty() ? QJsonValue() : QJsonValue(r.reason)}});
    } catch (const Error &) {
        // A notification that cannot be stored or sent never stops the rollout.
    }
}

std::vector<NodeHealth> RolloutEngine::pollHealth()
{
    std::vector<fleet::NodeRequest> requests;
    for (const fleet::FleetNode &n : m_fleet.nodes)
        requests.push_back(fleet::NodeClient::metrics(n));
    const std::vector<fleet::NodeReply> replies = m_client.send(requests);
    std::vector<NodeHealth> all;
    QStringList names;
    for (std::size_t i = 0; i < replies.size(); ++i) {
        const fleet::FleetNode &n = m_fleet.nodes[i];
        NodeHealth h;
        h.node = n.name;
        h.url = n.url.toString();
        h.tier = n.tier;
        h.role = n.role;
        h.checkedAt = nowIso();
        if (replies[i].ok()) {
            h.status = fleet::NodeHealthStatus::Up;
            h.lastUpAt = h.checkedAt;
            h.metrics = replies[i].json();
            h.modelVersion = h.metrics.value(QStringLiteral("model_version")).toString();
        } else {
            h.status = fleet::NodeHealthStatus::Down;
            h.error = replies[i].error;
        }
        m_store.saveHealth(h);
        names.append(n.name);
        all.push_back(std::move(h));
    }
    m_store.keepHealthOnly(names);
    return all;
}

} // namespace lk::rollout
