#pragma once

// Drift as stored (schema 7): every judged window of every node's traffic, and the alerts
// raised, with what they explained and the training trigger they fired.

#include "core/storage/Database.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

#include <optional>
#include <vector>

namespace lk::drift {

/// One judged window of one node's traffic.
struct StoredWindow
{
    qint64 id = 0;
    QString node;
    QString modelVersion;
    QString endedAt; ///< ISO UTC
    qint64 endedAtMs = 0;
    qint64 predictions = 0;
    qint64 escalations = 0;
    qint64 labelled = 0; ///< corrected escalations
    qint64 correct = 0; ///< of those, where the teacher agreed
    std::optional<double> escalationRate;
    std::optional<double> baselineRate; ///< the historical average it was judged against
    std::optional<double> psi;
    std::optional<double> ksStatistic;
    std::optional<double> ksPValue;
    bool alert = false;
    QJsonArray checks; ///< the evaluator's checks: name, status, value, baseline, explanation

    QJsonObject toJson() const;
};

/// An alert raised by a window.
struct StoredAlert
{
    qint64 id = 0;
    qint64 windowId = 0;
    QString node;
    QString modelVersion;
    QString raisedAt;
    QString explanation; ///< the alerting checks' sentences
    QJsonArray checks;
    QJsonObject trigger; ///< the learning loop's answer when the alert was offered to it
    QString jobId; ///< the training job it started, if any

    QJsonObject toJson() const;
};

class DriftStore
{
public:
    explicit DriftStore(storage::Database &db);

    /// Stores a window (its id is set).
    qint64 addWindow(StoredWindow &window);
    /// Stores an alert (its id is set).
    qint64 addAlert(StoredAlert &alert);
    /// Records the learning loop's latest answer to an alert (and the job it started, if any).
    void updateAlertTrigger(qint64 alertId, const QJsonObject &trigger, const QString &jobId);
    /// Windows that ended at or after `sinceMs`, oldest first; of one node if given.
    std::vector<StoredWindow> windows(qint64 sinceMs, const QString &node = {}, int limit = 100000);
    /// The most recent alerts first.
    std::vector<StoredAlert> alerts(int limit = 100);
    /// Forgets windows older than `beforeMs` (alerts and their windows are kept).
    int pruneWindows(qint64 beforeMs);

private:
    storage::Database &m_db;
};

} // namespace lk::drift
