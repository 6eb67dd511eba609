#pragma once

// The REST API server: Qt HttpServer on a thread of its own, with its own workspace
// connection, so that a host (the CLI's `serve`, later the console) never waits for a request.
//
//     lk::api::TrainingApiServer server({root, QHostAddress::LocalHost, 8765, {}});
//     connect(&server, &TrainingApiServer::listening, this, [](const QUrl &url) { ... });
//     connect(&server, &TrainingApiServer::failed, this, [](const QString &why) { ... });
//     server.start();   // returns at once; listening() or failed() follows
//     ...
//     server.stop();    // or destroy it: closes the port and joins the thread
//
// The object itself lives in the host's thread and only relays; the HTTP server, its sockets
// and the SQLite connection are created, used and destroyed in the server thread.

#include <QHostAddress>
#include <QObject>
#include <QSslConfiguration>
#include <QString>
#include <QUrl>

#include <optional>

class QThread;

namespace lk::api {

/// Where and how the REST API listens.
struct ApiServerConfig
{
    QString workspaceRoot; ///< an existing workspace (it is not created)
    QHostAddress address = QHostAddress(QHostAddress::LocalHost); ///< non-loopback needs a token
    quint16 port = 0; ///< 0: the system picks a free port (see url())
    QString token; ///< bearer token required on every request; empty: none (loopback only)
    /// Serves HTTPS with this configuration (lk::tls::serverConfiguration); none: plain HTTP,
    /// which a non-loopback address allows only with `insecureBind`.
    std::optional<QSslConfiguration> tls;
    bool insecureBind = false; ///< lets a non-loopback address serve plain HTTP (with a token)

    /// Shortest token accepted: 16 characters, e.g. `openssl rand -hex 16` gives 32
    /// (limits::kMinTokenLength; blank tokens and tokens with spaces are refused too).
    static constexpr int kMinTokenLength = 16;

    /// Throws lk::Error(Usage) naming the problem: a non-loopback address without a token, or
    /// without TLS unless `insecureBind` (docs/limits.md), a token shorter than
    /// kMinTokenLength, or no workspace.
    void validate() const;
};

/// Serves the training REST API (see RestApi) in a thread of its own.
class TrainingApiServer : public QObject
{
    Q_OBJECT
public:
    explicit TrainingApiServer(ApiServerConfig config, QObject *parent = nullptr);
    /// Stops the server and joins its thread.
    ~TrainingApiServer() override;

    /// Validates the config (throws lk::Error(Usage)) and starts the server thread; returns at
    /// once. listening() follows when the port is open, failed() if it cannot be.
    void start();
    /// Closes the port and joins the thread; pending requests are dropped. Safe to call twice.
    void stop();

    /// True between listening() and stop() (or failed()).
    bool isListening() const { return m_url.isValid(); }
    /// http(s)://ADDRESS:PORT with the real port, once listening; invalid before.
    QUrl url() const { return m_url; }
    const ApiServerConfig &config() const { return m_config; }

Q_SIGNALS:
    /// The server accepts requests at `url` (the real port when the config asked for 0).
    void listening(const QUrl &url);
    /// The server could not start (workspace unusable, port taken, address not local); the
    /// thread has ended. The message says what to change.
    void failed(const QString &message);

private:
    void onListening(quint16 port);
    void onFailed(const QString &message);

    ApiServerConfig m_config;
    QThread *m_thread = nullptr;
    QUrl m_url;
};

} // namespace lk::api
