#include "core/http/Http.h"

#include "core/common/Limits.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QStringList>
#include <QUrl>

namespace lk::http {

QByteArray RestResponse::bytes() const
{
    return (array ? QJsonDocument(*array) : QJsonDocument(body)).toJson(QJsonDocument::Compact) + '\n';
}

RestResponse errorResponse(int status, const QString &code, const QString &message)
{
    RestResponse r;
    r.status = status;
    r.body = QJsonObject{{QStringLiteral("error"),
        QJsonObject{{QStringLiteral("code"), code}, {QStringLiteral("message"), message}}}};
    return r;
}

bool sameBytes(const QByteArray &a, const QByteArray &b)
{
    // Digests first: equal lengths, so that not even the length of the secret shows in the time.
    const QByteArray x = QCryptographicHash::hash(a, QCryptographicHash::Sha256);
    const QByteArray y = QCryptographicHash::hash(b, QCryptographicHash::Sha256);
    unsigned char diff = 0;
    for (qsizetype i = 0; i < x.size(); ++i)
        diff |= static_cast<unsigned char>(x[i] ^ y[i]);
    return diff == 0;
}

QByteArray headerValue(const RestRequest &request, const QByteArray &name)
{
    for (const auto &[key, value] : request.headers) {
        if (key == name)
            return value;
    }
    return {};
}

std::optional<RestResponse> refuseForeignOrigin(const RestRequest &request)
{
    const QByteArray origin = headerValue(request, "origin").trimmed();
    if (origin.isEmpty())
        return std::nullopt;
    // Same origin: the page was served by this very host and port (we serve none, but a proxy
    // in front of us might). Everything else, "null" included, is another site's page.
    const QUrl url(QString::fromLatin1(origin));
    const QString host = QString::fromLatin1(request.host).trimmed().toLower();
    if (url.isValid() && !url.host().isEmpty() && !host.isEmpty()
        && url.authority(QUrl::FullyEncoded).toLower() == host)
        return std::nullopt;
    return errorResponse(403, QStringLiteral("forbidden_origin"),
        QStringLiteral(
            "Requests from web pages of other sites are refused (Origin: %1). Call this server from a "
            "program, not from a browser page.")
            .arg(limits::quoted(QString::fromLatin1(origin), 100)));
}

std::optional<RestResponse> refuseContentType(
    const RestRequest &request, qint64 bodyBytes, const QList<QByteArray> &accepted)
{
    if (bodyBytes <= 0 || (request.method != "POST" && request.method != "PUT" && request.method != "PATCH"))
        return std::nullopt;
    const QByteArray type = request.contentType.split(';').first().trimmed().toLower();
    if (accepted.contains(type))
        return std::nullopt;
    QStringList names;
    for (const QByteArray &a : accepted)
        names << QString::fromLatin1(a);
    return errorResponse(415, QStringLiteral("unsupported_media_type"),
        QStringLiteral("%1 %2 with a body needs \"Content-Type: %3\", not \"%4\".")
            .arg(QString::fromLatin1(request.method), request.path, names.join(QStringLiteral("\" or \"")),
                limits::quoted(QString::fromLatin1(request.contentType), 100)));
}

std::optional<RestResponse> refuseDeepJson(const RestRequest &request)
{
    if (request.body.isEmpty()
        || request.contentType.split(';').first().trimmed().toLower() != "application/json"
        || limits::jsonTextDepth(request.body) <= limits::kMaxJsonDepth)
        return std::nullopt;
    return errorResponse(400, QStringLiteral("bad_request"),
        QStringLiteral("The body nests arrays and objects deeper than %1 levels.")
            .arg(limits::kMaxJsonDepth));
}

RestResponse methodNotAllowed(const RestRequest &request, const QByteArray &allowed)
{
    RestResponse r = errorResponse(405, QStringLiteral("method_not_allowed"),
        QStringLiteral("%1 is not allowed on %2: use %3.")
            .arg(QString::fromLatin1(request.method), request.path, QString::fromLatin1(allowed)));
    r.headers.append({QByteArrayLiteral("Allow"), allowed});
    return r;
}

} // namespace lk::http
