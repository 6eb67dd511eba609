// CLI command of the fine-tune dataset export (docs/dataset-export.md): dataset export.
#include "core/autoretrain/DatasetExporter.h"
#include "core/cli/Cli.h"
#include "core/cli/CliOptions.h"
#include "core/common/Error.h"
#include "core/logging/Logging.h"
#include "core/workspace/Workspace.h"

#include <QRegularExpression>

#include <limits>

namespace lk::cli {

namespace {

autoretrain::GuardConfig guardConfig(const QCommandLineParser &p)
{
    autoretrain::GuardConfig c;
    c.minScore = doubleOption(p, QStringLiteral("min-score"), c.minScore, 0.0, 1.0);
    c.needsHumanMargin = doubleOption(p, QStringLiteral("needs-human-margin"), c.needsHumanMargin, 0.0, 1.0);
    c.maxEscalations = intOption(p, QStringLiteral("max-escalations"), c.maxEscalations, 0, 1000000);
    c.allowEscalations = p.isSet(QStringLiteral("allow-escalations"));
    c.maxRuntimeS = doubleOption(
        p, QStringLiteral("max-runtime-s"), c.maxRuntimeS, 0.0, std::numeric_limits<double>::max());
    return c;
}

QJsonObject exportDataset(Context &ctx)
{
    const QCommandLineParser &p = ctx.parser();
    autoretrain::ExportRequest request;
    request.transcriptsPath = p.value(QStringLiteral("transcripts"));
    if (request.transcriptsPath.isEmpty())
        throw Error(ErrorKind::Usage,
            QStringLiteral(
                "dataset export needs --transcripts FILE (JSONL of run transcripts, or - for stdin)"));
    request.guard = guardConfig(p);
    request.seed = uint64Option(p, QStringLiteral("seed"), request.seed);
    request.evalFraction = doubleOption(p, QStringLiteral("eval-fraction"), request.evalFraction, 0.0, 1.0);
    request.sourceModel = p.value(QStringLiteral("source-model")).trimmed();
    request.agentVersion = p.value(QStringLiteral("agent-version")).trimmed();
    request.commit = p.value(QStringLiteral("commit")).trimmed();
    // SHA-1 or SHA-256 object names, abbreviated as git allows (at least 7 digits).
    static const QRegularExpression sha(QStringLiteral("^[0-9a-fA-F]{7,64}$"));
    if (!request.commit.isEmpty() && !sha.match(request.commit).hasMatch())
        throw Error(ErrorKind::Usage,
            QStringLiteral("--commit must be a git commit hash (7 to 64 hex digits), not \"%1\"")
                .arg(request.commit));
    request.dryRun = p.isSet(QStringLiteral("dry-run"));

    // A dry run touches nothing, not even the workspace (opening one may create or migrate it).
    QString datasetsRoot = autoretrain::DatasetExporter::datasetsDir(ctx.workspaceRoot());
    if (!request.dryRun) {
        const Workspace ws = Workspace::open(ctx.workspaceRoot());
        LogSink::instance().attachFile(ws.logsDir(), QStringLiteral("loopkeeper-cli"));
        datasetsRoot = autoretrain::DatasetExporter::datasetsDir(ws.root());
    }
    const autoretrain::ExportReport report =
        autoretrain::DatasetExporter(datasetsRoot).exportDataset(request);
    const QJsonObject out = report.toJson();
    if (!request.dryRun && !report.written) {
        // The decisions are what the user needs to see why; the exit code tells scripts that
        // there is no dataset to train on.
        ctx.print(out);
        throw Error(ErrorKind::Input,
            QStringLiteral("No run of %1 was promoted (%2 rejected, %3 need a human), so no dataset was "
                           "written; see \"runs\" on stdout for each run's reasons")
                .arg(request.transcriptsPath)
                .arg(report.counts.rejected)
                .arg(report.counts.needsHuman));
    }
    return out;
}

} // namespace

QList<Command> datasetCommands()
{
    Command exportCmd;
    exportCmd.name = QStringLiteral("dataset export");
    exportCmd.summary = QStringLiteral(
        "Judge run transcripts (JSONL) with the promotion guard and export the promoted ones as chat "
        "fine-tune JSONL (train.jsonl, eval.jsonl, seeded split) with a manifest.json under "
        "data/autoretrain/<UTC time>/ of the workspace. Prints each run's decision with its reasons; bad "
        "lines are reported with their line number and skipped. Exit 3 when nothing was promoted.");
    exportCmd.options = {
        valueOption(
            "transcripts", "JSONL of run transcripts (schemas/run_transcript.schema.json), or -", "FILE"),
        valueOption("seed", "Seed of the train/eval split (default 42)", "N"),
        valueOption(
            "eval-fraction", "Expected share of promoted runs in eval.jsonl, 0 to 1 (default 0.1)", "F"),
        valueOption("min-score", "Verification score a run needs, 0 to 1 (default 0.8)", "S"),
        valueOption("needs-human-margin",
            "Scores this far below --min-score go to a human instead of being rejected (default 0.05)", "M"),
        valueOption("max-runtime-s", "Runtime budget per run in seconds; 0: none (default 600)", "T"),
        valueOption("max-escalations", "Escalations a promoted run may have had (default 0)", "N"),
        QCommandLineOption(
            QStringLiteral("allow-escalations"), QStringLiteral("Turn the escalation gate off.")),
        valueOption("source-model", "Model the runs were made with (default: from the runs)", "V"),
        valueOption("agent-version", "Agent version of the runs (default: from the runs)", "V"),
        valueOption("commit", "Agent commit of the runs (default: from the runs)", "SHA"),
        QCommandLineOption(QStringLiteral("dry-run"),
            QStringLiteral("Report the decisions and splits without writing anything.")),
    };
    exportCmd.run = exportDataset;
    return {exportCmd};
}

} // namespace lk::cli
