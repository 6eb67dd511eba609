#pragma once

// Raw HTTP for the tests of what a server does before a request is complete: send exactly
// these bytes (say, a head that announces a 200 MB body and no body at all) and read what
// comes back, waiting on the answer with a deadline, not on a clock.

#include "common/ProcessSupport.h"

#include <QDeadlineTimer>
#include <QTcpSocket>
#include <QUrl>

namespace lk::test {

/// Sends `bytes` to the server at `url` and returns its first answer (status, headers, body as
/// far as Content-Length says); status 0 if none came before the deadline or the connection
/// closed without one.
inline HttpResult rawHttp(const QString &url, const QByteArray &bytes, int deadlineMs = 60000)
{
    HttpResult r;
    const QUrl u(url);
    QTcpSocket socket;
    socket.connectToHost(u.host(), quint16(u.port()));
    if (!socket.waitForConnected(deadlineMs)) {
        r.curlError = "cannot connect: " + socket.errorString().toUtf8();
        return r;
    }
    socket.write(bytes);
    socket.flush();
    const QDeadlineTimer deadline(deadlineMs);
    QByteArray all;
    bool closed = false;
    for (;;) {
        const qsizetype end = all.indexOf("\r\n\r\n");
        if (end >= 0) {
            const QList<QByteArray> lines = all.left(end).split('\n');
            const QList<QByteArray> statusLine = lines.first().trimmed().split(' ');
            const int status = statusLine.size() > 1 ? statusLine.at(1).toInt() : 0;
            if (status == 100) { // an interim answer: the real one follows
                all = all.mid(end + 4);
                continue;
            }
            HttpResult head;
            head.status = status;
            for (qsizetype i = 1; i < lines.size(); ++i) {
                const qsizetype colon = lines.at(i).indexOf(':');
                if (colon > 0)
                    head.headers.append(
                        {lines.at(i).left(colon).trimmed(), lines.at(i).mid(colon + 1).trimmed()});
            }
            const qsizetype length = head.header("Content-Length").toLongLong();
            if (all.size() >= end + 4 + length) {
                head.body = all.mid(end + 4, length);
                return head;
            }
        }
        if (deadline.hasExpired() || closed)
            break;
        if (!socket.waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime())))) {
            closed = socket.state() != QAbstractSocket::ConnectedState;
            if (!closed)
                break; // the deadline passed
        }
        all += socket.readAll();
    }
    r.curlError = "no complete answer; got: " + all.left(500);
    return r;
}

} // namespace lk::test
