#include "core/autoretrain/TranscriptReader.h"

#include "core/common/Error.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QStringList>

#include <cmath>
#include <limits>

namespace lk::autoretrain {

namespace {

[[noreturn]] void bad(const QString &message)
{
    throw Error(ErrorKind::Input, message);
}

QString typeName(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return QStringLiteral("a boolean");
    case QJsonValue::Double:
        return QStringLiteral("a number");
    case QJsonValue::String:
        return QStringLiteral("a string");
    case QJsonValue::Array:
        return QStringLiteral("an array");
    case QJsonValue::Object:
        return QStringLiteral("an object");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("missing");
}

/// An optional string field: absent or null gives an empty string.
QString optionalString(const QJsonObject &o, const QString &field, const QString &path)
{
    const QJsonValue v = o.value(field);
    if (v.isUndefined() || v.isNull())
        return {};
    if (!v.isString())
        bad(QStringLiteral("%1 must be a string, not %2").arg(path, typeName(v)));
    return v.toString();
}

QString requiredString(const QJsonObject &o, const QString &field, const QString &path)
{
    const QJsonValue v = o.value(field);
    if (!v.isString() || v.toString().trimmed().isEmpty())
        bad(QStringLiteral("%1 must be a non-empty string, not %2")
                .arg(path, v.isString() ? QStringLiteral("an empty one") : typeName(v)));
    return v.toString();
}

/// An optional number in [min, max]; absent or null means "not reported".
std::optional<double> optionalNumber(const QJsonObject &o, const QString &field, double min, double max)
{
    const QJsonValue v = o.value(field);
    if (v.isUndefined() || v.isNull())
        return std::nullopt;
    if (!v.isDouble())
        bad(QStringLiteral("%1 must be a number, not %2").arg(field, typeName(v)));
    const double x = v.toDouble();
    if (!std::isfinite(x) || x < min || x > max)
        bad(QStringLiteral("%1 must be %2, not %3")
                .arg(field,
                    max == std::numeric_limits<double>::max()
                        ? QStringLiteral(">= %1").arg(min)
                        : QStringLiteral("from %1 to %2").arg(min).arg(max),
                    QString::number(x, 'g', 10)));
    return x;
}

/// escalations: a count, or the list of escalation events (which counts by its length).
std::optional<int> escalationCount(const QJsonObject &o)
{
    const QJsonValue v = o.value(QStringLiteral("escalations"));
    if (v.isUndefined() || v.isNull())
        return std::nullopt;
    if (v.isArray())
        return int(v.toArray().size());
    const double x = v.toDouble(-1);
    if (!v.isDouble() || x < 0 || x != std::floor(x) || x > std::numeric_limits<int>::max())
        bad(QStringLiteral("escalations must be a count (an integer >= 0) or a list of escalations, not %1")
                .arg(v.isDouble() ? QString::number(x, 'g', 10) : typeName(v)));
    return int(x);
}

/// tool_calls of an assistant message in the fine-tune format; `ids` collects their ids.
QJsonArray convertToolCalls(const QJsonValue &value, const QString &path, QSet<QString> *ids)
{
    if (!value.isArray())
        bad(QStringLiteral("%1 must be an array, not %2").arg(path, typeName(value)));
    QJsonArray out;
    const QJsonArray calls = value.toArray();
    for (qsizetype i = 0; i < calls.size(); ++i) {
        const QString at = QStringLiteral("%1[%2]").arg(path).arg(i);
        if (!calls.at(i).isObject())
            bad(QStringLiteral("%1 must be an object, not %2").arg(at, typeName(calls.at(i))));
        const QJsonObject call = calls.at(i).toObject();
        const QString id = requiredString(call, QStringLiteral("id"), at + QStringLiteral(".id"));
        if (ids->contains(id))
            bad(QStringLiteral("%1.id \"%2\" is used by an earlier tool call of this run").arg(at, id));
        ids->insert(id);
        // "type" may be left out: "function" is the only kind of tool call fine-tuning knows.
        const QJsonValue type = call.value(QStringLiteral("type"));
        if (!type.isUndefined() && !type.isNull() && type.toString() != QLatin1String("function"))
            bad(QStringLiteral("%1.type must be \"function\", not %2")
                    .arg(at,
                        type.isString() ? QStringLiteral("\"%1\"").arg(type.toString()) : typeName(type)));
        const QJsonValue fn = call.value(QStringLiteral("function"));
        if (!fn.isObject())
            bad(QStringLiteral("%1.function must be an object with name and arguments, not %2")
                    .arg(at, typeName(fn)));
        const QJsonObject function = fn.toObject();
        const QString name =
            requiredString(function, QStringLiteral("name"), at + QStringLiteral(".function.name"));
        // The fine-tune format wants arguments as a string of JSON; agents log either form.
        const QJsonValue args = function.value(QStringLiteral("arguments"));
        QString arguments;
        if (args.isObject()) {
            arguments = QString::fromUtf8(QJsonDocument(args.toObject()).toJson(QJsonDocument::Compact));
        } else if (args.isString()) {
            QJsonParseError error{};
            const QJsonDocument doc = QJsonDocument::fromJson(args.toString().toUtf8(), &error);
            if (error.error != QJsonParseError::NoError || !doc.isObject())
                bad(QStringLiteral("%1.function.arguments must hold a JSON object; \"%2\" is not one%3")
                        .arg(at, args.toString().left(80),
                            error.error != QJsonParseError::NoError
                                ? QStringLiteral(" (%1)").arg(error.errorString())
                                : QString()));
            arguments = args.toString();
        } else {
            bad(QStringLiteral("%1.function.arguments must be a JSON object or a string of one, not %2")
                    .arg(at, typeName(args)));
        }
        out.append(
            QJsonObject{{QStringLiteral("id"), id}, {QStringLiteral("type"), QStringLiteral("function")},
                {QStringLiteral("function"),
                    QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("arguments"), arguments}}}});
    }
    return out;
}

/// The messages in the fine-tune format; counts the tool calls into *toolCalls.
QJsonArray convertMessages(const QJsonValue &value, int *toolCalls)
{
    if (!value.isArray() || value.toArray().isEmpty())
        bad(QStringLiteral("messages must be a non-empty array, not %1")
                .arg(value.isArray() ? QStringLiteral("an empty one") : typeName(value)));
    static const QStringList roles{QStringLiteral("system"), QStringLiteral("user"),
        QStringLiteral("assistant"), QStringLiteral("tool")};
    const QJsonArray messages = value.toArray();
    QJsonArray out;
    QSet<QString> callIds;
    bool hasAssistant = false;
    for (qsizetype i = 0; i < messages.size(); ++i) {
        const QString at = QStringLiteral("messages[%1]").arg(i);
        if (!messages.at(i).isObject())
            bad(QStringLiteral("%1 must be an object, not %2").arg(at, typeName(messages.at(i))));
        const QJsonObject m = messages.at(i).toObject();
        const QJsonValue roleValue = m.value(QStringLiteral("role"));
        const QString role = roleValue.toString();
        if (!roles.contains(role))
            bad(QStringLiteral("%1.role must be one of %2, not %3")
                    .arg(at, roles.join(QStringLiteral(", ")),
                        roleValue.isString() ? QStringLiteral("\"%1\"").arg(role) : typeName(roleValue)));
        QJsonObject converted{{QStringLiteral("role"), role}};

        const QJsonValue calls = m.value(QStringLiteral("tool_calls"));
        const bool hasCalls =
            !calls.isUndefined() && !calls.isNull() && !(calls.isArray() && calls.toArray().isEmpty());
        if (hasCalls) {
            if (role != QLatin1String("assistant"))
                bad(QStringLiteral("%1.tool_calls: only assistant messages make tool calls, this one is %2")
                        .arg(at, role));
            const QJsonArray convertedCalls =
                convertToolCalls(calls, at + QStringLiteral(".tool_calls"), &callIds);
            *toolCalls += int(convertedCalls.size());
            converted.insert(QStringLiteral("tool_calls"), convertedCalls);
        }

        const QJsonValue content = m.value(QStringLiteral("content"));
        if (content.isString()) {
            converted.insert(QStringLiteral("content"), content);
        } else if (!((content.isNull() || content.isUndefined()) && hasCalls)) {
            // Only an assistant message that calls tools may go without text.
            bad(QStringLiteral("%1.content must be a string%2, not %3")
                    .arg(at,
                        role == QLatin1String("assistant")
                            ? QStringLiteral(" (or null when it has tool_calls)")
                            : QString(),
                        typeName(content)));
        }

        const QString name = optionalString(m, QStringLiteral("name"), at + QStringLiteral(".name"));
        if (!name.isEmpty())
            converted.insert(QStringLiteral("name"), name);

        if (role == QLatin1String("tool")) {
            const QString callId =
                requiredString(m, QStringLiteral("tool_call_id"), at + QStringLiteral(".tool_call_id"));
            // A result without its call teaches the model nothing and fails the fine-tune upload.
            if (!callIds.contains(callId))
                bad(QStringLiteral("%1.tool_call_id \"%2\" answers no earlier tool call of this run")
                        .arg(at, callId));
            converted.insert(QStringLiteral("tool_call_id"), callId);
        }

        if (role == QLatin1String("assistant")) {
            hasAssistant = true;
            // OpenAI's per-message weight (0: do not learn from this turn) is kept when valid.
            const QJsonValue weight = m.value(QStringLiteral("weight"));
            if (!weight.isUndefined() && !weight.isNull()) {
                if (!weight.isDouble() || (weight.toDouble() != 0 && weight.toDouble() != 1))
                    bad(QStringLiteral("%1.weight must be 0 or 1").arg(at));
                converted.insert(QStringLiteral("weight"), weight.toInt());
            }
        }
        out.append(converted);
    }
    if (!hasAssistant)
        bad(QStringLiteral("messages has no assistant message, so there is nothing to learn from"));
    return out;
}

} // namespace

QJsonObject BadLine::toJson() const
{
    QJsonObject o{{QStringLiteral("line"), line}, {QStringLiteral("error"), error}};
    if (!runId.isEmpty())
        o.insert(QStringLiteral("run_id"), runId);
    return o;
}

RunTranscript parseRunTranscript(const QJsonObject &record)
{
    RunTranscript run;
    run.runId = requiredString(record, QStringLiteral("run_id"), QStringLiteral("run_id"));
    run.metrics.verificationScore = optionalNumber(record, QStringLiteral("verification_score"), 0.0, 1.0);
    run.metrics.escalations = escalationCount(record);
    run.metrics.runtimeS =
        optionalNumber(record, QStringLiteral("runtime_s"), 0.0, std::numeric_limits<double>::max());
    run.costUsd = optionalNumber(record, QStringLiteral("cost_usd"), 0.0, std::numeric_limits<double>::max());
    run.task = optionalString(record, QStringLiteral("task"), QStringLiteral("task"));
    run.sourceModel = optionalString(record, QStringLiteral("source_model"), QStringLiteral("source_model"));
    run.agentVersion =
        optionalString(record, QStringLiteral("agent_version"), QStringLiteral("agent_version"));
    run.commit = optionalString(record, QStringLiteral("commit"), QStringLiteral("commit"));

    run.example.insert(QStringLiteral("messages"),
        convertMessages(record.value(QStringLiteral("messages")), &run.toolCallCount));
    run.messageCount = int(run.example.value(QStringLiteral("messages")).toArray().size());

    const QJsonValue tools = record.value(QStringLiteral("tools"));
    if (!tools.isUndefined() && !tools.isNull()) {
        if (!tools.isArray())
            bad(QStringLiteral("tools must be an array of tool definitions, not %1").arg(typeName(tools)));
        const QJsonArray list = tools.toArray();
        for (qsizetype i = 0; i < list.size(); ++i) {
            if (!list.at(i).isObject())
                bad(QStringLiteral("tools[%1] must be an object, not %2").arg(i).arg(typeName(list.at(i))));
        }
        if (!list.isEmpty())
            run.example.insert(QStringLiteral("tools"), list);
    }
    return run;
}

TranscriptReader::TranscriptReader(QIODevice &device, QString sourceName)
    : m_device(device)
    , m_source(std::move(sourceName))
{ }

std::optional<std::variant<RunTranscript, BadLine>> TranscriptReader::next()
{
    while (true) {
        // Every line but a last one without a newline ends in '\n', so empty means the end
        // (atEnd() alone is unreliable on pipes such as stdin).
        const QByteArray raw = m_device.readLine();
        if (raw.isEmpty())
            return std::nullopt;
        ++m_line;
        m_bytes += raw.size();
        m_hash.addData(raw);
        QByteArray line = raw.trimmed();
        if (m_line == 1 && line.startsWith("\xEF\xBB\xBF"))
            line.remove(0, 3); // a UTF-8 byte order mark, as some Windows editors write
        if (line.isEmpty())
            continue;

        BadLine problem;
        problem.line = m_line;
        const auto fail = [&](const QString &message) {
            problem.error = QStringLiteral("%1:%2: %3").arg(m_source).arg(m_line).arg(message);
            return std::variant<RunTranscript, BadLine>(problem);
        };
        QJsonParseError error{};
        const QJsonDocument doc = QJsonDocument::fromJson(line, &error);
        if (error.error != QJsonParseError::NoError)
            return fail(QStringLiteral("not valid JSON: %1 at character %2")
                            .arg(error.errorString())
                            .arg(error.offset + 1));
        if (!doc.isObject())
            return fail(QStringLiteral("a transcript record must be a JSON object"));
        const QJsonObject record = doc.object();
        const QJsonValue id = record.value(QStringLiteral("run_id"));
        if (id.isString())
            problem.runId = id.toString();
        try {
            RunTranscript run = parseRunTranscript(record);
            run.line = m_line;
            const auto seen = m_seenRunIds.constFind(run.runId);
            if (seen != m_seenRunIds.constEnd())
                return fail(QStringLiteral("run_id \"%1\" was already used on line %2; each run may "
                                           "appear once (its id decides its split)")
                                .arg(run.runId)
                                .arg(seen.value()));
            m_seenRunIds.insert(run.runId, m_line);
            return std::variant<RunTranscript, BadLine>(std::move(run));
        } catch (const Error &e) {
            return fail(e.message());
        }
    }
}

QByteArray TranscriptReader::sha256() const
{
    return m_hash.result().toHex();
}

} // namespace lk::autoretrain
