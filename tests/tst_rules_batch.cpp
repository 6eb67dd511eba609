// Reading audit batches: a valid batch in its compact form, and every kind of bad batch named
// problem by problem (JSON pointer + what was wrong) with nothing of it kept.
#include "core/common/Error.h"
#include "core/rules/AuditBatch.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace lk::rules;

namespace {

const char *const kValidBatch = R"({
  "batch_id": "batch_20260224",
  "source": "memory_agent",
  "audit_file": "system/logs/20260224_summary.json",
  "summary": {
    "total_runs": 2,
    "success_rate": 0.5,
    "error_clusters": [{"agent": "action_agent", "capability": "download", "domain": "tiktok.com",
                        "error_code": "HTTP_429", "count": 12, "run_ids": ["r1"], "retries": 36}],
    "capability_usage": [{"capability": "download", "calls": 2, "failures": 1, "total_duration_ms": 2000}],
    "user_request_categories": [{"category": "download_video", "count": 2}],
    "reasoning_failures": [{"failure_type": "unnecessary_contradiction", "count": 3,
                            "description": "flags a date format difference as a contradiction"}]
  },
  "runs": [
    {"run_id": "r1", "workflow_id": "wf-1", "timestamp": "2026-02-24T10:00:00.250+08:00",
     "user_request_category": "download_video",
     "tasks": [
       {"task_id": "t1", "agent": "action_agent", "capability": "download", "domain": "tiktok.com",
        "status": "failed", "error_code": "HTTP_429", "error_message": "Too Many Requests",
        "retries": 3, "max_retries": 3, "duration_ms": 1500.5, "input_size_bytes": 0, "depends_on": []},
       {"task_id": "t2", "agent": "action_agent", "capability": "transcode", "status": "skipped",
        "depends_on": ["t1"]}
     ]},
    {"run_id": "r2", "workflow_id": "wf-1", "timestamp": "2026-02-24T02:00:01Z",
     "user_request_category": null,
     "tasks": [
       {"task_id": "a", "agent": "action_agent", "capability": "download", "domain": null, "status": "success",
        "error_code": null, "retries": 0, "duration_ms": 500, "input_size_bytes": 1048576,
        "used_fraction": 0.25, "cost": 0.01, "input_ref": "sha256:abc"},
       {"task_id": "b", "agent": "reasoning_agent", "capability": "summarize", "status": "success",
        "depends_on": ["a"]}
     ]}
  ]
})";

QJsonObject validBatch()
{
    return QJsonDocument::fromJson(kValidBatch).object();
}

/// Sets the value at a JSON pointer-like path ("runs/0/tasks/1/status"); "<remove>" removes it.
QJsonValue edited(const QJsonValue &at, QStringList path, const QJsonValue &value)
{
    const bool remove = value.isString() && value.toString() == QLatin1String("<remove>");
    const QString step = path.takeFirst();
    if (at.isArray()) {
        QJsonArray a = at.toArray();
        const int i = step.toInt();
        if (path.isEmpty() && remove)
            a.removeAt(i);
        else if (path.isEmpty())
            a.replace(i, value);
        else
            a.replace(i, edited(a.at(i), path, value));
        return a;
    }
    QJsonObject o = at.toObject();
    if (path.isEmpty() && remove)
        o.remove(step);
    else if (path.isEmpty())
        o.insert(step, value);
    else
        o.insert(step, edited(o.value(step), path, value));
    return o;
}

QByteArray bytes(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QStringList texts(const QList<JsonProblem> &problems)
{
    QStringList out;
    for (const JsonProblem &p : problems)
        out << p.path + QLatin1Char('|') + p.message;
    return out;
}

} // namespace

class TestRulesBatch : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void validBatchInCompactForm()
    {
        const BatchReading r = readAuditBatch(kValidBatch);
        QVERIFY2(r.ok(), qPrintable(texts(r.problems).join(QLatin1Char('\n'))));
        QCOMPARE(r.runsSeen, qsizetype(2));
        const AuditBatch &b = r.batch;
        QCOMPARE(b.batchId, QStringLiteral("batch_20260224"));
        QCOMPARE(b.source, QStringLiteral("memory_agent"));
        QCOMPARE(b.auditFile, QStringLiteral("system/logs/20260224_summary.json"));
        QCOMPARE(b.runs.size(), size_t(2));
        QCOMPARE(b.tasks.size(), size_t(4));

        const RunRecord &r1 = b.runs[0];
        QCOMPARE(b.runId(r1), QStringLiteral("r1"));
        QCOMPARE(b.text(r1.workflowId), QStringLiteral("wf-1"));
        QCOMPARE(b.text(r1.category), QStringLiteral("download_video"));
        // The zone is honoured: 10:00:00.250 at +08:00 is 02:00:00.250 UTC.
        QCOMPARE(
            r1.timestampMs, QDateTime(QDate(2026, 2, 24), QTime(2, 0, 0, 250), Qt::UTC).toMSecsSinceEpoch());
        QCOMPARE(b.runs[1].timestampMs,
            QDateTime(QDate(2026, 2, 24), QTime(2, 0, 1), Qt::UTC).toMSecsSinceEpoch());
        QCOMPARE(b.runs[1].category, quint32(0)); // null: not reported

        const TaskRecord &t1 = b.tasks[0];
        QCOMPARE(b.text(t1.agent), QStringLiteral("action_agent"));
        QCOMPARE(b.text(t1.capability), QStringLiteral("download"));
        QCOMPARE(b.text(t1.domain), QStringLiteral("tiktok.com"));
        QCOMPARE(t1.status, TaskStatus::Failed);
        QCOMPARE(b.text(t1.errorCode), QStringLiteral("HTTP_429"));
        QCOMPARE(b.text(t1.errorMessage), QStringLiteral("Too Many Requests"));
        QCOMPARE(t1.retries, 3);
        QCOMPARE(t1.maxRetries, 3);
        QCOMPARE(t1.durationMs, 1500.5);
        QCOMPARE(t1.inputSizeBytes, qint64(0));
        QVERIFY(std::isnan(t1.usedFraction));
        QCOMPARE(t1.dependencyCount, quint32(0));
        // The same interned id for the same name.
        QCOMPARE(b.tasks[2].capability, t1.capability);

        const TaskRecord &t2 = b.tasks[1];
        QCOMPARE(t2.status, TaskStatus::Skipped);
        QCOMPARE(t2.dependencyCount, quint32(1));
        QCOMPARE(b.dependencies[t2.firstDependency], quint32(0)); // absolute index of t1

        const TaskRecord &a = b.tasks[2];
        QCOMPARE(a.domain, quint32(0));
        QCOMPARE(a.errorCode, quint32(0));
        QCOMPARE(a.usedFraction, 0.25);
        QCOMPARE(a.cost, 0.01);
        QVERIFY(a.inputRef != 0);
        QCOMPARE(a.maxRetries, -1);
        QCOMPARE(b.dependencies[b.tasks[3].firstDependency], quint32(2));

        QCOMPARE(b.summary.errorClusters.size(), size_t(1));
        QCOMPARE(b.summary.errorClusters[0].count, qint64(12));
        QCOMPARE(b.summary.errorClusters[0].retries, qint64(36));
        QCOMPARE(b.summary.errorClusters[0].runIds, QStringList{QStringLiteral("r1")});
        QCOMPARE(b.summary.reasoningFailures.size(), size_t(1));
        QCOMPARE(b.summary.reasoningFailures[0].agent, QStringLiteral("reasoning_agent")); // the default
        QCOMPARE(b.summary.reasoningFailures[0].count, qint64(3));
        QCOMPARE(b.summary.raw.value(QStringLiteral("total_runs")).toInt(), 2);
    }

    void theSchemaAcceptsTheValidBatchAsQJsonToo()
    {
        QCOMPARE(auditBatchSchema().validate(validBatch()).size(), 0);
    }

    void minimalBatch()
    {
        const BatchReading r =
            readAuditBatch(R"({"batch_id": "b", "source": "batch_scheduler", "runs": []})");
        QVERIFY(r.ok());
        QCOMPARE(r.batch.runs.size(), size_t(0));
        QVERIFY(r.batch.auditFile.isEmpty());
    }

    void badBatches_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<QString>("problemPath");
        QTest::addColumn<QString>("message");
        const auto row = [](const char *name, const char *path, const QJsonValue &value,
                             const char *problemPath, const char *message) {
            QTest::newRow(name) << QString::fromLatin1(path) << value << QString::fromLatin1(problemPath)
                                << QString::fromUtf8(message);
        };
        const QJsonValue remove(QStringLiteral("<remove>"));
        row("batch_id missing", "batch_id", remove, "/batch_id", "is required but missing");
        row("batch_id empty", "batch_id", QString(), "/batch_id", "must not be empty");
        row("batch_id with a space", "batch_id", QStringLiteral("batch 1"), "/batch_id",
            "must match the pattern");
        row("source unknown", "source", QStringLiteral("planning_agent"), "/source",
            R"(must be one of "memory_agent", "batch_scheduler", not "planning_agent")");
        row("runs not an array", "runs", QStringLiteral("none"), "/runs", R"(must be an array, not "none")");
        row("runs missing", "runs", remove, "/runs", "is required but missing");
        row("unknown top-level member", "extra", 1, "/extra", "is not a member this object may have");
        row("run not an object", "runs/1", 5, "/runs/1", "must be an object, not 5");
        row("run_id missing", "runs/0/run_id", remove, "/runs/0/run_id", "is required but missing");
        row("timestamp without zone", "runs/0/timestamp", QStringLiteral("2026-02-24T10:00:00"),
            "/runs/0/timestamp", "must match the pattern");
        row("timestamp not a date", "runs/1/timestamp", QStringLiteral("2026-02-30T10:00:00Z"),
            "/runs/1/timestamp", "is not a real date and time: day 30 does not exist in month 2 of 2026");
        row("timestamp not a time", "runs/1/timestamp", QStringLiteral("2026-02-28T24:00:00Z"),
            "/runs/1/timestamp", "is not a real date and time: 24:00:00 is not a time of day");
        row("misspelt task member", "runs/0/tasks/0/retires", 3, "/runs/0/tasks/0/retires",
            "is not a member this object may have");
        row("status unknown", "runs/0/tasks/1/status", QStringLiteral("ok"), "/runs/0/tasks/1/status",
            R"(must be one of "success", "failed", "skipped", not "ok")");
        row("negative retries", "runs/0/tasks/0/retries", -1, "/runs/0/tasks/0/retries",
            "must be >= 0, not -1");
        row("fractional retries", "runs/0/tasks/0/retries", 1.5, "/runs/0/tasks/0/retries",
            "must be an integer, not 1.5");
        row("used_fraction above 1", "runs/1/tasks/0/used_fraction", 2, "/runs/1/tasks/0/used_fraction",
            "must be <= 1, not 2");
        row("duration a string", "runs/0/tasks/0/duration_ms", QStringLiteral("1s"),
            "/runs/0/tasks/0/duration_ms", R"(must be a number, not "1s")");
        row("agent empty", "runs/0/tasks/0/agent", QString(), "/runs/0/tasks/0/agent", "must not be empty");
        row("depends_on unknown task", "runs/0/tasks/1/depends_on", QJsonArray{QStringLiteral("t9")},
            "/runs/0/tasks/1/depends_on/0", R"(names no task of this run ("t9"))");
        row("depends_on itself", "runs/0/tasks/1/depends_on", QJsonArray{QStringLiteral("t2")},
            "/runs/0/tasks/1/depends_on/0", "names the task itself");
        row("depends_on cycle", "runs/0/tasks/0/depends_on", QJsonArray{QStringLiteral("t2")},
            "/runs/0/tasks", "depends_on forms a cycle: t1 -> t2 -> t1");
        row("task_id repeated", "runs/1/tasks/1/task_id", QStringLiteral("a"), "/runs/1/tasks/1/task_id",
            R"(repeats the task_id "a" of task 0 of this run)");
        row("run_id repeated", "runs/1/run_id", QStringLiteral("r1"), "/runs/1/run_id",
            R"(repeats the run_id of an earlier run ("r1"))");
        row("cluster count zero", "summary/error_clusters/0/count", 0, "/summary/error_clusters/0/count",
            "must be >= 1, not 0");
        row("reasoning failure type", "summary/reasoning_failures/0/failure_type", QStringLiteral("Bad Type"),
            "/summary/reasoning_failures/0/failure_type", "must match the pattern");
        row("summary unknown member", "summary/notes", QStringLiteral("x"), "/summary/notes",
            "is not a member this object may have");
    }

    void badBatches()
    {
        QFETCH(QString, path);
        QFETCH(QJsonValue, value);
        QFETCH(QString, problemPath);
        QFETCH(QString, message);
        const QJsonObject bad = edited(validBatch(), path.split(QLatin1Char('/')), value).toObject();
        const BatchReading r = readAuditBatch(bytes(bad));
        QVERIFY(!r.ok());
        QCOMPARE(r.totalProblems, qsizetype(1));
        QCOMPARE(r.problems.size(), 1);
        QCOMPARE(r.problems[0].path, problemPath);
        QVERIFY2(r.problems[0].message.contains(message), qPrintable(r.problems[0].message));
        // Nothing of a bad batch is kept, but it can still be named in the report.
        QCOMPARE(r.batch.runs.size(), size_t(0));
        QCOMPARE(r.batch.tasks.size(), size_t(0));
        if (path != QLatin1String("batch_id") && path != QLatin1String("source"))
            QVERIFY(!r.batch.batchId.isEmpty());
    }

    void everyProblemIsNamedAtOnce()
    {
        QJsonObject bad = validBatch();
        bad = edited(bad, {QStringLiteral("source")}, QStringLiteral("someone")).toObject();
        bad = edited(
            bad, QStringLiteral("runs/0/tasks/0/status").split(QLatin1Char('/')), QStringLiteral("done"))
                  .toObject();
        bad = edited(bad, QStringLiteral("runs/1/tasks/1/depends_on").split(QLatin1Char('/')),
            QJsonArray{QStringLiteral("zz")})
                  .toObject();
        const BatchReading r = readAuditBatch(bytes(bad));
        // Top-level problems first, then the runs' in document order.
        QCOMPARE(texts(r.problems),
            (QStringList{
                QStringLiteral(R"(/source|must be one of "memory_agent", "batch_scheduler", not "someone")"),
                QStringLiteral(
                    R"(/runs/0/tasks/0/status|must be one of "success", "failed", "skipped", not "done")"),
                QStringLiteral(R"(/runs/1/tasks/1/depends_on/0|names no task of this run ("zz"))")}));
        QCOMPARE(r.totalProblems, qsizetype(3));
    }

    void problemsAreCappedButCounted()
    {
        QJsonObject batch{{QStringLiteral("batch_id"), QStringLiteral("b")},
            {QStringLiteral("source"), QStringLiteral("memory_agent")}};
        QJsonArray runs;
        for (int i = 0; i < 500; ++i)
            runs.append(QJsonObject{{QStringLiteral("run_id"), QStringLiteral("r%1").arg(i)}});
        batch.insert(QStringLiteral("runs"), runs);
        const BatchReading r = readAuditBatch(bytes(batch), 25);
        QCOMPARE(r.totalProblems, qsizetype(1500)); // workflow_id, timestamp and tasks of each run
        QCOMPARE(r.problems.size(), 25);
        QCOMPARE(r.runsSeen, qsizetype(500));
    }

    void notJson_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("message");
        QTest::newRow("empty") << QByteArray()
                               << QStringLiteral("is not valid JSON: unexpected end of the text");
        QTest::newRow("truncated") << QByteArray(kValidBatch).left(400)
                                   << QStringLiteral("is not valid JSON:");
        QTest::newRow("trailing garbage")
            << QByteArray(R"({"batch_id": "b", "source": "memory_agent", "runs": []} x)")
            << QStringLiteral("unexpected text after the end of the document at line 1");
        QTest::newRow("syntax error in a run")
            << QByteArray("{\"runs\": [\n{\"run_id\": \"r1\",}\n]}")
            << QStringLiteral("expected a member name in double quotes at line 2, column 17 (byte 27)");
    }

    void notJson()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, message);
        const BatchReading r = readAuditBatch(text);
        QCOMPARE(r.totalProblems, qsizetype(1));
        QCOMPARE(r.problems[0].path, QString());
        QVERIFY2(r.problems[0].message.contains(message), qPrintable(r.problems[0].message));
    }

    void notAnObject()
    {
        const BatchReading r = readAuditBatch("[1, 2]");
        QCOMPARE(texts(r.problems), QStringList{QStringLiteral("|must be an object, not an array")});
    }

    void repeatedTopLevelMember()
    {
        const BatchReading r =
            readAuditBatch(R"({"batch_id": "b", "source": "memory_agent", "runs": [], "runs": []})");
        QCOMPARE(
            texts(r.problems), QStringList{QStringLiteral("/runs|appears more than once in its object")});
    }

    void progressAndCancel()
    {
        QJsonObject batch{{QStringLiteral("batch_id"), QStringLiteral("b")},
            {QStringLiteral("source"), QStringLiteral("memory_agent")}};
        QJsonArray runs;
        for (int i = 0; i < 20000; ++i)
            runs.append(QJsonObject{{QStringLiteral("run_id"), QStringLiteral("r%1").arg(i)},
                {QStringLiteral("workflow_id"), QStringLiteral("w")},
                {QStringLiteral("timestamp"), QStringLiteral("2026-02-24T10:00:00Z")},
                {QStringLiteral("tasks"), QJsonArray()}});
        batch.insert(QStringLiteral("runs"), runs);
        const QByteArray json = bytes(batch);

        QList<double> seen;
        const BatchReading all = readAuditBatch(json, 100, [&](double done) {
            seen << done;
            return true;
        });
        QVERIFY(all.ok());
        QCOMPARE(seen.size(), 4); // every 4096 runs
        for (int i = 0; i < seen.size(); ++i)
            QVERIFY(seen[i] > (i ? seen[i - 1] : 0.0) && seen[i] < 1.0);

        const BatchReading stopped = readAuditBatch(json, 100, [](double) { return false; });
        QVERIFY(!stopped.ok());
        QVERIFY(stopped.cancelled);
        QCOMPARE(stopped.runsSeen, qsizetype(4096));
        QCOMPARE(texts(stopped.problems),
            QStringList{QStringLiteral("|was not read to the end: reading was cancelled")});
        QVERIFY(stopped.batch.runs.empty());
    }

    void readsFiles()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("batch.json"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(kValidBatch);
        f.close();
        const BatchReading r = readAuditBatchFile(path);
        QVERIFY(r.ok());
        QCOMPARE(r.batch.runs.size(), size_t(2));
        try {
            readAuditBatchFile(dir.filePath(QStringLiteral("missing.json")));
            QFAIL("read a missing file");
        } catch (const lk::Error &e) {
            QCOMPARE(e.kind(), lk::ErrorKind::Input);
            QVERIFY(e.message().contains(QStringLiteral("missing.json")));
        }
    }

    void stringTableInternsOnce()
    {
        StringTable t;
        QCOMPARE(t.intern(""), quint32(0));
        QCOMPARE(t.size(), quint32(1));
        std::vector<quint32> ids;
        for (int i = 0; i < 10000; ++i)
            ids.push_back(t.intern(std::to_string(i)));
        for (int i = 0; i < 10000; ++i) {
            QCOMPARE(t.intern(std::to_string(i)), ids[size_t(i)]);
            QCOMPARE(t.find(std::to_string(i)), qint64(ids[size_t(i)]));
        }
        QCOMPARE(t.find("nope"), qint64(-1));
        QCOMPARE(t.text(ids[42]), QStringLiteral("42"));
        QCOMPARE(t.size(), quint32(10001));
    }
};

QTEST_GUILESS_MAIN(TestRulesBatch)
#include "tst_rules_batch.moc"
