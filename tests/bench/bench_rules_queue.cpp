// The review queue's queries at panel scale (prints figures; asserts nothing about time): N stored
// proposals in a real workspace database, then list(filter, sort, page of 200) and count() as the
// review panel calls them on every filter change. Target: well under a frame (16 ms) at 10,000.
//   bench_rules_queue [--rules N] [--repeat R]
#include "bench/RuleProposals.h"
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

using lk::bench::medianMs;
using lk::bench::proposals;

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
    open.statuses = {nameOf(RuleStatus::Proposed), nameOf(RuleStatus::Deferred)};
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
