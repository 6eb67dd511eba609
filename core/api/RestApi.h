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

#include "core/http/Http.h"

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

// The REST API answers with the engine's plain HTTP values (core/http/Http.h).
using http::Admission;
using http::errorResponse;
using http::headerValue;
using http::methodNotAllowed;
using http::refuseContentType;
using http::refuseDeepJson;
using http::refuseForeignOrigin;
using http::RestRequest;
using http::RestResponse;
using http::sameBytes;

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
