// Agent outcome learning end to end on a real workspace: idempotent ingest that reports bad
// events, micro-batches recorded as learning events, versioned state that a restart resumes
// (plus the events stored after it), SIGKILL during ingest losing nothing acknowledged, the
// CLI commands and the REST endpoints of docs/rest.md.
#include "common/TestSupport.h"
#include "core/outcomes/OutcomeLearner.h"
#include "core/outcomes/OutcomeService.h"
#include "core/workspace/Workspace.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QtTest>

using namespace lk::outcomes;

namespace {

/// Outcome events of simulated agents: agent i succeeds with probability rates[i].
QJsonArray simulate(int count, const QList<double> &rates, quint32 seed, int firstId = 0,
    const QString &task = QStringLiteral("analysis"))
{
    QRandomGenerator rng(seed);
    QJsonArray out;
    for (int i = 0; i < count; ++i) {
        const int agent = int(rng.bounded(rates.size()));
        out.append(QJsonObject{{QStringLiteral("event_id"), QStringLiteral("ev-%1").arg(firstId + i)},
            {QStringLiteral("agent_name"), QStringLiteral("agent-%1").arg(agent)},
            {QStringLiteral("task_type"), task},
            {QStringLiteral("context"), QJsonObject{{QStringLiteral("complexity"), QStringLiteral("high")}}},
            {QStringLiteral("success"), rng.generateDouble() < rates[agent]},
            {QStringLiteral("latency_ms"), 100.0 + agent * 50 + rng.bounded(20)},
            {QStringLiteral("quality_score"), rates[agent]}, {QStringLiteral("cost"), 0.01},
            {QStringLiteral("tokens"), 500}});
    }
    return out;
}

QByteArray jsonl(const QJsonArray &events)
{
    QByteArray out;
    for (const QJsonValue &v : events)
        out += QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact) + '\n';
    return out;
}

struct Run
{
    int exitCode = -1;
    QJsonObject json;
    QByteArray err;
};

Run cli(const QStringList &args)
{
    QProcess p;
    p.start(lk::test::binary(QStringLiteral("loopkeeper-cli")), args);
    Run r;
    if (!p.waitForFinished(120000))
        return r;
    r.exitCode = p.exitCode();
    r.json = QJsonDocument::fromJson(p.readAllStandardOutput()).object();
    r.err = p.readAllStandardError();
    return r;
}

} // namespace

class TestOutcomes : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QVERIFY(m_tmp.isValid()); }

    void ingestIsIdempotentAndReportsBadEvents()
    {
        const lk::Workspace ws = lk::Workspace::open(fresh());
        lk::storage::Database db = ws.connect();
        OutcomeStore store(db);
        QJsonArray events = simulate(25, {0.9, 0.2}, 1);
        events.append(QJsonObject{{QStringLiteral("event_id"), QStringLiteral("bad-1")},
            {QStringLiteral("agent_name"), QStringLiteral("x")}});
        events.append(QStringLiteral("not an object"));
        const IngestReport first = store.ingest(events);
        QCOMPARE(first.received, 27);
        QCOMPARE(first.accepted, 25);
        QCOMPARE(first.rejected.size(), 2);
        QCOMPARE(first.rejected[0].toObject().value(QStringLiteral("index")).toInt(), 25);
        QCOMPARE(first.rejected[0].toObject().value(QStringLiteral("event_id")).toString(),
            QStringLiteral("bad-1"));
        QVERIFY(first.rejected[0]
                    .toObject()
                    .value(QStringLiteral("error"))
                    .toString()
                    .contains(QStringLiteral("task_type")));
        const IngestReport again = store.ingest(simulate(25, {0.9, 0.2}, 1));
        QCOMPARE(again.accepted, 0);
        QCOMPARE(again.duplicates, 25);
        QCOMPARE(store.eventCount(), 25);
    }

    void learnerAppliesMicroBatchesAndResumes()
    {
        const lk::Workspace ws = lk::Workspace::open(fresh());
        lk::storage::Database db = ws.connect();
        OutcomeStore store(db);
        store.ingest(simulate(95, {0.9, 0.3, 0.3}, 2));
        LearnerConfig config;
        config.batchSize = 10;
        {
            OutcomeLearner learner(ws, db, config);
            learner.load(); // applies everything stored, the last partial batch too
            QCOMPARE(learner.appliedSeq(), 95);
            QCOMPARE(learner.model().metrics().samplesProcessed, 95);
            QCOMPARE(learner.model().metrics().totalUpdates, 10); // 9 full batches and one of 5
            QCOMPARE(store.learningEventCount(), 10);
            const ModelVersionRecord v1 = learner.save();
            QCOMPARE(v1.versionNumber, 1);
            QCOMPARE(v1.lastEventSeq, 95);
            QVERIFY(QFileInfo(v1.filePath).isFile());
            QCOMPARE(learner.save().id, v1.id); // nothing new: no new version
        }
        // Events stored after the save (and never applied by anyone) are not lost on restart.
        store.ingest(simulate(30, {0.9, 0.3, 0.3}, 3, 1000));
        OutcomeLearner restarted(ws, db, config);
        restarted.load();
        QCOMPARE(restarted.model().metrics().samplesProcessed, 125);
        QCOMPARE(restarted.version()->versionNumber, 1);
        const ModelVersionRecord v2 = restarted.save();
        QCOMPARE(v2.versionNumber, 2);
        QCOMPARE(v2.parentVersion, restarted.version()->parentVersion);
        QVERIFY(!v2.parentVersion.isEmpty());
        QCOMPARE(store.activeVersion(OutcomeLearner::kModelType)->id, v2.id);

        // A damaged state file costs a replay, not data.
        QVERIFY(lk::test::writeFile(v2.filePath, "{ damaged"));
        OutcomeLearner rebuilt(ws, db, config);
        rebuilt.load();
        QCOMPARE(rebuilt.model().metrics().samplesProcessed, 125);
    }

    void killedIngestLosesNothingAcknowledged()
    {
        const QString root = fresh();
        lk::Workspace::open(root);
        // Ten files of 400 events; each ingest is killed at a random moment, then everything
        // is sent again. Every event must be stored exactly once and applied exactly once.
        QStringList files;
        for (int f = 0; f < 10; ++f) {
            const QString path = m_tmp.filePath(QStringLiteral("batch%1.jsonl").arg(f));
            QVERIFY(lk::test::writeFile(path, jsonl(simulate(400, {0.6, 0.4}, 10 + f, f * 400))));
            files << path;
        }
        QRandomGenerator rng(7);
        int killed = 0;
        for (const QString &file : files) {
            QProcess p;
            p.start(lk::test::binary(QStringLiteral("loopkeeper-cli")),
                {QStringLiteral("outcomes"), QStringLiteral("ingest"), file, QStringLiteral("-w"), root});
            QVERIFY(p.waitForStarted(10000));
            if (!p.waitForFinished(int(rng.bounded(50, 700)))) {
                p.kill();
                ++killed;
            }
            p.waitForFinished(10000);
        }
        for (const QString &file : files) {
            const Run r =
                cli({QStringLiteral("outcomes"), QStringLiteral("ingest"), file, QStringLiteral("-w"), root});
            QCOMPARE(r.exitCode, 0);
            QCOMPARE(r.json.value(QStringLiteral("accepted")).toInt()
                    + r.json.value(QStringLiteral("duplicates")).toInt(),
                400);
        }
        const lk::Workspace ws = lk::Workspace::open(root);
        lk::storage::Database db = ws.connect();
        QCOMPARE(OutcomeStore(db).eventCount(), 4000);
        OutcomeLearner learner(ws, db);
        learner.load();
        QCOMPARE(learner.model().metrics().samplesProcessed, 4000);
        qInfo("%d of 10 ingests were killed", killed);
    }

    void cliIngestPerformanceRecommend()
    {
        const QString root = fresh();
        const QString file = m_tmp.filePath(QStringLiteral("good.jsonl"));
        QByteArray data = jsonl(simulate(600, {0.85, 0.3, 0.3, 0.3}, 5));
        data += "this line is not JSON\n";
        QVERIFY(lk::test::writeFile(file, data));
        const Run ingest =
            cli({QStringLiteral("outcomes"), QStringLiteral("ingest"), file, QStringLiteral("-w"), root});
        QCOMPARE(ingest.exitCode, 0);
        QCOMPARE(ingest.json.value(QStringLiteral("accepted")).toInt(), 600);
        QCOMPARE(ingest.json.value(QStringLiteral("rejected")).toArray().size(), 1);
        QVERIFY(ingest.json.value(QStringLiteral("rejected"))
                    .toArray()[0]
                    .toObject()
                    .value(QStringLiteral("error"))
                    .toString()
                    .contains(QStringLiteral("line 601")));
        QCOMPARE(ingest.json.value(QStringLiteral("model_version"))
                     .toObject()
                     .value(QStringLiteral("version_number"))
                     .toInt(),
            1);
        QCOMPARE(ingest.json.value(QStringLiteral("metrics"))
                     .toObject()
                     .value(QStringLiteral("samples_processed"))
                     .toInt(),
            600);

        const auto learningEvents = [&root] {
            const lk::Workspace ws = lk::Workspace::open(root);
            lk::storage::Database db = ws.connect();
            return OutcomeStore(db).learningEventCount();
        };
        const qint64 recorded = learningEvents();
        QCOMPARE(recorded, 60); // 600 events in micro-batches of 10
        {
            // Stored but not yet applied by any writer: readers must replay them without
            // recording anything.
            const lk::Workspace ws = lk::Workspace::open(root);
            lk::storage::Database db = ws.connect();
            QCOMPARE(OutcomeStore(db).ingest(simulate(100, {0.85, 0.3, 0.3, 0.3}, 6, 5000)).accepted, 100);
        }
        const Run perf =
            cli({QStringLiteral("agents"), QStringLiteral("performance"), QStringLiteral("-w"), root});
        QCOMPARE(perf.exitCode, 0);
        const QJsonArray agents = perf.json.value(QStringLiteral("agents")).toArray();
        QCOMPARE(agents.size(), 4);
        const QJsonObject a0 = agents[0].toObject();
        QCOMPARE(a0.value(QStringLiteral("agent_name")).toString(), QStringLiteral("agent-0"));
        QVERIFY(a0.value(QStringLiteral("success_rate")).toDouble() > 0.7);
        QVERIFY(a0.value(QStringLiteral("avg_latency_ms")).toDouble() > 0);
        QVERIFY(a0.value(QStringLiteral("total_executions")).toInt() > 100);
        QCOMPARE(perf.json.value(QStringLiteral("metrics"))
                     .toObject()
                     .value(QStringLiteral("samples_processed"))
                     .toInt(),
            700);
        for (const char *key : {"total_updates", "successful_updates", "failed_updates", "avg_update_time_ms",
                 "samples_processed", "current_model_score", "improvement_rate"})
            QVERIFY2(perf.json.value(QStringLiteral("metrics")).toObject().contains(QLatin1String(key)), key);

        const Run rec = cli({QStringLiteral("agents"), QStringLiteral("recommend"),
            QStringLiteral("--task-type"), QStringLiteral("analysis"), QStringLiteral("--context"),
            QStringLiteral("{\"complexity\":\"high\"}"), QStringLiteral("--top-k"), QStringLiteral("2"),
            QStringLiteral("-w"), root});
        QCOMPARE(rec.exitCode, 0);
        const QJsonArray ranked = rec.json.value(QStringLiteral("recommendations")).toArray();
        QCOMPARE(ranked.size(), 2);
        QCOMPARE(
            ranked[0].toObject().value(QStringLiteral("agent_name")).toString(), QStringLiteral("agent-0"));
        QCOMPARE(ranked[0].toObject().value(QStringLiteral("rank")).toInt(), 1);
        QVERIFY(rec.json.contains(QStringLiteral("model_score")));

        QCOMPARE(learningEvents(), recorded); // reading records nothing

        const Run bad = cli({QStringLiteral("agents"), QStringLiteral("recommend"),
            QStringLiteral("--task-type"), QStringLiteral("analysis"), QStringLiteral("--context"),
            QStringLiteral("[1]"), QStringLiteral("-w"), root});
        QCOMPARE(bad.exitCode, 2);
        const Run none =
            cli({QStringLiteral("agents"), QStringLiteral("recommend"), QStringLiteral("-w"), root});
        QCOMPARE(none.exitCode, 2);
    }

    void inboxFilesAreIngestedAndMoved()
    {
        const QString root = fresh();
        const lk::Workspace ws = lk::Workspace::open(root);
        QByteArray good = jsonl(simulate(50, {0.7, 0.3}, 21));
        good += "{\"event_id\": \"broken\", \"agent_name\": \"a\", \"task_type\": \"t\"}\n"; // no success
        QVERIFY(lk::test::writeFile(QDir(ws.inboxDir()).filePath(QStringLiteral("a-outcomes.jsonl")), good));
        QVERIFY(lk::test::writeFile(
            QDir(ws.inboxDir()).filePath(QStringLiteral("b-other.jsonl")), "{\"foo\": 1}\n"));
        const Run r = cli({QStringLiteral("inbox"), QStringLiteral("process"), QStringLiteral("-w"), root});
        QCOMPARE(r.exitCode, 0);
        const QJsonArray files = r.json.value(QStringLiteral("files")).toArray();
        QCOMPARE(files.size(), 2);
        QCOMPARE(files[0].toObject().value(QStringLiteral("accepted")).toInt(), 50);
        QVERIFY(
            QFileInfo::exists(QDir(ws.inboxDir()).filePath(QStringLiteral("processed/a-outcomes.jsonl"))));
        QFile report(QDir(ws.inboxDir()).filePath(QStringLiteral("processed/a-outcomes.jsonl.report.json")));
        QVERIFY(report.open(QIODevice::ReadOnly));
        const QByteArray reportText = report.readAll();
        QVERIFY2(reportText.contains("success"), reportText.constData()); // names the missing field
        QVERIFY(QFileInfo::exists(QDir(ws.inboxDir()).filePath(QStringLiteral("rejected/b-other.jsonl"))));
        QVERIFY(QFileInfo::exists(
            QDir(ws.inboxDir()).filePath(QStringLiteral("rejected/b-other.jsonl.report.json"))));
        QVERIFY(QDir(ws.inboxDir()).entryList({QStringLiteral("*.jsonl")}, QDir::Files).isEmpty());
        lk::storage::Database db = ws.connect();
        QCOMPARE(OutcomeStore(db).eventCount(), 50);
        // The same file again (a crash before the move would do this): nothing twice.
        QVERIFY(lk::test::writeFile(QDir(ws.inboxDir()).filePath(QStringLiteral("c-again.jsonl")), good));
        const Run again =
            cli({QStringLiteral("inbox"), QStringLiteral("process"), QStringLiteral("-w"), root});
        QCOMPARE(again.json.value(QStringLiteral("files"))
                     .toArray()[0]
                     .toObject()
                     .value(QStringLiteral("duplicates"))
                     .toInt(),
            50);
        QCOMPARE(OutcomeStore(db).eventCount(), 50);
    }

    void restEndpointsAnswerInTheSeedsShapes()
    {
        const QString root = fresh();
        lk::Workspace::open(root);
        QProcess server;
        server.start(lk::test::binary(QStringLiteral("loopkeeper-cli")),
            {QStringLiteral("serve"), QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("-w"),
                root});
        QVERIFY(server.waitForStarted(10000));
        QByteArray line;
        QTRY_VERIFY_WITH_TIMEOUT((line += server.readAllStandardOutput()).contains('\n'), 30000);
        const QString base = QJsonDocument::fromJson(line.split('\n').first())
                                 .object()
                                 .value(QStringLiteral("listening"))
                                 .toString();
        QVERIFY2(base.startsWith(QStringLiteral("http://127.0.0.1:")), line.constData());

        const auto curl = [&](const QStringList &args) {
            QProcess c;
            c.start(QStringLiteral("curl"),
                QStringList{QStringLiteral("-s"), QStringLiteral("-w"), QStringLiteral("\n%{http_code}")}
                    + args);
            c.waitForFinished(30000);
            const QByteArray out = c.readAllStandardOutput();
            const int cut = out.lastIndexOf('\n');
            return qMakePair(out.mid(cut + 1).toInt(), QJsonDocument::fromJson(out.left(cut)));
        };
        const QString body =
            QString::fromUtf8(QJsonDocument(simulate(200, {0.9, 0.2}, 9)).toJson(QJsonDocument::Compact));
        auto posted = curl({QStringLiteral("-X"), QStringLiteral("POST"), QStringLiteral("-H"),
            QStringLiteral("Content-Type: application/json"), QStringLiteral("--data-binary"), body,
            base + QStringLiteral("/api/learning/outcomes")});
        QCOMPARE(posted.first, 200);
        QCOMPARE(posted.second.object().value(QStringLiteral("accepted")).toInt(), 200);

        auto perf = curl({base + QStringLiteral("/api/learning/agents/performance")});
        QCOMPARE(perf.first, 200);
        QVERIFY(perf.second.isArray()); // a list of agents (docs/rest.md)
        QCOMPARE(perf.second.array().size(), 2);
        QVERIFY(perf.second.array()[0].toObject().contains(QStringLiteral("success_rate")));

        auto one = curl({QStringLiteral("-X"), QStringLiteral("POST"), QStringLiteral("-H"),
            QStringLiteral("Content-Type: application/json"), QStringLiteral("--data-binary"),
            QStringLiteral("{\"task_type\":\"analysis\",\"top_k\":1}"),
            base + QStringLiteral("/api/learning/predict/agent-selection")});
        QCOMPARE(one.first, 200);
        QCOMPARE(one.second.object().value(QStringLiteral("recommendations")).toArray().size(), 1);
        auto list = curl({QStringLiteral("-X"), QStringLiteral("POST"), QStringLiteral("-H"),
            QStringLiteral("Content-Type: application/json"), QStringLiteral("--data-binary"),
            QStringLiteral(
                "[{\"task_type\":\"analysis\",\"context\":{\"complexity\":\"high\"},\"top_k\":2}]"),
            base + QStringLiteral("/api/learning/predict/agent-selection")});
        QCOMPARE(list.first, 200);
        QVERIFY(list.second.isArray());
        QCOMPARE(
            list.second.array()[0].toObject().value(QStringLiteral("recommendations")).toArray().size(), 2);

        auto metrics = curl({base + QStringLiteral("/api/learning/metrics")});
        QCOMPARE(metrics.first, 200);
        QCOMPARE(metrics.second.object().value(QStringLiteral("samples_processed")).toInt(), 200);
        auto status = curl({base + QStringLiteral("/api/learning/status")});
        QCOMPARE(status.first, 200);
        QCOMPARE(status.second.object().value(QStringLiteral("running")).toBool(), true);
        QCOMPARE(status.second.object().value(QStringLiteral("batch_size")).toInt(), 10);

        auto saved =
            curl({QStringLiteral("-X"), QStringLiteral("POST"), base + QStringLiteral("/api/learning/save")});
        QCOMPARE(saved.first, 200);
        QCOMPARE(saved.second.object().value(QStringLiteral("last_event_seq")).toInt(), 200);
        QCOMPARE(saved.second.object().value(QStringLiteral("status")).toString(), QStringLiteral("active"));

        QCOMPARE(curl({base + QStringLiteral("/api/learning/outcomes")}).first, 405);
        QCOMPARE(
            curl({QStringLiteral("-X"), QStringLiteral("POST"), QStringLiteral("-H"),
                     QStringLiteral("Content-Type: application/json"), QStringLiteral("--data-binary"),
                     QStringLiteral("{}"), base + QStringLiteral("/api/learning/predict/agent-selection")})
                .first,
            400);
        QCOMPARE(curl({QStringLiteral("-X"), QStringLiteral("POST"), QStringLiteral("-H"),
                          QStringLiteral("Content-Type: application/json"), QStringLiteral("--data-binary"),
                          QStringLiteral("[1, 2"), base + QStringLiteral("/api/learning/outcomes")})
                     .first,
            400);

        server.terminate(); // saves the model on the way out
        QVERIFY(server.waitForFinished(30000));
        const lk::Workspace ws = lk::Workspace::open(root);
        lk::storage::Database db = ws.connect();
        QVERIFY(OutcomeStore(db).activeVersion(OutcomeLearner::kModelType).has_value());
    }

private:
    QString fresh() { return m_tmp.filePath(QStringLiteral("ws%1").arg(++m_counter)); }
    QTemporaryDir m_tmp;
    int m_counter = 0;
};

QTEST_GUILESS_MAIN(TestOutcomes)
#include "tst_outcomes.moc"
