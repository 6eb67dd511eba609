// The learning_report envelope: the schema's members exactly (ids and times from the given clock
// and zone, the four canonical governance paths, next_agent COMPLETE), every report we write
// validating against schemas/learning_report.schema.json, the example report too, and a
// rejected batch reported problem by problem with nothing learned.
#include "core/rules/LearningReport.h"

#include "common/TestSupport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTimeZone>
#include <QtTest>

using namespace lk::rules;

namespace {

// An example report, as the schema describes it.
const char *const kSeedExample = R"({
  "message_id": "msg-lrn-20260224-230000",
  "timestamp": {
    "executed_at": "2026-02-24T23:00:00.000+08:00",
    "timezone": "Asia/Singapore"
  },
  "agent": {
    "name": "learning_agent",
    "type": "operational"
  },
  "input": {
    "source": "memory_agent",
    "content": {
      "batch_size": 15,
      "audit_file": "system/logs/20260224_summary.json"
    }
  },
  "output": {
    "content": {
      "learning_report": {
        "batch_id": "batch_20260224",
        "patterns_identified": 2,
        "new_rules_proposed": [
          {
            "priority": "high",
            "rule_id": "rule_20260224_01",
            "target_agent": "action_agent",
            "trigger_condition": "When downloading from tiktok.com and receiving HTTP 429",
            "instruction": "Do not immediately retry. The rate limit is typically 15 minutes. Report status as 'failed' but set 'recoverable' to 'false' so the Dispatch Agent marks the branch as skipped rather than burning retries.",
            "rationale": "Observed 12 instances today where yt-dlp exhausted all 3 Dispatch Agent retries uselessly on TikTok 429 errors.",
            "confidence_score": 0.95
          },
          {
            "priority": "medium",
            "rule_id": "rule_20260224_02",
            "target_agent": "planning_agent",
            "trigger_condition": "When user requests 'transcribe everything mentioning [keyword]'",
            "instruction": "Insert an audio_segmentation task before transcription. Use the keyword to filter segments first. It drastically reduces transcription capability load.",
            "rationale": "Observed 3 workflows today passing full 2-hour audio files to transcription just to find a 2-minute speaker segment.",
            "confidence_score": 0.85
          }
        ]
      }
    },
    "content_type": "learning_report"
  },
  "next_agent": {
    "name": "COMPLETE",
    "reason": "Batch learning complete. System administrator will review proposed rules."
  },
  "status": {
    "code": "success",
    "message": "Successfully extracted 2 rules from a batch of 15 logs."
  },
  "error": {
    "has_error": false,
    "error_code": null,
    "error_message": null,
    "retry_count": 0,
    "recoverable": false
  },
  "metadata": {
    "session_id": "batch-20260224-2300",
    "request_id": "batch_run",
    "sequence_number": 1,
    "parent_message_id": null
  },
  "resources": {
    "source_refs": [],
    "storage_refs": [],
    "derived_refs": []
  },
  "audit": {
    "compliance_notes": "Reviewed batch of 15 logs. Identified 2 consistent patterns crossing confidence threshold >0.80.",
    "governance_files_consulted": [
      "context/application.md",
      "context/governance/message_format.md",
      "context/governance/audit.md",
      "agent/operational/learning.md"
    ],
    "reasoning": "Analyzed logs. Noticed a high failure cluster around TikTok downloads (429 errors) and expensive transcription operations on long files. Formulated rules to alter subsequent Action/Planning agent behaviors. Because Learning changes core heuristics, these are proposed for human administrator review before committing to context/memory/."
  }
})";

/// An example day as a batch: 12 TikTok downloads burning 3 retries on 429, 3 transcriptions of
/// 2-hour audio files that used 2 minutes of them.
QByteArray seedDayBatch(const QString &batchId = QStringLiteral("batch_20260224"))
{
    QJsonArray runs;
    for (int i = 0; i < 15; ++i) {
        QJsonObject task{{QStringLiteral("task_id"), QStringLiteral("t1")},
            {QStringLiteral("agent"), QStringLiteral("action_agent")}, {QStringLiteral("retries"), 3},
            {QStringLiteral("max_retries"), 3}};
        QString category = QStringLiteral("download_video");
        if (i < 12) {
            task.insert(QStringLiteral("capability"), QStringLiteral("download"));
            task.insert(QStringLiteral("domain"), QStringLiteral("tiktok.com"));
            task.insert(QStringLiteral("status"), QStringLiteral("failed"));
            task.insert(QStringLiteral("error_code"), QStringLiteral("HTTP_429"));
            task.insert(QStringLiteral("duration_ms"), 45'000);
        } else {
            category = QStringLiteral("transcribe_keyword");
            task.insert(QStringLiteral("capability"), QStringLiteral("transcription"));
            task.insert(QStringLiteral("status"), QStringLiteral("success"));
            task.insert(QStringLiteral("retries"), 0);
            task.insert(QStringLiteral("duration_ms"), 900'000);
            task.insert(QStringLiteral("input_size_bytes"), 230'000'000);
            task.insert(QStringLiteral("used_fraction"), 0.017);
        }
        runs.append(QJsonObject{{QStringLiteral("run_id"), QStringLiteral("%1-%2").arg(batchId).arg(i)},
            {QStringLiteral("workflow_id"), QStringLiteral("wf")},
            {QStringLiteral("timestamp"), QStringLiteral("2026-02-24T09:00:00+08:00")},
            {QStringLiteral("user_request_category"), category},
            {QStringLiteral("tasks"), QJsonArray{task}}});
    }
    const QJsonObject batch{{QStringLiteral("batch_id"), batchId},
        {QStringLiteral("source"), QStringLiteral("memory_agent")},
        {QStringLiteral("audit_file"), QStringLiteral("system/logs/20260224_summary.json")},
        {QStringLiteral("runs"), runs}};
    return QJsonDocument(batch).toJson(QJsonDocument::Compact);
}

ReportContext singapore()
{
    ReportContext ctx;
    ctx.now = QDateTime(QDate(2026, 2, 24), QTime(15, 0), Qt::UTC);
    ctx.timeZone = QTimeZone("Asia/Singapore");
    return ctx;
}

QStringList problemsOf(const QJsonObject &report)
{
    QStringList out;
    for (const JsonProblem &p : learningReportSchema().validate(report))
        out << p.path + QLatin1Char('|') + p.message;
    return out;
}

QJsonObject learningReportOf(const QJsonObject &report)
{
    return report.value(QStringLiteral("output"))
        .toObject()
        .value(QStringLiteral("content"))
        .toObject()
        .value(QStringLiteral("learning_report"))
        .toObject();
}

/// Sets a member at a path of names and indices ("output/content/x/0/y").
QJsonValue edited(const QJsonValue &at, QStringList path, const QJsonValue &value)
{
    const QString step = path.takeFirst();
    if (at.isArray()) {
        QJsonArray a = at.toArray();
        a.replace(step.toInt(), path.isEmpty() ? value : edited(a.at(step.toInt()), path, value));
        return a;
    }
    QJsonObject o = at.toObject();
    if (path.isEmpty() && value.isUndefined())
        o.remove(step);
    else
        o.insert(step, path.isEmpty() ? value : edited(o.value(step), path, value));
    return o;
}

} // namespace

class TestRulesReport : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void theSeedsOwnExampleValidates()
    {
        const QJsonObject seed = QJsonDocument::fromJson(kSeedExample).object();
        QVERIFY(!seed.isEmpty());
        QCOMPARE(problemsOf(seed), QStringList());
    }

    void seedDayReport()
    {
        const LearningOutcome out = learnFromBatch(seedDayBatch(), {}, singapore());
        QVERIFY(out.accepted);
        const QJsonObject &r = out.report;
        QCOMPARE(problemsOf(r), QStringList());

        // The same members as the example, in the same shape.
        const QJsonObject seed = QJsonDocument::fromJson(kSeedExample).object();
        QCOMPARE(r.keys(), seed.keys());
        QCOMPARE(r.value(QStringLiteral("message_id")).toString(), QStringLiteral("msg-lrn-20260224-230000"));
        QCOMPARE(r.value(QStringLiteral("timestamp")), seed.value(QStringLiteral("timestamp")));
        QCOMPARE(r.value(QStringLiteral("agent")), seed.value(QStringLiteral("agent")));
        QCOMPARE(r.value(QStringLiteral("input")), seed.value(QStringLiteral("input")));
        QCOMPARE(r.value(QStringLiteral("next_agent")), seed.value(QStringLiteral("next_agent")));
        QCOMPARE(r.value(QStringLiteral("status")), seed.value(QStringLiteral("status")));
        QCOMPARE(r.value(QStringLiteral("error")), seed.value(QStringLiteral("error")));
        QCOMPARE(r.value(QStringLiteral("metadata")), seed.value(QStringLiteral("metadata")));
        QCOMPARE(r.value(QStringLiteral("resources")), seed.value(QStringLiteral("resources")));
        const QJsonObject audit = r.value(QStringLiteral("audit")).toObject();
        QCOMPARE(audit.keys(), seed.value(QStringLiteral("audit")).toObject().keys());
        QCOMPARE(audit.value(QStringLiteral("governance_files_consulted")).toArray(),
            QJsonArray({QStringLiteral("context/application.md"),
                QStringLiteral("context/governance/message_format.md"),
                QStringLiteral("context/governance/audit.md"),
                QStringLiteral("agent/operational/learning.md")}));
        QVERIFY(audit.value(QStringLiteral("reasoning"))
                    .toString()
                    .endsWith(QStringLiteral(
                        "proposed for human administrator review before committing to context/memory/.")));
        QVERIFY(audit.value(QStringLiteral("compliance_notes"))
                    .toString()
                    .startsWith(QStringLiteral(
                        "Reviewed batch of 15 logs (15 tasks, 12 failed). Identified 2 patterns;")));

        const QJsonObject learning = learningReportOf(r);
        QCOMPARE(learning.value(QStringLiteral("batch_id")).toString(), QStringLiteral("batch_20260224"));
        QCOMPARE(learning.value(QStringLiteral("patterns_identified")).toInt(), 2);
        const QJsonArray rules = learning.value(QStringLiteral("new_rules_proposed")).toArray();
        QCOMPARE(rules.size(), 2);
        const QJsonObject first = rules.at(0).toObject();
        QCOMPARE(first.value(QStringLiteral("rule_id")).toString(), QStringLiteral("rule_20260224_01"));
        QCOMPARE(first.value(QStringLiteral("priority")).toString(), QStringLiteral("high"));
        QCOMPARE(first.value(QStringLiteral("target_agent")).toString(), QStringLiteral("action_agent"));
        QCOMPARE(first.value(QStringLiteral("confidence_score")).toDouble(), 0.95);
        const QJsonObject second = rules.at(1).toObject();
        QCOMPARE(second.value(QStringLiteral("rule_id")).toString(), QStringLiteral("rule_20260224_02"));
        QCOMPARE(second.value(QStringLiteral("priority")).toString(), QStringLiteral("medium"));
        QCOMPARE(second.value(QStringLiteral("target_agent")).toString(), QStringLiteral("planning_agent"));
        QCOMPARE(second.value(QStringLiteral("confidence_score")).toDouble(), 0.76);
        // Every seed member of a rule is there, and the evidence with it.
        for (const QJsonValue &rule : rules)
            for (const char *key : {"priority", "rule_id", "target_agent", "trigger_condition", "instruction",
                     "rationale", "confidence_score", "evidence", "fingerprint", "pattern"})
                QVERIFY2(rule.toObject().contains(QLatin1String(key)), key);
    }

    void timesFollowTheGivenClockAndZone_data()
    {
        QTest::addColumn<QDateTime>("now");
        QTest::addColumn<QByteArray>("zone");
        QTest::addColumn<QString>("messageId");
        QTest::addColumn<QString>("executedAt");
        QTest::addColumn<QString>("sessionId");
        QTest::newRow("Singapore") << QDateTime(QDate(2026, 2, 24), QTime(15, 0), Qt::UTC)
                                   << QByteArray("Asia/Singapore")
                                   << QStringLiteral("msg-lrn-20260224-230000")
                                   << QStringLiteral("2026-02-24T23:00:00.000+08:00")
                                   << QStringLiteral("batch-20260224-2300");
        QTest::newRow("UTC writes +00:00")
            << QDateTime(QDate(2026, 2, 24), QTime(23, 5, 9, 42), Qt::UTC) << QByteArray("UTC")
            << QStringLiteral("msg-lrn-20260224-230509") << QStringLiteral("2026-02-24T23:05:09.042+00:00")
            << QStringLiteral("batch-20260224-2305");
        QTest::newRow("west of Greenwich, across midnight")
            << QDateTime(QDate(2026, 2, 25), QTime(3, 30), Qt::UTC) << QByteArray("America/New_York")
            << QStringLiteral("msg-lrn-20260224-223000") << QStringLiteral("2026-02-24T22:30:00.000-05:00")
            << QStringLiteral("batch-20260224-2230");
        QTest::newRow("half-hour zone")
            << QDateTime(QDate(2026, 2, 24), QTime(12, 0), Qt::UTC) << QByteArray("Asia/Kolkata")
            << QStringLiteral("msg-lrn-20260224-173000") << QStringLiteral("2026-02-24T17:30:00.000+05:30")
            << QStringLiteral("batch-20260224-1730");
    }

    void timesFollowTheGivenClockAndZone()
    {
        QFETCH(QDateTime, now);
        QFETCH(QByteArray, zone);
        QFETCH(QString, messageId);
        QFETCH(QString, executedAt);
        QFETCH(QString, sessionId);
        ReportContext ctx;
        ctx.now = now;
        ctx.timeZone = QTimeZone(zone);
        QVERIFY(ctx.timeZone.isValid());
        const QJsonObject r = learnFromBatch(seedDayBatch(), {}, ctx).report;
        QCOMPARE(r.value(QStringLiteral("message_id")).toString(), messageId);
        const QJsonObject ts = r.value(QStringLiteral("timestamp")).toObject();
        QCOMPARE(ts.value(QStringLiteral("executed_at")).toString(), executedAt);
        QCOMPARE(ts.value(QStringLiteral("timezone")).toString(), QString::fromLatin1(zone));
        QCOMPARE(
            r.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("session_id")).toString(),
            sessionId);
        QCOMPARE(problemsOf(r), QStringList());
    }

    void contextOverrides()
    {
        ReportContext ctx = singapore();
        ctx.auditFile = QStringLiteral("system/logs/other.json");
        ctx.sequenceNumber = 4;
        ctx.parentMessageId = QStringLiteral("msg-mem-20260224-225900");
        ctx.requestId = QStringLiteral("nightly");
        const QJsonObject r = learnFromBatch(seedDayBatch(), {}, ctx).report;
        QCOMPARE(r.value(QStringLiteral("input"))
                     .toObject()
                     .value(QStringLiteral("content"))
                     .toObject()
                     .value(QStringLiteral("audit_file"))
                     .toString(),
            QStringLiteral("system/logs/other.json"));
        const QJsonObject meta = r.value(QStringLiteral("metadata")).toObject();
        QCOMPARE(meta.value(QStringLiteral("sequence_number")).toInt(), 4);
        QCOMPARE(meta.value(QStringLiteral("parent_message_id")).toString(),
            QStringLiteral("msg-mem-20260224-225900"));
        QCOMPARE(meta.value(QStringLiteral("request_id")).toString(), QStringLiteral("nightly"));
        QCOMPARE(problemsOf(r), QStringList());
    }

    void everyKindOfReportValidates()
    {
        // Proposals, a reinforcement, a conflict, refusals and an already-counted rule in one report.
        const LearningOutcome first =
            learnFromBatch(seedDayBatch(QStringLiteral("batch_a")), {}, singapore());
        std::vector<ExistingRule> existing;
        for (const ProposedRule &p : first.result.proposals)
            existing.push_back({p, QStringLiteral("pending")});
        // A rule that says "no retry" for an error the new batch shows to be worth retrying.
        ProposedRule noRetry = first.result.proposals[0];
        noRetry.ruleId = QStringLiteral("rule_20260220_01");
        noRetry.pattern.subject = QStringLiteral("retry|action_agent|download|vimeo.com|TIMEOUT");
        noRetry.pattern.fingerprint = QStringLiteral("0000000000000000");
        existing.push_back({noRetry, QStringLiteral("approved")});

        QJsonObject batch = QJsonDocument::fromJson(seedDayBatch(QStringLiteral("batch_b"))).object();
        QJsonArray runs = batch.value(QStringLiteral("runs")).toArray();
        for (int i = 0; i < 3; ++i)
            runs.append(QJsonObject{{QStringLiteral("run_id"), QStringLiteral("v%1").arg(i)},
                {QStringLiteral("workflow_id"), QStringLiteral("wf")},
                {QStringLiteral("timestamp"), QStringLiteral("2026-02-24T09:00:00Z")},
                {QStringLiteral("tasks"),
                    QJsonArray{QJsonObject{{QStringLiteral("task_id"), QStringLiteral("t")},
                        {QStringLiteral("agent"), QStringLiteral("action_agent")},
                        {QStringLiteral("capability"), QStringLiteral("download")},
                        {QStringLiteral("domain"), QStringLiteral("vimeo.com")},
                        {QStringLiteral("status"), QStringLiteral("success")},
                        {QStringLiteral("error_code"), QStringLiteral("TIMEOUT")},
                        {QStringLiteral("retries"), 1}}}}});
        for (int i = 0; i < 2; ++i)
            runs.append(QJsonObject{{QStringLiteral("run_id"), QStringLiteral("g%1").arg(i)},
                {QStringLiteral("workflow_id"), QStringLiteral("wf")},
                {QStringLiteral("timestamp"), QStringLiteral("2026-02-24T09:00:00Z")},
                {QStringLiteral("tasks"),
                    QJsonArray{QJsonObject{{QStringLiteral("task_id"), QStringLiteral("t")},
                        {QStringLiteral("agent"), QStringLiteral("goal_agent")},
                        {QStringLiteral("capability"), QStringLiteral("plan_goal")},
                        {QStringLiteral("status"), QStringLiteral("failed")},
                        {QStringLiteral("error_code"), QStringLiteral("E")}}}}});
        batch.insert(QStringLiteral("runs"), runs);
        const LearningOutcome second =
            learnFromBatch(QJsonDocument(batch).toJson(QJsonDocument::Compact), existing, singapore());
        QVERIFY(second.accepted);
        QCOMPARE(second.result.reinforcements.size(), size_t(2));
        QCOMPARE(second.result.conflicts.size(), size_t(1));
        QCOMPARE(second.result.refused.size(), size_t(1));
        QCOMPARE(problemsOf(second.report), QStringList());
        const QJsonObject learning = learningReportOf(second.report);
        QCOMPARE(learning.value(QStringLiteral("patterns_identified")).toInt(), 4);
        QCOMPARE(learning.value(QStringLiteral("new_rules_proposed")).toArray().size(), 0);
        QCOMPARE(learning.value(QStringLiteral("conflicts"))
                     .toArray()
                     .at(0)
                     .toObject()
                     .value(QStringLiteral("conflicts_with"))
                     .toArray()
                     .at(0)
                     .toObject()
                     .value(QStringLiteral("rule_id"))
                     .toString(),
            QStringLiteral("rule_20260220_01"));
        QVERIFY(second.report.value(QStringLiteral("status"))
                    .toObject()
                    .value(QStringLiteral("message"))
                    .toString()
                    .contains(QStringLiteral("refused 1 rule as out of scope")));

        // The first batch again: counted already.
        const LearningOutcome again =
            learnFromBatch(seedDayBatch(QStringLiteral("batch_a")), existing, singapore());
        QCOMPARE(learningReportOf(again.report).value(QStringLiteral("already_counted")).toArray().size(), 2);
        QCOMPARE(problemsOf(again.report), QStringList());

        // And an empty batch.
        const LearningOutcome empty =
            learnFromBatch(R"({"batch_id": "b0", "source": "batch_scheduler", "runs": []})", {}, singapore());
        QCOMPARE(problemsOf(empty.report), QStringList());
        QCOMPARE(empty.report.value(QStringLiteral("input"))
                     .toObject()
                     .value(QStringLiteral("content"))
                     .toObject()
                     .value(QStringLiteral("audit_file")),
            QJsonValue(QJsonValue::Null));
    }

    void rejectedBatch()
    {
        QJsonObject batch = QJsonDocument::fromJson(seedDayBatch()).object();
        batch.insert(QStringLiteral("source"), QStringLiteral("somebody"));
        QJsonArray runs = batch.value(QStringLiteral("runs")).toArray();
        QJsonObject run = runs.at(3).toObject();
        run.remove(QStringLiteral("timestamp"));
        runs.replace(3, run);
        batch.insert(QStringLiteral("runs"), runs);
        const LearningOutcome out = learnFromBatch(QJsonDocument(batch).toJson(), {}, singapore());
        QVERIFY(!out.accepted);
        QVERIFY(out.result.proposals.empty());
        QCOMPARE(out.problems.size(), 2);
        const QJsonObject &r = out.report;
        QCOMPARE(problemsOf(r), QStringList());
        QCOMPARE(r.value(QStringLiteral("status")).toObject().value(QStringLiteral("code")).toString(),
            QStringLiteral("failed"));
        const QJsonObject error = r.value(QStringLiteral("error")).toObject();
        QCOMPARE(error.value(QStringLiteral("has_error")).toBool(), true);
        QCOMPARE(error.value(QStringLiteral("error_code")).toString(), QStringLiteral("invalid_batch"));
        QVERIFY2(
            error.value(QStringLiteral("error_message"))
                .toString()
                .startsWith(QStringLiteral("The audit batch has 2 problems (first: /source must be one of")),
            qPrintable(error.value(QStringLiteral("error_message")).toString()));
        QCOMPARE(r.value(QStringLiteral("next_agent")).toObject().value(QStringLiteral("name")).toString(),
            QStringLiteral("COMPLETE"));
        // Named though rejected; the source it claimed is not one, so the fallback is said.
        QCOMPARE(r.value(QStringLiteral("input")).toObject().value(QStringLiteral("source")).toString(),
            QStringLiteral("batch_scheduler"));
        QCOMPARE(r.value(QStringLiteral("input"))
                     .toObject()
                     .value(QStringLiteral("content"))
                     .toObject()
                     .value(QStringLiteral("batch_size"))
                     .toInt(),
            15);
        const QJsonObject learning = learningReportOf(r);
        QCOMPARE(learning.value(QStringLiteral("batch_id")).toString(), QStringLiteral("batch_20260224"));
        QCOMPARE(learning.value(QStringLiteral("patterns_identified")).toInt(), 0);
        QCOMPARE(learning.value(QStringLiteral("new_rules_proposed")).toArray().size(), 0);
        QCOMPARE(learning.value(QStringLiteral("validation_error_count")).toInt(), 2);
        const QJsonArray problems = learning.value(QStringLiteral("validation_errors")).toArray();
        QCOMPARE(
            problems.at(0).toObject().value(QStringLiteral("path")).toString(), QStringLiteral("/source"));
        QCOMPARE(problems.at(1).toObject(),
            (QJsonObject{{QStringLiteral("path"), QStringLiteral("/runs/3/timestamp")},
                {QStringLiteral("message"), QStringLiteral("is required but missing")}}));
    }

    void unreadableBatchIsStillReported()
    {
        const LearningOutcome out = learnFromBatch("{\"batch_id\": ", {}, singapore());
        QVERIFY(!out.accepted);
        QCOMPARE(problemsOf(out.report), QStringList());
        QCOMPARE(
            learningReportOf(out.report).value(QStringLiteral("batch_id")), QJsonValue(QJsonValue::Null));
    }

    void theSchemaCatchesBrokenReports_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<QString>("problem");
        const QString rule = QStringLiteral("output/content/learning_report/new_rules_proposed/0/");
        QTest::newRow("message_id") << QStringLiteral("message_id")
                                    << QJsonValue(QStringLiteral("msg-20260224"))
                                    << QStringLiteral("/message_id|must match the pattern");
        QTest::newRow("executed_at without ms")
            << QStringLiteral("timestamp/executed_at")
            << QJsonValue(QStringLiteral("2026-02-24T23:00:00+08:00"))
            << QStringLiteral("/timestamp/executed_at|must match the pattern");
        QTest::newRow("agent name") << QStringLiteral("agent/name")
                                    << QJsonValue(QStringLiteral("memory_agent"))
                                    << QStringLiteral(
                                           R"(/agent/name|must be "learning_agent", not "memory_agent")");
        QTest::newRow("next agent") << QStringLiteral("next_agent/name")
                                    << QJsonValue(QStringLiteral("planning_agent"))
                                    << QStringLiteral(R"(/next_agent/name|must be "COMPLETE")");
        QTest::newRow("governance paths") << QStringLiteral("audit/governance_files_consulted/2")
                                          << QJsonValue(QStringLiteral("context/governance/audit_v2.md"))
                                          << QStringLiteral("/audit/governance_files_consulted|must be [");
        QTest::newRow("target goal_agent")
            << rule + QStringLiteral("target_agent") << QJsonValue(QStringLiteral("goal_agent"))
            << QStringLiteral("/output/content/learning_report/new_rules_proposed/0/"
                              "target_agent|must be one of");
        QTest::newRow("confidence above 1")
            << rule + QStringLiteral("confidence_score") << QJsonValue(1.2)
            << QStringLiteral("/output/content/learning_report/new_rules_proposed/0/"
                              "confidence_score|must be <= 1, not 1.2");
        QTest::newRow("rule id") << rule + QStringLiteral("rule_id") << QJsonValue(QStringLiteral("r1"))
                                 << QStringLiteral(
                                        "/output/content/learning_report/new_rules_proposed/0/rule_id|must "
                                        "match the pattern");
        QTest::newRow("audit missing") << QStringLiteral("audit") << QJsonValue(QJsonValue::Undefined)
                                       << QStringLiteral("/audit|is required but missing");
        QTest::newRow("unknown member") << QStringLiteral("extra") << QJsonValue(1)
                                        << QStringLiteral("/extra|is not a member this object may have");
    }

    void theSchemaCatchesBrokenReports()
    {
        QFETCH(QString, path);
        QFETCH(QJsonValue, value);
        QFETCH(QString, problem);
        const QJsonObject good = learnFromBatch(seedDayBatch(), {}, singapore()).report;
        const QJsonObject bad = edited(good, path.split(QLatin1Char('/')), value).toObject();
        const QStringList problems = problemsOf(bad);
        QCOMPARE(problems.size(), 1);
        QVERIFY2(problems[0].startsWith(problem), qPrintable(problems[0]));
    }

    void theReferenceValidatorAgrees()
    {
        // python3-jsonschema (Draft 2020-12) as the reference: our schemas are valid schemas, and
        // it accepts and refuses the same documents our validator does.
        QProcess probe;
        probe.start(QStringLiteral("/usr/bin/python3"), {QStringLiteral("-c"), QStringLiteral("import jsonschema")});
        if (!probe.waitForFinished(30000) || probe.exitStatus() != QProcess::NormalExit
            || probe.exitCode() != 0)
            QFAIL("/usr/bin/python3 has no jsonschema module: scripts/test installs python3-jsonschema");

        QTemporaryDir dir;
        const auto check = [&](const QString &schemaFile, const JsonSchema &ours,
                               const QList<QJsonObject> &docs) {
            QStringList args{QStringLiteral("-c"), QStringLiteral(R"PY(
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)
print(" ".join("1" if validator.is_valid(json.load(open(f))) else "0" for f in sys.argv[2:]))
)PY"),
                lk::test::sourcePath(QStringLiteral("schemas/") + schemaFile)};
            QStringList expected;
            for (int i = 0; i < docs.size(); ++i) {
                const QString path = dir.filePath(QStringLiteral("%1-%2.json").arg(schemaFile).arg(i));
                QFile f(path);
                if (!f.open(QIODevice::WriteOnly) || f.write(QJsonDocument(docs[i]).toJson()) < 0)
                    return QStringLiteral("cannot write %1").arg(path);
                args << path;
                expected << (ours.validate(docs[i]).isEmpty() ? QStringLiteral("1") : QStringLiteral("0"));
            }
            QProcess py;
            py.start(QStringLiteral("/usr/bin/python3"), args);
            if (!py.waitForFinished(60000))
                return QStringLiteral("python3 did not finish");
            const QString got = QString::fromUtf8(py.readAllStandardOutput()).trimmed();
            if (py.exitCode() != 0)
                return QString::fromUtf8(py.readAllStandardError());
            return got == expected.join(QLatin1Char(' '))
                ? QString()
                : QStringLiteral("reference %1, ours %2").arg(got, expected.join(QLatin1Char(' ')));
        };

        // Reports: good ones and each broken one of theSchemaCatchesBrokenReports.
        const QJsonObject good = learnFromBatch(seedDayBatch(), {}, singapore()).report;
        QList<QJsonObject> reports{QJsonDocument::fromJson(kSeedExample).object(), good,
            learnFromBatch("{\"batch_id\": 5}", {}, singapore()).report};
        const QString rule = QStringLiteral("output/content/learning_report/new_rules_proposed/0/");
        for (const auto &[path, value] : std::initializer_list<std::pair<QString, QJsonValue>>{
                 {QStringLiteral("message_id"), QStringLiteral("msg-20260224")},
                 {QStringLiteral("audit/governance_files_consulted/2"), QStringLiteral("context/x.md")},
                 {rule + QStringLiteral("target_agent"), QStringLiteral("goal_agent")},
                 {rule + QStringLiteral("confidence_score"), 1.2},
                 {QStringLiteral("audit"), QJsonValue(QJsonValue::Undefined)}, {QStringLiteral("extra"), 1}})
            reports << edited(good, path.split(QLatin1Char('/')), value).toObject();
        const QString reportsAgree =
            check(QStringLiteral("learning_report.schema.json"), learningReportSchema(), reports);
        QVERIFY2(reportsAgree.isEmpty(), qPrintable(reportsAgree));

        // Batches: a good one and broken ones.
        const QJsonObject batch = QJsonDocument::fromJson(seedDayBatch()).object();
        QList<QJsonObject> batches{batch};
        for (const auto &[path, value] : std::initializer_list<std::pair<QString, QJsonValue>>{
                 {QStringLiteral("source"), QStringLiteral("x")}, {QStringLiteral("batch_id"), QString()},
                 {QStringLiteral("runs/0/timestamp"), QStringLiteral("2026-02-24T09:00:00")},
                 {QStringLiteral("runs/0/tasks/0/retries"), -1},
                 {QStringLiteral("runs/0/tasks/0/retries"), 1.5},
                 {QStringLiteral("runs/13/tasks/0/used_fraction"), 2}, {QStringLiteral("runs/0/extra"), 1},
                 {QStringLiteral("runs/0/tasks/0/status"), QStringLiteral("ok")},
                 {QStringLiteral("summary"),
                     QJsonObject{{QStringLiteral("reasoning_failures"),
                         QJsonArray{QJsonObject{{QStringLiteral("failure_type"), QStringLiteral("Bad Type")},
                             {QStringLiteral("count"), 1}}}}}},
                 {QStringLiteral("summary"),
                     QJsonObject{{QStringLiteral("error_clusters"),
                         QJsonArray{QJsonObject{{QStringLiteral("agent"), QStringLiteral("a")},
                             {QStringLiteral("capability"), QStringLiteral("c")},
                             {QStringLiteral("error_code"), QStringLiteral("e")},
                             {QStringLiteral("count"), 2}}}}}}})
            batches << edited(batch, path.split(QLatin1Char('/')), value).toObject();
        const QString batchesAgree =
            check(QStringLiteral("audit_batch.schema.json"), auditBatchSchema(), batches);
        QVERIFY2(batchesAgree.isEmpty(), qPrintable(batchesAgree));
    }

    void theRefusalSummaryNamesWhatWasRefused()
    {
        // A rule refused for the paths its instruction names (no objective or goal agent in it):
        // the summary names those paths, not agents that were never there.
        QJsonObject batch = QJsonDocument::fromJson(seedDayBatch()).object();
        batch.insert(QStringLiteral("summary"),
            QJsonObject{{QStringLiteral("reasoning_failures"),
                QJsonArray{QJsonObject{{QStringLiteral("failure_type"), QStringLiteral("synthesis_failure")},
                    {QStringLiteral("count"), 6},
                    {QStringLiteral("suggested_instruction"),
                        QStringLiteral("Quote src_12 and keep context/governance/audit.md in view.")}}}}});
        const LearningOutcome out =
            learnFromBatch(QJsonDocument(batch).toJson(QJsonDocument::Compact), {}, singapore());
        QVERIFY(out.accepted);
        QCOMPARE(out.result.refused.size(), size_t(1));
        QCOMPARE(problemsOf(out.report), QStringList());
        const QString notes = out.report.value(QStringLiteral("audit"))
                                  .toObject()
                                  .value(QStringLiteral("compliance_notes"))
                                  .toString();
        QVERIFY2(notes.contains(QStringLiteral("refused 1 as out of scope (")), qPrintable(notes));
        QVERIFY2(notes.contains(QStringLiteral("src_12")), qPrintable(notes));
        QVERIFY2(notes.contains(QStringLiteral("context/governance/audit.md")), qPrintable(notes));
        QVERIFY2(!notes.contains(QStringLiteral("objective_agent, goal_agent")), qPrintable(notes));
        QVERIFY2(!notes.contains(QStringLiteral("objective_agent")), qPrintable(notes));
        QVERIFY2(!notes.contains(QStringLiteral("goal_agent")), qPrintable(notes));
        const QString message =
            out.report.value(QStringLiteral("status")).toObject().value(QStringLiteral("message")).toString();
        QVERIFY2(message.contains(QStringLiteral("refused 1 rule as out of scope (")), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("src_12")), qPrintable(message));
        QVERIFY2(!message.contains(QStringLiteral("goal_agent")), qPrintable(message));

        // Nothing refused: no list at all.
        const QString plain = learnFromBatch(seedDayBatch(), {}, singapore())
                                  .report.value(QStringLiteral("audit"))
                                  .toObject()
                                  .value(QStringLiteral("compliance_notes"))
                                  .toString();
        QVERIFY2(plain.contains(QStringLiteral("refused 0 as out of scope.")), qPrintable(plain));
    }

    void deterministic()
    {
        const QByteArray a = QJsonDocument(learnFromBatch(seedDayBatch(), {}, singapore()).report).toJson();
        const QByteArray b = QJsonDocument(learnFromBatch(seedDayBatch(), {}, singapore()).report).toJson();
        QCOMPARE(a, b);
    }
};

QTEST_GUILESS_MAIN(TestRulesReport)
#include "tst_rules_report.moc"
