#pragma once

// A small blocking HTTP/1.1 client over POSIX sockets for the replayer's worker threads (and
// for benchmarks and tests): one keep-alive connection, requests one after another,
// Content-Length bodies. Qt's network classes need an event loop per thread and cost more per
// request than a predict takes; this does a send() and a recv() or two per request.
//
//     lk::replay::HttpConnection c(QUrl("http://127.0.0.1:8101"), 5000);
//     lk::replay::HttpReply r = c.post("/v1/predict", "application/octet-stream", pixels);
//
// An https base URL goes through a QSslSocket in its blocking mode instead (no event loop
// needed either), verifying the server against a CA file or the system's CAs.

#include <QByteArray>
#include <QDeadlineTimer>
#include <QSslConfiguration>
#include <QString>
#include <QUrl>

#include <memory>
#include <optional>

class QSslSocket;

namespace lk::replay {

/// One HTTP answer, or why there was none.
struct HttpReply
{
    int status = 0; ///< the HTTP status; 0 if no answer came
    QByteArray body;
    QString error; ///< empty when an answer came; else what went wrong (connect, timeout, ...)

    /// An answer with a 2xx status.
    bool ok() const { return error.isEmpty() && status >= 200 && status < 300; }
};

/// One keep-alive connection to one server, opened on first use and again after a failure.
/// Not thread-safe: one per thread.
class HttpConnection
{
public:
    /// `base`: http(s)://HOST:PORT[/PREFIX] (anything else is refused with lk::Error(Usage));
    /// every request path is appended to PREFIX. `timeoutMs` bounds the connect (and TLS
    /// handshake) and each request. An https server is verified against the certificates in
    /// `caFile` (PEM; empty: the system's CAs); if that file cannot be used, every request
    /// fails, naming it.
    HttpConnection(const QUrl &base, int timeoutMs = 5000, const QString &caFile = {});
    ~HttpConnection();
    HttpConnection(const HttpConnection &) = delete;
    HttpConnection &operator=(const HttpConnection &) = delete;

    /// Sends one request and reads its answer; never throws. A request on a kept connection that
    /// the server had closed meanwhile is sent once more on a new one.
    HttpReply request(const QByteArray &method, const QByteArray &path, const QByteArray &contentType = {},
        const QByteArray &body = {});
    /// POST with a body.
    HttpReply post(const QByteArray &path, const QByteArray &contentType, const QByteArray &body)
    {
        return request(QByteArrayLiteral("POST"), path, contentType, body);
    }
    /// GET.
    HttpReply get(const QByteArray &path) { return request(QByteArrayLiteral("GET"), path); }

    /// Closes the connection (the next request opens a new one).
    void close();
    /// Whether a connection is open now.
    bool isOpen() const { return m_fd >= 0 || m_ssl; }
    /// Connections opened so far: 1 after any number of requests proves keep-alive.
    qint64 connectionsOpened() const { return m_opened; }
    /// The base URL as given.
    const QUrl &base() const { return m_base; }

private:
    enum class Outcome { Answered, Failed, StaleConnection };
    Outcome attempt(const QByteArray &request, HttpReply &reply, bool reused);
    bool open(const QDeadlineTimer &deadline, QString *error);
    bool waitFor(short events, const QDeadlineTimer &deadline, QString *error);
    bool sendAll(const QByteArray &bytes, const QDeadlineTimer &deadline, QString *error);
    bool openTls(const QDeadlineTimer &deadline, QString *error);
    /// Reads what the TLS connection has: > 0 bytes, 0 if the server closed, -1 on an error
    /// or at the deadline (`error` says which).
    qint64 receiveTls(char *into, qint64 max, const QDeadlineTimer &deadline, QString *error);

    QUrl m_base;
    QByteArray m_host; ///< Host header
    QByteArray m_prefix; ///< path prefix of the base URL, without a trailing slash
    int m_timeoutMs;
    int m_fd = -1;
    int m_port = 80;
    std::optional<QSslConfiguration> m_tls; ///< set for https
    std::unique_ptr<QSslSocket> m_ssl; ///< the open https connection
    QString m_setupError; ///< why no request can be sent (an unusable CA file)
    qint64 m_opened = 0;
    qint64 m_requestsOnConnection = 0;
    QByteArray m_out; ///< request bytes, reused
    QByteArray m_in; ///< bytes read and not yet consumed
};

} // namespace lk::replay
