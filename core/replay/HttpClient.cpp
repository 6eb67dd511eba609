#include "core/replay/HttpClient.h"

#include "core/common/Tls.h"
#include "core/common/Error.h"

#include <QSslSocket>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace lk::replay {

namespace {

QString systemError(const char *what)
{
    return QStringLiteral("%1: %2").arg(
        QString::fromLatin1(what), QString::fromLocal8Bit(std::strerror(errno)));
}

/// The value of header `name` (lower case) in a header block, or empty.
QByteArray headerValue(const QByteArray &headers, const QByteArray &name)
{
    qsizetype at = headers.indexOf("\r\n");
    while (at >= 0 && at + 2 < headers.size()) {
        const qsizetype start = at + 2;
        const qsizetype end = headers.indexOf("\r\n", start);
        const QByteArray line = headers.mid(start, (end < 0 ? headers.size() : end) - start);
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.left(colon).trimmed().toLower() == name)
            return line.mid(colon + 1).trimmed();
        at = end;
    }
    return {};
}

} // namespace

HttpConnection::HttpConnection(const QUrl &base, int timeoutMs, const QString &caFile)
    : m_base(base)
    , m_timeoutMs(timeoutMs)
{
    const bool https = base.scheme() == QLatin1String("https");
    if ((base.scheme() != QLatin1String("http") && !https) || base.host().isEmpty())
        throw Error(
            ErrorKind::Usage, QStringLiteral("%1 is not an http(s)://HOST:PORT URL.").arg(base.toString()));
    if (https) {
        try {
            m_tls = tls::clientConfiguration(caFile);
        } catch (const Error &e) {
            m_setupError = e.message(); // every request fails with it (this may run on a worker thread)
        }
    }
    const int port = base.port(https ? 443 : 80);
    m_port = port;
    const QString host = base.host();
    m_host = (host.contains(QLatin1Char(':')) ? QLatin1Char('[') + host + QLatin1Char(']') : host).toUtf8()
        + ':' + QByteArray::number(port);
    m_prefix = base.path(QUrl::FullyEncoded).toUtf8();
    while (m_prefix.endsWith('/'))
        m_prefix.chop(1);
}

HttpConnection::~HttpConnection()
{
    close();
}

void HttpConnection::close()
{
    if (m_ssl) {
        m_ssl->abort();
        m_ssl.reset();
    }
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = -1;
    m_in.clear();
    m_requestsOnConnection = 0;
}

bool HttpConnection::waitFor(short events, const QDeadlineTimer &deadline, QString *error)
{
    for (;;) {
        pollfd p{m_fd, events, 0};
        const int n = ::poll(&p, 1, int(qMax<qint64>(0, deadline.remainingTime())));
        if (n > 0)
            return true;
        if (n == 0) {
            *error = QStringLiteral("no answer within %1 ms").arg(m_timeoutMs);
            return false;
        }
        if (errno != EINTR) {
            *error = systemError("poll");
            return false;
        }
    }
}

bool HttpConnection::openTls(const QDeadlineTimer &deadline, QString *error)
{
    m_ssl = std::make_unique<QSslSocket>();
    m_ssl->setSslConfiguration(*m_tls);
    m_ssl->connectToHostEncrypted(m_base.host(), quint16(m_port));
    if (!m_ssl->waitForEncrypted(int(qMax<qint64>(1, deadline.remainingTime())))) {
        QStringList why;
        for (const QSslError &e : m_ssl->sslHandshakeErrors())
            why.append(e.errorString());
        if (why.isEmpty())
            why.append(deadline.hasExpired()
                    ? QStringLiteral("no TLS handshake within %1 ms").arg(m_timeoutMs)
                    : m_ssl->errorString());
        *error = QStringLiteral("cannot connect to %1 over TLS: %2")
                     .arg(QString::fromLatin1(m_host), why.join(QStringLiteral("; ")));
        m_ssl->abort();
        m_ssl.reset();
        return false;
    }
    m_ssl->setSocketOption(QAbstractSocket::LowDelayOption, 1); // as for plain connections (no Nagle)
    ++m_opened;
    return true;
}

qint64 HttpConnection::receiveTls(char *into, qint64 max, const QDeadlineTimer &deadline, QString *error)
{
    while (m_ssl->bytesAvailable() == 0) {
        if (m_ssl->state() != QAbstractSocket::ConnectedState)
            return 0;
        if (!m_ssl->waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime())))) {
            if (m_ssl->state() != QAbstractSocket::ConnectedState
                || m_ssl->error() == QAbstractSocket::RemoteHostClosedError)
                return m_ssl->bytesAvailable() > 0 ? m_ssl->read(into, max) : 0;
            *error = deadline.hasExpired() ? QStringLiteral("no answer within %1 ms").arg(m_timeoutMs)
                                           : m_ssl->errorString();
            return -1;
        }
    }
    return m_ssl->read(into, max);
}

bool HttpConnection::open(const QDeadlineTimer &deadline, QString *error)
{
    close();
    if (m_tls)
        return openTls(deadline, error);
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo *found = nullptr;
    const QByteArray host = m_base.host().toUtf8();
    const QByteArray port = QByteArray::number(m_port);
    if (const int rc = ::getaddrinfo(host.constData(), port.constData(), &hints, &found); rc != 0) {
        *error = QStringLiteral("cannot resolve %1: %2")
                     .arg(m_base.host(), QString::fromLocal8Bit(::gai_strerror(rc)));
        return false;
    }
    for (addrinfo *a = found; a; a = a->ai_next) {
        m_fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, a->ai_protocol);
        if (m_fd < 0) {
            *error = systemError("socket");
            continue;
        }
        // Requests are small and answered one at a time: Nagle's delay would dominate.
        const int one = 1;
        ::setsockopt(m_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        bool connected = ::connect(m_fd, a->ai_addr, a->ai_addrlen) == 0;
        int failure = errno;
        if (!connected && failure == EINPROGRESS) {
            QString waitError;
            if (waitFor(POLLOUT, deadline, &waitError)) {
                socklen_t length = sizeof failure;
                ::getsockopt(m_fd, SOL_SOCKET, SO_ERROR, &failure, &length);
                connected = failure == 0;
            } else {
                *error =
                    QStringLiteral("cannot connect to %1: %2").arg(QString::fromLatin1(m_host), waitError);
                failure = 0;
            }
        }
        if (connected) {
            error->clear();
            break;
        }
        if (failure != 0)
            *error = QStringLiteral("cannot connect to %1: %2")
                         .arg(QString::fromLatin1(m_host), QString::fromLocal8Bit(std::strerror(failure)));
        ::close(m_fd);
        m_fd = -1;
    }
    ::freeaddrinfo(found);
    if (m_fd < 0)
        return false;
    ++m_opened;
    return true;
}

bool HttpConnection::sendAll(const QByteArray &bytes, const QDeadlineTimer &deadline, QString *error)
{
    if (m_ssl) {
        if (m_ssl->write(bytes) != bytes.size()) {
            *error = QStringLiteral("send: %1").arg(m_ssl->errorString());
            return false;
        }
        while (m_ssl->bytesToWrite() > 0 || m_ssl->encryptedBytesToWrite() > 0) {
            if (!m_ssl->waitForBytesWritten(int(qMax<qint64>(1, deadline.remainingTime())))) {
                *error = deadline.hasExpired() ? QStringLiteral("no answer within %1 ms").arg(m_timeoutMs)
                                               : QStringLiteral("send: %1").arg(m_ssl->errorString());
                return false;
            }
        }
        return true;
    }
    qsizetype sent = 0;
    while (sent < bytes.size()) {
        const ssize_t n = ::send(m_fd, bytes.constData() + sent, size_t(bytes.size() - sent), MSG_NOSIGNAL);
        if (n > 0) {
            sent += n;
        } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            if (!waitFor(POLLOUT, deadline, error))
                return false;
        } else if (n < 0 && errno != EINTR) {
            *error = systemError("send");
            return false;
        }
    }
    return true;
}

HttpConnection::Outcome HttpConnection::attempt(const QByteArray &request, HttpReply &reply, bool reused)
{
    const QDeadlineTimer deadline(m_timeoutMs);
    reply = HttpReply();
    if (!m_setupError.isEmpty()) {
        reply.error = m_setupError;
        return Outcome::Failed;
    }
    if (!isOpen() && !open(deadline, &reply.error))
        return Outcome::Failed;
    if (!sendAll(request, deadline, &reply.error)) {
        close();
        return reused ? Outcome::StaleConnection : Outcome::Failed;
    }
    ++m_requestsOnConnection;

    // Read until the header block is complete, then until the body is.
    qsizetype headerEnd = -1;
    qsizetype need = -1; // total bytes of the answer once known
    char chunk[16384];
    for (;;) {
        if (headerEnd < 0) {
            headerEnd = m_in.indexOf("\r\n\r\n");
            if (headerEnd >= 0) {
                const QByteArray headers = m_in.left(headerEnd);
                const QList<QByteArray> statusLine = headers.left(headers.indexOf("\r\n")).split(' ');
                bool ok = statusLine.size() >= 2 && statusLine.first().startsWith("HTTP/1.");
                reply.status = ok ? statusLine.at(1).toInt(&ok) : 0;
                if (!ok) {
                    reply.error =
                        QStringLiteral("not an HTTP answer: %1").arg(QString::fromLatin1(headers.left(80)));
                    close();
                    return Outcome::Failed;
                }
                if (!headerValue(headers, "transfer-encoding").isEmpty()) {
                    reply.error = QStringLiteral("chunked answers are not supported");
                    close();
                    return Outcome::Failed;
                }
                const QByteArray length = headerValue(headers, "content-length");
                need = headerEnd + 4 + (length.isEmpty() ? 0 : length.toLongLong());
                if (headerValue(headers, "connection").toLower() == "close")
                    m_requestsOnConnection = -1; // closed once this answer is read
            }
        }
        if (need >= 0 && m_in.size() >= need)
            break;
        if (m_ssl) {
            const qint64 n = receiveTls(chunk, qint64(sizeof chunk), deadline, &reply.error);
            if (n > 0) {
                m_in.append(chunk, qsizetype(n));
                continue;
            }
            const bool nothingYet = m_in.isEmpty();
            if (n == 0)
                reply.error = QStringLiteral("the server closed the connection");
            reply.status = 0;
            close();
            return reused && nothingYet && n == 0 ? Outcome::StaleConnection : Outcome::Failed;
        }
        const ssize_t n = ::recv(m_fd, chunk, sizeof chunk, 0);
        if (n > 0) {
            m_in.append(chunk, n);
        } else if (n == 0) {
            // The server closed: before any answer on a kept connection, it had timed it out.
            const bool nothingYet = m_in.isEmpty();
            reply.error = QStringLiteral("the server closed the connection");
            reply.status = 0;
            close();
            return reused && nothingYet ? Outcome::StaleConnection : Outcome::Failed;
        } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
            if (!waitFor(POLLIN, deadline, &reply.error)) {
                reply.status = 0;
                close();
                return Outcome::Failed;
            }
        } else if (errno != EINTR) {
            const bool nothingYet = m_in.isEmpty();
            reply.error = systemError("recv");
            reply.status = 0;
            close();
            return reused && nothingYet ? Outcome::StaleConnection : Outcome::Failed;
        }
    }
    reply.body = m_in.mid(headerEnd + 4, need - headerEnd - 4);
    m_in.remove(0, need);
    if (m_requestsOnConnection < 0)
        close();
    return Outcome::Answered;
}

HttpReply HttpConnection::request(
    const QByteArray &method, const QByteArray &path, const QByteArray &contentType, const QByteArray &body)
{
    m_out.clear();
    m_out += method + ' ' + m_prefix + path + " HTTP/1.1\r\nHost: " + m_host + "\r\n";
    if (!contentType.isEmpty())
        m_out += "Content-Type: " + contentType + "\r\n";
    if (!body.isEmpty() || method == "POST" || method == "PUT")
        m_out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    m_out += "\r\n";
    m_out += body;

    HttpReply reply;
    const bool reused = isOpen() && m_requestsOnConnection > 0;
    if (attempt(m_out, reply, reused) == Outcome::StaleConnection)
        attempt(m_out, reply, false); // once, on a fresh connection
    return reply;
}

} // namespace lk::replay
