// CLI commands that serve the engine to agents: `serve` (the REST API) and `mcp` (an MCP
// server on stdin/stdout). Both are thin: the work is in core/api.
#include "core/api/McpServer.h"
#include "core/api/TrainingApiServer.h"
#include "core/cli/Cli.h"
#include "core/cli/CliOptions.h"
#include "core/common/Error.h"
#include "core/loop/LoopConfig.h"
#include "core/loop/LoopRunner.h"
#include "core/logging/Logging.h"
#include "core/workspace/Workspace.h"

#include <QEventLoop>
#include <QSocketNotifier>

#include <csignal>
#include <cstdio>
#include <sys/socket.h>
#include <unistd.h>

namespace lk::cli {

namespace {

/// The REST API's default port when --port is not given.
constexpr int kDefaultPort = 8765;

int g_signalPipe[2] = {-1, -1};

extern "C" void onServeSignal(int signal)
{
    // Only async-signal-safe work here: the event loop reads the byte.
    const char byte = char(signal);
    [[maybe_unused]] const ssize_t written = ::write(g_signalPipe[1], &byte, 1);
}

/// Turns SIGINT and SIGTERM into an event-loop notification for as long as it lives, and
/// restores the previous handlers afterwards.
class StopSignals
{
public:
    StopSignals()
    {
        if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, g_signalPipe) != 0)
            throw Error(ErrorKind::Internal, QStringLiteral("Cannot create the signal pipe."));
        m_notifier = std::make_unique<QSocketNotifier>(g_signalPipe[0], QSocketNotifier::Read);
        QObject::connect(m_notifier.get(), &QSocketNotifier::activated, m_notifier.get(), [this] {
            char byte = 0;
            if (::read(g_signalPipe[0], &byte, 1) == 1)
                m_signal = int(byte);
        });
        struct sigaction action = {};
        action.sa_handler = onServeSignal;
        sigemptyset(&action.sa_mask);
        action.sa_flags = SA_RESTART;
        sigaction(SIGINT, &action, &m_previousInt);
        sigaction(SIGTERM, &action, &m_previousTerm);
    }
    ~StopSignals()
    {
        sigaction(SIGINT, &m_previousInt, nullptr);
        sigaction(SIGTERM, &m_previousTerm, nullptr);
        m_notifier.reset();
        ::close(g_signalPipe[0]);
        ::close(g_signalPipe[1]);
        g_signalPipe[0] = g_signalPipe[1] = -1;
    }
    StopSignals(const StopSignals &) = delete;
    StopSignals &operator=(const StopSignals &) = delete;

    QSocketNotifier *notifier() const { return m_notifier.get(); }
    /// The signal that arrived, 0 if none yet.
    int received() const { return m_signal; }

private:
    std::unique_ptr<QSocketNotifier> m_notifier;
    int m_signal = 0;
    struct sigaction m_previousInt = {};
    struct sigaction m_previousTerm = {};
};

QHostAddress bindAddress(const QCommandLineParser &p)
{
    if (!p.isSet(QStringLiteral("bind")))
        return QHostAddress(QHostAddress::LocalHost);
    const QString text = p.value(QStringLiteral("bind")).trimmed();
    if (text.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return QHostAddress(QHostAddress::LocalHost);
    QHostAddress address;
    if (!address.setAddress(text))
        throw Error(ErrorKind::Usage,
            QStringLiteral("--bind must be an IP address such as 127.0.0.1, ::1 or 0.0.0.0, not \"%1\".")
                .arg(text));
    return address;
}

QJsonObject serve(Context &ctx)
{
    const QCommandLineParser &p = ctx.parser();
    api::ApiServerConfig config;
    config.workspaceRoot = ctx.workspaceRoot();
    config.address = bindAddress(p);
    config.port = quint16(intOption(p, QStringLiteral("port"), kDefaultPort, 0, 65535));
    if (p.isSet(QStringLiteral("token"))) {
        config.token = p.value(QStringLiteral("token"));
        if (config.token.isEmpty())
            throw Error(ErrorKind::Usage, QStringLiteral("--token must not be empty."));
    } else {
        config.token = qEnvironmentVariable("LOOPKEEPER_API_TOKEN");
    }
    config.validate(); // usage errors (bind without a token) before anything touches the workspace

    const Workspace ws = Workspace::open(config.workspaceRoot, Workspace::OpenMode::ExistingOnly);
    config.workspaceRoot = ws.root();
    LogSink::instance().attachFile(ws.logsDir(), QStringLiteral("loopkeeper-cli"));

    const StopSignals stopSignals;
    api::TrainingApiServer server(config);
    QEventLoop loop;
    QString failure;
    QObject::connect(&server, &api::TrainingApiServer::listening, &loop, &QEventLoop::quit);
    QObject::connect(&server, &api::TrainingApiServer::failed, &loop, [&](const QString &message) {
        failure = message;
        loop.quit();
    });
    QObject::connect(stopSignals.notifier(), &QSocketNotifier::activated, &loop, &QEventLoop::quit);
    server.start();
    loop.exec();
    if (!failure.isEmpty())
        throw Error(ErrorKind::Input, failure);
    // The learning loop, unattended: ticks in this thread, trains on a pool thread.
    const int loopInterval = intOption(p, QStringLiteral("loop-interval"), 0, 0, 7 * 24 * 3600);
    std::unique_ptr<loop::LoopRunner> runner;
    if (server.isListening() && !stopSignals.received()) {
        if (loopInterval > 0) {
            loop::LoopConfig::load(ws); // a bad loop.json is refused now, not at the first tick
            runner = std::make_unique<loop::LoopRunner>(ws, loopInterval);
            runner->start();
        }
        ctx.print(QJsonObject{{QStringLiteral("listening"), server.url().toString()},
            {QStringLiteral("workspace"), ws.root()},
            {QStringLiteral("token_required"), !config.token.isEmpty()},
            {QStringLiteral("loop_interval_seconds"), loopInterval}});
        loop.exec(); // until SIGINT or SIGTERM
    }
    if (runner)
        runner->stop(); // a job in training is cancelled; its samples go back to pending
    server.stop();
    return QJsonObject{{QStringLiteral("stopped"), true},
        {QStringLiteral("signal"),
            stopSignals.received() == SIGTERM ? QStringLiteral("SIGTERM") : QStringLiteral("SIGINT")}};
}

QJsonObject mcp(Context &ctx)
{
    // A client that goes away must end the loop through a failed write, not kill us mid-line.
    std::signal(SIGPIPE, SIG_IGN);
    api::McpServer server(ctx.workspaceRoot());
    server.serve(stdin, stdout);
    return {}; // stdout carries protocol messages only
}

} // namespace

QList<Command> apiCommands()
{
    Command serveCmd;
    serveCmd.name = QStringLiteral("serve");
    serveCmd.summary =
        QStringLiteral("Serve the training REST API (runs, metrics, health) until SIGINT or SIGTERM; prints "
                       "{\"listening\": URL, \"workspace\": DIR} when ready. Loopback only unless --bind and "
                       "a token are given.");
    serveCmd.options = {
        valueOption("loop-interval",
            "Run the learning loop unattended: evaluate its triggers every S seconds and run the jobs they "
            "start (0, the default: only loop tick and the console start jobs)",
            "S"),
        valueOption("port",
            QStringLiteral("TCP port (default %1; 0 picks a free one and prints it)").arg(kDefaultPort), "P"),
        valueOption("bind",
            QStringLiteral("Address to listen on (default 127.0.0.1); any other needs a token"), "ADDR"),
        valueOption("token",
            QStringLiteral("Bearer token every request must send (default $LOOPKEEPER_API_TOKEN; at least %1 "
                           "characters)")
                .arg(api::ApiServerConfig::kMinTokenLength),
            "T"),
    };
    serveCmd.run = serve;

    Command mcpCmd;
    mcpCmd.name = QStringLiteral("mcp");
    mcpCmd.summary = QStringLiteral(
        "Run an MCP server (Model Context Protocol, JSON-RPC on stdin/stdout) with the tools list_runs, "
        "get_run_metrics, analyze_run and recommend_early_stop; ends when stdin closes.");
    mcpCmd.run = mcp;

    return {serveCmd, mcpCmd};
}

} // namespace lk::cli
