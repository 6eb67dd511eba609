#include "core/common/Limits.h"

#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>

namespace lk::limits {

QString lengthProblem(const QString &field, const QString &value, int max)
{
    if (value.size() <= max)
        return {};
    return QStringLiteral("%1 is %2 characters long; the limit is %3.").arg(field).arg(value.size()).arg(max);
}

int jsonDepth(const QJsonValue &value)
{
    int deepest = 0;
    if (value.isArray()) {
        for (const QJsonValue &v : value.toArray())
            deepest = std::max(deepest, jsonDepth(v));
        return deepest + 1;
    }
    if (value.isObject()) {
        const QJsonObject o = value.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            deepest = std::max(deepest, jsonDepth(it.value()));
        return deepest + 1;
    }
    return 0;
}

int jsonTextDepth(QByteArrayView text, int stopAbove)
{
    int depth = 0;
    int deepest = 0;
    bool inString = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (inString) {
            if (c == '\\')
                ++i; // the escaped character cannot end the string
            else if (c == '"')
                inString = false;
            continue;
        }
        switch (c) {
        case '"':
            inString = true;
            break;
        case '[':
        case '{':
            if (++depth > deepest && (deepest = depth) > stopAbove)
                return deepest;
            break;
        case ']':
        case '}':
            depth = std::max(0, depth - 1);
            break;
        default:
            break;
        }
    }
    return deepest;
}

QString tokenProblem(const QString &token)
{
    if (token.trimmed().isEmpty())
        return QStringLiteral(
            "The token is blank; use at least %1 characters that are not spaces (e.g. openssl rand -hex 16).")
            .arg(kMinTokenLength);
    if (token.size() < kMinTokenLength)
        return QStringLiteral("The token is %1 characters long; use at least %2 (e.g. openssl rand -hex 16).")
            .arg(token.size())
            .arg(kMinTokenLength);
    for (const QChar c : token)
        if (c.isSpace() || c.category() == QChar::Other_Control)
            return QStringLiteral("The token has spaces or control characters; use printable characters only "
                                  "(e.g. openssl rand -hex 16).");
    return {};
}

QString quoted(const QString &text, int max)
{
    if (text.size() <= max)
        return text;
    return text.left(max) + QStringLiteral("… (%1 characters)").arg(text.size());
}

} // namespace lk::limits
