#include "core/drift/DriftMonitor.h"

#include "core/common/Error.h"
#include "core/common/JsonSettings.h"
#include "core/logging/Logging.h"
#include "core/loop/LearningLoop.h"
#include "core/loop/Notifier.h"
#include "core/fleet/NodeClient.h"
#include "core/runs/TrainingSession.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QtConcurrent>

#include <cmath>
#include <tuple>

namespace lk::drift {

namespace {

const QString kContext = QStringLiteral("drift settings");

/// Runs a training job the drift trigger created, on a pool thread with its own connection,
/// so that the fleet's ticks go on while it trains.
void runJobInBackground(const Workspace &workspace, const QString &jobId)
{
    (void)QtConcurrent::run([workspace, jobId] {
        try {
            storage::Database db = workspace.connect();
            loop::LearningLoop loop(workspace, db, loop::LoopConfig::load(workspace));
            runs::RunListener listener;
            loop.runJob(jobId, listener);
        } catch (const Error &e) {
            qCWarning(lcApp).noquote() << "drift-triggered job" << jobId << "failed:" << e.message();
        }
    });
}

std::optional<double> finite(double x)
{
    return std::isfinite(x) ? std::optional<double>(x) : std::nullopt;
}

} // namespace

DriftMonitorConfig DriftMonitorConfig::fromJson(const QJsonObject &json)
{
    DriftMonitorConfig c;
    settings::onlyKnown(json, kContext, QString(),
        {QStringLiteral("window_seconds"), QStringLiteral("fire_trigger"), QStringLiteral("keep_days"),
            QStringLiteral("evaluator")});
    c.windowSeconds =
        settings::integer(json, kContext, QString(), QStringLiteral("window_seconds"), c.windowSeconds, 1, 7 * 86400);
    c.fireTrigger = settings::boolean(json, kContext, QString(), QStringLiteral("fire_trigger"), c.fireTrigger);
    c.keepDays = settings::integer(json, kContext, QString(), QStringLiteral("keep_days"), c.keepDays, 1, 3650);
    try {
        c.evaluator = DriftConfig::fromJson(settings::section(json, kContext, QStringLiteral("evaluator")));
    } catch (const Error &e) {
        throw Error(ErrorKind::Input, QStringLiteral("%1: evaluator: %2").arg(kContext, e.message()));
    }
    return c;
}

DriftMonitorConfig DriftMonitorConfig::load(const Workspace &workspace)
{
    const QString path = QDir(workspace.root()).filePath(QStringLiteral("drift.json"));
    const std::optional<QJsonObject> json = settings::readObjectFile(path);
    try {
        return json ? fromJson(*json) : DriftMonitorConfig();
    } catch (const Error &e) {
        throw Error(ErrorKind::Input, QStringLiteral("%1: %2").arg(path, e.message()));
    }
}

QJsonObject DriftMonitorConfig::toJson() const
{
    return {{QStringLiteral("window_seconds"), windowSeconds}, {QStringLiteral("fire_trigger"), fireTrigger},
        {QStringLiteral("keep_days"), keepDays}, {QStringLiteral("evaluator"), evaluator.toJson()}};
}

/// One node's window being filled, and an evaluator per model version it served.
struct DriftMonitor::NodeState
{
    qint64 cursor = -1; ///< last observation seq pulled; -1 before the first poll
    qint64 windowStartMs = 0;
    QString version; ///< model version of the window being filled
    double threshold = 0.7;
    qint64 predictions = 0;
    qint64 escalations = 0;
    std::vector<double> confidences;
    QJsonObject teacherAtStart; ///< escalation.by_model at the window's start
    QJsonObject teacherNow;
    std::map<QString, std::unique_ptr<DriftEvaluator>> evaluators;
    bool alerting = false; ///< the last judged window alerted (one alert per episode)
    qint64 alertId = 0; ///< the episode's alert
    bool triggered = false; ///< the episode's alert started a training job
};

DriftMonitor::DriftMonitor(DriftMonitorConfig config)
    : m_config(std::move(config))
{
}

DriftMonitor::~DriftMonitor() = default;

DriftPollResult DriftMonitor::poll(storage::Database &db, const Workspace &workspace,
    const fleet::FleetConfig &fleet, fleet::NodeClient &client, qint64 nowMs)
{
    DriftPollResult result;
    const std::vector<fleet::FleetNode> edges = fleet.edgeNodes();
    std::vector<fleet::NodeRequest> requests;
    for (const fleet::FleetNode &n : edges) {
        auto &state = m_nodes[n.name];
        if (!state)
            state = std::make_unique<NodeState>();
        requests.push_back(fleet::NodeClient::metrics(n));
        requests.push_back(fleet::NodeClient::observations(n, std::max<qint64>(0, state->cursor)));
    }
    const std::vector<fleet::NodeReply> replies = client.send(requests);
    DriftStore store(db);
    for (std::size_t i = 0; i < edges.size(); ++i) {
        const fleet::NodeReply &metrics = replies[2 * i];
        const fleet::NodeReply &observed = replies[2 * i + 1];
        NodeState &s = *m_nodes[edges[i].name];
        if (!metrics.ok() || !observed.ok()) {
            result.unreachable.append(edges[i].name);
            continue;
        }
        const QJsonObject m = metrics.json();
        const QJsonObject o = observed.json();
        const qint64 next = o.value(QStringLiteral("next")).toInteger();
        const qint64 predictions = m.value(QStringLiteral("predictions")).toInteger();
        const QJsonObject byModel =
            m.value(QStringLiteral("escalation")).toObject().value(QStringLiteral("by_model")).toObject();
        if (s.cursor < 0 || predictions < s.cursor) {
            // First sight of the node, or it restarted: start counting from what it has now.
            s.cursor = next;
            s.windowStartMs = nowMs;
            s.version = m.value(QStringLiteral("model_version")).toString();
            s.predictions = s.escalations = 0;
            s.confidences.clear();
            s.teacherAtStart = s.teacherNow = byModel;
            continue;
        }
        s.cursor = std::max(s.cursor, next);
        s.threshold = o.value(QStringLiteral("threshold")).toDouble(s.threshold);
        s.teacherNow = byModel;
        for (const QJsonValue &row : o.value(QStringLiteral("observations")).toArray()) {
            const QJsonArray r = row.toArray();
            const QString version = r.at(5).toString();
            if (version != s.version) {
                // A new model: what was collected belongs to the old one; judge it if it is worth it.
                if (s.predictions >= m_config.evaluator.minPredictions)
                    result.windows.push_back(judge(s, edges[i].name, nowMs));
                s.version = version;
                s.predictions = s.escalations = 0;
                s.confidences.clear();
                s.windowStartMs = nowMs;
                s.teacherAtStart = byModel;
            }
            s.predictions += 1;
            s.escalations += r.at(3).toInt() ? 1 : 0;
            s.confidences.push_back(r.at(1).toDouble());
        }
        if (nowMs - s.windowStartMs >= qint64(m_config.windowSeconds) * 1000) {
            result.windows.push_back(judge(s, edges[i].name, nowMs));
            StoredWindow &w = result.windows.back();
            store.addWindow(w);
            if (w.alert && !s.alerting) {
                result.alerts.push_back(raise(db, workspace, w));
                s.alertId = result.alerts.back().id;
                s.triggered = !result.alerts.back().jobId.isEmpty();
            } else if (w.alert && !s.triggered && m_config.fireTrigger) {
                const auto [trigger, jobId] = offerTrigger(db, workspace, w.endedAtMs);
                store.updateAlertTrigger(s.alertId, trigger, jobId);
                s.triggered = !jobId.isEmpty();
            }
            s.alerting = w.alert;
        }
    }
    // Windows cut by a model change were judged above but not stored yet.
    for (StoredWindow &w : result.windows) {
        if (w.id == 0)
            store.addWindow(w);
    }
    store.pruneWindows(nowMs - qint64(m_config.keepDays) * 86400000);
    return result;
}

StoredWindow storedWindow(
    const QString &node, const QString &modelVersion, const DriftWindow &window, const DriftVerdict &verdict)
{
    StoredWindow w;
    w.node = node;
    w.modelVersion = modelVersion;
    w.endedAtMs = window.end.toMSecsSinceEpoch();
    w.endedAt = window.end.toUTC().toString(Qt::ISODateWithMs);
    w.predictions = window.predictions;
    w.escalations = window.escalations;
    w.labelled = window.labelled;
    w.correct = window.correct;
    w.alert = verdict.alert;
    for (const DriftCheck &c : verdict.checks) {
        w.checks.append(c.toJson());
        if (c.name == QLatin1String("escalation_rate")) {
            w.escalationRate = finite(c.value);
            w.baselineRate = finite(c.baseline);
        } else if (c.name == QLatin1String("confidence_psi")) {
            w.psi = finite(c.value);
        } else if (c.name == QLatin1String("confidence_ks")) {
            w.ksStatistic = finite(c.value);
            w.ksPValue = finite(c.pValue);
        }
    }
    if (!w.escalationRate && window.predictions > 0)
        w.escalationRate = double(window.escalations) / double(window.predictions);
    return w;
}

StoredWindow DriftMonitor::judge(NodeState &s, const QString &node, qint64 nowMs)
{
    auto &evaluator = s.evaluators[s.version];
    if (!evaluator)
        evaluator = std::make_unique<DriftEvaluator>(m_config.evaluator);
    const QJsonObject start = s.teacherAtStart.value(s.version).toObject();
    const QJsonObject now = s.teacherNow.value(s.version).toObject();
    DriftWindow window;
    window.end = QDateTime::fromMSecsSinceEpoch(nowMs, Qt::UTC);
    window.predictions = s.predictions;
    window.escalations = s.escalations;
    window.labelled = std::max<qint64>(0,
        now.value(QStringLiteral("teacher_answers")).toInteger() - start.value(QStringLiteral("teacher_answers")).toInteger());
    window.correct = std::clamp<qint64>(
        now.value(QStringLiteral("teacher_agreed")).toInteger() - start.value(QStringLiteral("teacher_agreed")).toInteger(),
        0, window.labelled);
    window.confidences = std::move(s.confidences);
    window.threshold = s.threshold;
    const DriftVerdict verdict = evaluator->observe(window);
    const StoredWindow w = storedWindow(node, s.version, window, verdict);
    m_lastVerdict = verdict;
    // The next window starts here.
    s.predictions = s.escalations = 0;
    s.confidences = {};
    s.windowStartMs = nowMs;
    s.teacherAtStart = s.teacherNow;
    return w;
}

std::pair<QJsonObject, QString> DriftMonitor::offerTrigger(
    storage::Database &db, const Workspace &workspace, qint64 atMs)
{
    try {
        loop::LearningLoop loop(workspace, db, loop::LoopConfig::load(workspace));
        const loop::TickResult tick =
            loop.tick(QDateTime::fromMSecsSinceEpoch(atMs, Qt::UTC), false, m_lastVerdict.signal);
        if (!tick.job)
            return {tick.response, QString()};
        runJobInBackground(workspace, tick.job->jobId);
        return {tick.response, tick.job->jobId};
    } catch (const Error &e) {
        return {QJsonObject{{QStringLiteral("action"), QStringLiteral("none")}, {QStringLiteral("error"), e.message()}},
            QString()};
    }
}

StoredAlert DriftMonitor::raise(storage::Database &db, const Workspace &workspace, const StoredWindow &window)
{
    StoredAlert a;
    a.windowId = window.id;
    a.node = window.node;
    a.modelVersion = window.modelVersion;
    a.raisedAt = window.endedAt;
    QStringList sentences;
    for (const QJsonValue &c : window.checks) {
        const QJsonObject check = c.toObject();
        if (check.value(QStringLiteral("status")).toString() == QLatin1String("alert")) {
            a.checks.append(check);
            sentences.append(check.value(QStringLiteral("explanation")).toString());
        }
    }
    a.explanation = QStringLiteral("%1 (%2): %3").arg(window.node, window.modelVersion, sentences.join(QLatin1Char(' ')));
    if (m_config.fireTrigger)
        std::tie(a.trigger, a.jobId) = offerTrigger(db, workspace, window.endedAtMs);
    DriftStore(db).addAlert(a);
    try {
        loop::Notifier(db, loop::LoopConfig::load(workspace).webhook)
            .notify(QStringLiteral("drift_alert"), QStringLiteral("Drift on %1").arg(window.node), a.toJson());
    } catch (const Error &e) {
        qCWarning(lcApp).noquote() << "drift alert notification failed:" << e.message();
    }
    return a;
}

} // namespace lk::drift
