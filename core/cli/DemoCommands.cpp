// `loopkeeper-cli demo-agents`: GENERATED agent data for the demo (outcome events to the REST
// server, audit batches mined into the review queue). A thin shell around
// lk::replay::DemoAgents: options in, JSON lines out. Nothing it sends was measured.
#include "core/cli/Cli.h"
#include "core/cli/CliOptions.h"
#include "core/common/Error.h"
#include "core/common/StopSignals.h"
#include "core/replay/DemoAgents.h"
#include "core/replay/DriftSchedule.h"
#include "core/rules/ReviewQueue.h"

#include <QDir>
#include <QEventLoop>
#include <QTimer>

#include <cmath>
#include <optional>

namespace lk::cli {

namespace {

double secondsOption(const QCommandLineParser &p, const char *name, double fallback)
{
    const QString option = QString::fromLatin1(name);
    return p.isSet(option) ? replay::parseSeconds(p.value(option), QStringLiteral("--") + option) : fallback;
}

QJsonObject demoAgents(Context &ctx)
{
    const QCommandLineParser &p = ctx.parser();
    replay::DemoAgentsConfig config;
    config.rate = doubleOption(p, QStringLiteral("rate"), config.rate, 0, 10000);
    config.server = QUrl(p.value(QStringLiteral("server")));
    config.switchAtS = secondsOption(p, "switch-at", config.switchAtS);
    config.auditEveryS = secondsOption(p, "audit-every", config.auditEveryS);
    config.runsPerBatch = intOption(p, QStringLiteral("runs-per-batch"), config.runsPerBatch, 1, 100000);
    config.durationS = secondsOption(p, "duration", 0);
    if (p.isSet(QStringLiteral("duration")) && config.durationS <= 0)
        throw Error(ErrorKind::Usage, QStringLiteral("--duration must be more than 0."));
    config.fromS = secondsOption(p, "from", 0);
    config.seed = uint64Option(p, QStringLiteral("seed"), config.seed);
    config.timeoutMs = intOption(p, QStringLiteral("timeout"), config.timeoutMs, 1, 600'000);
    const double progressS = doubleOption(p, QStringLiteral("progress"), 10, 0, 86400);
    if (config.auditEveryS > 0)
        config.auditDir = p.isSet(QStringLiteral("audit-dir"))
            ? p.value(QStringLiteral("audit-dir"))
            : QDir(ctx.workspaceRoot()).filePath(QStringLiteral("audits"));
    config.validate(); // usage errors before the workspace is touched

    // Audit batches are mined in this process through the review queue of the workspace, as
    // `rules mine` does; outcome events need no workspace here (the server stores them).
    std::optional<OpenedWorkspace> opened;
    std::optional<rules::ReviewQueue> queue;
    if (config.auditEveryS > 0) {
        opened.emplace(openExistingWorkspace(ctx));
        queue.emplace(opened->db, opened->ws.memoryDir());
    }
    replay::DemoAgents agents(config, queue ? &*queue : nullptr);

    const StopSignals stopSignals;
    QEventLoop loop;
    QObject::connect(&agents, &replay::DemoAgents::finished, &loop, &QEventLoop::quit);
    QObject::connect(stopSignals.notifier(), &QSocketNotifier::activated, &agents, &replay::DemoAgents::stop);
    QObject::connect(&agents, &replay::DemoAgents::batchMined, &loop,
        [&ctx](const QJsonObject &line) { ctx.print(line); });
    QTimer progress;
    if (progressS > 0) {
        progress.setInterval(int(std::lround(progressS * 1000)));
        QObject::connect(&progress, &QTimer::timeout, &loop, [&] { ctx.print(agents.progress()); });
        progress.start();
    }
    agents.start();
    if (!agents.isFinished())
        loop.exec();
    QJsonObject summary = agents.summary();
    summary.insert(QStringLiteral("stopped_by"),
        stopSignals.received() ? stopSignals.receivedName() : QStringLiteral("duration"));
    return summary;
}

} // namespace

QList<Command> demoCommands()
{
    return {makeCommand("demo-agents", "",
        "GENERATED data for the demo: outcome events of five made-up agents (demo-*, \"source\": "
        "\"generated\") POSTed to --server at --rate events/s, with a change of regime at --switch-at, and "
        "every --audit-every seconds an audit batch of made-up workflow runs with recurring failures, "
        "written to --audit-dir and mined into the workspace's review queue as `rules mine` does. Prints a "
        "line per audit batch, a progress line every --progress seconds and a summary at the end "
        "(--duration, SIGINT or SIGTERM). The same --seed makes the same data.",
        {valueOption("server",
             "The REST server the outcome events go to (loopkeeper-cli serve's \"listening\" URL)", "URL"),
            valueOption("rate", "Outcome events per second (default 3; 0: none)", "R"),
            valueOption("switch-at",
                "When the regime changes: demo-react degrades at analysis, demo-scout "
                "becomes the best at summarization (default 4m)",
                "S"),
            valueOption("audit-every",
                "Seconds between audit batches, the first at once (default 45s; 0: none)", "S"),
            valueOption("runs-per-batch", "Workflow runs per audit batch (default 40, at least 12)", "N"),
            valueOption("audit-dir", "Where audit batches are written (default WORKSPACE/audits)", "DIR"),
            valueOption(
                "duration", "Stop after this long (30s, 2m, 1h); default: until SIGINT or SIGTERM", "S"),
            valueOption("from", "Start the schedule here, as if this much time had passed (default 0)", "S"),
            valueOption("seed", "Seed of everything generated (default 7)", "N"),
            valueOption("progress", "Seconds between progress lines (default 10; 0: none)", "S"),
            valueOption("timeout", "Milliseconds a request to the server may take (default 5000)", "MS")},
        demoAgents)};
}

} // namespace lk::cli
