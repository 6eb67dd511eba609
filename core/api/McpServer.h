#pragma once

// The MCP (Model Context Protocol) server: JSON-RPC 2.0 over the stdio transport, one message
// per line, exposing the training queries as tools (list_runs, get_run_metrics, analyze_run,
// recommend_early_stop). It is read-only and answers one request at a time, in order.
//
// Errors, as the MCP specification splits them: a malformed message, an unknown method or
// tool, or params that are not the right shape are JSON-RPC errors (-32700, -32600, -32601,
// -32602); a tool whose arguments are wrong or whose run does not exist answers with a result
// that has isError: true and a message the model can act on.

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <cstdio>
#include <memory>

namespace lk::api {

/// One MCP session over one workspace. The workspace is opened on the first tool call, so
/// that a client configured before the workspace exists still connects and is told why.
class McpServer
{
public:
    explicit McpServer(QString workspaceRoot);
    ~McpServer();
    McpServer(const McpServer &) = delete;
    McpServer &operator=(const McpServer &) = delete;

    /// Handles one message (a request, a notification or a batch) and returns the reply to
    /// write as one line without its newline, or an empty array when none is due.
    QByteArray handleMessage(const QByteArray &message);

    /// Reads newline-delimited messages from `in` until end of file and writes each reply as
    /// a line to `out`, flushing it. Returns when `in` ends or `out` cannot be written.
    void serve(std::FILE *in, std::FILE *out);

    /// Protocol versions this server speaks, newest first.
    static QStringList protocolVersions();
    /// The tools with their JSON Schemas, as tools/list returns them.
    static QJsonArray tools();

private:
    struct State;
    QJsonValue handleOne(const QJsonValue &message);
    QJsonObject initialize(const QJsonObject &params);
    QJsonObject callTool(const QJsonObject &params);

    std::unique_ptr<State> d;
};

} // namespace lk::api
