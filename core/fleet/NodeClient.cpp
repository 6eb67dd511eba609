#include "core/fleet/NodeClient.h"

#include "core/common/Tls.h"
#include "core/common/Error.h"

#include <QEventLoop>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QUrl>

#include <functional>

namespace lk::fleet {

QJsonObject NodeReply::json() const
{
    return QJsonDocument::fromJson(body).object();
}

QString NodeReply::errorCode() const
{
    return json().value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString();
}

NodeClient::NodeClient(int timeoutMs)
    : m_timeoutMs(timeoutMs)
    , m_nam(std::make_unique<QNetworkAccessManager>())
{
}

NodeClient::~NodeClient() = default;

QString NodeClient::applyCaFile(QNetworkRequest &request, const QString &caFile)
{
    auto it = m_tls.find(caFile);
    if (it == m_tls.end()) {
        try {
            it = m_tls.insert(caFile, tls::clientConfiguration(caFile));
        } catch (const Error &e) {
            return e.message();
        }
    }
    request.setSslConfiguration(*it);
    return {};
}

NodeReply NodeClient::send(const NodeRequest &request)
{
    return send(std::vector<NodeRequest>{request}, 1).front();
}

std::vector<NodeReply> NodeClient::send(const std::vector<NodeRequest> &requests, int parallel)
{
    std::vector<NodeReply> replies(requests.size());
    std::size_t next = 0;
    int running = 0;
    QEventLoop loop;
    std::function<void()> startMore = [&] {
        while (running < parallel && next < requests.size()) {
            const std::size_t index = next++;
            const NodeRequest &r = requests[index];
            QUrl url = r.node.url;
            const QString base = url.path().endsWith(QLatin1Char('/')) ? url.path().chopped(1) : url.path();
            const qsizetype query = r.path.indexOf(QLatin1Char('?'));
            url.setPath(base + (query < 0 ? r.path : r.path.left(query)));
            if (query >= 0)
                url.setQuery(r.path.mid(query + 1));
            QNetworkRequest nr(url);
            nr.setTransferTimeout(m_timeoutMs);
            if (!r.contentType.isEmpty())
                nr.setHeader(QNetworkRequest::ContentTypeHeader, r.contentType);
            for (const auto &[name, value] : r.headers)
                nr.setRawHeader(name, value);
            if (r.authorized && !r.node.token.isEmpty())
                nr.setRawHeader("Authorization", "Bearer " + r.node.token.toUtf8());
            if (url.scheme() == QLatin1String("https") && !r.node.caFile.isEmpty()) {
                const QString problem = applyCaFile(nr, r.node.caFile);
                if (!problem.isEmpty()) { // never sent: it could not be verified
                    replies[index].node = r.node.name;
                    replies[index].error =
                        QStringLiteral("%1 %2: %3").arg(QString::fromLatin1(r.method), r.path, problem);
                    continue;
                }
            }
            QNetworkReply *reply = m_nam->sendCustomRequest(nr, r.method, r.body);
            ++running;
            QObject::connect(reply, &QNetworkReply::finished, &loop, [&, reply, index] {
                NodeReply &out = replies[index];
                out.node = requests[index].node.name;
                out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                out.body = reply->readAll();
                if (reply->error() != QNetworkReply::NoError || out.status / 100 != 2) {
                    const QString message = out.errorCode().isEmpty()
                        ? reply->errorString()
                        : out.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString();
                    out.error = out.status > 0
                        ? QStringLiteral("%1 %2 answered %3: %4")
                              .arg(QString::fromLatin1(requests[index].method), requests[index].path)
                              .arg(out.status)
                              .arg(message)
                        : QStringLiteral("%1 %2: %3")
                              .arg(QString::fromLatin1(requests[index].method), requests[index].path, message);
                }
                reply->deleteLater();
                --running;
                startMore();
                if (running == 0 && next >= requests.size())
                    loop.quit();
            });
        }
    };
    startMore();
    if (running > 0)
        loop.exec();
    return replies;
}

NodeRequest NodeClient::health(const FleetNode &node)
{
    NodeRequest r;
    r.node = node;
    r.path = QStringLiteral("/v1/health");
    return r;
}

NodeRequest NodeClient::metrics(const FleetNode &node)
{
    NodeRequest r;
    r.node = node;
    r.path = QStringLiteral("/v1/metrics");
    return r;
}

NodeRequest NodeClient::observations(const FleetNode &node, qint64 after, int limit)
{
    NodeRequest r;
    r.node = node;
    r.path = QStringLiteral("/v1/observations?after=%1&limit=%2").arg(after).arg(limit);
    return r;
}

NodeRequest NodeClient::install(
    const FleetNode &node, const QByteArray &artifact, const QString &sha256, const QString &version)
{
    NodeRequest r;
    r.node = node;
    r.method = "PUT";
    r.path = QStringLiteral("/v1/model");
    r.body = artifact;
    r.contentType = "application/octet-stream";
    r.headers = {{"X-Model-Sha256", sha256.toLatin1()}, {"X-Model-Version", version.toUtf8()}};
    r.authorized = true;
    return r;
}

NodeRequest NodeClient::rollback(const FleetNode &node)
{
    NodeRequest r;
    r.node = node;
    r.method = "POST";
    r.path = QStringLiteral("/v1/model/rollback");
    r.authorized = true;
    return r;
}

} // namespace lk::fleet
