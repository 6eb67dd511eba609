// The console under live load: the main window on a workspace that writers on another thread
// fill at a multiple of the demo's rates (escalated samples, drift windows with the
// predictions they judged, rollout events and node health, agent outcome events, rule
// proposals, training steps). Each panel is shown in turn; per panel the benchmark prints
// the UI thread's busy share (its CPU time over the wall time), the worst event-loop lag seen
// by a probe (a 10 ms timer posting zero-interval timers and measuring how late each runs),
// how long the switch to the panel took, and the CPU share of all the monitors' threads
// together (the panel shown reads at its full rate, the hidden ones slowly; Linux only, from
// /proc/self/task). Targets at 10x the demo's rate: <= 10 % busy and <= 50 ms worst lag per
// panel.
//
//   bench_console_live [--scale 10] [--seconds 20] [--width 1340 --height 720]
//
// The demo's rates (scripts/lib/demo.sh, docs/demo.md), which --scale multiplies:
// 40 predictions/s over 4 edge nodes of which about 8/s are escalated to the console; a drift
// window per node every 30 s; a rollout event every 5 s and a health poll of every node every
// 5 s; 3 agent outcome events/s; a batch of 8 rule proposals every 45 s; a training run
// logging 5 steps/s.

#include "core/drift/DriftEvaluator.h"
#include "core/drift/DriftMonitor.h"
#include "core/drift/DriftStore.h"
#include "core/logging/Logging.h"
#include "core/loop/SampleStore.h"
#include "core/outcomes/OutcomeStore.h"
#include "core/rollout/RolloutStore.h"
#include "core/rules/ReviewQueue.h"
#include "core/runs/RunStore.h"
#include "core/training/TrainingTypes.h"
#include "core/workspace/Workspace.h"
#include "core/workspace/WorkspaceSession.h"
#include "ui/MainWindow.h"
#include "ui/UiLoadProbe.h"
#include "ui/panels/Panel.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <random>

#include <unistd.h>

namespace {

/// The demo's rates per second (see the header).
constexpr double kSamplesPerSecond = 8;
constexpr double kPredictionsPerSecond = 40;
constexpr int kDemoNodes = 4;
constexpr double kWindowSeconds = 30;
constexpr double kRolloutEventsPerSecond = 0.2;
constexpr double kHealthPollSeconds = 5;
constexpr double kOutcomesPerSecond = 3;
constexpr double kProposalBatchSeconds = 45;
constexpr int kProposalsPerBatch = 8;
constexpr double kTrainingStepsPerSecond = 5;

/// The writers' clock: each stream writes what its rate owes since the start, every tick.
constexpr int kTickMs = 100;

/// What the writers stored, for the report.
struct Written
{
    std::atomic<qint64> samples{0};
    std::atomic<qint64> windows{0};
    std::atomic<qint64> events{0};
    std::atomic<qint64> outcomes{0};
    std::atomic<qint64> proposals{0};
    std::atomic<qint64> steps{0};
    std::atomic<qint64> errors{0};
};

/// Real writers with their own connection, as serve, the fleet runner, the miner and a
/// training process would be.
class Writers : public QThread
{
public:
    Writers(lk::Workspace ws, double scale, Written &written)
        : m_ws(std::move(ws))
        , m_scale(scale)
        , m_written(written)
    {
    }
    void stop() { m_stop = true; }

protected:
    void run() override
    {
        try {
            write();
        } catch (const std::exception &e) {
            std::fprintf(stderr, "writer stopped: %s\n", e.what());
            ++m_written.errors;
        }
    }

private:
    void write()
    {
        lk::storage::Database db = m_ws.connect();
        lk::loop::SampleStore samples(db);
        lk::drift::DriftStore drift(db);
        lk::rollout::RolloutStore rollouts(db);
        lk::outcomes::OutcomeStore outcomes(db);
        lk::rules::ReviewQueue queue(db, m_ws.memoryDir());
        lk::runs::RunStore runs(db);
        std::mt19937 rng(11);
        std::uniform_real_distribution<double> u(0.0, 1.0);
        const int nodes = std::max(1, int(kDemoNodes * m_scale));
        const QString owner = QStringLiteral("bench-writers");
        // The console's own fleet runner stays idle: these writers hold the fleet lease.
        rollouts.acquireLease(QStringLiteral("fleet"), owner, 3600 * 1000);

        lk::rollout::Rollout rollout;
        rollout.id = QStringLiteral("rollout-bench");
        rollout.modelVersion = QStringLiteral("fashion-mnist@3");
        rollout.previousVersion = QStringLiteral("fashion-mnist@2");
        rollout.createdBy = owner;
        rollout.plan.steps = {10, 50, 100};
        for (int n = 0; n < nodes; ++n) {
            lk::rollout::RolloutNode node;
            node.node = QStringLiteral("edge-%1").arg(n + 1);
            node.tier = QStringLiteral("tier_%1").arg(n % 3 + 1);
            node.step = n < std::max(1, nodes / 10) ? 0 : (n < nodes / 2 ? 1 : 2);
            node.state = node.step == 0 ? lk::rollout::RolloutNodeState::Deployed : lk::rollout::RolloutNodeState::Waiting;
            rollout.nodes.push_back(node);
        }
        rollout = rollouts.create(rollout);
        rollout.status = lk::rollout::RolloutStatus::Monitoring;
        rollouts.save(rollout);

        lk::training::TrainingConfig config;
        config.epochs = 1000;
        const QString run = runs.createRun(config, m_ws.root());

        std::vector<lk::drift::DriftEvaluator> judges(static_cast<size_t>(nodes));
        QElapsedTimer clock;
        clock.start();
        qint64 sampleN = 0, windowN = 0, eventN = 0, outcomeN = 0, batchN = 0, stepN = 0, healthN = 0;
        const auto owed = [&](double perSecond) {
            return qint64(double(clock.elapsed()) / 1000.0 * perSecond * m_scale);
        };
        while (!m_stop) {
            // Escalated samples, as POST /api/samples stores them.
            QByteArray body;
            for (const qint64 due = owed(kSamplesPerSecond); sampleN < due; ++sampleN) {
                const int node = int(sampleN % nodes) + 1;
                body += QStringLiteral(
                    "{\"sample_id\":\"s%1\",\"node_id\":\"edge-%2\",\"model_version\":\"fashion-mnist@2\","
                    "\"timestamp\":\"%3\",\"prediction\":{\"label\":%4,\"confidence\":0.42},"
                    "\"correction\":{\"label\":%5,\"confidence\":%6,\"source\":\"teacher\"},"
                    "\"input\":{\"uri\":\"node://edge-%2/s%1\"}}\n")
                            .arg(sampleN)
                            .arg(node)
                            .arg(QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs))
                            .arg(sampleN % 10)
                            .arg((sampleN + 3) % 10)
                            .arg(sampleN % 20 == 0 ? QStringLiteral("0.5") : QStringLiteral("0.93"))
                            .toUtf8();
            }
            if (!body.isEmpty()) {
                const lk::loop::SampleIngestReport r = samples.ingest(body, lk::loop::SampleFilter{});
                m_written.samples += r.accepted + r.filtered;
            }

            // Drift windows: each node's window every kWindowSeconds, with the predictions it judged.
            for (const qint64 due = qint64(double(clock.elapsed()) / 1000.0 / kWindowSeconds * nodes);
                 windowN < due; ++windowN) {
                const int node = int(windowN % nodes);
                lk::drift::DriftWindow w;
                w.end = QDateTime::currentDateTimeUtc();
                w.predictions = qint64(kPredictionsPerSecond / kDemoNodes * kWindowSeconds);
                const double rate = node % 7 == 3 ? 0.3 : 0.1;
                for (qint64 i = 0; i < w.predictions; ++i) {
                    const bool escalated = u(rng) < rate;
                    w.confidences.push_back(escalated ? 0.7 * u(rng) : 0.7 + 0.3 * u(rng));
                    w.escalations += w.confidences.back() < w.threshold ? 1 : 0;
                }
                w.labelled = w.escalations / 2;
                w.correct = w.labelled * 8 / 10;
                lk::drift::StoredWindow s = lk::drift::storedWindow(QStringLiteral("edge-%1").arg(node + 1),
                    QStringLiteral("fashion-mnist@2"), w, judges[size_t(node)].observe(w));
                drift.addWindow(s);
                ++m_written.windows;
            }

            // The rollout's timeline and every node's health poll.
            for (const qint64 due = owed(kRolloutEventsPerSecond); eventN < due; ++eventN) {
                const int node = int(eventN % nodes) + 1;
                rollouts.addEvent(rollout.id, QStringLiteral("node_deployed"),
                    QStringLiteral("edge-%1 serves fashion-mnist@3").arg(node), QStringLiteral("edge-%1").arg(node),
                    QJsonObject{{QStringLiteral("attempt"), 1}, {QStringLiteral("ms"), int(u(rng) * 400)}});
                ++m_written.events;
            }
            for (const qint64 due = qint64(double(clock.elapsed()) / 1000.0 / kHealthPollSeconds); healthN <= due;
                 ++healthN) {
                for (int n = 0; n < nodes; ++n) {
                    lk::rollout::NodeHealth h;
                    h.node = QStringLiteral("edge-%1").arg(n + 1);
                    h.url = QStringLiteral("http://127.0.0.1:%1").arg(20000 + n);
                    h.tier = QStringLiteral("tier_%1").arg(n % 3 + 1);
                    h.role = QStringLiteral("edge");
                    h.status = lk::fleet::NodeHealthStatus::Up;
                    h.modelVersion = rollout.nodes[size_t(n)].step == 0 ? rollout.modelVersion : rollout.previousVersion;
                    h.checkedAt = h.lastUpAt = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
                    h.metrics = QJsonObject{{QStringLiteral("predictions"), healthN * 50 + n}};
                    rollouts.saveHealth(h);
                }
            }

            // Agent outcome events.
            QJsonArray events;
            for (const qint64 due = owed(kOutcomesPerSecond); outcomeN < due; ++outcomeN) {
                const int agent = int(outcomeN % 5);
                events.append(QJsonObject{{QStringLiteral("event_id"), QStringLiteral("bench-%1").arg(outcomeN)},
                    {QStringLiteral("agent_name"), QStringLiteral("agent-%1").arg(agent)},
                    {QStringLiteral("task_type"), outcomeN % 3 == 0 ? QStringLiteral("analysis") : QStringLiteral("summary")},
                    {QStringLiteral("success"), u(rng) < 0.5 + agent * 0.1},
                    {QStringLiteral("latency_ms"), 200 + 100 * agent + 50 * u(rng)},
                    {QStringLiteral("quality_score"), 0.5 + 0.1 * agent * u(rng)}});
            }
            if (!events.isEmpty())
                m_written.outcomes += outcomes.ingest(events).accepted;

            // Rule proposals, a batch at a time as the miner stores them.
            for (const qint64 due = qint64(double(clock.elapsed()) / 1000.0 / kProposalBatchSeconds * m_scale) + 1;
                 batchN < due; ++batchN) {
                std::vector<lk::rules::ProposedRule> batch;
                for (int i = 0; i < kProposalsPerBatch; ++i) {
                    const qint64 n = batchN * kProposalsPerBatch + i;
                    lk::rules::ProposedRule p;
                    p.ruleId = QStringLiteral("rule_bench_%1").arg(n, 6, 10, QLatin1Char('0'));
                    p.targetAgent = QStringLiteral("action_agent");
                    p.priority = n % 3 == 0 ? QStringLiteral("high") : QStringLiteral("medium");
                    p.confidence = 0.6 + double(n % 39) / 100.0;
                    p.triggerCondition = QStringLiteral("When downloading from site%1.example and receiving HTTP 429").arg(n);
                    p.instruction = QStringLiteral("Do not retry; report failed and not recoverable.");
                    p.rationale = QStringLiteral("Observed in %1 runs.").arg(n % 50 + 2);
                    p.pattern.kind = QStringLiteral("repeated_failure");
                    p.pattern.key = lk::rules::patternKey(p.pattern.kind, {p.targetAgent, QStringLiteral("site%1").arg(n)});
                    p.pattern.subject = lk::rules::patternKey(QStringLiteral("failure"), {QStringLiteral("site%1").arg(n)});
                    p.pattern.stance = QStringLiteral("no_retry");
                    p.pattern.fingerprint = lk::rules::patternFingerprint(p.pattern.key);
                    p.evidence.occurrences = p.evidence.runs = n % 50 + 2;
                    p.evidence.batchIds = {QStringLiteral("batch_bench_%1").arg(batchN)};
                    batch.push_back(std::move(p));
                }
                queue.addProposals(batch);
                m_written.proposals += kProposalsPerBatch;
            }

            // A training run logging its steps.
            std::vector<lk::training::StepRecord> steps;
            for (const qint64 due = owed(kTrainingStepsPerSecond); stepN < due; ++stepN) {
                lk::training::StepRecord s;
                s.step = stepN + 1;
                s.epoch = double(stepN) / 500.0;
                s.trainLoss = 2.3 * std::exp(-double(stepN) / 2000.0) + 0.1 * u(rng);
                s.wallSeconds = double(clock.elapsed()) / 1000.0;
                steps.push_back(s);
            }
            if (!steps.empty()) {
                runs.appendSteps(run, steps);
                m_written.steps += qint64(steps.size());
            }
            QThread::msleep(kTickMs);
        }
        rollouts.releaseLease(QStringLiteral("fleet"), owner);
    }

    lk::Workspace m_ws;
    double m_scale;
    Written &m_written;
    std::atomic<bool> m_stop{false};
};

/// The CPU time, in seconds, of this process's threads whose name ends in "Monitor" (the
/// console's monitors name their threads so), read from /proc/self/task; 0 elsewhere.
double monitorCpuSeconds()
{
    static const double ticks = double(sysconf(_SC_CLK_TCK));
    double seconds = 0;
    const QDir tasks(QStringLiteral("/proc/self/task"));
    for (const QString &tid : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile comm(tasks.filePath(tid + QStringLiteral("/comm")));
        if (!comm.open(QIODevice::ReadOnly) || !comm.readAll().trimmed().endsWith("Monitor"))
            continue;
        QFile stat(tasks.filePath(tid + QStringLiteral("/stat")));
        if (!stat.open(QIODevice::ReadOnly))
            continue;
        // After the command in parentheses: state is field 3, utime and stime fields 14 and 15.
        const QByteArray line = stat.readAll();
        const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
        if (fields.size() > 12)
            seconds += double(fields[11].toLongLong() + fields[12].toLongLong()) / ticks;
    }
    return seconds;
}

/// Runs the event loop (idle when there is nothing to do) for `ms`.
void runFor(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

/// With --trace MS, names every event the UI thread took longer than MS to handle (what to
/// look at when a panel misses its lag target).
class TracingApplication : public QApplication
{
public:
    using QApplication::QApplication;
    int traceMs = 0;

    bool notify(QObject *receiver, QEvent *event) override
    {
        if (traceMs <= 0)
            return QApplication::notify(receiver, event);
        // Named before it is handled: the event may delete its receiver (a deferred delete).
        const int type = int(event->type());
        const char *className = receiver->metaObject()->className();
        const QString name = receiver->objectName();
        QElapsedTimer t;
        t.start();
        const bool handled = QApplication::notify(receiver, event);
        if (t.elapsed() >= traceMs)
            std::fprintf(stderr, "  slow event: %lld ms, type %d, to %s \"%s\"\n", qlonglong(t.elapsed()), type,
                className, qPrintable(name));
        return handled;
    }
};

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    TracingApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("LoopkeeperBench"));
    QCoreApplication::setApplicationName(QStringLiteral("bench_console_live"));
    lk::LogSink::install(lk::TerminalLog::Off, false);

    QCommandLineParser p;
    p.addHelpOption();
    p.addOptions({{QStringLiteral("scale"), QStringLiteral("multiple of the demo's rates"), QStringLiteral("X"), QStringLiteral("10")},
        {QStringLiteral("seconds"), QStringLiteral("measured seconds per panel"), QStringLiteral("S"), QStringLiteral("20")},
        {QStringLiteral("warmup"), QStringLiteral("seconds of load before the first panel"), QStringLiteral("S"), QStringLiteral("5")},
        {QStringLiteral("width"), QStringLiteral("window width"), QStringLiteral("PX"), QStringLiteral("1340")},
        {QStringLiteral("height"), QStringLiteral("window height"), QStringLiteral("PX"), QStringLiteral("720")},
        {QStringLiteral("trace"), QStringLiteral("name events that took at least MS on the UI thread"), QStringLiteral("MS"),
            QStringLiteral("0")}});
    p.process(app);
    app.traceMs = p.value(QStringLiteral("trace")).toInt();
    const double scale = p.value(QStringLiteral("scale")).toDouble();
    const int seconds = p.value(QStringLiteral("seconds")).toInt();

    QTemporaryDir tmp;
    const QString root = tmp.filePath(QStringLiteral("ws"));
    const lk::Workspace ws = lk::Workspace::open(root);

    lk::ui::MainWindow window;
    window.resize(p.value(QStringLiteral("width")).toInt(), p.value(QStringLiteral("height")).toInt());
    window.show();
    bool opened = false;
    QObject::connect(window.session(), &lk::WorkspaceSession::opened, &app, [&] { opened = true; });
    window.openWorkspace(root);
    for (int waited = 0; !opened && waited < 30000; waited += 50)
        runFor(50);
    if (!opened) {
        std::fprintf(stderr, "the workspace did not open\n");
        return 1;
    }

    Written written;
    Writers writers(ws, scale, written);
    writers.start();
    lk::ui::UiLoadProbe probe;
    std::printf("bench_console_live: %.0fx the demo's rates (%.0f samples/s, %.0f drift windows/min over %d nodes, "
                "%.0f outcome events/s, %d rule proposals every %.1f s, %.0f training steps/s), %d s per panel, "
                "window %dx%d\n",
        scale, kSamplesPerSecond * scale, 60.0 / kWindowSeconds * kDemoNodes * scale, int(kDemoNodes * scale),
        kOutcomesPerSecond * scale, kProposalsPerBatch, kProposalBatchSeconds / scale, kTrainingStepsPerSecond * scale,
        seconds, window.width(), window.height());
    runFor(p.value(QStringLiteral("warmup")).toInt() * 1000);

    std::printf("%-18s %8s %12s %12s %10s  %s\n", "panel", "busy %", "worst lag", "switch", "monitors",
        "target (<= 10 %, <= 50 ms)");
    bool allMet = true;
    for (int i = 0; i < int(window.panels().size()); ++i) {
        QElapsedTimer sw;
        sw.start();
        window.showPanel(i);
        {
            QEventLoop answered; // the first pass of the event loop after the switch
            QTimer::singleShot(0, &answered, &QEventLoop::quit);
            answered.exec();
        }
        const double switchMs = double(sw.nsecsElapsed()) / 1e6;
        runFor(500); // the panel's first snapshot after it was shown
        probe.reset();
        QElapsedTimer wall;
        wall.start();
        const double monitorsBefore = monitorCpuSeconds();
        runFor(seconds * 1000);
        const double monitors = (monitorCpuSeconds() - monitorsBefore) * 1e11 / double(wall.nsecsElapsed());
        const double busy = probe.busyPercent();
        const bool met = busy <= 10.0 && probe.worstLagMs() <= 50.0;
        allMet = allMet && met;
        std::printf("%-18s %7.1f%% %9.1f ms %9.1f ms %9.1f%%  %s\n", qPrintable(window.panels()[i]->title()),
            busy, probe.worstLagMs(), switchMs, monitors, met ? "met" : "MISSED");
        std::fflush(stdout);
    }
    writers.stop();
    writers.wait();
    std::printf("written: %lld samples, %lld drift windows, %lld rollout events, %lld outcome events, %lld rule "
                "proposals, %lld training steps%s\n",
        qlonglong(written.samples), qlonglong(written.windows), qlonglong(written.events), qlonglong(written.outcomes),
        qlonglong(written.proposals), qlonglong(written.steps), written.errors ? " (a writer failed)" : "");
    std::printf("targets %s\n", allMet ? "met on every panel" : "MISSED on some panel");
    return written.errors ? 1 : 0;
}
