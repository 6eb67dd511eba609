#include "core/api/RestApi.h"

#include "core/api/ApiLog.h"
#include "core/api/RestRoutes.h"
#include "core/common/Limits.h"
#include "core/common/Query.h"

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

} // namespace

RestApi::RestApi(runs::RunQueries &queries, QString token, bool loopbackOnly)
    : m_queries(queries)
    , m_token(token.toUtf8())
    , m_loopbackOnly(loopbackOnly)
{ }

QStringList RestApi::routes()
{
    QStringList names;
    for (const RestRoute &r : restRoutes())
        names << r.name();
    return names;
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
    // The route's flags and body limit (restRoutes()); a request no route takes is held to the
    // strictest: the token, and the smallest body.
    const RestRoute *route = matchRoute(head.path).forMethod(head.method);
    // Authentication comes before anything else, so that without the token nothing is read
    // and nothing is revealed, not even which routes exist.
    if (!m_token.isEmpty() && (!route || route->authenticated)) {
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
    a.maxBody = route ? route->maxBody : limits::kMaxCommandBody;
    return a;
}

RestResponse RestApi::route(const RestRequest &request)
{
    const RouteServices services{&m_queries, m_learning, m_workspace, m_db};
    const RouteMatch match = matchRoute(request.path, [&services](const RestRoute &r) {
        switch (r.needs) {
        case RouteNeeds::Runs:
            return services.runs != nullptr;
        case RouteNeeds::Learning:
            return services.learning != nullptr;
        case RouteNeeds::Workspace:
            break;
        }
        return services.workspace != nullptr && services.db != nullptr;
    });
    if (match.routes.empty())
        return errorResponse(404, QStringLiteral("not_found"),
            QStringLiteral("No route %1. The routes are: %2.").arg(request.path, routes().join(QStringLiteral(", "))));
    const RestRoute *route = match.forMethod(request.method);
    if (!route)
        return methodNotAllowed(request, match.allowed());
    return route->handler(RouteCall{request, match.values, queryObject(request.query), services});
}

} // namespace lk::api
