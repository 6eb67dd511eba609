#include "core/api/TrainingApiServer.h"

#include "core/api/ApiLog.h"
#include "core/http/HttpFrontEnd.h"
#include "core/api/RestApi.h"
#include "core/common/Tls.h"
#include "core/common/Error.h"
#include "core/common/Limits.h"
#include "core/loop/Inbox.h"
#include "core/outcomes/OutcomeService.h"
#include "core/runs/RunQueries.h"
#include "core/workspace/Workspace.h"

#include <QSslServer>
#include <QTcpServer>
#include <QThread>

#include <memory>
#include <optional>

namespace lk::api {

/// Lives in the server thread: owns the connection, the queries and the HTTP server there.
class ApiServerWorker : public QObject
{
    Q_OBJECT
public:
    explicit ApiServerWorker(ApiServerConfig config)
        : m_config(std::move(config))
    { }

    /// Opens the workspace and the port; emits listening() or failed().
    void listen()
    {
        try {
            const Workspace ws = Workspace::open(m_config.workspaceRoot, Workspace::OpenMode::ExistingOnly);
            m_workspace.emplace(ws);
            m_db.emplace(ws.connect());
            m_queries = std::make_unique<runs::RunQueries>(*m_db, ws.root());
            m_outcomes = std::make_unique<outcomes::OutcomeService>(ws, *m_db);
            m_outcomes->setTickWork([this] { loop::processInbox(*m_workspace, *m_db); });
            m_outcomes->start();
        } catch (const std::exception &e) {
            const auto *error = dynamic_cast<const Error *>(&e);
            Q_EMIT failed(error ? error->message() : QString::fromUtf8(e.what()));
            return;
        }
        m_api = std::make_unique<RestApi>(
            *m_queries, m_config.token, m_config.token.isEmpty() && m_config.address.isLoopback());
        m_api->setLearning(m_outcomes.get());
        m_api->setLoop(&*m_workspace, &*m_db);
        m_http = std::make_unique<http::HttpFrontEnd>(
            [api = m_api.get()](const RestRequest &request) { return api->handle(request); },
            [api = m_api.get()](
                const RestRequest &head, qint64 bodyBytes) { return api->admit(head, bodyBytes); });
        // Our own QTcpServer rather than QAbstractHttpServer::listen(), which drops the reason;
        // a QSslServer when the API serves HTTPS (it hands over connections once encrypted).
        QTcpServer *tcp = nullptr;
        if (m_config.tls) {
            auto *ssl = new QSslServer(m_http.get());
            ssl->setSslConfiguration(*m_config.tls);
            ssl->setHandshakeTimeout(limits::kHeadTimeoutMs);
            tcp = ssl;
        } else {
            tcp = new QTcpServer(m_http.get());
        }
        if (!tcp->listen(m_config.address, m_config.port)) {
            const QString why = tcp->errorString();
            m_http.reset();
            Q_EMIT failed(
                QStringLiteral("Cannot listen on %1 port %2: %3. Choose another port (0 picks a free "
                               "one) or address.")
                    .arg(m_config.address.toString(), QString::number(m_config.port), why));
            return;
        }
        m_http->bind(tcp);
        qCInfo(lcApi).noquote()
            << "REST API listening on"
            << http::urlFor(m_config.address, tcp->serverPort(), m_config.tls.has_value()).toString() << "for"
            << m_queries->workspaceRoot();
        Q_EMIT listening(tcp->serverPort());
    }

Q_SIGNALS:
    void listening(quint16 port);
    void failed(const QString &message);

private:
    // Declared in the order they depend on each other, so that they are destroyed in reverse.
    ApiServerConfig m_config;
    std::optional<Workspace> m_workspace;
    std::optional<storage::Database> m_db;
    std::unique_ptr<runs::RunQueries> m_queries;
    std::unique_ptr<outcomes::OutcomeService> m_outcomes; // saves the agent model when destroyed
    std::unique_ptr<RestApi> m_api;
    std::unique_ptr<http::HttpFrontEnd> m_http;
};

void ApiServerConfig::validate() const
{
    if (workspaceRoot.isEmpty())
        throw Error(ErrorKind::Usage, QStringLiteral("The REST API needs a workspace folder."));
    if (address.isNull())
        throw Error(ErrorKind::Usage, QStringLiteral("The REST API needs an IP address to bind to."));
    if (!token.isEmpty() && !limits::tokenProblem(token).isEmpty())
        throw Error(ErrorKind::Usage, limits::tokenProblem(token));
    if (!address.isLoopback() && token.isEmpty())
        throw Error(ErrorKind::Usage,
            QStringLiteral("Binding to %1 would expose the API beyond this machine; that needs a token "
                           "(--token or $LOOPKEEPER_API_TOKEN). Without one, bind to 127.0.0.1.")
                .arg(address.toString()));
    tls::checkExposure(address, tls.has_value(), insecureBind, QStringLiteral("the API"));
}

TrainingApiServer::TrainingApiServer(ApiServerConfig config, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
{ }

TrainingApiServer::~TrainingApiServer()
{
    stop();
}

void TrainingApiServer::start()
{
    m_config.validate();
    if (m_thread)
        return;
    m_thread = new QThread(this);
    m_thread->setObjectName(QStringLiteral("loopkeeper-api"));
    auto *worker = new ApiServerWorker(m_config);
    worker->moveToThread(m_thread);
    connect(m_thread, &QThread::started, worker, &ApiServerWorker::listen);
    // The worker (and with it the HTTP server and the connection) dies in its own thread.
    connect(m_thread, &QThread::finished, worker, &QObject::deleteLater);
    connect(worker, &ApiServerWorker::listening, this, &TrainingApiServer::onListening);
    connect(worker, &ApiServerWorker::failed, this, &TrainingApiServer::onFailed);
    m_thread->start();
}

void TrainingApiServer::stop()
{
    if (!m_thread)
        return;
    m_thread->quit();
    m_thread->wait();
    delete m_thread;
    m_thread = nullptr;
    if (m_url.isValid())
        qCInfo(lcApi).noquote() << "REST API on" << m_url.toString() << "stopped";
    m_url.clear();
}

void TrainingApiServer::onListening(quint16 port)
{
    if (!m_thread)
        return; // stopped before the news arrived
    m_url = http::urlFor(m_config.address, port, m_config.tls.has_value());
    Q_EMIT listening(m_url);
}

void TrainingApiServer::onFailed(const QString &message)
{
    if (!m_thread)
        return;
    qCWarning(lcApi).noquote() << "REST API did not start:" << message;
    stop();
    Q_EMIT failed(message);
}

} // namespace lk::api

#include "TrainingApiServer.moc"
