#include "core/api/RestRoutes.h"

#include "core/api/ApiLog.h"
#include "core/common/Error.h"
#include "core/common/Limits.h"
#include "core/common/Query.h"
#include "core/common/RequestFiles.h"
#include "core/common/Versions.h"
#include "core/drift/DriftQueries.h"
#include "core/loop/LearningLoop.h"
#include "core/loop/LoopConfig.h"
#include "core/loop/LoopQueries.h"
#include "core/loop/Notifier.h"
#include "core/outcomes/OutcomeQueries.h"
#include "core/outcomes/OutcomeService.h"
#include "core/rollout/RolloutQueries.h"
#include "core/runs/RunQueries.h"
#include "core/workspace/Workspace.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

namespace lk::api {

namespace {

// --- Request bodies ---------------------------------------------------------------------------

/// The body as a JSON object; an empty body is an empty object.
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

void requireBody(const RouteCall &call, const QString &what)
{
    if (call.request.body.trimmed().isEmpty())
        throw query::invalid(QStringLiteral("The body is empty: POST %1 needs %2.").arg(call.request.path, what));
}

RestResponse json(const QJsonObject &body, int status = 200)
{
    RestResponse r;
    r.status = status;
    r.body = body;
    return r;
}

// --- Training runs ----------------------------------------------------------------------------

RestResponse health(const RouteCall &call)
{
    query::rejectUnknown(call.params, {});
    call.services.runs->runs(QJsonObject{{QStringLiteral("limit"), 1}}); // proves the database answers
    return json({{QStringLiteral("status"), QStringLiteral("ok")}, {QStringLiteral("version"), loopkeeperVersion()},
        {QStringLiteral("workspace"), call.services.runs->workspaceRoot()}});
}

RestResponse trainingRuns(const RouteCall &call)
{
    return json(call.services.runs->runs(call.params));
}

RestResponse trainingRun(const RouteCall &call)
{
    query::rejectUnknown(call.params, {});
    return json(call.services.runs->run(call.values[0]));
}

RestResponse trainingRunMetrics(const RouteCall &call)
{
    return json(call.services.runs->metrics(call.values[0], call.params));
}

RestResponse trainingRunHealth(const RouteCall &call)
{
    return json(call.services.runs->health(call.values[0], call.params));
}

// --- Agent-outcome learning -------------------------------------------------------------------

RestResponse learningOutcomes(const RouteCall &call)
{
    requireBody(call, QStringLiteral("a JSON body"));
    const outcomes::IngestReport report = call.services.learning->ingest(call.request.body);
    // Nothing usable: say so with the reasons.
    return json(report.toJson(),
        report.accepted == 0 && report.duplicates == 0 && !report.rejected.isEmpty() ? 400 : 200);
}

RestResponse learningMetrics(const RouteCall &call)
{
    return json(call.services.learning->metrics());
}

RestResponse learningAgentsPerformance(const RouteCall &call)
{
    RestResponse r;
    r.array = call.services.learning->agentPerformance(); // a list (docs/agent-outcomes.md)
    return r;
}

RestResponse learningStatus(const RouteCall &call)
{
    return json(call.services.learning->status());
}

RestResponse learningSave(const RouteCall &call)
{
    return json(call.services.learning->saveNow()); // the manual save (docs/agent-outcomes.md)
}

RestResponse learningPredict(const RouteCall &call)
{
    requireBody(call, QStringLiteral("a JSON body"));
    // A list of requests or a single request object (docs/agent-outcomes.md): answer in kind.
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(call.request.body, &error);
    if (error.error != QJsonParseError::NoError)
        throw query::invalid(QStringLiteral("The body is not JSON: %1").arg(error.errorString()));
    outcomes::OutcomeService *learning = call.services.learning;
    const auto answer = [learning](const QJsonObject &request) {
        const outcomes::RecommendQuery q = outcomes::recommendQuery(request);
        return learning->recommend(q.taskType, q.context, q.topK);
    };
    if (doc.isArray() && doc.array().size() > limits::kMaxPredictBatch)
        throw query::invalid(QStringLiteral("The batch has %1 requests; the limit is %2 per call.")
                                 .arg(doc.array().size())
                                 .arg(limits::kMaxPredictBatch));
    RestResponse r;
    if (doc.isArray()) {
        QJsonArray out;
        for (const QJsonValue &q : doc.array())
            out.append(answer(q.toObject()));
        r.array = out;
    } else {
        r.body = answer(doc.object());
    }
    return r;
}

// --- The learning loop ------------------------------------------------------------------------

RestResponse samplesIngest(const RouteCall &call)
{
    requireBody(call, QStringLiteral("escalated samples as JSON"));
    // The workspace's settings are ours, not the sender's: a broken loop.json is a server
    // fault (503), so that nodes keep their samples and retry once it is fixed.
    std::optional<loop::LoopConfig> config;
    try {
        config = loop::LoopConfig::load(*call.services.workspace);
    } catch (const Error &e) {
        qCWarning(lcApi).noquote() << "POST /api/samples refused:" << e.message();
        RestResponse unavailable = errorResponse(503, QStringLiteral("settings_unreadable"),
            QStringLiteral("The server cannot take samples now: its loop settings cannot be read (%1). "
                           "Nothing was stored; send the samples again once the file is fixed.")
                .arg(e.message()));
        unavailable.headers.append({QByteArrayLiteral("Retry-After"), QByteArrayLiteral("30")});
        return unavailable;
    }
    const loop::SampleIngestReport report =
        loop::SampleStore(*call.services.db).ingest(call.request.body, config->samples);
    // Nothing usable: say so with the reasons.
    return json(report.toJson(),
        report.accepted + report.filtered + report.duplicates == 0 && !report.rejected.isEmpty() ? 400 : 200);
}

RestResponse samplesStats(const RouteCall &call)
{
    query::rejectUnknown(call.params, {});
    return json(loop::LoopQueries(*call.services.db).sampleStats());
}

RestResponse loopStatus(const RouteCall &call)
{
    query::rejectUnknown(call.params, {});
    loop::LearningLoop loop(*call.services.workspace, *call.services.db, loop::LoopConfig::load(*call.services.workspace));
    return json(loop.status(QDateTime::currentDateTimeUtc()));
}

RestResponse loopJobs(const RouteCall &call)
{
    return json(loop::LoopQueries(*call.services.db).jobs(call.params));
}

RestResponse loopJob(const RouteCall &call)
{
    query::rejectUnknown(call.params, {});
    return json(loop::LoopQueries(*call.services.db).job(call.values[0]));
}

RestResponse models(const RouteCall &call)
{
    return json(loop::LoopQueries(*call.services.db).models(call.params));
}

RestResponse model(const RouteCall &call)
{
    query::rejectUnknown(call.params, {});
    return json(loop::LoopQueries(*call.services.db).model(call.values[0]));
}

RestResponse notifications(const RouteCall &call)
{
    return json(loop::LoopQueries(*call.services.db).notifications(call.params));
}

// --- The edge fleet: health, rollouts, drift --------------------------------------------------

fleet::FleetConfig fleetOf(const Workspace &ws)
{
    const QString path = QDir(ws.root()).filePath(QStringLiteral("fleet.json"));
    if (!QFileInfo::exists(path))
        throw query::notFound(QStringLiteral("This workspace has no fleet file (%1).").arg(path));
    return fleet::FleetConfig::load(path);
}

RestResponse fleetHealth(const RouteCall &call)
{
    query::rejectUnknown(call.params, {});
    return json(rollout::RolloutQueries(*call.services.db).fleet());
}

RestResponse rollouts(const RouteCall &call)
{
    return json(rollout::RolloutQueries(*call.services.db).list(call.params));
}

/// POST /api/rollouts: {"model_version": "LINE@N"} for a registered version, or
/// {"artifact": FILE, "model_version": NAME, "sha256"?}, with an optional "plan" and "by".
/// FILE must be a regular file inside the workspace's models/ or runs/ folder: a request never
/// makes the server read (or say anything about) a file elsewhere.
RestResponse rolloutStart(const RouteCall &call)
{
    const Workspace &ws = *call.services.workspace;
    storage::Database &db = *call.services.db;
    const QJsonObject body = bodyObject(call.request);
    const QString version = boundedString(body, QStringLiteral("model_version"), limits::kMaxNameLength);
    const QString artifact = boundedString(body, QStringLiteral("artifact"), limits::kMaxTextLength);
    if (version.isEmpty())
        throw Error(ErrorKind::Input,
            QStringLiteral("Give \"model_version\" (a registered LINE@N, or the name for \"artifact\")."));
    rollout::StartRequest request;
    if (artifact.isEmpty()) {
        request = rollout::RolloutQueries(db).registeredStart(version);
    } else {
        const QString path = QDir(ws.root()).absoluteFilePath(artifact);
        if (!isInsideRoots(path, {ws.modelsDir(), ws.runsDir()}))
            throw Error(ErrorKind::Input,
                QStringLiteral(
                    "\"artifact\" must name a file inside the workspace's models/ or runs/ folder "
                    "(%1, %2); or name a registered version in \"model_version\" without \"artifact\".")
                    .arg(ws.modelsDir(), ws.runsDir()));
        requireRegularFile(path, limits::kMaxArtifactBytes, QStringLiteral("The artifact"));
        request.modelVersion = version;
        request.artifactPath = QFileInfo(path).canonicalFilePath();
        request.sha256 = boundedString(body, QStringLiteral("sha256"), 64);
    }
    request.plan = rollout::RolloutPlan::fromJson(body.value(QStringLiteral("plan")).toObject());
    request.by = boundedString(body, QStringLiteral("by"), limits::kMaxNameLength, QStringLiteral("api"));
    fleet::NodeClient client(request.plan.requestTimeoutMs);
    loop::Notifier notifier(db, loop::LoopConfig::load(ws).webhook);
    rollout::RolloutEngine engine(db, fleetOf(ws), client, &notifier);
    return json(engine.start(request).toJson(), 201);
}

RestResponse rolloutShow(const RouteCall &call)
{
    query::rejectUnknown(call.params, {});
    return json(rollout::RolloutQueries(*call.services.db).rollout(call.values[0]).toJson());
}

RestResponse rolloutEvents(const RouteCall &call)
{
    return json(rollout::RolloutQueries(*call.services.db).events(call.values[0], call.params));
}

RestResponse rolloutCommand(const RouteCall &call, rollout::RolloutCommand what)
{
    const QJsonObject body = bodyObject(call.request);
    const QString by = boundedString(body, QStringLiteral("by"), limits::kMaxNameLength, QStringLiteral("api"));
    const QString reason = boundedString(body, QStringLiteral("reason"), limits::kMaxTextLength);
    return json(rollout::RolloutQueries(*call.services.db).command(call.values[0], what, by, reason));
}

RestResponse rolloutPause(const RouteCall &call)
{
    return rolloutCommand(call, rollout::RolloutCommand::Pause);
}

RestResponse rolloutResume(const RouteCall &call)
{
    return rolloutCommand(call, rollout::RolloutCommand::Resume);
}

RestResponse rolloutPromote(const RouteCall &call)
{
    return rolloutCommand(call, rollout::RolloutCommand::Promote);
}

RestResponse rolloutRollback(const RouteCall &call)
{
    return rolloutCommand(call, rollout::RolloutCommand::Rollback);
}

RestResponse driftWindows(const RouteCall &call)
{
    return json(drift::DriftQueries(*call.services.db).windows(call.params));
}

RestResponse driftAlerts(const RouteCall &call)
{
    return json(drift::DriftQueries(*call.services.db).alerts(call.params));
}

// --- The table --------------------------------------------------------------------------------

RestRoute get(const char *pattern, RouteNeeds needs, const char *summary, RestResponse (*handler)(const RouteCall &))
{
    return RestRoute{QByteArrayLiteral("GET"), QString::fromLatin1(pattern), needs, limits::kMaxCommandBody,
        /*readOnly*/ true, /*authenticated*/ true, QString::fromUtf8(summary), handler};
}

RestRoute post(const char *pattern, RouteNeeds needs, qint64 maxBody, const char *summary,
    RestResponse (*handler)(const RouteCall &))
{
    return RestRoute{QByteArrayLiteral("POST"), QString::fromLatin1(pattern), needs, maxBody,
        /*readOnly*/ false, /*authenticated*/ true, QString::fromUtf8(summary), handler};
}

std::vector<RestRoute> makeRoutes()
{
    using N = RouteNeeds;
    return {
        get("/api/health", N::Runs, "Server status, version and workspace.", health),
        get("/api/training/runs", N::Runs, "Training runs, newest first (limit).", trainingRuns),
        get("/api/training/runs/{id}", N::Runs, "One run with its epochs and curve health.", trainingRun),
        get("/api/training/runs/{id}/metrics", N::Runs,
            "A run's epochs and steps after a step cursor (since, limit); next_since to poll.", trainingRunMetrics),
        get("/api/training/runs/{id}/health", N::Runs,
            "A run's curve health (patience, min_delta, convention, monitor, mode).", trainingRunHealth),
        post("/api/learning/outcomes", N::Learning, limits::kMaxIngestBody,
            "Store agent outcome events (JSONL or a JSON array) and learn from them.", learningOutcomes),
        get("/api/learning/metrics", N::Learning, "The agent model's learning metrics.", learningMetrics),
        get("/api/learning/agents/performance", N::Learning, "Per-agent performance, as a list.",
            learningAgentsPerformance),
        post("/api/learning/predict/agent-selection", N::Learning, limits::kMaxPredictBody,
            "Rank agents for a task type (one request or a list of them).", learningPredict),
        get("/api/learning/status", N::Learning, "The agent-outcome service's status.", learningStatus),
        post("/api/learning/save", N::Learning, limits::kMaxCommandBody,
            "Apply pending outcome events and save the agent model now.", learningSave),
        post("/api/samples", N::Workspace, limits::kMaxIngestBody,
            "Store escalated samples (schemas/escalated_sample.schema.json) idempotently.", samplesIngest),
        get("/api/samples/stats", N::Workspace, "Sample counts by status, node, class and day.", samplesStats),
        get("/api/loop/status", N::Workspace, "The learning loop's trigger state, counts and active version.",
            loopStatus),
        get("/api/loop/jobs", N::Workspace, "Training jobs, newest first (limit).", loopJobs),
        get("/api/loop/jobs/{id}", N::Workspace, "One training job with its manifest.", loopJob),
        get("/api/models", N::Workspace, "Registered model versions, newest first (line).", models),
        get("/api/models/{version}", N::Workspace,
            "One model version (LINE@N or id) with its gate decisions and the samples used in it.", model),
        get("/api/notifications", N::Workspace, "The loop's notifications, newest first (limit).", notifications),
        get("/api/fleet", N::Workspace, "Every fleet node's last health, and the deployment under way.",
            fleetHealth),
        get("/api/rollouts", N::Workspace, "Rollouts, newest first (limit).", rollouts),
        post("/api/rollouts", N::Workspace, limits::kMaxCommandBody,
            "Start a canary rollout of a registered version or an artifact in the workspace.", rolloutStart),
        get("/api/rollouts/{id}", N::Workspace, "One rollout with its nodes and last judgement.", rolloutShow),
        get("/api/rollouts/{id}/events", N::Workspace, "A rollout's timeline after an event id (after, limit).",
            rolloutEvents),
        post("/api/rollouts/{id}/pause", N::Workspace, limits::kMaxCommandBody,
            "Pause the rollout (by, reason).", rolloutPause),
        post("/api/rollouts/{id}/resume", N::Workspace, limits::kMaxCommandBody, "Resume a paused rollout (by).",
            rolloutResume),
        post("/api/rollouts/{id}/promote", N::Workspace, limits::kMaxCommandBody,
            "Promote to the next step now (by).", rolloutPromote),
        post("/api/rollouts/{id}/rollback", N::Workspace, limits::kMaxCommandBody,
            "Roll the fleet back to the previous version (by, reason).", rolloutRollback),
        get("/api/drift/windows", N::Workspace, "Judged drift windows of the last minutes, oldest first (minutes, node).",
            driftWindows),
        get("/api/drift/alerts", N::Workspace, "Drift alerts, newest first (limit).", driftAlerts),
    };
}

QStringList segments(const QString &path)
{
    return path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
}

bool isPlaceholder(const QString &segment)
{
    return segment.startsWith(QLatin1Char('{')) && segment.endsWith(QLatin1Char('}'));
}

} // namespace

QString RestRoute::name() const
{
    return QString::fromLatin1(method) + QLatin1Char(' ') + pattern;
}

QJsonObject RestRoute::toJson() const
{
    return {{QStringLiteral("method"), QString::fromLatin1(method)}, {QStringLiteral("path"), pattern},
        {QStringLiteral("summary"), summary}, {QStringLiteral("max_body"), maxBody},
        {QStringLiteral("read_only"), readOnly}, {QStringLiteral("authenticated"), authenticated}};
}

const std::vector<RestRoute> &restRoutes()
{
    static const std::vector<RestRoute> routes = makeRoutes();
    return routes;
}

const RestRoute *RouteMatch::forMethod(const QByteArray &method) const
{
    for (const RestRoute *r : routes) {
        if (r->method == method)
            return r;
    }
    return nullptr;
}

QByteArray RouteMatch::allowed() const
{
    QList<QByteArray> methods;
    for (const RestRoute *r : routes) {
        if (!methods.contains(r->method))
            methods.append(r->method);
    }
    return methods.join(", ");
}

RouteMatch matchRoute(const QString &path, const std::function<bool(const RestRoute &)> &served)
{
    const QStringList parts = segments(path);
    RouteMatch best;
    int bestLiterals = -1;
    for (const RestRoute &route : restRoutes()) {
        if (served && !served(route))
            continue;
        const QStringList pattern = segments(route.pattern);
        if (pattern.size() != parts.size())
            continue;
        QStringList values;
        int literals = 0;
        bool matches = true;
        for (qsizetype i = 0; i < pattern.size() && matches; ++i) {
            if (isPlaceholder(pattern[i]))
                values.append(parts[i]);
            else if (pattern[i] == parts[i])
                ++literals;
            else
                matches = false;
        }
        // The most literal pattern wins; of two as literal, the one declared first.
        if (!matches || literals < bestLiterals
            || (literals == bestLiterals && route.pattern != best.routes.front()->pattern))
            continue;
        if (literals > bestLiterals) {
            best = RouteMatch{};
            best.values = values;
            bestLiterals = literals;
        }
        best.routes.push_back(&route);
    }
    return best;
}

} // namespace lk::api
