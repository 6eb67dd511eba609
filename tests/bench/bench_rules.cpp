// Memory-rule mining on one core (prints figures; asserts nothing about time): a generated audit
// batch of N run records as JSON text, read and validated against the shipped schema, mined for
// patterns, and reported. Target: 1,000,000 run records in < 10 s.
//   bench_rules [--runs N] [--breakdown] [--qjson]
// --breakdown also times the reader's layers alone; --qjson times QJsonDocument::fromJson on the
// same text, for comparison.
#include "core/rules/JsonArena.h"
#include "core/rules/LearningReport.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QTimeZone>

#include <cstdio>

namespace {

/// A small deterministic generator (the figures must be comparable between runs).
struct Lcg
{
    quint64 state;
    quint32 next(quint32 bound)
    {
        state = state * 6364136223846793005ull + 1442695040888963407ull;
        return quint32((state >> 33) % bound);
    }
};

void task(QByteArray &out, const char *id, const char *agent, const char *capability, const char *domain,
    const char *status, const char *error, int retries, int maxRetries, quint32 durationMs, qint64 inputSize,
    const char *extra, const char *dependsOn)
{
    out += "{\"task_id\":\"";
    out += id;
    out += "\",\"agent\":\"";
    out += agent;
    out += "\",\"capability\":\"";
    out += capability;
    out += "\",\"domain\":";
    if (domain) {
        out += '"';
        out += domain;
        out += '"';
    } else {
        out += "null";
    }
    out += ",\"status\":\"";
    out += status;
    out += "\",\"error_code\":";
    if (error) {
        out += '"';
        out += error;
        out += "\",\"error_message\":\"";
        out += error;
        out += " from upstream\"";
    } else {
        out += "null,\"error_message\":null";
    }
    out += ",\"retries\":";
    out += QByteArray::number(retries);
    if (maxRetries >= 0) {
        out += ",\"max_retries\":";
        out += QByteArray::number(maxRetries);
    }
    out += ",\"duration_ms\":";
    out += QByteArray::number(durationMs);
    out += ",\"input_size_bytes\":";
    out += QByteArray::number(inputSize);
    out += extra;
    out += ",\"depends_on\":[";
    out += dependsOn;
    out += "]}";
}

/// Mostly healthy runs; about one in five shows one of the patterns the miner looks for.
QByteArray generate(int runs, qint64 &tasks)
{
    QByteArray out;
    out.reserve(qsizetype(runs) * 820 + 256);
    out += "{\"batch_id\":\"batch_bench\",\"source\":\"batch_scheduler\",\"audit_file\":\"system/logs/"
           "bench.json\","
           "\"summary\":{\"reasoning_failures\":[{\"failure_type\":\"unnecessary_contradiction\",\"count\":"
           "42}]},"
           "\"runs\":[";
    Lcg rng{7};
    tasks = 0;
    for (int r = 0; r < runs; ++r) {
        if (r)
            out += ',';
        const int kind = int(rng.next(100));
        out += "{\"run_id\":\"run-";
        out += QByteArray::number(r);
        out += "\",\"workflow_id\":\"wf-";
        out += QByteArray::number(kind % 7);
        out += "\",\"timestamp\":\"2026-02-24T";
        const int second = r % 86400;
        const auto two = [&](int v) {
            out += char('0' + v / 10);
            out += char('0' + v % 10);
        };
        two(second / 3600);
        out += ':';
        two(second / 60 % 60);
        out += ':';
        two(second % 60);
        out += ".";
        out += QByteArray::number(100 + rng.next(900));
        out += "+08:00\",\"user_request_category\":";
        out += kind >= 96 ? "\"transcribe_keyword\"" : "\"research\"";
        out += ",\"tasks\":[";
        const quint32 d = 200 + rng.next(5000);
        const qint64 size = 1000 + rng.next(1'000'000);
        if (kind < 80) {
            task(out, "t1", "action_agent", "web_search", "example.com", "success", nullptr, 0, 3, d, size,
                "", "");
            out += ',';
            task(out, "t2", "reasoning_agent", "summarize", nullptr, "success", nullptr, 0, 3, d * 2,
                size / 10, "", "\"t1\"");
            out += ',';
            task(out, "t3", "action_agent", "publish", "intranet", "success", nullptr, 0, 3, d / 2,
                size / 100, "", "\"t2\"");
        } else if (kind < 85) {
            task(out, "t1", "action_agent", "download", "tiktok.com", "failed", "HTTP_429", 3, 3, 20000 + d,
                0, "", "");
            out += ',';
            task(out, "t2", "action_agent", "transcode", nullptr, "skipped", nullptr, 0, 3, 0, 0, "",
                "\"t1\"");
            out += ',';
            task(out, "t3", "action_agent", "notify", "intranet", "success", nullptr, 0, 3, d / 4, 100, "",
                "");
        } else if (kind < 88) {
            task(out, "t1", "action_agent", "download", "vimeo.com", "success", "TIMEOUT", 2, 3, 8000 + d, 0,
                "", "");
            out += ',';
            task(out, "t2", "action_agent", "transcode", nullptr, "success", nullptr, 0, 3, d, size, "",
                "\"t1\"");
            out += ',';
            task(out, "t3", "reasoning_agent", "summarize", nullptr, "success", nullptr, 0, 3, d, size / 10,
                "", "\"t2\"");
        } else if (kind < 91) {
            task(out, "t1", "action_agent", "transcription", nullptr, "failed", "NO_AUDIO_STREAM", 0, 3, d,
                size, "", "");
            out += ',';
            task(out, "t2", "reasoning_agent", "summarize", nullptr, "skipped", nullptr, 0, 3, 0, 0, "",
                "\"t1\"");
            out += ',';
            task(out, "t3", "action_agent", "notify", "intranet", "success", nullptr, 0, 3, d / 4, 100, "",
                "");
        } else if (kind < 94) {
            task(out, "t1", "action_agent", "audio_extraction", nullptr, "success", nullptr, 0, 3, d, size,
                "", "");
            out += ',';
            task(out, "t2", "action_agent", "transcription", nullptr, "success", nullptr, 0, 3, d * 3,
                size / 2, "", "\"t1\"");
            out += ',';
            task(out, "t3", "reasoning_agent", "summarize", nullptr, "success", nullptr, 0, 3, d, size / 10,
                "", "\"t2\"");
        } else if (kind < 96) {
            const QByteArray ref = ",\"input_ref\":\"sha256:" + QByteArray::number(r) + "\"";
            task(out, "t1", "action_agent", "ocr", nullptr, "success", nullptr, 0, 3, d, size,
                ref.constData(), "");
            out += ',';
            task(out, "t2", "action_agent", "ocr", nullptr, "success", nullptr, 0, 3, d, size,
                ref.constData(), "");
            out += ',';
            task(out, "t3", "reasoning_agent", "summarize", nullptr, "success", nullptr, 0, 3, d, size / 10,
                "", "\"t1\",\"t2\"");
        } else if (kind < 98) {
            task(out, "t1", "action_agent", "transcription", nullptr, "success", nullptr, 0, 3, 600000 + d,
                230'000'000, ",\"used_fraction\":0.017,\"cost\":0.9", "");
            out += ',';
            task(out, "t2", "reasoning_agent", "summarize", nullptr, "success", nullptr, 0, 3, d, size / 10,
                "", "\"t1\"");
            out += ',';
            task(out, "t3", "action_agent", "notify", "intranet", "success", nullptr, 0, 3, d / 4, 100, "",
                "");
        } else {
            task(out, "t1", "action_agent", "audio_segmentation", nullptr, "success", nullptr, 0, 3,
                30000 + d, 230'000'000, "", "");
            out += ',';
            task(out, "t2", "action_agent", "transcription", nullptr, "success", nullptr, 0, 3, 20000 + d,
                4'000'000, ",\"cost\":0.02", "\"t1\"");
            out += ',';
            task(out, "t3", "reasoning_agent", "summarize", nullptr, "success", nullptr, 0, 3, d, size / 10,
                "", "\"t2\"");
        }
        tasks += 3;
        out += "]}";
    }
    out += "]}";
    return out;
}

double seconds(const QElapsedTimer &t)
{
    return double(t.nsecsElapsed()) / 1e9;
}

/// Peak resident memory of this process in MB (Linux), or -1.
double peakMemoryMb()
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').value(0).toDouble() / 1024.0;
    return -1;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser p;
    p.addHelpOption();
    p.addOptions({{QStringLiteral("runs"), QStringLiteral("run records in the batch"), QStringLiteral("N"),
                      QStringLiteral("1000000")},
        {QStringLiteral("qjson"), QStringLiteral("also time QJsonDocument::fromJson on the same text")},
        {QStringLiteral("breakdown"),
            QStringLiteral("also time the JSON parse and the schema check alone")}});
    p.process(app);
    const int runs = p.value(QStringLiteral("runs")).toInt();

    QElapsedTimer clock;
    clock.start();
    qint64 tasks = 0;
    const QByteArray json = generate(runs, tasks);
    std::printf(
        "bench_rules: %d run records, %lld tasks, %.1f MB of JSON (generated in %.2f s, not counted)\n", runs,
        static_cast<long long>(tasks), double(json.size()) / 1e6, seconds(clock));

    // The existing rules a nightly run would match against: a handful, as the review queue holds.
    std::vector<lk::rules::ExistingRule> existing;

    clock.restart();
    lk::rules::BatchReading reading = lk::rules::readAuditBatch(json);
    const double readS = seconds(clock);
    if (!reading.ok()) {
        std::printf("the generated batch is invalid: %s %s\n", qPrintable(reading.problems[0].path),
            qPrintable(reading.problems[0].message));
        return 1;
    }

    lk::rules::ReportContext ctx;
    ctx.now = QDateTime(QDate(2026, 2, 24), QTime(15, 0), Qt::UTC);
    ctx.timeZone = QTimeZone("Asia/Singapore");
    clock.restart();
    const lk::rules::MiningResult result =
        lk::rules::mine(reading.batch, existing, ctx.now.toTimeZone(ctx.timeZone));
    const double mineS = seconds(clock);

    clock.restart();
    const QJsonObject report = lk::rules::learningReport(reading.batch, result, ctx);
    const QByteArray reportBytes = QJsonDocument(report).toJson();
    const int reportProblems = int(lk::rules::learningReportSchema().validate(report).size());
    const double reportS = seconds(clock);

    const double mb = double(json.size()) / 1e6;
    std::printf("  read + validate : %6.2f s  %7.1f MB/s  %9.0f runs/s\n", readS, mb / readS, runs / readS);
    std::printf("  mine            : %6.2f s  %7s       %9.0f runs/s\n", mineS, "", runs / mineS);
    std::printf("  report + check  : %6.3f s  (%lld bytes, %d schema problems)\n", reportS,
        static_cast<long long>(reportBytes.size()), reportProblems);
    std::printf("  end to end      : %6.2f s  for %d run records (target: 1,000,000 in < 10 s)\n",
        readS + mineS + reportS, runs);
    std::printf("  peak memory     : %6.0f MB (the JSON text itself: %.0f MB)\n", peakMemoryMb(), mb);
    std::printf("  found           : %d patterns, %zu new rules, %zu refused; %lld failed tasks\n",
        result.patternsIdentified, result.proposals.size(), result.refused.size(),
        static_cast<long long>(result.failedTasks));
    for (const lk::rules::ProposedRule &r : result.proposals)
        std::printf("    %-16s %-6s %.2f %-15s %s\n", qPrintable(r.ruleId), qPrintable(r.priority),
            r.confidence, qPrintable(r.targetAgent), qPrintable(r.pattern.kind));

    if (p.isSet(QStringLiteral("breakdown"))) {
        // The reader's two layers alone, over the same runs: the fast JSON parse of each run
        // record, then that plus the schema check (readAuditBatch adds the consistency checks and
        // the conversion to compact records).
        const std::string_view text(json.constData(), size_t(json.size()));
        const qsizetype start = json.indexOf("\"runs\":[") + 8;
        const lk::rules::JsonSchema &schema = lk::rules::auditBatchSchema();
        const lk::rules::JsonSchema::Node *runPart = schema.part(QStringLiteral("/$defs/run"));
        for (const bool check : {false, true}) {
            lk::rules::JsonArena arena;
            lk::rules::ProblemList problems;
            qsizetype pos = start;
            qint64 nodes = 0;
            clock.restart();
            for (qsizetype i = 0; pos < qsizetype(text.size()) && text[size_t(pos)] != ']'; ++i) {
                arena.clear();
                const int node = arena.parse(text, pos);
                nodes += node;
                if (check)
                    schema.validate(arena, node, runPart, {{"runs", -1}, {{}, i}}, problems);
                lk::rules::JsonArena::skipSpace(text, pos);
                if (text[size_t(pos)] == ',')
                    ++pos;
            }
            std::printf("  breakdown       : %-22s %6.2f s (%lld problems)\n",
                check ? "parse + schema check" : "parse only", seconds(clock),
                static_cast<long long>(problems.total));
        }
    }
    if (p.isSet(QStringLiteral("qjson"))) {
        clock.restart();
        const QJsonDocument doc = QJsonDocument::fromJson(json);
        std::printf("  for comparison  : QJsonDocument::fromJson alone takes %.2f s (%s)\n", seconds(clock),
            doc.isObject() ? "parsed" : "failed");
    }
    return 0;
}
