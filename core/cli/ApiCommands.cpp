// CLI commands that serve the engine to agents: `serve` (the REST API), `api routes` (its
// routes, from the one route table of core/api/RestRoutes.h) and `mcp` (an MCP server on
// stdin/stdout). All are thin: the work is in core/api.
#include "core/api/ApiLog.h"
#include "core/api/McpServer.h"
#include "core/api/RestRoutes.h"
#include "core/common/Tls.h"
#include "core/api/TrainingApiServer.h"
#include "core/cli/Cli.h"
#include "core/cli/CliOptions.h"
#include "core/common/Error.h"
#include "core/common/StopSignals.h"
#include "core/fleet/FleetConfig.h"
#include "core/logging/Logging.h"
#include "core/loop/LoopConfig.h"
#include "core/loop/LoopRunner.h"
#include "core/rollout/FleetRunner.h"
#include "core/workspace/Workspace.h"

#include <QDir>
#include <QEventLoop>
#include <QFileInfo>
#include <QJsonArray>

#include <csignal>
#include <cstdio>

namespace lk::cli {

namespace {

/// The REST API's default port when --port is not given.
constexpr int kDefaultPort = 8765;

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
    config.insecureBind = p.isSet(QStringLiteral("insecure-bind"));
    const tls::ServerTlsFiles tlsFiles{
        p.value(QStringLiteral("tls-cert")), p.value(QStringLiteral("tls-key"))};
    if (tlsFiles.enabled())
        config.tls = QSslConfiguration(); // stands for the files' until they are checked below
    config.validate(); // usage errors (bind without a token or TLS) before anything touches the workspace
    if (tlsFiles.enabled())
        config.tls = tls::serverConfiguration(tlsFiles); // a missing, bad or mismatched file fails here
    const QString insecureWarning =
        tls::insecureBindWarning(config.address, config.tls.has_value(), config.insecureBind);
    if (!insecureWarning.isEmpty()) {
        std::fprintf(stderr, "%s\n", qPrintable(insecureWarning));
        std::fflush(stderr);
    }

    const Workspace ws = Workspace::open(config.workspaceRoot, Workspace::OpenMode::ExistingOnly);
    config.workspaceRoot = ws.root();
    LogSink::instance().attachFile(ws.logsDir(), QStringLiteral("loopkeeper-cli"));
    if (!insecureWarning.isEmpty())
        qCWarning(lcApi).noquote() << insecureWarning; // in the workspace's log too
    // A fleet file that cannot be read is refused now: serving without the fleet it names
    // would leave rollouts, health polls and drift silently undriven.
    const QString fleetPath = p.value(QStringLiteral("fleet")).isEmpty()
        ? QDir(ws.root()).filePath(QStringLiteral("fleet.json"))
        : p.value(QStringLiteral("fleet"));
    if (QFileInfo::exists(fleetPath)) {
        try {
            fleet::FleetConfig::load(fleetPath);
        } catch (const Error &e) {
            QString why = e.message();
            if (why.endsWith(QLatin1Char('.')))
                why.chop(1);
            throw Error(ErrorKind::Input,
                QStringLiteral(
                    "The fleet file %1 cannot be used: %2. Fix it, or move it away to serve without a "
                    "fleet.")
                    .arg(fleetPath, why));
        }
    }

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
    std::unique_ptr<rollout::FleetRunner> fleet;
    if (server.isListening() && !stopSignals.received()) {
        if (loopInterval > 0) {
            loop::LoopConfig::load(ws); // a bad loop.json is refused now, not at the first tick
            runner = std::make_unique<loop::LoopRunner>(ws, loopInterval);
            runner->start();
        }
        // The edge fleet, when there is a fleet file: rollouts, health polls, drift monitor.
        rollout::FleetRunnerConfig fleetConfig;
        fleetConfig.fleetPath = p.value(QStringLiteral("fleet"));
        fleet = std::make_unique<rollout::FleetRunner>(ws, fleetConfig);
        fleet->start();
        ctx.print(QJsonObject{{QStringLiteral("listening"), server.url().toString()},
            {QStringLiteral("workspace"), ws.root()},
            {QStringLiteral("token_required"), !config.token.isEmpty()},
            {QStringLiteral("tls"), config.tls.has_value()},
            {QStringLiteral("loop_interval_seconds"), loopInterval},
            {QStringLiteral("fleet"), fleet->fleetPath()}});
        loop.exec(); // until SIGINT or SIGTERM
    }
    if (runner)
        runner->stop(); // a job in training is cancelled; its samples go back to pending
    if (fleet)
        fleet->stop(); // a rollout stops between steps; the next driver carries on
    server.stop();
    return QJsonObject{{QStringLiteral("stopped"), true},
        {QStringLiteral("signal"),
            stopSignals.received() == SIGTERM ? QStringLiteral("SIGTERM") : QStringLiteral("SIGINT")}};
}

/// The REST API's routes as `serve --help` lists them: "  GET  /api/health" and the summary.
QString routesHelp()
{
    QString text = QStringLiteral("Routes (every one needs the bearer token when serve has one; "
                                  "loopkeeper-cli api routes prints them as JSON):\n");
    for (const api::RestRoute &r : api::restRoutes())
        text += QStringLiteral("  %1 %2\n      %3\n").arg(QString::fromLatin1(r.method).leftJustified(4), r.pattern, r.summary);
    return text;
}

QJsonObject apiRoutes(Context &)
{
    QJsonArray routes;
    for (const api::RestRoute &r : api::restRoutes())
        routes.append(r.toJson());
    return {{QStringLiteral("routes"), routes}};
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
        QStringLiteral("Serve the REST API (training runs, samples and the learning loop, agent outcomes, the fleet, "
                       "rollouts and drift) until SIGINT or SIGTERM, drive the fleet of the fleet file and, with "
                       "--loop-interval, the learning loop; prints {\"listening\": URL, \"workspace\": DIR, ...} when "
                       "ready. Loopback only unless --bind and a token are given.");
    serveCmd.options = {
        valueOption("fleet",
            "Fleet file whose nodes are health-polled, watched for drift and rolled out to (default: "
            "WORKSPACE/fleet.json; none: no fleet)",
            "FILE"),
        valueOption("loop-interval",
            "Run the learning loop unattended: evaluate its triggers every S seconds and run the jobs they "
            "start (0, the default: only loop tick and the console start jobs)",
            "S"),
        valueOption("port",
            QStringLiteral("TCP port (default %1; 0 picks a free one and prints it)").arg(kDefaultPort), "P"),
        valueOption("bind",
            QStringLiteral("Address to listen on (default 127.0.0.1); any other needs a token and TLS (or "
                           "--insecure-bind)"),
            "ADDR"),
        valueOption("tls-cert", "Serve HTTPS with this PEM certificate (chain); needs --tls-key", "FILE"),
        valueOption("tls-key", "The certificate's unencrypted PEM private key", "FILE"),
        QCommandLineOption(QStringLiteral("insecure-bind"),
            QStringLiteral("Allow plain HTTP on a non-loopback --bind address (a token is still required; "
                           "warns at start)")),
        valueOption("token",
            QStringLiteral("Bearer token every request must send (default $LOOPKEEPER_API_TOKEN; at least %1 "
                           "characters)")
                .arg(api::ApiServerConfig::kMinTokenLength),
            "T"),
    };
    serveCmd.run = serve;
    serveCmd.details = routesHelp;

    Command routesCmd;
    routesCmd.name = QStringLiteral("api routes");
    routesCmd.summary = QStringLiteral(
        "The REST API's routes as JSON: method, path pattern, summary, body limit in bytes, and whether each "
        "only reads and needs the token. Needs no workspace.");
    routesCmd.run = apiRoutes;

    Command mcpCmd;
    mcpCmd.name = QStringLiteral("mcp");
    mcpCmd.summary = QStringLiteral(
        "Run an MCP server (Model Context Protocol, JSON-RPC on stdin/stdout) with the tools list_runs, "
        "get_run_metrics, analyze_run, recommend_early_stop, get_deployment and list_drift_alerts; ends when "
        "stdin closes.");
    mcpCmd.run = mcp;

    return {serveCmd, routesCmd, mcpCmd};
}

} // namespace lk::cli
