// Start-up of loopkeeper-cli for commands that neither train nor predict (prints figures;
// asserts nothing about time): a temporary workspace gets real data through the CLI itself —
// outcome events of simulated agents (`outcomes ingest`) and an audit batch mined into rule
// proposals (`rules mine`) —, then `--help`, `agents recommend` and `rules queue` run N times
// each as child processes, and the median, minimum and maximum wall time of each is printed,
// with the median CPU time (user + system) of the child, which other work on the machine
// does not stretch. Each run is checked to have answered something real. Target: a median
// wall time of at most 50 ms.
//
//   bench_cli_startup [--cli PATH] [--runs 20] [--events 2000]
//
// --cli measures another build's binary with the same data (e.g. one that still links LibTorch).
#include "common/TestSupport.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>

#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <vector>

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    double ms = 0; ///< wall time
    double cpuMs = 0; ///< the child's user + system time
};

/// User + system time of this process's finished (and waited-for) children so far.
double childrenCpuMs()
{
    rusage usage {};
    getrusage(RUSAGE_CHILDREN, &usage);
    const auto ms = [](const timeval &t) { return double(t.tv_sec) * 1e3 + double(t.tv_usec) / 1e3; };
    return ms(usage.ru_utime) + ms(usage.ru_stime);
}

Run runCli(const QString &cli, const QStringList &args)
{
    QProcess p;
    const double cpuBefore = childrenCpuMs();
    QElapsedTimer timer;
    timer.start();
    p.start(cli, args);
    Run r;
    if (!p.waitForFinished(120000)) {
        p.kill();
        p.waitForFinished();
        return r;
    }
    r.ms = double(timer.nsecsElapsed()) / 1e6;
    r.cpuMs = childrenCpuMs() - cpuBefore;
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

/// Outcome events of simulated agents (JSONL): agent i succeeds with probability rates[i].
QByteArray outcomeEvents(int count)
{
    const double rates[] = {0.85, 0.6, 0.4, 0.3};
    QRandomGenerator rng(7);
    QByteArray out;
    for (int i = 0; i < count; ++i) {
        const int agent = int(rng.bounded(4));
        const QJsonObject event {{QStringLiteral("event_id"), QStringLiteral("ev-%1").arg(i)},
            {QStringLiteral("agent_name"), QStringLiteral("agent-%1").arg(agent)},
            {QStringLiteral("task_type"), QStringLiteral("analysis")},
            {QStringLiteral("context"), QJsonObject {{QStringLiteral("complexity"), QStringLiteral("high")}}},
            {QStringLiteral("success"), rng.generateDouble() < rates[agent]},
            {QStringLiteral("latency_ms"), 100.0 + agent * 50 + rng.bounded(20)},
            {QStringLiteral("quality_score"), rates[agent]}, {QStringLiteral("cost"), 0.01},
            {QStringLiteral("tokens"), 500}};
        out += QJsonDocument(event).toJson(QJsonDocument::Compact) + '\n';
    }
    return out;
}

/// An audit batch in which 40 download domains each fail 3 times: 40 rule proposals.
QByteArray auditBatch()
{
    QJsonArray runs;
    for (int d = 0; d < 40; ++d) {
        for (int n = 0; n < 3; ++n) {
            const QJsonObject task {{QStringLiteral("task_id"), QStringLiteral("dl")},
                {QStringLiteral("agent"), QStringLiteral("action_agent")},
                {QStringLiteral("capability"), QStringLiteral("download")},
                {QStringLiteral("status"), QStringLiteral("failed")},
                {QStringLiteral("domain"), QStringLiteral("site%1.example").arg(d)},
                {QStringLiteral("error_code"), QStringLiteral("HTTP_429")}, {QStringLiteral("retries"), 3},
                {QStringLiteral("max_retries"), 3}, {QStringLiteral("duration_ms"), 20000},
                {QStringLiteral("depends_on"), QJsonArray()}};
            runs.append(QJsonObject {{QStringLiteral("run_id"), QStringLiteral("bench-run-%1").arg(runs.size() + 1)},
                {QStringLiteral("workflow_id"), QStringLiteral("wf")},
                {QStringLiteral("timestamp"), QStringLiteral("2026-02-24T10:00:00Z")},
                {QStringLiteral("tasks"), QJsonArray {task}}});
        }
    }
    return QJsonDocument(QJsonObject {{QStringLiteral("batch_id"), QStringLiteral("batch_bench")},
                             {QStringLiteral("source"), QStringLiteral("memory_agent")}, {QStringLiteral("runs"), runs}})
        .toJson(QJsonDocument::Compact);
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

void fail(const char *what, const Run &r)
{
    std::fprintf(stderr, "%s failed (exit %d): %s\n", what, r.exitCode, r.err.constData());
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser p;
    p.addHelpOption();
    p.addOptions({{QStringLiteral("cli"), QStringLiteral("the loopkeeper-cli to measure"), QStringLiteral("PATH"),
                      lk::test::binary(QStringLiteral("loopkeeper-cli"))},
        {QStringLiteral("runs"), QStringLiteral("runs per command"), QStringLiteral("N"), QStringLiteral("20")},
        {QStringLiteral("events"), QStringLiteral("outcome events put in first"), QStringLiteral("N"),
            QStringLiteral("2000")}});
    p.process(app);
    const QString cli = QFileInfo(p.value(QStringLiteral("cli"))).absoluteFilePath();
    const int runs = std::max(1, p.value(QStringLiteral("runs")).toInt());
    const int events = std::max(1, p.value(QStringLiteral("events")).toInt());

    QTemporaryDir tmp;
    if (!tmp.isValid() || !QFileInfo(cli).isExecutable()) {
        std::fprintf(stderr, "no temporary folder, or %s is no executable\n", qPrintable(cli));
        return 1;
    }
    const QString ws = tmp.filePath(QStringLiteral("ws"));
    const QString eventsFile = tmp.filePath(QStringLiteral("events.jsonl"));
    const QString auditFile = tmp.filePath(QStringLiteral("audit.json"));
    if (!lk::test::writeFile(eventsFile, outcomeEvents(events)) || !lk::test::writeFile(auditFile, auditBatch()))
        return 1;
    const Run init = runCli(cli, {QStringLiteral("workspace"), QStringLiteral("init"), QStringLiteral("-w"), ws});
    if (init.exitCode != 0) {
        fail("workspace init", init);
        return 1;
    }
    const Run ingest = runCli(cli, {QStringLiteral("outcomes"), QStringLiteral("ingest"), eventsFile, QStringLiteral("-w"), ws});
    if (ingest.exitCode != 0) {
        fail("outcomes ingest", ingest);
        return 1;
    }
    const Run mine = runCli(cli, {QStringLiteral("rules"), QStringLiteral("mine"), QStringLiteral("--audit"), auditFile,
                                     QStringLiteral("-w"), ws});
    if (mine.exitCode != 0) {
        fail("rules mine", mine);
        return 1;
    }

    struct Case
    {
        const char *name;
        QStringList args;
        std::function<bool(const Run &)> answered; ///< the output says something real
    };
    const std::vector<Case> cases {
        {"--help", {QStringLiteral("--help")}, [](const Run &r) { return r.out.contains("rules queue"); }},
        {"agents recommend",
            {QStringLiteral("agents"), QStringLiteral("recommend"), QStringLiteral("--task-type"), QStringLiteral("analysis"),
                QStringLiteral("-w"), ws},
            [](const Run &r) {
                const QJsonArray recs = QJsonDocument::fromJson(r.out).object().value(QStringLiteral("recommendations")).toArray();
                // Ranked by Thompson draws: which agent comes first may vary; that it is one of ours may not.
                return !recs.isEmpty()
                    && recs[0].toObject().value(QStringLiteral("agent_name")).toString().startsWith(QLatin1String("agent-"))
                    && recs[0].toObject().value(QStringLiteral("posterior_mean")).toDouble() > 0;
            }},
        {"rules queue", {QStringLiteral("rules"), QStringLiteral("queue"), QStringLiteral("-w"), ws},
            [](const Run &r) { return QJsonDocument::fromJson(r.out).object().value(QStringLiteral("total")).toInt() == 40; }},
    };

    std::printf("%s: %d events, 40 rule proposals; %d runs per command after one warm-up run\n", qPrintable(cli),
        events, runs);
    std::printf("%-18s %10s %10s %10s %14s\n", "command", "median ms", "min ms", "max ms", "median CPU ms");
    int failures = 0;
    for (const Case &c : cases) {
        runCli(cli, c.args); // warm-up: the page cache holds the binary and its libraries
        std::vector<double> ms, cpuMs;
        for (int i = 0; i < runs; ++i) {
            const Run r = runCli(cli, c.args);
            if (r.exitCode != 0 || !c.answered(r)) {
                fail(c.name, r);
                ++failures;
                break;
            }
            ms.push_back(r.ms);
            cpuMs.push_back(r.cpuMs);
        }
        if (ms.size() != size_t(runs))
            continue;
        std::sort(ms.begin(), ms.end());
        std::printf("%-18s %10.1f %10.1f %10.1f %14.1f\n", c.name, median(ms), ms.front(), ms.back(), median(cpuMs));
    }
    return failures == 0 ? 0 : 1;
}
