#pragma once

// An escalated sample (docs/learning-loop.md): an edge node's prediction that was not confident
// enough, the label a larger model gave it instead, and the input — inline, or a reference
// that stays on the node ("the image stays local, metadata has the label"). The wire format
// is schemas/escalated_sample.schema.json.

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>

#include <vector>

namespace lk::loop {

/// The inline input format this version reads: 28×28 grey pixels, one byte each, base64.
inline const QString kInlineFormat = QStringLiteral("u8-28x28-base64");
constexpr int kImageBytes = 28 * 28;

struct EscalatedSample
{
    QString sampleId;
    QString nodeId;
    QString modelVersion; ///< the edge model that made the prediction
    qint64 timestampMs = 0; ///< when the node predicted (UTC)
    int predictedLabel = 0;
    double predictedConfidence = 0;
    int correctedLabel = 0;
    double correctionConfidence = 0; ///< how sure the larger model was
    QString correctionSource; ///< e.g. the teacher model's name; may be empty
    QByteArray input; ///< kImageBytes pixels when sent inline, else empty
    QString inputUri; ///< where the node keeps the input when it was not sent
    QJsonObject extra; ///< fields this version does not know, kept
};

/// Validates one sample object against the wire format; labels are class indices below
/// `classes` or Fashion-MNIST class names. Throws lk::Error(Input) naming the field (with its
/// JSON path, e.g. "correction.confidence") and what is wrong with it.
EscalatedSample parseEscalatedSample(const QJsonObject &json, int classes = 10);

/// The sample as the wire format writes it (input inline as base64 if present).
QJsonObject toJson(const EscalatedSample &sample);

/// One record of a batch: a sample, or why it could not be read.
struct SampleRecord
{
    int index = 0; ///< place in the batch, from 0
    int line = 0; ///< 1-based line for JSONL, else 0
    QJsonObject object; ///< empty if the record was not a JSON object
    QString error; ///< set when the record is unreadable
};

/// Splits a batch — a JSON array, {"samples": [...]}, one object, or JSONL (one sample per
/// line) — into records. Throws lk::Error(Input) with the parser's message if an array or
/// object body is not JSON; in JSONL only the bad line is reported.
std::vector<SampleRecord> splitSampleBatch(const QByteArray &data);

} // namespace lk::loop
