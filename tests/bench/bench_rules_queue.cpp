// The review queue's queries at panel scale (prints figures; asserts nothing about time): N stored
// proposals in a real workspace database, then list(filter, sort, page of 200) and count() as the
// review panel calls them on every filter change. Target: well under a frame (16 ms) at 10,000.
//   bench_rules_queue [--rules N] [--repeat R]
#include "core/rules/ReviewQueue.h"
#include "core/storage/Database.h"
#include "core/workspace/Workspace.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <vector>

using namespace lk::rules;

namespace {

/// Synthetic proposals spread over agents, priorities, confidences and a few conflicts.
std::vector<ProposedRule> proposals(int n)
{
    static const char *agents[] = {"planning_agent", "action_agent", "dispatch_agent", "reasoning_agent"};
    static const char *priorities[] = {"high", "medium", "low"};
    std::vector<ProposedRule> out;
    out.reserve(size_t(n));
    quint64 state = 42;
    for (int i = 0; i < n; ++i) {
        state = state * 6364136223846793005ull + 1442695040888963407ull;
        const quint32 r = quint32(state >> 33);
        ProposedRule p;
        p.ruleId = QStringLiteral("rule_20260224_%1").arg(i + 1, 5, 10, QLatin1Char('0'));
        p.targetAgent = QString::fromLatin1(agents[r % 4]);
        p.priority = QString::fromLatin1(priorities[(r >> 3) % 3]);
        p.confidence = 0.6 + double((r >> 6) % 39) / 100.0;
        p.triggerCondition = QStringLiteral("When downloading from site%1.example and receiving HTTP 429").arg(i);
        p.instruction = QStringLiteral("Do not retry; report failed and not recoverable.");
        p.rationale = QStringLiteral("Observed %1 runs.").arg(r % 50);
        p.pattern.kind = QStringLiteral("repeated_failure");
        p.pattern.key = patternKey(p.pattern.kind, {p.targetAgent, QStringLiteral("site%1").arg(i)});
        p.pattern.subject = patternKey(QStringLiteral("failure"), {QStringLiteral("site%1").arg(i % 5000)});
        p.pattern.stance = QStringLiteral("no_retry");
        p.pattern.fingerprint = patternFingerprint(p.pattern.key);
        p.evidence.occurrences = p.evidence.runs = r % 50 + 1;
        p.evidence.batchIds = {QStringLiteral("batch_bench")};
        out.push_back(std::move(p));
    }
    return out;
}

double medianMs(int repeat, const std::function<void()> &f)
{
    std::vector<double> times;
    for (int i = 0; i < repeat; ++i) {
        QElapsedTimer t;
        t.start();
        f();
        times.push_back(double(t.nsecsElapsed()) / 1e6);
    }
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("rules"), QStringLiteral("Stored proposals (default 10000)"), QStringLiteral("N"), QStringLiteral("10000")});
    parser.addOption({QStringLiteral("repeat"), QStringLiteral("Repetitions per query (median printed)"), QStringLiteral("R"), QStringLiteral("21")});
    parser.process(app);
    const int n = parser.value(QStringLiteral("rules")).toInt();
    const int repeat = std::max(1, parser.value(QStringLiteral("repeat")).toInt());

    QTemporaryDir tmp;
    const lk::Workspace ws = lk::Workspace::open(tmp.filePath(QStringLiteral("ws")));
    lk::storage::Database db = ws.connect();
    ReviewQueue queue(db, ws.memoryDir());
    const std::vector<ProposedRule> rules = proposals(n);
    QElapsedTimer t;
    t.start();
    queue.addProposals(rules);
    std::printf("stored %d proposals in %.1f ms\n", n, double(t.nsecsElapsed()) / 1e6);

    RuleFilter open;
    open.statuses = {RuleStatus::Proposed, RuleStatus::Deferred};
    RuleFilter narrow = open;
    narrow.targetAgent = QStringLiteral("action_agent");
    narrow.minConfidence = 0.7;
    narrow.maxConfidence = 0.9;
    RuleFilter search;
    search.search = QStringLiteral("site77");

    struct Case
    {
        const char *name;
        RuleFilter filter;
        RuleSort sort;
    };
    const std::vector<Case> cases{{"open, by priority", open, RuleSort{}},
        {"open, by confidence", open, RuleSort::parse(QStringLiteral("confidence"))},
        {"open, by created, page 10", open, RuleSort::parse(QStringLiteral("created"))},
        {"agent + confidence range, by priority", narrow, RuleSort{}},
        {"all, by target agent", RuleFilter{}, RuleSort::parse(QStringLiteral("target_agent"))},
        {"text search", search, RuleSort{}}};
    double worst = 0;
    for (const Case &c : cases) {
        const int offset = std::string(c.name).find("page 10") != std::string::npos ? 1800 : 0;
        size_t rows = 0;
        const double listMs = medianMs(repeat, [&] { rows = queue.list(c.filter, c.sort, 200, offset).size(); });
        qint64 total = 0;
        const double countMs = medianMs(repeat, [&] { total = queue.count(c.filter); });
        // Text search scans every row (no index serves a substring); it is reported, not counted.
        if (&c != &cases.back())
            worst = std::max(worst, listMs + countMs);
        std::printf("%-40s list(200) %6.2f ms (%zu rows)   count %6.2f ms (%lld)\n", c.name, listMs, rows, countMs,
            static_cast<long long>(total));
    }
    std::printf("worst list + count over the filter and sort cases: %.2f ms (target < 16 ms at 10,000 proposals)\n", worst);
    return 0;
}
