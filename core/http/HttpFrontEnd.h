#pragma once

// Qt HttpServer's front end shared by the engine's HTTP servers (the REST API and the edge
// node): it turns each request into a plain RestRequest, hands it to a handler and writes the
// RestResponse back, so that the routing code never touches sockets.
//
// Qt HttpServer (6.4) reads a whole request into memory before anyone sees it, with no bound
// on the URL, the headers or the body. So a gate reads the bytes of each connection first: it
// finds each request's head, refuses a URL over kMaxUrlBytes (414), a head over
// kMaxHeaderBytes (431), a chunked body (411) and whatever the server's RequestCheck refuses
// from the head alone (a wrong token, a foreign Origin, a Content-Type it does not take), and
// a declared body over the route's limit (413) — all before a byte of the body is read — and
// a head that is not whole within kHeadTimeoutMs or a body that stalls for kBodyIdleTimeoutMs
// (408). A refused connection is answered and closed; Qt's parser never sees it.

#include "core/http/Http.h"

#include <QAbstractHttpServer>
#include <QHostAddress>
#include <QUrl>

#include <functional>
#include <memory>

class QHttpServerRequest;
class QTcpSocket;

namespace lk::http {

/// Answers one request; must not throw.
using RestHandler = std::function<RestResponse(const RestRequest &)>;
/// Decides on a request from its head (RestRequest without body) and declared body size.
using RequestCheck = std::function<Admission(const RestRequest &head, qint64 bodyBytes)>;

/// http://HOST:PORT (https:// with `tls`) for a bound address; "any" addresses are named by
/// their loopback address.
QUrl urlFor(const QHostAddress &address, quint16 port, bool tls = false);

/// Serves every request through one RestHandler.
class HttpFrontEnd : public QAbstractHttpServer
{
public:
    /// `handler` answers every request, in the thread this object lives in; `check` (optional)
    /// admits or refuses each request from its head before the body is read.
    explicit HttpFrontEnd(RestHandler handler, RequestCheck check = {});

    /// Serves the connections `server` accepts, each through the gate (hides
    /// QAbstractHttpServer::bind, which would not gate them). A QSslServer hands over each
    /// connection once its TLS handshake is done; the gate then reads the decrypted bytes.
    void bind(QTcpServer *server);

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    RestHandler m_handler;
    std::shared_ptr<const RequestCheck> m_check; // shared with the gates, which may outlive a rebind
};

} // namespace lk::http
