// Fine-tune dataset export (docs/dataset-export.md) on real files: the promotion guard's decision table, the
// transcript reader's errors, the seeded split (reproducible, and stable when runs are added),
// the exporter's counts, hashes, bad-line reports, atomic folders and dry runs, and the real
// loopkeeper-cli whose output Python reads back.
#include "common/TestSupport.h"
#include "core/autoretrain/DatasetExporter.h"
#include "core/autoretrain/DatasetSplit.h"
#include "core/autoretrain/PromotionGuard.h"
#include "core/autoretrain/TranscriptReader.h"
#include "core/common/Error.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <limits>

using namespace lk::autoretrain;

namespace {

constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();

std::optional<double> maybe(double x)
{
    return std::isnan(x) ? std::nullopt : std::optional<double>(x);
}

/// A valid transcript record: a user question, a tool call, its result and the answer.
QJsonObject runRecord(const QString &id, double score, int escalations, double runtime)
{
    QJsonObject o{{QStringLiteral("run_id"), id}, {QStringLiteral("task"), QStringLiteral("lookup")},
        {QStringLiteral("source_model"), QStringLiteral("model-a")},
        {QStringLiteral("agent_version"), QStringLiteral("1.0")}, {QStringLiteral("cost_usd"), 0.01},
        {QStringLiteral("messages"),
            QJsonArray{QJsonObject{{QStringLiteral("role"), QStringLiteral("system")},
                           {QStringLiteral("content"), QStringLiteral("Be exact.")}},
                QJsonObject{{QStringLiteral("role"), QStringLiteral("user")},
                    {QStringLiteral("content"), QStringLiteral("Look up %1").arg(id)}},
                QJsonObject{{QStringLiteral("role"), QStringLiteral("assistant")},
                    {QStringLiteral("content"), QJsonValue()},
                    {QStringLiteral("tool_calls"),
                        QJsonArray{QJsonObject{{QStringLiteral("id"), QStringLiteral("c1")},
                            {QStringLiteral("type"), QStringLiteral("function")},
                            {QStringLiteral("function"),
                                QJsonObject{{QStringLiteral("name"), QStringLiteral("lookup")},
                                    {QStringLiteral("arguments"),
                                        QStringLiteral("{\"key\": \"%1\"}").arg(id)}}}}}}},
                QJsonObject{{QStringLiteral("role"), QStringLiteral("tool")},
                    {QStringLiteral("tool_call_id"), QStringLiteral("c1")},
                    {QStringLiteral("content"), QStringLiteral("found")}},
                QJsonObject{{QStringLiteral("role"), QStringLiteral("assistant")},
                    {QStringLiteral("content"), QStringLiteral("Found %1.").arg(id)}}}}};
    if (!std::isnan(score))
        o.insert(QStringLiteral("verification_score"), score);
    if (escalations >= 0)
        o.insert(QStringLiteral("escalations"), escalations);
    if (!std::isnan(runtime))
        o.insert(QStringLiteral("runtime_s"), runtime);
    return o;
}

QByteArray line(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n';
}

QJsonObject readJson(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

QList<QByteArray> nonEmptyLines(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QList<QByteArray> out;
    for (const QByteArray &l : f.readAll().split('\n')) {
        if (!l.isEmpty())
            out.append(l);
    }
    return out;
}

/// run_id -> split ("train", "eval" or "" when not promoted), from a report's per-run list.
QHash<QString, QString> splitsOf(const QJsonArray &runs)
{
    QHash<QString, QString> out;
    for (const QJsonValue &v : runs) {
        const QJsonObject r = v.toObject();
        out.insert(r.value(QStringLiteral("run_id")).toString(), r.value(QStringLiteral("split")).toString());
    }
    return out;
}

/// Which category a generated run i belongs to, and what the guard must make of it.
struct Generated
{
    QByteArray bytes;
    QHash<QString, QString> expected; ///< run_id -> decision name
    QList<int> badLines;
};

/// 300 runs in ten categories (half promotable), with three bad lines and a blank one between.
Generated generateTranscripts()
{
    Generated g;
    int lineNo = 0;
    const auto add = [&](const QByteArray &bytes) {
        g.bytes += bytes;
        ++lineNo;
    };
    for (int i = 0; i < 300; ++i) {
        const QString id = QStringLiteral("gen-%1").arg(i, 4, 10, QLatin1Char('0'));
        QJsonObject r;
        QString decision = QStringLiteral("promote");
        switch (i % 10) {
        case 0:
            r = runRecord(id, 0.5, 0, 10);
            decision = QStringLiteral("reject");
            break;
        case 1:
            r = runRecord(id, 0.9, 1, 10);
            decision = QStringLiteral("reject");
            break;
        case 2:
            r = runRecord(id, 0.77, 0, 10);
            decision = QStringLiteral("needs_human");
            break;
        case 3:
            r = runRecord(id, 0.9, 0, kMissing);
            decision = QStringLiteral("needs_human");
            break;
        case 4:
            r = runRecord(id, 0.9, 0, 900);
            decision = QStringLiteral("reject");
            break;
        default:
            r = runRecord(id, 0.8 + 0.02 * (i % 10 - 5), 0, 5 + i % 7);
            break;
        }
        g.expected.insert(id, decision);
        add(line(r));
        if (i == 10) {
            add("{\"run_id\": \"broken\", \n");
            g.badLines.append(lineNo);
        } else if (i == 50) {
            // Valid up to its last message: it must not be exported in part.
            QJsonObject half = runRecord(QStringLiteral("half"), 0.99, 0, 1);
            QJsonArray messages = half.value(QStringLiteral("messages")).toArray();
            messages[1] = QJsonObject{{QStringLiteral("role"), QStringLiteral("user")},
                {QStringLiteral("content"), QStringLiteral("HALF-EXPORT-MARKER")}};
            messages.append(QJsonObject{{QStringLiteral("role"), QStringLiteral("assistant")},
                {QStringLiteral("content"), QJsonValue()},
                {QStringLiteral("tool_calls"),
                    QJsonArray{QJsonObject{{QStringLiteral("id"), QStringLiteral("c2")},
                        {QStringLiteral("function"),
                            QJsonObject{{QStringLiteral("name"), QStringLiteral("lookup")},
                                {QStringLiteral("arguments"), QStringLiteral("{oops")}}}}}}});
            half.insert(QStringLiteral("messages"), messages);
            add(line(half));
            g.badLines.append(lineNo);
        } else if (i == 100) {
            add("   \n");
        }
    }
    QJsonObject noId = runRecord(QStringLiteral("x"), 0.9, 0, 1);
    noId.remove(QStringLiteral("run_id"));
    add(line(noId));
    g.badLines.append(lineNo);
    return g;
}

struct CliRun
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
    QJsonObject error() const
    {
        return QJsonDocument::fromJson(err).object().value(QStringLiteral("error")).toObject();
    }
};

CliRun cli(const QStringList &args, const QByteArray &stdinData = {})
{
    QProcess p;
    p.start(lk::test::binary(QStringLiteral("loopkeeper-cli")), args);
    CliRun r;
    if (!p.waitForStarted(60000))
        return r;
    if (!stdinData.isEmpty())
        p.write(stdinData);
    p.closeWriteChannel();
    if (!p.waitForFinished(120000))
        return r;
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

/// Runs python3 -c `script` with `args`; returns its exit code and puts its output in *output.
int python(const QString &script, const QStringList &args, QByteArray *output)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(QStringLiteral("/usr/bin/python3"), QStringList{QStringLiteral("-c"), script} + args);
    if (!p.waitForStarted(60000)) {
        *output = "python3 could not be started: " + p.errorString().toUtf8();
        return -1;
    }
    if (!p.waitForFinished(120000))
        return -1;
    *output = p.readAll();
    return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
}

/// Reads a dataset folder the way a fine-tune upload would: every line JSON with roles the API
/// knows, tool results answering earlier calls with arguments that are JSON objects in strings;
/// files hashing to the manifest; and each promoted run's split recomputed from its run_id.
const char *const kPythonCheck = R"PY(
import hashlib, json, os, sys
folder = sys.argv[1]
manifest = json.load(open(os.path.join(folder, "manifest.json"), encoding="utf-8"))
roles = {"system", "user", "assistant", "tool"}
examples = 0
for name in ("train.jsonl", "eval.jsonl", "decisions.jsonl"):
    data = open(os.path.join(folder, name), "rb").read()
    assert hashlib.sha256(data).hexdigest() == manifest["files"][name]["sha256"], name
assert set(manifest["files"]) == {"train.jsonl", "eval.jsonl", "decisions.jsonl"}
for name in ("train.jsonl", "eval.jsonl"):
    data = open(os.path.join(folder, name), "rb").read()
    for number, text in enumerate(data.decode("utf-8").splitlines(), 1):
        example = json.loads(text)
        assert set(example) <= {"messages", "tools"}, (name, number, set(example))
        calls = set()
        assert any(m["role"] == "assistant" for m in example["messages"]), (name, number)
        for m in example["messages"]:
            assert m["role"] in roles, (name, number, m["role"])
            if "content" in m:
                assert isinstance(m["content"], str), (name, number)
            for call in m.get("tool_calls", []):
                assert m["role"] == "assistant"
                assert call["type"] == "function"
                assert isinstance(json.loads(call["function"]["arguments"]), dict)
                calls.add(call["id"])
            if m["role"] == "tool":
                assert m["tool_call_id"] in calls, (name, number)
        examples += 1
seed = manifest["split"]["seed"]
fraction = manifest["split"]["eval_fraction"]
decisions = open(os.path.join(folder, "decisions.jsonl"), encoding="utf-8").read().splitlines()
assert len(decisions) == manifest["counts"]["records"]
for run in map(json.loads, decisions):
    if run["decision"] != "promote":
        assert run["split"] is None
        continue
    digest = hashlib.sha256(f"{seed}\n{run['run_id']}".encode("utf-8")).digest()
    position = (int.from_bytes(digest[:8], "big") >> 11) / 2**53
    assert run["split"] == ("eval" if position < fraction else "train"), run["run_id"]
print("ok", examples)
)PY";

} // namespace

class TestAutoretrain : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        // The exporter logs each skipped line; here they are expected and checked in the report.
        QLoggingCategory::setFilterRules(QStringLiteral("loopkeeper.app.warning=false"));
    }

    void guardDecides_data()
    {
        QTest::addColumn<double>("score");
        QTest::addColumn<int>("escalations"); // -1: not reported
        QTest::addColumn<double>("runtime");
        QTest::addColumn<double>("margin");
        QTest::addColumn<bool>("allowEscalations");
        QTest::addColumn<double>("budget");
        QTest::addColumn<QString>("decision");
        QTest::addColumn<QString>("gates"); // results of score, escalations, runtime

        const double m = 0.05;
        QTest::newRow("all pass") << 0.9 << 0 << 30.0 << m << false << 600.0 << "promote"
                                  << "pass,pass,pass";
        QTest::newRow("score exactly the minimum") << 0.8 << 0 << 30.0 << m << false << 600.0 << "promote"
                                                   << "pass,pass,pass";
        QTest::newRow("score just below: a human decides")
            << 0.79 << 0 << 30.0 << m << false << 600.0 << "needs_human"
            << "borderline,pass,pass";
        QTest::newRow("score at the band's lower edge")
            << 0.75 << 0 << 30.0 << m << false << 600.0 << "needs_human"
            << "borderline,pass,pass";
        QTest::newRow("score under the band") << 0.7499 << 0 << 30.0 << m << false << 600.0 << "reject"
                                              << "fail,pass,pass";
        QTest::newRow("no band: just below rejects") << 0.79 << 0 << 30.0 << 0.0 << false << 600.0 << "reject"
                                                     << "fail,pass,pass";
        QTest::newRow("score not reported") << kMissing << 0 << 30.0 << m << false << 600.0 << "needs_human"
                                            << "missing,pass,pass";
        QTest::newRow("one escalation") << 0.95 << 1 << 30.0 << m << false << 600.0 << "reject"
                                        << "pass,fail,pass";
        QTest::newRow("escalations allowed") << 0.95 << 3 << 30.0 << m << true << 600.0 << "promote"
                                             << "pass,off,pass";
        QTest::newRow("escalations not reported")
            << 0.95 << -1 << 30.0 << m << false << 600.0 << "needs_human"
            << "pass,missing,pass";
        QTest::newRow("escalations not reported but allowed")
            << 0.95 << -1 << 30.0 << m << true << 600.0 << "promote"
            << "pass,off,pass";
        QTest::newRow("runtime exactly the budget") << 0.95 << 0 << 600.0 << m << false << 600.0 << "promote"
                                                    << "pass,pass,pass";
        QTest::newRow("runtime over budget") << 0.95 << 0 << 600.5 << m << false << 600.0 << "reject"
                                             << "pass,pass,fail";
        QTest::newRow("runtime not reported") << 0.95 << 0 << kMissing << m << false << 600.0 << "needs_human"
                                              << "pass,pass,missing";
        QTest::newRow("no budget") << 0.95 << 0 << 5000.0 << m << false << 0.0 << "promote"
                                   << "pass,pass,off";
        QTest::newRow("no budget, runtime not reported")
            << 0.95 << 0 << kMissing << m << false << 0.0 << "promote"
            << "pass,pass,off";
        QTest::newRow("a failure outweighs a borderline score")
            << 0.78 << 2 << 30.0 << m << false << 600.0 << "reject"
            << "borderline,fail,pass";
        QTest::newRow("a failure outweighs a missing score")
            << kMissing << 0 << 900.0 << m << false << 600.0 << "reject"
            << "missing,pass,fail";
        QTest::newRow("nothing reported")
            << kMissing << -1 << kMissing << m << false << 600.0 << "needs_human"
            << "missing,missing,missing";
        QTest::newRow("everything fails") << 0.1 << 5 << 9000.0 << m << false << 600.0 << "reject"
                                          << "fail,fail,fail";
    }

    void guardDecides()
    {
        QFETCH(double, score);
        QFETCH(int, escalations);
        QFETCH(double, runtime);
        QFETCH(double, margin);
        QFETCH(bool, allowEscalations);
        QFETCH(double, budget);
        QFETCH(QString, decision);
        QFETCH(QString, gates);

        GuardConfig config;
        config.needsHumanMargin = margin;
        config.allowEscalations = allowEscalations;
        config.maxRuntimeS = budget;
        RunMetrics metrics;
        metrics.verificationScore = maybe(score);
        if (escalations >= 0)
            metrics.escalations = escalations;
        metrics.runtimeS = maybe(runtime);

        const Verdict v = judgeRun(metrics, config);
        QCOMPARE(decisionName(v.decision), decision);
        QStringList results;
        for (const GateResult &g : v.gates)
            results.append(gateOutcomeName(g.outcome));
        QCOMPARE(results.join(QLatin1Char(',')), gates);
        // Reasons name exactly the gates that decided: failures on reject, doubts on needs_human.
        const QString deciding = decision == QLatin1String("reject") ? QStringLiteral("fail")
                                                                     : QStringLiteral("borderline|missing");
        int expectedReasons = 0;
        for (const QString &r : results)
            expectedReasons += QRegularExpression(QStringLiteral("^(%1)$").arg(deciding)).match(r).hasMatch();
        QCOMPARE(v.reasons.size(), decision == QLatin1String("promote") ? 0 : expectedReasons);
    }

    void guardExplainsValueAgainstThreshold()
    {
        RunMetrics metrics;
        metrics.verificationScore = 0.62;
        metrics.escalations = 0;
        metrics.runtimeS = 12.5;
        const Verdict v = judgeRun(metrics, GuardConfig{});
        QCOMPARE(v.decision, Decision::Reject);
        QCOMPARE(v.reasons.size(), 1);
        QVERIFY2(v.reasons.first().contains(QStringLiteral("0.62"))
                && v.reasons.first().contains(QStringLiteral("0.8")),
            qPrintable(v.reasons.first()));
        const QJsonObject json = v.toJson();
        QCOMPARE(json.value(QStringLiteral("decision")).toString(), QStringLiteral("reject"));
        const QJsonObject score = json.value(QStringLiteral("gates")).toArray().at(0).toObject();
        QCOMPARE(score.value(QStringLiteral("gate")).toString(), QStringLiteral("min_score"));
        QCOMPARE(score.value(QStringLiteral("value")).toDouble(), 0.62);
        QCOMPARE(score.value(QStringLiteral("threshold")).toDouble(), 0.8);
        QCOMPARE(score.value(QStringLiteral("result")).toString(), QStringLiteral("fail"));
        const QJsonObject runtime = json.value(QStringLiteral("gates")).toArray().at(2).toObject();
        QCOMPARE(runtime.value(QStringLiteral("value")).toDouble(), 12.5);
        QCOMPARE(runtime.value(QStringLiteral("threshold")).toDouble(), 600.0);
    }

    void guardDefaultsAreDocumented()
    {
        // The default "zero escalations" and the other thresholds are in the manifest.
        const GuardConfig c;
        QCOMPARE(c.maxEscalations, 0);
        QVERIFY(!c.allowEscalations);
        QCOMPARE(c.minScore, 0.8);
        QCOMPARE(c.needsHumanMargin, 0.05);
        QCOMPARE(c.maxRuntimeS, 600.0);
    }

    void recordIsConverted()
    {
        QJsonObject r = runRecord(QStringLiteral("r1"), 0.9, 0, 3);
        QJsonArray messages = r.value(QStringLiteral("messages")).toArray();
        // Arguments logged as an object, type left out, an unknown field: all accepted.
        QJsonObject call{{QStringLiteral("id"), QStringLiteral("c1")},
            {QStringLiteral("function"),
                QJsonObject{{QStringLiteral("name"), QStringLiteral("lookup")},
                    {QStringLiteral("arguments"), QJsonObject{{QStringLiteral("key"), 7}}}}}};
        QJsonObject assistant = messages.at(2).toObject();
        assistant.insert(QStringLiteral("tool_calls"), QJsonArray{call});
        assistant.insert(QStringLiteral("latency_ms"), 120);
        messages[2] = assistant;
        r.insert(QStringLiteral("messages"), messages);
        r.insert(QStringLiteral("escalations"), QJsonArray{QJsonObject{}, QJsonObject{}});
        r.insert(QStringLiteral("trace"), QJsonObject{{QStringLiteral("span"), 1}});

        const RunTranscript run = parseRunTranscript(r);
        QCOMPARE(run.runId, QStringLiteral("r1"));
        QCOMPARE(run.metrics.escalations.value_or(-1), 2);
        QCOMPARE(run.metrics.verificationScore.value_or(-1), 0.9);
        QCOMPARE(run.messageCount, 5);
        QCOMPARE(run.toolCallCount, 1);
        QCOMPARE(run.example.keys(), QStringList{QStringLiteral("messages")});
        const QJsonObject converted =
            run.example.value(QStringLiteral("messages")).toArray().at(2).toObject();
        QCOMPARE(converted.keys(), (QStringList{QStringLiteral("role"), QStringLiteral("tool_calls")}));
        const QJsonObject c = converted.value(QStringLiteral("tool_calls")).toArray().at(0).toObject();
        QCOMPARE(c.value(QStringLiteral("type")).toString(), QStringLiteral("function"));
        QCOMPARE(c.value(QStringLiteral("function")).toObject().value(QStringLiteral("arguments")).toString(),
            QStringLiteral("{\"key\":7}"));
    }

    void recordErrorsNameTheField_data()
    {
        // One invalid record per line with the message it must get; kept as data because the
        // records are JSON (and moc cannot read raw string literals full of quotes).
        QTest::addColumn<QJsonObject>("record");
        QTest::addColumn<QString>("expected");
        QFile f(lk::test::sourcePath(QStringLiteral("tests/data/autoretrain/invalid_records.jsonl")));
        QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(f.fileName()));
        for (const QByteArray &l : f.readAll().split('\n')) {
            const QJsonObject row = QJsonDocument::fromJson(l).object();
            if (row.isEmpty())
                continue;
            QTest::newRow(row.value(QStringLiteral("name")).toString().toUtf8().constData())
                << row.value(QStringLiteral("record")).toObject()
                << row.value(QStringLiteral("expected")).toString();
        }
    }

    void recordErrorsNameTheField()
    {
        QFETCH(QJsonObject, record);
        QFETCH(QString, expected);
        try {
            parseRunTranscript(record);
            QFAIL("accepted an invalid record");
        } catch (const lk::Error &e) {
            QCOMPARE(e.kind(), lk::ErrorKind::Input);
            QVERIFY2(e.message().contains(expected), qPrintable(e.message()));
        }
    }

    void splitIsSeededAndProportional()
    {
        int eval = 0;
        int moved = 0;
        for (int i = 0; i < 10000; ++i) {
            const QString id = QStringLiteral("run-%1").arg(i);
            const double p = splitPosition(id, 42);
            QVERIFY(p >= 0.0 && p < 1.0);
            QCOMPARE(splitPosition(id, 42), p);
            eval += splitFor(id, 42, 0.2) == Split::Eval;
            moved += splitFor(id, 7, 0.2) != splitFor(id, 42, 0.2);
        }
        // 10 000 draws with p = 0.2: the standard deviation is 40, so ±200 is five of them.
        QVERIFY2(eval > 1800 && eval < 2200, qPrintable(QString::number(eval)));
        QVERIFY2(moved > 1000, "another seed must give another split");
        QCOMPARE(splitFor(QStringLiteral("x"), 1, 0.0), Split::Train);
        QCOMPARE(splitFor(QStringLiteral("x"), 1, 1.0), Split::Eval);
        // Pinned so that any re-implementation (docs/dataset-export.md, "Split") can be checked against it.
        QCOMPARE(splitFor(QStringLiteral("run-013"), 42, 0.1), Split::Eval);
        QCOMPARE(splitFor(QStringLiteral("run-001"), 42, 0.1), Split::Train);
        QVERIFY(std::abs(splitPosition(QStringLiteral("run-013"), 42) - 0.09932925286837224) < 1e-15);
    }

    void exportWritesCountsHashesAndReportsBadLines()
    {
        const Generated g = generateTranscripts();
        const QString input = m_tmp.filePath(QStringLiteral("generated.jsonl"));
        QVERIFY(lk::test::writeFile(input, g.bytes));
        const QString root = fresh();

        ExportRequest request;
        request.transcriptsPath = input;
        request.seed = 7;
        request.evalFraction = 0.2;
        request.commit = QStringLiteral("abc1234");
        const ExportReport report = DatasetExporter(root).exportDataset(request);

        QVERIFY(report.written);
        QCOMPARE(report.counts.records, 300);
        QCOMPARE(report.counts.promoted, 150);
        QCOMPARE(report.counts.rejected, 90);
        QCOMPARE(report.counts.needsHuman, 60);
        QCOMPARE(report.counts.badLines, 3);
        QCOMPARE(report.counts.lines, 304);
        QCOMPARE(report.counts.train + report.counts.eval, 150);
        QVERIFY(report.counts.eval > 0 && report.counts.train > 0);

        // Bad lines: reported with file and line, in order, and nothing of them exported.
        QList<int> badLines;
        for (const QJsonValue &v : report.badLines) {
            const QJsonObject b = v.toObject();
            badLines.append(b.value(QStringLiteral("line")).toInt());
            QVERIFY2(b.value(QStringLiteral("error"))
                         .toString()
                         .startsWith(QStringLiteral("%1:%2: ").arg(input).arg(badLines.last())),
                qPrintable(b.value(QStringLiteral("error")).toString()));
        }
        QCOMPARE(badLines, g.badLines);
        QVERIFY(report.badLines.at(1)
                    .toObject()
                    .value(QStringLiteral("error"))
                    .toString()
                    .contains(QStringLiteral("tool_calls[0].function.arguments")));
        QCOMPARE(report.badLines.at(1).toObject().value(QStringLiteral("run_id")).toString(),
            QStringLiteral("half"));

        // Each run's decision as generated, with its reasons.
        for (const QJsonValue &v : report.runs) {
            const QJsonObject r = v.toObject();
            const QString id = r.value(QStringLiteral("run_id")).toString();
            QCOMPARE(r.value(QStringLiteral("decision")).toString(), g.expected.value(id));
            QCOMPARE(r.value(QStringLiteral("reasons")).toArray().isEmpty(),
                r.value(QStringLiteral("decision")).toString() == QLatin1String("promote"));
            QCOMPARE(r.value(QStringLiteral("gates")).toArray().size(), 3);
        }

        // The folder: named by the UTC time, complete, no partial folder left beside it.
        const QString dir = report.outputDir;
        QVERIFY2(QRegularExpression(QStringLiteral("^\\d{8}T\\d{6}Z$"))
                     .match(QFileInfo(dir).fileName())
                     .hasMatch(),
            qPrintable(dir));
        QCOMPARE(QFileInfo(dir).absolutePath(), QDir(root).absolutePath());
        QCOMPARE(QDir(root).entryList(QDir::Dirs | QDir::Hidden | QDir::NoDotAndDotDot),
            QStringList{QFileInfo(dir).fileName()});
        QCOMPARE(QDir(dir).entryList(QDir::Files, QDir::Name),
            (QStringList{QStringLiteral("decisions.jsonl"), QStringLiteral("eval.jsonl"),
                QStringLiteral("manifest.json"), QStringLiteral("train.jsonl")}));

        const QJsonObject manifest = readJson(report.manifestPath);
        QCOMPARE(manifest, report.manifest);
        const QJsonObject files = manifest.value(QStringLiteral("files")).toObject();
        QCOMPARE(files.size(), 3);
        for (const QString &name : {QStringLiteral("train.jsonl"), QStringLiteral("eval.jsonl"),
                 QStringLiteral("decisions.jsonl")}) {
            const QString path = QDir(dir).filePath(name);
            const QJsonObject entry = files.value(name).toObject();
            QCOMPARE(entry.value(QStringLiteral("sha256")).toString().toLatin1(), lk::test::fileSha256(path));
            QCOMPARE(entry.value(QStringLiteral("bytes")).toInteger(), QFileInfo(path).size());
            QCOMPARE(entry.value(QStringLiteral("lines")).toInt(), int(nonEmptyLines(path).size()));
        }
        for (const QString &name : {QStringLiteral("train.jsonl"), QStringLiteral("eval.jsonl")}) {
            const QList<QByteArray> lines = nonEmptyLines(QDir(dir).filePath(name));
            for (const QByteArray &l : lines) {
                QVERIFY(!l.contains("HALF-EXPORT-MARKER"));
                QVERIFY(QJsonDocument::fromJson(l).object().value(QStringLiteral("messages")).isArray());
            }
        }
        QCOMPARE(
            nonEmptyLines(QDir(dir).filePath(QStringLiteral("train.jsonl"))).size(), report.counts.train);
        QCOMPARE(nonEmptyLines(QDir(dir).filePath(QStringLiteral("eval.jsonl"))).size(), report.counts.eval);
        const QJsonObject transcripts = manifest.value(QStringLiteral("transcripts")).toObject();
        QCOMPARE(
            transcripts.value(QStringLiteral("sha256")).toString().toLatin1(), lk::test::fileSha256(input));
        QCOMPARE(manifest.value(QStringLiteral("source_model")).toString(), QStringLiteral("model-a"));
        QCOMPARE(manifest.value(QStringLiteral("agent_version")).toString(), QStringLiteral("1.0"));
        QCOMPARE(manifest.value(QStringLiteral("commit")).toString(), QStringLiteral("abc1234"));
        QCOMPARE(manifest.value(QStringLiteral("split")).toObject().value(QStringLiteral("seed")).toInt(), 7);
        QCOMPARE(
            manifest.value(QStringLiteral("guard")).toObject().value(QStringLiteral("min_score")).toDouble(),
            0.8);
        QCOMPARE(manifest.value(QStringLiteral("counts")).toObject(), report.counts.toJson());
        // decisions.jsonl: every valid record's verdict, as reported, in input order.
        const QList<QByteArray> decisions =
            nonEmptyLines(QDir(dir).filePath(QStringLiteral("decisions.jsonl")));
        QCOMPARE(decisions.size(), 300);
        for (int i = 0; i < decisions.size(); ++i)
            QCOMPARE(QJsonDocument::fromJson(decisions.at(i)).object(), report.runs.at(i).toObject());
    }

    void sameSeedSameDataset()
    {
        const Generated g = generateTranscripts();
        const QString input = m_tmp.filePath(QStringLiteral("determinism.jsonl"));
        QVERIFY(lk::test::writeFile(input, g.bytes));
        const QString root = fresh();
        ExportRequest request;
        request.transcriptsPath = input;
        request.seed = 1234;
        request.evalFraction = 0.25;
        request.createdAt = QDateTime(QDate(2026, 11, 22), QTime(4, 15), Qt::UTC);
        const ExportReport first = DatasetExporter(root).exportDataset(request);
        const ExportReport second = DatasetExporter(root).exportDataset(request);

        // Same second: the second export gets its own folder instead of touching the first.
        QCOMPARE(QFileInfo(first.outputDir).fileName(), QStringLiteral("20261122T041500Z"));
        QCOMPARE(QFileInfo(second.outputDir).fileName(), QStringLiteral("20261122T041500Z-2"));
        QCOMPARE(second.manifest.value(QStringLiteral("dataset_id")).toString(),
            QStringLiteral("20261122T041500Z-2"));
        for (const QString &name : {QStringLiteral("train.jsonl"), QStringLiteral("eval.jsonl")}) {
            QCOMPARE(lk::test::fileSha256(QDir(first.outputDir).filePath(name)),
                lk::test::fileSha256(QDir(second.outputDir).filePath(name)));
        }
        QCOMPARE(first.runs, second.runs);

        request.seed = 1235;
        const ExportReport reseeded = DatasetExporter(root).exportDataset(request);
        QCOMPARE(QFileInfo(reseeded.outputDir).fileName(), QStringLiteral("20261122T041500Z-3"));
        QVERIFY(lk::test::fileSha256(QDir(reseeded.outputDir).filePath(QStringLiteral("eval.jsonl")))
            != lk::test::fileSha256(QDir(first.outputDir).filePath(QStringLiteral("eval.jsonl"))));
    }

    void addingRunsMovesNoEarlierRun()
    {
        QByteArray before;
        for (int i = 0; i < 200; ++i)
            before += line(runRecord(QStringLiteral("old-%1").arg(i), 0.9, 0, 10));
        QByteArray after;
        for (int i = 0; i < 50; ++i)
            after += line(runRecord(QStringLiteral("new-a-%1").arg(i), 0.9, 0, 10));
        // The old runs in reverse order, between new ones: neither order nor company matters.
        QList<QByteArray> old = before.split('\n');
        old.removeAll(QByteArray());
        for (auto it = old.crbegin(); it != old.crend(); ++it)
            after += *it + '\n';
        for (int i = 0; i < 50; ++i)
            after += line(runRecord(QStringLiteral("new-b-%1").arg(i), 0.9, 0, 10));

        const QString a = m_tmp.filePath(QStringLiteral("before.jsonl"));
        const QString b = m_tmp.filePath(QStringLiteral("after.jsonl"));
        QVERIFY(lk::test::writeFile(a, before));
        QVERIFY(lk::test::writeFile(b, after));
        ExportRequest request;
        request.seed = 99;
        request.evalFraction = 0.3;
        request.dryRun = true;
        request.transcriptsPath = a;
        const QHash<QString, QString> first = splitsOf(DatasetExporter(fresh()).exportDataset(request).runs);
        request.transcriptsPath = b;
        const ExportReport grown = DatasetExporter(fresh()).exportDataset(request);
        const QHash<QString, QString> second = splitsOf(grown.runs);
        QCOMPARE(first.size(), 200);
        QCOMPARE(second.size(), 300);
        int evalRuns = 0;
        for (auto it = first.constBegin(); it != first.constEnd(); ++it) {
            QCOMPARE(second.value(it.key()), it.value());
            evalRuns += it.value() == QLatin1String("eval");
        }
        QVERIFY(evalRuns > 0 && evalRuns < 200);
        QVERIFY(grown.counts.eval > evalRuns);
    }

    void dryRunWritesNothing()
    {
        const Generated g = generateTranscripts();
        const QString input = m_tmp.filePath(QStringLiteral("dry.jsonl"));
        QVERIFY(lk::test::writeFile(input, g.bytes));
        const QString root = QDir(fresh()).filePath(QStringLiteral("data/autoretrain"));
        ExportRequest request;
        request.transcriptsPath = input;
        request.dryRun = true;
        const ExportReport dry = DatasetExporter(root).exportDataset(request);
        QVERIFY(!dry.written);
        QVERIFY(dry.outputDir.isEmpty());
        QVERIFY(!QFileInfo::exists(root));
        QCOMPARE(dry.toJson().value(QStringLiteral("output_dir")), QJsonValue());

        request.dryRun = false;
        const ExportReport real = DatasetExporter(root).exportDataset(request);
        QVERIFY(real.written);
        // The dry run foretold exactly what the real export did.
        QCOMPARE(dry.counts.toJson(), real.counts.toJson());
        QCOMPARE(dry.runs, real.runs);
        QCOMPARE(dry.badLines, real.badLines);
    }

    void failuresLeaveNoFolder()
    {
        const QString root = fresh();
        ExportRequest request;
        request.transcriptsPath = m_tmp.filePath(QStringLiteral("does-not-exist.jsonl"));
        try {
            DatasetExporter(root).exportDataset(request);
            QFAIL("exported a missing file");
        } catch (const lk::Error &e) {
            QCOMPARE(e.kind(), lk::ErrorKind::Input);
            QVERIFY2(e.message().contains(request.transcriptsPath), qPrintable(e.message()));
        }

        const QString allBad = m_tmp.filePath(QStringLiteral("all-bad.jsonl"));
        QVERIFY(lk::test::writeFile(allBad, "not json\n{\"run_id\": \"r\"}\n\n"));
        request.transcriptsPath = allBad;
        try {
            DatasetExporter(root).exportDataset(request);
            QFAIL("exported a file without a valid record");
        } catch (const lk::Error &e) {
            QCOMPARE(e.kind(), lk::ErrorKind::Input);
            QVERIFY2(e.message().contains(QStringLiteral("all-bad.jsonl:1: not valid JSON")),
                qPrintable(e.message()));
        }
        QCOMPARE(QDir(root).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot), QStringList());

        // Nothing promoted: the decisions come back, no dataset is written.
        const QString rejected = m_tmp.filePath(QStringLiteral("rejected.jsonl"));
        QVERIFY(lk::test::writeFile(rejected,
            line(runRecord(QStringLiteral("r1"), 0.3, 0, 1))
                + line(runRecord(QStringLiteral("r2"), 0.9, 4, 1))
                + line(runRecord(QStringLiteral("r3"), 0.78, 0, 1))));
        request.transcriptsPath = rejected;
        const ExportReport report = DatasetExporter(root).exportDataset(request);
        QVERIFY(!report.written);
        QCOMPARE(report.counts.rejected, 2);
        QCOMPARE(report.counts.needsHuman, 1);
        QCOMPARE(report.runs.size(), 3);
        QCOMPARE(QDir(root).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot), QStringList());

        request.evalFraction = 1.5;
        QVERIFY_THROWS_EXCEPTION(lk::Error, DatasetExporter(root).exportDataset(request));
    }

    void windowsLineEndsAndByteOrderMarkAreRead()
    {
        const QString input = m_tmp.filePath(QStringLiteral("crlf.jsonl"));
        QByteArray bytes = "\xEF\xBB\xBF";
        bytes +=
            QJsonDocument(runRecord(QStringLiteral("w1"), 0.9, 0, 1)).toJson(QJsonDocument::Compact) + "\r\n";
        bytes += "\r\n";
        bytes += QJsonDocument(runRecord(QStringLiteral("w2"), 0.9, 0, 1)).toJson(QJsonDocument::Compact);
        QVERIFY(lk::test::writeFile(input, bytes)); // and no newline after the last record
        ExportRequest request;
        request.transcriptsPath = input;
        request.dryRun = true;
        const ExportReport report = DatasetExporter(fresh()).exportDataset(request);
        QCOMPARE(report.counts.records, 2);
        QCOMPARE(report.counts.badLines, 0);
        QCOMPARE(report.counts.lines, 3);
        QCOMPARE(report.transcriptsSha256.toLatin1(), lk::test::fileSha256(input));
    }

    void leftoverPartialFolderIsReported()
    {
        // What a crash mid-export leaves: a hidden .partial-* folder, never a dataset.
        const QString root = fresh();
        QVERIFY(QDir(root).mkpath(QStringLiteral(".partial-AbC123")));
        const QString input = m_tmp.filePath(QStringLiteral("one.jsonl"));
        QVERIFY(lk::test::writeFile(input, line(runRecord(QStringLiteral("only"), 0.9, 0, 1))));
        ExportRequest request;
        request.transcriptsPath = input;
        const ExportReport report = DatasetExporter(root).exportDataset(request);
        QVERIFY(report.written);
        QVERIFY2(report.warnings.join(QLatin1Char('\n')).contains(QStringLiteral(".partial-AbC123")),
            qPrintable(report.warnings.join(QLatin1Char('\n'))));
        QCOMPARE(report.counts.eval + report.counts.train, 1);
        QCOMPARE(QDir(root).entryList({QStringLiteral(".partial-*")}, QDir::Dirs | QDir::Hidden).size(), 1);
    }

    void provenanceComesFromRunsOrOptions()
    {
        QJsonObject a = runRecord(QStringLiteral("a"), 0.9, 0, 1);
        QJsonObject b = runRecord(QStringLiteral("b"), 0.9, 0, 1);
        b.insert(QStringLiteral("source_model"), QStringLiteral("model-b"));
        const QString input = m_tmp.filePath(QStringLiteral("mixed.jsonl"));
        QVERIFY(lk::test::writeFile(input, line(a) + line(b)));
        ExportRequest request;
        request.transcriptsPath = input;
        request.dryRun = true;
        ExportReport report = DatasetExporter(fresh()).exportDataset(request);
        QCOMPARE(report.manifest.value(QStringLiteral("source_model")), QJsonValue());
        QVERIFY(report.warnings.join(QLatin1Char('\n')).contains(QStringLiteral("--source-model")));
        QCOMPARE(report.manifest.value(QStringLiteral("agent_version")).toString(), QStringLiteral("1.0"));
        QCOMPARE(report.manifest.value(QStringLiteral("commit")), QJsonValue());

        request.sourceModel = QStringLiteral("model-b");
        request.commit = QStringLiteral("deadbee");
        report = DatasetExporter(fresh()).exportDataset(request);
        QCOMPARE(report.manifest.value(QStringLiteral("source_model")).toString(), QStringLiteral("model-b"));
        QCOMPARE(report.manifest.value(QStringLiteral("commit")).toString(), QStringLiteral("deadbee"));
    }

    void cliExportsWhatPythonReads()
    {
        const QString ws = fresh();
        const QString fixture =
            lk::test::sourcePath(QStringLiteral("tests/data/autoretrain/transcripts.jsonl"));
        const CliRun r = cli({QStringLiteral("--workspace"), ws, QStringLiteral("dataset"),
            QStringLiteral("export"), QStringLiteral("--transcripts"), fixture,
            QStringLiteral("--agent-version"), QStringLiteral("2.3.0")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject out = r.json();
        const QJsonObject counts = out.value(QStringLiteral("counts")).toObject();
        QCOMPARE(counts.value(QStringLiteral("records")).toInt(), 10);
        QCOMPARE(counts.value(QStringLiteral("promote")).toInt(), 5);
        QCOMPARE(counts.value(QStringLiteral("reject")).toInt(), 3);
        QCOMPARE(counts.value(QStringLiteral("needs_human")).toInt(), 2);
        QCOMPARE(counts.value(QStringLiteral("bad_lines")).toInt(), 4);
        QCOMPARE(counts.value(QStringLiteral("train")).toInt(), 4);
        QCOMPARE(counts.value(QStringLiteral("eval")).toInt(), 1);
        QList<int> badLines;
        for (const QJsonValue &v : out.value(QStringLiteral("bad_lines")).toArray())
            badLines.append(v.toObject().value(QStringLiteral("line")).toInt());
        QCOMPARE(badLines, (QList<int>{8, 9, 12, 14}));
        const QHash<QString, QString> splits = splitsOf(out.value(QStringLiteral("runs")).toArray());
        QCOMPARE(splits.value(QStringLiteral("run-013")), QStringLiteral("eval"));
        QCOMPARE(splits.value(QStringLiteral("run-010")), QStringLiteral("train"));
        QCOMPARE(splits.value(QStringLiteral("run-006")), QString());

        const QString dir = out.value(QStringLiteral("output_dir")).toString();
        QCOMPARE(QFileInfo(dir).absolutePath(), QDir(ws).filePath(QStringLiteral("data/autoretrain")));
        QVERIFY(QRegularExpression(QStringLiteral("^\\d{8}T\\d{6}Z$"))
                    .match(QFileInfo(dir).fileName())
                    .hasMatch());
        QCOMPARE(out.value(QStringLiteral("manifest")).toString(),
            QDir(dir).filePath(QStringLiteral("manifest.json")));
        const QJsonObject manifest = readJson(QDir(dir).filePath(QStringLiteral("manifest.json")));
        QCOMPARE(manifest.value(QStringLiteral("source_model")).toString(),
            QStringLiteral("gpt-4o-mini-2024-07-18"));
        QCOMPARE(manifest.value(QStringLiteral("commit")).toString(), QStringLiteral("3f2c1ab9e0d4"));

        QByteArray pyOut;
        const int rc = python(QString::fromUtf8(kPythonCheck), {dir}, &pyOut);
        QVERIFY2(rc == 0, pyOut.constData());
        QCOMPARE(pyOut.trimmed(), QByteArray("ok 5"));

        // The same file through stdin makes the same dataset.
        QFile f(fixture);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const CliRun piped =
            cli({QStringLiteral("--workspace"), ws, QStringLiteral("dataset"), QStringLiteral("export"),
                    QStringLiteral("--transcripts"), QStringLiteral("-")},
                f.readAll());
        QVERIFY2(piped.exitCode == 0, piped.err.constData());
        const QString dir2 = piped.json().value(QStringLiteral("output_dir")).toString();
        QVERIFY(dir2 != dir);
        QCOMPARE(lk::test::fileSha256(QDir(dir2).filePath(QStringLiteral("train.jsonl"))),
            lk::test::fileSha256(QDir(dir).filePath(QStringLiteral("train.jsonl"))));
    }

    void killedExportLeavesNoHalfDataset()
    {
        // Big enough that the export is still writing when its partial folder shows up.
        QByteArray bytes;
        for (int i = 0; i < 20000; ++i)
            bytes += line(runRecord(QStringLiteral("kill-%1").arg(i), 0.9, 0, 10));
        const QString input = m_tmp.filePath(QStringLiteral("big.jsonl"));
        QVERIFY(lk::test::writeFile(input, bytes));
        const QString ws = fresh();
        const QDir root(QDir(ws).filePath(QStringLiteral("data/autoretrain")));
        const auto partials = [&root] {
            return root.entryList({QStringLiteral(".partial-*")}, QDir::Dirs | QDir::Hidden);
        };
        QProcess p;
        p.start(lk::test::binary(QStringLiteral("loopkeeper-cli")),
            {QStringLiteral("--workspace"), ws, QStringLiteral("dataset"), QStringLiteral("export"),
                QStringLiteral("--transcripts"), input});
        QVERIFY(p.waitForStarted(60000));
        QTRY_VERIFY_WITH_TIMEOUT(!partials().isEmpty() || p.state() == QProcess::NotRunning, 120000);
        p.kill();
        QVERIFY(p.waitForFinished(60000));

        // Whenever the kill landed: every visible folder is a whole dataset.
        for (const QString &name : root.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
            const QDir dir(root.filePath(name));
            const QJsonObject files = readJson(dir.filePath(QStringLiteral("manifest.json")))
                                          .value(QStringLiteral("files"))
                                          .toObject();
            QCOMPARE(files.size(), 3);
            for (auto it = files.constBegin(); it != files.constEnd(); ++it)
                QCOMPARE(it.value().toObject().value(QStringLiteral("sha256")).toString().toLatin1(),
                    lk::test::fileSha256(dir.filePath(it.key())));
        }
        const QStringList leftover = partials();
        const CliRun next = cli({QStringLiteral("--workspace"), ws, QStringLiteral("dataset"),
            QStringLiteral("export"), QStringLiteral("--transcripts"),
            lk::test::sourcePath(QStringLiteral("tests/data/autoretrain/transcripts.jsonl"))});
        QVERIFY2(next.exitCode == 0, next.err.constData());
        if (!leftover.isEmpty()) {
            const QJsonArray warnings = next.json().value(QStringLiteral("warnings")).toArray();
            QVERIFY2(!warnings.isEmpty() && warnings.first().toString().contains(leftover.first()),
                next.out.constData());
        }
        // The dataset folder gets the permissions of any folder the user makes, not 0700.
        QVERIFY(root.mkdir(QStringLiteral("probe")));
        QCOMPARE(QFileInfo(next.json().value(QStringLiteral("output_dir")).toString()).permissions(),
            QFileInfo(root.filePath(QStringLiteral("probe"))).permissions());
    }

    void cliDryRunTouchesNothing()
    {
        const QString ws = QDir(fresh()).filePath(QStringLiteral("never-created"));
        const QString fixture =
            lk::test::sourcePath(QStringLiteral("tests/data/autoretrain/transcripts.jsonl"));
        const CliRun r = cli({QStringLiteral("--workspace"), ws, QStringLiteral("dataset"),
            QStringLiteral("export"), QStringLiteral("--transcripts"), fixture, QStringLiteral("--dry-run"),
            QStringLiteral("--min-score"), QStringLiteral("0.75")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject out = r.json();
        QCOMPARE(out.value(QStringLiteral("dry_run")).toBool(), true);
        QCOMPARE(out.value(QStringLiteral("written")).toBool(), false);
        QCOMPARE(out.value(QStringLiteral("output_dir")), QJsonValue());
        // run-006 (score 0.78) passes a lower minimum.
        QCOMPARE(out.value(QStringLiteral("counts")).toObject().value(QStringLiteral("promote")).toInt(), 6);
        QVERIFY(!QFileInfo::exists(ws));
    }

    void cliErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message");
        const QString fixture = QStringLiteral("tests/data/autoretrain/transcripts.jsonl");
        QTest::newRow("no transcripts") << QStringList{} << 2 << "needs --transcripts FILE";
        QTest::newRow("eval fraction above 1") << QStringList{QStringLiteral("--transcripts"), fixture,
            QStringLiteral("--eval-fraction"), QStringLiteral("1.5")}
                                               << 2 << "--eval-fraction must be a number from 0 to 1";
        QTest::newRow("score above 1") << QStringList{QStringLiteral("--transcripts"), fixture,
            QStringLiteral("--min-score"), QStringLiteral("2")}
                                       << 2 << "--min-score must be a number from 0 to 1";
        QTest::newRow("commit not a hash") << QStringList{QStringLiteral("--transcripts"), fixture,
            QStringLiteral("--commit"), QStringLiteral("main")}
                                           << 2 << "--commit must be a git commit hash";
        QTest::newRow("seed not a number") << QStringList{QStringLiteral("--transcripts"), fixture,
            QStringLiteral("--seed"), QStringLiteral("-1")}
                                           << 2 << "--seed must be a non-negative integer";
        QTest::newRow("missing file")
            << QStringList{QStringLiteral("--transcripts"), QStringLiteral("nope.jsonl")} << 3
            << "Cannot read the transcripts nope.jsonl";
        QTest::newRow("nothing promoted") << QStringList{QStringLiteral("--transcripts"), fixture,
            QStringLiteral("--min-score"), QStringLiteral("1"), QStringLiteral("--needs-human-margin"),
            QStringLiteral("0")} << 3 << "No run of";
    }

    void cliErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        for (QString &a : args) {
            if (a.startsWith(QLatin1String("tests/")))
                a = lk::test::sourcePath(a);
        }
        const QString ws = fresh();
        const CliRun r = cli(QStringList{QStringLiteral("--workspace"), ws, QStringLiteral("dataset"),
                                 QStringLiteral("export")}
            + args);
        QCOMPARE(r.exitCode, exitCode);
        QVERIFY2(r.error().value(QStringLiteral("message")).toString().contains(message), r.err.constData());
        QVERIFY(!QFileInfo::exists(QDir(ws).filePath(QStringLiteral("data/autoretrain")))
            || QDir(QDir(ws).filePath(QStringLiteral("data/autoretrain")))
                   .entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot)
                   .isEmpty());
        if (QByteArray(QTest::currentDataTag()) == "nothing promoted") {
            // Why is on stdout: every run with its reasons.
            const QJsonArray runs = r.json().value(QStringLiteral("runs")).toArray();
            QCOMPARE(runs.size(), 10);
            for (const QJsonValue &v : runs)
                QVERIFY(!v.toObject().value(QStringLiteral("reasons")).toArray().isEmpty());
        }
    }

    void fixtureMatchesTheSchema()
    {
        // The JSON Schema and the reader agree on the fixture: its valid records validate, the
        // record with an unknown role does not.
        QByteArray probe;
        if (python(QStringLiteral("import jsonschema"), {}, &probe) != 0)
            QFAIL("/usr/bin/python3 has no jsonschema module: scripts/test installs python3-jsonschema");
        const char *script = R"PY(
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
validator = jsonschema.Draft202012Validator(schema)
lines = open(sys.argv[2], encoding="utf-8").read().splitlines()
valid = []
for number, text in enumerate(lines, 1):
    try:
        record = json.loads(text)
    except ValueError:
        continue
    if validator.is_valid(record):
        valid.append(number)
print(" ".join(map(str, valid)))
)PY";
        QByteArray out;
        const int rc = python(QString::fromUtf8(script),
            {lk::test::sourcePath(QStringLiteral("schemas/run_transcript.schema.json")),
                lk::test::sourcePath(QStringLiteral("tests/data/autoretrain/transcripts.jsonl"))},
            &out);
        QVERIFY2(rc == 0, out.constData());
        // Lines 12 (a tool result without its call) and 14 (a repeated run_id) are wrong in ways a
        // schema cannot see; the reader reports them.
        QCOMPARE(out.trimmed(), QByteArray("1 2 3 4 5 6 7 10 12 13 14 15"));
    }

private:
    QString fresh() { return m_tmp.filePath(QStringLiteral("case-%1").arg(++m_case)); }

    QTemporaryDir m_tmp;
    int m_case = 0;
};

QTEST_GUILESS_MAIN(TestAutoretrain)
#include "tst_autoretrain.moc"
