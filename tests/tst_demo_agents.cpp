// The demo's generated agent data (core/replay/DemoData, DemoAgents, `loopkeeper-cli
// demo-agents`): every record valid and labelled as generated, the same seed making the same
// data, and the command driving a real `loopkeeper-cli serve` and the workspace's review queue
// so that outcome events are stored for every agent, the queue holds proposals of every
// confidence band, a later batch reinforces an earlier proposal, and the regime switch changes
// which agent the model ranks first for the task type it affects.
#include "common/ProcessSupport.h"

#include "core/bandit/OutcomeEvent.h"
#include "core/common/Error.h"
#include "core/replay/DemoData.h"
#include "core/rules/AuditBatch.h"
#include "core/rules/RuleScoring.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

namespace demo = lk::replay::demo;

namespace {

using lk::test::CliResult;
using lk::test::curl;
using lk::test::runCli;

QList<QJsonObject> lines(const CliResult &r)
{
    QList<QJsonObject> out;
    for (const QByteArray &line : r.out.trimmed().split('\n'))
        if (!line.trimmed().isEmpty())
            out << QJsonDocument::fromJson(line).object();
    return out;
}

QJsonObject postJson(const QString &url, const QJsonDocument &body)
{
    return curl(url,
        {QStringLiteral("-X"), QStringLiteral("POST"), QStringLiteral("-H"),
            QStringLiteral("Content-Type: application/json"), QStringLiteral("--data-binary"),
            QString::fromUtf8(body.toJson(QJsonDocument::Compact))})
        .json();
}

/// The agent with the highest posterior mean for a task type (no context), after the server
/// applied every stored event.
QString bestByPosterior(const QString &server, const QString &taskType)
{
    postJson(server + QStringLiteral("/api/learning/save"), QJsonDocument(QJsonObject{}));
    const QJsonObject answer = postJson(server + QStringLiteral("/api/learning/predict/agent-selection"),
        QJsonDocument(QJsonObject{{QStringLiteral("task_type"), taskType}, {QStringLiteral("top_k"), 5}}));
    QString best;
    double bestMean = -1;
    for (const QJsonValue &v : answer.value(QStringLiteral("recommendations")).toArray()) {
        const QJsonObject r = v.toObject();
        if (r.value(QStringLiteral("posterior_mean")).toDouble() > bestMean) {
            bestMean = r.value(QStringLiteral("posterior_mean")).toDouble();
            best = r.value(QStringLiteral("agent_name")).toString();
        }
    }
    return best;
}

/// Open rules of the queue by id.
QHash<QString, QJsonObject> queue(const QString &ws)
{
    const CliResult r = runCli({QStringLiteral("rules"), QStringLiteral("queue"), QStringLiteral("--limit"),
        QStringLiteral("10000"), QStringLiteral("-w"), ws});
    QHash<QString, QJsonObject> out;
    for (const QJsonValue &v : r.json().value(QStringLiteral("rules")).toArray())
        out.insert(v.toObject().value(QStringLiteral("rule_id")).toString(), v.toObject());
    return out;
}

} // namespace

class TestDemoAgents : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void outcomeEventsAreValidAndLabelledAsGenerated()
    {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        QSet<QString> agents, tasks;
        for (std::uint64_t i = 0; i < 2000; ++i) {
            const QJsonObject e = demo::outcomeEvent(7, i, QStringLiteral("t"), i >= 1000, now);
            lk::bandit::OutcomeEvent parsed;
            try {
                parsed = lk::bandit::parseOutcomeEvent(e);
            } catch (const lk::Error &error) {
                QFAIL(qPrintable(error.message()));
            }
            QVERIFY(parsed.agentName.startsWith(demo::kAgentPrefix));
            QCOMPARE(parsed.extra.value(QStringLiteral("source")).toString(), demo::kGeneratedSource);
            QVERIFY(parsed.eventId.startsWith(demo::kIdPrefix));
            QVERIFY(std::isfinite(parsed.latencyMs) && std::isfinite(parsed.cost) && parsed.tokens > 0);
            agents.insert(parsed.agentName);
            tasks.insert(parsed.taskType);
        }
        QCOMPARE(agents.size(), demo::agentNames().size());
        QCOMPARE(tasks.size(), demo::taskTypes().size());
        // The same seed and index make the same event; another seed another one.
        QCOMPARE(demo::outcomeEvent(7, 42, QStringLiteral("t"), false, now),
            demo::outcomeEvent(7, 42, QStringLiteral("t"), false, now));
        QVERIFY(demo::outcomeEvent(7, 42, QStringLiteral("t"), false, now)
            != demo::outcomeEvent(8, 42, QStringLiteral("t"), false, now));
    }

    void auditBatchesAreValidAndLabelledAsGenerated()
    {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        for (std::uint64_t k = 0; k < 12; ++k) {
            const QJsonObject batch = demo::auditBatch(7, k, 40, QStringLiteral("t"), now);
            const QByteArray json = QJsonDocument(batch).toJson(QJsonDocument::Compact);
            const lk::rules::BatchReading reading = lk::rules::readAuditBatch(json);
            if (!reading.ok())
                QFAIL(
                    qPrintable(QStringLiteral("batch %1: %2").arg(k).arg(reading.problems.first().message)));
            QVERIFY(reading.batch.batchId.startsWith(demo::kIdPrefix));
            QCOMPARE(reading.batch.runs.size(), std::size_t(40));
            for (const QJsonValue &run : batch.value(QStringLiteral("runs")).toArray()) {
                QVERIFY(run[QStringLiteral("run_id")].toString().startsWith(demo::kIdPrefix));
                QVERIFY(run[QStringLiteral("workflow_id")].toString().startsWith(demo::kIdPrefix));
            }
            QCOMPARE(demo::auditBatch(7, k, 40, QStringLiteral("t"), now), batch);
        }
    }

    void theSwitchChangesTheExpectedBestAgent()
    {
        QCOMPARE(demo::expectedBestAgent(QStringLiteral("analysis"), false), QStringLiteral("demo-react"));
        QCOMPARE(demo::expectedBestAgent(QStringLiteral("analysis"), true), QStringLiteral("demo-debate"));
        QCOMPARE(demo::expectedBestAgent(QStringLiteral("summarization"), false),
            QStringLiteral("demo-evaluator"));
        QCOMPARE(
            demo::expectedBestAgent(QStringLiteral("summarization"), true), QStringLiteral("demo-scout"));
        QCOMPARE(demo::expectedBestAgent(QStringLiteral("compliance_analysis"), false),
            demo::expectedBestAgent(QStringLiteral("compliance_analysis"), true));
    }

    void refusesWhatItCannotUse_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("no server") << QStringList{QStringLiteral("--duration"), QStringLiteral("1s")};
        QTest::newRow("https") << QStringList{
            QStringLiteral("--server"), QStringLiteral("https://127.0.0.1:1")};
        QTest::newRow("nothing to do") << QStringList{QStringLiteral("--rate"), QStringLiteral("0"),
            QStringLiteral("--audit-every"), QStringLiteral("0")};
        QTest::newRow("too few runs") << QStringList{QStringLiteral("--rate"), QStringLiteral("0"),
            QStringLiteral("--runs-per-batch"), QStringLiteral("3")};
        QTest::newRow("bad time") << QStringList{QStringLiteral("--rate"), QStringLiteral("0"),
            QStringLiteral("--switch-at"), QStringLiteral("soon")};
    }

    void refusesWhatItCannotUse()
    {
        QFETCH(QStringList, args);
        QTemporaryDir tmp;
        const CliResult r =
            runCli(QStringList{QStringLiteral("demo-agents"), QStringLiteral("-w"), tmp.path()} + args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(!r.error().value(QStringLiteral("message")).toString().isEmpty(), r.err.constData());
    }

    /// Two runs of the command against one server and workspace: the first ends at the regime
    /// switch, the second carries the schedule on from there (--from), so that the state before
    /// and after the switch can both be looked at. The counts follow from the schedule alone
    /// (event i is due at i / rate, batch k at k * 2 s), whatever the machine's speed.
    void drivesTheServerAndTheReviewQueue()
    {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const QString ws = QDir(tmp.path()).filePath(QStringLiteral("ws"));
        QCOMPARE(
            runCli({QStringLiteral("workspace"), QStringLiteral("init"), QStringLiteral("-w"), ws}).exitCode,
            0);
        const auto server = lk::test::startServer({QStringLiteral("-w"), ws});
        QVERIFY2(!server->url().isEmpty(), server->out.constData());
        const QStringList common{QStringLiteral("demo-agents"), QStringLiteral("-w"), ws,
            QStringLiteral("--server"), server->url(), QStringLiteral("--rate"), QStringLiteral("200"),
            QStringLiteral("--switch-at"), QStringLiteral("5s"), QStringLiteral("--audit-every"),
            QStringLiteral("2s"), QStringLiteral("--progress"), QStringLiteral("0"), QStringLiteral("--seed"),
            QStringLiteral("7")};

        // Before the switch: 1000 events (due at 0 .. 4.99 s), batches at 0, 2 and 4 s.
        const CliResult before =
            runCli(common + QStringList{QStringLiteral("--duration"), QStringLiteral("5s")}, 120000);
        QVERIFY2(before.exitCode == 0, before.err.constData());
        const QList<QJsonObject> beforeLines = lines(before);
        QCOMPARE(beforeLines.size(), 4); // a line per batch, then the summary
        const QJsonObject summary = beforeLines.last();
        QVERIFY(summary.value(QStringLiteral("generated")).toBool());
        const QJsonObject events = summary.value(QStringLiteral("events")).toObject();
        QCOMPARE(events.value(QStringLiteral("sent")).toInteger(), 1000);
        QVERIFY2(events.value(QStringLiteral("accepted")).toInteger() == 1000,
            QJsonDocument(summary).toJson().constData());
        QCOMPARE(summary.value(QStringLiteral("audit_batches")).toInteger(), 3);
        QCOMPARE(events.value(QStringLiteral("after_switch")).toInteger(), 0);

        // Stored for every agent: the server's own performance list.
        const lk::test::HttpResult perf =
            curl(server->url() + QStringLiteral("/api/learning/agents/performance"));
        QSet<QString> stored;
        for (const QJsonValue &v : QJsonDocument::fromJson(perf.body).array())
            if (v[QStringLiteral("total_executions")].toInteger() > 0)
                stored.insert(v[QStringLiteral("agent_name")].toString());
        const QStringList agents = demo::agentNames();
        QCOMPARE(stored, QSet<QString>(agents.begin(), agents.end()));

        // Every batch was written where it says and mined; the second reinforced what the first proposed.
        for (int k = 0; k < 3; ++k) {
            const QJsonObject line = beforeLines.at(k);
            QVERIFY2(!line.contains(QStringLiteral("error")), QJsonDocument(line).toJson().constData());
            QVERIFY(QFile::exists(line.value(QStringLiteral("file")).toString()));
            QVERIFY(!line.value(QStringLiteral("proposed")).toArray().isEmpty());
        }
        const QStringList first =
            beforeLines.at(0).value(QStringLiteral("proposed")).toVariant().toStringList();
        const QStringList reinforced =
            beforeLines.at(1).value(QStringLiteral("reinforced")).toVariant().toStringList();
        QVERIFY(!reinforced.isEmpty());
        for (const QString &id : reinforced)
            QVERIFY2(first.contains(id), qPrintable(id));

        // The queue holds proposals of every confidence band.
        const QHash<QString, QJsonObject> rulesBefore = queue(ws);
        QSet<QString> bands;
        for (const QJsonObject &r : rulesBefore)
            if (r.value(QStringLiteral("status")).toString() == QLatin1String("proposed"))
                bands.insert(
                    lk::rules::confidenceBand(r.value(QStringLiteral("confidence_score")).toDouble()));
        QCOMPARE(
            bands, (QSet<QString>{QStringLiteral("high"), QStringLiteral("medium"), QStringLiteral("low")}));

        QCOMPARE(bestByPosterior(server->url(), QStringLiteral("analysis")),
            demo::expectedBestAgent(QStringLiteral("analysis"), false));

        // After the switch: events due at 5 .. 14.99 s (2000), batches at 6 .. 14 s (5).
        const CliResult after = runCli(common
                + QStringList{QStringLiteral("--from"), QStringLiteral("5s"), QStringLiteral("--duration"),
                    QStringLiteral("10s")},
            120000);
        QVERIFY2(after.exitCode == 0, after.err.constData());
        const QJsonObject afterSummary = after.lastLine();
        QCOMPARE(afterSummary[QStringLiteral("events")][QStringLiteral("after_switch")].toInteger(), 2000);
        QCOMPARE(afterSummary[QStringLiteral("events")][QStringLiteral("accepted")].toInteger(), 2000);
        QCOMPARE(afterSummary.value(QStringLiteral("audit_batches")).toInteger(), 5);

        // The regime switch: demo-react, the best at analysis, degraded; the model saw it.
        const QString best = bestByPosterior(server->url(), QStringLiteral("analysis"));
        QCOMPARE(best, demo::expectedBestAgent(QStringLiteral("analysis"), true));
        QVERIFY(best != demo::expectedBestAgent(QStringLiteral("analysis"), false));

        // Later batches reinforced proposals of the first run: more evidence, no new copy.
        const QHash<QString, QJsonObject> rulesAfter = queue(ws);
        int grown = 0;
        for (auto it = rulesBefore.cbegin(); it != rulesBefore.cend(); ++it) {
            QVERIFY(rulesAfter.contains(it.key()));
            if (rulesAfter.value(it.key()).value(QStringLiteral("occurrences")).toInteger()
                > it.value().value(QStringLiteral("occurrences")).toInteger())
                ++grown;
        }
        QVERIFY(grown > 0);
        QVERIFY(rulesAfter.size() > rulesBefore.size()); // and new patterns keep arriving
    }
};

QTEST_GUILESS_MAIN(TestDemoAgents)
#include "tst_demo_agents.moc"
