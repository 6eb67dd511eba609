#include "core/loop/TriggerPolicy.h"

#include "core/common/Error.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>
#include <cmath>
#include <utility>

namespace lk::loop {

namespace {

// Rates and accuracies are ratios of counts; 0.9 - 0.85 is 0.05000000000000004 in binary. A
// threshold the value merely touches must not fire ("more than"), so comparisons allow this much
// rounding.
constexpr double kEps = 1e-9;

constexpr qint64 kSecondsPerDay = 24 * 3600;

[[noreturn]] void usage(const QString &message)
{
    throw Error(ErrorKind::Usage, message);
}

QString num(double value)
{
    return QString::number(value, 'g', 6);
}

QString iso(const QDateTime &time)
{
    return time.toUTC().toString(Qt::ISODate);
}

QDateTime utcFromSecs(qint64 secs)
{
    return QDateTime::fromSecsSinceEpoch(secs, Qt::UTC);
}

int offsetAt(const QTimeZone &zone, qint64 utcSecs)
{
    return zone.offsetFromUtc(utcFromSecs(utcSecs));
}

// The instant a wall-clock time happens in a zone, with cron's rules around DST: a time skipped by
// a spring-forward gap happens when the gap ends; a time repeated by a fall-back happens the
// first time. Done by hand rather than with QDateTime(date, time, zone) because Qt's handling of
// gaps changed between versions; this gives the same answer everywhere.
qint64 instantOf(const QDate &date, const QTime &time, const QTimeZone &zone)
{
    const qint64 naive = QDateTime(date, time, Qt::UTC).toSecsSinceEpoch();
    // Offsets a day either side bracket the instant (real zones change offset at most once a day).
    const int before = offsetAt(zone, naive - kSecondsPerDay);
    const int after = offsetAt(zone, naive + kSecondsPerDay);
    std::optional<qint64> first;
    for (const int offset : {before, after}) {
        const qint64 candidate = naive - offset;
        if (offsetAt(zone, candidate) == offset && (!first || candidate < *first))
            first = candidate;
    }
    if (first)
        return *first;
    // In a gap: the transition lies between naive - after (still the old offset) and
    // naive - before (already the new one). Bisect for its first second.
    qint64 lo = naive - after;
    qint64 hi = naive - before;
    if (lo > hi)
        std::swap(lo, hi);
    const int oldOffset = offsetAt(zone, lo);
    while (hi - lo > 1) {
        const qint64 mid = lo + (hi - lo) / 2;
        (offsetAt(zone, mid) == oldOffset ? lo : hi) = mid;
    }
    return hi;
}

// The local date of the most recent slot at or before now, and that slot's instant.
std::pair<QDate, qint64> latestSlot(const WeeklySchedule &s, const QDateTime &now)
{
    const qint64 nowSecs = now.toSecsSinceEpoch();
    const QDate today = now.toTimeZone(s.zone).date();
    QDate date = today.addDays(-((today.dayOfWeek() - s.dayOfWeek + 7) % 7));
    qint64 slot = instantOf(date, s.time, s.zone);
    // Today's slot may still be ahead; and in a zone whose transition crosses midnight next
    // week's could already be behind. Both loops run at most once for real zones.
    while (slot > nowSecs) {
        date = date.addDays(-7);
        slot = instantOf(date, s.time, s.zone);
    }
    for (qint64 next = instantOf(date.addDays(7), s.time, s.zone); next <= nowSecs;
         next = instantOf(date.addDays(7), s.time, s.zone)) {
        date = date.addDays(7);
        slot = next;
    }
    return {date, slot};
}

const QStringList &dayNames()
{
    static const QStringList names = {QStringLiteral("Monday"), QStringLiteral("Tuesday"),
        QStringLiteral("Wednesday"), QStringLiteral("Thursday"), QStringLiteral("Friday"),
        QStringLiteral("Saturday"), QStringLiteral("Sunday")};
    return names;
}

const QString kScheduleExample = QStringLiteral("\"Sunday 02:00 Europe/Berlin\"");

int parseDay(const QString &token)
{
    for (int i = 0; i < dayNames().size(); ++i) {
        const QString &name = dayNames().at(i);
        if (token.compare(name, Qt::CaseInsensitive) == 0
            || token.compare(name.left(3), Qt::CaseInsensitive) == 0)
            return i + 1;
    }
    usage(QStringLiteral("schedule: \"%1\" is not a day of the week; use Monday … Sunday or Mon … Sun, "
                         "e.g. %2")
              .arg(token, kScheduleExample));
}

bool isMeridiem(const QString &token)
{
    return token.compare(QStringLiteral("am"), Qt::CaseInsensitive) == 0
        || token.compare(QStringLiteral("pm"), Qt::CaseInsensitive) == 0;
}

QTime parseTime(const QString &token, const QString &meridiem)
{
    static const QRegularExpression re(
        QStringLiteral("^(\\d{1,2})(?::(\\d{2}))?(am|pm)?$"), QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch m = re.match(token);
    if (!m.hasMatch())
        usage(QStringLiteral("schedule: \"%1\" is not a time; use HH:MM (24-hour) or 2 AM, e.g. %2")
                  .arg(token, kScheduleExample));
    int hour = m.captured(1).toInt();
    const int minute = m.captured(2).isEmpty() ? 0 : m.captured(2).toInt();
    const QString half = (m.captured(3).isEmpty() ? meridiem : m.captured(3)).toLower();
    const QString shown = meridiem.isEmpty() ? token : token + QLatin1Char(' ') + meridiem;
    if (half.isEmpty()) {
        // "Sunday 2" could mean 02:00 or 14:00 to different people: ask for the minutes.
        if (m.captured(2).isEmpty())
            usage(
                QStringLiteral("schedule: the time \"%1\" needs minutes (02:00) or AM/PM (2 AM)").arg(shown));
        if (hour > 23 || minute > 59)
            usage(QStringLiteral("schedule: \"%1\" is not a time of day; hours go 00–23, minutes 00–59")
                      .arg(shown));
    } else {
        if (hour < 1 || hour > 12 || minute > 59)
            usage(
                QStringLiteral("schedule: \"%1\" is not a time of day; with AM/PM hours go 1–12").arg(shown));
        hour = hour % 12 + (half == QStringLiteral("pm") ? 12 : 0);
    }
    return QTime(hour, minute);
}

QTimeZone parseZone(const QString &token)
{
    const QTimeZone zone(token.toUtf8());
    if (!zone.isValid())
        usage(QStringLiteral("schedule: unknown time zone \"%1\"; use an IANA id such as Europe/Berlin, "
                             "America/New_York or UTC (the spelling is case-sensitive)")
                  .arg(token));
    return zone;
}

void requireNonNegative(qint64 value, const QString &key)
{
    if (value < 0)
        usage(QStringLiteral("trigger config: %1 must be 0 or more, not %2").arg(key).arg(value));
}

} // namespace

// ---------------------------------------------------------------------------------------------

QString WeeklySchedule::toString() const
{
    const QString day = dayOfWeek >= 1 && dayOfWeek <= 7 ? dayNames().at(dayOfWeek - 1) : QStringLiteral("?");
    return day + QLatin1Char(' ') + time.toString(QStringLiteral("HH:mm")) + QLatin1Char(' ')
        + QString::fromUtf8(zone.id());
}

WeeklySchedule parseWeeklySchedule(const QString &text)
{
    const QStringList tokens = text.simplified().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (tokens.size() < 2)
        usage(QStringLiteral("schedule: \"%1\" needs a day and a time, e.g. %2").arg(text, kScheduleExample));
    WeeklySchedule s;
    s.dayOfWeek = parseDay(tokens.at(0));
    int next = 2;
    QString meridiem;
    if (tokens.size() > 2 && isMeridiem(tokens.at(2))) {
        meridiem = tokens.at(2);
        next = 3;
    }
    s.time = parseTime(tokens.at(1), meridiem);
    if (tokens.size() > next + 1)
        usage(QStringLiteral("schedule: unexpected \"%1\" after the time zone; the form is %2")
                  .arg(tokens.mid(next + 1).join(QLatin1Char(' ')), kScheduleExample));
    s.zone = tokens.size() > next ? parseZone(tokens.at(next)) : QTimeZone::utc();
    return s;
}

QDateTime previousScheduledAt(const WeeklySchedule &schedule, const QDateTime &now)
{
    if (!now.isValid())
        return {};
    return utcFromSecs(latestSlot(schedule, now).second);
}

QDateTime nextScheduledAt(const WeeklySchedule &schedule, const QDateTime &now)
{
    if (!now.isValid())
        return {};
    return utcFromSecs(instantOf(latestSlot(schedule, now).first.addDays(7), schedule.time, schedule.zone));
}

// ---------------------------------------------------------------------------------------------

QJsonObject DriftSignal::toJson() const
{
    const auto known = [](bool isKnown, double v) { return isKnown ? QJsonValue(v) : QJsonValue(); };
    return QJsonObject{{QStringLiteral("escalation_rate_known"), escalationRateKnown},
        {QStringLiteral("escalation_rate"), known(escalationRateKnown, escalationRate)},
        {QStringLiteral("baseline_escalation_rate"), known(escalationRateKnown, baselineEscalationRate)},
        {QStringLiteral("accuracy_known"), accuracyKnown},
        {QStringLiteral("accuracy"), known(accuracyKnown, accuracy)},
        {QStringLiteral("baseline_accuracy"), known(accuracyKnown, baselineAccuracy)},
        {QStringLiteral("window"), window}, {QStringLiteral("labelled_window"), labelledWindow}};
}

DriftSignal driftFromCounts(
    const DriftCounts &baseline, const DriftCounts &recent, const DriftWindowConfig &config)
{
    for (const auto &[name, c] :
        {std::pair{QStringLiteral("baseline"), baseline}, std::pair{QStringLiteral("recent"), recent}}) {
        if (c.predictions < 0 || c.escalations < 0 || c.labelled < 0 || c.correct < 0)
            throw Error(ErrorKind::Input,
                QStringLiteral("drift counts of the %1 window must not be negative").arg(name));
        if (c.escalations > c.predictions)
            throw Error(ErrorKind::Input,
                QStringLiteral("drift counts of the %1 window: %2 escalations out of only %3 predictions")
                    .arg(name)
                    .arg(c.escalations)
                    .arg(c.predictions));
        if (c.correct > c.labelled)
            throw Error(ErrorKind::Input,
                QStringLiteral(
                    "drift counts of the %1 window: %2 correct out of only %3 labelled predictions")
                    .arg(name)
                    .arg(c.correct)
                    .arg(c.labelled));
    }
    DriftSignal d;
    d.window = recent.predictions;
    d.labelledWindow = recent.labelled;
    const auto ratio = [](qint64 part, qint64 whole) {
        return whole > 0 ? double(part) / double(whole) : 0.0;
    };
    d.escalationRate = ratio(recent.escalations, recent.predictions);
    d.baselineEscalationRate = ratio(baseline.escalations, baseline.predictions);
    d.accuracy = ratio(recent.correct, recent.labelled);
    d.baselineAccuracy = ratio(baseline.correct, baseline.labelled);
    // A window of zero is never enough, whatever the config says: there is no rate to compare.
    const qint64 minPredictions = std::max<qint64>(config.minPredictions, 1);
    const qint64 minLabelled = std::max<qint64>(config.minLabelled, 1);
    d.escalationRateKnown = baseline.predictions >= minPredictions && recent.predictions >= minPredictions;
    d.accuracyKnown = baseline.labelled >= minLabelled && recent.labelled >= minLabelled;
    return d;
}

// ---------------------------------------------------------------------------------------------

void TriggerConfig::validate() const
{
    if (sampleThreshold)
        requireNonNegative(*sampleThreshold, QStringLiteral("sample_threshold"));
    requireNonNegative(cooldownSeconds, QStringLiteral("cooldown_seconds"));
    requireNonNegative(minSamplesForScheduleOrDrift, QStringLiteral("min_samples_for_schedule_or_drift"));
    // Below 1 the escalation trigger would fire on an improving model.
    if (driftEscalationFactor && !(std::isfinite(*driftEscalationFactor) && *driftEscalationFactor >= 1.0))
        usage(QStringLiteral("trigger config: drift_escalation_factor must be 1 or more (1.1 = 10 % more "
                             "escalations than the baseline), not %1")
                  .arg(num(*driftEscalationFactor)));
    if (driftAccuracyDrop && !(*driftAccuracyDrop >= 0.0 && *driftAccuracyDrop <= 1.0))
        usage(QStringLiteral("trigger config: drift_accuracy_drop is in accuracy points and must lie in "
                             "[0, 1] (0.05 = five points), not %1")
                  .arg(num(*driftAccuracyDrop)));
    if (schedule) {
        if (schedule->dayOfWeek < 1 || schedule->dayOfWeek > 7)
            usage(QStringLiteral(
                "trigger config: the schedule's day of week must be 1 (Monday) to 7 (Sunday)"));
        if (!schedule->time.isValid())
            usage(QStringLiteral("trigger config: the schedule's time is not valid"));
        if (!schedule->zone.isValid())
            usage(QStringLiteral("trigger config: the schedule's time zone is not valid"));
    }
}

QJsonObject TriggerConfig::toJson() const
{
    const auto opt = [](const auto &v) { return v ? QJsonValue(double(*v)) : QJsonValue(); };
    return QJsonObject{{QStringLiteral("sample_threshold"), opt(sampleThreshold)},
        {QStringLiteral("schedule"), schedule ? QJsonValue(schedule->toString()) : QJsonValue()},
        {QStringLiteral("cooldown_seconds"), cooldownSeconds},
        {QStringLiteral("drift_escalation_factor"), opt(driftEscalationFactor)},
        {QStringLiteral("drift_accuracy_drop"), opt(driftAccuracyDrop)},
        {QStringLiteral("min_samples_for_schedule_or_drift"), minSamplesForScheduleOrDrift},
        {QStringLiteral("manual_bypasses_cooldown"), manualBypassesCooldown}};
}

TriggerConfig triggerConfigFromJson(const QJsonObject &json)
{
    // The checks speak of a call (Usage); read from a file the same problems are bad input.
    try {
        static const QStringList known = {QStringLiteral("sample_threshold"), QStringLiteral("schedule"),
            QStringLiteral("cooldown_seconds"), QStringLiteral("drift_escalation_factor"),
            QStringLiteral("drift_accuracy_drop"), QStringLiteral("min_samples_for_schedule_or_drift"),
            QStringLiteral("manual_bypasses_cooldown")};
        for (auto it = json.begin(); it != json.end(); ++it) {
            if (!known.contains(it.key()))
                usage(QStringLiteral("trigger config: unknown key \"%1\"; known keys: %2")
                          .arg(it.key(), known.join(QStringLiteral(", "))));
        }
        TriggerConfig c;
        const auto number = [&json](const QString &key) {
            const QJsonValue v = json.value(key);
            if (!v.isDouble())
                usage(QStringLiteral("trigger config: %1 must be a number").arg(key));
            return v.toDouble();
        };
        const auto whole = [&number](const QString &key) {
            const double v = number(key);
            if (v != std::floor(v) || std::fabs(v) > 9e15)
                usage(QStringLiteral("trigger config: %1 must be a whole number, not %2").arg(key, num(v)));
            return qint64(v);
        };
        const auto present = [&json](const QString &key) { return json.contains(key); };
        const auto isNull = [&json](const QString &key) { return json.value(key).isNull(); };

        if (present(QStringLiteral("sample_threshold")))
            c.sampleThreshold = isNull(QStringLiteral("sample_threshold"))
                ? std::nullopt
                : std::optional<qint64>(whole(QStringLiteral("sample_threshold")));
        if (present(QStringLiteral("schedule"))) {
            const QJsonValue v = json.value(QStringLiteral("schedule"));
            if (v.isNull())
                c.schedule.reset();
            else if (v.isString())
                c.schedule = parseWeeklySchedule(v.toString());
            else
                usage(QStringLiteral("trigger config: schedule must be text such as %1 or null")
                          .arg(kScheduleExample));
        }
        if (present(QStringLiteral("cooldown_seconds")))
            c.cooldownSeconds = whole(QStringLiteral("cooldown_seconds"));
        if (present(QStringLiteral("drift_escalation_factor")))
            c.driftEscalationFactor = isNull(QStringLiteral("drift_escalation_factor"))
                ? std::nullopt
                : std::optional<double>(number(QStringLiteral("drift_escalation_factor")));
        if (present(QStringLiteral("drift_accuracy_drop")))
            c.driftAccuracyDrop = isNull(QStringLiteral("drift_accuracy_drop"))
                ? std::nullopt
                : std::optional<double>(number(QStringLiteral("drift_accuracy_drop")));
        if (present(QStringLiteral("min_samples_for_schedule_or_drift")))
            c.minSamplesForScheduleOrDrift = whole(QStringLiteral("min_samples_for_schedule_or_drift"));
        if (present(QStringLiteral("manual_bypasses_cooldown"))) {
            const QJsonValue v = json.value(QStringLiteral("manual_bypasses_cooldown"));
            if (!v.isBool())
                usage(QStringLiteral("trigger config: manual_bypasses_cooldown must be true or false"));
            c.manualBypassesCooldown = v.toBool();
        }
        c.validate();
        return c;
    } catch (const Error &e) {
        throw Error(ErrorKind::Input, e.message());
    }
}

// ---------------------------------------------------------------------------------------------

QJsonValue isoUtcOrNull(const QDateTime &time)
{
    return time.isValid() ? QJsonValue(iso(time)) : QJsonValue();
}

QJsonObject TriggerDecision::toJson() const
{
    return QJsonObject{{QStringLiteral("fire"), fire},
        {QStringLiteral("reason"), fire ? QJsonValue(reason) : QJsonValue()},
        {QStringLiteral("triggers"), QJsonArray::fromStringList(triggers)},
        {QStringLiteral("blocked_by"), blockedBy.isEmpty() ? QJsonValue() : QJsonValue(blockedBy)},
        {QStringLiteral("samples_collected"), usableNewSamples},
        {QStringLiteral("sample_threshold"), sampleThreshold ? QJsonValue(*sampleThreshold) : QJsonValue()},
        {QStringLiteral("progress"), progress ? QJsonValue(*progress) : QJsonValue()},
        {QStringLiteral("cooldown_until"), isoUtcOrNull(cooldownUntil)},
        {QStringLiteral("due_slot"), isoUtcOrNull(dueSlot)},
        {QStringLiteral("next_scheduled"), isoUtcOrNull(nextScheduled)},
        {QStringLiteral("notes"), QJsonArray::fromStringList(notes)}};
}

TriggerDecision evaluateTriggers(const TriggerInputs &in, const TriggerConfig &c)
{
    c.validate();
    if (!in.now.isValid())
        usage(QStringLiteral("trigger evaluation needs a valid time for \"now\""));
    if (in.usableNewSamples < 0)
        usage(QStringLiteral("trigger evaluation: usable new samples must be 0 or more, not %1")
                  .arg(in.usableNewSamples));
    const QDateTime now = in.now.toUTC();
    const qint64 usable = in.usableNewSamples;
    TriggerDecision d;
    d.usableNewSamples = usable;
    d.sampleThreshold = c.sampleThreshold;
    QSet<QString> held;

    if (in.manualRequested) {
        held.insert(QStringLiteral("manual"));
        d.notes.append(QStringLiteral("manual trigger requested by an operator"));
    }

    const DriftSignal &drift = in.drift;
    if (c.driftAccuracyDrop) {
        const double maxDrop = *c.driftAccuracyDrop;
        if (!drift.accuracyKnown) {
            d.notes.append(
                QStringLiteral("accuracy drift not known (%1 labelled predictions in the recent window)")
                    .arg(drift.labelledWindow));
        } else {
            const double drop = drift.baselineAccuracy - drift.accuracy;
            if (drop > maxDrop + kEps) {
                held.insert(QStringLiteral("drift_accuracy"));
                d.notes.append(
                    QStringLiteral("accuracy %1 is %2 below the baseline %3, more than the allowed "
                                   "drop of %4 (%5 labelled predictions)")
                        .arg(num(drift.accuracy), num(drop), num(drift.baselineAccuracy), num(maxDrop))
                        .arg(drift.labelledWindow));
            } else {
                d.notes.append(
                    QStringLiteral("accuracy %1 against the baseline %2: not more than %3 below it")
                        .arg(num(drift.accuracy), num(drift.baselineAccuracy), num(maxDrop)));
            }
        }
    }
    if (c.driftEscalationFactor) {
        const double factor = *c.driftEscalationFactor;
        if (!drift.escalationRateKnown) {
            d.notes.append(
                QStringLiteral("escalation-rate drift not known (%1 predictions in the recent window)")
                    .arg(drift.window));
        } else {
            const double limit = drift.baselineEscalationRate * factor;
            const bool over = drift.escalationRate > limit + kEps;
            if (over)
                held.insert(QStringLiteral("drift_escalation_rate"));
            d.notes.append(QStringLiteral("escalation rate %1 %2 the baseline %3 × %4 = %5 (%6 predictions)")
                               .arg(num(drift.escalationRate),
                                   over ? QStringLiteral("is above") : QStringLiteral("is not above"),
                                   num(drift.baselineEscalationRate), num(factor), num(limit))
                               .arg(drift.window));
        }
    }

    if (c.sampleThreshold) {
        const qint64 threshold = *c.sampleThreshold;
        d.progress = threshold > 0 ? double(usable) / double(threshold) : (usable > 0 ? 1.0 : 0.0);
        if (usable > threshold) {
            held.insert(QStringLiteral("sample_threshold"));
            d.notes.append(QStringLiteral("%1 usable new samples, more than the threshold of %2")
                               .arg(usable)
                               .arg(threshold));
        } else {
            d.notes.append(QStringLiteral("%1 usable new samples; the threshold fires at more than %2")
                               .arg(usable)
                               .arg(threshold));
        }
    }

    if (c.schedule) {
        const QDateTime slot = previousScheduledAt(*c.schedule, now);
        d.nextScheduled = nextScheduledAt(*c.schedule, now);
        const QString name = c.schedule->toString();
        // A slot is served by any job created after it, whatever triggered that job: so a slot
        // missed while the machine was off fires once at the next evaluation, never twice.
        if (!in.lastJobCreatedAt || slot > in.lastJobCreatedAt->toUTC()) {
            held.insert(QStringLiteral("schedule"));
            d.dueSlot = slot;
            d.notes.append(QStringLiteral("schedule %1: the slot at %2 has no job yet (%3)")
                               .arg(name, iso(slot),
                                   in.lastJobCreatedAt
                                       ? QStringLiteral("last job created %1").arg(iso(*in.lastJobCreatedAt))
                                       : QStringLiteral("no job so far")));
        } else {
            d.notes.append(
                QStringLiteral("schedule %1: the slot at %2 was served by the job created %3; next slot %4")
                    .arg(name, iso(slot), iso(*in.lastJobCreatedAt), iso(d.nextScheduled)));
        }
    }

    // The cool-down runs from the end of the newest job; from its creation when it never ended
    // (crashed, or the caller has no end time). The later of the two covers both.
    std::optional<QDateTime> rest = in.lastJobCreatedAt;
    if (in.lastJobFinishedAt && (!rest || *in.lastJobFinishedAt > *rest))
        rest = in.lastJobFinishedAt;
    if (rest)
        d.cooldownUntil = rest->toUTC().addSecs(c.cooldownSeconds);
    const bool inCooldown = d.cooldownUntil.isValid() && now < d.cooldownUntil;

    for (const QString &reason : kTriggerReasons) {
        if (held.contains(reason))
            d.triggers.append(reason);
    }
    if (d.triggers.isEmpty()) {
        d.notes.append(QStringLiteral("no trigger holds"));
        return d;
    }
    if (in.jobRunning) {
        d.blockedBy = QStringLiteral("job_running");
        d.notes.append(QStringLiteral(
            "blocked: a job of this model line is already queued or running (at most one at a time)"));
        return d;
    }
    QStringList eligible = d.triggers;
    if (inCooldown) {
        const QString until = QStringLiteral("cool-down until %1 (%2 s after the last job, %3)")
                                  .arg(iso(d.cooldownUntil))
                                  .arg(c.cooldownSeconds)
                                  .arg(iso(*rest));
        if (held.contains(QStringLiteral("manual")) && c.manualBypassesCooldown) {
            eligible = {QStringLiteral("manual")};
            d.notes.append(
                QStringLiteral("in ") + until + QStringLiteral(", which a manual trigger bypasses"));
        } else {
            d.blockedBy = QStringLiteral("cooldown");
            d.notes.append(QStringLiteral("blocked: ") + until);
            return d;
        }
    }
    if (usable < c.minSamplesForScheduleOrDrift) {
        QStringList heldBack;
        for (const QString &r : {QStringLiteral("drift_accuracy"), QStringLiteral("drift_escalation_rate"),
                 QStringLiteral("schedule")}) {
            if (eligible.removeAll(r) > 0)
                heldBack.append(r);
        }
        if (!heldBack.isEmpty())
            d.notes.append(QStringLiteral("%1 need at least %2 usable new samples to train on; there are %3")
                               .arg(heldBack.join(QStringLiteral(", ")))
                               .arg(c.minSamplesForScheduleOrDrift)
                               .arg(usable));
    }
    if (eligible.isEmpty()) {
        d.blockedBy = QStringLiteral("too_few_samples");
        return d;
    }
    d.fire = true;
    d.reason = eligible.first();
    d.notes.append(QStringLiteral("fire: %1").arg(d.reason));
    return d;
}

// ---------------------------------------------------------------------------------------------

QDateTime estimateCompletion(const QDateTime &start, qint64 trainingSamples, int epochs,
    double measuredSamplesPerSecond, double overheadSeconds)
{
    if (!start.isValid())
        usage(QStringLiteral("completion estimate needs a valid start time"));
    if (trainingSamples < 0)
        usage(QStringLiteral("completion estimate: training samples must be 0 or more, not %1")
                  .arg(trainingSamples));
    if (epochs < 1)
        usage(QStringLiteral("completion estimate: epochs must be 1 or more, not %1").arg(epochs));
    if (!(std::isfinite(overheadSeconds) && overheadSeconds >= 0))
        usage(QStringLiteral("completion estimate: overhead must be 0 s or more, not %1")
                  .arg(num(overheadSeconds)));
    // No throughput measured yet: an honest "unknown" beats a made-up time (invariant 4).
    if (!(std::isfinite(measuredSamplesPerSecond) && measuredSamplesPerSecond > 0))
        return {};
    const double seconds =
        std::ceil(overheadSeconds + double(trainingSamples) * double(epochs) / measuredSamplesPerSecond);
    constexpr double kCentury = 100.0 * 365.25 * kSecondsPerDay;
    if (!(seconds <= kCentury))
        return {};
    return start.toUTC().addSecs(qint64(seconds));
}

QJsonObject triggeredResponse(const QString &reason, qint64 samplesCollected, const QString &jobId,
    const QString &targetModel, const QDateTime &estimatedCompletion)
{
    return QJsonObject{{QStringLiteral("action"), QStringLiteral("training_triggered")},
        {QStringLiteral("reason"), reason}, {QStringLiteral("samples_collected"), samplesCollected},
        {QStringLiteral("training_job_id"), jobId}, {QStringLiteral("target_model"), targetModel},
        {QStringLiteral("estimated_completion"), isoUtcOrNull(estimatedCompletion)}};
}

QJsonObject idleResponse(const TriggerDecision &decision)
{
    return QJsonObject{{QStringLiteral("action"), QStringLiteral("none")},
        {QStringLiteral("reason"),
            decision.blockedBy.isEmpty() ? QStringLiteral("below_threshold") : decision.blockedBy},
        {QStringLiteral("samples_collected"), decision.usableNewSamples},
        {QStringLiteral("sample_threshold"),
            decision.sampleThreshold ? QJsonValue(*decision.sampleThreshold) : QJsonValue()},
        {QStringLiteral("progress"), decision.progress ? QJsonValue(*decision.progress) : QJsonValue()},
        {QStringLiteral("triggers"), QJsonArray::fromStringList(decision.triggers)},
        {QStringLiteral("cooldown_until"), isoUtcOrNull(decision.cooldownUntil)},
        {QStringLiteral("next_scheduled"), isoUtcOrNull(decision.nextScheduled)},
        {QStringLiteral("notes"), QJsonArray::fromStringList(decision.notes)}};
}

} // namespace lk::loop
