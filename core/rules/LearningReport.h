#pragma once

// The learning agent's output: the envelope (message_id, timestamp, agent, input, output
// with the learning_report, next_agent COMPLETE, status, error, metadata, resources, audit with
// the four canonical governance paths), as schemas/learning_report.schema.json describes it.
// Pure: the time and zone are parameters, so the same inputs give the same bytes.

#include "core/rules/AuditBatch.h"
#include "core/rules/PatternMiner.h"

#include <QDateTime>
#include <QJsonObject>
#include <QTimeZone>

#include <vector>

namespace lk::rules {

/// Who, when and where a report is written.
struct ReportContext
{
    QDateTime now; ///< when the batch was mined; required
    QTimeZone timeZone = QTimeZone::utc(); ///< reports carry local time and the zone's IANA name
    QString auditFile; ///< input.content.audit_file; else the batch's audit_file; else null
    /// input.source when the batch does not name a valid one (a rejected batch): who handed it over.
    QString fallbackSource = QStringLiteral("batch_scheduler");
    QString requestId = QStringLiteral("batch_run"); ///< the default request id
    int sequenceNumber = 1;
    QString parentMessageId; ///< null when empty
};

/// The four canonical governance paths, in the schema's order.
const QStringList &governanceFilesConsulted();

/// The report on a mined batch. Throws lk::Error(Usage) if ctx.now is invalid.
QJsonObject learningReport(const AuditBatch &batch, const MiningResult &result, const ReportContext &ctx);

/// The report on a batch that was refused: status failed, error invalid_batch, every problem
/// listed (JSON pointer + message) under learning_report.validation_errors, nothing learned.
QJsonObject rejectedBatchReport(const BatchReading &reading, const ReportContext &ctx);

/// What learnFromBatch() did.
struct LearningOutcome
{
    bool accepted = false; ///< the batch was valid and mined
    MiningResult result; ///< empty when not accepted
    QList<JsonProblem> problems; ///< why it was not
    QJsonObject report; ///< the envelope either way
};

/// Reads, validates and mines one batch and writes the report: the whole learning step for one
/// batch, with no side effects (storing proposals and reinforcements is the caller's).
LearningOutcome learnFromBatch(QByteArrayView json, const std::vector<ExistingRule> &existing,
    const ReportContext &ctx, const MiningConfig &config = {});

} // namespace lk::rules
