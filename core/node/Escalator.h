#pragma once

// What an edge node does with an uncertain prediction after answering it: ask the teacher node
// for the corrected label and send the sample's metadata (the input stays on the node, named by
// URI) to the console's sample ingest. Blocking HTTP calls with a timeout, on a worker thread
// of its own, so that the node keeps answering predictions while a teacher is slow or down.
// A call that fails for a reason that may pass (no connection, a timeout, 5xx, 429) is retried
// with a growing pause; it counts as a failure only once the last attempt failed.

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QMutex>
#include <QSslConfiguration>
#include <QString>
#include <QThreadPool>
#include <QUrl>
#include <QWaitCondition>

#include <atomic>
#include <optional>

class QNetworkAccessManager;

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
    /// For https teacher and console URLs: verifies them against these CA certificates
    /// (lk::tls::clientConfiguration); none: the system's CAs.
    std::optional<QSslConfiguration> tls;
    QString nodeId; ///< names this node in the samples
    QUrl selfUrl; ///< this node's base URL, for the input URI
    int timeoutMs = 10000; ///< per HTTP call
    int maxPending = 1000; ///< escalations beyond this many waiting are dropped (and counted)
    int retries = 2; ///< further attempts after a call failed for a passing reason (2: 3 in all)
    int retryDelayMs = 200; ///< pause before the first retry; doubled for each further one
    int maxRetryDelayMs = 1000; ///< the pause never grows beyond this

    /// Throws lk::Error(Usage) naming the value that is out of range.
    void validate() const;
};

/// How often a teacher confirmed one model version's escalated predictions.
struct TeacherAgreement
{
    qint64 answers = 0; ///< escalated predictions of this version the teacher answered
    qint64 agreed = 0; ///< ... of which the teacher gave the node's label
};

/// Runs escalations one at a time on a worker thread; thread-safe.
class Escalator
{
public:
    /// Throws lk::Error(Usage) if the config is invalid (EscalatorConfig::validate).
    explicit Escalator(EscalatorConfig config);
    /// Waits for the escalations already queued (each bounded by the timeouts and retries).
    ~Escalator();

    /// Queues one escalation and returns at once; after drain() it is dropped (and counted).
    void submit(EscalatedInput input);
    /// Counters for GET /v1/metrics: teacher answers and failures, console posts and failures,
    /// retries, pending, dropped, the last error, and per model version of the escalated
    /// predictions "by_model": {"<version>": {"teacher_answers", "teacher_agreed"}}.
    QJsonObject counters() const;
    /// The teacher's agreement with each model version's escalated predictions so far.
    QHash<QString, TeacherAgreement> agreementByModel() const;
    /// Blocks until every queued escalation is done (for tests and shutdown).
    void waitForDone();
    /// For shutdown: accepts no more escalations and lets the queued ones finish for up to
    /// `maxWaitMs`; after that the call in flight ends its current attempt without retrying
    /// and the ones not started are dropped (counted). Returns once the worker is idle.
    void drain(int maxWaitMs);

    /// The POST /api/samples record (schemas/escalated_sample.schema.json) for one escalation.
    static QJsonObject sampleRecord(const EscalatedInput &input, const TeacherAnswer &correction,
        const QString &nodeId, const QUrl &selfUrl);

    /// One HTTP call's outcome (defined where the calls are made).
    struct Answer;

private:
    void run(const EscalatedInput &input);
    /// POSTs with the retries the config allows; the answer of the last attempt.
    Answer post(QNetworkAccessManager &nam, const QUrl &url, const QByteArray &body,
        const QByteArray &contentType, const QString &token);
    /// Sleeps `ms` unless drain() gives up on the queue meanwhile; false if it did.
    bool pauseBeforeRetry(int ms);
    void noteError(const QString &message);

    EscalatorConfig m_config;
    QThreadPool m_pool;
    std::atomic<int> m_pending{0};
    std::atomic<qint64> m_teacherAnswers{0};
    std::atomic<qint64> m_teacherFailures{0};
    std::atomic<qint64> m_consolePosted{0};
    std::atomic<qint64> m_consoleFailures{0};
    std::atomic<qint64> m_dropped{0};
    std::atomic<qint64> m_retries{0};
    std::atomic<bool> m_accepting{true};
    std::atomic<bool> m_abandon{false}; ///< drain() ran out of time
    mutable QMutex m_mutex;
    QWaitCondition m_wake; ///< wakes a retry pause when drain() gives up; with m_mutex
    QString m_lastError; ///< guarded by m_mutex
    QHash<QString, TeacherAgreement> m_byModel; ///< guarded by m_mutex
};

} // namespace lk::node
