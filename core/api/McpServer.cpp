#include "core/api/McpServer.h"

#include "core/analysis/CurveHealth.h"
#include "core/api/ApiLog.h"
#include "core/common/Error.h"
#include "core/common/Limits.h"
#include "core/common/Query.h"
#include "core/common/Versions.h"
#include "core/drift/DriftQueries.h"
#include "core/logging/Logging.h"
#include "core/rollout/RolloutQueries.h"
#include "core/runs/RunQueries.h"
#include "core/workspace/Workspace.h"

#include <QJsonDocument>

#include <cmath>
#include <cstdlib>
#include <optional>

namespace lk::api {

namespace {

// JSON-RPC 2.0 error codes.
constexpr int kParseError = -32700;
constexpr int kInvalidRequest = -32600;
constexpr int kMethodNotFound = -32601;
constexpr int kInvalidParams = -32602;
constexpr int kInternalError = -32603;

/// A protocol error: becomes a JSON-RPC error response, never a tool result.
struct RpcError
{
    int code;
    QString message;
};

QJsonObject rpcError(const QJsonValue &id, int code, const QString &message)
{
    return QJsonObject {{QStringLiteral("jsonrpc"), QStringLiteral("2.0")}, {QStringLiteral("id"), id},
        {QStringLiteral("error"),
            QJsonObject {{QStringLiteral("code"), code}, {QStringLiteral("message"), message}}}};
}

QJsonObject rpcResult(const QJsonValue &id, const QJsonObject &result)
{
    return QJsonObject {{QStringLiteral("jsonrpc"), QStringLiteral("2.0")}, {QStringLiteral("id"), id},
        {QStringLiteral("result"), result}};
}

QString compact(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

/// A successful tool result: the object as JSON text (what every client shows the model) and
/// as structuredContent (what newer clients read without parsing).
QJsonObject toolResult(const QJsonObject &object)
{
    return QJsonObject {{QStringLiteral("content"),
                            QJsonArray {QJsonObject {{QStringLiteral("type"), QStringLiteral("text")},
                                {QStringLiteral("text"), compact(object)}}}},
        {QStringLiteral("structuredContent"), object}, {QStringLiteral("isError"), false}};
}

/// A failed tool call the model can read and correct: {"error": {"code", "message"}}.
QJsonObject toolError(const QString &code, const QString &message)
{
    const QJsonObject error {{QStringLiteral("error"),
        QJsonObject {{QStringLiteral("code"), code}, {QStringLiteral("message"), message}}}};
    return QJsonObject {{QStringLiteral("content"),
                            QJsonArray {QJsonObject {{QStringLiteral("type"), QStringLiteral("text")},
                                {QStringLiteral("text"), message}}}},
        {QStringLiteral("structuredContent"), error}, {QStringLiteral("isError"), true}};
}

QJsonObject integerProperty(const QString &description, qint64 minimum, qint64 maximum)
{
    return QJsonObject {{QStringLiteral("type"), QStringLiteral("integer")},
        {QStringLiteral("description"), description}, {QStringLiteral("minimum"), minimum},
        {QStringLiteral("maximum"), maximum}};
}

QJsonObject enumProperty(const QString &description, const QStringList &values)
{
    return QJsonObject {{QStringLiteral("type"), QStringLiteral("string")},
        {QStringLiteral("description"), description},
        {QStringLiteral("enum"), QJsonArray::fromStringList(values)}};
}

QJsonObject runIdProperty()
{
    return QJsonObject {{QStringLiteral("type"), QStringLiteral("string")},
        {QStringLiteral("description"),
            QStringLiteral("Id of a training run, e.g. run-20250117-093000-1a2b (see list_runs).")}};
}

QJsonObject objectSchema(const QJsonObject &properties, const QStringList &required)
{
    QJsonObject schema {{QStringLiteral("type"), QStringLiteral("object")},
        {QStringLiteral("properties"), properties}, {QStringLiteral("additionalProperties"), false}};
    if (!required.isEmpty())
        schema.insert(QStringLiteral("required"), QJsonArray::fromStringList(required));
    return schema;
}

QJsonObject tool(
    const QString &name, const QString &title, const QString &description, const QJsonObject &schema)
{
    return QJsonObject {{QStringLiteral("name"), name}, {QStringLiteral("title"), title},
        {QStringLiteral("description"), description}, {QStringLiteral("inputSchema"), schema},
        // Hints for clients deciding whether to ask the user first: these tools only read.
        {QStringLiteral("annotations"),
            QJsonObject {{QStringLiteral("readOnlyHint"), true}, {QStringLiteral("openWorldHint"), false}}}};
}

/// The run_id argument, and the other arguments for RunQueries to check.
QString takeRunId(QJsonObject &args)
{
    const QJsonValue v = args.take(QStringLiteral("run_id"));
    if (v.isUndefined() || v.isNull())
        throw QueryError(QueryError::Reason::InvalidArgument,
            QStringLiteral("run_id is required: the id of a training run (list_runs shows them)."));
    if (!v.isString() || v.toString().trimmed().isEmpty())
        throw QueryError(
            QueryError::Reason::InvalidArgument, QStringLiteral("run_id must be a non-empty string."));
    return v.toString().trimmed();
}

} // namespace

struct McpServer::State
{
    QString root;
    QString protocolVersion; ///< agreed in initialize; empty before
    std::optional<storage::Database> db;
    std::unique_ptr<runs::RunQueries> queries;

    /// The workspace's run queries, opening it on first use (then `db` is its connection).
    /// Throws lk::Error(Workspace) while it does not exist; the next call tries again.
    runs::RunQueries &open()
    {
        if (!queries) {
            const Workspace ws = Workspace::open(root, Workspace::OpenMode::ExistingOnly);
            LogSink::instance().attachFile(ws.logsDir(), QStringLiteral("loopkeeper-cli"));
            db.emplace(ws.connect());
            queries = std::make_unique<runs::RunQueries>(*db, ws.root());
            qCInfo(lcApi).noquote() << "MCP server reading" << ws.root();
        }
        return *queries;
    }
};

McpServer::McpServer(QString workspaceRoot)
    : d(std::make_unique<State>())
{
    d->root = std::move(workspaceRoot);
}

McpServer::~McpServer() = default;

QStringList McpServer::protocolVersions()
{
    return {QStringLiteral("2025-11-25"), QStringLiteral("2025-06-18"), QStringLiteral("2025-03-26"),
        QStringLiteral("2024-11-05")};
}

QJsonArray McpServer::tools()
{
    const QJsonObject limitRuns =
        integerProperty(QStringLiteral("At most this many runs, newest first (default %1).")
                            .arg(limits::kRunsPage.fallback),
            limits::kRunsPage.minimum, limits::kRunsPage.maximum);
    const QJsonObject since = integerProperty(
        QStringLiteral("Step cursor: only steps after this step, and epochs that ended after it. Pass the "
                       "previous answer's next_since to get only what is new (default 0: from the start)."),
        0, 9007199254740991);
    const QJsonObject limitSteps = integerProperty(
        QStringLiteral("At most this many steps (default %1); has_more says whether more are waiting.")
            .arg(limits::kMcpStepsPage.fallback),
        limits::kMcpStepsPage.minimum, limits::kMcpStepsPage.maximum);
    return QJsonArray {
        tool(QStringLiteral("list_runs"), QStringLiteral("List training runs"),
            QStringLiteral(
                "Training runs in the workspace, newest first: id, status (running, paused, completed, "
                "stopped_early, cancelled, diverged, failed), model, epochs planned and done, best "
                "epoch, test accuracy, artifact."),
            objectSchema(QJsonObject {{QStringLiteral("limit"), limitRuns}}, {})),
        tool(QStringLiteral("get_run_metrics"), QStringLiteral("Get a run's metrics"),
            QStringLiteral(
                "Per-epoch metrics (train_loss, val_loss, val_accuracy, learning_rate, samples_per_second) "
                "and per-step train losses of a run, after a step cursor. Epochs appear once complete. "
                "Returns next_since to poll for new data."),
            objectSchema(QJsonObject {{QStringLiteral("run_id"), runIdProperty()},
                             {QStringLiteral("since"), since}, {QStringLiteral("limit"), limitSteps}},
                {QStringLiteral("run_id")})),
        tool(QStringLiteral("analyze_run"), QStringLiteral("Analyze a run's curve health"),
            QStringLiteral(
                "Curve health of a run's epochs so far: best epoch, plateau (Keras EarlyStopping or "
                "PyTorch ReduceLROnPlateau rule), overfitting (Prechelt's GL/PQ with train/val "
                "slopes), divergence, and a recommendation (continue, stop, reduce_lr, "
                "restore_best) with its reason. Judged with the run's own early-stopping settings "
                "unless overridden."),
            objectSchema(
                QJsonObject {{QStringLiteral("run_id"), runIdProperty()},
                    {QStringLiteral("patience"),
                        integerProperty(
                            QStringLiteral("Epochs without improvement the plateau rule tolerates "
                                           "(default: the run's --patience)."),
                            0, 100000)},
                    {QStringLiteral("min_delta"),
                        QJsonObject {{QStringLiteral("type"), QStringLiteral("number")},
                            {QStringLiteral("minimum"), 0},
                            {QStringLiteral("description"),
                                QStringLiteral(
                                    "Keras convention: smallest improvement that counts (default: the "
                                    "run's --min-delta).")}}},
                    {QStringLiteral("convention"),
                        enumProperty(
                            QStringLiteral("Plateau rule: keras (stop; the run's default) or pytorch "
                                           "(reduce the learning rate)."),
                            {QStringLiteral("keras"), QStringLiteral("pytorch")})},
                    {QStringLiteral("monitor"),
                        enumProperty(QStringLiteral("Metric the plateau rule and best epoch follow (default "
                                                    "val_loss)."),
                            analysis::monitorNames())},
                    {QStringLiteral("mode"),
                        enumProperty(QStringLiteral("Whether lower or higher is better (default: max for "
                                                    "val_accuracy, else min)."),
                            {QStringLiteral("min"), QStringLiteral("max")})}},
                {QStringLiteral("run_id")})),
        tool(QStringLiteral("recommend_early_stop"), QStringLiteral("Should training stop now?"),
            QStringLiteral(
                "Whether the run should stop now and why, judged by its curve health with the run's own "
                "settings: should_stop, action (continue, stop, restore_best), reason, best epoch and "
                "value, and the signals behind it (plateau, overfitting, divergence)."),
            objectSchema(
                QJsonObject {{QStringLiteral("run_id"), runIdProperty()}}, {QStringLiteral("run_id")})),
        tool(QStringLiteral("get_deployment"), QStringLiteral("Get the edge fleet's rollout"),
            QStringLiteral(
                "The edge fleet's current rollout (else the latest one): its deployment status "
                "(status, progress as \"10/47 nodes\", canary_result), the model version and the one it "
                "replaces, the step, the canary judge's last verdicts and score, every node's part; and "
                "each fleet node's last health (up or down, model version)."),
            objectSchema(QJsonObject {}, {})),
        tool(QStringLiteral("list_drift_alerts"), QStringLiteral("List drift alerts"),
            QStringLiteral(
                "Drift alerts of the edge nodes, newest first: node, model version, when, the explanation "
                "(escalation rate against its baseline, accuracy on corrected escalations, PSI and KS of "
                "the confidences, Page-Hinkley, ADWIN) and the learning loop's answer (training "
                "triggered or why not)."),
            objectSchema(QJsonObject {{QStringLiteral("limit"),
                             integerProperty(QStringLiteral("At most this many alerts (default %1).")
                                                 .arg(limits::kDriftAlertsPage.fallback),
                                 limits::kDriftAlertsPage.minimum, limits::kDriftAlertsPage.maximum)}},
                {})),
    };
}

QByteArray McpServer::handleMessage(const QByteArray &message)
{
    // Bounded before parsing: a message is one line a client wrote, and small.
    if (message.size() > limits::kMaxMcpMessageBytes)
        return QJsonDocument(rpcError(QJsonValue(), kInvalidRequest,
                                 QStringLiteral("The message is over %1 bytes; the limit is %1.")
                                     .arg(limits::kMaxMcpMessageBytes)))
            .toJson(QJsonDocument::Compact);
    if (limits::jsonTextDepth(message) > limits::kMaxJsonDepth)
        return QJsonDocument(rpcError(QJsonValue(), kInvalidRequest,
                                 QStringLiteral("The message nests arrays and objects deeper than %1 levels.")
                                     .arg(limits::kMaxJsonDepth)))
            .toJson(QJsonDocument::Compact);
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(message, &parseError);
    QJsonValue reply;
    if (doc.isArray() && doc.array().size() > limits::kMaxMcpBatch) {
        reply = rpcError(QJsonValue(), kInvalidRequest,
            QStringLiteral("The batch holds %1 messages; the limit is %2.")
                .arg(doc.array().size())
                .arg(limits::kMaxMcpBatch));
    } else if (parseError.error != QJsonParseError::NoError) {
        reply = rpcError(QJsonValue(), kParseError,
            QStringLiteral("Parse error at byte %1: %2. Send one JSON-RPC message per line.")
                .arg(QString::number(parseError.offset), parseError.errorString()));
    } else if (doc.isArray()) {
        // JSON-RPC batches (MCP 2025-03-26; later versions send none, but it costs nothing).
        const QJsonArray batch = doc.array();
        if (batch.isEmpty()) {
            reply =
                rpcError(QJsonValue(), kInvalidRequest, QStringLiteral("An empty batch is not a request."));
        } else {
            QJsonArray replies;
            for (const QJsonValue &m : batch) {
                const QJsonValue r = handleOne(m);
                if (!r.isUndefined())
                    replies.append(r);
            }
            if (!replies.isEmpty())
                reply = replies;
        }
    } else {
        reply = handleOne(doc.object());
    }
    if (reply.isObject())
        return QJsonDocument(reply.toObject()).toJson(QJsonDocument::Compact);
    if (reply.isArray())
        return QJsonDocument(reply.toArray()).toJson(QJsonDocument::Compact);
    return {};
}

QJsonValue McpServer::handleOne(const QJsonValue &value)
{
    if (!value.isObject())
        return rpcError(
            QJsonValue(), kInvalidRequest, QStringLiteral("A JSON-RPC message must be an object."));
    const QJsonObject message = value.toObject();
    const QJsonValue id = message.value(QStringLiteral("id"));
    const bool isRequest = message.contains(QStringLiteral("id"));
    const QJsonValue method = message.value(QStringLiteral("method"));

    if (message.value(QStringLiteral("jsonrpc")).toString() != QLatin1String("2.0"))
        return rpcError(
            isRequest ? id : QJsonValue(), kInvalidRequest, QStringLiteral("\"jsonrpc\" must be \"2.0\"."));
    if (!method.isString()) {
        // A response from the client: this server sends no requests, so nothing waits for it.
        if (isRequest
            && (message.contains(QStringLiteral("result")) || message.contains(QStringLiteral("error"))))
            return QJsonValue(QJsonValue::Undefined);
        return rpcError(
            isRequest ? id : QJsonValue(), kInvalidRequest, QStringLiteral("\"method\" must be a string."));
    }
    const QString name = method.toString();
    if (isRequest && !id.isString()
        && !(id.isDouble() && std::isfinite(id.toDouble()) && id.toDouble() == std::floor(id.toDouble())))
        return rpcError(
            QJsonValue(), kInvalidRequest, QStringLiteral("\"id\" must be a string or an integer."));
    const QJsonValue paramsValue = message.value(QStringLiteral("params"));
    if (!paramsValue.isUndefined() && !paramsValue.isObject())
        return isRequest
            ? QJsonValue(rpcError(id, kInvalidParams, QStringLiteral("\"params\" must be an object.")))
            : QJsonValue(QJsonValue::Undefined);
    const QJsonObject params = paramsValue.toObject();

    if (!isRequest) {
        // Notifications get no answer, known or not (initialized, cancelled, progress, ...).
        qCDebug(lcApi).noquote() << "MCP notification" << name;
        return QJsonValue(QJsonValue::Undefined);
    }
    qCDebug(lcApi).noquote() << "MCP request" << name;
    try {
        if (name == QLatin1String("initialize"))
            return rpcResult(id, initialize(params));
        if (name == QLatin1String("ping"))
            return rpcResult(id, QJsonObject {});
        if (name == QLatin1String("tools/list"))
            return rpcResult(id, QJsonObject {{QStringLiteral("tools"), tools()}});
        if (name == QLatin1String("tools/call"))
            return rpcResult(id, callTool(params));
        return rpcError(id, kMethodNotFound,
            QStringLiteral(
                "Method not found: %1. This server offers initialize, ping, tools/list and tools/call.")
                .arg(name));
    } catch (const RpcError &e) {
        return rpcError(id, e.code, e.message);
    } catch (const std::exception &e) {
        qCWarning(lcApi) << "MCP" << name << "failed:" << e.what();
        return rpcError(id, kInternalError, QString::fromUtf8(e.what()));
    }
}

QJsonObject McpServer::initialize(const QJsonObject &params)
{
    const QJsonValue requested = params.value(QStringLiteral("protocolVersion"));
    if (!requested.isString())
        throw RpcError {
            kInvalidParams, QStringLiteral("initialize needs params.protocolVersion (a string).")};
    // The client's version if we speak it, else our newest: the client then decides whether to go on.
    const QStringList supported = protocolVersions();
    d->protocolVersion = supported.contains(requested.toString()) ? requested.toString() : supported.first();
    return QJsonObject {
        {QStringLiteral("protocolVersion"), d->protocolVersion},
        {QStringLiteral("capabilities"),
            QJsonObject {{QStringLiteral("tools"), QJsonObject {{QStringLiteral("listChanged"), false}}}}},
        {QStringLiteral("serverInfo"),
            QJsonObject {{QStringLiteral("name"), QStringLiteral("loopkeeper")},
                {QStringLiteral("title"), QStringLiteral("Loopkeeper training runs")},
                {QStringLiteral("version"), loopkeeperVersion()}}},
        {QStringLiteral("instructions"),
            QStringLiteral(
                "Read-only access to the training runs of the Loopkeeper workspace %1. Start with "
                "list_runs; then get_run_metrics to follow a run (poll with since = next_since), "
                "analyze_run for its curve health, recommend_early_stop to decide whether to stop. "
                "get_deployment shows the edge fleet's rollout, list_drift_alerts its drift alerts.")
                .arg(d->root)},
    };
}

QJsonObject McpServer::callTool(const QJsonObject &params)
{
    const QJsonValue nameValue = params.value(QStringLiteral("name"));
    if (!nameValue.isString())
        throw RpcError {kInvalidParams, QStringLiteral("tools/call needs params.name (a string).")};
    const QString name = nameValue.toString();
    const QJsonValue argsValue = params.value(QStringLiteral("arguments"));
    if (!argsValue.isUndefined() && !argsValue.isNull() && !argsValue.isObject())
        throw RpcError {kInvalidParams, QStringLiteral("tools/call params.arguments must be an object.")};
    QJsonObject args = argsValue.toObject();

    QStringList names;
    for (const QJsonValue &t : tools())
        names << t.toObject().value(QStringLiteral("name")).toString();
    if (!names.contains(name))
        throw RpcError {kInvalidParams,
            QStringLiteral("Unknown tool: %1. The tools are %2.")
                .arg(name, names.join(QStringLiteral(", ")))};

    try {
        if (name == QLatin1String("list_runs"))
            return toolResult(d->open().runs(args));
        if (name == QLatin1String("list_drift_alerts")) {
            d->open();
            return toolResult(drift::DriftQueries(*d->db).alerts(args));
        }
        if (name == QLatin1String("get_deployment")) {
            d->open();
            query::rejectUnknown(args, {});
            return toolResult(rollout::RolloutQueries(*d->db).deployment());
        }
        const QString runId = takeRunId(args);
        if (name == QLatin1String("get_run_metrics"))
            return toolResult(d->open().metrics(runId, args, limits::kMcpStepsPage));
        if (name == QLatin1String("analyze_run"))
            return toolResult(d->open().health(runId, args));
        if (!args.isEmpty())
            throw QueryError(QueryError::Reason::InvalidArgument,
                QStringLiteral("Unknown argument \"%1\": %2 takes only run_id.")
                    .arg(args.begin().key(), name));
        return toolResult(d->open().earlyStopAdvice(runId));
    } catch (const QueryError &e) {
        return toolError(e.reason() == QueryError::Reason::NotFound ? QStringLiteral("not_found")
                                                                    : QStringLiteral("invalid_argument"),
            e.message());
    } catch (const Error &e) {
        // The workspace is missing or refused: the model can tell the user what to do.
        return toolError(errorKindName(e.kind()), e.message());
    }
}

void McpServer::serve(std::FILE *in, std::FILE *out)
{
    for (;;) {
        // One line, kept up to one byte past the limit (handleMessage refuses it then): a
        // line without end must not fill the memory.
        QByteArray message;
        int c = 0;
        while ((c = std::getc(in)) != EOF && c != '\n') {
            if (message.size() <= limits::kMaxMcpMessageBytes)
                message += char(c);
        }
        if (c == EOF && message.isEmpty())
            break;
        message = message.trimmed();
        if (message.isEmpty())
            continue;
        QByteArray reply = handleMessage(message);
        if (reply.isEmpty())
            continue;
        reply += '\n';
        if (std::fwrite(reply.constData(), 1, size_t(reply.size()), out) != size_t(reply.size())
            || std::fflush(out) != 0)
            break; // the client has gone
        if (c == EOF)
            break;
    }
}

} // namespace lk::api
