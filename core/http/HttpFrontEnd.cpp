#include "core/http/HttpFrontEnd.h"

#include "core/common/Limits.h"

#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QPointer>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <sys/socket.h>

#include <algorithm>

namespace lk::http {

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

const char *reasonPhrase(int status)
{
    switch (status) {
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 408:
        return "Request Timeout";
    case 411:
        return "Length Required";
    case 413:
        return "Payload Too Large";
    case 414:
        return "URI Too Long";
    case 415:
        return "Unsupported Media Type";
    case 431:
        return "Request Header Fields Too Large";
    default:
        return "Error";
    }
}

/// How long a refused connection may go on sending before it is closed regardless.
constexpr int kLingerMs = 10000;

/// Reads each connection's bytes before Qt's parser does (its readyRead slot runs first) and
/// refuses a request from its head; see HttpFrontEnd.h. It only peeks at what Qt will read,
/// so an admitted request reaches Qt's parser untouched.
class RequestGate : public QObject
{
public:
    RequestGate(QTcpSocket *socket, std::shared_ptr<const RequestCheck> check)
        : QObject(socket)
        , m_socket(socket)
        , m_check(std::move(check))
    {
        connect(socket, &QTcpSocket::readyRead, this, &RequestGate::onReadyRead);
        m_timer.setSingleShot(true);
        connect(&m_timer, &QTimer::timeout, this, [this] {
            refuse(408, QStringLiteral("request_timeout"),
                m_bodyLeft > 0
                    ? QStringLiteral("The body paused for more than %1 ms.").arg(limits::kBodyIdleTimeoutMs)
                    : QStringLiteral("The request's head did not arrive whole within %1 ms.")
                          .arg(limits::kHeadTimeoutMs));
        });
    }

private:
    void onReadyRead()
    {
        const QByteArray fresh = m_socket->peek(m_socket->bytesAvailable());
        qsizetype pos = 0;
        while (pos < fresh.size() && !m_refused) {
            if (m_bodyLeft > 0) {
                const qint64 take = std::min<qint64>(m_bodyLeft, fresh.size() - pos);
                m_bodyLeft -= take;
                pos += qsizetype(take);
                continue;
            }
            if (m_head.isEmpty()) { // blank lines between requests are allowed before a request line
                while (pos < fresh.size() && (fresh[pos] == '\r' || fresh[pos] == '\n'))
                    ++pos;
                if (pos == fresh.size())
                    break;
            }
            const qsizetype before = m_head.size();
            const qsizetype take =
                std::min<qsizetype>(limits::kMaxHeaderBytes + 4 - before, fresh.size() - pos);
            m_head.append(fresh.constData() + pos, take);
            const qsizetype end = headEnd(std::max<qsizetype>(0, before - 3));
            if (end < 0) {
                pos += take;
                if (m_head.indexOf('\n') < 0 && m_head.size() > limits::kMaxUrlBytes + 32)
                    refuse(414, QStringLiteral("uri_too_long"),
                        QStringLiteral("The request line is longer than %1 bytes.")
                            .arg(limits::kMaxUrlBytes + 32));
                else if (m_head.size() > limits::kMaxHeaderBytes)
                    refuse(431, QStringLiteral("header_too_large"),
                        QStringLiteral("The request line and headers are longer than %1 bytes.")
                            .arg(limits::kMaxHeaderBytes));
                continue;
            }
            pos += end - before;
            const QByteArray head = m_head.left(end);
            m_head.clear();
            examine(head);
        }
        if (m_refused) { // Qt's parser is no longer connected: drop what it would have read
            m_socket->readAll();
            return;
        }
        // Slow clients time out: a head has a deadline from its first byte, a body may not stall.
        if (m_bodyLeft > 0) {
            m_timer.start(limits::kBodyIdleTimeoutMs);
            m_headTimed = false;
        } else if (!m_head.isEmpty()) {
            if (!m_headTimed)
                m_timer.start(limits::kHeadTimeoutMs);
            m_headTimed = true;
        } else {
            m_timer.stop();
            m_headTimed = false;
        }
    }

    /// Where the head in m_head ends (just past its blank line), searching from `from`; -1 if not yet.
    qsizetype headEnd(qsizetype from) const
    {
        for (qsizetype i = m_head.indexOf('\n', from); i >= 0; i = m_head.indexOf('\n', i + 1)) {
            if (i + 1 < m_head.size() && m_head[i + 1] == '\n')
                return i + 2;
            if (i + 2 < m_head.size() && m_head[i + 1] == '\r' && m_head[i + 2] == '\n')
                return i + 3;
        }
        return -1;
    }

    void examine(const QByteArray &head)
    {
        const QList<QByteArray> lines = head.split('\n');
        const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
        if (requestLine.size() != 3)
            return; // Qt's parser refuses it in its own way
        if (requestLine[1].size() > limits::kMaxUrlBytes)
            return refuse(414, QStringLiteral("uri_too_long"),
                QStringLiteral("The URL is %1 bytes long; the limit is %2.")
                    .arg(requestLine[1].size())
                    .arg(limits::kMaxUrlBytes));
        if (head.size() > limits::kMaxHeaderBytes)
            return refuse(431, QStringLiteral("header_too_large"),
                QStringLiteral("The request line and headers are %1 bytes; the limit is %2.")
                    .arg(head.size())
                    .arg(limits::kMaxHeaderBytes));
        RestRequest r;
        r.method = requestLine[0];
        const QUrl url = QUrl::fromEncoded(requestLine[1]);
        r.path = url.path(QUrl::FullyDecoded);
        qint64 length = 0;
        bool chunked = false;
        bool expectContinue = false;
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray line = lines[i].trimmed();
            const qsizetype colon = line.indexOf(':');
            if (colon <= 0)
                continue;
            const QByteArray name = line.left(colon).trimmed().toLower();
            const QByteArray value = line.mid(colon + 1).trimmed();
            r.headers.append({name, value});
            if (name == "authorization")
                r.authorization = value;
            else if (name == "host")
                r.host = value;
            else if (name == "content-type")
                r.contentType = value;
            else if (name == "transfer-encoding")
                chunked = chunked || value.toLower() != "identity";
            else if (name == "expect")
                expectContinue = value.toLower() == "100-continue";
            else if (name == "content-length") {
                bool ok = false;
                const qint64 n = value.toLongLong(&ok);
                if (!ok || n < 0 || (length > 0 && n != length))
                    return refuse(400, QStringLiteral("bad_request"),
                        QStringLiteral("Content-Length \"%1\" is not one byte count.")
                            .arg(limits::quoted(QString::fromLatin1(value), 40)));
                length = n;
            }
        }
        if (chunked)
            return refuse(411, QStringLiteral("length_required"),
                QStringLiteral("Send the body with a Content-Length, not chunked."));
        const Admission admission =
            *m_check ? (*m_check)(r, length) : Admission{std::nullopt, limits::kMaxCommandBody};
        if (admission.refusal)
            return refuse(*admission.refusal);
        if (length > admission.maxBody)
            return refuse(413, QStringLiteral("payload_too_large"),
                QStringLiteral("The body is %1 bytes; %2 %3 takes at most %4.")
                    .arg(length)
                    .arg(QString::fromLatin1(r.method), r.path)
                    .arg(admission.maxBody));
        m_bodyLeft = length;
        if (expectContinue && length > 0)
            m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
    }

    void refuse(int status, const QString &code, const QString &message)
    {
        refuse(errorResponse(status, code, message));
    }

    /// Answers `r`, closes the connection and reads (and drops) what the client still sends.
    void refuse(const RestResponse &r)
    {
        m_refused = true;
        m_timer.stop();
        // Qt's parser must not see this request (nor anything after it on this connection).
        disconnect(m_socket, &QTcpSocket::readyRead, nullptr, nullptr);
        connect(m_socket, &QTcpSocket::readyRead, this, [this] { m_socket->readAll(); });
        if (m_socket->isTransactionStarted())
            m_socket->commitTransaction();
        const QByteArray body = r.bytes();
        QByteArray out = "HTTP/1.1 " + QByteArray::number(r.status) + ' ' + reasonPhrase(r.status) + "\r\n";
        out += "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size())
            + "\r\nCache-Control: no-store\r\nConnection: close\r\n";
        for (const auto &[name, value] : r.headers)
            out += name + ": " + value + "\r\n";
        out += "\r\n" + body;
        m_socket->write(out);
        // Half-close once the answer is out: the client reads it, then closes; closing at once
        // with its body unread would reset the connection and could lose the answer.
        // Over TLS there is no half-close (shutting the socket down under the TLS layer loses
        // the answer it has not yet sent): the answer says Connection: close, the client closes,
        // and the linger below ends a client that does not.
        const bool tls = qobject_cast<QSslSocket *>(m_socket) != nullptr;
        const auto finish = [this, tls] {
            if (!tls && m_socket->bytesToWrite() == 0 && m_socket->state() == QAbstractSocket::ConnectedState
                && !m_halfClosed) {
                m_halfClosed = true;
                ::shutdown(int(m_socket->socketDescriptor()), SHUT_WR);
            }
        };
        connect(m_socket, &QTcpSocket::bytesWritten, this, finish);
        m_socket->flush();
        finish();
        QTimer::singleShot(kLingerMs, this, [socket = QPointer<QTcpSocket>(m_socket)] {
            if (socket)
                socket->abort();
        });
    }

    QTcpSocket *m_socket;
    std::shared_ptr<const RequestCheck> m_check;
    QByteArray m_head; ///< the current request's head so far
    qint64 m_bodyLeft = 0; ///< bytes of the current request's body still to come
    bool m_refused = false;
    bool m_halfClosed = false;
    QTimer m_timer; ///< the current request's deadline (head) or idle limit (body)
    bool m_headTimed = false; ///< the head's deadline runs
};

} // namespace

QUrl urlFor(const QHostAddress &address, quint16 port, bool tls)
{
    QUrl url;
    url.setScheme(tls ? QStringLiteral("https") : QStringLiteral("http"));
    // "Any" addresses are not reachable as such; name the loopback address clients can use.
    const bool any =
        address == QHostAddress(QHostAddress::Any) || address == QHostAddress(QHostAddress::AnyIPv4);
    url.setHost(any                                          ? QStringLiteral("127.0.0.1")
            : address == QHostAddress(QHostAddress::AnyIPv6) ? QStringLiteral("::1")
                                                             : address.toString());
    url.setPort(port);
    return url;
}

HttpFrontEnd::HttpFrontEnd(RestHandler handler, RequestCheck check)
    : m_handler(std::move(handler))
    , m_check(std::make_shared<const RequestCheck>(std::move(check)))
{ }

void HttpFrontEnd::bind(QTcpServer *server)
{
    // Connected before Qt's own handler (QAbstractHttpServer::bind below), so that each socket
    // gets its gate before Qt connects its parser to the socket: the gate's slot then runs first.
    connect(server, &QTcpServer::pendingConnectionAvailable, this, [server, check = m_check] {
        for (QTcpSocket *socket : server->findChildren<QTcpSocket *>(Qt::FindDirectChildrenOnly)) {
            if (socket->property("lk_gated").toBool())
                continue;
            socket->setProperty("lk_gated", true);
            new RequestGate(socket, check);
        }
    });
    QAbstractHttpServer::bind(server);
}

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

} // namespace lk::http
