// CLI commands of the learning loop: samples ingest|stats, loop tick|status, jobs list|show,
// models list|show|verify|promote|reject, gate run, notifications.
#include "core/cli/Cli.h"
#include "core/cli/CliOptions.h"
#include "core/common/Error.h"
#include "core/common/Limits.h"
#include "core/logging/Logging.h"
#include "core/loop/LearningLoop.h"
#include "core/loop/LoopQueries.h"
#include "core/loop/Notifier.h"
#include "core/workspace/Workspace.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

#include <cstdio>

namespace lk::cli {

namespace {

using Opened = OpenedWorkspace;

Opened openExisting(Context &ctx)
{
    return openExistingWorkspace(ctx);
}

QJsonObject samplesIngest(Context &ctx)
{
    if (ctx.arguments().isEmpty())
        throw Error(ErrorKind::Usage,
            QStringLiteral("Give one or more files of escalated samples (JSONL or a JSON array), or - for stdin"));
    const Workspace ws = Workspace::open(ctx.workspaceRoot());
    LogSink::instance().attachFile(ws.logsDir(), QStringLiteral("loopkeeper-cli"));
    storage::Database db = ws.connect();
    const loop::LoopConfig config = loop::LoopConfig::load(ws);
    loop::SampleStore store(db);
    // Each file is one transaction, acknowledged by its own line when there are several: a
    // process killed half-way has stored exactly the files it reported.
    const bool several = ctx.arguments().size() > 1;
    loop::SampleIngestReport total;
    for (const QString &path : ctx.arguments()) {
        const loop::SampleIngestReport report = store.ingest(readInputFile(path), config.samples);
        total.received += report.received;
        total.accepted += report.accepted;
        total.filtered += report.filtered;
        total.duplicates += report.duplicates;
        for (const QJsonValue &r : report.rejected) {
            QJsonObject o = r.toObject();
            if (several)
                o.insert(QStringLiteral("file"), path);
            total.rejected.append(o);
        }
        if (several) {
            QJsonObject line = report.toJson();
            line.insert(QStringLiteral("file"), path);
            ctx.print(line);
        }
    }
    if (total.accepted + total.filtered + total.duplicates == 0 && !total.rejected.isEmpty()) {
        ctx.print(total.toJson());
        throw Error(ErrorKind::Input,
            QStringLiteral("No sample could be stored; each problem is listed in \"rejected\""));
    }
    return total.toJson();
}

QJsonObject samplesStats(Context &ctx)
{
    Opened o = openExisting(ctx);
    return loop::LoopQueries(o.db).sampleStats();
}

/// Runs a job in this process, printing progress lines on stderr.
class ProgressListener : public runs::RunListener
{
public:
    void runStarted(const QString &runId, const training::TrainingConfig &c, bool) override
    {
        std::fprintf(stderr, "training run %s: %s, %d epochs\n", qPrintable(runId), qPrintable(c.model), c.epochs);
    }
    void epochRecorded(const training::EpochRecord &e, const QJsonObject &) override
    {
        std::fprintf(stderr, "epoch %d: train loss %.4f, val loss %.4f, val accuracy %.4f\n", e.epoch + 1,
            e.trainLoss, e.valLoss, e.valAccuracy);
    }
};

QJsonObject runQueuedJob(loop::LearningLoop &loop, const QString &jobId)
{
    ProgressListener listener;
    return loop.runJob(jobId, listener).toJson();
}

QJsonObject loopTick(Context &ctx)
{
    Opened o = openExisting(ctx);
    loop::LearningLoop loop(o.ws, o.db, loop::LoopConfig::load(o.ws));
    loop.recoverAbandonedJobs();
    const bool manual = ctx.parser().isSet(QStringLiteral("manual"));
    const loop::TickResult tick = loop.tick(QDateTime::currentDateTimeUtc(), manual);
    if (!tick.job || ctx.parser().isSet(QStringLiteral("no-run")))
        return tick.response;
    ctx.print(tick.response); // the tick's answer first; the job's status follows when it ends
    return runQueuedJob(loop, tick.job->jobId);
}

QJsonObject loopStatus(Context &ctx)
{
    Opened o = openExisting(ctx);
    loop::LearningLoop loop(o.ws, o.db, loop::LoopConfig::load(o.ws));
    QJsonObject out = loop.status(QDateTime::currentDateTimeUtc());
    out.insert(QStringLiteral("config"), loop.config().toJson());
    return out;
}

QJsonObject jobsList(Context &ctx)
{
    Opened o = openExisting(ctx);
    const QJsonObject params = queryParameters(ctx.parser(), {QStringLiteral("limit")});
    return answerQuery([&] { return loop::LoopQueries(o.db).jobs(params); });
}

QJsonObject jobsShow(Context &ctx)
{
    const QString id = singleArgument(ctx, QStringLiteral("a job id (see jobs list)"));
    Opened o = openExisting(ctx);
    return loop::LoopQueries(o.db).job(id);
}

QJsonObject jobsRun(Context &ctx)
{
    const QString id = singleArgument(ctx, QStringLiteral("a queued job id (see jobs list)"));
    Opened o = openExisting(ctx);
    loop::LearningLoop loop(o.ws, o.db, loop::LoopConfig::load(o.ws));
    loop.recoverAbandonedJobs();
    return runQueuedJob(loop, id);
}

loop::ModelVersion findVersion(storage::Database &db, const QString &v)
{
    return loop::LoopQueries(db).requireVersion(v);
}

QJsonObject modelsList(Context &ctx)
{
    Opened o = openExisting(ctx);
    const QJsonObject params = queryParameters(ctx.parser(), {QStringLiteral("line")});
    return answerQuery([&] { return loop::LoopQueries(o.db).models(params); });
}

QJsonObject modelsShow(Context &ctx)
{
    const QString v = singleArgument(ctx, QStringLiteral("a model version (LINE@N or its id)"));
    Opened o = openExisting(ctx);
    return loop::LoopQueries(o.db).model(v);
}

QJsonObject modelsVerify(Context &ctx)
{
    const QString v = singleArgument(ctx, QStringLiteral("a model version (LINE@N or its id)"));
    Opened o = openExisting(ctx);
    const loop::ModelVersion version = findVersion(o.db, v);
    loop::ModelRegistry::verifyArtifact(version); // throws with both hashes if it changed
    return QJsonObject{{QStringLiteral("version"), version.name()}, {QStringLiteral("artifact_path"), version.artifactPath},
        {QStringLiteral("sha256"), version.sha256}, {QStringLiteral("verified"), true}};
}

QJsonObject modelsDecide(Context &ctx, bool promote)
{
    const QString v = singleArgument(ctx, QStringLiteral("a candidate model version (LINE@N or its id)"));
    Opened o = openExisting(ctx);
    loop::LearningLoop loop(o.ws, o.db, loop::LoopConfig::load(o.ws));
    QString reviewer = ctx.parser().value(QStringLiteral("reviewer")).trimmed();
    if (reviewer.isEmpty())
        reviewer = qEnvironmentVariable("USER", QStringLiteral("operator"));
    return loop.decide(v, promote, reviewer).toJson();
}

QJsonObject gateRun(Context &ctx)
{
    const QString c = ctx.parser().value(QStringLiteral("candidate"));
    if (c.isEmpty())
        throw Error(ErrorKind::Usage, QStringLiteral("gate run needs --candidate VERSION (and --incumbent VERSION unless it is the first)"));
    Opened o = openExisting(ctx);
    loop::LearningLoop loop(o.ws, o.db, loop::LoopConfig::load(o.ws));
    const loop::ModelVersion candidate = findVersion(o.db, c);
    std::optional<loop::ModelVersion> incumbent;
    const QString i = ctx.parser().value(QStringLiteral("incumbent"));
    if (!i.isEmpty())
        incumbent = findVersion(o.db, i);
    QString by = ctx.parser().value(QStringLiteral("reviewer")).trimmed();
    if (by.isEmpty())
        by = QStringLiteral("gate run");
    return loop.runGate(candidate, incumbent, by, candidate.jobId);
}

QJsonObject notifications(Context &ctx)
{
    Opened o = openExisting(ctx);
    const QJsonObject params = queryParameters(ctx.parser(), {QStringLiteral("limit")});
    return answerQuery([&] { return loop::LoopQueries(o.db).notifications(params); });
}

Command command(const char *name, const char *syntax, const char *summary, QList<QCommandLineOption> options,
    std::function<QJsonObject(Context &)> run)
{
    return makeCommand(name, syntax, summary, std::move(options), std::move(run));
}

} // namespace

QList<Command> loopCommands()
{
    const QCommandLineOption reviewer = valueOption("reviewer", "Who decides (default: $USER)", "NAME");
    return {
        command("samples ingest", "FILE...|-",
            "Store escalated samples (JSONL, a JSON array or {\"samples\": [...]}; schemas/escalated_sample.schema.json) "
            "idempotently by sample_id; corrections below the confidence threshold are kept for audit only. Prints "
            "received, accepted, filtered, duplicates and each rejected record with the reason. Each file is stored "
            "in one transaction; with several files a line per file reports it as soon as it is stored.",
            {}, samplesIngest),
        command("samples stats", "", "Sample counts by status, node, class and day; filtered corrections with reasons.",
            {}, samplesStats),
        command("loop tick", "",
            "Evaluate the triggers now and print the answer ({\"action\": \"training_triggered\", ...} or \"none\" with "
            "the reasons). When a job was created it runs here and its status follows as a second JSON line.",
            {QCommandLineOption(QStringLiteral("manual"), QStringLiteral("An operator's manual trigger.")),
                QCommandLineOption(QStringLiteral("no-run"), QStringLiteral("Create the job but do not run it."))},
            loopTick),
        command("loop status", "", "Trigger state (progress, cool-down, next scheduled time), counts, active version and job, settings.",
            {}, loopStatus),
        command("jobs list", "", "Training jobs, newest first: status, metrics, reason, samples, source and candidate versions, times.",
            {valueOption("limit",
                QStringLiteral("At most N jobs (default %1, at most %2)")
                    .arg(limits::kLoopJobsPage.fallback)
                    .arg(limits::kLoopJobsPage.maximum),
                "N")},
            jobsList),
        command("jobs show", "JOB", "One job with its manifest (sample ids and labels, source version, config, dataset hash).",
            {}, jobsShow),
        command("jobs run", "JOB", "Run a queued job now (e.g. one created with loop tick --no-run).", {}, jobsRun),
        command("models list", "", "Registered model versions with status, lineage, metrics and sha256.",
            {valueOption("line", "Only this model line", "LINE")}, modelsList),
        command("models show", "VERSION", "One version (LINE@N or id) with its gate decisions and the samples used in it.",
            {}, modelsShow),
        command("models verify", "VERSION", "Check the artifact's sha256 against the registry.", {}, modelsVerify),
        command("models promote", "VERSION", "Promote a candidate the gate left to a human.", {reviewer},
            [](Context &c) { return modelsDecide(c, true); }),
        command("models reject", "VERSION", "Reject a candidate the gate left to a human.", {reviewer},
            [](Context &c) { return modelsDecide(c, false); }),
        command("gate run", "",
            "Replay the evaluation set through two registered versions and apply the regression gate; stores and prints "
            "the decision with every number.",
            {valueOption("candidate", "Candidate version (LINE@N or id)", "VERSION"),
                valueOption("incumbent", "Incumbent version (none: judge as a first model)", "VERSION"), reviewer},
            gateRun),
        command("notifications", "", "The loop's notifications, newest first, with webhook delivery status.",
            {valueOption("limit",
                QStringLiteral("At most N (default %1, at most %2)")
                    .arg(limits::kNotificationsPage.fallback)
                    .arg(limits::kNotificationsPage.maximum),
                "N")},
            notifications),
    };
}

} // namespace lk::cli
