#include "core/outcomes/OutcomeReader.h"

#include "core/common/Error.h"
#include "core/common/Limits.h"

#include <QDateTime>
#include <QJsonDocument>

#include <charconv>
#include <cmath>

namespace lk::outcomes {

namespace {

// --- A strict JSON scanner over UTF-8 bytes -------------------------------------------------
// It finds where values end and reads the simple ones; it never accepts text that
// QJsonDocument would refuse (numbers, literals and escapes follow RFC 8259 exactly; bytes
// >= 0x80 are left for QJsonDocument to judge by sending the event the slow way).

constexpr int kMaxDepth = 64;

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

void skipSpace(const char *&p, const char *end)
{
    while (p < end && isSpace(*p))
        ++p;
}

bool isHex(char c)
{
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/// Past a string starting at `p` (on the quote). `plain` is cleared if the string has escapes
/// or bytes outside printable ASCII.
bool skipString(const char *&p, const char *end, bool *plain)
{
    ++p;
    while (p < end) {
        const auto c = static_cast<unsigned char>(*p);
        if (c == '"') {
            ++p;
            return true;
        }
        if (c < 0x20)
            return false;
        if (c >= 0x80) {
            *plain = false;
        } else if (c == '\\') {
            *plain = false;
            if (++p >= end)
                return false;
            const char e = *p;
            if (e == 'u') {
                if (end - p < 5 || !isHex(p[1]) || !isHex(p[2]) || !isHex(p[3]) || !isHex(p[4]))
                    return false;
                p += 4;
            } else if (e != '"' && e != '\\' && e != '/' && e != 'b' && e != 'f' && e != 'n' && e != 'r'
                && e != 't') {
                return false;
            }
        }
        ++p;
    }
    return false;
}

bool skipNumber(const char *&p, const char *end)
{
    if (p < end && *p == '-')
        ++p;
    if (p >= end)
        return false;
    if (*p == '0') {
        ++p;
    } else if (*p >= '1' && *p <= '9') {
        while (p < end && isDigit(*p))
            ++p;
    } else {
        return false;
    }
    if (p < end && *p == '.') {
        ++p;
        if (p >= end || !isDigit(*p))
            return false;
        while (p < end && isDigit(*p))
            ++p;
    }
    if (p < end && (*p == 'e' || *p == 'E')) {
        ++p;
        if (p < end && (*p == '+' || *p == '-'))
            ++p;
        if (p >= end || !isDigit(*p))
            return false;
        while (p < end && isDigit(*p))
            ++p;
    }
    return true;
}

bool skipLiteral(const char *&p, const char *end, QByteArrayView word)
{
    if (end - p < word.size() || QByteArrayView(p, word.size()) != word)
        return false;
    p += word.size();
    return true;
}

/// Past one JSON value starting at `p` (no leading space). `plain` as for skipString.
bool skipValue(const char *&p, const char *end, int depth, bool *plain)
{
    if (p >= end || depth > kMaxDepth)
        return false;
    switch (*p) {
    case '"':
        return skipString(p, end, plain);
    case 't':
        return skipLiteral(p, end, "true");
    case 'f':
        return skipLiteral(p, end, "false");
    case 'n':
        return skipLiteral(p, end, "null");
    case '[':
    case '{': {
        const bool object = *p == '{';
        const char close = object ? '}' : ']';
        ++p;
        skipSpace(p, end);
        if (p < end && *p == close) {
            ++p;
            return true;
        }
        for (;;) {
            if (object) {
                if (p >= end || *p != '"' || !skipString(p, end, plain))
                    return false;
                skipSpace(p, end);
                if (p >= end || *p != ':')
                    return false;
                ++p;
                skipSpace(p, end);
            }
            if (!skipValue(p, end, depth + 1, plain))
                return false;
            skipSpace(p, end);
            if (p >= end)
                return false;
            if (*p == close) {
                ++p;
                return true;
            }
            if (*p != ',')
                return false;
            ++p;
            skipSpace(p, end);
        }
    }
    default:
        return skipNumber(p, end);
    }
}

// --- Timestamps ----------------------------------------------------------------------------

int digits(const char *p, int n)
{
    int v = 0;
    for (int i = 0; i < n; ++i) {
        if (!isDigit(p[i]))
            return -1;
        v = v * 10 + (p[i] - '0');
    }
    return v;
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
qint64 daysFromCivil(int y, int m, int d)
{
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const int yoe = y - era * 400;
    const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return qint64(era) * 146097 + doe - 719468;
}

/// The common timestamp forms, "YYYY-MM-DDTHH:MM:SS[.mmm][Z|+00:00]" (no zone reads as UTC,
/// as parseOutcomeEvent() does), as milliseconds since the epoch; false for anything else,
/// which then goes the slow way (other offsets, other precisions, other separators).
bool fastTimestamp(QByteArrayView t, qint64 *ms)
{
    if (t.size() < 19 || t[4] != '-' || t[7] != '-' || t[10] != 'T' || t[13] != ':' || t[16] != ':')
        return false;
    const char *s = t.data();
    const int y = digits(s, 4), mo = digits(s + 5, 2), d = digits(s + 8, 2);
    const int h = digits(s + 11, 2), mi = digits(s + 14, 2), se = digits(s + 17, 2);
    if (y < 1970 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 || se < 0 || se > 59)
        return false;
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (d > kDays[mo - 1] + (mo == 2 && leap))
        return false;
    int millis = 0;
    qsizetype rest = 19;
    if (rest < t.size() && t[rest] == '.') {
        if (t.size() < rest + 4 || (millis = digits(s + rest + 1, 3)) < 0)
            return false;
        rest += 4;
    }
    const QByteArrayView zone = t.sliced(rest);
    if (!zone.isEmpty() && zone != "Z" && zone != "+00:00")
        return false;
    *ms = ((daysFromCivil(y, mo, d) * 24 + h) * 60 + mi) * 60000 + qint64(se) * 1000 + millis;
    return true;
}

// --- The fields ------------------------------------------------------------------------------

// Bits of the known fields, to see which came and refuse repeats.
constexpr unsigned EventId = 1u << 0, AgentName = 1u << 1, TaskType = 1u << 2, ContextField = 1u << 3,
                   Success = 1u << 4, Latency = 1u << 5, Quality = 1u << 6, Cost = 1u << 7,
                   Tokens = 1u << 8, Timestamp = 1u << 9;

unsigned fieldOf(QByteArrayView key)
{
    switch (key.size()) {
    case 4:
        return key == "cost" ? Cost : 0;
    case 6:
        return key == "tokens" ? Tokens : 0;
    case 7:
        return key == "context" ? ContextField : key == "success" ? Success : 0;
    case 8:
        return key == "event_id" ? EventId : 0;
    case 9:
        return key == "task_type" ? TaskType : key == "timestamp" ? Timestamp : 0;
    case 10:
        return key == "agent_name" ? AgentName : key == "latency_ms" ? Latency : 0;
    case 13:
        return key == "quality_score" ? Quality : 0;
    default:
        return 0;
    }
}

/// A required name: parseOutcomeEvent() refuses one that is empty after trimming.
bool usableName(QByteArrayView v)
{
    for (char c : v)
        if (c != ' ')
            return true;
    return false;
}

QByteArray compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QJsonObject rejection(int index, int line, const QJsonValue &eventId, const QString &error)
{
    QJsonObject r{{QStringLiteral("index"), index}, {QStringLiteral("event_id"), eventId},
        {QStringLiteral("error"), error}};
    if (line > 0)
        r.insert(QStringLiteral("line"), line);
    return r;
}

} // namespace

const OutcomeReader::Name &OutcomeReader::name(QByteArrayView utf8)
{
    const QByteArray key = QByteArray::fromRawData(utf8.data(), utf8.size()); // no copy to look up
    auto it = m_names.constFind(key);
    if (it != m_names.constEnd())
        return *it;
    if (m_names.size() >= kMaxRemembered)
        m_names.clear();
    const QByteArray owned = utf8.toByteArray();
    return *m_names.insert(owned, Name{QString::fromLatin1(owned), owned}); // plain ASCII here
}

const OutcomeReader::Context *OutcomeReader::context(QByteArrayView raw)
{
    const QByteArray key = QByteArray::fromRawData(raw.data(), raw.size());
    auto it = m_contexts.constFind(key);
    if (it != m_contexts.constEnd())
        return &*it;
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(key, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return nullptr;
    if (m_contexts.size() >= kMaxRemembered)
        m_contexts.clear();
    const QJsonObject object = doc.object();
    return &*m_contexts.insert(raw.toByteArray(),
        Context{object, object.isEmpty() ? QByteArray() : compact(object), limits::jsonDepth(object)});
}

bool OutcomeReader::readFast(QByteArrayView record, IncomingEvent &in)
{
    const char *p = record.data();
    const char *const end = p + record.size();
    bandit::OutcomeEvent &e = in.event;
    unsigned seen = 0;
    bool timestamped = false;
    ++p; // '{'
    skipSpace(p, end);
    if (p < end && *p == '}')
        return false; // nothing in it: the slow way says which field is missing
    for (;;) {
        bool plain = true;
        const char *keyStart = p + 1;
        if (!skipString(p, end, &plain) || !plain)
            return false;
        const unsigned field = fieldOf(QByteArrayView(keyStart, p - 1 - keyStart));
        if (field == 0 || (seen & field))
            return false; // unknown fields are kept in `extra`; duplicates are the parser's call
        seen |= field;
        skipSpace(p, end);
        ++p; // ':' (the record was scanned whole before)
        skipSpace(p, end);
        const char *valueStart = p;
        if (!skipValue(p, end, 1, &plain))
            return false;
        const QByteArrayView value(valueStart, p - valueStart);
        const char first = value.front();
        switch (field) {
        case EventId:
        case AgentName:
        case TaskType: {
            if (first != '"' || !plain)
                return false;
            const QByteArrayView text = value.sliced(1, value.size() - 2);
            if (!usableName(text)
                || text.size() > (field == EventId ? limits::kMaxIdLength : limits::kMaxNameLength))
                return false; // plain ASCII: bytes are characters; the slow way says what is wrong
            if (field == EventId) {
                in.eventId = text.toByteArray();
                e.eventId = QString::fromLatin1(in.eventId);
            } else {
                const Name &n = name(text);
                (field == AgentName ? e.agentName : e.taskType) = n.text;
                (field == AgentName ? in.agentName : in.taskType) = n.utf8;
            }
            break;
        }
        case Success:
            if (first != 't' && first != 'f')
                return false;
            e.success = first == 't';
            break;
        case ContextField:
            if (first == 'n')
                break; // null is absent
            if (first != '{') {
                return false;
            } else if (const Context *c = context(value)) {
                if (c->compact.size() > limits::kMaxObjectBytes || c->depth > limits::kMaxJsonDepth)
                    return false;
                e.context = c->object;
                in.contextJson = c->compact;
            } else {
                return false;
            }
            break;
        case Timestamp: {
            if (first == 'n')
                break;
            qint64 ms = 0;
            if (first != '"' || !plain || !fastTimestamp(value.sliced(1, value.size() - 2), &ms))
                return false;
            e.timestamp = QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
            timestamped = true;
            break;
        }
        default: { // the numbers
            if (first == 'n')
                break;
            if (first != '-' && !isDigit(first))
                return false;
            double x = 0;
            const auto r = std::from_chars(value.data(), value.data() + value.size(), x);
            if (r.ec != std::errc() || r.ptr != value.data() + value.size() || !std::isfinite(x) || x < 0)
                return false;
            if (field == Latency && x <= limits::kMaxLatencyMs)
                e.latencyMs = x;
            else if (field == Cost && x <= limits::kMaxCost)
                e.cost = x;
            else if (field == Quality && x <= 1)
                e.qualityScore = x;
            else if (field == Tokens && x <= limits::kMaxTokens && x == std::floor(x))
                e.tokens = qint64(x);
            else
                return false;
        }
        }
        skipSpace(p, end);
        if (*p == '}')
            break;
        ++p; // ','
        skipSpace(p, end);
    }
    if ((seen & (EventId | AgentName | TaskType | Success)) != (EventId | AgentName | TaskType | Success))
        return false;
    if (!timestamped)
        e.timestamp = QDateTime::currentDateTimeUtc();
    return true;
}

void OutcomeReader::readSlow(const QJsonObject &object, int index, int line, OutcomeBatch &out)
{
    try {
        IncomingEvent in;
        in.event = bandit::parseOutcomeEvent(object);
        in.eventId = in.event.eventId.toUtf8();
        in.agentName = in.event.agentName.toUtf8();
        in.taskType = in.event.taskType.toUtf8();
        if (!in.event.context.isEmpty())
            in.contextJson = compact(in.event.context);
        if (!in.event.extra.isEmpty())
            in.extraJson = compact(in.event.extra);
        out.events.push_back(std::move(in));
    } catch (const Error &e) {
        const QJsonValue id = object.value(QStringLiteral("event_id"));
        out.rejected.append(rejection(index, line,
            id.isString() && !id.toString().isEmpty() ? id : QJsonValue(), e.message()));
    }
}

void OutcomeReader::readRecord(QByteArrayView record, int index, int line, OutcomeBatch &out)
{
    ++out.received;
    if (record.front() != '{') { // the scanner has checked that it is JSON
        out.rejected.append(rejection(index, line, QJsonValue(),
            line > 0 ? QStringLiteral("line %1 is not a JSON object").arg(line)
                     : QStringLiteral("an event must be a JSON object")));
        return;
    }
    IncomingEvent in;
    if (readFast(record, in)) {
        out.events.push_back(std::move(in));
        return;
    }
    ++out.fullyParsed;
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(record.toByteArray(), &error);
    if (error.error != QJsonParseError::NoError) {
        out.rejected.append(rejection(index, line, QJsonValue(),
            line > 0 ? QStringLiteral("line %1 is not JSON: %2").arg(line).arg(error.errorString())
                     : QStringLiteral("the event is not JSON: %1").arg(error.errorString())));
        return;
    }
    readSlow(doc.object(), index, line, out);
}

void OutcomeReader::readJsonLines(QByteArrayView data, OutcomeBatch &out)
{
    int index = 0;
    int line = 0;
    qsizetype start = 0;
    while (start < data.size()) {
        qsizetype stop = data.indexOf('\n', start);
        if (stop < 0)
            stop = data.size();
        ++line;
        const QByteArrayView text = data.sliced(start, stop - start).trimmed();
        start = stop + 1;
        if (text.isEmpty())
            continue;
        // A line must hold exactly one value. What the strict scan refuses, QJsonDocument
        // decides (it accepts a few things RFC 8259 does not, and has the error messages).
        const char *p = text.data();
        bool plain = true;
        if (!skipValue(p, text.data() + text.size(), 0, &plain) || p != text.data() + text.size()) {
            ++out.received;
            ++out.fullyParsed;
            QJsonParseError error{};
            const QJsonDocument doc = QJsonDocument::fromJson(text.toByteArray(), &error);
            if (error.error != QJsonParseError::NoError)
                out.rejected.append(rejection(index, line, QJsonValue(),
                    QStringLiteral("line %1 is not JSON: %2").arg(line).arg(error.errorString())));
            else if (!doc.isObject())
                out.rejected.append(rejection(
                    index, line, QJsonValue(), QStringLiteral("line %1 is not a JSON object").arg(line)));
            else
                readSlow(doc.object(), index, line, out);
            ++index;
            continue;
        }
        readRecord(text, index++, line, out);
    }
}

OutcomeBatch OutcomeReader::read(QByteArrayView data)
{
    OutcomeBatch out;
    const QByteArrayView body = data.trimmed();
    if (body.isEmpty())
        return out;
    const char *const end = body.data() + body.size();
    if (body.front() == '[') {
        out.events.reserve(size_t(body.size() / 128));
        const char *p = body.data() + 1;
        bool ok = true;
        int index = 0;
        skipSpace(p, end);
        if (p < end && *p == ']') {
            ++p;
        } else {
            while (ok) {
                const char *start = p;
                bool plain = true;
                if (!skipValue(p, end, 1, &plain)) {
                    ok = false;
                    break;
                }
                readRecord(QByteArrayView(start, p - start), index++, 0, out);
                skipSpace(p, end);
                if (p < end && *p == ']') {
                    ++p;
                    break;
                }
                ok = p < end && *p == ',';
                ++p;
                skipSpace(p, end);
            }
        }
        skipSpace(p, end);
        if (!ok || p != end) {
            // Not strict JSON: QJsonDocument decides, as it always has for these bodies.
            QJsonParseError error{};
            const QJsonDocument doc = QJsonDocument::fromJson(body.toByteArray(), &error);
            if (error.error != QJsonParseError::NoError)
                throw Error(ErrorKind::Input,
                    QStringLiteral("The batch is not valid JSON: %1 at offset %2")
                        .arg(error.errorString())
                        .arg(error.offset));
            return read(doc.array());
        }
        return out;
    }
    if (body.front() == '{') {
        // One document (an event, or {"events": [...]}, however it is indented), or JSONL.
        const char *p = body.data();
        bool plain = true;
        if (skipValue(p, end, 0, &plain) && p == end) {
            QJsonParseError error{};
            const QJsonDocument doc = QJsonDocument::fromJson(body.toByteArray(), &error);
            const QJsonValue events = doc.object().value(QStringLiteral("events"));
            if (error.error == QJsonParseError::NoError && events.isArray())
                return read(events.toArray());
            readRecord(body, 0, 0, out);
            return out;
        }
    }
    readJsonLines(body, out);
    return out;
}

OutcomeBatch OutcomeReader::read(const QJsonArray &events)
{
    OutcomeBatch out;
    out.received = int(events.size());
    out.fullyParsed = out.received;
    out.events.reserve(size_t(events.size()));
    for (int i = 0; i < events.size(); ++i) {
        const QJsonValue v = events.at(i);
        if (v.isObject())
            readSlow(v.toObject(), i, 0, out);
        else
            out.rejected.append(
                rejection(i, 0, QJsonValue(), QStringLiteral("an event must be a JSON object")));
    }
    return out;
}

} // namespace lk::outcomes
