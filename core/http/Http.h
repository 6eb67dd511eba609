#pragma once

// The plain values an HTTP server of the engine works with (the REST API in core/api and the
// edge node in core/node): a request as values, a status and a JSON body back, the decision
// taken on a request's head before its body is read, and the checks both servers make.
// HttpFrontEnd (beside this file) turns Qt HttpServer's requests into these.

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>

#include <optional>

namespace lk::http {

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
    std::optional<QJsonArray> array; ///< sent instead of `body` where a route answers a list (docs/rest.md)
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
} // namespace lk::http
