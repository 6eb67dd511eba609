// Outcome events: what parseOutcomeEvent() accepts, what it refuses (each bad field named in the
// message), and toJson() as its inverse.
#include "core/bandit/OutcomeEvent.h"
#include "core/common/Error.h"

#include <QJsonDocument>
#include <QtTest>

#include <cmath>

using namespace lk::bandit;

namespace {

QJsonObject object(const char *json)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray(json), &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("bad test JSON: %s", json);
    return doc.object();
}

// The smallest valid event, with fields added or overridden by `extra` (null removes one).
QJsonObject eventJson(const char *extra)
{
    QJsonObject o = object(R"({"event_id": "e1", "agent_name": "ReActAgent", "task_type": "analysis",
                              "success": true})");
    const QJsonObject add = object(extra);
    for (auto it = add.begin(); it != add.end(); ++it)
        if (it.value().isString() && it.value().toString() == QLatin1String("<remove>"))
            o.remove(it.key());
        else
            o.insert(it.key(), it.value());
    return o;
}

} // namespace

class TestOutcomeEvent : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void minimalEvent()
    {
        const QDateTime before = QDateTime::currentDateTimeUtc();
        const OutcomeEvent e = parseOutcomeEvent(eventJson("{}"));
        QCOMPARE(e.eventId, QStringLiteral("e1"));
        QCOMPARE(e.agentName, QStringLiteral("ReActAgent"));
        QCOMPARE(e.taskType, QStringLiteral("analysis"));
        QVERIFY(e.success);
        QVERIFY(e.context.isEmpty());
        QVERIFY(std::isnan(e.latencyMs));
        QVERIFY(std::isnan(e.qualityScore));
        QVERIFY(std::isnan(e.cost));
        QCOMPARE(e.tokens, qint64(-1));
        QVERIFY(e.extra.isEmpty());
        // Defaults to now.
        QVERIFY(e.timestamp >= before.addSecs(-1));
        QVERIFY(e.timestamp <= QDateTime::currentDateTimeUtc().addSecs(1));
        QCOMPARE(e.timestamp.timeSpec(), Qt::UTC);
    }

    void fullEvent()
    {
        const OutcomeEvent e = parseOutcomeEvent(eventJson(R"({"success": false,
            "context": {"complexity": "high", "domain": "financial"}, "latency_ms": 1200.5,
            "quality_score": 0.9, "cost": 0.02, "tokens": 1234, "timestamp": "2025-10-09T12:34:56.789+02:00",
            "tenant": "acme", "trace": {"id": 7}})"));
        QVERIFY(!e.success);
        QCOMPARE(e.context.value(QStringLiteral("domain")).toString(), QStringLiteral("financial"));
        QCOMPARE(e.latencyMs, 1200.5);
        QCOMPARE(e.qualityScore, 0.9);
        QCOMPARE(e.cost, 0.02);
        QCOMPARE(e.tokens, qint64(1234));
        QCOMPARE(e.timestamp, QDateTime(QDate(2025, 10, 9), QTime(10, 34, 56, 789), Qt::UTC));
        QCOMPARE(e.extra.keys(), (QStringList{QStringLiteral("tenant"), QStringLiteral("trace")}));

        // toJson is the inverse.
        const OutcomeEvent back = parseOutcomeEvent(toJson(e));
        QCOMPARE(toJson(back), toJson(e));
        QCOMPARE(toJson(e).value(QStringLiteral("timestamp")).toString(),
            QStringLiteral("2025-10-09T10:34:56.789Z"));
        QCOMPARE(toJson(e).value(QStringLiteral("tenant")).toString(), QStringLiteral("acme"));
    }

    void accepted_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::newRow("zero latency, cost, tokens")
            << QByteArray(R"({"latency_ms": 0, "cost": 0, "tokens": 0})");
        QTest::newRow("quality 0") << QByteArray(R"({"quality_score": 0})");
        QTest::newRow("quality 1") << QByteArray(R"({"quality_score": 1})");
        QTest::newRow("null optionals")
            << QByteArray(R"({"latency_ms": null, "context": null, "timestamp": null})");
        QTest::newRow("tokens as 5.0") << QByteArray(R"({"tokens": 5.0})");
        QTest::newRow("timestamp without zone is UTC")
            << QByteArray(R"({"timestamp": "2025-10-09T12:34:56"})");
        QTest::newRow("empty context") << QByteArray(R"({"context": {}})");
    }

    void accepted()
    {
        QFETCH(QByteArray, json);
        const OutcomeEvent e = parseOutcomeEvent(eventJson(json.constData()));
        QCOMPARE(e.eventId, QStringLiteral("e1"));
        if (json.contains("2025-10-09T12:34:56\""))
            QCOMPARE(e.timestamp, QDateTime(QDate(2025, 10, 9), QTime(12, 34, 56), Qt::UTC));
    }

    void rejected_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QByteArray>("field");
        QTest::addColumn<QByteArray>("what");
        QTest::newRow("event_id missing") << QByteArray(R"({"event_id": "<remove>"})")
                                          << QByteArray("event_id") << QByteArray("is missing");
        QTest::newRow("event_id number") << QByteArray(R"({"event_id": 5})") << QByteArray("event_id")
                                         << QByteArray("must be a string, not 5");
        QTest::newRow("event_id empty")
            << QByteArray(R"({"event_id": ""})") << QByteArray("event_id") << QByteArray("must not be empty");
        QTest::newRow("agent_name missing") << QByteArray(R"({"agent_name": "<remove>"})")
                                            << QByteArray("agent_name") << QByteArray("is missing");
        QTest::newRow("agent_name blank") << QByteArray(R"({"agent_name": "  "})") << QByteArray("agent_name")
                                          << QByteArray("must not be empty");
        QTest::newRow("agent_name null")
            << QByteArray(R"({"agent_name": null})") << QByteArray("agent_name") << QByteArray("is missing");
        QTest::newRow("task_type missing") << QByteArray(R"({"task_type": "<remove>"})")
                                           << QByteArray("task_type") << QByteArray("is missing");
        QTest::newRow("task_type array")
            << QByteArray(R"({"task_type": []})") << QByteArray("task_type") << QByteArray("not an array");
        QTest::newRow("success missing")
            << QByteArray(R"({"success": "<remove>"})") << QByteArray("success") << QByteArray("is missing");
        QTest::newRow("success string") << QByteArray(R"({"success": "true"})") << QByteArray("success")
                                        << QByteArray(R"(must be true or false, not "true")");
        QTest::newRow("success 1") << QByteArray(R"({"success": 1})") << QByteArray("success")
                                   << QByteArray("must be true or false, not 1");
        QTest::newRow("context string") << QByteArray(R"({"context": "high"})") << QByteArray("context")
                                        << QByteArray("must be an object");
        QTest::newRow("context array")
            << QByteArray(R"({"context": []})") << QByteArray("context") << QByteArray("must be an object");
        QTest::newRow("latency negative") << QByteArray(R"({"latency_ms": -1})") << QByteArray("latency_ms")
                                          << QByteArray("must be in [0, 604800000], not -1");
        QTest::newRow("latency string") << QByteArray(R"({"latency_ms": "5"})") << QByteArray("latency_ms")
                                        << QByteArray("must be a number");
        QTest::newRow("quality above 1")
            << QByteArray(R"({"quality_score": 1.5})") << QByteArray("quality_score")
            << QByteArray("must be in [0, 1], not 1.5");
        QTest::newRow("quality below 0") << QByteArray(R"({"quality_score": -0.1})")
                                         << QByteArray("quality_score") << QByteArray("must be in [0, 1]");
        QTest::newRow("cost negative")
            << QByteArray(R"({"cost": -0.01})") << QByteArray("cost") << QByteArray("must be in [0, 1000000000]");
        QTest::newRow("tokens fraction") << QByteArray(R"({"tokens": 1.5})") << QByteArray("tokens")
                                         << QByteArray("must be an integer in [0, 1000000000000], not 1.5");
        QTest::newRow("tokens negative") << QByteArray(R"({"tokens": -3})") << QByteArray("tokens")
                                         << QByteArray("must be an integer in [0, 1000000000000]");
        QTest::newRow("tokens bool") << QByteArray(R"({"tokens": true})") << QByteArray("tokens")
                                     << QByteArray("must be a number");
        QTest::newRow("timestamp garbage")
            << QByteArray(R"({"timestamp": "yesterday"})") << QByteArray("timestamp")
            << QByteArray(R"(ISO 8601 date and time such as 2025-10-09T12:34:56Z, not "yesterday")");
        QTest::newRow("timestamp number")
            << QByteArray(R"({"timestamp": 1700000000})") << QByteArray("timestamp")
            << QByteArray("must be an ISO 8601 string");
    }

    void rejected()
    {
        QFETCH(QByteArray, json);
        QFETCH(QByteArray, field);
        QFETCH(QByteArray, what);
        try {
            parseOutcomeEvent(eventJson(json.constData()));
            QFAIL("accepted");
        } catch (const lk::Error &e) {
            QCOMPARE(e.kind(), lk::ErrorKind::Input);
            QVERIFY2(e.message().contains(QString::fromUtf8(field + ' ')), qPrintable(e.message()));
            QVERIFY2(e.message().contains(QString::fromUtf8(what)), qPrintable(e.message()));
            // The event is named when its id is usable, so that one bad event in a batch is found.
            if (field != "event_id")
                QVERIFY2(
                    e.message().startsWith(QLatin1String("outcome event \"e1\": ")), qPrintable(e.message()));
        }
    }
};

QTEST_GUILESS_MAIN(TestOutcomeEvent)
#include "tst_outcome_event.moc"
