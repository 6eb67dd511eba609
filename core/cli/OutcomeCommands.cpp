// CLI commands of agent-outcome learning: outcomes ingest, agents performance, agents recommend.
#include "core/cli/Cli.h"
#include "core/cli/CliOptions.h"
#include "core/common/Error.h"
#include "core/common/Limits.h"
#include "core/logging/Logging.h"
#include "core/loop/Inbox.h"
#include "core/outcomes/OutcomeLearner.h"
#include "core/outcomes/OutcomeQueries.h"
#include "core/outcomes/OutcomeService.h"
#include "core/workspace/Workspace.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

#include <cstdio>

namespace lk::cli {

namespace {

outcomes::LearnerConfig learnerConfig(const QCommandLineParser &p)
{
    outcomes::LearnerConfig c;
    c.batchSize = intOption(p, QStringLiteral("batch-size"), c.batchSize, 1, 1000000);
    c.model.discount = doubleOption(p, QStringLiteral("discount"), c.model.discount, 1e-6, 1.0);
    c.model.seed = uint64Option(p, QStringLiteral("seed"), c.model.seed);
    return c;
}

QJsonObject ingest(Context &ctx)
{
    const QString path = singleArgument(ctx, QStringLiteral("one file of outcome events (JSONL or a JSON array), or - for stdin"));
    const QByteArray data = readInputFile(path);
    outcomes::OutcomeBatch batch = outcomes::OutcomeReader().read(data);

    const Workspace ws = Workspace::open(ctx.workspaceRoot());
    LogSink::instance().attachFile(ws.logsDir(), QStringLiteral("loopkeeper-cli"));
    storage::Database db = ws.connect();
    outcomes::OutcomeStore store(db);
    const outcomes::IngestReport report = store.ingest(std::move(batch));
    if (report.accepted == 0 && report.duplicates == 0 && !report.rejected.isEmpty()) {
        // As samples ingest does: a run that stored nothing fails (exit 3), with its reasons.
        ctx.print(report.toJson());
        throw Error(ErrorKind::Input,
            QStringLiteral("No outcome event could be stored; each problem is listed in \"rejected\""));
    }
    // Stored means acknowledged; now bring the model up to date and save it (a server saves
    // on shutdown too).
    outcomes::OutcomeLearner learner(ws, db, learnerConfig(ctx.parser()));
    learner.load();
    const outcomes::ModelVersionRecord version = learner.save();
    QJsonObject out = report.toJson();
    out.insert(QStringLiteral("model_version"), version.toJson());
    out.insert(QStringLiteral("metrics"), learner.model().metrics().toJson());
    return out;
}

/// Loads the saved model and the events stored after it, without writing anything.
outcomes::OutcomeLearner loadedLearner(
    const Workspace &ws, storage::Database &db, const QCommandLineParser &p)
{
    outcomes::OutcomeLearner learner(ws, db, learnerConfig(p));
    learner.setRecordsLearningEvents(false);
    learner.load();
    return learner;
}

QJsonObject performance(Context &ctx)
{
    const Workspace ws = Workspace::open(ctx.workspaceRoot(), Workspace::OpenMode::ExistingOnly);
    storage::Database db = ws.connect();
    outcomes::OutcomeLearner learner = loadedLearner(ws, db, ctx.parser());
    QJsonObject out{{QStringLiteral("agents"), outcomes::performanceJson(learner.model())},
        {QStringLiteral("metrics"), learner.model().metrics().toJson()},
        {QStringLiteral("alerts"), QJsonArray::fromStringList(learner.model().metrics().alerts())}};
    const QString task = ctx.parser().value(QStringLiteral("task-type"));
    if (!task.isEmpty()) {
        QJsonArray perTask;
        for (const bandit::AgentPerformance &a : learner.model().taskPerformance(task))
            perTask.append(a.toJson());
        out.insert(QStringLiteral("task_type"), task);
        out.insert(QStringLiteral("task_agents"), perTask);
    }
    return out;
}

QJsonObject recommend(Context &ctx)
{
    const QCommandLineParser &p = ctx.parser();
    if (p.value(QStringLiteral("task-type")).isEmpty())
        throw Error(ErrorKind::Usage, QStringLiteral("agents recommend needs --task-type T"));
    QJsonObject request = queryParameters(p, {QStringLiteral("task-type"), QStringLiteral("top-k")});
    if (p.isSet(QStringLiteral("context"))) {
        QJsonParseError error{};
        const QJsonDocument doc =
            QJsonDocument::fromJson(p.value(QStringLiteral("context")).toUtf8(), &error);
        if (error.error != QJsonParseError::NoError || !doc.isObject())
            throw Error(ErrorKind::Usage,
                QStringLiteral("--context must be a JSON object, e.g. '{\"complexity\": \"high\"}'"));
        request.insert(QStringLiteral("context"), doc.object());
    }
    // Checked as the REST API checks a request: the same fields, the same bounds.
    const outcomes::RecommendQuery q = answerQuery([&request] { return outcomes::recommendQuery(request); });
    const Workspace ws = Workspace::open(ctx.workspaceRoot(), Workspace::OpenMode::ExistingOnly);
    storage::Database db = ws.connect();
    outcomes::OutcomeLearner learner = loadedLearner(ws, db, p);
    return outcomes::recommendationJson(learner.model(), q.taskType, q.context, q.topK);
}

QJsonObject inbox(Context &ctx)
{
    const Workspace ws = Workspace::open(ctx.workspaceRoot(), Workspace::OpenMode::ExistingOnly);
    LogSink::instance().attachFile(ws.logsDir(), QStringLiteral("loopkeeper-cli"));
    storage::Database db = ws.connect();
    const loop::InboxReport report = loop::processInbox(ws, db);
    QJsonObject out = report.toJson();
    if (!report.files.isEmpty()) {
        outcomes::OutcomeLearner learner(ws, db, learnerConfig(ctx.parser()));
        learner.load();
        out.insert(QStringLiteral("model_version"), learner.save().toJson());
    }
    return out;
}

QList<QCommandLineOption> modelOptions()
{
    return {valueOption("batch-size", "Events per micro-batch (default 10)", "N"),
        valueOption("discount", "Forgetting per observation of an agent, (0, 1] (default 1: none)", "X"),
        valueOption("seed", "Seed of the Thompson-sampling draws (default 42)", "S")};
}

} // namespace

QList<Command> outcomeCommands()
{
    Command ingestCmd;
    ingestCmd.name = QStringLiteral("outcomes ingest");
    ingestCmd.argumentsSyntax = QStringLiteral("FILE|-");
    ingestCmd.summary =
        QStringLiteral("Store agent outcome events (JSONL, or a JSON array) idempotently by event_id, "
                       "report each invalid one, apply them to the agent model in micro-batches and "
                       "save a new model version.");
    ingestCmd.options = modelOptions();
    ingestCmd.run = ingest;

    Command perf;
    perf.name = QStringLiteral("agents performance");
    perf.summary =
        QStringLiteral("Per-agent success rate (with a 95 % credible interval), latency, quality and "
                       "executions, the learning metrics and any alert.");
    perf.options = modelOptions();
    perf.options.append(valueOption("task-type", "Also the posterior of each agent for this task type", "T"));
    perf.run = performance;

    Command rec;
    rec.name = QStringLiteral("agents recommend");
    rec.summary = QStringLiteral("Rank agents for a task type (and context) by Thompson sampling.");
    rec.options = modelOptions();
    rec.options.append({valueOption("task-type", "The task type", "T"),
        valueOption("context", "Context as a JSON object, e.g. '{\"complexity\":\"high\"}'", "JSON"),
        valueOption("top-k",
            QStringLiteral("How many agents (default %1, at most %2)").arg(limits::kDefaultTopK).arg(limits::kMaxTopK),
            "K")});
    rec.run = recommend;

    Command inboxCmd;
    inboxCmd.name = QStringLiteral("inbox process");
    inboxCmd.summary =
        QStringLiteral("Ingest the JSONL files in the workspace's inbox/ folder now; they move to "
                       "inbox/processed/ or inbox/rejected/, with a report naming each bad line.");
    inboxCmd.options = modelOptions();
    inboxCmd.run = inbox;

    return {ingestCmd, perf, rec, inboxCmd};
}

} // namespace lk::cli
