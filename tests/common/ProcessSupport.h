#pragma once

// Shared by the tests that drive our executables as an operator would: run loopkeeper-cli to
// its end, start a server (loopkeeper-cli serve, loopkeeper-node) and wait for its
// {"listening": URL} line, and talk HTTP to it with curl (a real client, not ours).

#include "common/TestSupport.h"

#include <QByteArray>
#include <QDeadlineTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <memory>

namespace lk::test {

/// What a finished loopkeeper-cli printed.
struct CliResult
{
    int exitCode = -1; ///< -1 if it crashed or timed out
    QByteArray out;
    QByteArray err;

    QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
    /// The last JSON line (commands that report progress print one per step, then the result).
    QJsonObject lastLine() const
    {
        const QList<QByteArray> lines = out.trimmed().split('\n');
        return lines.isEmpty() ? QJsonObject() : QJsonDocument::fromJson(lines.last()).object();
    }
    QJsonObject error() const
    {
        return QJsonDocument::fromJson(err).object().value(QStringLiteral("error")).toObject();
    }
};

/// Runs `loopkeeper-cli ARGS` to its end (killed after `timeoutMs`).
inline CliResult runCli(const QStringList &args, int timeoutMs = 240000,
    const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(binary(QStringLiteral("loopkeeper-cli")), args);
    CliResult r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        r.err = "timed out";
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

/// A server process that printed {"listening": URL, ...}; terminated (then killed) when destroyed.
struct ListeningProcess
{
    std::unique_ptr<QProcess> process = std::make_unique<QProcess>();
    QJsonObject listening; ///< the JSON line it printed when ready
    QByteArray out;

    QString url() const { return listening.value(QStringLiteral("listening")).toString(); }
    bool isRunning() const { return process->state() != QProcess::NotRunning; }

    ~ListeningProcess()
    {
        if (process->state() != QProcess::NotRunning) {
            process->terminate();
            if (!process->waitForFinished(30000)) {
                process->kill();
                process->waitForFinished();
            }
        }
    }
};

/// Starts the built executable `program` with ARGS and waits (up to a minute) for its first
/// line or its end; `listening` stays empty if it never printed one.
inline std::unique_ptr<ListeningProcess> startListening(const QString &program, const QStringList &args,
    const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
{
    auto s = std::make_unique<ListeningProcess>();
    s->process->setProcessEnvironment(env);
    s->process->start(binary(program), args);
    const QDeadlineTimer deadline(60000);
    while (!s->out.contains('\n') && !deadline.hasExpired()) {
        if (s->process->state() == QProcess::NotRunning)
            break;
        s->process->waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime())));
        s->out += s->process->readAllStandardOutput();
    }
    s->out += s->process->readAllStandardOutput();
    const qsizetype eol = s->out.indexOf('\n');
    if (eol > 0)
        s->listening = QJsonDocument::fromJson(s->out.left(eol)).object();
    return s;
}

/// Starts `loopkeeper-cli serve --port 0 ARGS`.
inline std::unique_ptr<ListeningProcess> startServer(
    const QStringList &args, const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
{
    return startListening(QStringLiteral("loopkeeper-cli"),
        QStringList{QStringLiteral("serve"), QStringLiteral("--port"), QStringLiteral("0")} + args, env);
}

/// Starts `loopkeeper-node --port 0 ARGS`.
inline std::unique_ptr<ListeningProcess> startNode(const QStringList &args)
{
    return startListening(
        QStringLiteral("loopkeeper-node"), QStringList{QStringLiteral("--port"), QStringLiteral("0")} + args);
}

/// An HTTP answer as curl received it.
struct HttpResult
{
    int status = 0; ///< 0 if curl got no answer
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    QByteArray curlError;

    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    QJsonObject error() const { return json().value(QStringLiteral("error")).toObject(); }
    QString errorCode() const { return error().value(QStringLiteral("code")).toString(); }
    QByteArray header(const QByteArray &name) const
    {
        for (const auto &[key, value] : headers) {
            if (key.compare(name, Qt::CaseInsensitive) == 0)
                return value;
        }
        return {};
    }
    QByteArray contentType() const { return header("Content-Type"); }
    QByteArray describe() const
    {
        return "status " + QByteArray::number(status) + ", body " + body.left(2000) + ", curl " + curlError;
    }
};

/// One request with curl; EXTRA are curl options (-X, -H, --data-binary, ...).
inline HttpResult curl(const QString &url, const QStringList &extra = {})
{
    QProcess p;
    p.start(QStringLiteral("curl"),
        QStringList{QStringLiteral("-sS"), QStringLiteral("--max-time"), QStringLiteral("60"),
            QStringLiteral("-D"), QStringLiteral("-")}
            + extra + QStringList{url});
    HttpResult r;
    if (!p.waitForFinished(90000)) {
        p.kill();
        p.waitForFinished();
        r.curlError = "curl timed out";
        return r;
    }
    r.curlError = p.readAllStandardError();
    const QByteArray all = p.readAllStandardOutput();
    // A "100 Continue" interim answer comes before the real one.
    qsizetype start = 0;
    qsizetype split = all.indexOf("\r\n\r\n");
    while (split >= 0 && all.mid(start, 12).contains(" 100")) {
        start = split + 4;
        split = all.indexOf("\r\n\r\n", start);
    }
    if (split < 0)
        return r;
    const QList<QByteArray> lines = all.mid(start, split - start).split('\n');
    const QList<QByteArray> statusLine = lines.first().trimmed().split(' ');
    r.status = statusLine.size() > 1 ? statusLine.at(1).toInt() : 0;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines.at(i).indexOf(':');
        if (colon > 0)
            r.headers.append({lines.at(i).left(colon).trimmed(), lines.at(i).mid(colon + 1).trimmed()});
    }
    r.body = all.mid(split + 4);
    return r;
}

/// curl options for a bearer token.
inline QStringList bearer(const QString &token)
{
    return {QStringLiteral("-H"), QStringLiteral("Authorization: Bearer %1").arg(token)};
}

} // namespace lk::test
