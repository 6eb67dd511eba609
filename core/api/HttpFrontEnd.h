#pragma once

// Qt HttpServer's front end shared by the engine's HTTP servers (the REST API and the edge
// node): it turns each request into a plain RestRequest, hands it to a handler and writes the
// RestResponse back, so that the routing code never touches sockets.

#include "core/api/RestApi.h"

#include <QAbstractHttpServer>
#include <QHostAddress>
#include <QUrl>

#include <functional>

class QHttpServerRequest;
class QTcpSocket;

namespace lk::api {

/// Answers one request; must not throw.
using RestHandler = std::function<RestResponse(const RestRequest &)>;

/// http://HOST:PORT for a bound address; "any" addresses are named by their loopback address.
QUrl urlFor(const QHostAddress &address, quint16 port);

/// Serves every request through one RestHandler.
class HttpFrontEnd : public QAbstractHttpServer
{
public:
    /// `handler` answers every request, in the thread this object lives in.
    explicit HttpFrontEnd(RestHandler handler);

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    RestHandler m_handler;
};

} // namespace lk::api
