// The edge fleet's REST routes: fleet health, rollouts (list, start, status, timeline and the
// operator commands) and drift windows and alerts. Served by RestApi::route.
#include "core/api/RestApi.h"
#include "core/api/TrainingQueries.h"
#include "core/common/Error.h"
#include "core/common/Limits.h"
#include "core/common/RequestFiles.h"
#include "core/drift/DriftStore.h"
#include "core/loop/LoopConfig.h"
#include "core/loop/ModelRegistry.h"
#include "core/loop/Notifier.h"
#include "core/rollout/RolloutEngine.h"
#include "core/workspace/Workspace.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

namespace lk::api {

namespace {

QJsonObject bodyObject(const RestRequest &request)
{
    if (request.body.trimmed().isEmpty())
        return {};
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(request.body, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        throw Error(ErrorKind::Input, QStringLiteral("The body must be a JSON object."));
    return doc.object();
}

int intParam(const QJsonObject &params, const QString &name, int fallback, int low, int high)
{
    if (!params.contains(name))
        return fallback;
    bool ok = false;
    const int x = params.value(name).toString().toInt(&ok);
    if (!ok || x < low || x > high)
        throw QueryError(QueryError::Reason::InvalidArgument,
            QStringLiteral("Parameter \"%1\" must be an integer from %2 to %3.").arg(name).arg(low).arg(high));
    return x;
}

fleet::FleetConfig fleetOf(const Workspace &ws)
{
    const QString path = QDir(ws.root()).filePath(QStringLiteral("fleet.json"));
    if (!QFileInfo::exists(path))
        throw QueryError(QueryError::Reason::NotFound,
            QStringLiteral("This workspace has no fleet file (%1).").arg(path));
    return fleet::FleetConfig::load(path);
}

/// A string field of a request body, at most `max` characters; `fallback` when absent.
QString boundedString(const QJsonObject &body, const QString &field, int max, const QString &fallback = {})
{
    const QJsonValue v = body.value(field);
    if (v.isUndefined() || v.isNull())
        return fallback;
    if (!v.isString())
        throw Error(ErrorKind::Input, QStringLiteral("\"%1\" must be a string.").arg(field));
    const QString problem = limits::lengthProblem(field, v.toString(), max);
    if (!problem.isEmpty())
        throw Error(ErrorKind::Input, problem);
    return v.toString();
}

/// POST /api/rollouts: {"model_version": "LINE@N"} for a registered version, or
/// {"artifact": FILE, "model_version": NAME, "sha256"?}, with an optional "plan" and "by".
/// FILE must be a regular file inside the workspace's models/ or runs/ folder: a request never
/// makes the server read (or say anything about) a file elsewhere.
QJsonObject startRollout(const Workspace &ws, storage::Database &db, const QJsonObject &body)
{
    rollout::StartRequest request;
    const QString version = boundedString(body, QStringLiteral("model_version"), limits::kMaxNameLength);
    const QString artifact = boundedString(body, QStringLiteral("artifact"), limits::kMaxTextLength);
    if (version.isEmpty())
        throw Error(ErrorKind::Input,
            QStringLiteral("Give \"model_version\" (a registered LINE@N, or the name for \"artifact\")."));
    if (!artifact.isEmpty()) {
        const QString path = QDir(ws.root()).absoluteFilePath(artifact);
        if (!isInsideRoots(path, {ws.modelsDir(), ws.runsDir()}))
            throw Error(ErrorKind::Input,
                QStringLiteral(
                    "\"artifact\" must name a file inside the workspace's models/ or runs/ folder "
                    "(%1, %2); or name a registered version in \"model_version\" without \"artifact\".")
                    .arg(ws.modelsDir(), ws.runsDir()));
        requireRegularFile(path, limits::kMaxArtifactBytes, QStringLiteral("The artifact"));
    }
    if (artifact.isEmpty()) {
        const std::optional<loop::ModelVersion> v = loop::ModelRegistry(db).version(version);
        if (!v)
            throw Error(ErrorKind::Input, QStringLiteral("There is no model version %1 in the registry.").arg(version));
        requireRegularFile(v->artifactPath, limits::kMaxArtifactBytes, QStringLiteral("The artifact"));
        loop::ModelRegistry::verifyArtifact(*v);
        request.modelVersion = v->name();
        request.artifactPath = v->artifactPath;
        request.sha256 = v->sha256;
    } else {
        request.modelVersion = version;
        request.artifactPath = QFileInfo(QDir(ws.root()).absoluteFilePath(artifact)).canonicalFilePath();
        request.sha256 = boundedString(body, QStringLiteral("sha256"), 64);
    }
    request.plan = rollout::RolloutPlan::fromJson(body.value(QStringLiteral("plan")).toObject());
    request.by = boundedString(body, QStringLiteral("by"), limits::kMaxNameLength, QStringLiteral("api"));
    rollout::NodeClient client(request.plan.requestTimeoutMs);
    loop::Notifier notifier(db, loop::LoopConfig::load(ws).webhook);
    rollout::RolloutEngine engine(db, fleetOf(ws), client, &notifier);
    return engine.start(request).toJson();
}

} // namespace

RestResponse RestApi::routeFleet(const RestRequest &request, const QStringList &parts)
{
    storage::Database &db = *m_db;
    rollout::RolloutStore store(db);
    const QJsonObject params = queryObject(request.query);
    const QString path = parts.mid(1).join(QLatin1Char('/'));
    RestResponse r;
    const auto only = [&](const QByteArray &method) -> bool { return request.method == method; };

    if (path == QLatin1String("fleet")) {
        if (!only("GET"))
            return methodNotAllowed(request, "GET");
        QJsonArray nodes;
        for (const rollout::NodeHealth &h : store.health())
            nodes.append(h.toJson());
        r.body = {{QStringLiteral("nodes"), nodes}};
        if (auto u = store.unfinished())
            r.body.insert(QStringLiteral("deployment"), u->deploymentJson());
        return r;
    }
    if (path == QLatin1String("rollouts")) {
        if (only("POST")) {
            r.status = 201;
            r.body = startRollout(*m_workspace, db, bodyObject(request));
            return r;
        }
        if (!only("GET"))
            return methodNotAllowed(request, "GET, POST");
        QJsonArray list;
        for (const rollout::Rollout &x : store.list(intParam(params, QStringLiteral("limit"), 50, 1, 10000))) {
            QJsonObject j = x.toJson();
            j.remove(QStringLiteral("nodes"));
            list.append(j);
        }
        r.body = {{QStringLiteral("rollouts"), list}};
        return r;
    }
    if (parts.size() >= 3 && parts.size() <= 4 && parts[1] == QLatin1String("rollouts")) {
        const std::optional<rollout::Rollout> x = store.get(parts[2]);
        if (!x)
            throw QueryError(QueryError::Reason::NotFound, QStringLiteral("No rollout %1").arg(parts[2]));
        if (parts.size() == 3) {
            if (!only("GET"))
                return methodNotAllowed(request, "GET");
            r.body = x->toJson();
            return r;
        }
        const QString action = parts[3];
        if (action == QLatin1String("events")) {
            if (!only("GET"))
                return methodNotAllowed(request, "GET");
            r.body = {{QStringLiteral("rollout_id"), x->id},
                {QStringLiteral("events"),
                    store.events(x->id, intParam(params, QStringLiteral("after"), 0, 0, 2147483647), 10000)}};
            return r;
        }
        if (const std::optional<rollout::RolloutCommand> command = rollout::parseRolloutCommand(action)) {
            if (!only("POST"))
                return methodNotAllowed(request, "POST");
            const QJsonObject body = bodyObject(request);
            const QString by =
                boundedString(body, QStringLiteral("by"), limits::kMaxNameLength, QStringLiteral("api"));
            const QString reason = boundedString(body, QStringLiteral("reason"), limits::kMaxTextLength);
            // The store refuses a command the rollout's status does not take (RolloutStates.h).
            r.body = store.command(x->id, *command, by, reason).toJson();
            return r;
        }
    }
    if (path == QLatin1String("drift/windows") || path == QLatin1String("drift/alerts")) {
        if (!only("GET"))
            return methodNotAllowed(request, "GET");
        QJsonArray list;
        drift::DriftStore drift(db);
        if (path == QLatin1String("drift/alerts")) {
            for (const drift::StoredAlert &a : drift.alerts(intParam(params, QStringLiteral("limit"), 100, 1, 100000)))
                list.append(a.toJson());
            r.body = {{QStringLiteral("alerts"), list}};
        } else {
            const qint64 since = QDateTime::currentMSecsSinceEpoch()
                - qint64(intParam(params, QStringLiteral("minutes"), 60, 1, 525600)) * 60000;
            for (const drift::StoredWindow &w : drift.windows(since, params.value(QStringLiteral("node")).toString()))
                list.append(w.toJson());
            r.body = {{QStringLiteral("windows"), list}};
        }
        return r;
    }
    return errorResponse(404, QStringLiteral("not_found"),
        QStringLiteral("No route %1. The routes are: %2.").arg(request.path, routes().join(QStringLiteral(", "))));
}

} // namespace lk::api
