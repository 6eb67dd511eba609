// The Review queue panel at scale (prints figures; asserts nothing about time): N proposals
// stored through ReviewQueue::addProposals in a real workspace, then what one frame of the
// panel costs on the UI thread — loading a filter's rows into the model, re-sorting it by a
// column, and rendering the table view after scrolling one page (the viewport grabbed into a
// pixmap, offscreen). The worker thread's query for each filter is timed too, off the frame.
// Medians of several runs, against the 16 ms frame.
//   bench_review_panel [--rules N] [--repeat R]
#include "bench/RuleProposals.h"
#include "core/rules/ReviewQueue.h"
#include "core/storage/Database.h"
#include "core/workspace/Workspace.h"
#include "ui/panels/ReviewQueuePanel.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QPixmap>
#include <QScrollBar>
#include <QTableView>
#include <QTemporaryDir>

#include <algorithm>
#include <climits>
#include <cstdio>
#include <functional>
#include <vector>

using namespace lk::rules;

using lk::bench::medianMs;
using lk::bench::proposals;

namespace {

constexpr double kFrameMs = 16.0;

const char *verdict(double ms)
{
    return ms < kFrameMs ? "under a frame" : "OVER a frame";
}

} // namespace

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", qgetenv("QT_QPA_PLATFORM").isEmpty() ? QByteArray("offscreen") : qgetenv("QT_QPA_PLATFORM"));
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("rules"), QStringLiteral("Stored proposals (default 10000)"), QStringLiteral("N"), QStringLiteral("10000")});
    parser.addOption({QStringLiteral("repeat"), QStringLiteral("Repetitions per measure (median printed)"), QStringLiteral("R"), QStringLiteral("11")});
    parser.process(app);
    const int n = std::max(1, parser.value(QStringLiteral("rules")).toInt());
    const int repeat = std::max(1, parser.value(QStringLiteral("repeat")).toInt());

    QTemporaryDir tmp;
    const lk::Workspace ws = lk::Workspace::open(tmp.filePath(QStringLiteral("ws")));
    lk::storage::Database db = ws.connect();
    ReviewQueue queue(db, ws.memoryDir());
    QElapsedTimer t;
    t.start();
    queue.addProposals(proposals(n));
    std::printf("stored %d proposals in %.1f ms\n", n, double(t.nsecsElapsed()) / 1e6);

    // The panel's model and view, as the panel builds them (no workspace: the monitor stays idle).
    // Without a workspace the panel shows its empty state, so the table is taken out and shown
    // on its own at the panel's table size.
    lk::ui::ReviewQueuePanel panel(nullptr);
    lk::ui::ReviewRulesModel *model = panel.model();
    QTableView *view = panel.view();
    view->setParent(nullptr);
    view->resize(900, 800);
    view->show();

    RuleFilter open;
    open.statuses = {nameOf(RuleStatus::Proposed), nameOf(RuleStatus::Deferred)};
    RuleFilter narrow = open;
    narrow.targetAgent = QStringLiteral("action_agent");
    narrow.minConfidence = 0.7;
    narrow.maxConfidence = 0.9;
    RuleFilter high = open;
    high.priority = QStringLiteral("high");

    struct Case
    {
        const char *name;
        RuleFilter filter;
    };
    const std::vector<Case> cases{{"open (all rows)", open}, {"agent + confidence range", narrow}, {"priority high", high}};
    double worstUi = 0;
    std::vector<RuleRow> all;
    for (const Case &c : cases) {
        std::vector<RuleRow> rows;
        const double queryMs = medianMs(repeat, [&] { rows = queue.list(c.filter, {}, int(std::max<qint64>(1, queue.count(c.filter))), 0); });
        const double loadMs = medianMs(repeat, [&] {
            model->setRows(rows);
            QCoreApplication::processEvents(); // the view's reaction to the reset
        });
        worstUi = std::max(worstUi, loadMs);
        std::printf("filter %-26s worker count+list %7.2f ms (%zu rows, off the UI thread)   model load %6.2f ms (%s)\n",
            c.name, queryMs, rows.size(), loadMs, verdict(loadMs));
        if (all.empty())
            all = rows;
    }
    model->setRows(all);
    QCoreApplication::processEvents();

    int column = lk::ui::ReviewRulesModel::Confidence;
    const int columns[] = {lk::ui::ReviewRulesModel::Confidence, lk::ui::ReviewRulesModel::Trigger,
        lk::ui::ReviewRulesModel::TargetAgent, lk::ui::ReviewRulesModel::Priority};
    int k = 0;
    bool descending = false;
    const double sortMs = medianMs(repeat, [&] {
        column = columns[k++ % 4];
        descending = !descending;
        view->sortByColumn(column, descending ? Qt::DescendingOrder : Qt::AscendingOrder);
        QCoreApplication::processEvents();
    });
    worstUi = std::max(worstUi, sortMs);
    std::printf("re-sort %zu rows by a column header                                       %6.2f ms (%s)\n",
        all.size(), sortMs, verdict(sortMs));

    QScrollBar *bar = view->verticalScrollBar();
    bar->setValue(0);
    const double scrollMs = medianMs(repeat * 3, [&] {
        const int next = bar->value() + bar->pageStep();
        bar->setValue(next > bar->maximum() ? 0 : next);
        const QPixmap frame = view->viewport()->grab();
        Q_UNUSED(frame)
    });
    worstUi = std::max(worstUi, scrollMs);
    std::printf("scroll one page and render the viewport (%dx%d)                     %6.2f ms (%s)\n",
        view->viewport()->width(), view->viewport()->height(), scrollMs, verdict(scrollMs));
    view->setParent(&panel); // the panel deletes it
    std::printf("worst UI-thread step: %.2f ms (target < %.0f ms at 10,000 proposals)\n", worstUi, kFrameMs);
    return 0;
}
