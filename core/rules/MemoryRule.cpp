#include "core/rules/MemoryRule.h"

#include "core/common/Error.h"

#include <QCryptographicHash>
#include <QJsonArray>

#include <cmath>

namespace lk::rules {

namespace {

[[noreturn]] void fail(const QString &where, const QString &what)
{
    throw Error(ErrorKind::Input, QStringLiteral("%1: %2").arg(where, what));
}

QString requiredString(const QJsonObject &o, const QString &key, const QString &where)
{
    const QJsonValue v = o.value(key);
    if (!v.isString() || v.toString().isEmpty())
        fail(where, QStringLiteral("%1 must be a non-empty string").arg(key));
    return v.toString();
}

double requiredNumber(const QJsonObject &o, const QString &key, const QString &where)
{
    const QJsonValue v = o.value(key);
    if (!v.isDouble() || !std::isfinite(v.toDouble()) || v.toDouble() < 0)
        fail(where, QStringLiteral("%1 must be a number >= 0").arg(key));
    return v.toDouble();
}

QStringList stringList(const QJsonObject &o, const QString &key, const QString &where)
{
    QStringList out;
    const QJsonValue v = o.value(key);
    if (v.isUndefined() || v.isNull())
        return out;
    if (!v.isArray())
        fail(where, QStringLiteral("%1 must be an array of strings").arg(key));
    for (const QJsonValue &item : v.toArray()) {
        if (!item.isString())
            fail(where, QStringLiteral("%1 must be an array of strings").arg(key));
        out << item.toString();
    }
    return out;
}

} // namespace

Impact &Impact::operator+=(const Impact &other)
{
    wastedRetries += other.wastedRetries;
    wastedMs += other.wastedMs;
    wastedCost += other.wastedCost;
    failedOutcomes += other.failedOutcomes;
    return *this;
}

QJsonObject Evidence::toJson() const
{
    return QJsonObject{{QStringLiteral("occurrences"), occurrences}, {QStringLiteral("runs"), runs},
        {QStringLiteral("run_ids"), QJsonArray::fromStringList(runIds)},
        {QStringLiteral("batch_ids"), QJsonArray::fromStringList(batchIds)},
        {QStringLiteral("wasted_retries"), impact.wastedRetries},
        // Whole milliseconds and cents are what the data supports; more digits would be noise.
        {QStringLiteral("wasted_ms"), std::round(impact.wastedMs)},
        {QStringLiteral("wasted_cost"), std::round(impact.wastedCost * 100.0) / 100.0},
        {QStringLiteral("failed_outcomes"), impact.failedOutcomes}, {QStringLiteral("details"), details}};
}

Evidence Evidence::fromJson(const QJsonObject &json)
{
    const QString where = QStringLiteral("evidence");
    Evidence e;
    e.occurrences = qint64(requiredNumber(json, QStringLiteral("occurrences"), where));
    e.runs = qint64(requiredNumber(json, QStringLiteral("runs"), where));
    e.runIds = stringList(json, QStringLiteral("run_ids"), where);
    e.batchIds = stringList(json, QStringLiteral("batch_ids"), where);
    e.impact.wastedRetries = qint64(json.value(QStringLiteral("wasted_retries")).toDouble());
    e.impact.wastedMs = json.value(QStringLiteral("wasted_ms")).toDouble();
    e.impact.wastedCost = json.value(QStringLiteral("wasted_cost")).toDouble();
    e.impact.failedOutcomes = qint64(json.value(QStringLiteral("failed_outcomes")).toDouble());
    e.details = json.value(QStringLiteral("details")).toObject();
    return e;
}

QJsonObject PatternRef::toJson() const
{
    return QJsonObject{{QStringLiteral("kind"), kind}, {QStringLiteral("key"), key},
        {QStringLiteral("subject"), subject}, {QStringLiteral("stance"), stance}};
}

QJsonObject ProposedRule::toJson() const
{
    // The schema's order of members cannot be kept (QJsonObject sorts them); the names are its.
    return QJsonObject{{QStringLiteral("priority"), priority}, {QStringLiteral("rule_id"), ruleId},
        {QStringLiteral("target_agent"), targetAgent},
        {QStringLiteral("trigger_condition"), triggerCondition}, {QStringLiteral("instruction"), instruction},
        {QStringLiteral("rationale"), rationale}, {QStringLiteral("confidence_score"), confidence},
        {QStringLiteral("evidence"), evidence.toJson()}, {QStringLiteral("fingerprint"), pattern.fingerprint},
        {QStringLiteral("pattern"), pattern.toJson()}};
}

ProposedRule ProposedRule::fromJson(const QJsonObject &json)
{
    const QString id = json.value(QStringLiteral("rule_id")).toString();
    const QString where = id.isEmpty() ? QStringLiteral("rule") : QStringLiteral("rule %1").arg(id);
    ProposedRule r;
    r.ruleId = requiredString(json, QStringLiteral("rule_id"), where);
    r.priority = requiredString(json, QStringLiteral("priority"), where);
    r.targetAgent = requiredString(json, QStringLiteral("target_agent"), where);
    r.triggerCondition = requiredString(json, QStringLiteral("trigger_condition"), where);
    r.instruction = requiredString(json, QStringLiteral("instruction"), where);
    r.rationale = requiredString(json, QStringLiteral("rationale"), where);
    r.confidence = requiredNumber(json, QStringLiteral("confidence_score"), where);
    if (r.confidence > 1)
        fail(where, QStringLiteral("confidence_score must be in [0, 1]"));
    r.pattern.fingerprint = requiredString(json, QStringLiteral("fingerprint"), where);
    const QJsonObject p = json.value(QStringLiteral("pattern")).toObject();
    r.pattern.kind = requiredString(p, QStringLiteral("kind"), where + QStringLiteral(" pattern"));
    r.pattern.key = requiredString(p, QStringLiteral("key"), where + QStringLiteral(" pattern"));
    r.pattern.subject = requiredString(p, QStringLiteral("subject"), where + QStringLiteral(" pattern"));
    r.pattern.stance = requiredString(p, QStringLiteral("stance"), where + QStringLiteral(" pattern"));
    if (!json.value(QStringLiteral("evidence")).isObject())
        fail(where, QStringLiteral("evidence must be an object"));
    r.evidence = Evidence::fromJson(json.value(QStringLiteral("evidence")).toObject());
    return r;
}

QString patternKey(const QString &kind, const QStringList &parts)
{
    QString key = kind;
    for (QString part : parts) {
        part.replace(QLatin1Char('%'), QStringLiteral("%25"));
        part.replace(QLatin1Char('|'), QStringLiteral("%7C"));
        key += QLatin1Char('|') + part;
    }
    return key;
}

QString patternFingerprint(const QString &key)
{
    const QByteArray hash = QCryptographicHash::hash(key.toUtf8(), QCryptographicHash::Sha256);
    return QString::fromLatin1(hash.toHex().left(16));
}

} // namespace lk::rules
