#pragma once

// The REST API's routes, declared in one table: method, path pattern, handler, body limit,
// flags and a summary per route. Everything that needs to know the routes is derived from it:
// RestApi's dispatcher, its 405 answers (with an Allow header naming the methods of the path),
// the route list of its 404 answers and RestApi::routes(), the body limit HttpFrontEnd asks
// for before reading a body (docs/limits.md), `loopkeeper-cli serve --help` and `api routes`.
// The handlers are thin: they read the request and call the modules' query services
// (runs::RunQueries, loop::LoopQueries, drift::DriftQueries, rollout::RolloutQueries,
// outcomes::OutcomeService), which hold the defaults, limits and JSON shapes.

#include "core/api/RestApi.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <functional>
#include <vector>

namespace lk {
class Workspace;
}
namespace lk::runs {
class RunQueries;
}
namespace lk::storage {
class Database;
}
namespace lk::outcomes {
class OutcomeService;
}

namespace lk::api {

/// What a server has to answer with; a route whose part is missing is not served (404).
struct RouteServices
{
    runs::RunQueries *runs = nullptr;
    outcomes::OutcomeService *learning = nullptr;
    const Workspace *workspace = nullptr;
    storage::Database *db = nullptr;
};

/// What a handler is given: the request, the values of the pattern's {placeholders} in order,
/// the query as a JSON object of strings (queryObject()), and the server's parts.
struct RouteCall
{
    const RestRequest &request;
    QStringList values;
    QJsonObject params;
    const RouteServices &services;
};

/// The part of the server a route answers from.
enum class RouteNeeds {
    Runs, ///< the training-run queries (every server has them)
    Learning, ///< the agent-outcome service
    Workspace, ///< the workspace and its connection (loop, fleet, rollouts, drift)
};

/// One route of the REST API.
struct RestRoute
{
    QByteArray method; ///< GET or POST
    QString pattern; ///< e.g. "/api/rollouts/{id}/events"; {name} matches one path segment
    RouteNeeds needs;
    qint64 maxBody; ///< the largest body read (413 beyond; docs/limits.md)
    bool readOnly; ///< changes nothing in the workspace
    bool authenticated; ///< needs the bearer token when the server has one
    QString summary;
    RestResponse (*handler)(const RouteCall &call);

    /// "GET /api/health"
    QString name() const;
    /// {"method", "path", "summary", "max_body", "read_only", "authenticated"}: for `api routes`
    /// and, later, an OpenAPI document.
    QJsonObject toJson() const;
};

/// Every route of the REST API, in the order the docs list them.
const std::vector<RestRoute> &restRoutes();

/// The routes a path leads to: those of the most specific pattern that matches it (literal
/// segments before placeholders), one per method, with the placeholders' values.
struct RouteMatch
{
    std::vector<const RestRoute *> routes;
    QStringList values;

    /// The route for `method`, or null (then the answer is 405, or 404 without any route).
    const RestRoute *forMethod(const QByteArray &method) const;
    /// "GET, POST": the methods of the path, for the Allow header of a 405.
    QByteArray allowed() const;
};

/// Matches `path` (percent-decoded, without the query; empty segments are ignored) against
/// the routes for which `served` is true (all when it is empty).
RouteMatch matchRoute(const QString &path, const std::function<bool(const RestRoute &)> &served = {});

} // namespace lk::api
