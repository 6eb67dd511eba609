#pragma once

// Notifications of the learning loop: an in-app list (the notifications table, which the
// console shows) and, if configured, an HTTP POST of the same JSON to a webhook.

#include "core/storage/Database.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QUrl>

namespace lk::loop {

class Notifier
{
public:
    /// `webhook` may be empty (no webhook); `timeoutMs` bounds each delivery.
    Notifier(storage::Database &db, QUrl webhook = {}, int timeoutMs = 5000);

    /// Records a notification ("training_triggered", "training_finished", "training_failed",
    /// "gate_decided", …) and delivers it to the webhook, recording how that went. A webhook
    /// that fails never fails the caller: the notification is in the list either way.
    void notify(const QString &kind, const QString &title, const QJsonObject &body);
    /// The newest notifications, newest first.
    QJsonArray recent(int limit = 50);

private:
    QString deliver(const QJsonObject &payload);

    storage::Database &m_db;
    QUrl m_webhook;
    int m_timeoutMs;
};

} // namespace lk::loop
