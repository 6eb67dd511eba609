#include "core/bandit/OutcomeEvent.h"

#include "core/common/Error.h"
#include "core/common/JsonText.h"
#include "core/common/Limits.h"

#include <QJsonDocument>
#include <QJsonValue>

#include <cmath>

namespace lk::bandit {

namespace {

const QString kEventId = QStringLiteral("event_id");
const QString kAgentName = QStringLiteral("agent_name");
const QString kTaskType = QStringLiteral("task_type");
const QString kContext = QStringLiteral("context");
const QString kSuccess = QStringLiteral("success");
const QString kLatency = QStringLiteral("latency_ms");
const QString kQuality = QStringLiteral("quality_score");
const QString kCost = QStringLiteral("cost");
const QString kTokens = QStringLiteral("tokens");
const QString kTimestamp = QStringLiteral("timestamp");

/// The largest integer a JSON number (a double) holds exactly.
constexpr double kMaxExactInteger = 9007199254740992.0; // 2^53

QString shown(const QJsonValue &value)
{
    return describeJsonValue(value);
}

class Reader
{
public:
    explicit Reader(const QJsonObject &json)
        : m_json(json)
    {
        const QJsonValue id = json.value(kEventId);
        if (id.isString() && !id.toString().isEmpty())
            m_where = QStringLiteral("outcome event \"%1\"")
                          .arg(limits::quoted(id.toString(), limits::kMaxIdLength));
        else
            m_where = QStringLiteral("outcome event");
    }

    [[noreturn]] void fail(const QString &field, const QString &what) const
    {
        throw Error(ErrorKind::Input, QStringLiteral("%1: %2 %3").arg(m_where, field, what));
    }

    QString requiredString(const QString &field, int maxLength) const
    {
        const QString text = requiredText(field);
        if (text.size() > maxLength)
            fail(field,
                QStringLiteral("is %1 characters long; the limit is %2").arg(text.size()).arg(maxLength));
        return text;
    }

    /// An object field's compact JSON must stay within kMaxObjectBytes and kMaxJsonDepth.
    void requireBoundedObject(const QString &field, const QJsonObject &object) const
    {
        if (limits::jsonDepth(object) > limits::kMaxJsonDepth)
            fail(field, QStringLiteral("nests deeper than %1 levels").arg(limits::kMaxJsonDepth));
        const qsizetype bytes = QJsonDocument(object).toJson(QJsonDocument::Compact).size();
        if (bytes > limits::kMaxObjectBytes)
            fail(field,
                QStringLiteral("is %1 bytes of JSON; the limit is %2")
                    .arg(bytes)
                    .arg(limits::kMaxObjectBytes));
    }

    QString requiredText(const QString &field) const
    {
        const QJsonValue v = m_json.value(field);
        if (v.isUndefined() || v.isNull())
            fail(field, QStringLiteral("is missing (a non-empty string is required)"));
        if (!v.isString())
            fail(field, QStringLiteral("must be a string, not %1").arg(shown(v)));
        if (v.toString().trimmed().isEmpty())
            fail(field, QStringLiteral("must not be empty"));
        return v.toString();
    }

    bool requiredBool(const QString &field) const
    {
        const QJsonValue v = m_json.value(field);
        if (v.isUndefined() || v.isNull())
            fail(field, QStringLiteral("is missing (true or false is required)"));
        if (!v.isBool())
            fail(field, QStringLiteral("must be true or false, not %1").arg(shown(v)));
        return v.toBool();
    }

    bool present(const QString &field) const
    {
        const QJsonValue v = m_json.value(field);
        return !v.isUndefined() && !v.isNull();
    }

    /// NaN when absent; otherwise a finite number in [low, high].
    double optionalNumber(const QString &field, double low, double high, const QString &range) const
    {
        if (!present(field))
            return std::numeric_limits<double>::quiet_NaN();
        const QJsonValue v = m_json.value(field);
        if (!v.isDouble())
            fail(field, QStringLiteral("must be a number %1, not %2").arg(range, shown(v)));
        const double x = v.toDouble();
        if (!std::isfinite(x) || x < low || x > high)
            fail(field, QStringLiteral("must be %1, not %2").arg(range, shown(v)));
        return x;
    }

private:
    const QJsonObject &m_json;
    QString m_where;
};

} // namespace

OutcomeEvent parseOutcomeEvent(const QJsonObject &json)
{
    const Reader r(json);
    OutcomeEvent e;
    e.eventId = r.requiredString(kEventId, limits::kMaxIdLength);
    e.agentName = r.requiredString(kAgentName, limits::kMaxNameLength);
    e.taskType = r.requiredString(kTaskType, limits::kMaxNameLength);
    e.success = r.requiredBool(kSuccess);

    if (r.present(kContext)) {
        const QJsonValue v = json.value(kContext);
        if (!v.isObject())
            r.fail(kContext, QStringLiteral("must be an object, not %1").arg(shown(v)));
        e.context = v.toObject();
        r.requireBoundedObject(kContext, e.context);
    }

    e.latencyMs = r.optionalNumber(kLatency, 0.0, limits::kMaxLatencyMs,
        QStringLiteral("in [0, %1]").arg(limits::kMaxLatencyMs, 0, 'f', 0));
    e.qualityScore = r.optionalNumber(kQuality, 0.0, 1.0, QStringLiteral("in [0, 1]"));
    e.cost = r.optionalNumber(
        kCost, 0.0, limits::kMaxCost, QStringLiteral("in [0, %1]").arg(limits::kMaxCost, 0, 'f', 0));

    static_assert(limits::kMaxTokens <= kMaxExactInteger);
    const double tokens = r.optionalNumber(kTokens, 0.0, limits::kMaxTokens,
        QStringLiteral("an integer in [0, %1]").arg(limits::kMaxTokens, 0, 'f', 0));
    if (!std::isnan(tokens)) {
        if (tokens != std::floor(tokens))
            r.fail(kTokens,
                QStringLiteral("must be an integer in [0, %1], not %2")
                    .arg(limits::kMaxTokens, 0, 'f', 0)
                    .arg(shown(json.value(kTokens))));
        e.tokens = qint64(tokens);
    }

    if (r.present(kTimestamp)) {
        const QJsonValue v = json.value(kTimestamp);
        if (!v.isString())
            r.fail(kTimestamp, QStringLiteral("must be an ISO 8601 string, not %1").arg(shown(v)));
        QDateTime t = QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
        if (!t.isValid())
            r.fail(kTimestamp,
                QStringLiteral("must be an ISO 8601 date and time such as 2025-10-09T12:34:56Z, not %1")
                    .arg(shown(v)));
        // Without a zone designator Qt reads local time; events come from other machines, so UTC
        // is the only reading that does not depend on where this one runs.
        if (t.timeSpec() == Qt::LocalTime)
            t = QDateTime(t.date(), t.time(), Qt::UTC);
        e.timestamp = t.toUTC();
    } else {
        e.timestamp = QDateTime::currentDateTimeUtc();
    }

    static const QStringList known{
        kEventId, kAgentName, kTaskType, kContext, kSuccess, kLatency, kQuality, kCost, kTokens, kTimestamp};
    for (auto it = json.begin(); it != json.end(); ++it)
        if (!known.contains(it.key()))
            e.extra.insert(it.key(), it.value());
    if (!e.extra.isEmpty())
        r.requireBoundedObject(QStringLiteral("the unknown fields"), e.extra);
    return e;
}

QJsonObject toJson(const OutcomeEvent &event)
{
    QJsonObject o = event.extra;
    o.insert(kEventId, event.eventId);
    o.insert(kAgentName, event.agentName);
    o.insert(kTaskType, event.taskType);
    o.insert(kContext, event.context);
    o.insert(kSuccess, event.success);
    if (!std::isnan(event.latencyMs))
        o.insert(kLatency, event.latencyMs);
    if (!std::isnan(event.qualityScore))
        o.insert(kQuality, event.qualityScore);
    if (!std::isnan(event.cost))
        o.insert(kCost, event.cost);
    if (event.tokens >= 0)
        o.insert(kTokens, event.tokens);
    if (event.timestamp.isValid())
        o.insert(kTimestamp, event.timestamp.toUTC().toString(Qt::ISODateWithMs));
    return o;
}

} // namespace lk::bandit
