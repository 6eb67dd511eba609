#include "core/loop/Notifier.h"

#include "core/logging/Logging.h"

#include <QDateTime>
#include <QEventLoop>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

namespace lk::loop {

Notifier::Notifier(storage::Database &db, QUrl webhook, int timeoutMs)
    : m_db(db)
    , m_webhook(std::move(webhook))
    , m_timeoutMs(timeoutMs)
{ }

void Notifier::notify(const QString &kind, const QString &title, const QJsonObject &body)
{
    const QString created = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    const QJsonObject payload{{QStringLiteral("kind"), kind}, {QStringLiteral("title"), title},
        {QStringLiteral("created_at"), created}, {QStringLiteral("body"), body}};
    storage::Statement s = m_db.prepare(
        "INSERT INTO notifications (kind, title, body_json, created_at) VALUES (?, ?, ?, ?)");
    s.bind(1, kind).bind(2, title).bind(3, QString::fromUtf8(QJsonDocument(body).toJson(QJsonDocument::Compact)));
    s.bind(4, created).run();
    const qint64 id = m_db.lastInsertRowId();
    qCInfo(lcApp).noquote() << "notification:" << title;
    if (m_webhook.isEmpty())
        return;
    const QString status = deliver(payload);
    m_db.prepare("UPDATE notifications SET webhook_status = ? WHERE id = ?").bind(1, status).bind(2, id).run();
}

QString Notifier::deliver(const QJsonObject &payload)
{
    // Synchronous with a deadline: the loop runs on a worker thread (or in the CLI), and the
    // status belongs in the row it just wrote.
    QNetworkAccessManager network;
    QNetworkRequest request(m_webhook);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setTransferTimeout(m_timeoutMs);
    QNetworkReply *reply = network.post(request, QJsonDocument(payload).toJson(QJsonDocument::Compact));
    QEventLoop wait;
    QObject::connect(reply, &QNetworkReply::finished, &wait, &QEventLoop::quit);
    QTimer::singleShot(m_timeoutMs + 1000, &wait, &QEventLoop::quit);
    if (!reply->isFinished())
        wait.exec();
    QString status;
    if (!reply->isFinished()) {
        reply->abort();
        status = QStringLiteral("failed: no answer within %1 ms").arg(m_timeoutMs);
    } else if (reply->error() != QNetworkReply::NoError) {
        status = QStringLiteral("failed: %1").arg(reply->errorString());
    } else {
        status = QStringLiteral("delivered: HTTP %1")
                     .arg(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt());
    }
    reply->deleteLater();
    if (status.startsWith(QLatin1String("failed")))
        qCWarning(lcApp).noquote() << "webhook" << m_webhook.toString() << status;
    return status;
}

QJsonArray Notifier::recent(int limit)
{
    storage::Statement s = m_db.prepare("SELECT id, kind, title, body_json, created_at, read, webhook_status"
                                        " FROM notifications ORDER BY id DESC LIMIT ?");
    s.bind(1, limit);
    QJsonArray out;
    while (s.step())
        out.append(QJsonObject{{QStringLiteral("id"), qint64(s.columnInt64(0))},
            {QStringLiteral("kind"), s.columnText(1)}, {QStringLiteral("title"), s.columnText(2)},
            {QStringLiteral("body"), QJsonDocument::fromJson(s.columnText(3).toUtf8()).object()},
            {QStringLiteral("created_at"), s.columnText(4)}, {QStringLiteral("read"), s.columnInt64(5) != 0},
            {QStringLiteral("webhook_status"), s.columnIsNull(6) ? QJsonValue() : QJsonValue(s.columnText(6))}});
    return out;
}

} // namespace lk::loop
