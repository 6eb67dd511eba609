#include "core/rules/LearningReport.h"

#include "core/common/Error.h"

#include <QJsonArray>

#include <map>

namespace lk::rules {

namespace {

/// The local time of the run in the report's zone.
QDateTime localTime(const ReportContext &ctx)
{
    if (!ctx.now.isValid())
        throw Error(ErrorKind::Usage, QStringLiteral("a learning report needs a valid 'now'"));
    if (!ctx.timeZone.isValid())
        throw Error(ErrorKind::Usage, QStringLiteral("a learning report needs a valid time zone"));
    return ctx.now.toTimeZone(ctx.timeZone);
}

/// 2026-02-24T23:00:00.000+08:00 (Qt would write Z for UTC; reports always carry an offset).
QString executedAt(const QDateTime &local)
{
    const int offset = local.offsetFromUtc();
    const int minutes = std::abs(offset) / 60;
    return local.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzz"))
        + QStringLiteral("%1%2:%3")
              .arg(offset < 0 ? QLatin1Char('-') : QLatin1Char('+'))
              .arg(minutes / 60, 2, 10, QLatin1Char('0'))
              .arg(minutes % 60, 2, 10, QLatin1Char('0'));
}

QJsonValue stringOrNull(const QString &s)
{
    return s.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(s);
}

QString validSource(const QString &source, const ReportContext &ctx)
{
    return source == QLatin1String("memory_agent") || source == QLatin1String("batch_scheduler")
        ? source
        : ctx.fallbackSource;
}

/// Everything but output, status, error and audit's notes and reasoning.
QJsonObject envelope(const QDateTime &local, const ReportContext &ctx, const QString &source,
    qint64 batchSize, const QString &auditFile)
{
    return QJsonObject{
        {QStringLiteral("message_id"),
            QString(QStringLiteral("msg-lrn-") + local.toString(QStringLiteral("yyyyMMdd-HHmmss")))},
        {QStringLiteral("timestamp"),
            QJsonObject{{QStringLiteral("executed_at"), executedAt(local)},
                {QStringLiteral("timezone"), QString::fromUtf8(ctx.timeZone.id())}}},
        {QStringLiteral("agent"),
            QJsonObject{{QStringLiteral("name"), QStringLiteral("learning_agent")},
                {QStringLiteral("type"), QStringLiteral("operational")}}},
        {QStringLiteral("input"),
            QJsonObject{{QStringLiteral("source"), validSource(source, ctx)},
                {QStringLiteral("content"),
                    QJsonObject{{QStringLiteral("batch_size"), batchSize},
                        {QStringLiteral("audit_file"),
                            stringOrNull(ctx.auditFile.isEmpty() ? auditFile : ctx.auditFile)}}}}},
        {QStringLiteral("metadata"),
            QJsonObject{
                {QStringLiteral("session_id"),
                    QString(QStringLiteral("batch-") + local.toString(QStringLiteral("yyyyMMdd-HHmm")))},
                {QStringLiteral("request_id"), ctx.requestId},
                {QStringLiteral("sequence_number"), ctx.sequenceNumber},
                {QStringLiteral("parent_message_id"), stringOrNull(ctx.parentMessageId)}}},
        {QStringLiteral("resources"),
            QJsonObject{{QStringLiteral("source_refs"), QJsonArray()},
                {QStringLiteral("storage_refs"), QJsonArray()},
                {QStringLiteral("derived_refs"), QJsonArray()}}}};
}

QJsonObject audit(const QString &notes, const QString &reasoning)
{
    return QJsonObject{{QStringLiteral("compliance_notes"), notes},
        {QStringLiteral("governance_files_consulted"),
            QJsonArray::fromStringList(governanceFilesConsulted())},
        {QStringLiteral("reasoning"), reasoning}};
}

QString counted(qsizetype n, const QString &one, const QString &many)
{
    return QStringLiteral("%1 %2").arg(n).arg(n == 1 ? one : many);
}

QString kindName(const QString &kind, qsizetype n)
{
    static const std::map<QString, std::pair<QString, QString>> names{
        {QStringLiteral("repeated_failure"),
            {QStringLiteral("repeated action failure"), QStringLiteral("repeated action failures")}},
        {QStringLiteral("retry_pays_off"),
            {QStringLiteral("transient error worth retrying"),
                QStringLiteral("transient errors worth retrying")}},
        {QStringLiteral("missing_step"),
            {QStringLiteral("missing preparatory step"), QStringLiteral("missing preparatory steps")}},
        {QStringLiteral("redundant_task"),
            {QStringLiteral("redundant task"), QStringLiteral("redundant tasks")}},
        {QStringLiteral("unfiltered_large_input"),
            {QStringLiteral("expensive run on unfiltered large inputs"),
                QStringLiteral("expensive runs on unfiltered large inputs")}},
        {QStringLiteral("reasoning_failure"),
            {QStringLiteral("recurring reasoning failure"), QStringLiteral("recurring reasoning failures")}}};
    const auto it = names.find(kind);
    const QString one = it == names.end() ? kind : it->second.first;
    const QString many = it == names.end() ? kind : it->second.second;
    return counted(n, one, many);
}

} // namespace

const QStringList &governanceFilesConsulted()
{
    static const QStringList paths{QStringLiteral("context/application.md"),
        QStringLiteral("context/governance/message_format.md"), QStringLiteral("context/governance/audit.md"),
        QStringLiteral("agent/operational/learning.md")};
    return paths;
}

QJsonObject learningReport(const AuditBatch &batch, const MiningResult &result, const ReportContext &ctx)
{
    const QDateTime local = localTime(ctx);
    QJsonObject report = envelope(local, ctx, batch.source, qint64(batch.runs.size()), batch.auditFile);

    QJsonArray proposed, reinforced, conflicts, refused;
    for (const ProposedRule &r : result.proposals)
        proposed.append(r.toJson());
    for (const Reinforcement &r : result.reinforcements)
        reinforced.append(r.toJson());
    for (const RuleConflict &c : result.conflicts)
        conflicts.append(c.toJson());
    for (const RefusedRule &r : result.refused)
        refused.append(r.toJson());
    const QJsonObject learning{{QStringLiteral("batch_id"), batch.batchId},
        {QStringLiteral("patterns_identified"), result.patternsIdentified},
        {QStringLiteral("new_rules_proposed"), proposed}, {QStringLiteral("reinforced_rules"), reinforced},
        {QStringLiteral("conflicts"), conflicts}, {QStringLiteral("refused_rules"), refused},
        {QStringLiteral("already_counted"), QJsonArray::fromStringList(result.alreadyCounted)}};
    report.insert(QStringLiteral("output"),
        QJsonObject{{QStringLiteral("content"), QJsonObject{{QStringLiteral("learning_report"), learning}}},
            {QStringLiteral("content_type"), QStringLiteral("learning_report")}});
    report.insert(QStringLiteral("next_agent"),
        QJsonObject{{QStringLiteral("name"), QStringLiteral("COMPLETE")},
            {QStringLiteral("reason"),
                QStringLiteral(
                    "Batch learning complete. System administrator will review proposed rules.")}});

    const qsizetype runs = qsizetype(batch.runs.size());
    QStringList also;
    if (!result.reinforcements.empty())
        also << QStringLiteral("reinforced %1")
                    .arg(counted(qsizetype(result.reinforcements.size()), QStringLiteral("existing rule"),
                        QStringLiteral("existing rules")));
    if (!result.conflicts.empty())
        also << QStringLiteral("marked %1 for review")
                    .arg(counted(qsizetype(result.conflicts.size()), QStringLiteral("conflict"),
                        QStringLiteral("conflicts")));
    // What the refused rules named (agents, governance paths, raw content ids, phrases), each once.
    QStringList refusedNames;
    for (const RefusedRule &r : result.refused)
        for (const ScopeFinding &f : r.findings)
            if (!f.subject.isEmpty() && !refusedNames.contains(f.subject))
                refusedNames << f.subject;
    const QString refusedWhat = refusedNames.isEmpty()
        ? QString()
        : QStringLiteral(" (%1)").arg(refusedNames.join(QStringLiteral(", ")));
    if (!result.refused.empty())
        also << QStringLiteral("refused %1 as out of scope%2")
                    .arg(counted(
                             qsizetype(result.refused.size()), QStringLiteral("rule"), QStringLiteral("rules")),
                        refusedWhat);
    QString message =
        QStringLiteral("Successfully extracted %1 from a batch of %2")
            .arg(counted(qsizetype(result.proposals.size()), QStringLiteral("rule"), QStringLiteral("rules")),
                counted(runs, QStringLiteral("log"), QStringLiteral("logs")));
    if (!also.isEmpty())
        message += QStringLiteral("; ") + also.join(QStringLiteral(", "));
    report.insert(QStringLiteral("status"),
        QJsonObject{{QStringLiteral("code"), QStringLiteral("success")},
            {QStringLiteral("message"), QString(message + QLatin1Char('.'))}});
    report.insert(QStringLiteral("error"),
        QJsonObject{{QStringLiteral("has_error"), false}, {QStringLiteral("error_code"), QJsonValue::Null},
            {QStringLiteral("error_message"), QJsonValue::Null}, {QStringLiteral("retry_count"), 0},
            {QStringLiteral("recoverable"), false}});

    // Audit: what was read and how confidence was scored; which kinds of pattern were found.
    std::map<QString, qsizetype> kinds;
    for (const ProposedRule &r : result.proposals)
        ++kinds[r.pattern.kind];
    for (const RuleConflict &c : result.conflicts)
        ++kinds[c.proposal.pattern.kind];
    for (const RefusedRule &r : result.refused)
        ++kinds[r.draft.pattern.kind];
    QStringList found;
    for (const auto &[kind, n] : kinds)
        found << kindName(kind, n);
    const QString notes =
        QStringLiteral(
            "Reviewed batch of %1 (%2, %3 failed). Identified %4; proposed %5, reinforced %6, marked %7 for "
            "review, refused %8 as out of scope%9. Confidence "
            "follows the bands: above 0.90 only for more than 5 identical occurrences, 0.70-0.89 for 2-4, "
            "below 0.70 for one.")
            .arg(counted(runs, QStringLiteral("log"), QStringLiteral("logs")),
                counted(qsizetype(result.tasks), QStringLiteral("task"), QStringLiteral("tasks")))
            .arg(result.failedTasks)
            .arg(counted(result.patternsIdentified, QStringLiteral("pattern"), QStringLiteral("patterns")),
                counted(qsizetype(result.proposals.size()), QStringLiteral("new rule"),
                    QStringLiteral("new rules")))
            .arg(result.reinforcements.size())
            .arg(counted(
                qsizetype(result.conflicts.size()), QStringLiteral("conflict"), QStringLiteral("conflicts")))
            .arg(result.refused.size())
            .arg(refusedWhat);
    const QString reasoning =
        QStringLiteral("Analyzed run metadata, not media. %1 Because learning changes core "
                       "heuristics, these are proposed for human administrator review before "
                       "committing to context/memory/.")
            .arg(found.isEmpty() ? QStringLiteral("Found no recurring pattern.")
                                 : QStringLiteral("Found %1.").arg(found.join(QStringLiteral(", "))));
    report.insert(QStringLiteral("audit"), audit(notes, reasoning));
    return report;
}

QJsonObject rejectedBatchReport(const BatchReading &reading, const ReportContext &ctx)
{
    const QDateTime local = localTime(ctx);
    QJsonObject report =
        envelope(local, ctx, reading.batch.source, reading.runsSeen, reading.batch.auditFile);
    QJsonArray problems;
    for (const JsonProblem &p : reading.problems)
        problems.append(p.toJson());
    const QJsonObject learning{{QStringLiteral("batch_id"), stringOrNull(reading.batch.batchId)},
        {QStringLiteral("patterns_identified"), 0}, {QStringLiteral("new_rules_proposed"), QJsonArray()},
        {QStringLiteral("validation_errors"), problems},
        {QStringLiteral("validation_error_count"), qint64(reading.totalProblems)}};
    report.insert(QStringLiteral("output"),
        QJsonObject{{QStringLiteral("content"), QJsonObject{{QStringLiteral("learning_report"), learning}}},
            {QStringLiteral("content_type"), QStringLiteral("learning_report")}});
    report.insert(QStringLiteral("next_agent"),
        QJsonObject{{QStringLiteral("name"), QStringLiteral("COMPLETE")},
            {QStringLiteral("reason"),
                QStringLiteral(
                    "Batch rejected; nothing was learned from it. System administrator will review the "
                    "problems.")}});
    const QString count =
        counted(reading.totalProblems, QStringLiteral("problem"), QStringLiteral("problems"));
    QString first;
    if (!reading.problems.isEmpty())
        first = QStringLiteral(" (first: %1 %2)")
                    .arg(reading.problems.first().path.isEmpty() ? QStringLiteral("the document")
                                                                 : reading.problems.first().path,
                        reading.problems.first().message);
    report.insert(QStringLiteral("status"),
        QJsonObject{{QStringLiteral("code"), QStringLiteral("failed")},
            {QStringLiteral("message"), QStringLiteral("The audit batch was rejected: %1.").arg(count)}});
    report.insert(QStringLiteral("error"),
        QJsonObject{{QStringLiteral("has_error"), true},
            {QStringLiteral("error_code"), QStringLiteral("invalid_batch")},
            {QStringLiteral("error_message"),
                QStringLiteral("The audit batch has %1%2; nothing from it was applied.").arg(count, first)},
            {QStringLiteral("retry_count"), 0},
            // Sending the same batch again gives the same answer: it must be fixed first.
            {QStringLiteral("recoverable"), false}});
    report.insert(QStringLiteral("audit"),
        audit(QStringLiteral(
                  "Rejected the batch before mining: %1 against schemas/audit_batch.schema.json and the run "
                  "consistency checks. No pattern was mined and no rule was proposed.")
                  .arg(count),
            QStringLiteral(
                "A batch that does not validate is not applied in part: every problem is listed with its "
                "JSON pointer so that the memory agent's output can be fixed and the batch sent again.")));
    return report;
}

LearningOutcome learnFromBatch(QByteArrayView json, const std::vector<ExistingRule> &existing,
    const ReportContext &ctx, const MiningConfig &config)
{
    LearningOutcome out;
    const BatchReading reading = readAuditBatch(json);
    if (!reading.ok()) {
        out.problems = reading.problems;
        out.report = rejectedBatchReport(reading, ctx);
        return out;
    }
    out.accepted = true;
    out.result = mine(reading.batch, existing, ctx.now.toTimeZone(ctx.timeZone), config);
    out.report = learningReport(reading.batch, out.result, ctx);
    return out;
}

} // namespace lk::rules
