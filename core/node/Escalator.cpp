#include "core/node/Escalator.h"

#include "core/common/Error.h"

#include <QDeadlineTimer>
#include <QEventLoop>
#include <QJsonDocument>
#include <QMutexLocker>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

#include <algorithm>

namespace lk::node {

struct Escalator::Answer
{
    int status = 0; ///< 0: no HTTP answer at all
    QByteArray body;
    QString error; ///< empty on a 2xx answer
    bool passing = false; ///< the failure may pass: no answer, a timeout, 5xx or 429
};

namespace {

using HttpAnswer = Escalator::Answer;

/// One blocking POST, bounded by `timeoutMs`; runs its own event loop, so any thread can call it.
HttpAnswer postSync(QNetworkAccessManager &nam, const QUrl &url, const QByteArray &body,
    const QByteArray &contentType, const QString &token, int timeoutMs,
    const std::optional<QSslConfiguration> &tls)
{
    QNetworkRequest request(url);
    if (tls && url.scheme() == QLatin1String("https"))
        request.setSslConfiguration(*tls); // verifies the server against the CA file
    request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    request.setTransferTimeout(timeoutMs);
    if (!token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + token.toUtf8());
    QNetworkReply *reply = nam.post(request, body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec();
    HttpAnswer a;
    a.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    a.body = reply->readAll();
    if (reply->error() != QNetworkReply::NoError || a.status / 100 != 2) {
        a.passing = a.status == 0 || a.status >= 500 || a.status == 429;
        a.error =
            QStringLiteral("POST %1: %2 %3")
                .arg(url.toString(), reply->errorString(), QString::fromUtf8(a.body.left(300)).trimmed());
    }
    reply->deleteLater();
    return a;
}

QUrl joined(const QUrl &base, const QString &path)
{
    QUrl url = base;
    QString p = url.path();
    while (p.endsWith(QLatin1Char('/')))
        p.chop(1);
    url.setPath(p + path);
    return url;
}

} // namespace

void EscalatorConfig::validate() const
{
    if (timeoutMs <= 0)
        throw Error(ErrorKind::Usage,
            QStringLiteral("The timeout %1 ms is not positive: give each call some time (e.g. 10000).")
                .arg(timeoutMs));
    if (retries < 0 || retries > 20)
        throw Error(ErrorKind::Usage,
            QStringLiteral("%1 retries is out of range: use 0 (no retry) to 20.").arg(retries));
    if (retryDelayMs < 0 || maxRetryDelayMs < retryDelayMs)
        throw Error(ErrorKind::Usage,
            QStringLiteral("The retry pauses %1 ms to %2 ms are not a range from 0 up.")
                .arg(retryDelayMs)
                .arg(maxRetryDelayMs));
}

Escalator::Escalator(EscalatorConfig config)
    : m_config(std::move(config))
{
    m_config.validate();
    // One at a time: a slow teacher is not hammered, and samples reach the console in order.
    m_pool.setMaxThreadCount(1);
}

Escalator::~Escalator()
{
    waitForDone();
}

void Escalator::waitForDone()
{
    m_pool.waitForDone();
}

void Escalator::drain(int maxWaitMs)
{
    m_accepting = false;
    if (m_pool.waitForDone(maxWaitMs))
        return;
    {
        const QMutexLocker lock(&m_mutex);
        m_abandon = true;
        m_wake.wakeAll();
    }
    m_pool.waitForDone();
}

bool Escalator::pauseBeforeRetry(int ms)
{
    const QDeadlineTimer deadline(ms);
    const QMutexLocker lock(&m_mutex);
    while (!m_abandon && !deadline.hasExpired())
        m_wake.wait(&m_mutex, deadline);
    return !m_abandon;
}

Escalator::Answer Escalator::post(QNetworkAccessManager &nam, const QUrl &url, const QByteArray &body,
    const QByteArray &contentType, const QString &token)
{
    int delay = m_config.retryDelayMs;
    for (int attempt = 0;; ++attempt) {
        Answer a = postSync(nam, url, body, contentType, token, m_config.timeoutMs, m_config.tls);
        if (a.error.isEmpty() || !a.passing || attempt >= m_config.retries || !pauseBeforeRetry(delay))
            return a;
        ++m_retries;
        delay = std::min(delay * 2, m_config.maxRetryDelayMs);
    }
}

void Escalator::submit(EscalatedInput input)
{
    if (!m_config.teacher.isValid() && !m_config.console.isValid())
        return; // nowhere to send it: the kept input alone is the escalation
    if (!m_accepting) {
        ++m_dropped;
        return;
    }
    if (m_pending.fetch_add(1) >= m_config.maxPending) {
        m_pending.fetch_sub(1);
        ++m_dropped;
        return;
    }
    m_pool.start([this, input = std::move(input)] {
        run(input);
        m_pending.fetch_sub(1);
    });
}

void Escalator::run(const EscalatedInput &input)
{
    if (m_abandon) {
        ++m_dropped; // shutting down and out of time: the input stays kept on the node
        return;
    }
    if (!m_config.teacher.isValid())
        return; // the console's schema needs a correction; without a teacher there is none
    QNetworkAccessManager nam;
    const HttpAnswer t = post(nam, joined(m_config.teacher, QStringLiteral("/v1/predict")), input.pixels,
        "application/octet-stream", {});
    const QJsonObject answer = QJsonDocument::fromJson(t.body).object();
    if (!t.error.isEmpty() || !answer.value(QStringLiteral("class")).isDouble()) {
        ++m_teacherFailures;
        noteError(t.error.isEmpty() ? QStringLiteral("The teacher's answer has no class: %1")
                                          .arg(QString::fromUtf8(t.body.left(300)))
                                    : t.error);
        return;
    }
    ++m_teacherAnswers;
    TeacherAnswer correction;
    correction.label = answer.value(QStringLiteral("class")).toInt();
    {
        const QMutexLocker lock(&m_mutex);
        TeacherAgreement &agreement = m_byModel[input.modelVersion];
        ++agreement.answers;
        agreement.agreed += correction.label == input.label ? 1 : 0;
    }
    if (!m_config.console.isValid())
        return;
    correction.confidence = answer.value(QStringLiteral("confidence")).toDouble();
    correction.modelVersion = answer.value(QStringLiteral("model_version")).toString();
    const QJsonObject record = sampleRecord(input, correction, m_config.nodeId, m_config.selfUrl);
    const HttpAnswer c = post(nam, joined(m_config.console, QStringLiteral("/api/samples")),
        QJsonDocument(record).toJson(QJsonDocument::Compact), "application/json", m_config.consoleToken);
    if (!c.error.isEmpty()) {
        ++m_consoleFailures;
        noteError(c.error);
        return;
    }
    ++m_consolePosted;
}

QJsonObject Escalator::sampleRecord(
    const EscalatedInput &input, const TeacherAnswer &correction, const QString &nodeId, const QUrl &selfUrl)
{
    const QUrl uri = joined(selfUrl, QStringLiteral("/v1/samples/") + input.sampleId);
    return QJsonObject{{QStringLiteral("sample_id"), input.sampleId}, {QStringLiteral("node_id"), nodeId},
        {QStringLiteral("model_version"), input.modelVersion},
        {QStringLiteral("timestamp"), input.at.toUTC().toString(Qt::ISODateWithMs)},
        {QStringLiteral("prediction"),
            QJsonObject{
                {QStringLiteral("label"), input.label}, {QStringLiteral("confidence"), input.confidence}}},
        {QStringLiteral("correction"),
            QJsonObject{{QStringLiteral("label"), correction.label},
                {QStringLiteral("confidence"), correction.confidence},
                {QStringLiteral("source"), QStringLiteral("teacher %1").arg(correction.modelVersion)}}},
        {QStringLiteral("input"), QJsonObject{{QStringLiteral("uri"), uri.toString()}}}};
}

void Escalator::noteError(const QString &message)
{
    const QMutexLocker lock(&m_mutex);
    m_lastError = message;
}

QHash<QString, TeacherAgreement> Escalator::agreementByModel() const
{
    const QMutexLocker lock(&m_mutex);
    return m_byModel;
}

QJsonObject Escalator::counters() const
{
    QString lastError;
    QJsonObject byModel;
    {
        const QMutexLocker lock(&m_mutex);
        lastError = m_lastError;
        for (auto it = m_byModel.cbegin(); it != m_byModel.cend(); ++it)
            byModel.insert(it.key(),
                QJsonObject{{QStringLiteral("teacher_answers"), it.value().answers},
                    {QStringLiteral("teacher_agreed"), it.value().agreed}});
    }
    return QJsonObject{
        {QStringLiteral("teacher"),
            m_config.teacher.isValid() ? QJsonValue(m_config.teacher.toString()) : QJsonValue()},
        {QStringLiteral("console"),
            m_config.console.isValid() ? QJsonValue(m_config.console.toString()) : QJsonValue()},
        {QStringLiteral("teacher_answers"), m_teacherAnswers.load()},
        {QStringLiteral("teacher_failures"), m_teacherFailures.load()},
        {QStringLiteral("console_posted"), m_consolePosted.load()},
        {QStringLiteral("console_failures"), m_consoleFailures.load()},
        {QStringLiteral("retries"), m_retries.load()}, {QStringLiteral("pending"), m_pending.load()},
        {QStringLiteral("dropped"), m_dropped.load()},
        {QStringLiteral("last_error"), lastError.isEmpty() ? QJsonValue() : QJsonValue(lastError)},
        {QStringLiteral("by_model"), byModel}};
}

} // namespace lk::node
