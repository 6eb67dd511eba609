// The ingest path of outcome events: OutcomeReader reads bodies straight from their bytes, and
// must agree exactly with the definition (QJsonDocument + parseOutcomeEvent) on every event it
// reads and every error it reports; the store keeps events and their numbers across the
// schema change that dropped AUTOINCREMENT.
#include "core/common/Error.h"
#include "core/loop/Inbox.h"
#include "core/outcomes/OutcomeReader.h"
#include "core/outcomes/OutcomeStore.h"
#include "core/storage/Migrations.h"
#include "core/workspace/Workspace.h"

#include <QJsonDocument>
#include <QRegularExpression>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QtTest>

using lk::outcomes::IncomingEvent;
using lk::outcomes::OutcomeBatch;
using lk::outcomes::OutcomeReader;

namespace {

/// One generated record as JSON text, from a mix of valid and invalid values and of the
/// spellings JSON allows (escapes, exponents, spacing, duplicate keys, unknown fields).
QByteArray randomRecord(QRandomGenerator &rng, int n, bool *hasTimestamp, bool oneLine)
{
    const auto pick = [&rng](const QList<QByteArray> &options) {
        return options[int(rng.bounded(quint32(options.size())))];
    };
    const QByteArray space = oneLine ? pick({"", " ", "  ", "\t"}) : pick({"", " ", "\n  ", "\r\n"});
    QList<QByteArray> fields;
    const auto field = [&](const QByteArray &key, const QByteArray &value) {
        fields << "\"" + key + "\":" + space + value;
    };
    if (rng.bounded(40) != 0)
        field("event_id",
            pick({"\"ev-" + QByteArray::number(n) + "\"", "\"ev-" + QByteArray::number(n) + "\"",
                "\"ev\\u0041-" + QByteArray::number(n) + "\"", "\"\xc3\xa9v-" + QByteArray::number(n) + "\"",
                "\"\"", "42"}));
    if (rng.bounded(40) != 0)
        field("agent_name",
            pick({"\"ReActAgent\"", "\"ChainOfThought\"", "\"agent-7\"", "\"  \"", "\"Agent \\\"Q\\\"\"",
                "\"\xe6\x99\xba\xe8\x83\xbd\"", "null"}));
    if (rng.bounded(40) != 0)
        field("task_type", pick({"\"analysis\"", "\"compliance_analysis\"", "\"summary\"", "[\"x\"]"}));
    if (rng.bounded(40) != 0)
        field("success", pick({"true", "false", "true", "false", "\"yes\"", "null", "1"}));
    if (rng.bounded(3) != 0)
        field("context",
            pick({"{\"complexity\":\"high\",\"domain\":\"financial\"}",
                "{ \"domain\": \"legal\", \"complexity\": \"low\" }", "{}", "null",
                "{\"complexity\": 3, \"domain\": null}", "{\"nested\": {\"a\": [1, 2.5e1, true]}}",
                "{\"complexity\": \"h\\u00e9\"}", "\"high\"", "[1]"}));
    if (rng.bounded(3) != 0)
        field("latency_ms", pick({"0", "12.5", "1e3", "1E-2", "-0", "-1", "\"12\"", "null", "1234567"}));
    if (rng.bounded(3) != 0)
        field("quality_score", pick({"0", "0.5", "1", "1.0", "1.5", "-0.1", "5e-1", "null"}));
    if (rng.bounded(3) != 0)
        field("cost", pick({"0.01", "0", "2", "-3", "null", "2.5e-3"}));
    if (rng.bounded(3) != 0)
        field("tokens", pick({"500", "0", "1.5", "-1", "1e3", "9007199254740992", "9007199254740993", "null"}));
    *hasTimestamp = rng.bounded(10) != 0;
    if (*hasTimestamp)
        field("timestamp",
            pick({"\"2025-10-09T12:34:56Z\"", "\"2025-10-09T12:34:56.789Z\"", "\"2025-10-09T12:34:56\"",
                "\"2025-10-09T12:34:56+00:00\"", "\"2025-10-09T12:34:56+02:00\"", "\"2024-02-29T23:59:59Z\"",
                "\"2025-02-29T00:00:00Z\"", "\"2025-13-01T00:00:00Z\"", "\"2025-10-09T24:00:00Z\"",
                "\"yesterday\"", "12345", "\"2025-10-09T12:34:56.5Z\"", "\"2025-10-09 12:34:56Z\""}));
    if (rng.bounded(8) == 0)
        field("trace", pick({"{\"span\": \"abc\", \"depth\": [1, 2]}", "\"t-1\"", "null"}));
    if (rng.bounded(30) == 0)
        field("success", "false"); // a repeated key
    // Shuffle so that the order of fields is not always the same.
    for (int i = int(fields.size()) - 1; i > 0; --i)
        fields.swapItemsAt(i, int(rng.bounded(quint32(i + 1))));
    if (rng.bounded(60) == 0)
        return pick({"\"not an object\"", "[1, 2]", "17"});
    return "{" + space + fields.join("," + space) + space + "}";
}

/// What the definition says about a batch: QJsonDocument for the JSON, parseOutcomeEvent
/// (through the reader's QJsonArray entry, which always takes that way) for each event.
OutcomeBatch reference(const QByteArray &arrayBody)
{
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(arrayBody, &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("generated batch is not JSON: %s", qPrintable(error.errorString()));
    return OutcomeReader().read(doc.array());
}

void compareEvents(const IncomingEvent &got, const IncomingEvent &want, bool timestamped)
{
    QJsonObject g = lk::bandit::toJson(got.event), w = lk::bandit::toJson(want.event);
    if (!timestamped) {
        // Both took "now"; the two reads ran moments apart.
        QVERIFY(qAbs(got.event.timestamp.msecsTo(want.event.timestamp)) < 60000);
        g.remove(QStringLiteral("timestamp"));
        w.remove(QStringLiteral("timestamp"));
    }
    QCOMPARE(g, w);
    QCOMPARE(got.event.timestamp.timeSpec(), Qt::UTC);
    QCOMPARE(got.eventId, want.eventId);
    QCOMPARE(got.agentName, want.agentName);
    QCOMPARE(got.taskType, want.taskType);
    QCOMPARE(got.contextJson, want.contextJson);
    QCOMPARE(got.extraJson, want.extraJson);
}

/// JSON written with single quotes, for readable test data (moc cannot read raw strings).
QByteArray q(const char *text)
{
    return QByteArray(text).replace('\'', '"');
}

QString tempWorkspace(QTemporaryDir &dir, const char *name)
{
    return dir.filePath(QString::fromLatin1(name));
}

} // namespace

class TestOutcomeIngest : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void readerAgreesWithTheDefinition_data()
    {
        QTest::addColumn<quint32>("seed");
        for (quint32 seed = 1; seed <= 8; ++seed)
            QTest::addRow("seed %u", seed) << seed;
    }

    void readerAgreesWithTheDefinition()
    {
        QFETCH(quint32, seed);
        QRandomGenerator rng(seed);
        const int n = 600;
        QList<QByteArray> records;
        std::vector<bool> timestamped;
        for (int i = 0; i < n; ++i) {
            bool t = false;
            records << randomRecord(rng, i, &t, false);
            timestamped.push_back(t);
        }
        const QByteArray body = "[\n" + records.join(",\n") + "\n]";
        OutcomeReader reader;
        const OutcomeBatch got = reader.read(body);
        const OutcomeBatch want = reference(body);

        QCOMPARE(got.received, n);
        QCOMPARE(want.received, n);
        for (int i = 0; i < std::min(got.rejected.size(), want.rejected.size()); ++i) {
            const int at = got.rejected[i].toObject().value(QStringLiteral("index")).toInt();
            QVERIFY2(got.rejected[i] == want.rejected[i],
                qPrintable(QStringLiteral("%1\n  got  %2\n  want %3")
                               .arg(QString::fromUtf8(records[at]),
                                   QString::fromUtf8(QJsonDocument(got.rejected[i].toObject()).toJson()),
                                   QString::fromUtf8(QJsonDocument(want.rejected[i].toObject()).toJson()))));
        }
        QCOMPARE(got.rejected, want.rejected); // same records refused, same index, same message
        QCOMPARE(got.events.size(), want.events.size());
        QVERIFY2(!got.events.empty() && !got.rejected.isEmpty(), "the generator makes both kinds");
        // Which records were valid, in order: the index of each accepted one.
        std::vector<int> accepted;
        QSet<int> refused;
        for (const QJsonValue &r : got.rejected)
            refused.insert(r.toObject().value(QStringLiteral("index")).toInt());
        for (int i = 0; i < n; ++i)
            if (!refused.contains(i))
                accepted.push_back(i);
        QCOMPARE(accepted.size(), got.events.size());
        for (size_t i = 0; i < got.events.size(); ++i) {
            compareEvents(got.events[i], want.events[i], timestamped[size_t(accepted[i])]);
            if (QTest::currentTestFailed())
                qFatal("record %d: %s", accepted[i], records[accepted[i]].constData());
        }
        // The common records did not need the full parser.
        QVERIFY2(got.fullyParsed < n, "some records were read straight from the bytes");

        // The same records as JSONL, read again by the same reader (its remembered names and
        // contexts must not change anything), agree too, and say their line.
        QList<QByteArray> lines;
        QRandomGenerator again(seed);
        for (int i = 0; i < n; ++i) {
            bool t = false;
            lines << randomRecord(again, i, &t, true);
        }
        const OutcomeBatch jsonl = reader.read(QByteArray(lines.join("\n") + "\n"));
        QCOMPARE(jsonl.received, n);
        QCOMPARE(jsonl.events.size(), want.events.size());
        QCOMPARE(jsonl.rejected.size(), want.rejected.size());
        for (int i = 0; i < jsonl.rejected.size(); ++i) {
            QJsonObject r = jsonl.rejected[i].toObject();
            QCOMPARE(r.value(QStringLiteral("line")).toInt(), r.value(QStringLiteral("index")).toInt() + 1);
            r.remove(QStringLiteral("line"));
            const QJsonObject w = want.rejected[i].toObject();
            QCOMPARE(r.value(QStringLiteral("index")), w.value(QStringLiteral("index")));
            QCOMPARE(r.value(QStringLiteral("event_id")), w.value(QStringLiteral("event_id")));
            if (w.value(QStringLiteral("error")).toString() != QLatin1String("an event must be a JSON object"))
                QCOMPARE(r.value(QStringLiteral("error")), w.value(QStringLiteral("error")));
        }
        for (size_t i = 0; i < jsonl.events.size(); ++i)
            compareEvents(jsonl.events[i], want.events[i], timestamped[size_t(accepted[i])]);
    }

    void plainEventsTakeTheFastPath()
    {
        QByteArray body = "[";
        for (int i = 0; i < 100; ++i)
            body += (i ? "," : "")
                + QByteArray(q("{'event_id':'e")) + QByteArray::number(i)
                + q("','agent_name':'a','task_type':'t','context':{'complexity':'high'},'success':true,"
                    "'latency_ms':12.5,'quality_score':0.9,'cost':0.01,'tokens':500,"
                    "'timestamp':'2025-10-09T12:34:56.789Z'}");
        body += "]";
        const OutcomeBatch b = OutcomeReader().read(body);
        QCOMPARE(b.events.size(), size_t(100));
        QCOMPARE(b.fullyParsed, 0);
        QCOMPARE(b.events[7].event.timestamp,
            QDateTime(QDate(2025, 10, 9), QTime(12, 34, 56, 789), Qt::UTC));
        QCOMPARE(b.events[7].contextJson, QByteArray(q("{'complexity':'high'}")));
    }

    void framing_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("received");
        QTest::addColumn<int>("valid");
        const QByteArray e1 = q("{'event_id': 'a', 'agent_name': 'x', 'task_type': 't', 'success': true}");
        const QByteArray e2 = q("{'event_id': 'b', 'agent_name': 'y', 'task_type': 't', 'success': false}");
        QTest::addRow("empty") << QByteArray("  \n ") << 0 << 0;
        QTest::addRow("empty array") << QByteArray("[ ]") << 0 << 0;
        QTest::addRow("array") << "[" + e1 + "," + e2 + "]" << 2 << 2;
        QTest::addRow("one object, indented") << q("{\n"
                                                   "    'event_id': 'a',\n"
                                                   "    'agent_name': 'x', 'task_type': 't', 'success': true\n"
                                                   "}") << 1 << 1;
        QTest::addRow("events wrapper, indented")
            << "{\n  \"events\": [\n    " + e1 + ",\n    " + e2 + "\n  ]\n}" << 2 << 2;
        QTest::addRow("jsonl with blank and bad lines")
            << e1 + "\n\n  \nnot json\n" + e2 + "\n[1]\n" << 4 << 2;
        QTest::addRow("jsonl, two values on a line") << e1 + " " + e2 + "\n" + e2 << 2 << 1;
        QTest::addRow("crlf jsonl") << e1 + "\r\n" + e2 + "\r\n" << 2 << 2;
    }

    void framing()
    {
        QFETCH(QByteArray, body);
        QFETCH(int, received);
        QFETCH(int, valid);
        const OutcomeBatch b = OutcomeReader().read(body);
        QCOMPARE(b.received, received);
        QCOMPARE(int(b.events.size()), valid);
        QCOMPARE(int(b.rejected.size()), received - valid);
    }

    void jsonlRejectionsNameTheLine()
    {
        const OutcomeBatch b = OutcomeReader().read(QByteArray(
            "{\"event_id\": \"a\", \"agent_name\": \"x\", \"task_type\": \"t\", \"success\": true}\n"
            "\n"
            "{\"event_id\": \"b\", \"agent_name\": \"x\", \"task_type\": \"t\"}\n"
            "{broken\n"));
        QCOMPARE(b.rejected.size(), 2);
        const QJsonObject missing = b.rejected[0].toObject();
        QCOMPARE(missing.value(QStringLiteral("line")).toInt(), 3);
        QCOMPARE(missing.value(QStringLiteral("index")).toInt(), 1);
        QCOMPARE(missing.value(QStringLiteral("event_id")).toString(), QStringLiteral("b"));
        QVERIFY(missing.value(QStringLiteral("error")).toString().contains(QStringLiteral("success")));
        const QJsonObject broken = b.rejected[1].toObject();
        QCOMPARE(broken.value(QStringLiteral("line")).toInt(), 4);
        QVERIFY(broken.value(QStringLiteral("error")).toString().startsWith(QStringLiteral("line 4 is not JSON")));
    }

    void refusesWhatTheJsonParserRefuses_data()
    {
        QTest::addColumn<QByteArray>("body");
        const QByteArray head = q("[{'event_id': 'a', 'agent_name': 'x', 'task_type': 't', 'success': true, ");
        QTest::addRow("leading zero") << head + q("'latency_ms': 01}]");
        QTest::addRow("plus sign") << head + q("'latency_ms': +1}]");
        QTest::addRow("NaN") << head + q("'latency_ms': NaN}]");
        QTest::addRow("single quotes") << head + "\x27" "cost\x27: 1}]";
        QTest::addRow("trailing comma in object") << head + q("'cost': 1,}]");
        QTest::addRow("trailing comma in array") << head + q("'cost': 1},]");
        QTest::addRow("short unicode escape") << head + q("'trace': '\\u12'}]");
        QTest::addRow("unclosed") << head + q("'cost': 1}");
        QTest::addRow("text after the array") << head + q("'cost': 1}] x");
        QTest::addRow("truth misspelt") << head + q("'flag': tru}]");
    }

    void refusesWhatTheJsonParserRefuses()
    {
        QFETCH(QByteArray, body);
        QJsonParseError error{};
        QJsonDocument::fromJson(body, &error);
        QVERIFY2(error.error != QJsonParseError::NoError, "the case must be invalid JSON");
        try {
            OutcomeReader().read(body);
            QFAIL("an invalid batch was read");
        } catch (const lk::Error &e) {
            QCOMPARE(e.kind(), lk::ErrorKind::Input);
            QVERIFY2(e.message().startsWith(QStringLiteral("The batch is not valid JSON")), qPrintable(e.message()));
        }
    }

    void acceptsWhatTheJsonParserAccepts_data()
    {
        // QJsonDocument is more lenient than RFC 8259 in a few places; bodies it accepts are
        // read as it reads them, never refused by the stricter scan.
        QTest::addColumn<QByteArray>("body");
        const QByteArray head = q("{'event_id': 'a', 'agent_name': 'x', 'task_type': 't', 'success': true, ");
        QTest::addRow("bare fraction") << head + q("'latency_ms': .5}");
        QTest::addRow("dangling point") << head + q("'latency_ms': 1.}");
        QTest::addRow("unknown escape") << head + q("'trace': 'a\\qb'}");
        QTest::addRow("raw tab in a string") << head + "\"trace\": \"a\tb\"}";
    }

    void acceptsWhatTheJsonParserAccepts()
    {
        QFETCH(QByteArray, body);
        const QJsonDocument doc = QJsonDocument::fromJson("[" + body + "]");
        QVERIFY2(doc.isArray(), "the case must be accepted by QJsonDocument");
        const OutcomeBatch want = OutcomeReader().read(doc.array());
        QCOMPARE(want.events.size(), size_t(1));
        for (const QByteArray &form : {QByteArray("[" + body + "]"), QByteArray(body + "\n" + body)}) {
            const OutcomeBatch got = OutcomeReader().read(form);
            QVERIFY(!got.events.empty());
            QVERIFY(got.rejected.isEmpty());
            compareEvents(got.events.front(), want.events.front(), false);
        }
    }

    void aNumberBeyondDoubleRefusesOnlyItsRecord()
    {
        // QJsonDocument refuses 1e400 ("illegal number"); the reader refuses that record only.
        const OutcomeBatch b = OutcomeReader().read(
            q("[{'event_id': 'a', 'agent_name': 'x', 'task_type': 't', 'success': true, 'cost': 1e400},"
              " {'event_id': 'b', 'agent_name': 'x', 'task_type': 't', 'success': true}]"));
        QCOMPARE(b.received, 2);
        QCOMPARE(b.events.size(), size_t(1));
        QCOMPARE(b.rejected.size(), 1);
        QCOMPARE(b.rejected[0].toObject().value(QStringLiteral("index")).toInt(), 0);
        QVERIFY(b.rejected[0].toObject().value(QStringLiteral("error")).toString().contains(
            QStringLiteral("not JSON")));
    }

    void storedEventsKeepTheirNumbersAcrossTheSchemaChange()
    {
        QTemporaryDir dir;
        const QString root = tempWorkspace(dir, "ws");
        {
            const lk::Workspace ws = lk::Workspace::open(root);
            Q_UNUSED(ws);
        }
        // Make a workspace as the version before had it: schema 3, AUTOINCREMENT numbering.
        const QString dbPath = QDir(root).filePath(QStringLiteral("loopkeeper.db"));
        QVERIFY(QFile::remove(dbPath));
        QFile::remove(dbPath + QStringLiteral("-wal"));
        QFile::remove(dbPath + QStringLiteral("-shm"));
        {
            lk::storage::Database db =
                lk::storage::Database::open(dbPath, lk::storage::Database::Mode::ReadWriteCreate);
            db.exec("PRAGMA journal_mode = WAL");
            db.exec("PRAGMA application_id = " + std::to_string(lk::storage::kApplicationId));
            const std::vector<lk::storage::Migration> upTo3(
                lk::storage::schemaMigrations().begin(), lk::storage::schemaMigrations().begin() + 3);
            lk::storage::migrate(db, upTo3);
            for (int i = 1; i <= 5; ++i)
                db.exec("INSERT INTO outcome_events (event_id, agent_name, task_type, success, timestamp_ms,"
                        " received_at) VALUES ('old-" + std::to_string(i) + "', 'a', 't', 1, 0, 'then')");
            db.exec("DELETE FROM outcome_events WHERE event_id IN ('old-2', 'old-3')"); // gaps stay gaps
            QCOMPARE(db.queryInt("SELECT seq FROM sqlite_sequence WHERE name = 'outcome_events'").value(), 5);
        }
        const lk::Workspace ws = lk::Workspace::open(root);
        lk::storage::Database db = ws.connect();
        QCOMPARE(db.queryInt("PRAGMA user_version").value(), lk::storage::currentSchemaVersion());
        QCOMPARE(db.queryInt("SELECT count(*) FROM sqlite_sequence WHERE name = 'outcome_events'").value(), 0);
        lk::outcomes::OutcomeStore store(db);
        QCOMPARE(store.eventCount(), 3);
        const std::vector<lk::outcomes::StoredEvent> kept = store.eventsAfter(0);
        QCOMPARE(kept.size(), size_t(3));
        QCOMPARE(kept[0].seq, 1);
        QCOMPARE(kept[1].seq, 4);
        QCOMPARE(kept[2].seq, 5);
        QCOMPARE(kept[2].event.eventId, QStringLiteral("old-5"));
        const lk::outcomes::IngestReport r = store.ingest(OutcomeReader().read(QByteArray(
            q("[{'event_id': 'new', 'agent_name': 'a', 'task_type': 't', 'success': false},\n"
              " {'event_id': 'old-4', 'agent_name': 'a', 'task_type': 't', 'success': false}]"))));
        QCOMPARE(r.accepted, 1);
        QCOMPARE(r.duplicates, 1);
        QCOMPARE(r.stored.front().seq, 6); // after the last one, as before
    }

    void inboxJudgesAFileByItsFirstKnownRecord()
    {
        QTemporaryDir dir;
        const lk::Workspace ws = lk::Workspace::open(tempWorkspace(dir, "ws"));
        lk::storage::Database db = ws.connect();
        const QDir inbox(ws.inboxDir());
        const auto put = [&](const char *name, const QByteArray &bytes) {
            QFile f(inbox.filePath(QString::fromLatin1(name)));
            return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
        };
        // An unknown record and a line of garbage before two good events.
        QVERIFY(put("a-mixed.jsonl",
            q("{'note': 'exported by tool X'}\n"
              "garbage, not JSON\n"
              "{'event_id': 'm1', 'agent_name': 'x', 'task_type': 't', 'success': true}\n"
              "{'event_id': 'm2', 'agent_name': 'y', 'task_type': 't', 'success': false}\n")));
        QVERIFY(put("b-garbage.jsonl", QByteArray("\x01\x02 binary junk\nmore junk {\n")));
        QVERIFY(put("c-blank.jsonl", QByteArray(" \n\t\n\n")));
        QVERIFY(put("d-zero.jsonl", QByteArray()));
        QVERIFY(put("e-other.jsonl", q("{'foo': 1}\n{'bar': 2}\n")));

        const QJsonArray files = lk::loop::processInbox(ws, db).files;
        QCOMPARE(files.size(), 5);
        QHash<QString, QJsonObject> byName;
        for (const QJsonValue &v : files)
            byName.insert(v.toObject().value(QStringLiteral("file")).toString(), v.toObject());

        const QJsonObject mixed = byName.value(QStringLiteral("a-mixed.jsonl"));
        QCOMPARE(mixed.value(QStringLiteral("kind")).toString(), QStringLiteral("outcomes"));
        QCOMPARE(mixed.value(QStringLiteral("accepted")).toInt(), 2);
        const QJsonArray rejected = mixed.value(QStringLiteral("rejected")).toArray();
        QCOMPARE(rejected.size(), 2);
        QCOMPARE(rejected[0].toObject().value(QStringLiteral("line")).toInt(), 1);
        QCOMPARE(rejected[1].toObject().value(QStringLiteral("line")).toInt(), 2);
        QVERIFY(mixed.value(QStringLiteral("moved_to")).toString().contains(QStringLiteral("/processed/")));
        QFile report(mixed.value(QStringLiteral("report")).toString());
        QVERIFY(report.open(QIODevice::ReadOnly));
        const QJsonArray listed = QJsonDocument::fromJson(report.readAll())
                                      .object()
                                      .value(QStringLiteral("ingest"))
                                      .toObject()
                                      .value(QStringLiteral("rejected"))
                                      .toArray();
        QCOMPARE(listed.size(), 2);
        QCOMPARE(listed[0].toObject().value(QStringLiteral("line")).toInt(), 1);
        QCOMPARE(lk::outcomes::OutcomeStore(db).eventCount(), 2);

        // Content that is no record at all is unknown, with a reason; only blanks are empty.
        const QJsonObject garbage = byName.value(QStringLiteral("b-garbage.jsonl"));
        QCOMPARE(garbage.value(QStringLiteral("kind")).toString(), QStringLiteral("unknown"));
        QVERIFY2(garbage.value(QStringLiteral("error")).toString().contains(QStringLiteral("no line")),
            qPrintable(garbage.value(QStringLiteral("error")).toString()));
        QVERIFY(garbage.value(QStringLiteral("moved_to")).toString().contains(QStringLiteral("/rejected/")));
        const QJsonObject other = byName.value(QStringLiteral("e-other.jsonl"));
        QCOMPARE(other.value(QStringLiteral("kind")).toString(), QStringLiteral("unknown"));
        QVERIFY(other.value(QStringLiteral("error")).toString().contains(QStringLiteral("sample_id")));
        for (const QString &name : {QStringLiteral("c-blank.jsonl"), QStringLiteral("d-zero.jsonl")}) {
            const QJsonObject blank = byName.value(name);
            QCOMPARE(blank.value(QStringLiteral("kind")).toString(), QStringLiteral("empty"));
            QVERIFY(blank.value(QStringLiteral("moved_to")).toString().contains(QStringLiteral("/rejected/")));
        }
    }

    void learningEventIdsAreTimeOrderedUuids()
    {
        QTemporaryDir dir;
        const lk::Workspace ws = lk::Workspace::open(tempWorkspace(dir, "ws"));
        lk::storage::Database db = ws.connect();
        lk::outcomes::OutcomeStore store(db);
        std::vector<lk::outcomes::LearningEventRecord> records(3000);
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        for (size_t i = 0; i < records.size(); ++i) {
            records[i].eventType = QStringLiteral("micro_batch_update");
            records[i].metricsBefore = "{}";
            records[i].metricsAfter = "{}";
            records[i].createdAtMs = now + qint64(i / 1000); // thousands in one millisecond
        }
        store.addLearningEvents(records);
        lk::storage::Statement s = db.prepare("SELECT id, created_at FROM learning_events ORDER BY rowid");
        QString previous;
        QRegularExpression v7(QStringLiteral("^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"));
        int rows = 0;
        while (s.step()) {
            const QString id = s.columnText(0);
            QVERIFY2(v7.match(id).hasMatch(), qPrintable(id));
            QVERIFY2(id > previous, qPrintable(previous + QStringLiteral(" then ") + id));
            previous = id;
            if (rows == 0)
                QCOMPARE(s.columnText(1),
                    QDateTime::fromMSecsSinceEpoch(now, Qt::UTC).toString(Qt::ISODateWithMs));
            ++rows;
        }
        QCOMPARE(rows, 3000);
        // The leading 48 bits are the creation time in milliseconds.
        const qint64 ms = previous.left(8).append(previous.mid(9, 4)).toLongLong(nullptr, 16);
        QVERIFY(ms >= now && ms <= now + 3);
    }
};

QTEST_GUILESS_MAIN(TestOutcomeIngest)
#include "tst_outcome_ingest.moc"
