#include "core/api/HttpFrontEnd.h"

#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QTcpSocket>

namespace lk::api {

namespace {

QByteArray headerValue(const QHttpServerRequest &request, const QByteArray &name)
{
    // Header names are case-insensitive; look for them that way whatever Qt's version does.
    for (const auto &[key, value] : request.headers()) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

QByteArray methodName(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get:
        return "GET";
    case QHttpServerRequest::Method::Put:
        return "PUT";
    case QHttpServerRequest::Method::Delete:
        return "DELETE";
    case QHttpServerRequest::Method::Post:
        return "POST";
    case QHttpServerRequest::Method::Head:
        return "HEAD";
    case QHttpServerRequest::Method::Options:
        return "OPTIONS";
    case QHttpServerRequest::Method::Patch:
        return "PATCH";
    case QHttpServerRequest::Method::Connect:
        return "CONNECT";
    case QHttpServerRequest::Method::Trace:
        return "TRACE";
    default:
        return "UNKNOWN";
    }
}

void respond(QHttpServerResponder responder, const RestResponse &r)
{
    const bool raw = r.raw.has_value();
    const QByteArray body = raw ? *r.raw : r.bytes();
    responder.writeStatusLine(static_cast<QHttpServerResponder::StatusCode>(r.status));
    responder.writeHeader("Content-Type", raw ? r.contentType : QByteArrayLiteral("application/json"));
    responder.writeHeader("Content-Length", QByteArray::number(body.size()));
    responder.writeHeader("Cache-Control", "no-store");
    for (const auto &[name, value] : r.headers)
        responder.writeHeader(name, value);
    responder.writeBody(body);
}

} // namespace

QUrl urlFor(const QHostAddress &address, quint16 port)
{
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    // "Any" addresses are not reachable as such; name the loopback address clients can use.
    const bool any =
        address == QHostAddress(QHostAddress::Any) || address == QHostAddress(QHostAddress::AnyIPv4);
    url.setHost(any                                          ? QStringLiteral("127.0.0.1")
            : address == QHostAddress(QHostAddress::AnyIPv6) ? QStringLiteral("::1")
                                                             : address.toString());
    url.setPort(port);
    return url;
}

HttpFrontEnd::HttpFrontEnd(RestHandler handler)
    : m_handler(std::move(handler))
{ }

bool HttpFrontEnd::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    RestRequest r;
    r.method = methodName(request.method());
    r.path = request.url().path(QUrl::FullyDecoded);
    r.query = request.query().queryItems(QUrl::FullyDecoded);
    r.authorization = headerValue(request, "Authorization");
    r.host = headerValue(request, "Host");
    r.contentType = headerValue(request, "Content-Type");
    for (const auto &[key, value] : request.headers())
        r.headers.append({key.toLower(), value});
    r.body = request.body();
    respond(makeResponder(request, socket), m_handler(r));
    return true;
}

void HttpFrontEnd::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    // Not reached: handleRequest() answers every request. Kept honest all the same.
    RestResponse r;
    r.status = 404;
    r.body = QJsonObject{{QStringLiteral("error"),
        QJsonObject{{QStringLiteral("code"), QStringLiteral("not_found")},
            {QStringLiteral("message"), QStringLiteral("No route.")}}}};
    respond(makeResponder(request, socket), r);
}

} // namespace lk::api
