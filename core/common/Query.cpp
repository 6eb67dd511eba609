#include "core/common/Query.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <cmath>

namespace lk {

namespace {

/// The largest integer every JSON client reads exactly: 2^53 - 1.
constexpr qint64 kMaxExactInteger = 9007199254740991;

} // namespace

QueryError::QueryError(Reason reason, const QString &message, QString parameter)
    : Error(ErrorKind::Input, message)
    , m_reason(reason)
    , m_parameter(std::move(parameter))
{ }

QJsonValue finiteOrNull(double v)
{
    return std::isfinite(v) ? QJsonValue(v) : QJsonValue();
}

namespace query {

QueryError invalid(const QString &message, const QString &parameter)
{
    return QueryError(QueryError::Reason::InvalidArgument, message, parameter);
}

QueryError notFound(const QString &message)
{
    return QueryError(QueryError::Reason::NotFound, message);
}

QString shown(const QJsonValue &v)
{
    if (v.isString())
        return limits::quoted(v.toString(), 100);
    if (v.isDouble())
        return QString::number(v.toDouble(), 'g', 17);
    if (v.isBool())
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (v.isArray())
        return limits::quoted(QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact)), 100);
    if (v.isObject())
        return limits::quoted(QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact)), 100);
    return QStringLiteral("null");
}

void rejectUnknown(const QJsonObject &params, const QStringList &known)
{
    for (auto it = params.begin(); it != params.end(); ++it) {
        if (!known.contains(it.key()))
            throw invalid(known.isEmpty()
                    ? QStringLiteral("Unknown parameter \"%1\": this query takes none.")
                          .arg(limits::quoted(it.key(), 100))
                    : QStringLiteral("Unknown parameter \"%1\": this query takes %2.")
                          .arg(limits::quoted(it.key(), 100), known.join(QStringLiteral(", "))),
                it.key());
    }
}

qint64 wholeNumber(const QJsonObject &params, const QString &name, qint64 fallback, qint64 min, qint64 max)
{
    const QJsonValue v = params.value(name);
    if (v.isUndefined() || v.isNull())
        return fallback;
    bool ok = false;
    qint64 n = 0;
    if (v.isDouble()) {
        const double d = v.toDouble();
        ok = std::isfinite(d) && d == std::floor(d) && std::fabs(d) <= double(kMaxExactInteger);
        n = ok ? qint64(d) : 0;
    } else if (v.isString()) {
        n = v.toString().trimmed().toLongLong(&ok);
    }
    if (!ok || n < min || n > max)
        throw invalid(QStringLiteral("%1 must be a whole number from %2 to %3, not \"%4\".")
                          .arg(name, QString::number(min), QString::number(max), shown(v)),
            name);
    return n;
}

int pageLimit(const QJsonObject &params, const limits::PageLimit &page, const QString &name)
{
    return int(wholeNumber(params, name, page.fallback, page.minimum, page.maximum));
}

double nonNegative(const QJsonObject &params, const QString &name, double fallback)
{
    const QJsonValue v = params.value(name);
    if (v.isUndefined() || v.isNull())
        return fallback;
    bool ok = false;
    double d = 0;
    if (v.isDouble()) {
        d = v.toDouble();
        ok = true;
    } else if (v.isString()) {
        d = v.toString().trimmed().toDouble(&ok);
    }
    if (!ok || !std::isfinite(d) || d < 0)
        throw invalid(QStringLiteral("%1 must be a number, 0 or more, not \"%2\".").arg(name, shown(v)), name);
    return d;
}

std::optional<QString> choice(const QJsonObject &params, const QString &name, const QStringList &choices)
{
    const QJsonValue v = params.value(name);
    if (v.isUndefined() || v.isNull())
        return std::nullopt;
    const QString s = v.isString() ? v.toString().trimmed().toLower() : QString();
    if (!choices.contains(s))
        throw invalid(QStringLiteral("%1 must be one of %2, not \"%3\".")
                          .arg(name, choices.join(QStringLiteral(", ")), shown(v)),
            name);
    return s;
}

QString text(const QJsonObject &params, const QString &name, int maxLength)
{
    const QJsonValue v = params.value(name);
    if (v.isUndefined() || v.isNull())
        return {};
    if (!v.isString())
        throw invalid(QStringLiteral("%1 must be a string, not %2.").arg(name, shown(v)), name);
    const QString s = v.toString().trimmed();
    const QString problem = limits::lengthProblem(name, s, maxLength);
    if (!problem.isEmpty())
        throw invalid(problem, name);
    return s;
}

} // namespace query

} // namespace lk
