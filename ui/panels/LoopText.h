#pragma once

#include "core/loop/LoopMonitor.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonValue>
#include <QString>
#include <QStringList>

#include <functional>

namespace lk::ui {

/// How the Samples & Models panel words the learning loop: statuses, trigger reasons and gate
/// decisions in the operator's language (the stored names stay in tooltips), times in local
/// time, rates as percentages, and a registered version with its gate decisions as HTML.
class LoopText
{
    Q_DECLARE_TR_FUNCTIONS(LoopText)

public:
    /// The placeholder for a value that is not there.
    static QString dash();
    /// A UTC time in local time: the time alone for today, date and time otherwise.
    static QString time(const QDateTime &utc);
    /// The same for a stored ISO 8601 UTC text (empty: the dash).
    static QString time(const QString &iso);
    /// "2 h", "30 min", "45 s".
    static QString duration(qint64 seconds);
    /// A rate in [0, 1] as a percentage ("90.00 %"); the dash for anything but a finite number.
    static QString percent(const QJsonValue &rate, int decimals = 2);
    /// A difference of rates in signed percentage points ("+1.50 points").
    static QString points(double difference);
    /// "6 Shirt": the class index with its Fashion-MNIST name.
    static QString className(int label);

    /// A sample status (pending, in_training, used, archived, filtered).
    static QString sampleStatus(const QString &status);
    /// A trigger reason (manual, drift_accuracy, …, schedule).
    static QString reason(const QString &reason);
    /// Several trigger reasons, comma-separated.
    static QString reasons(const QStringList &reasons);
    /// A gate decision (promote, reject, needs_human).
    static QString decision(const QString &decision);
    /// A job status (queued, running, complete, failed, cancelled).
    static QString jobStatus(lk::loop::JobStatus status);
    /// A version's status; a candidate the gate left to a human says so.
    static QString versionStatus(const lk::loop::RegistryEntry &entry);

    /// The newest decision on a version, or nullptr.
    static const lk::loop::GateDecisionRecord *latestDecision(const lk::loop::RegistryEntry &entry);
    /// A candidate whose newest gate decision is needs_human: only these are promoted or rejected by hand.
    static bool awaitsDecision(const lk::loop::RegistryEntry &entry);

    /// The version's registry facts and every gate decision, newest first, with the numbers behind
    /// it (accuracy, lift, McNemar, per class, each gate), as HTML; `nameOf` gives LINE@N for an id.
    static QString versionHtml(
        const lk::loop::RegistryEntry &entry, const std::function<QString(const QString &)> &nameOf);
};

} // namespace lk::ui
