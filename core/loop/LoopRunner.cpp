#include "core/loop/LoopRunner.h"

#include "core/common/Error.h"
#include "core/logging/Logging.h"
#include "core/loop/LearningLoop.h"

#include <QMetaObject>
#include <QTimer>
#include <QtConcurrent>

namespace lk::loop {

namespace {

class CancellableListener : public runs::RunListener
{
public:
    explicit CancellableListener(std::shared_ptr<std::atomic<bool>> cancel)
        : m_cancel(std::move(cancel))
    { }
    bool cancelRequested() override { return m_cancel->load(); }

private:
    std::shared_ptr<std::atomic<bool>> m_cancel;
};

} // namespace

LoopRunner::LoopRunner(const Workspace &workspace, int intervalSeconds, QObject *parent)
    : QObject(parent)
    , m_workspace(workspace)
    , m_interval(std::max(1, intervalSeconds))
{ }

LoopRunner::~LoopRunner()
{
    stop();
}

void LoopRunner::start()
{
    if (!m_timer) {
        m_timer = new QTimer(this);
        m_timer->setInterval(m_interval * 1000);
        connect(m_timer, &QTimer::timeout, this, &LoopRunner::tick);
    }
    m_cancel->store(false);
    m_timer->start();
    tick();
}

void LoopRunner::stop()
{
    if (m_timer)
        m_timer->stop();
    m_cancel->store(true);
    m_running.waitForFinished();
}

void LoopRunner::tick()
{
    if (m_running.isRunning())
        return; // one tick at a time; a job in progress blocks the line anyway
    const Workspace ws = m_workspace;
    const std::shared_ptr<std::atomic<bool>> cancel = m_cancel;
    // `this` outlives the task: the destructor waits for it (stop()).
    LoopRunner *self = this;
    m_running = QtConcurrent::run([ws, cancel, self] {
        try {
            storage::Database db = ws.connect();
            LearningLoop loop(ws, db, LoopConfig::load(ws));
            loop.recoverAbandonedJobs();
            const TickResult tick = loop.tick(QDateTime::currentDateTimeUtc(), false);
            QMetaObject::invokeMethod(self, [self, r = tick.response] { Q_EMIT self->ticked(r); });
            if (!tick.job || cancel->load())
                return;
            qCInfo(lcApp).noquote() << "learning loop: running" << tick.job->jobId << "(" << tick.job->reason << ")";
            CancellableListener listener(cancel);
            const QJsonObject status = loop.runJob(tick.job->jobId, listener).toJson();
            qCInfo(lcApp).noquote() << "learning loop:" << tick.job->jobId << status.value(QStringLiteral("status")).toString()
                                    << status.value(QStringLiteral("gate_decision")).toString();
            QMetaObject::invokeMethod(self, [self, status] { Q_EMIT self->jobFinished(status); });
        } catch (const Error &e) {
            qCWarning(lcApp).noquote() << "learning loop:" << e.message();
        } catch (const std::exception &e) {
            qCWarning(lcApp).noquote() << "learning loop:" << e.what();
        }
    });
}

} // namespace lk::loop
