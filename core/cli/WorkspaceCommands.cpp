#include "core/cli/Cli.h"
#include "core/common/Versions.h"
#include "core/logging/Logging.h"
#include "core/storage/Migrations.h"
#include "core/workspace/Workspace.h"

#include <QJsonArray>

namespace lk::cli {

QList<Command> workspaceCommands()
{
    Command init;
    init.name = QStringLiteral("workspace init");
    init.summary = QStringLiteral("Create the workspace (or bring an existing one to the current "
                                  "schema) and print its description.");
    init.run = [](Context &ctx) {
        const Workspace ws = Workspace::open(ctx.workspaceRoot(), Workspace::OpenMode::CreateIfMissing);
        LogSink::instance().attachFile(ws.logsDir(), QStringLiteral("loopkeeper-cli"));
        QJsonObject out = ws.info().toJson();
        out.insert(QStringLiteral("created"), ws.createdNow());
        return out;
    };

    Command info;
    info.name = QStringLiteral("workspace info");
    info.summary = QStringLiteral("Describe the workspace without changing anything.");
    info.run = [](Context &ctx) { return Workspace::inspect(ctx.workspaceRoot()).toJson(); };

    return {init, info};
}

} // namespace lk::cli
