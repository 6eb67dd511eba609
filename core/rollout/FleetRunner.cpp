#include "core/rollout/FleetRunner.h"

#include "core/common/Error.h"
#include "core/drift/DriftMonitor.h"
#include "core/logging/Logging.h"
#include "core/loop/LoopConfig.h"
#include "core/loop/Notifier.h"
#include "core/rollout/RolloutEngine.h"
#include "core/rollout/SampleInputs.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QMetaObject>
#include <QTimer>
#include <QUuid>
#include <QtConcurrent>

namespace lk::rollout {

FleetRunner::FleetRunner(const Workspace &workspace, FleetRunnerConfig config, QObject *parent)
    : QObject(parent)
    , m_workspace(workspace)
    , m_config(std::move(config))
    , m_owner(QStringLiteral("%1-%2")
                  .arg(QCoreApplication::applicationPid())
                  .arg(QUuid::createUuid().toString(QUuid::Id128).left(8)))
{
    if (m_config.fleetPath.isEmpty())
        m_config.fleetPath = QDir(m_workspace.root()).filePath(QStringLiteral("fleet.json"));
    m_config.tickMs = std::max(50, m_config.tickMs);
}

FleetRunner::~FleetRunner()
{
    stop();
}

void FleetRunner::start()
{
    if (!m_timer) {
        m_timer = new QTimer(this);
        m_timer->setInterval(m_config.tickMs);
        connect(m_timer, &QTimer::timeout, this, &FleetRunner::tick);
    }
    m_timer->start();
    tick();
}

void FleetRunner::stop()
{
    if (m_timer)
        m_timer->stop();
    m_running.waitForFinished();
}

void FleetRunner::tick()
{
    if (m_running.isRunning())
        return;
    if (!QFileInfo::exists(m_config.fleetPath))
        return; // no fleet yet: nothing to watch
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const bool pollHealth = now - m_lastHealthMs >= m_config.healthMs;
    if (pollHealth)
        m_lastHealthMs = now;
    const Workspace ws = m_workspace;
    const QString fleetPath = m_config.fleetPath;
    const QString owner = m_owner;
    const qint64 ttl = std::max<qint64>(10000, 3LL * m_config.tickMs);
    const std::vector<Step> steps = m_steps;
    std::shared_ptr<drift::DriftMonitor> driftMonitor = m_drift;
    const bool monitorDrift = m_config.monitorDrift;
    FleetRunner *self = this; // outlives the task: stop() waits for it
    m_running = QtConcurrent::run([=]() mutable {
        QString failure;
        try {
            storage::Database db = ws.connect();
            RolloutStore leases(db);
            if (!leases.acquireLease(QStringLiteral("fleet"), owner, ttl))
                return; // another process drives the fleet
            const fleet::FleetConfig fleet = fleet::FleetConfig::load(fleetPath);
            fleet::NodeClient client;
            loop::Notifier notifier(db, loop::LoopConfig::load(ws).webhook);
            RolloutEngine engine(db, fleet, client, &notifier);
            if (pollHealth)
                engine.pollHealth();
            const RolloutSettings settings = RolloutSettings::load(ws.root());
            if (settings.autoRollout)
                engine.autoStart(loop::LoopConfig::load(ws).modelLine, settings.plan);
            const std::optional<Rollout> r = engine.tick();
            const PullResult pulled = pullSampleInputs(db, fleet, client);
            QJsonObject driftSummary;
            if (monitorDrift) {
                if (!driftMonitor)
                    driftMonitor = std::make_shared<drift::DriftMonitor>(drift::DriftMonitorConfig::load(ws));
                const drift::DriftPollResult polled =
                    driftMonitor->poll(db, ws, fleet, client, QDateTime::currentMSecsSinceEpoch());
                QJsonArray alerts;
                for (const drift::StoredAlert &a : polled.alerts)
                    alerts.append(a.toJson());
                driftSummary = {{QStringLiteral("windows"), qint64(polled.windows.size())},
                    {QStringLiteral("alerts"), alerts},
                    {QStringLiteral("unreachable"), QJsonArray::fromStringList(polled.unreachable)}};
            }
            for (const Step &step : steps)
                step(db, fleetPath);
            const QJsonObject summary{{QStringLiteral("rollout"), r ? QJsonValue(r->toJson()) : QJsonValue()},
                {QStringLiteral("health_polled"), pollHealth}, {QStringLiteral("drift"), driftSummary},
                {QStringLiteral("inputs_pulled"), pulled.fetched}};
            QMetaObject::invokeMethod(self, [self, summary, driftMonitor] {
                self->m_drift = driftMonitor;
                self->m_lastFailure.clear();
                Q_EMIT self->ticked(summary);
            });
            return;
        } catch (const Error &e) {
            failure = e.message();
        } catch (const std::exception &e) {
            failure = QString::fromUtf8(e.what());
        }
        QMetaObject::invokeMethod(self, [self, failure] {
            if (failure == self->m_lastFailure)
                return;
            self->m_lastFailure = failure;
            qCWarning(lcApp).noquote() << "fleet:" << failure;
            Q_EMIT self->failed(failure);
        });
    });
}

} // namespace lk::rollout
