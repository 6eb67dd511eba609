#include "core/common/JsonSettings.h"

#include "core/common/Error.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonValue>

#include <cmath>

namespace lk::settings {

std::optional<QJsonObject> readObjectFile(const QString &path)
{
    QFile f(path);
    if (!f.exists())
        return std::nullopt;
    if (!f.open(QIODevice::ReadOnly))
        throw Error(ErrorKind::Input, QStringLiteral("Cannot read %1: %2.").arg(path, f.errorString()));
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &error);
    if (error.error != QJsonParseError::NoError)
        throw Error(ErrorKind::Input,
            QStringLiteral("%1 is not JSON (at byte %2: %3).").arg(path).arg(error.offset).arg(error.errorString()));
    if (!doc.isObject())
        throw Error(ErrorKind::Input, QStringLiteral("%1 must hold a JSON object.").arg(path));
    return doc.object();
}

void invalid(const QString &context, const QString &key, const QString &what)
{
    throw Error(ErrorKind::Input, QStringLiteral("%1: %2 %3").arg(context, key, what));
}

QString keyPath(const QString &where, const QString &key)
{
    return where.isEmpty() ? key : where + QLatin1Char('.') + key;
}

void onlyKnown(const QJsonObject &o, const QString &context, const QString &where, const QStringList &known)
{
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (!known.contains(it.key()))
            invalid(context, keyPath(where, it.key()),
                QStringLiteral("is not a setting (known: %1)").arg(known.join(QStringLiteral(", "))));
    }
}

QJsonObject section(const QJsonObject &o, const QString &context, const QString &key)
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined() || v.isNull())
        return {};
    if (!v.isObject())
        invalid(context, key, QStringLiteral("must be an object"));
    return v.toObject();
}

int integer(const QJsonObject &o, const QString &context, const QString &where, const QString &key, int fallback,
    int low, int high)
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined())
        return fallback;
    const double x = v.toDouble(-1e300);
    if (!v.isDouble() || x != std::floor(x) || x < low || x > high)
        invalid(context, keyPath(where, key), QStringLiteral("must be an integer from %1 to %2").arg(low).arg(high));
    return int(x);
}

double number(const QJsonObject &o, const QString &context, const QString &where, const QString &key,
    double fallback, double low, double high)
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined())
        return fallback;
    if (!v.isDouble() || v.toDouble() < low || v.toDouble() > high)
        invalid(context, keyPath(where, key), QStringLiteral("must be a number from %1 to %2").arg(low).arg(high));
    return v.toDouble();
}

bool boolean(const QJsonObject &o, const QString &context, const QString &where, const QString &key, bool fallback)
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined())
        return fallback;
    if (!v.isBool())
        invalid(context, keyPath(where, key), QStringLiteral("must be true or false"));
    return v.toBool();
}

} // namespace lk::settings
