#include "core/rules/JsonArena.h"

#include <QJsonArray>
#include <QJsonObject>

#include <charconv>
#include <cmath>

namespace lk::rules {

namespace {

[[noreturn]] void fail(qsizetype offset, const QString &message)
{
    throw JsonSyntaxError{offset, message};
}

bool isSpace(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

/// Length of the well-formed UTF-8 sequence at `pos` (whose first byte is >= 0x80); throws if it
/// is not one (overlong forms, surrogates and code points above U+10FFFF included), as
/// QJsonDocument refuses such strings too.
int utf8SequenceLength(std::string_view text, qsizetype pos)
{
    const auto b = [&](qsizetype i) { return quint8(text[size_t(i)]); };
    const quint8 lead = b(pos);
    int length = 0;
    quint32 cp = 0;
    quint32 min = 0;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
        cp = lead & 0x1F;
        min = 0x80;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        cp = lead & 0x0F;
        min = 0x800;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        cp = lead & 0x07;
        min = 0x10000;
    } else {
        fail(pos, QStringLiteral("invalid UTF-8 byte 0x%1 in a string").arg(lead, 2, 16, QLatin1Char('0')));
    }
    if (pos + length > qsizetype(text.size()))
        fail(pos, QStringLiteral("truncated UTF-8 sequence in a string"));
    for (int i = 1; i < length; ++i) {
        const quint8 c = b(pos + i);
        if ((c & 0xC0) != 0x80)
            fail(pos, QStringLiteral("invalid UTF-8 sequence in a string"));
        cp = (cp << 6) | (c & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        fail(pos, QStringLiteral("invalid UTF-8 sequence in a string"));
    return length;
}

void appendUtf8(std::string &out, quint32 cp)
{
    if (cp < 0x80) {
        out += char(cp);
    } else if (cp < 0x800) {
        out += char(0xC0 | (cp >> 6));
        out += char(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += char(0xE0 | (cp >> 12));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    } else {
        out += char(0xF0 | (cp >> 18));
        out += char(0x80 | ((cp >> 12) & 0x3F));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    }
}

int hexDigit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

quint32 readHex4(std::string_view text, qsizetype pos)
{
    if (pos + 4 > qsizetype(text.size()))
        fail(pos, QStringLiteral("truncated \\u escape"));
    quint32 v = 0;
    for (int i = 0; i < 4; ++i) {
        const int d = hexDigit(text[size_t(pos + i)]);
        if (d < 0)
            fail(pos, QStringLiteral("\\u must be followed by four hexadecimal digits"));
        v = (v << 4) | quint32(d);
    }
    return v;
}

/// Scans a string body from `pos` (just after the opening quote). Without escapes it returns
/// true and `pos` is at the closing quote; at the first backslash it returns false with `pos`
/// there. Checks UTF-8 and refuses raw control characters either way.
bool scanPlain(std::string_view text, qsizetype &pos)
{
    const qsizetype size = qsizetype(text.size());
    const char *data = text.data();
    while (pos < size) {
        const char c = data[pos];
        if (c == '"')
            return true;
        if (c == '\\')
            return false;
        if (quint8(c) < 0x20)
            fail(pos, QStringLiteral("control character in a string (it must be escaped)"));
        if (quint8(c) >= 0x80)
            pos += utf8SequenceLength(text, pos);
        else
            ++pos;
    }
    fail(pos, QStringLiteral("unterminated string"));
}

/// Continues a string with escapes from `pos` (at a backslash), appending the decoded text to
/// `out`; `pos` ends at the closing quote.
void decodeEscaped(std::string_view text, qsizetype &pos, std::string &out)
{
    const qsizetype size = qsizetype(text.size());
    while (pos < size) {
        const qsizetype start = pos;
        const bool closed = scanPlain(text, pos);
        out.append(text.data() + start, size_t(pos - start));
        if (closed)
            return;
        // At a backslash.
        if (pos + 1 >= size)
            fail(pos, QStringLiteral("unterminated string"));
        const char e = text[size_t(pos + 1)];
        pos += 2;
        switch (e) {
        case '"':
            out += '"';
            break;
        case '\\':
            out += '\\';
            break;
        case '/':
            out += '/';
            break;
        case 'b':
            out += '\b';
            break;
        case 'f':
            out += '\f';
            break;
        case 'n':
            out += '\n';
            break;
        case 'r':
            out += '\r';
            break;
        case 't':
            out += '\t';
            break;
        case 'u': {
            quint32 cp = readHex4(text, pos);
            pos += 4;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                // A high surrogate must be followed by an escaped low one.
                if (pos + 6 > size || text[size_t(pos)] != '\\' || text[size_t(pos + 1)] != 'u')
                    fail(pos - 6, QStringLiteral("unpaired UTF-16 surrogate in a \\u escape"));
                const quint32 low = readHex4(text, pos + 2);
                if (low < 0xDC00 || low > 0xDFFF)
                    fail(pos - 6, QStringLiteral("unpaired UTF-16 surrogate in a \\u escape"));
                cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                pos += 6;
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                fail(pos - 6, QStringLiteral("unpaired UTF-16 surrogate in a \\u escape"));
            }
            appendUtf8(out, cp);
            break;
        }
        default:
            fail(pos - 2, QStringLiteral("invalid escape \\%1 in a string").arg(QLatin1Char(e)));
        }
    }
    fail(pos, QStringLiteral("unterminated string"));
}

} // namespace

void JsonArena::clear()
{
    m_nodes.clear();
    m_scratch.clear();
}

void JsonArena::skipSpace(std::string_view text, qsizetype &pos)
{
    const qsizetype size = qsizetype(text.size());
    while (pos < size && isSpace(text[size_t(pos)]))
        ++pos;
}

void JsonArena::readString(std::string_view text, qsizetype &pos, std::string &out)
{
    out.clear();
    if (pos >= qsizetype(text.size()) || text[size_t(pos)] != '"')
        fail(pos, QStringLiteral("expected a string"));
    ++pos;
    const qsizetype start = pos;
    if (scanPlain(text, pos)) {
        out.assign(text.data() + start, size_t(pos - start));
    } else {
        out.assign(text.data() + start, size_t(pos - start));
        decodeEscaped(text, pos, out);
    }
    ++pos; // the closing quote
}

QString JsonArena::location(std::string_view text, qsizetype offset)
{
    offset = qBound(qsizetype(0), offset, qsizetype(text.size()));
    qsizetype line = 1;
    qsizetype lineStart = 0;
    for (qsizetype i = 0; i < offset; ++i)
        if (text[size_t(i)] == '\n') {
            ++line;
            lineStart = i + 1;
        }
    return QStringLiteral("line %1, column %2").arg(line).arg(offset - lineStart + 1);
}

int JsonArena::parse(std::string_view text, qsizetype &pos)
{
    m_text = text;
    return parseValue(pos, 0);
}

JsonArena::Span JsonArena::parseStringSpan(qsizetype &pos)
{
    ++pos; // the opening quote
    const qsizetype start = pos;
    Span span;
    if (scanPlain(m_text, pos)) {
        span.offset = start;
        span.length = quint32(pos - start);
    } else {
        // Rare: escapes. The decoded text goes to the scratch buffer.
        span.inScratch = true;
        span.offset = qsizetype(m_scratch.size());
        m_scratch.append(m_text.data() + start, size_t(pos - start));
        decodeEscaped(m_text, pos, m_scratch);
        span.length = quint32(qsizetype(m_scratch.size()) - span.offset);
    }
    ++pos; // the closing quote
    return span;
}

int JsonArena::parseValue(qsizetype &pos, int depth)
{
    const qsizetype size = qsizetype(m_text.size());
    const char *data = m_text.data();
    skipSpace(m_text, pos);
    if (pos >= size)
        fail(pos, QStringLiteral("unexpected end of the text (a value was expected)"));
    const int index = int(m_nodes.size());
    m_nodes.emplace_back();
    const char c = data[pos];
    switch (c) {
    case '{':
    case '[': {
        if (depth >= kMaxDepth)
            fail(pos, QStringLiteral("nesting deeper than %1 levels").arg(kMaxDepth));
        const bool isObject = c == '{';
        const char close = isObject ? '}' : ']';
        m_nodes[size_t(index)].kind = isObject ? Kind::Object : Kind::Array;
        ++pos;
        skipSpace(m_text, pos);
        if (pos < size && data[pos] == close) {
            ++pos;
            return index;
        }
        int previous = -1;
        int count = 0;
        for (;;) {
            Span key;
            if (isObject) {
                skipSpace(m_text, pos);
                if (pos >= size || data[pos] != '"')
                    fail(pos, QStringLiteral("expected a member name in double quotes"));
                key = parseStringSpan(pos);
                skipSpace(m_text, pos);
                if (pos >= size || data[pos] != ':')
                    fail(pos, QStringLiteral("expected ':' after a member name"));
                ++pos;
            }
            const int child = parseValue(pos, depth + 1);
            m_nodes[size_t(child)].key = key;
            if (previous < 0)
                m_nodes[size_t(index)].firstChild = child;
            else
                m_nodes[size_t(previous)].nextSibling = child;
            previous = child;
            ++count;
            skipSpace(m_text, pos);
            if (pos < size && data[pos] == ',') {
                ++pos;
                continue;
            }
            if (pos < size && data[pos] == close) {
                ++pos;
                break;
            }
            fail(pos,
                isObject ? QStringLiteral("expected ',' or '}' in an object")
                         : QStringLiteral("expected ',' or ']' in an array"));
        }
        m_nodes[size_t(index)].childCount = count;
        return index;
    }
    case '"': {
        const Span s = parseStringSpan(pos);
        Node &n = m_nodes[size_t(index)];
        n.kind = Kind::String;
        n.text = s;
        return index;
    }
    case 't':
    case 'f':
    case 'n': {
        const std::string_view word = c == 't' ? std::string_view("true")
            : c == 'f'                         ? std::string_view("false")
                                               : std::string_view("null");
        if (m_text.substr(size_t(pos), word.size()) != word)
            fail(pos, QStringLiteral("unexpected character '%1'").arg(QLatin1Char(c)));
        pos += qsizetype(word.size());
        Node &n = m_nodes[size_t(index)];
        n.kind = c == 'n' ? Kind::Null : Kind::Bool;
        n.boolean = c == 't';
        return index;
    }
    default:
        break;
    }
    if (c != '-' && !isDigit(c))
        fail(pos, QStringLiteral("unexpected character '%1'").arg(QLatin1Char(c)));

    // A number, exactly as RFC 8259 spells it: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
    const qsizetype start = pos;
    if (data[pos] == '-')
        ++pos;
    if (pos >= size || !isDigit(data[pos]))
        fail(pos, QStringLiteral("a number needs digits"));
    quint64 integer = 0;
    int digits = 0;
    if (data[pos] == '0') {
        ++pos;
        digits = 1;
    } else {
        while (pos < size && isDigit(data[pos])) {
            integer = integer * 10 + quint64(data[pos] - '0');
            ++digits;
            ++pos;
        }
    }
    bool simple = true;
    if (pos < size && data[pos] == '.') {
        simple = false;
        ++pos;
        if (pos >= size || !isDigit(data[pos]))
            fail(pos, QStringLiteral("a number needs digits after the decimal point"));
        while (pos < size && isDigit(data[pos]))
            ++pos;
    }
    if (pos < size && (data[pos] == 'e' || data[pos] == 'E')) {
        simple = false;
        ++pos;
        if (pos < size && (data[pos] == '+' || data[pos] == '-'))
            ++pos;
        if (pos >= size || !isDigit(data[pos]))
            fail(pos, QStringLiteral("a number needs digits in its exponent"));
        while (pos < size && isDigit(data[pos]))
            ++pos;
    }
    double value = 0;
    if (simple && digits <= 15) {
        // Exact in a double; the common case (counts, sizes, durations) skips from_chars.
        value = double(integer);
        if (data[start] == '-')
            value = -value;
    } else {
        const auto result = std::from_chars(data + start, data + pos, value);
        if (result.ec == std::errc::result_out_of_range || !std::isfinite(value))
            fail(start, QStringLiteral("number out of range"));
        if (result.ec != std::errc() || result.ptr != data + pos)
            fail(start, QStringLiteral("malformed number"));
    }
    Node &n = m_nodes[size_t(index)];
    n.kind = Kind::Number;
    n.number = value;
    return index;
}

int JsonArena::member(int object, std::string_view name) const
{
    int found = -1;
    for (int c = firstChild(object); c >= 0; c = nextSibling(c))
        if (key(c) == name)
            found = c;
    return found;
}

QJsonValue JsonArena::toJsonValue(int node) const
{
    switch (kind(node)) {
    case Kind::Null:
        return QJsonValue(QJsonValue::Null);
    case Kind::Bool:
        return QJsonValue(boolean(node));
    case Kind::Number:
        return QJsonValue(number(node));
    case Kind::String: {
        const std::string_view s = string(node);
        return QJsonValue(QString::fromUtf8(s.data(), qsizetype(s.size())));
    }
    case Kind::Array: {
        QJsonArray a;
        for (int c = firstChild(node); c >= 0; c = nextSibling(c))
            a.append(toJsonValue(c));
        return a;
    }
    case Kind::Object: {
        QJsonObject o;
        for (int c = firstChild(node); c >= 0; c = nextSibling(c)) {
            const std::string_view k = key(c);
            o.insert(QString::fromUtf8(k.data(), qsizetype(k.size())), toJsonValue(c));
        }
        return o;
    }
    }
    return QJsonValue();
}

} // namespace lk::rules
