// Sends the demo's GENERATED agent data (DemoData.h) on a schedule; see DemoAgents.h.
#include "core/replay/DemoAgents.h"

#include "core/common/AtomicFile.h"
#include "core/common/Error.h"
#include "core/replay/DemoData.h"
#include "core/rules/ReviewQueue.h"
#include "core/rules/RuleScoring.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTimer>

#include <algorithm>
#include <cmath>

namespace lk::replay {

namespace {

/// Events that fall due together go in one request, up to this many.
constexpr qint64 kMaxEventsPerRequest = 500;

double rounded(double value, int decimals)
{
    const double scale = std::pow(10.0, decimals);
    return std::round(value * scale) / scale;
}

/// The first index whose due time (index * step) is at or after `s`.
qint64 firstAtOrAfter(double s, double step)
{
    return qint64(std::ceil(s / step - 1e-9));
}

} // namespace

void DemoAgentsConfig::validate() const
{
    if (!std::isfinite(rate) || rate < 0 || rate > 10000)
        throw Error(ErrorKind::Usage,
            QStringLiteral(
                "--rate %1 is not an event rate (0 for no outcome events, up to 10000 per second).")
                .arg(rate));
    if (rate > 0
        && (!server.isValid() || server.scheme() != QLatin1String("http") || server.host().isEmpty()))
        throw Error(ErrorKind::Usage,
            QStringLiteral("Give the REST server the outcome events go to as --server http://HOST:PORT (the "
                           "\"listening\" URL of loopkeeper-cli serve); got \"%1\".")
                .arg(server.toString()));
    if (!std::isfinite(switchAtS) || switchAtS < 0)
        throw Error(
            ErrorKind::Usage, QStringLiteral("The regime switch time %1 s is negative.").arg(switchAtS));
    if (!std::isfinite(auditEveryS) || auditEveryS < 0 || (auditEveryS > 0 && auditEveryS < 0.1))
        throw Error(ErrorKind::Usage,
            QStringLiteral("--audit-every %1 s: use 0 (no audit batches) or at least 0.1 s.")
                .arg(auditEveryS));
    if (auditEveryS > 0 && auditDir.isEmpty())
        throw Error(ErrorKind::Usage, QStringLiteral("Audit batches need a folder to be written to."));
    if (runsPerBatch < demo::kMinRunsPerBatch || runsPerBatch > 100000)
        throw Error(ErrorKind::Usage,
            QStringLiteral("--runs-per-batch %1 is out of range: use %2 to 100000.")
                .arg(runsPerBatch)
                .arg(demo::kMinRunsPerBatch));
    if (!std::isfinite(durationS) || durationS < 0)
        throw Error(ErrorKind::Usage, QStringLiteral("The duration %1 s is negative.").arg(durationS));
    if (!std::isfinite(fromS) || fromS < 0)
        throw Error(ErrorKind::Usage, QStringLiteral("--from %1 s is negative.").arg(fromS));
    if (rate == 0 && auditEveryS == 0)
        throw Error(ErrorKind::Usage,
            QStringLiteral("With --rate 0 and --audit-every 0 there is nothing to generate."));
    if (timeoutMs < 1)
        throw Error(ErrorKind::Usage, QStringLiteral("The timeout %1 ms is not positive.").arg(timeoutMs));
}

DemoAgents::DemoAgents(DemoAgentsConfig config, rules::ReviewQueue *queue, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_queue(queue)
{
    m_config.validate();
    if (m_config.auditEveryS > 0 && !m_queue)
        throw Error(ErrorKind::Usage, QStringLiteral("Audit batches need a review queue to be mined into."));
    if (m_config.rate > 0)
        m_http = std::make_unique<HttpConnection>(m_config.server, m_config.timeoutMs);
    m_timer = new QTimer(this);
    m_timer->setSingleShot(true);
    m_timer->setTimerType(Qt::PreciseTimer);
    connect(m_timer, &QTimer::timeout, this, &DemoAgents::step);
}

DemoAgents::~DemoAgents() = default;

void DemoAgents::start()
{
    if (m_started)
        return;
    if (m_config.auditEveryS > 0 && !QDir().mkpath(m_config.auditDir))
        throw Error(ErrorKind::Workspace,
            QStringLiteral("Cannot create the audit folder %1.")
                .arg(QDir::toNativeSeparators(m_config.auditDir)));
    m_started = true;
    m_runTag = QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd'T'hhmmsszzz"));
    m_nextEvent = m_config.rate > 0 ? firstAtOrAfter(m_config.fromS, 1.0 / m_config.rate) : 0;
    m_nextBatch = m_config.auditEveryS > 0 ? firstAtOrAfter(m_config.fromS, m_config.auditEveryS) : 0;
    m_clock.start();
    m_timer->start(0);
}

void DemoAgents::stop()
{
    if (!m_started || m_finished)
        return;
    m_stop = true;
    m_timer->start(0);
}

double DemoAgents::scheduleS() const
{
    return m_config.fromS + (m_finished ? m_finishedAtS : double(m_clock.nsecsElapsed()) / 1e9);
}

void DemoAgents::step()
{
    if (m_stop) {
        finish();
        return;
    }
    const double now = scheduleS();
    const double end = m_config.durationS > 0 ? m_config.fromS + m_config.durationS
                                              : std::numeric_limits<double>::infinity();
    const double inf = std::numeric_limits<double>::infinity();
    // Everything due by now (and before the end), in the order it fell due; a batch due at the
    // same time as events goes first.
    for (;;) {
        const double eventAt = m_config.rate > 0 ? eventDue(m_nextEvent) : inf;
        const double batchAt = m_config.auditEveryS > 0 ? batchDue(m_nextBatch) : inf;
        const double next = std::min(eventAt, batchAt);
        if (next > now || next >= end)
            break;
        if (batchAt <= eventAt) {
            mineBatch(m_nextBatch++);
        } else {
            qint64 last = m_nextEvent;
            while (last + 1 - m_nextEvent < kMaxEventsPerRequest && eventDue(last + 1) <= now
                && eventDue(last + 1) < batchAt && eventDue(last + 1) < end)
                ++last;
            postEvents(m_nextEvent, last + 1);
            m_nextEvent = last + 1;
        }
        if (m_stop)
            break;
    }
    if (m_stop) {
        finish();
        return;
    }
    const double eventAt = m_config.rate > 0 ? eventDue(m_nextEvent) : inf;
    const double batchAt = m_config.auditEveryS > 0 ? batchDue(m_nextBatch) : inf;
    const double next = std::min({eventAt, batchAt, end});
    if (next >= end && scheduleS() >= end) {
        finish();
        return;
    }
    const double waitS = std::max(0.0, next - scheduleS());
    m_timer->start(int(std::min(std::ceil(waitS * 1000.0), 3'600'000.0)));
}

void DemoAgents::postEvents(qint64 from, qint64 to)
{
    QJsonArray events;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (qint64 i = from; i < to; ++i) {
        const bool after = eventDue(i) >= m_config.switchAtS;
        m_afterSwitch += after ? 1 : 0;
        QJsonObject e = demo::outcomeEvent(m_config.seed, std::uint64_t(i), m_runTag, after, now);
        ++m_perAgent[e.value(QStringLiteral("agent_name")).toString()];
        events.append(e);
    }
    m_sent += events.size();
    const HttpReply reply = m_http->post(QByteArrayLiteral("/api/learning/outcomes"),
        QByteArrayLiteral("application/json"), QJsonDocument(events).toJson(QJsonDocument::Compact));
    const QJsonObject report = QJsonDocument::fromJson(reply.body).object();
    if (!reply.ok()) {
        m_errors += events.size();
        m_lastError = !reply.error.isEmpty()
            ? QStringLiteral("%1: %2").arg(m_config.server.toString(), reply.error)
            : reply.status == 401
            ? QStringLiteral("%1 needs a bearer token; demo-agents talks to servers without one (HTTP 401).")
                  .arg(m_config.server.toString())
            : QStringLiteral("%1: HTTP %2 %3")
                  .arg(m_config.server.toString())
                  .arg(reply.status)
                  .arg(QString::fromUtf8(reply.body.left(300)).trimmed());
        return;
    }
    m_accepted += report.value(QStringLiteral("accepted")).toInteger();
    m_duplicates += report.value(QStringLiteral("duplicates")).toInteger();
    const QJsonArray rejected = report.value(QStringLiteral("rejected")).toArray();
    m_rejected += rejected.size();
    if (!rejected.isEmpty())
        m_lastError = QStringLiteral("the server refused a generated event: %1")
                          .arg(QString::fromUtf8(
                              QJsonDocument(rejected.first().toObject()).toJson(QJsonDocument::Compact)));
}

void DemoAgents::mineBatch(qint64 k)
{
    const double at = batchDue(k);
    QJsonObject batch = demo::auditBatch(
        m_config.seed, std::uint64_t(k), m_config.runsPerBatch, m_runTag, QDateTime::currentDateTimeUtc());
    const QString id = batch.value(QStringLiteral("batch_id")).toString();
    const QString path = QDir(m_config.auditDir).filePath(id + QStringLiteral(".json"));
    batch.insert(QStringLiteral("audit_file"), path);
    QJsonObject line{{QStringLiteral("audit_batch"), id}, {QStringLiteral("file"), path},
        {QStringLiteral("schedule_s"), rounded(at, 3)}};
    try {
        writeFileAtomically(
            path, QJsonDocument(batch).toJson(QJsonDocument::Indented), QStringLiteral("audit batch"));
        // The same service `rules mine --audit FILE` uses, on the same file.
        const rules::IngestOutcome out = m_queue->ingestBatchFile(path);
        if (!out.accepted)
            throw Error(ErrorKind::Internal,
                QStringLiteral("the generated batch %1 was refused: %2")
                    .arg(path,
                        QString::fromUtf8(
                            QJsonDocument(out.report).toJson(QJsonDocument::Compact).left(600))));
        ++m_batches;
        m_proposed += out.proposed.size();
        m_reinforced += out.reinforced.size();
        m_conflicting += out.conflicting.size();
        m_alreadyCounted += out.alreadyCounted.size();
        QJsonObject bands{
            {QStringLiteral("high"), 0}, {QStringLiteral("medium"), 0}, {QStringLiteral("low"), 0}};
        for (const QString &rule : out.proposed) {
            const QString band = rules::confidenceBand(m_queue->rule(rule).row.confidence);
            bands.insert(band, bands.value(band).toInt() + 1);
        }
        line.insert(QStringLiteral("proposed"), QJsonArray::fromStringList(out.proposed));
        line.insert(QStringLiteral("reinforced"), QJsonArray::fromStringList(out.reinforced));
        line.insert(QStringLiteral("conflicting"), QJsonArray::fromStringList(out.conflicting));
        line.insert(QStringLiteral("already_counted"), out.alreadyCounted.size());
        line.insert(QStringLiteral("proposed_by_band"), bands);
    } catch (const Error &e) {
        // The queue may be busy for longer than the database waits (a console deciding a long
        // bulk); the next batch tries again.
        ++m_auditErrors;
        m_lastError = e.message();
        line.insert(QStringLiteral("error"), e.message());
    }
    Q_EMIT batchMined(line);
}

void DemoAgents::finish()
{
    if (m_finished)
        return;
    m_finishedAtS = double(m_clock.nsecsElapsed()) / 1e9;
    m_finished = true;
    m_timer->stop();
    Q_EMIT finished();
}

QJsonObject DemoAgents::progress() const
{
    const double s = scheduleS();
    return QJsonObject{{QStringLiteral("elapsed_s"), rounded(s - m_config.fromS, 3)},
        {QStringLiteral("schedule_s"), rounded(s, 3)},
        {QStringLiteral("regime"),
            s >= m_config.switchAtS ? QStringLiteral("after_switch") : QStringLiteral("before_switch")},
        {QStringLiteral("events"),
            QJsonObject{{QStringLiteral("sent"), m_sent}, {QStringLiteral("after_switch"), m_afterSwitch},
                {QStringLiteral("accepted"), m_accepted}, {QStringLiteral("errors"), m_errors}}},
        {QStringLiteral("audit_batches"), m_batches}};
}

QJsonObject DemoAgents::summary() const
{
    QJsonObject perAgent;
    for (auto it = m_perAgent.cbegin(); it != m_perAgent.cend(); ++it)
        perAgent.insert(it.key(), it.value());
    const double s = scheduleS();
    return QJsonObject{{QStringLiteral("generated"), true},
        {QStringLiteral("seed"), QString::number(m_config.seed)},
        {QStringLiteral("duration_s"), rounded(s - m_config.fromS, 3)},
        {QStringLiteral("schedule_s"), rounded(s, 3)},
        {QStringLiteral("regime_switch_s"), m_config.switchAtS},
        {QStringLiteral("events"),
            QJsonObject{{QStringLiteral("sent"), m_sent}, {QStringLiteral("after_switch"), m_afterSwitch},
                {QStringLiteral("accepted"), m_accepted}, {QStringLiteral("duplicates"), m_duplicates},
                {QStringLiteral("rejected"), m_rejected}, {QStringLiteral("errors"), m_errors},
                {QStringLiteral("per_agent"), perAgent}}},
        {QStringLiteral("audit_batches"), m_batches},
        {QStringLiteral("rules"),
            QJsonObject{{QStringLiteral("proposed"), m_proposed},
                {QStringLiteral("reinforced"), m_reinforced}, {QStringLiteral("conflicting"), m_conflicting},
                {QStringLiteral("already_counted"), m_alreadyCounted}}},
        {QStringLiteral("audit_errors"), m_auditErrors},
        {QStringLiteral("audit_dir"),
            m_config.auditEveryS > 0 ? QJsonValue(m_config.auditDir) : QJsonValue()},
        {QStringLiteral("last_error"), m_lastError.isEmpty() ? QJsonValue() : QJsonValue(m_lastError)}};
}

} // namespace lk::replay
