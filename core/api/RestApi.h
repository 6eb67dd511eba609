#pragma once

// The REST API's routes, authentication and error mapping, apart from the HTTP machinery:
// a request goes in as plain values, a status and a JSON body come out. TrainingApiServer
// feeds it from Qt HttpServer; keeping it free of sockets keeps every rule in one readable place.

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>

#include <optional>

namespace lk::runs {
class RunQueries;
}
namespace lk {
class Workspace;
}
namespace lk::storage {
class Database;
}
namespace lk::outcomes {
class OutcomeService;
}
namespace lk::api {

/// What the API needs of an HTTP request.
struct RestRequest
{
    QByteArray method; ///< "GET", "POST", ...
    QString path; ///< percent-decoded, without the query
    QList<QPair<QString, QString>> query; ///< percent-decoded name/value pairs in order
    QByteArray authorization; ///< the Authorization header, empty if absent
    QByteArray host; ///< the Host header, empty if absent
    QByteArray body; ///< the request body (POST), as sent
    QByteArray contentType; ///< the Content-Type header, empty if absent
    QList<QPair<QByteArray, QByteArray>> headers; ///< all headers, names in lower case
};

/// What the API answers: a status, a JSON body and any headers beyond Content-Type/-Length.
struct RestResponse
{
    int status = 200;
    QJsonObject body;
    std::optional<QJsonArray> array; ///< sent instead of `body` where the seed's shape is a list
    QList<QPair<QByteArray, QByteArray>> headers;
    std::optional<QByteArray> raw; ///< sent instead of the JSON body (e.g. a kept input's bytes)
    QByteArray contentType = "application/octet-stream"; ///< Content-Type of `raw`

    /// The body as sent: compact JSON and a newline.
    QByteArray bytes() const;
};

/// What a server decides once a request's head has arrived, before its body is read: refuse it
/// now (a wrong token, a foreign Origin, a Content-Type it does not take), or read a body of at
/// most `maxBody` bytes (413 beyond). See HttpFrontEnd and docs/limits.md.
struct Admission
{
    std::optional<RestResponse> refusal;
    qint64 maxBody = 0;
};

/// {"error": {"code", "message"}} with `status`.
RestResponse errorResponse(int status, const QString &code, const QString &message);
/// 403 if the request carries an Origin header that is not the server's own (Host): a web page
/// of another site, which a browser lets send simple POSTs without asking first.
std::optional<RestResponse> refuseForeignOrigin(const RestRequest &request);
/// 415 if a POST, PUT or PATCH with a body (`bodyBytes` > 0) does not declare one of `accepted`
/// as its Content-Type (parameters such as charset are ignored). JSON-only servers cannot be
/// written to by an HTML form or a text/plain fetch, which browsers send without a preflight.
std::optional<RestResponse> refuseContentType(
    const RestRequest &request, qint64 bodyBytes, const QList<QByteArray> &accepted);
/// 400 if a JSON body nests arrays and objects deeper than limits::kMaxJsonDepth (found
/// without parsing it).
std::optional<RestResponse> refuseDeepJson(const RestRequest &request);
/// The value of header `name` (lower case), empty if absent.
QByteArray headerValue(const RestRequest &request, const QByteArray &name);
/// Compares without an early exit, so that the time taken says nothing about a secret.
bool sameBytes(const QByteArray &a, const QByteArray &b);
/// 405 with the Allow header, naming the method that would work.
RestResponse methodNotAllowed(const RestRequest &request, const QByteArray &allowed);
/// The query as a JSON object of strings; a name given twice is ambiguous and refused (QueryError).
QJsonObject queryObject(const QList<QPair<QString, QString>> &query);

/// Serves the routes of RestRoutes.h (one table: the training runs, agent-outcome learning,
/// the learning loop, the fleet, rollouts and drift) through the modules' query services.
/// Errors are {"error": {"code", "message"}} with 400 bad_request, 401 unauthorized,
/// 403 forbidden, 404 not_found, 405 method_not_allowed or 500 internal.
class RestApi
{
public:
    /// `token`: the bearer token every request must carry (empty: none). `loopbackOnly`: the
    /// server listens on loopback without a token, so requests must name a loopback host
    /// (a browser page that rebinds its own domain to 127.0.0.1 cannot read the API).
    RestApi(runs::RunQueries &queries, QString token, bool loopbackOnly);

    /// Serves the agent-outcome routes (/api/learning/...) from `service` too.
    void setLearning(outcomes::OutcomeService *service) { m_learning = service; }
    /// Serves the learning loop's routes (/api/samples, /api/loop/..., /api/models/...,
    /// /api/notifications) from this workspace and connection (the server thread's).
    void setLoop(const Workspace *workspace, storage::Database *db)
    {
        m_workspace = workspace;
        m_db = db;
    }

    /// Answers one request; never throws (internal failures become 500). Applies admit() first
    /// (with the body's size), so that a caller without HttpFrontEnd gets the same refusals.
    RestResponse handle(const RestRequest &request);
    /// Decides on a request from its head alone (HttpFrontEnd asks before reading the body):
    /// the token, the Host, the Origin and the Content-Type, and the route's body limit.
    Admission admit(const RestRequest &head, qint64 bodyBytes) const;

    /// "GET /api/health", ... : the routes of the table (restRoutes()), for 404 messages and the docs.
    static QStringList routes();

private:
    RestResponse route(const RestRequest &request);

    runs::RunQueries &m_queries;
    QByteArray m_token;
    bool m_loopbackOnly;
    outcomes::OutcomeService *m_learning = nullptr;
    const Workspace *m_workspace = nullptr;
    storage::Database *m_db = nullptr;
};

} // namespace lk::api
