#include "core/common/JsonText.h"

namespace lk {

QString describeJsonValue(const QJsonValue &value)
{
    constexpr int kLongest = 80; // a message quotes the value, it does not repeat a document
    switch (value.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double:
        return QString::number(value.toDouble(), 'g', 17);
    case QJsonValue::String: {
        const QString s = value.toString();
        return QLatin1Char('"') + (s.size() > kLongest ? s.left(kLongest) + QChar(0x2026) : s) + QLatin1Char('"');
    }
    case QJsonValue::Array:
        return QStringLiteral("an array");
    case QJsonValue::Object:
        return QStringLiteral("an object");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("nothing");
}

} // namespace lk
