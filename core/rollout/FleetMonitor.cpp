#include "core/rollout/FleetMonitor.h"

#include "core/common/Error.h"
#include "core/logging/Logging.h"
#include "core/loop/LoopConfig.h"
#include "core/loop/Notifier.h"
#include "core/fleet/NodeClient.h"
#include "core/rollout/RolloutQueries.h"

#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QJsonDocument>
#include <QSet>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

namespace lk::rollout {

namespace {

constexpr int kDefaultIntervalMs = 1000;
constexpr qint64 kDefaultHorizonMs = 30LL * 24 * 3600 * 1000;
/// Windows are read again from this far before the newest one seen, so that a window stored
/// late (with an earlier end) still shows up; everything is read again every kFullReadPolls.
constexpr qint64 kWindowOverlapMs = 3600LL * 1000;
constexpr int kFullReadPolls = 60;
constexpr int kEventPage = 500;

QString fleetPathOf(const Workspace &ws)
{
    return QDir(ws.root()).filePath(QStringLiteral("fleet.json"));
}

QByteArray compact(const QJsonValue &v)
{
    return v.isObject() ? QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact)
                        : QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact);
}

bool windowBefore(const lk::drift::StoredWindow &a, const lk::drift::StoredWindow &b)
{
    return a.endedAtMs != b.endedAtMs ? a.endedAtMs < b.endedAtMs : a.id < b.id;
}

} // namespace

const NodeHealth *FleetSnapshot::healthOf(const QString &node) const
{
    for (const NodeHealth &h : health) {
        if (h.node == node)
            return &h;
    }
    return nullptr;
}

const RolloutNode *FleetSnapshot::rolloutNodeOf(const QString &node) const
{
    if (!rollout)
        return nullptr;
    for (const RolloutNode &n : rollout->nodes) {
        if (n.node == node)
            return &n;
    }
    return nullptr;
}

QStringList FleetSnapshot::nodeNames() const
{
    QStringList names;
    for (const lk::fleet::FleetNode &n : fleetNodes)
        names.append(n.name);
    QStringList others;
    for (const NodeHealth &h : health) {
        if (!names.contains(h.node) && !others.contains(h.node))
            others.append(h.node);
    }
    if (rollout) {
        for (const RolloutNode &n : rollout->nodes) {
            if (!names.contains(n.node) && !others.contains(n.node))
                others.append(n.node);
        }
    }
    others.sort();
    return names + others;
}

// ---------------------------------------------------------------------------------------------
// The worker: its own connection, a poll timer, and the operator's short commands.

struct FleetMonitorWorker::Private
{
    FleetMonitor::Parts parts;
    std::optional<Workspace> workspace;
    std::optional<storage::Database> db;
    qint64 horizonMs = kDefaultHorizonMs;

    // The fleet file, read again only when it changed on disk.
    QDateTime fleetModified;
    qint64 fleetSize = -1;
    bool fleetExists = false;
    std::vector<lk::fleet::FleetNode> fleetNodes;
    QString fleetError;

    // The timeline of the rollout shown, read incrementally.
    QString eventsOf;
    QJsonArray events;
    qint64 lastEventId = 0;

    // Drift windows, read incrementally (a snapshot shares them until the next change).
    QList<lk::drift::StoredWindow> windows;
    QSet<qint64> windowIds;
    int pollsSinceFullRead = 0;

    storage::Database &connection()
    {
        if (!db)
            db.emplace(workspace->connect());
        return *db;
    }

    void resetCaches()
    {
        fleetModified = QDateTime();
        fleetSize = -1;
        fleetExists = false;
        fleetNodes.clear();
        fleetError.clear();
        eventsOf.clear();
        events = QJsonArray();
        lastEventId = 0;
        windows.clear();
        windowIds.clear();
        pollsSinceFullRead = 0;
    }

    void readFleet(FleetSnapshot &s)
    {
        const QFileInfo info(s.fleetPath);
        if (!info.exists()) {
            fleetExists = false;
            fleetNodes.clear();
            fleetError.clear();
            fleetModified = QDateTime();
            fleetSize = -1;
        } else if (!fleetExists || info.lastModified() != fleetModified || info.size() != fleetSize) {
            fleetExists = true;
            fleetModified = info.lastModified();
            fleetSize = info.size();
            fleetNodes.clear();
            fleetError.clear();
            try {
                for (lk::fleet::FleetNode n : lk::fleet::FleetConfig::load(s.fleetPath).nodes) {
                    n.token.clear(); // never carried to the UI
                    fleetNodes.push_back(n);
                }
            } catch (const Error &e) {
                fleetError = e.message();
            }
        }
        s.fleetFileExists = fleetExists;
        s.fleetNodes = fleetNodes;
        s.fleetError = fleetError;
    }

    void readRollout(storage::Database &conn, FleetSnapshot &s)
    {
        RolloutStore store(conn);
        s.rollout = currentRollout(store);
        const QString id = s.rollout ? s.rollout->id : QString();
        if (id != eventsOf) {
            eventsOf = id;
            events = QJsonArray();
            lastEventId = 0;
        }
        if (!id.isEmpty()) {
            for (;;) {
                const QJsonArray page = store.events(id, lastEventId, kEventPage);
                for (const QJsonValue &e : page) {
                    events.append(e);
                    lastEventId =
                        std::max<qint64>(lastEventId, e.toObject().value(QStringLiteral("id")).toInteger());
                }
                if (page.size() < kEventPage)
                    break;
            }
            while (events.size() > FleetSnapshot::kEventsKept)
                events.removeFirst();
        }
        s.events = events;
        try {
            s.defaultPlan = RolloutSettings::load(workspace->root()).plan;
        } catch (const Error &e) {
            s.settingsError = e.message();
        }
        s.versions.clear();
        for (const lk::loop::ModelVersion &v : lk::loop::ModelRegistry(conn).versions()) {
            if (!v.artifactPath.isEmpty())
                s.versions.push_back(v);
        }
    }

    void readDrift(storage::Database &conn, FleetSnapshot &s)
    {
        lk::drift::DriftStore store(conn);
        const qint64 horizon = s.readAt.toMSecsSinceEpoch() - horizonMs;
        const bool full = windows.empty() || ++pollsSinceFullRead >= kFullReadPolls;
        if (full) {
            pollsSinceFullRead = 0;
            std::vector<lk::drift::StoredWindow> all = store.windows(horizon);
            windows = QList<lk::drift::StoredWindow>(
                std::make_move_iterator(all.begin()), std::make_move_iterator(all.end()));
            windowIds.clear();
            for (const lk::drift::StoredWindow &w : windows)
                windowIds.insert(w.id);
        } else {
            const qint64 since = std::max(horizon, windows.constLast().endedAtMs - kWindowOverlapMs);
            bool added = false;
            for (lk::drift::StoredWindow &w : store.windows(since)) {
                if (windowIds.contains(w.id))
                    continue;
                windowIds.insert(w.id);
                windows.push_back(std::move(w));
                added = true;
            }
            if (added)
                std::stable_sort(windows.begin(), windows.end(), windowBefore);
            const auto old = std::find_if(windows.cbegin(), windows.cend(),
                [horizon](const lk::drift::StoredWindow &w) { return w.endedAtMs >= horizon; });
            if (old != windows.cbegin()) {
                for (auto it = windows.cbegin(); it != old; ++it)
                    windowIds.remove(it->id);
                windows.remove(0, old - windows.cbegin());
            }
        }
        s.windows = windows;
        s.alerts = store.alerts(FleetSnapshot::kAlertsKept);
    }

    /// What the snapshot shows, to skip snapshots that would show the same.
    QByteArray fingerprintOf(const FleetSnapshot &s) const
    {
        QJsonArray fleet;
        for (const lk::fleet::FleetNode &n : s.fleetNodes)
            fleet.append(n.toJson());
        QJsonArray health;
        for (const NodeHealth &h : s.health)
            health.append(h.toJson());
        QJsonArray versions;
        for (const lk::loop::ModelVersion &v : s.versions)
            versions.append(QString(v.id + QLatin1Char(' ') + v.status));
        const QJsonObject all{{QStringLiteral("exists"), s.fleetFileExists},
            {QStringLiteral("error"), s.fleetError}, {QStringLiteral("fleet"), fleet},
            {QStringLiteral("health"), health},
            {QStringLiteral("rollout"), s.rollout ? QJsonValue(s.rollout->toJson()) : QJsonValue()},
            {QStringLiteral("events"), lastEventId}, {QStringLiteral("versions"), versions},
            {QStringLiteral("plan"), s.defaultPlan.toJson()},
            {QStringLiteral("settings_error"), s.settingsError},
            {QStringLiteral("windows"), qint64(s.windows.size())},
            {QStringLiteral("first_window"), s.windows.empty() ? 0 : s.windows.front().id},
            {QStringLiteral("last_window"), s.windows.empty() ? 0 : s.windows.back().id},
            {QStringLiteral("alerts"), qint64(s.alerts.size())},
            {QStringLiteral("last_alert"), s.alerts.empty() ? 0 : s.alerts.front().id},
            {QStringLiteral("last_alert_job"), s.alerts.empty() ? QString() : s.alerts.front().jobId}};
        return compact(all);
    }
};

FleetMonitorWorker::FleetMonitorWorker(FleetMonitor::Parts parts)
    : MonitorWorker(lcUi(), QStringLiteral("the fleet"))
    , d(new Private)
{
    d->parts = parts;
}

FleetMonitorWorker::~FleetMonitorWorker()
{
    delete d;
}

void FleetMonitorWorker::setWorkspace(const std::optional<Workspace> &workspace)
{
    d->db.reset();
    d->workspace = workspace;
    d->resetCaches();
    setSource(workspace.has_value());
    publish(FleetSnapshot());
    refresh(true);
}

void FleetMonitorWorker::setDriftHorizon(qint64 milliseconds)
{
    d->horizonMs = std::max<qint64>(60000, milliseconds);
    d->windows.clear(); // read again over the new horizon
    d->windowIds.clear();
}

void FleetMonitorWorker::reset()
{
    d->db.reset(); // the next poll reconnects (the file may have been locked or replaced)
    d->eventsOf.clear();
    d->windows.clear();
    d->windowIds.clear();
}

void FleetMonitorWorker::poll(bool)
{
    storage::Database &conn = d->connection();
    FleetSnapshot s;
    s.hasWorkspace = true;
    s.readAt = QDateTime::currentDateTimeUtc();
    s.fleetPath = fleetPathOf(*d->workspace);
    d->readFleet(s);
    s.health = RolloutStore(conn).health();
    if (d->parts.testFlag(FleetMonitor::Rollouts))
        d->readRollout(conn, s);
    if (d->parts.testFlag(FleetMonitor::Drift))
        d->readDrift(conn, s);
    const QByteArray fingerprint = d->fingerprintOf(s);
    offer(std::move(s), fingerprint);
}

void FleetMonitorWorker::command(
    const QString &command, const QString &rolloutId, const QString &by, const QString &reason)
{
    if (!d->workspace) {
        Q_EMIT commandFinished(command, false, tr("No workspace is open."));
        return;
    }
    try {
        RolloutStore store(d->connection());
        const Rollout r =
            store.command(rolloutId, rolloutCommandFromName(command), by, reason);
        const QString status = nameOf(r.status);
        qCInfo(lcUi).noquote() << "rollout" << rolloutId << command << "by" << by << "→" << status;
        Q_EMIT commandFinished(command, true, status);
    } catch (const Error &e) {
        qCWarning(lcUi).noquote() << "rollout" << rolloutId << command << "refused:" << e.message();
        Q_EMIT commandFinished(command, false, e.message());
    }
    // This connection wrote: show the result without waiting for the next poll.
    refresh(true);
}

// ---------------------------------------------------------------------------------------------
// The monitor: owns the worker's thread and starts rollouts on a pool thread.

FleetMonitor::FleetMonitor(Parts parts, QObject *parent)
    : Monitor(new FleetMonitorWorker(parts), QStringLiteral("FleetMonitor"), parent)
    , m_parts(parts)
    , m_worker(static_cast<FleetMonitorWorker *>(worker()))
{
    setInterval(kDefaultIntervalMs);
    connect(m_worker, &FleetMonitorWorker::commandFinished, this, &FleetMonitor::commandFinished);
    connect(&m_start, &QFutureWatcher<QString>::finished, this, &FleetMonitor::onStartDone);
}

FleetMonitor::~FleetMonitor()
{
    m_start.waitForFinished();
    stop();
}

void FleetMonitor::deliver(const std::any &snapshot)
{
    Q_EMIT snapshotChanged(std::any_cast<const FleetSnapshot &>(snapshot));
}

void FleetMonitor::setWorkspace(const std::optional<Workspace> &workspace)
{
    m_workspace = workspace;
    QMetaObject::invokeMethod(m_worker, [w = m_worker, workspace] { w->setWorkspace(workspace); });
}

void FleetMonitor::setDriftHorizon(qint64 milliseconds)
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker, milliseconds] {
        w->setDriftHorizon(milliseconds);
        w->refresh(true);
    });
}

void FleetMonitor::command(
    const QString &command, const QString &rolloutId, const QString &by, const QString &reason)
{
    QMetaObject::invokeMethod(m_worker,
        [w = m_worker, command, rolloutId, by, reason] { w->command(command, rolloutId, by, reason); });
}

void FleetMonitor::startRollout(const StartRequest &request)
{
    if (isStarting())
        return;
    if (!m_workspace) {
        Q_EMIT commandFinished(QStringLiteral("start"), false, tr("No workspace is open."));
        return;
    }
    const Workspace ws = *m_workspace;
    m_start.setFuture(QtConcurrent::run([ws, request]() -> QString {
        try {
            storage::Database db = ws.connect();
            const lk::fleet::FleetConfig fleet = lk::fleet::FleetConfig::load(fleetPathOf(ws));
            fleet::NodeClient client(request.plan.requestTimeoutMs);
            lk::loop::Notifier notifier(db, lk::loop::LoopConfig::load(ws).webhook);
            RolloutEngine engine(db, fleet, client, &notifier);
            const Rollout r = engine.start(request);
            qCInfo(lcUi).noquote() << "rollout" << r.id << "of" << r.modelVersion << "started by"
                                   << r.createdBy;
            return QString();
        } catch (const Error &e) {
            return e.message();
        } catch (const std::exception &e) {
            return QString::fromUtf8(e.what());
        }
    }));
}

void FleetMonitor::onStartDone()
{
    const QString error = m_start.result();
    if (!error.isEmpty())
        qCWarning(lcUi).noquote() << "rollout start refused:" << error;
    Q_EMIT commandFinished(QStringLiteral("start"), error.isEmpty(), error);
    refreshNow();
}

} // namespace lk::rollout
