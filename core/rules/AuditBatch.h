#pragma once

// An audit batch (schemas/audit_batch.schema.json) in the compact form the miner works on: runs
// and tasks in flat arrays, every name interned once (a million runs repeat a few dozen agents,
// capabilities and domains), numbers unboxed. readAuditBatch() validates the text against the
// shipped schema and a few rules a schema cannot say (unique run ids, unique task ids within a
// run, depends_on naming tasks of the same run without cycles, real calendar timestamps); a
// batch with any problem yields every problem (JSON pointer + what was wrong) and no data, so
// that nothing from it is ever applied.

#include "core/rules/JsonSchema.h"

#include <QByteArrayView>
#include <QHash>
#include <QString>
#include <QStringList>

#include <functional>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace lk::rules {

/// Interned UTF-8 strings; id 0 is the empty string, which stands for "absent".
class StringTable
{
public:
    StringTable();

    /// The id of `utf8`, adding it if new.
    quint32 intern(std::string_view utf8);
    /// The id of `utf8`, or -1 if it was never interned.
    qint64 find(std::string_view utf8) const;
    /// The string of an id, decoded.
    QString text(quint32 id) const;
    /// The UTF-8 bytes of an id.
    std::string_view utf8(quint32 id) const { return m_values[id]; }
    quint32 size() const { return quint32(m_values.size()); }

private:
    void grow();

    std::vector<std::string> m_values;
    std::vector<quint64> m_hashes;
    std::vector<quint32> m_slots; ///< open addressing; id + 1, 0 = free
};

enum class TaskStatus : quint8 { Success, Failed, Skipped };

/// One task of a run. Names are ids into AuditBatch::strings (0 = absent).
struct TaskRecord
{
    quint32 agent = 0;
    quint32 capability = 0;
    quint32 domain = 0;
    quint32 errorCode = 0;
    quint32 errorMessage = 0;
    TaskStatus status = TaskStatus::Success;
    qint32 retries = 0;
    qint32 maxRetries = -1; ///< -1: not reported
    double durationMs = 0; ///< 0 when not reported
    qint64 inputSizeBytes = -1; ///< -1: not reported
    double usedFraction = std::numeric_limits<double>::quiet_NaN(); ///< NaN: not reported
    double cost = 0; ///< 0 when not reported
    quint64 inputRef = 0; ///< hash of input_ref, 0: not reported
    quint32 firstDependency = 0; ///< into AuditBatch::dependencies
    quint32 dependencyCount = 0;
};

/// One run. Its tasks are tasks[firstTask .. firstTask + taskCount).
struct RunRecord
{
    quint32 runId = 0; ///< into AuditBatch::runIds
    quint32 workflowId = 0;
    quint32 category = 0; ///< user_request_category
    qint64 timestampMs = 0; ///< ms since the epoch, UTC
    quint32 firstTask = 0;
    quint32 taskCount = 0;
};

/// A failure cluster of the memory agent's summary.
struct ErrorCluster
{
    QString agent, capability, domain, errorCode;
    qint64 count = 0;
    QStringList runIds;
    qint64 retries = 0;
    double durationMs = 0;
    double cost = 0;
};

/// A recurring reasoning failure flagged in the summary.
struct ReasoningFailure
{
    QString agent; ///< reasoning_agent unless the summary says otherwise
    QString failureType;
    QString description;
    QString capability, domain;
    QString trigger;
    QString suggestedInstruction;
    qint64 count = 0;
    QStringList runIds;
    double durationMs = 0;
    double cost = 0;
};

/// The memory agent's aggregates (capability usage and request categories are read and kept,
/// but the miner works from the runs themselves).
struct BatchSummary
{
    std::vector<ErrorCluster> errorClusters;
    std::vector<ReasoningFailure> reasoningFailures;
    QJsonObject raw; ///< the summary as given
};

/// A validated batch.
struct AuditBatch
{
    QString batchId;
    QString source; ///< memory_agent | batch_scheduler
    QString auditFile; ///< empty if not given
    StringTable strings; ///< agents, capabilities, domains, error codes and messages, categories
    StringTable runIds;
    std::vector<RunRecord> runs;
    std::vector<TaskRecord> tasks;
    std::vector<quint32> dependencies; ///< absolute task indices
    BatchSummary summary;

    /// A name of `strings`.
    QString text(quint32 id) const { return strings.text(id); }
    /// The run_id of a run.
    QString runId(const RunRecord &run) const { return runIds.text(run.runId); }
};

/// Told now and then (every few thousand runs) how much of the text has been read (0..1);
/// returning false stops the reading, which then reports that it was cancelled.
using ReadProgress = std::function<bool(double done)>;

/// What readAuditBatch() found.
struct BatchReading
{
    /// Empty unless ok(), except batchId, source and auditFile, which are kept as far as they
    /// could be read so that the report on a rejected batch can name it.
    AuditBatch batch;
    QList<JsonProblem> problems; ///< the first problems (ProblemList::limit)
    qsizetype totalProblems = 0;
    qsizetype runsSeen = 0; ///< run records in the text, valid or not
    bool cancelled = false; ///< the progress callback stopped the reading (then not ok())

    bool ok() const { return totalProblems == 0; }
};

/// Reads and validates a batch. Never throws for bad input: problems are returned. Reentrant (a
/// worker thread may read while another mines); about 3 s for a million run records here.
BatchReading readAuditBatch(QByteArrayView json, int maxProblems = 100, const ReadProgress &progress = {});
/// Reads a batch file (memory-mapped); throws lk::Error(Input) if the file cannot be read.
BatchReading readAuditBatchFile(
    const QString &path, int maxProblems = 100, const ReadProgress &progress = {});

} // namespace lk::rules
