#pragma once

// The demo's agents: GENERATED outcome events and audit batches (DemoData.h), sent on a
// schedule so that the console's Agents panel and Review queue come alive while the demo runs.
// Nothing it sends was measured; everything is labelled as generated.
//
// Outcome event i is due at i / rate seconds and is POSTed to the console's REST server
// (POST /api/learning/outcomes, the same route agents use); events that fall due together (a
// slow answer) go in one request. Audit batch k is due at k * auditEvery seconds: it is written
// to auditDir as a file and mined there and then through the review queue, exactly as
// `loopkeeper-cli rules mine --audit FILE` does, so that its proposals and reinforcements reach
// the queue the console shows. The regime of event i is decided by its due time, not by the
// clock, so the same seed, rate and switch time give the same events however fast the server
// answers. Runs on the thread that owns it, driven by a timer of its event loop.
//
//     lk::replay::DemoAgentsConfig config;       // server, rate, switch time, audit folder, ...
//     lk::replay::DemoAgents agents(config, &queue);
//     QObject::connect(&agents, &DemoAgents::finished, &loop, &QEventLoop::quit);
//     agents.start();
//     loop.exec();
//     QJsonObject summary = agents.summary();

#include "core/replay/HttpClient.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QString>
#include <QUrl>

#include <cstdint>
#include <limits>
#include <memory>

class QTimer;

namespace lk::rules {
class ReviewQueue;
}

namespace lk::replay {

/// What to generate, where to, and how fast.
struct DemoAgentsConfig
{
    QUrl server; ///< the REST server (loopkeeper-cli serve, or the console's Agent API); needed if rate > 0
    double rate = 3; ///< outcome events per second; 0: none
    double switchAtS = 240; ///< schedule time of the regime switch (see DemoData.h)
    double auditEveryS = 45; ///< seconds between audit batches, the first at 0; 0: none
    int runsPerBatch = 40; ///< workflow runs per audit batch
    QString auditDir; ///< where the batches are written; needed if auditEveryS > 0
    double durationS = 0; ///< stop after this many seconds; 0: run until stopped
    double fromS = 0; ///< start the schedule here, as if this much time had passed
    std::uint64_t seed = 7;
    int timeoutMs = 5000; ///< per request to the server

    /// Throws lk::Error(Usage) naming the value that is wrong.
    void validate() const;
};

/// Sends the generated traffic; see the file comment.
class DemoAgents : public QObject
{
    Q_OBJECT
public:
    /// `queue` mines the audit batches; it may be null only when auditEveryS is 0. Throws
    /// lk::Error(Usage) for an invalid config.
    DemoAgents(DemoAgentsConfig config, rules::ReviewQueue *queue, QObject *parent = nullptr);
    ~DemoAgents() override;

    /// Creates the audit folder (lk::Error(Workspace) if it cannot) and starts; returns at once.
    void start();
    /// Stops before the next thing due; finished() follows from the event loop.
    void stop();
    bool isFinished() const { return m_finished; }

    /// {"elapsed_s", "schedule_s", "regime", "events": {...}, "audit_batches"}.
    QJsonObject progress() const;
    /// {"generated": true, "seed", "duration_s", "schedule_s", "regime_switch_s", "events": {"sent",
    /// "after_switch" (sent in the second regime), "accepted", "duplicates", "rejected",
    /// "errors", "per_agent"}, "audit_batches", "rules":
    /// {"proposed", "reinforced", "conflicting", "already_counted"}, "audit_errors", "audit_dir",
    /// "last_error"}.
    QJsonObject summary() const;

Q_SIGNALS:
    /// An audit batch was written and mined: {"audit_batch", "file", "schedule_s", "proposed",
    /// "reinforced", "conflicting", "already_counted", "proposed_by_band": {"high", "medium",
    /// "low"}} (or "error" if it could not be).
    void batchMined(const QJsonObject &line);
    /// The duration is over or stop() was called; emitted once.
    void finished();

private:
    void step();
    double scheduleS() const;
    double eventDue(qint64 i) const { return double(i) / m_config.rate; }
    double batchDue(qint64 k) const { return double(k) * m_config.auditEveryS; }
    void postEvents(qint64 from, qint64 to);
    void mineBatch(qint64 k);
    void finish();

    DemoAgentsConfig m_config;
    rules::ReviewQueue *m_queue;
    std::unique_ptr<HttpConnection> m_http;
    QTimer *m_timer = nullptr;
    QElapsedTimer m_clock;
    QString m_runTag; ///< makes this run's event and batch ids unique
    qint64 m_nextEvent = 0; ///< index of the next event to send
    qint64 m_nextBatch = 0; ///< index of the next audit batch
    bool m_started = false;
    bool m_stop = false;
    bool m_finished = false;
    double m_finishedAtS = 0;

    qint64 m_sent = 0, m_afterSwitch = 0, m_accepted = 0, m_duplicates = 0, m_rejected = 0, m_errors = 0;
    QHash<QString, qint64> m_perAgent; ///< events sent per agent
    qint64 m_batches = 0, m_auditErrors = 0;
    qint64 m_proposed = 0, m_reinforced = 0, m_conflicting = 0, m_alreadyCounted = 0;
    QString m_lastError;
};

} // namespace lk::replay
