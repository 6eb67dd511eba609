#pragma once

// What an edge node does with an uncertain prediction after answering it: ask the teacher node
// for the corrected label and send the sample's metadata (the input stays on the node, named by
// URI) to the console's sample ingest. Blocking HTTP calls with a timeout, on a worker thread
// of its own, so that the node keeps answering predictions while a teacher is slow or down.

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QMutex>
#include <QString>
#include <QThreadPool>
#include <QUrl>

#include <atomic>
#include <optional>

namespace lk::node {

/// An escalated prediction as the node made it; the input is already kept on disk.
struct EscalatedInput
{
    QString sampleId;
    QByteArray pixels; ///< 784 bytes, row by row
    int label = 0;
    double confidence = 0;
    QString modelVersion;
    QDateTime at;
};

/// The corrected label a teacher gave.
struct TeacherAnswer
{
    int label = 0;
    double confidence = 0;
    QString modelVersion;
};

/// Where escalations go.
struct EscalatorConfig
{
    QUrl teacher; ///< a teacher node's base URL; invalid: no correction is asked for
    QUrl console; ///< the console's base URL; invalid: nothing is sent
    QString consoleToken; ///< bearer token for the console's API, if it wants one
    QString nodeId; ///< names this node in the samples
    QUrl selfUrl; ///< this node's base URL, for the input URI
    int timeoutMs = 10000; ///< per HTTP call
    int maxPending = 1000; ///< escalations beyond this many waiting are dropped (and counted)
};

/// Runs escalations one at a time on a worker thread; thread-safe.
class Escalator
{
public:
    explicit Escalator(EscalatorConfig config);
    /// Waits for the escalations already queued (each bounded by the timeouts).
    ~Escalator();

    /// Queues one escalation and returns at once.
    void submit(EscalatedInput input);
    /// Counters for GET /v1/metrics: teacher answers and failures, console posts and failures,
    /// pending, dropped and the last error.
    QJsonObject counters() const;
    /// Blocks until every queued escalation is done (for tests and shutdown).
    void waitForDone();

    /// The POST /api/samples record (schemas/escalated_sample.schema.json) for one escalation.
    static QJsonObject sampleRecord(const EscalatedInput &input, const TeacherAnswer &correction,
        const QString &nodeId, const QUrl &selfUrl);

private:
    void run(const EscalatedInput &input);
    void noteError(const QString &message);

    EscalatorConfig m_config;
    QThreadPool m_pool;
    std::atomic<int> m_pending{0};
    std::atomic<qint64> m_teacherAnswers{0};
    std::atomic<qint64> m_teacherFailures{0};
    std::atomic<qint64> m_consolePosted{0};
    std::atomic<qint64> m_consoleFailures{0};
    std::atomic<qint64> m_dropped{0};
    mutable QMutex m_mutex;
    QString m_lastError; ///< guarded by m_mutex
};

} // namespace lk::node
