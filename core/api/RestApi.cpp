#include "core/api/RestApi.h"

#include "core/loop/LearningLoop.h"
#include "core/loop/Notifier.h"
#include "core/outcomes/OutcomeService.h"

#include "core/api/ApiLog.h"
#include "core/api/TrainingQueries.h"
#include "core/common/Limits.h"
#include "core/common/Versions.h"

#include <QCryptographicHash>
#include <QHostAddress>
#include <QJsonDocument>
#include <QStringList>
#include <QUrl>

Q_LOGGING_CATEGORY(lcApi, "loopkeeper.api", QtInfoMsg)

namespace lk::api {

QJsonObject queryObject(const QList<QPair<QString, QString>> &query)
{
    QJsonObject params;
    for (const auto &[name, value] : query) {
        if (params.contains(name))
            throw QueryError(QueryError::Reason::InvalidArgument,
                QStringLiteral("Query parameter \"%1\" is given more than once.").arg(name));
        params.insert(name, value);
    }
    return params;
}

namespace {

/// The host part of a Host header value ("127.0.0.1:8765" -> "127.0.0.1", "[::1]:80" -> "::1").
QString hostName(const QByteArray &header)
{
    QString h = QString::fromLatin1(header).trimmed().toLower();
    if (h.startsWith(QLatin1Char('['))) {
        const qsizetype end = h.indexOf(QLatin1Char(']'));
        return end > 0 ? h.mid(1, end - 1) : h;
    }
    const qsizetype colon = h.indexOf(QLatin1Char(':'));
    return colon >= 0 ? h.left(colon) : h;
}

bool isLoopbackName(const QString &host)
{
    return host == QLatin1String("localhost") || QHostAddress(host).isLoopback();
}

void requireNoQuery(const QJsonObject &params)
{
    if (!params.isEmpty())
        throw QueryError(QueryError::Reason::InvalidArgument,
            QStringLiteral("Unknown parameter \"%1\": this endpoint takes none.").arg(params.begin().key()));
}

} // namespace

RestApi::RestApi(TrainingQueries &queries, QString token, bool loopbackOnly)
    : m_queries(queries)
    , m_token(token.toUtf8())
    , m_loopbackOnly(loopbackOnly)
{ }

QStringList RestApi::routes()
{
    return {QStringLiteral("GET /api/health"), QStringLiteral("GET /api/training/runs"),
        QStringLiteral("GET /api/training/runs/{id}"), QStringLiteral("GET /api/training/runs/{id}/metrics"),
        QStringLiteral("GET /api/training/runs/{id}/health"), QStringLiteral("POST /api/learning/outcomes"),
        QStringLiteral("GET /api/learning/metrics"), QStringLiteral("GET /api/learning/agents/performance"),
        QStringLiteral("POST /api/learning/predict/agent-selection"),
        QStringLiteral("GET /api/learning/status"), QStringLiteral("POST /api/learning/save"),
        QStringLiteral("POST /api/samples"), QStringLiteral("GET /api/samples/stats"),
        QStringLiteral("GET /api/loop/status"), QStringLiteral("GET /api/loop/jobs"),
        QStringLiteral("GET /api/loop/jobs/{id}"), QStringLiteral("GET /api/models"),
        QStringLiteral("GET /api/models/{version}"), QStringLiteral("GET /api/notifications"),
        QStringLiteral("GET /api/fleet"), QStringLiteral("GET /api/rollouts"), QStringLiteral("POST /api/rollouts"),
        QStringLiteral("GET /api/rollouts/{id}"), QStringLiteral("GET /api/rollouts/{id}/events"),
        QStringLiteral("POST /api/rollouts/{id}/pause|resume|promote|rollback"), QStringLiteral("GET /api/drift/windows"),
        QStringLiteral("GET /api/drift/alerts")};
}

RestResponse RestApi::handle(const RestRequest &request)
{
    RestResponse response;
    try {
        Admission admission = admit(request, request.body.size());
        if (!admission.refusal)
            admission.refusal = refuseDeepJson(request);
        if (admission.refusal)
            response = *admission.refusal;
        else if (request.body.size() > admission.maxBody)
            response = errorResponse(413, QStringLiteral("payload_too_large"),
                QStringLiteral("The body is %1 bytes; %2 takes at most %3.")
                    .arg(request.body.size())
                    .arg(request.path)
                    .arg(admission.maxBody));
        else
            response = route(request);
    } catch (const QueryError &e) {
        response = e.reason() == QueryError::Reason::NotFound
            ? errorResponse(404, QStringLiteral("not_found"), e.message())
            : errorResponse(400, QStringLiteral("bad_request"), e.message());
    } catch (const Error &e) {
        if (e.kind() == ErrorKind::Input || e.kind() == ErrorKind::Usage) {
            response = errorResponse(400, QStringLiteral("bad_request"), e.message());
        } else {
            qCWarning(lcApi) << request.method << request.path << "failed:" << e.message();
            response = errorResponse(500, QStringLiteral("internal"), e.message());
        }
    } catch (const std::exception &e) {
        qCWarning(lcApi) << request.method << request.path << "failed:" << e.what();
        response = errorResponse(500, QStringLiteral("internal"), QString::fromUtf8(e.what()));
    }
    qCDebug(lcApi).noquote() << QString::fromLatin1(request.method) << request.path << response.status;
    return response;
}

Admission RestApi::admit(const RestRequest &head, qint64 bodyBytes) const
{
    Admission a;
    // Authentication comes before anything else, so that without the token nothing is read
    // and nothing is revealed, not even which routes exist.
    if (!m_token.isEmpty()) {
        const QByteArray prefix = QByteArrayLiteral("bearer ");
        const QByteArray given = head.authorization.trimmed();
        if (!given.toLower().startsWith(prefix) || !sameBytes(given.mid(prefix.size()).trimmed(), m_token)) {
            RestResponse r = errorResponse(401, QStringLiteral("unauthorized"),
                given.isEmpty()
                    ? QStringLiteral("This server needs a bearer token: send the header "
                                     "\"Authorization: Bearer TOKEN\".")
                    : QStringLiteral("The bearer token is wrong, or the Authorization header is not "
                                     "\"Bearer TOKEN\"."));
            r.headers.append(
                {QByteArrayLiteral("WWW-Authenticate"), QByteArrayLiteral("Bearer realm=\"loopkeeper\"")});
            a.refusal = r;
            return a;
        }
    } else if (m_loopbackOnly && !head.host.isEmpty() && !isLoopbackName(hostName(head.host))) {
        a.refusal = errorResponse(403, QStringLiteral("forbidden"),
            QStringLiteral("Host \"%1\" is not a loopback name: without a token this server answers only "
                           "requests to 127.0.0.1, ::1 or localhost.")
                .arg(limits::quoted(QString::fromLatin1(head.host), 100)));
        return a;
    }
    if ((a.refusal = refuseForeignOrigin(head)))
        return a;
    if ((a.refusal = refuseContentType(head, bodyBytes, {QByteArrayLiteral("application/json")})))
        return a;
    const QString path = head.path.endsWith(QLatin1Char('/')) ? head.path.chopped(1) : head.path;
    if (path == QLatin1String("/api/samples") || path == QLatin1String("/api/learning/outcomes"))
        a.maxBody = limits::kMaxIngestBody;
    else if (path == QLatin1String("/api/learning/predict/agent-selection"))
        a.maxBody = limits::kMaxPredictBody;
    else
        a.maxBody = limits::kMaxCommandBody;
    return a;
}

RestResponse RestApi::route(const RestRequest &request)
{
    const QStringList parts = request.path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    if (m_learning && parts.size() >= 3 && parts[0] == QLatin1String("api")
        && parts[1] == QLatin1String("learning"))
        return routeLearning(request, parts);
    if (m_db && parts.size() >= 2 && parts[0] == QLatin1String("api")
        && (parts[1] == QLatin1String("samples") || parts[1] == QLatin1String("loop")
            || parts[1] == QLatin1String("models") || parts[1] == QLatin1String("notifications")))
        return routeLoop(request, parts);
    if (m_db && parts.size() >= 2 && parts[0] == QLatin1String("api")
        && (parts[1] == QLatin1String("fleet") || parts[1] == QLatin1String("rollouts")
            || parts[1] == QLatin1String("drift")))
        return routeFleet(request, parts);
    enum class Route { None, Health, Runs, Run, Metrics, RunHealth } which = Route::None;
    if (parts.size() == 2 && parts[0] == QLatin1String("api") && parts[1] == QLatin1String("health"))
        which = Route::Health;
    else if (parts.size() >= 3 && parts.size() <= 5 && parts[0] == QLatin1String("api")
        && parts[1] == QLatin1String("training") && parts[2] == QLatin1String("runs")) {
        if (parts.size() == 3)
            which = Route::Runs;
        else if (parts.size() == 4)
            which = Route::Run;
        else if (parts[4] == QLatin1String("metrics"))
            which = Route::Metrics;
        else if (parts[4] == QLatin1String("health"))
            which = Route::RunHealth;
    }
    if (which == Route::None)
        return errorResponse(404, QStringLiteral("not_found"),
            QStringLiteral("No route %1. The routes are: %2.")
                .arg(request.path, routes().join(QStringLiteral(", "))));
    if (request.method != "GET") {
        RestResponse r = errorResponse(405, QStringLiteral("method_not_allowed"),
            QStringLiteral("%1 is not allowed on %2; this API is read-only: use GET.")
                .arg(QString::fromLatin1(request.method), request.path));
        r.headers.append({QByteArrayLiteral("Allow"), QByteArrayLiteral("GET")});
        return r;
    }

    const QJsonObject params = queryObject(request.query);
    RestResponse r;
    switch (which) {
    case Route::Health:
        requireNoQuery(params);
        m_queries.runs(QJsonObject{{QStringLiteral("limit"), 1}}); // proves the database answers
        r.body = QJsonObject{{QStringLiteral("status"), QStringLiteral("ok")},
            {QStringLiteral("version"), loopkeeperVersion()},
            {QStringLiteral("workspace"), m_queries.workspaceRoot()}};
        break;
    case Route::Runs:
        r.body = m_queries.runs(params);
        break;
    case Route::Run:
        requireNoQuery(params);
        r.body = m_queries.run(parts[3]);
        break;
    case Route::Metrics:
        r.body = m_queries.metrics(parts[3], params);
        break;
    case Route::RunHealth:
        r.body = m_queries.health(parts[3], params);
        break;
    case Route::None:
        break;
    }
    return r;
}

RestResponse RestApi::routeLearning(const RestRequest &request, const QStringList &parts)
{
    const QString tail = parts.mid(2).join(QLatin1Char('/'));
    const bool post = tail == QLatin1String("outcomes") || tail == QLatin1String("predict/agent-selection")
        || tail == QLatin1String("save");
    const bool get = tail == QLatin1String("metrics") || tail == QLatin1String("agents/performance")
        || tail == QLatin1String("status");
    if (!post && !get)
        return errorResponse(404, QStringLiteral("not_found"),
            QStringLiteral("No route %1. The routes are: %2.")
                .arg(request.path, routes().join(QStringLiteral(", "))));
    const QByteArray allowed = post ? QByteArrayLiteral("POST") : QByteArrayLiteral("GET");
    if (request.method != allowed)
        return methodNotAllowed(request, allowed);
    RestResponse r;
    if (post && tail != QLatin1String("save") && request.body.trimmed().isEmpty())
        throw QueryError(QueryError::Reason::InvalidArgument,
            QStringLiteral("The body is empty: POST %1 needs a JSON body.").arg(request.path));
    if (tail == QLatin1String("outcomes")) {
        const outcomes::IngestReport report = m_learning->ingest(request.body);
        r.body = report.toJson();
        if (report.accepted == 0 && report.duplicates == 0 && !report.rejected.isEmpty())
            r.status = 400; // nothing usable: say so with the reasons
    } else if (tail == QLatin1String("metrics")) {
        r.body = m_learning->metrics();
    } else if (tail == QLatin1String("agents/performance")) {
        r.array = m_learning->agentPerformance(); // a list (docs/rest.md)
    } else if (tail == QLatin1String("status")) {
        r.body = m_learning->status();
    } else if (tail == QLatin1String("save")) {
        r.body = m_learning->saveNow(); // save a version now

    } else {
        // A list of requests or a single request object (docs/rest.md): answer in kind.
        QJsonParseError error{};
        const QJsonDocument doc = QJsonDocument::fromJson(request.body, &error);
        if (error.error != QJsonParseError::NoError)
            throw QueryError(QueryError::Reason::InvalidArgument,
                QStringLiteral("The body is not JSON: %1").arg(error.errorString()));
        const auto answer = [this](const QJsonObject &q) {
            const QString task = q.value(QStringLiteral("task_type")).toString();
            if (task.isEmpty())
                throw QueryError(
                    QueryError::Reason::InvalidArgument, QStringLiteral("task_type is required."));
            const QString tooLong =
                limits::lengthProblem(QStringLiteral("task_type"), task, limits::kMaxNameLength);
            if (!tooLong.isEmpty())
                throw QueryError(QueryError::Reason::InvalidArgument, tooLong);
            const QJsonValue k = q.value(QStringLiteral("top_k"));
            const int topK = k.isUndefined() ? 3 : k.toInt(-1);
            if (topK < 1 || topK > limits::kMaxTopK)
                throw QueryError(QueryError::Reason::InvalidArgument,
                    QStringLiteral("top_k must be an integer from 1 to %1.").arg(limits::kMaxTopK));
            const QJsonValue context = q.value(QStringLiteral("context"));
            if (!context.isUndefined() && !context.isObject())
                throw QueryError(
                    QueryError::Reason::InvalidArgument, QStringLiteral("context must be an object."));
            if (limits::jsonDepth(context) > limits::kMaxJsonDepth
                || QJsonDocument(context.toObject()).toJson(QJsonDocument::Compact).size()
                    > limits::kMaxObjectBytes)
                throw QueryError(QueryError::Reason::InvalidArgument,
                    QStringLiteral("context is larger than %1 bytes of JSON or nested deeper than %2.")
                        .arg(limits::kMaxObjectBytes)
                        .arg(limits::kMaxJsonDepth));
            return m_learning->recommend(task, context.toObject(), topK);
        };
        if (doc.isArray() && doc.array().size() > limits::kMaxPredictBatch)
            throw QueryError(QueryError::Reason::InvalidArgument,
                QStringLiteral("The batch has %1 requests; the limit is %2 per call.")
                    .arg(doc.array().size())
                    .arg(limits::kMaxPredictBatch));
        if (doc.isArray()) {
            QJsonArray out;
            for (const QJsonValue &q : doc.array())
                out.append(answer(q.toObject()));
            r.array = out;
        } else {
            r.body = answer(doc.object());
        }
    }
    return r;
}

RestResponse RestApi::routeLoop(const RestRequest &request, const QStringList &parts)
{
    const QString path = parts.mid(1).join(QLatin1Char('/'));
    const bool post = path == QLatin1String("samples");
    const bool known = post || path == QLatin1String("samples/stats") || path == QLatin1String("loop/status")
        || path == QLatin1String("loop/jobs") || (parts.size() == 4 && parts[1] == QLatin1String("loop")
                                                     && parts[2] == QLatin1String("jobs"))
        || path == QLatin1String("models") || (parts.size() == 3 && parts[1] == QLatin1String("models"))
        || path == QLatin1String("notifications");
    if (!known)
        return errorResponse(404, QStringLiteral("not_found"),
            QStringLiteral("No route %1. The routes are: %2.").arg(request.path, routes().join(QStringLiteral(", "))));
    const QByteArray allowed = post ? QByteArrayLiteral("POST") : QByteArrayLiteral("GET");
    if (request.method != allowed)
        return methodNotAllowed(request, allowed);
    RestResponse r;
    storage::Database &db = *m_db;
    if (post) {
        if (request.body.trimmed().isEmpty())
            throw QueryError(QueryError::Reason::InvalidArgument,
                QStringLiteral("The body is empty: POST %1 needs escalated samples as JSON.")
                    .arg(request.path));
        // The workspace's settings are ours, not the sender's: a broken loop.json is a server
        // fault (503), so that nodes keep their samples and retry once it is fixed.
        std::optional<loop::LoopConfig> config;
        try {
            config = loop::LoopConfig::load(*m_workspace);
        } catch (const Error &e) {
            qCWarning(lcApi).noquote() << "POST /api/samples refused:" << e.message();
            RestResponse unavailable = errorResponse(503, QStringLiteral("settings_unreadable"),
                QStringLiteral("The server cannot take samples now: its loop settings cannot be read (%1). "
                               "Nothing was stored; send the samples again once the file is fixed.")
                    .arg(e.message()));
            unavailable.headers.append({QByteArrayLiteral("Retry-After"), QByteArrayLiteral("30")});
            return unavailable;
        }
        const loop::SampleIngestReport report = loop::SampleStore(db).ingest(request.body, config->samples);
        r.body = report.toJson();
        if (report.accepted + report.filtered + report.duplicates == 0 && !report.rejected.isEmpty())
            r.status = 400; // nothing usable: say so with the reasons
    } else if (path == QLatin1String("samples/stats")) {
        r.body = loop::SampleStore(db).stats();
    } else if (path == QLatin1String("loop/status")) {
        loop::LearningLoop loop(*m_workspace, db, loop::LoopConfig::load(*m_workspace));
        r.body = loop.status(QDateTime::currentDateTimeUtc());
    } else if (path == QLatin1String("loop/jobs")) {
        QJsonArray jobs;
        for (const loop::LoopJob &j : loop::JobStore(db).jobs(100))
            jobs.append(j.toJson());
        r.body = QJsonObject{{QStringLiteral("jobs"), jobs}};
    } else if (parts[1] == QLatin1String("loop")) {
        const std::optional<loop::LoopJob> job = loop::JobStore(db).job(parts[3]);
        if (!job)
            throw QueryError(QueryError::Reason::NotFound, QStringLiteral("No training job %1").arg(parts[3]));
        r.body = job->toJson();
        r.body.insert(QStringLiteral("manifest"), job->manifest);
    } else if (path == QLatin1String("models")) {
        QJsonArray versions;
        for (const loop::ModelVersion &v : loop::ModelRegistry(db).versions())
            versions.append(v.toJson());
        r.body = QJsonObject{{QStringLiteral("versions"), versions}};
    } else if (parts[1] == QLatin1String("models")) {
        const std::optional<loop::ModelVersion> v = loop::ModelRegistry(db).version(parts[2]);
        if (!v)
            throw QueryError(QueryError::Reason::NotFound, QStringLiteral("No model version %1").arg(parts[2]));
        r.body = v->toJson();
    } else {
        r.body = QJsonObject{{QStringLiteral("notifications"), loop::Notifier(db).recent(50)}};
    }
    return r;
}

} // namespace lk::api
