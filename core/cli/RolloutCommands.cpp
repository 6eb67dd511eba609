// CLI commands of the edge fleet: fleet status, rollout start|run|status|list|events|pause|
// resume|promote|rollback, drift watch|windows|alerts. The fleet file is --fleet FILE, else
// WORKSPACE/fleet.json.
#include "core/cli/Cli.h"
#include "core/cli/CliOptions.h"
#include "core/common/Error.h"
#include "core/common/Limits.h"
#include "core/drift/DriftMonitor.h"
#include "core/drift/DriftQueries.h"
#include "core/loop/LoopConfig.h"
#include "core/loop/Notifier.h"
#include "core/rollout/RolloutEngine.h"
#include "core/rollout/RolloutQueries.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QThread>

namespace lk::cli {

namespace {

QString fleetPath(const Context &ctx, const Workspace &ws)
{
    const QString option = ctx.parser().value(QStringLiteral("fleet"));
    return option.isEmpty() ? QDir(ws.root()).filePath(QStringLiteral("fleet.json")) : option;
}

fleet::FleetConfig loadFleet(const Context &ctx, const Workspace &ws)
{
    const QString path = fleetPath(ctx, ws);
    if (!QFileInfo::exists(path))
        throw Error(ErrorKind::Input,
            QStringLiteral("There is no fleet file %1. Write one ({\"nodes\": [{\"name\", \"url\", \"tier\", "
                           "\"token\"}, ...]}) or give --fleet FILE.")
                .arg(path));
    return fleet::FleetConfig::load(path);
}

QString who(const Context &ctx)
{
    const QString by = ctx.parser().value(QStringLiteral("by")).trimmed();
    return by.isEmpty() ? qEnvironmentVariable("USER", QStringLiteral("operator")) : by;
}

/// The rollout id given as the argument; empty for the current one (RolloutQueries::rollout()).
QString rolloutArgument(const Context &ctx)
{
    if (ctx.arguments().size() > 1)
        throw Error(ErrorKind::Usage, QStringLiteral("Give at most one rollout id."));
    return ctx.arguments().isEmpty() ? QString() : ctx.arguments().first();
}

QJsonObject fleetStatus(Context &ctx)
{
    OpenedWorkspace o = openExistingWorkspace(ctx);
    fleet::NodeClient client(intOption(ctx.parser(), QStringLiteral("timeout-ms"), 5000, 100, 600000));
    rollout::RolloutEngine engine(o.db, loadFleet(ctx, o.ws), client);
    QJsonArray nodes;
    QJsonObject versions;
    int up = 0;
    for (const rollout::NodeHealth &h : engine.pollHealth()) {
        nodes.append(h.toJson());
        if (h.status == fleet::NodeHealthStatus::Up) {
            ++up;
            versions.insert(h.modelVersion, versions.value(h.modelVersion).toInt() + 1);
        }
    }
    QJsonObject result{{QStringLiteral("nodes"), nodes},
        {QStringLiteral("summary"),
            QJsonObject{{QStringLiteral("nodes"), nodes.size()}, {QStringLiteral("up"), up},
                {QStringLiteral("down"), nodes.size() - up}, {QStringLiteral("versions"), versions}}}};
    if (auto r = engine.store().unfinished())
        result.insert(QStringLiteral("deployment"), r->deploymentJson());
    return result;
}

rollout::RolloutPlan planFrom(const Context &ctx, const Workspace &ws)
{
    const QCommandLineParser &p = ctx.parser();
    QJsonObject json = rollout::RolloutSettings::load(ws.root()).plan.toJson();
    if (p.isSet(QStringLiteral("plan"))) {
        const QByteArray bytes = readInputFile(p.value(QStringLiteral("plan")));
        QJsonParseError error{};
        const QJsonDocument doc = QJsonDocument::fromJson(bytes, &error);
        if (error.error != QJsonParseError::NoError || !doc.isObject())
            throw Error(ErrorKind::Input,
                QStringLiteral("The plan %1 is not a JSON object.").arg(p.value(QStringLiteral("plan"))));
        json = doc.object(); // a plan file replaces rollout.json's plan
    }
    if (p.isSet(QStringLiteral("steps"))) {
        QJsonArray steps;
        for (const QString &part : p.value(QStringLiteral("steps")).split(QLatin1Char(','))) {
            bool ok = false;
            const int x = part.trimmed().toInt(&ok);
            if (!ok)
                throw Error(ErrorKind::Usage,
                    QStringLiteral("--steps takes percentages separated by commas, e.g. 10,50,100; \"%1\" is not one.")
                        .arg(part));
            steps.append(x);
        }
        json.insert(QStringLiteral("steps"), steps);
    }
    if (p.isSet(QStringLiteral("window")))
        json.insert(QStringLiteral("window_seconds"), intOption(p, QStringLiteral("window"), 3600, 1, 7 * 86400));
    if (p.isSet(QStringLiteral("max-failures")))
        json.insert(QStringLiteral("max_failures"), intOption(p, QStringLiteral("max-failures"), 1, 0, 100000));
    return rollout::RolloutPlan::fromJson(json);
}

QJsonObject rolloutStart(Context &ctx)
{
    const QCommandLineParser &p = ctx.parser();
    OpenedWorkspace o = openExistingWorkspace(ctx);
    rollout::StartRequest request;
    if (ctx.arguments().size() > 1 || ctx.arguments().isEmpty() == !p.isSet(QStringLiteral("artifact")))
        throw Error(ErrorKind::Usage,
            QStringLiteral("Give either a registered version (rollout start LINE@N) or --artifact FILE --model-version NAME."));
    if (!ctx.arguments().isEmpty()) {
        request = rollout::RolloutQueries(o.db).registeredStart(ctx.arguments().first());
    } else {
        request.artifactPath = QFileInfo(p.value(QStringLiteral("artifact"))).absoluteFilePath();
        request.modelVersion = p.value(QStringLiteral("model-version"));
        if (request.modelVersion.isEmpty())
            throw Error(ErrorKind::Usage, QStringLiteral("--artifact needs --model-version NAME (what nodes will report)."));
        request.sha256 = p.value(QStringLiteral("sha256"));
    }
    request.plan = planFrom(ctx, o.ws);
    request.by = who(ctx);
    fleet::NodeClient client(request.plan.requestTimeoutMs);
    loop::Notifier notifier(o.db, loop::LoopConfig::load(o.ws).webhook);
    rollout::RolloutEngine engine(o.db, loadFleet(ctx, o.ws), client, &notifier);
    return engine.start(request).toJson();
}

QJsonObject rolloutRun(Context &ctx)
{
    OpenedWorkspace o = openExistingWorkspace(ctx);
    const int intervalMs = intOption(ctx.parser(), QStringLiteral("interval-ms"), 1000, 10, 600000);
    const int timeoutS = intOption(ctx.parser(), QStringLiteral("timeout"), 0, 0, 30 * 86400);
    fleet::NodeClient client;
    loop::Notifier notifier(o.db, loop::LoopConfig::load(o.ws).webhook);
    rollout::RolloutEngine engine(o.db, loadFleet(ctx, o.ws), client, &notifier);
    rollout::RolloutStore &store = engine.store();
    const QString owner = QStringLiteral("cli-%1").arg(QCoreApplication::applicationPid());
    const QDeadlineTimer deadline = timeoutS > 0 ? QDeadlineTimer(qint64(timeoutS) * 1000) : QDeadlineTimer::Forever;
    std::optional<rollout::Rollout> current = store.unfinished();
    if (!current)
        throw Error(ErrorKind::Input, QStringLiteral("There is no unfinished rollout to run; start one with rollout start."));
    const QString id = current->id;
    qint64 lastEvent = 0;
    bool waiting = false;
    for (;;) {
        // Another driver (the console, serve, a run that was killed) holds the lease until it
        // lapses; wait for it rather than act twice.
        if (!store.acquireLease(QStringLiteral("fleet"), owner, std::max<qint64>(10000, 3LL * intervalMs))) {
            if (!waiting)
                ctx.print({{QStringLiteral("waiting"),
                    QStringLiteral("another process drives the fleet; waiting for its lease")}});
            waiting = true;
            if (deadline.hasExpired())
                throw Error(ErrorKind::Input,
                    QStringLiteral("Another process (the console or loopkeeper-cli serve) drives the fleet; watch it "
                                   "with rollout status."));
            QThread::msleep(ulong(intervalMs));
            continue;
        }
        waiting = false;
        current = engine.tick();
        const QJsonArray events = store.events(id, lastEvent);
        for (const QJsonValue &e : events) {
            ctx.print(e.toObject());
            lastEvent = e.toObject().value(QStringLiteral("id")).toInteger();
        }
        const rollout::Rollout now = current ? *current : *store.get(id);
        if (now.isFinished() || now.status == rollout::RolloutStatus::Paused || deadline.hasExpired()) {
            store.releaseLease(QStringLiteral("fleet"), owner);
            return now.toJson();
        }
        QThread::msleep(ulong(intervalMs)); // the polling period of an unattended driver
    }
}

QJsonObject rolloutStatus(Context &ctx)
{
    const QString id = rolloutArgument(ctx);
    OpenedWorkspace o = openExistingWorkspace(ctx);
    return rollout::RolloutQueries(o.db).rollout(id).toJson();
}

QJsonObject rolloutList(Context &ctx)
{
    OpenedWorkspace o = openExistingWorkspace(ctx);
    const QJsonObject params = queryParameters(ctx.parser(), {QStringLiteral("limit")});
    return answerQuery([&] { return rollout::RolloutQueries(o.db).list(params); });
}

QJsonObject rolloutEvents(Context &ctx)
{
    const QString id = rolloutArgument(ctx);
    OpenedWorkspace o = openExistingWorkspace(ctx);
    const QJsonObject params = queryParameters(ctx.parser(), {QStringLiteral("after"), QStringLiteral("limit")});
    return answerQuery([&] { return rollout::RolloutQueries(o.db).events(id, params); });
}

/// The store refuses a command the rollout's status does not take (RolloutStates.h).
QJsonObject rolloutCommand(Context &ctx, rollout::RolloutCommand what)
{
    const QString id = rolloutArgument(ctx);
    OpenedWorkspace o = openExistingWorkspace(ctx);
    const QString reason = ctx.parser().value(QStringLiteral("reason"));
    return answerQuery([&] { return rollout::RolloutQueries(o.db).command(id, what, who(ctx), reason); });
}

QJsonObject driftWatch(Context &ctx)
{
    OpenedWorkspace o = openExistingWorkspace(ctx);
    const QCommandLineParser &p = ctx.parser();
    drift::DriftMonitorConfig config = drift::DriftMonitorConfig::load(o.ws);
    config.windowSeconds = intOption(p, QStringLiteral("window"), config.windowSeconds, 1, 7 * 86400);
    if (p.isSet(QStringLiteral("no-trigger")))
        config.fireTrigger = false;
    const int intervalMs = intOption(p, QStringLiteral("interval-ms"), 1000, 10, 600000);
    const int durationS = intOption(p, QStringLiteral("duration"), 0, 0, 30 * 86400);
    const fleet::FleetConfig fleet = loadFleet(ctx, o.ws);
    fleet::NodeClient client(5000);
    rollout::RolloutStore leases(o.db);
    const QString owner = QStringLiteral("cli-%1").arg(QCoreApplication::applicationPid());
    drift::DriftMonitor monitor(config);
    const QDeadlineTimer deadline = durationS > 0 ? QDeadlineTimer(qint64(durationS) * 1000) : QDeadlineTimer::Forever;
    qint64 windows = 0;
    QJsonArray alerts;
    do {
        if (!leases.acquireLease(QStringLiteral("fleet"), owner, std::max<qint64>(10000, 3LL * intervalMs)))
            throw Error(ErrorKind::Input,
                QStringLiteral("Another process (the console or loopkeeper-cli serve) watches the fleet already; "
                               "see drift windows and drift alerts."));
        const drift::DriftPollResult r = monitor.poll(o.db, o.ws, fleet, client, QDateTime::currentMSecsSinceEpoch());
        for (const drift::StoredWindow &w : r.windows) {
            ctx.print({{QStringLiteral("window"), w.toJson()}});
            ++windows;
        }
        for (const drift::StoredAlert &a : r.alerts) {
            ctx.print({{QStringLiteral("alert"), a.toJson()}});
            alerts.append(a.toJson());
        }
        QThread::msleep(ulong(intervalMs)); // the polling period
    } while (!deadline.hasExpired());
    leases.releaseLease(QStringLiteral("fleet"), owner);
    return {{QStringLiteral("windows"), windows}, {QStringLiteral("alerts"), alerts},
        {QStringLiteral("settings"), config.toJson()}};
}

QJsonObject driftWindows(Context &ctx)
{
    OpenedWorkspace o = openExistingWorkspace(ctx);
    const QJsonObject params = queryParameters(ctx.parser(), {QStringLiteral("minutes"), QStringLiteral("node")});
    return answerQuery([&] { return drift::DriftQueries(o.db).windows(params); });
}

QJsonObject driftAlerts(Context &ctx)
{
    OpenedWorkspace o = openExistingWorkspace(ctx);
    const QJsonObject params = queryParameters(ctx.parser(), {QStringLiteral("limit")});
    return answerQuery([&] { return drift::DriftQueries(o.db).alerts(params); });
}

} // namespace

QList<Command> rolloutCommands()
{
    const QCommandLineOption fleetOption = valueOption("fleet", "Fleet file (default: WORKSPACE/fleet.json)", "FILE");
    const QCommandLineOption by = valueOption("by", "Who acts (default: $USER)", "NAME");
    const QCommandLineOption reason = valueOption("reason", "Why, for the timeline", "TEXT");
    return {
        makeCommand("fleet status", "",
            "Poll every node of the fleet file (health, model version, metrics), store it and print it with a summary.",
            {fleetOption, valueOption("timeout-ms", "Per node (default 5000)", "MS")}, fleetStatus),
        makeCommand("rollout start", "[VERSION]",
            "Start a canary rollout of a registered version (LINE@N) or an artifact (--artifact with "
            "--model-version): checks its sha256, asks every node what it serves and stores the plan. Drive it with "
            "rollout run, serve or the console.",
            {fleetOption, by, valueOption("artifact", "TorchScript file not in the registry", "FILE"),
                valueOption("model-version", "Version name for --artifact", "NAME"),
                valueOption("sha256", "Expected sha256 of --artifact", "HEX"),
                valueOption("plan", "Rollout plan JSON file (steps, window_seconds, scores, metrics, ...)", "FILE"),
                valueOption("steps", "Cumulative percentages, e.g. 10,50,100 (default 10,100)", "LIST"),
                valueOption("window", "Seconds each step is watched (default 3600)", "S"),
                valueOption("max-failures", "Failed nodes tolerated before the rollout aborts (default 1)", "N")},
            rolloutStart),
        makeCommand("rollout run", "",
            "Drive the unfinished rollout here until it completes, rolls back or pauses, printing its timeline as "
            "JSON lines; a killed run carries on where it stopped when run again.",
            {fleetOption, valueOption("interval-ms", "Between ticks (default 1000)", "MS"),
                valueOption("timeout", "Give up waiting after S seconds (the rollout stays as it is)", "S")},
            rolloutRun),
        makeCommand("rollout status", "[ROLLOUT]",
            "A rollout (default: the unfinished one, else the latest) with its deployment (status, progress, "
            "canary_result), nodes and the last judgement.",
            {fleetOption}, rolloutStatus),
        makeCommand("rollout list", "", "Rollouts, newest first.",
            {fleetOption,
                valueOption("limit",
                    QStringLiteral("At most N (default %1, at most %2)")
                        .arg(limits::kRolloutsPage.fallback)
                        .arg(limits::kRolloutsPage.maximum),
                    "N")},
            rolloutList),
        makeCommand("rollout events", "[ROLLOUT]",
            "A rollout's timeline (default: the unfinished one, else the latest), oldest first; page on with --after.",
            {fleetOption, valueOption("after", "Only events after this id", "ID"),
                valueOption("limit",
                    QStringLiteral("At most N events (default and most %1)").arg(limits::kRolloutEventsPage.maximum),
                    "N")},
            rolloutEvents),
        makeCommand("rollout pause", "[ROLLOUT]", "Pause the rollout: nothing more is deployed or judged until resumed.",
            {fleetOption, by, reason}, [](Context &c) { return rolloutCommand(c, rollout::RolloutCommand::Pause); }),
        makeCommand("rollout resume", "[ROLLOUT]", "Resume a paused rollout.", {fleetOption, by},
            [](Context &c) { return rolloutCommand(c, rollout::RolloutCommand::Resume); }),
        makeCommand("rollout promote", "[ROLLOUT]", "Promote to the next step now, without waiting for the judge.",
            {fleetOption, by}, [](Context &c) { return rolloutCommand(c, rollout::RolloutCommand::Promote); }),
        makeCommand("rollout rollback", "[ROLLOUT]",
            "Roll every node that has the candidate back to the previous version.", {fleetOption, by, reason},
            [](Context &c) { return rolloutCommand(c, rollout::RolloutCommand::Rollback); }),
        makeCommand("drift watch", "",
            "Watch the fleet's edge nodes for drift here: every window (WORKSPACE/drift.json's window_seconds) each "
            "node's escalation rate, accuracy on corrected escalations, confidence PSI and KS, Page-Hinkley and ADWIN "
            "are judged and stored, printed as JSON lines, and an alert notifies and offers the training trigger.",
            {fleetOption, valueOption("window", "Seconds per judged window (default from drift.json, else 60)", "S"),
                valueOption("duration", "Stop after S seconds (default: until killed)", "S"),
                valueOption("interval-ms", "Between polls (default 1000)", "MS"),
                QCommandLineOption(QStringLiteral("no-trigger"), QStringLiteral("Alert only; do not offer the trigger."))},
            driftWatch),
        makeCommand("drift windows", "", "Judged windows of the last minutes, oldest first.",
            {valueOption("minutes",
                 QStringLiteral("How far back (default %1, at most %2)")
                     .arg(limits::kDriftWindowMinutes.fallback)
                     .arg(limits::kDriftWindowMinutes.maximum),
                 "N"),
                valueOption("node", "Only this node", "NAME")},
            driftWindows),
        makeCommand("drift alerts", "", "Drift alerts, newest first, with their explanation and the trigger's answer.",
            {valueOption("limit",
                QStringLiteral("At most N (default %1, at most %2)")
                    .arg(limits::kDriftAlertsPage.fallback)
                    .arg(limits::kDriftAlertsPage.maximum),
                "N")},
            driftAlerts),
    };
}

} // namespace lk::cli
