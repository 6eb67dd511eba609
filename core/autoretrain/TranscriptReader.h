#pragma once

// Run transcripts as the agent workflow archives them (prompts, tool calls,
// verification scores, escalations, latency and cost per run), one JSON object per line.
// The record format is documented in schemas/run_transcript.schema.json. Each record is
// validated and turned into an OpenAI-style chat fine-tune example in one step, so that a
// record that cannot be exported whole is reported as a bad line instead of half-exported.

#include "core/autoretrain/PromotionGuard.h"

#include <QByteArray>
#include <QCryptographicHash>
#include <QHash>
#include <QIODevice>
#include <QJsonObject>
#include <QString>

#include <optional>
#include <variant>

namespace lk::autoretrain {

/// One run of a transcript file, validated, with its fine-tune example ready to write.
struct RunTranscript
{
    int line = 0; ///< 1-based line of the record in its file
    QString runId;
    RunMetrics metrics; ///< what the promotion guard reads
    std::optional<double> costUsd;
    QString task;
    QString sourceModel;
    QString agentVersion;
    QString commit;
    int messageCount = 0;
    int toolCallCount = 0;
    /// {"messages": [...]} (plus "tools" when the run declared them): one line of train/eval.jsonl.
    QJsonObject example;
};

/// A line that could not be used, and why.
struct BadLine
{
    int line = 0;
    QString runId; ///< when the record got far enough to name its run
    QString error; ///< "FILE:LINE: what is wrong", ready to show

    /// {"line", "run_id" (when known), "error"}.
    QJsonObject toJson() const;
};

/// Validates one transcript record and converts its messages to the fine-tune format. Throws
/// lk::Error(Input) whose message names the field (e.g. "messages[3].tool_calls[0].id") and
/// says what is wrong. Unknown fields are ignored.
RunTranscript parseRunTranscript(const QJsonObject &record);

/// Reads a JSONL file of run transcripts record by record, without holding the file in memory.
/// Blank lines are skipped; a line that is not a valid record, or repeats an earlier run_id,
/// comes back as a BadLine naming the file and line.
class TranscriptReader
{
public:
    /// Reads from an open `device`; `sourceName` (a path, or "stdin") names it in errors.
    TranscriptReader(QIODevice &device, QString sourceName);

    /// The next record, good or bad; std::nullopt at the end of the input.
    std::optional<std::variant<RunTranscript, BadLine>> next();

    /// Lines read so far, blank ones included.
    int linesRead() const { return m_line; }
    /// Bytes read so far.
    qint64 bytesRead() const { return m_bytes; }
    /// sha256 (hex) of the bytes read so far: of the whole input once next() returned nullopt.
    QByteArray sha256() const;

private:
    QIODevice &m_device;
    QString m_source;
    int m_line = 0;
    qint64 m_bytes = 0;
    QCryptographicHash m_hash{QCryptographicHash::Sha256};
    QHash<QString, int> m_seenRunIds; ///< run_id -> line, so that a repeated run is caught
};

} // namespace lk::autoretrain
