// Learning-loop figures (prints them; asserts nothing about time), on one core:
//  - ingest of escalated samples' metadata from JSONL bytes in batches into the store
//    (acknowledged: WAL, full sync per batch). Target: >= 50,000 samples/s.
//  - trigger evaluation (counts, last job, the policy) over 1,000,000 stored samples.
//    Target: < 50 ms.
//   bench_samples [--samples N] [--batch B] [--stored M]
#include "core/loop/LearningLoop.h"
#include "core/workspace/Workspace.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <vector>

namespace {

QByteArray sampleLine(qint64 n)
{
    return QByteArrayLiteral("{\"sample_id\":\"s") + QByteArray::number(n) + "\",\"node_id\":\"edge-"
        + QByteArray::number(n % 47) + "\",\"model_version\":\"fashion-mnist@3\",\"timestamp\":\"2026-11-21T08:00:00Z\","
          "\"prediction\":{\"label\":"
        + QByteArray::number(n % 10) + ",\"confidence\":0.42},\"correction\":{\"label\":" + QByteArray::number((n + 3) % 10)
        + ",\"confidence\":" + (n % 20 == 0 ? "0.5" : "0.93") + ",\"source\":\"teacher\"},\"input\":{\"uri\":\"node://edge-"
        + QByteArray::number(n % 47) + "/s" + QByteArray::number(n) + "\"}}\n";
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser p;
    p.addHelpOption();
    p.addOptions({{QStringLiteral("samples"), QStringLiteral("samples to ingest"), QStringLiteral("N"), QStringLiteral("200000")},
        {QStringLiteral("batch"), QStringLiteral("samples per ingest call (one transaction)"), QStringLiteral("B"),
            QStringLiteral("1000")},
        {QStringLiteral("stored"), QStringLiteral("samples stored for the trigger evaluation"), QStringLiteral("M"),
            QStringLiteral("1000000")}});
    p.process(app);
    const int total = p.value(QStringLiteral("samples")).toInt();
    const int batch = std::max(1, p.value(QStringLiteral("batch")).toInt());
    const qint64 stored = p.value(QStringLiteral("stored")).toLongLong();

    QTemporaryDir dir;
    // 1. Ingest from bytes, as POST /api/samples or an inbox file brings them.
    {
        const lk::Workspace ws = lk::Workspace::open(dir.filePath(QStringLiteral("ingest")));
        lk::storage::Database db = ws.connect();
        lk::loop::SampleStore store(db);
        std::vector<QByteArray> bodies;
        for (int start = 0; start < total; start += batch) {
            QByteArray body;
            for (int i = start; i < std::min(total, start + batch); ++i)
                body += sampleLine(i);
            bodies.push_back(body);
        }
        QElapsedTimer clock;
        clock.start();
        int accepted = 0;
        for (const QByteArray &body : bodies) {
            const lk::loop::SampleIngestReport r = store.ingest(body, lk::loop::SampleFilter{});
            accepted += r.accepted + r.filtered;
        }
        const double seconds = double(clock.nsecsElapsed()) / 1e9;
        std::printf("samples ingested: %d in batches of %d: %10.0f samples/s (target >= 50000)\n", accepted, batch,
            accepted / seconds);
        if (accepted != total)
            return 1;
    }

    // 2. Trigger evaluation over a large store (filled with SQL: the figure is the evaluation).
    {
        const lk::Workspace ws = lk::Workspace::open(dir.filePath(QStringLiteral("trigger")));
        lk::storage::Database db = ws.connect();
        {
            lk::storage::Transaction tx(db);
            // Most samples were used by earlier jobs; a recent share is pending or filtered.
            lk::storage::Statement s = db.prepare(
                "INSERT INTO samples (sample_id, node_id, model_version, timestamp_ms, predicted_label,"
                " predicted_confidence, corrected_label, correction_confidence, input, input_uri, status,"
                " used_in_version, received_at_ms) VALUES (?, ?, 'fashion-mnist@3', ?, ?, 0.4, ?, 0.93, ?, ?, ?, ?, 0)");
            const QByteArray pixels(784, '\x7f');
            for (qint64 n = 0; n < stored; ++n) {
                const bool recent = n >= stored - stored / 50;
                const char *status = !recent ? "used" : n % 5 == 0 ? "filtered" : "pending";
                s.bind(1, QStringLiteral("s%1").arg(n)).bind(2, QStringLiteral("edge-%1").arg(n % 47));
                s.bind(3, 1763700000000 + n).bind(4, int(n % 10)).bind(5, int((n + 3) % 10));
                if (n % 3 == 0)
                    s.bind(6, pixels).bindNull(7);
                else
                    s.bindNull(6).bind(7, QStringLiteral("node://x/s%1").arg(n));
                s.bind(8, QString::fromLatin1(status));
                recent ? s.bindNull(9) : s.bind(9, QStringLiteral("v-old"));
                s.run();
                s.reset();
            }
            tx.commit();
        }
        lk::loop::LoopConfig config;
        lk::loop::LearningLoop loop(ws, db, config);
        std::vector<double> ms;
        lk::loop::TriggerDecision d;
        for (int i = 0; i < 21; ++i) {
            QElapsedTimer clock;
            clock.start();
            d = loop.evaluate(QDateTime::currentDateTimeUtc(), false);
            ms.push_back(double(clock.nsecsElapsed()) / 1e6);
        }
        std::sort(ms.begin(), ms.end());
        std::printf("trigger evaluation over %lld stored samples (%lld usable new): median %.2f ms, worst %.2f ms "
                    "(target < 50 ms); fires: %s (%s)\n",
            stored, d.usableNewSamples, ms[ms.size() / 2], ms.back(), d.fire ? "yes" : "no", qPrintable(d.reason));
    }
    return 0;
}
