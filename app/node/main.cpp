// loopkeeper-node: an edge agent serving a TorchScript model over HTTP. All logic lives in
// core/node (routes) and core/api (HTTP front end); this file parses options and listens.
#include "core/http/HttpFrontEnd.h"
#include "core/common/Tls.h"
#include "core/common/Error.h"
#include "core/common/Limits.h"
#include "core/common/StopSignals.h"
#include "core/common/Versions.h"
#include "core/node/NodeService.h"
#include "core/training/TorchRuntime.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSslServer>
#include <QTcpServer>
#include <QTextStream>

#include <cstdio>
#include <optional>

namespace {

/// Prints {"error": {"code", "exit_code", "message"}} on stderr, as loopkeeper-cli does, and gives the exit
/// code.
int fail(const lk::Error &e)
{
    QTextStream err(stderr);
    err << QJsonDocument(
        QJsonObject{{QStringLiteral("error"),
            QJsonObject{{QStringLiteral("code"), lk::errorKindName(e.kind())},
                {QStringLiteral("exit_code"), int(e.kind())}, {QStringLiteral("message"), e.message()}}}})
               .toJson(QJsonDocument::Compact)
        << '\n';
    return int(e.kind());
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    lk::applyApplicationIdentity();

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Serves a TorchScript 28x28 image classifier over HTTP (HTTPS with --tls-cert and --tls-key): "
        "POST /v1/predict, GET /v1/samples/{id}, PUT /v1/model, POST /v1/model/rollback, GET /v1/metrics, GET /v1/health, GET /v1/observations. "
        "Prints {\"listening\": URL} on stdout when ready; on SIGTERM or SIGINT it finishes the escalations "
        "under way, prints {\"stopped\": ...} and exits with 0."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption port(QStringLiteral("port"), QStringLiteral("TCP port; 0 picks a free one."),
        QStringLiteral("P"), QStringLiteral("0"));
    const QCommandLineOption model(QStringLiteral("model"),
        QStringLiteral("TorchScript artifact to serve first (none: serve what --dir had)."),
        QStringLiteral("ARTIFACT"));
    const QCommandLineOption modelVersion(QStringLiteral("model-version"),
        QStringLiteral("Version of --model (default: its file name)."), QStringLiteral("V"));
    const QCommandLineOption role(QStringLiteral("role"), QStringLiteral("edge (escalates) or teacher."),
        QStringLiteral("ROLE"), QStringLiteral("edge"));
    const QCommandLineOption dir(QStringLiteral("dir"),
        QStringLiteral("Folder for installed models and kept samples (default: ./loopkeeper-node-PORT)."),
        QStringLiteral("DIR"));
    const QCommandLineOption token(QStringLiteral("token"),
        QStringLiteral("Bearer token for model changes (default: $LOOPKEEPER_NODE_TOKEN; none: refused)."),
        QStringLiteral("T"));
    const QCommandLineOption threshold(QStringLiteral("threshold"),
        QStringLiteral("Predictions below this confidence escalate."), QStringLiteral("C"),
        QStringLiteral("0.7"));
    const QCommandLineOption address(QStringLiteral("bind"),
        QStringLiteral("Address to listen on; beyond loopback needs --token and TLS (or --insecure-bind)."),
        QStringLiteral("ADDRESS"), QStringLiteral("127.0.0.1"));
    const QCommandLineOption nodeId(QStringLiteral("node-id"),
        QStringLiteral("Name of this node in escalated samples (default: node-PORT)."), QStringLiteral("ID"));
    const QCommandLineOption teacher(QStringLiteral("teacher"),
        QStringLiteral("Teacher node asked for the corrected label of escalated predictions."),
        QStringLiteral("URL"));
    const QCommandLineOption console(QStringLiteral("console"),
        QStringLiteral("Console (loopkeeper-cli serve) that receives escalated samples at /api/samples."),
        QStringLiteral("URL"));
    const QCommandLineOption consoleToken(QStringLiteral("console-token"),
        QStringLiteral("Bearer token for the console (default: $LOOPKEEPER_API_TOKEN)."),
        QStringLiteral("T"));
    const QCommandLineOption timeout(QStringLiteral("timeout"),
        QStringLiteral("Milliseconds each teacher or console call may take."), QStringLiteral("MS"),
        QStringLiteral("10000"));
    const QCommandLineOption retries(QStringLiteral("retries"),
        QStringLiteral("Further attempts of a teacher or console call that failed for a passing reason "
                       "(no connection, timeout, 5xx, 429), after 200 ms, 400 ms, ... up to 1 s apart."),
        QStringLiteral("N"), QStringLiteral("2"));
    const QCommandLineOption threads(QStringLiteral("threads"),
        QStringLiteral("LibTorch threads per prediction (1 is fastest for single images)."),
        QStringLiteral("T"), QStringLiteral("1"));
    const QCommandLineOption observations(QStringLiteral("observations"),
        QStringLiteral("Recent predictions kept for GET /v1/observations."), QStringLiteral("N"),
        QStringLiteral("20000"));
    const QCommandLineOption tlsCert(QStringLiteral("tls-cert"),
        QStringLiteral("Serve HTTPS with this PEM certificate (chain); needs --tls-key."),
        QStringLiteral("FILE"));
    const QCommandLineOption tlsKey(QStringLiteral("tls-key"),
        QStringLiteral("The certificate's unencrypted PEM private key."), QStringLiteral("FILE"));
    const QCommandLineOption caFile(QStringLiteral("ca-file"),
        QStringLiteral(
            "Verify the https --teacher and --console against the CA certificates in this PEM file "
            "(default: the system's CAs)."),
        QStringLiteral("FILE"));
    const QCommandLineOption insecureBind(QStringLiteral("insecure-bind"),
        QStringLiteral("Allow plain HTTP on a non-loopback --bind address (--token is still required; warns "
                       "at start)."));
    parser.addOptions(
        {port, model, modelVersion, role, dir, token, threshold, address, nodeId, teacher, console,
            consoleToken, timeout, retries, threads, observations, tlsCert, tlsKey, caFile, insecureBind});
    parser.process(app);

    try {
        // Before anything slow: a signal during start-up then ends the node as soon as it serves.
        const lk::StopSignals stopSignals;
        QObject::connect(stopSignals.notifier(), &QSocketNotifier::activated, &app, &QCoreApplication::quit);
        bool ok = false;
        const uint portNumber = parser.value(port).toUInt(&ok);
        if (!ok || portNumber > 65535)
            throw lk::Error(lk::ErrorKind::Usage,
                QStringLiteral("--port %1 is not a port number (0 to 65535).").arg(parser.value(port)));
        const double thresholdValue = parser.value(threshold).toDouble(&ok);
        if (!ok)
            throw lk::Error(lk::ErrorKind::Usage,
                QStringLiteral("--threshold %1 is not a number.").arg(parser.value(threshold)));
        const int timeoutMs = parser.value(timeout).toInt(&ok);
        if (!ok || timeoutMs <= 0)
            throw lk::Error(lk::ErrorKind::Usage,
                QStringLiteral("--timeout %1 is not a positive number of milliseconds.")
                    .arg(parser.value(timeout)));
        const int retryCount = parser.value(retries).toInt(&ok);
        if (!ok || retryCount < 0 || retryCount > 20)
            throw lk::Error(lk::ErrorKind::Usage,
                QStringLiteral("--retries %1 is not a number from 0 to 20.").arg(parser.value(retries)));
        const int threadCount = parser.value(threads).toInt(&ok);
        if (!ok || threadCount < 1 || threadCount > 256)
            throw lk::Error(lk::ErrorKind::Usage,
                QStringLiteral("--threads %1 is not a number from 1 to 256.").arg(parser.value(threads)));
        const int kept = parser.value(observations).toInt(&ok);
        if (!ok || kept < 1 || kept > 10'000'000)
            throw lk::Error(lk::ErrorKind::Usage,
                QStringLiteral("--observations %1 is not a number from 1 to 10000000.")
                    .arg(parser.value(observations)));
        for (const QCommandLineOption *option : {&teacher, &console}) {
            const QUrl u(parser.value(*option));
            if (parser.isSet(*option) && (!u.isValid() || !u.scheme().startsWith(QLatin1String("http"))))
                throw lk::Error(lk::ErrorKind::Usage,
                    QStringLiteral("--%1 %2 is not an http(s) URL.")
                        .arg(option->names().first(), parser.value(*option)));
        }
        const QHostAddress bindAddress(parser.value(address));
        if (bindAddress.isNull())
            throw lk::Error(lk::ErrorKind::Usage,
                QStringLiteral("--bind %1 is not an IP address.").arg(parser.value(address)));
        lk::node::NodeConfig config;
        config.token =
            parser.isSet(token) ? parser.value(token) : qEnvironmentVariable("LOOPKEEPER_NODE_TOKEN");
        if (!bindAddress.isLoopback() && config.token.isEmpty())
            throw lk::Error(lk::ErrorKind::Usage,
                QStringLiteral("Binding to %1 would expose the node beyond this machine; that needs --token. "
                               "Without one, bind to 127.0.0.1.")
                    .arg(bindAddress.toString()));
        const lk::tls::ServerTlsFiles tlsFiles{parser.value(tlsCert), parser.value(tlsKey)};
        lk::tls::checkExposure(
            bindAddress, tlsFiles.enabled(), parser.isSet(insecureBind), QStringLiteral("the node"));
        std::optional<QSslConfiguration> serverTls;
        if (tlsFiles.enabled())
            serverTls =
                lk::tls::serverConfiguration(tlsFiles); // a missing, bad or mismatched file fails here
        QSslConfiguration clientTls;
        if (parser.isSet(caFile))
            clientTls = lk::tls::clientConfiguration(parser.value(caFile)); // a bad CA file fails here
        if (const QString warning =
                lk::tls::insecureBindWarning(bindAddress, serverTls.has_value(), parser.isSet(insecureBind));
            !warning.isEmpty()) {
            QTextStream(stderr) << warning << '\n';
        }
        config.role = parser.value(role);
        config.threshold = thresholdValue;
        config.observationCapacity = kept;
        // One image is too little work to share: extra threads only add hand-over latency.
        lk::training::setComputeThreads(threadCount);

        // Open the port first: the default folder and node id name the real port.
        QTcpServer *tcp = nullptr;
        if (serverTls) {
            auto *ssl = new QSslServer(&app);
            ssl->setSslConfiguration(*serverTls);
            ssl->setHandshakeTimeout(lk::limits::kHeadTimeoutMs);
            tcp = ssl;
        } else {
            tcp = new QTcpServer(&app);
        }
        if (!tcp->listen(bindAddress, quint16(portNumber)))
            throw lk::Error(lk::ErrorKind::Usage,
                QStringLiteral("Cannot listen on %1 port %2: %3. Choose another port (0 picks a free one).")
                    .arg(bindAddress.toString(), QString::number(portNumber), tcp->errorString()));
        const QString portText = QString::number(tcp->serverPort());
        config.dir = parser.isSet(dir)
            ? parser.value(dir)
            : QDir::current().filePath(QStringLiteral("loopkeeper-node-") + portText);
        config.nodeId = parser.isSet(nodeId) ? parser.value(nodeId) : QStringLiteral("node-") + portText;
        const QUrl url = lk::http::urlFor(bindAddress, tcp->serverPort(), serverTls.has_value());
        config.selfUrl = url;

        lk::node::EscalatorConfig escalation;
        escalation.teacher = parser.isSet(teacher) ? QUrl(parser.value(teacher)) : QUrl();
        escalation.console = parser.isSet(console) ? QUrl(parser.value(console)) : QUrl();
        escalation.consoleToken = parser.isSet(consoleToken) ? parser.value(consoleToken)
                                                             : qEnvironmentVariable("LOOPKEEPER_API_TOKEN");
        if (parser.isSet(caFile))
            escalation.tls = clientTls;
        escalation.nodeId = config.nodeId;
        escalation.selfUrl = url;
        escalation.timeoutMs = timeoutMs;
        escalation.retries = retryCount;
        // Declared before the service, so that it outlives the handler that feeds it.
        lk::node::Escalator escalator(escalation);

        lk::node::NodeService service(config);
        service.setEscalationHandler(
            [&escalator](lk::node::EscalatedInput input) { escalator.submit(std::move(input)); });
        service.setEscalationMetrics([&escalator] { return escalator.counters(); });
        // --model starts a fresh node; without it, the node serves what DIR had before a restart.
        bool restored = false;
        if (parser.isSet(model))
            service.loadInitialModel(parser.value(model), parser.value(modelVersion));
        else if (!(restored = service.restore()))
            throw lk::Error(lk::ErrorKind::Usage,
                QStringLiteral("The node needs a model to serve: --model ARTIFACT (a TorchScript file, e.g. "
                               "from loopkeeper-cli train), or a --dir where a node served one before."));
        lk::http::HttpFrontEnd http([&service](const lk::http::RestRequest &r) { return service.handle(r); },
            [&service](const lk::http::RestRequest &head, qint64 bodyBytes) {
                return service.admit(head, bodyBytes);
            });
        http.bind(tcp);

        QTextStream out(stdout);
        out << QJsonDocument(QJsonObject{{QStringLiteral("listening"), url.toString()},
                                 {QStringLiteral("model_version"), service.modelVersion()},
                                 {QStringLiteral("role"), config.role}, {QStringLiteral("dir"), config.dir},
                                 {QStringLiteral("restored"), restored}})
                   .toJson(QJsonDocument::Compact)
            << '\n';
        out.flush();
        app.exec(); // until SIGTERM or SIGINT

        // Stop taking requests, then give the escalations under way their time to finish.
        tcp->close();
        escalator.drain(timeoutMs);
        out << QJsonDocument(QJsonObject{{QStringLiteral("stopped"), true},
                                 {QStringLiteral("signal"), stopSignals.receivedName()},
                                 {QStringLiteral("predictions"), service.predictions()},
                                 {QStringLiteral("escalation"), escalator.counters()}})
                   .toJson(QJsonDocument::Compact)
            << '\n';
        out.flush();
        return 0;
    } catch (const lk::Error &e) {
        return fail(e);
    } catch (const std::exception &e) {
        return fail(lk::Error(lk::ErrorKind::Internal, QString::fromUtf8(e.what())));
    }
}
