#include "core/analysis/MetricHistoryParser.h"

#include "core/common/Error.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>

#include <cmath>
#include <limits>

namespace lk::analysis {

namespace {

enum class Field { Epoch, TrainLoss, ValLoss, ValAccuracy, LearningRate, Other };

const char *const kFormats =
    "Expected JSON ({\"epochs\": [{\"epoch\": 0, \"train_loss\": ..., \"val_loss\": ...}, "
    "...]}) or CSV with a header row (epoch,train_loss,val_loss[,val_accuracy][,lr]).";

/// Canonical names and the aliases other tools write (Keras' CSVLogger: loss, val_acc).
Field fieldNamed(const QString &raw)
{
    const QString name = raw.trimmed().toLower();
    if (name == QLatin1String("epoch"))
        return Field::Epoch;
    if (name == QLatin1String("train_loss") || name == QLatin1String("loss"))
        return Field::TrainLoss;
    if (name == QLatin1String("val_loss"))
        return Field::ValLoss;
    if (name == QLatin1String("val_accuracy") || name == QLatin1String("val_acc"))
        return Field::ValAccuracy;
    if (name == QLatin1String("lr") || name == QLatin1String("learning_rate"))
        return Field::LearningRate;
    return Field::Other;
}

QString canonicalName(Field f)
{
    switch (f) {
    case Field::Epoch:
        return QStringLiteral("epoch");
    case Field::TrainLoss:
        return QStringLiteral("train_loss");
    case Field::ValLoss:
        return QStringLiteral("val_loss");
    case Field::ValAccuracy:
        return QStringLiteral("val_accuracy");
    case Field::LearningRate:
        return QStringLiteral("lr");
    case Field::Other:
        break;
    }
    return QString();
}

/// Reads the spellings of NaN and infinity; false if `text` is none of them.
bool nonFiniteNamed(const QString &text, double *value)
{
    const QString t = text.trimmed().toLower();
    if (t == QLatin1String("nan")) {
        *value = std::numeric_limits<double>::quiet_NaN();
        return true;
    }
    const bool negative = t.startsWith(QLatin1Char('-'));
    const QString rest = (negative || t.startsWith(QLatin1Char('+'))) ? t.mid(1) : t;
    if (rest == QLatin1String("inf") || rest == QLatin1String("infinity")) {
        *value =
            negative ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
        return true;
    }
    return false;
}

/// Stores a metric value; a NaN loss is marked as measured.
void store(EpochMetrics &m, Field f, double v)
{
    switch (f) {
    case Field::TrainLoss:
        m.trainLoss = v;
        m.trainLossNaN = std::isnan(v);
        break;
    case Field::ValLoss:
        m.valLoss = v;
        m.valLossNaN = std::isnan(v);
        break;
    case Field::ValAccuracy:
        m.valAccuracy = v;
        break;
    case Field::LearningRate:
        m.learningRate = v;
        break;
    case Field::Epoch:
    case Field::Other:
        break;
    }
}

/// A whole number 0 or more that fits an int; false otherwise.
bool epochNumber(double v, int *epoch)
{
    if (!std::isfinite(v) || v < 0 || v > std::numeric_limits<int>::max() || v != std::floor(v))
        return false;
    *epoch = int(v);
    return true;
}

void requireIncreasing(const std::vector<EpochMetrics> &history, const QString &where)
{
    if (history.size() >= 2 && history.back().epoch <= history[history.size() - 2].epoch)
        throw Error(ErrorKind::Input,
            QStringLiteral("%1: epoch %2 follows epoch %3; epochs must increase.")
                .arg(where, QString::number(history.back().epoch),
                    QString::number(history[history.size() - 2].epoch)));
}

/// A JSON value as it would be written, for error messages.
QString jsonText(const QJsonValue &v)
{
    const QByteArray wrapped = QJsonDocument(QJsonArray {v}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(wrapped.mid(1, wrapped.size() - 2));
}

/// Quotes the bare NaN, Infinity and -Infinity that Python's json module writes, so that
/// QJsonDocument (strict JSON) reads them; strings are left alone. Lines are not changed.
QByteArray quoteBareNonFinite(const QByteArray &data)
{
    QByteArray out;
    out.reserve(data.size());
    bool inString = false;
    bool escaped = false;
    for (qsizetype i = 0; i < data.size(); ++i) {
        const char c = data.at(i);
        if (inString) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
            out += c;
            continue;
        }
        if (c == '"')
            inString = true;
        bool replaced = false;
        for (const char *token : {"-Infinity", "Infinity", "NaN"}) {
            const QByteArray t(token);
            if (data.mid(i, t.size()) == t) {
                out += '"' + t + '"';
                i += t.size() - 1;
                replaced = true;
                break;
            }
        }
        if (!replaced)
            out += c;
    }
    return out;
}

std::vector<EpochMetrics> parseJson(const QByteArray &data)
{
    const QByteArray text = quoteBareNonFinite(data);
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(text, &error);
    if (error.error != QJsonParseError::NoError) {
        const int line = int(text.left(error.offset).count('\n')) + 1;
        throw Error(ErrorKind::Input,
            QStringLiteral("Metrics JSON is malformed at line %1: %2.").arg(line).arg(error.errorString()));
    }
    QJsonArray epochs;
    if (doc.isArray()) {
        epochs = doc.array();
    } else {
        const QJsonValue v = doc.object().value(QStringLiteral("epochs"));
        if (!v.isArray())
            throw Error(ErrorKind::Input,
                QStringLiteral("Metrics JSON has no \"epochs\" array. %1").arg(QLatin1String(kFormats)));
        epochs = v.toArray();
    }

    std::vector<EpochMetrics> history;
    history.reserve(size_t(epochs.size()));
    for (qsizetype i = 0; i < epochs.size(); ++i) {
        const QString where = QStringLiteral("epochs[%1]").arg(i);
        if (!epochs.at(i).isObject())
            throw Error(ErrorKind::Input, QStringLiteral("%1 is not an object.").arg(where));
        const QJsonObject o = epochs.at(i).toObject();
        EpochMetrics m;
        bool hasEpoch = false;
        bool hasMetric = false;
        QMap<Field, QString> seen; // field -> the key that gave it
        for (auto it = o.begin(); it != o.end(); ++it) {
            const Field f = fieldNamed(it.key());
            if (f == Field::Other)
                continue;
            if (seen.contains(f))
                throw Error(ErrorKind::Input,
                    QStringLiteral("%1 gives %2 twice, as \"%3\" and \"%4\".")
                        .arg(where, canonicalName(f), seen.value(f), it.key()));
            seen.insert(f, it.key());
            const QJsonValue v = it.value();
            const QString field = QStringLiteral("%1.%2").arg(where, it.key());
            if (f == Field::Epoch) {
                if (!v.isDouble() || !epochNumber(v.toDouble(), &m.epoch))
                    throw Error(ErrorKind::Input,
                        QStringLiteral("%1 is %2, not a whole number 0 or more.").arg(field, jsonText(v)));
                hasEpoch = true;
                continue;
            }
            double value = 0;
            if (v.isNull() || v.isUndefined())
                continue;
            if (v.isDouble())
                value = v.toDouble();
            else if (!(v.isString() && nonFiniteNamed(v.toString(), &value)))
                throw Error(ErrorKind::Input,
                    QStringLiteral("%1 is %2, not a number (or null, \"NaN\", \"Infinity\").")
                        .arg(field, jsonText(v)));
            store(m, f, value);
            hasMetric = hasMetric || f != Field::LearningRate;
        }
        if (!hasEpoch)
            throw Error(ErrorKind::Input, QStringLiteral("%1 has no \"epoch\".").arg(where));
        if (!hasMetric)
            throw Error(ErrorKind::Input,
                QStringLiteral("%1 (epoch %2) has none of train_loss, val_loss, val_accuracy.")
                    .arg(where, QString::number(m.epoch)));
        history.push_back(m);
        requireIncreasing(history, where);
    }
    return history;
}

QStringList splitCsvLine(const QString &line)
{
    QStringList cells = line.split(QLatin1Char(','));
    for (QString &c : cells) {
        c = c.trimmed();
        if (c.size() >= 2 && c.startsWith(QLatin1Char('"')) && c.endsWith(QLatin1Char('"')))
            c = c.mid(1, c.size() - 2).trimmed();
    }
    return cells;
}

std::vector<EpochMetrics> parseCsv(const QByteArray &data)
{
    const QStringList lines = QString::fromUtf8(data).split(QLatin1Char('\n'));
    QList<Field> columns;
    QStringList header;
    int headerLine = 0;
    std::vector<EpochMetrics> history;

    for (qsizetype n = 0; n < lines.size(); ++n) {
        const QString line = lines.at(n).trimmed();
        const int lineNo = int(n) + 1;
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        const QStringList cells = splitCsvLine(line);

        if (columns.isEmpty()) {
            headerLine = lineNo;
            header = cells;
            bool hasMetric = false;
            for (const QString &name : cells) {
                const Field f = fieldNamed(name);
                if (f != Field::Other && columns.contains(f))
                    throw Error(ErrorKind::Input,
                        QStringLiteral("Line %1: the header names %2 twice, as \"%3\" and \"%4\".")
                            .arg(QString::number(lineNo), canonicalName(f), cells.at(columns.indexOf(f)),
                                name));
                hasMetric =
                    hasMetric || f == Field::TrainLoss || f == Field::ValLoss || f == Field::ValAccuracy;
                columns.append(f);
            }
            if (!columns.contains(Field::Epoch) || !hasMetric)
                throw Error(ErrorKind::Input,
                    QStringLiteral("Line %1: the CSV header \"%2\" needs an epoch column and at least one of "
                                   "train_loss, val_loss, val_accuracy. %3")
                        .arg(QString::number(lineNo), line, QLatin1String(kFormats)));
            continue;
        }

        if (cells.size() != columns.size())
            throw Error(ErrorKind::Input,
                QStringLiteral("Line %1 has %2 fields, but the header (line %3) has %4.")
                    .arg(QString::number(lineNo), QString::number(cells.size()), QString::number(headerLine),
                        QString::number(columns.size())));
        EpochMetrics m;
        for (qsizetype c = 0; c < cells.size(); ++c) {
            const Field f = columns.at(c);
            const QString &cell = cells.at(c);
            const QString where =
                QStringLiteral("Line %1, column %2").arg(QString::number(lineNo), header.at(c));
            if (f == Field::Other)
                continue;
            if (f == Field::Epoch) {
                bool ok = false;
                const double v = cell.toDouble(&ok);
                if (!ok || !epochNumber(v, &m.epoch))
                    throw Error(ErrorKind::Input,
                        QStringLiteral("%1: \"%2\" is not a whole number 0 or more.").arg(where, cell));
                continue;
            }
            if (cell.isEmpty())
                continue;
            double value = 0;
            bool ok = nonFiniteNamed(cell, &value);
            if (!ok)
                value = cell.toDouble(&ok); // C locale: a dot, never a comma
            if (!ok)
                throw Error(ErrorKind::Input, QStringLiteral("%1: \"%2\" is not a number.").arg(where, cell));
            store(m, f, value);
        }
        history.push_back(m);
        requireIncreasing(history, QStringLiteral("Line %1").arg(lineNo));
    }
    if (columns.isEmpty())
        throw Error(
            ErrorKind::Input, QStringLiteral("The CSV has no header row. %1").arg(QLatin1String(kFormats)));
    return history;
}

} // namespace

std::vector<EpochMetrics> parseMetricHistory(const QByteArray &data)
{
    QByteArray text = data;
    if (text.startsWith("\xEF\xBB\xBF")) // a UTF-8 byte order mark, as some spreadsheets write
        text.remove(0, 3);
    const QByteArray start = text.trimmed().left(1);
    if (start.isEmpty())
        throw Error(
            ErrorKind::Input, QStringLiteral("The metrics are empty. %1").arg(QLatin1String(kFormats)));
    if (start == "{" || start == "[")
        return parseJson(text);
    return parseCsv(text);
}

} // namespace lk::analysis
