#include "core/loop/EscalatedSample.h"

#include "core/common/Error.h"
#include "core/common/JsonText.h"
#include "core/common/Limits.h"
#include "core/training/ImageDataset.h"

#include <QDateTime>
#include <QJsonDocument>

#include <cmath>

namespace lk::loop {

namespace {

QString shown(const QJsonValue &value)
{
    return describeJsonValue(value);
}

class Reader
{
public:
    explicit Reader(const QJsonObject &json)
    {
        const QJsonValue id = json.value(QStringLiteral("sample_id"));
        m_where = id.isString() && !id.toString().trimmed().isEmpty()
            ? QStringLiteral("sample \"%1\"").arg(limits::quoted(id.toString(), limits::kMaxIdLength))
            : QStringLiteral("sample");
    }

    [[noreturn]] void fail(const QString &field, const QString &what) const
    {
        throw Error(ErrorKind::Input, QStringLiteral("%1: %2 %3").arg(m_where, field, what));
    }

    static bool absent(const QJsonValue &v) { return v.isUndefined() || v.isNull(); }

    QString text(const QJsonObject &o, const QString &field, const QString &path, int maxLength) const
    {
        const QJsonValue v = o.value(field);
        if (absent(v))
            fail(path, QStringLiteral("is missing (a non-empty string is required)"));
        if (!v.isString())
            fail(path, QStringLiteral("must be a string, not %1").arg(shown(v)));
        if (v.toString().trimmed().isEmpty())
            fail(path, QStringLiteral("must not be empty"));
        requireLength(path, v.toString(), maxLength);
        return v.toString();
    }

    void requireLength(const QString &path, const QString &value, int maxLength) const
    {
        if (value.size() > maxLength)
            fail(path,
                QStringLiteral("is %1 characters long; the limit is %2").arg(value.size()).arg(maxLength));
    }

    QJsonObject object(const QJsonObject &o, const QString &field) const
    {
        const QJsonValue v = o.value(field);
        if (absent(v))
            fail(field, QStringLiteral("is missing (an object is required)"));
        if (!v.isObject())
            fail(field, QStringLiteral("must be an object, not %1").arg(shown(v)));
        return v.toObject();
    }

    double confidence(const QJsonObject &o, const QString &path) const
    {
        const QJsonValue v = o.value(QStringLiteral("confidence"));
        if (absent(v))
            fail(path, QStringLiteral("is missing (a number in [0, 1] is required)"));
        if (!v.isDouble() || !(v.toDouble() >= 0.0 && v.toDouble() <= 1.0))
            fail(path, QStringLiteral("must be a number in [0, 1], not %1").arg(shown(v)));
        return v.toDouble();
    }

    int label(const QJsonObject &o, const QString &path, int classes) const
    {
        const QJsonValue v = o.value(QStringLiteral("label"));
        if (absent(v))
            fail(path, QStringLiteral("is missing (a class index or class name is required)"));
        if (v.isDouble()) {
            const double x = v.toDouble();
            if (x != std::floor(x) || x < 0 || x >= classes)
                fail(path,
                    QStringLiteral("must be a class index from 0 to %1, not %2").arg(classes - 1).arg(shown(v)));
            return int(x);
        }
        if (v.isString()) {
            const std::vector<QString> &names = training::fashionMnistClassNames();
            for (int i = 0; i < int(names.size()) && i < classes; ++i)
                if (names[size_t(i)].compare(v.toString().trimmed(), Qt::CaseInsensitive) == 0)
                    return i;
            QStringList known;
            for (int i = 0; i < int(names.size()) && i < classes; ++i)
                known << names[size_t(i)];
            fail(path,
                QStringLiteral("%1 is not a class name (the classes are %2)")
                    .arg(shown(v), known.join(QStringLiteral(", "))));
        }
        fail(path, QStringLiteral("must be a class index or a class name, not %1").arg(shown(v)));
    }

private:
    QString m_where;
};

const QStringList kKnown = {QStringLiteral("sample_id"), QStringLiteral("node_id"),
    QStringLiteral("model_version"), QStringLiteral("timestamp"), QStringLiteral("prediction"),
    QStringLiteral("correction"), QStringLiteral("input")};

} // namespace

EscalatedSample parseEscalatedSample(const QJsonObject &json, int classes)
{
    const Reader r(json);
    EscalatedSample s;
    s.sampleId = r.text(json, QStringLiteral("sample_id"), QStringLiteral("sample_id"), limits::kMaxIdLength);
    s.nodeId = r.text(json, QStringLiteral("node_id"), QStringLiteral("node_id"), limits::kMaxIdLength);
    s.modelVersion = r.text(
        json, QStringLiteral("model_version"), QStringLiteral("model_version"), limits::kMaxNameLength);

    const QJsonValue t = json.value(QStringLiteral("timestamp"));
    if (Reader::absent(t))
        r.fail(QStringLiteral("timestamp"), QStringLiteral("is missing (ISO 8601, e.g. 2025-10-09T12:34:56Z)"));
    QDateTime when = t.isString() ? QDateTime::fromString(t.toString(), Qt::ISODateWithMs) : QDateTime();
    if (!when.isValid())
        r.fail(QStringLiteral("timestamp"),
            QStringLiteral("must be an ISO 8601 date and time such as 2025-10-09T12:34:56Z, not %1").arg(shown(t)));
    if (when.timeSpec() == Qt::LocalTime) // no zone: UTC, as everywhere in Loopkeeper
        when = QDateTime(when.date(), when.time(), Qt::UTC);
    s.timestampMs = when.toMSecsSinceEpoch();

    const QJsonObject prediction = r.object(json, QStringLiteral("prediction"));
    s.predictedLabel = r.label(prediction, QStringLiteral("prediction.label"), classes);
    s.predictedConfidence = r.confidence(prediction, QStringLiteral("prediction.confidence"));

    const QJsonObject correction = r.object(json, QStringLiteral("correction"));
    s.correctedLabel = r.label(correction, QStringLiteral("correction.label"), classes);
    s.correctionConfidence = r.confidence(correction, QStringLiteral("correction.confidence"));
    const QJsonValue source = correction.value(QStringLiteral("source"));
    if (!Reader::absent(source)) {
        if (!source.isString())
            r.fail(QStringLiteral("correction.source"), QStringLiteral("must be a string, not %1").arg(shown(source)));
        r.requireLength(QStringLiteral("correction.source"), source.toString(), limits::kMaxNameLength);
        s.correctionSource = source.toString();
    }

    const QJsonObject input = r.object(json, QStringLiteral("input"));
    const QJsonValue uri = input.value(QStringLiteral("uri"));
    const QJsonValue data = input.value(QStringLiteral("data"));
    if (!Reader::absent(data)) {
        const QJsonValue format = input.value(QStringLiteral("format"));
        if (format.toString() != kInlineFormat)
            r.fail(QStringLiteral("input.format"),
                QStringLiteral("must be \"%1\" for inline data, not %2").arg(kInlineFormat, shown(format)));
        if (!data.isString())
            r.fail(QStringLiteral("input.data"), QStringLiteral("must be a base64 string, not %1").arg(shown(data)));
        const auto decoded = QByteArray::fromBase64Encoding(
            data.toString().toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded)
            r.fail(QStringLiteral("input.data"), QStringLiteral("is not valid base64"));
        if (decoded.decoded.size() != kImageBytes)
            r.fail(QStringLiteral("input.data"),
                QStringLiteral("must hold %1 bytes (28×28 pixels), not %2").arg(kImageBytes).arg(decoded.decoded.size()));
        s.input = decoded.decoded;
    } else if (!Reader::absent(uri)) {
        if (!uri.isString() || uri.toString().trimmed().isEmpty())
            r.fail(QStringLiteral("input.uri"), QStringLiteral("must be a non-empty string, not %1").arg(shown(uri)));
        r.requireLength(QStringLiteral("input.uri"), uri.toString(), limits::kMaxTextLength);
        s.inputUri = uri.toString();
    } else {
        r.fail(QStringLiteral("input"),
            QStringLiteral("needs either {\"format\": \"%1\", \"data\": …} or {\"uri\": …}").arg(kInlineFormat));
    }

    for (auto it = json.begin(); it != json.end(); ++it)
        if (!kKnown.contains(it.key()))
            s.extra.insert(it.key(), it.value());
    if (!s.extra.isEmpty()) {
        if (limits::jsonDepth(s.extra) > limits::kMaxJsonDepth)
            r.fail(QStringLiteral("the unknown fields"),
                QStringLiteral("nest deeper than %1 levels").arg(limits::kMaxJsonDepth));
        const qsizetype bytes = QJsonDocument(s.extra).toJson(QJsonDocument::Compact).size();
        if (bytes > limits::kMaxObjectBytes)
            r.fail(QStringLiteral("the unknown fields"),
                QStringLiteral("are %1 bytes of JSON; the limit is %2")
                    .arg(bytes)
                    .arg(limits::kMaxObjectBytes));
    }
    return s;
}

QJsonObject toJson(const EscalatedSample &s)
{
    QJsonObject o = s.extra;
    o.insert(QStringLiteral("sample_id"), s.sampleId);
    o.insert(QStringLiteral("node_id"), s.nodeId);
    o.insert(QStringLiteral("model_version"), s.modelVersion);
    o.insert(QStringLiteral("timestamp"),
        QDateTime::fromMSecsSinceEpoch(s.timestampMs, Qt::UTC).toString(Qt::ISODateWithMs));
    o.insert(QStringLiteral("prediction"),
        QJsonObject{{QStringLiteral("label"), s.predictedLabel}, {QStringLiteral("confidence"), s.predictedConfidence}});
    QJsonObject correction{
        {QStringLiteral("label"), s.correctedLabel}, {QStringLiteral("confidence"), s.correctionConfidence}};
    if (!s.correctionSource.isEmpty())
        correction.insert(QStringLiteral("source"), s.correctionSource);
    o.insert(QStringLiteral("correction"), correction);
    if (!s.input.isEmpty())
        o.insert(QStringLiteral("input"),
            QJsonObject{{QStringLiteral("format"), kInlineFormat},
                {QStringLiteral("data"), QString::fromLatin1(s.input.toBase64())}});
    else
        o.insert(QStringLiteral("input"), QJsonObject{{QStringLiteral("uri"), s.inputUri}});
    return o;
}

std::vector<SampleRecord> splitSampleBatch(const QByteArray &data)
{
    std::vector<SampleRecord> out;
    const QByteArray body = data.trimmed();
    if (body.isEmpty())
        return out;
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    if (error.error == QJsonParseError::NoError) {
        QJsonArray items;
        if (doc.isArray())
            items = doc.array();
        else if (doc.object().value(QStringLiteral("samples")).isArray())
            items = doc.object().value(QStringLiteral("samples")).toArray();
        else
            items.append(doc.object());
        out.reserve(size_t(items.size()));
        for (int i = 0; i < items.size(); ++i) {
            SampleRecord r;
            r.index = i;
            if (items.at(i).isObject())
                r.object = items.at(i).toObject();
            else
                r.error = QStringLiteral("a sample must be a JSON object");
            out.push_back(std::move(r));
        }
        return out;
    }
    if (body.startsWith('['))
        throw Error(ErrorKind::Input,
            QStringLiteral("The batch is not valid JSON: %1 at offset %2").arg(error.errorString()).arg(error.offset));
    // JSONL: a bad line is reported, the others go on.
    const QList<QByteArray> lines = body.split('\n');
    int index = 0;
    for (int i = 0; i < lines.size(); ++i) {
        const QByteArray line = lines[i].trimmed();
        if (line.isEmpty())
            continue;
        SampleRecord r;
        r.index = index++;
        r.line = i + 1;
        QJsonParseError lineError{};
        const QJsonDocument lineDoc = QJsonDocument::fromJson(line, &lineError);
        if (lineError.error != QJsonParseError::NoError)
            r.error = QStringLiteral("line %1 is not JSON: %2").arg(i + 1).arg(lineError.errorString());
        else if (!lineDoc.isObject())
            r.error = QStringLiteral("line %1 is not a JSON object").arg(i + 1);
        else
            r.object = lineDoc.object();
        out.push_back(std::move(r));
    }
    return out;
}

} // namespace lk::loop
