// The trigger policy (docs/learning-loop.md, "When the loop trains") as tables: the weekly
// schedule's parser and its slots across DST changes, drift from recorded counts, every trigger
// and every blocker with their priorities, a simulated month of ticks (a slot fires once, a
// missed slot fires once late), the completion estimate and the answers' shapes.
#include "core/common/Error.h"
#include "core/loop/TriggerPolicy.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include <cmath>
#include <limits>

using namespace lk::loop;

Q_DECLARE_METATYPE(lk::loop::DriftSignal)

namespace {

constexpr double kUnknown = std::numeric_limits<double>::quiet_NaN();

/// Sunday noon UTC: the base moment of the decision table.
const QDateTime kNow = QDateTime(QDate(2024, 2, 4), QTime(12, 0), Qt::UTC);

QDateTime at(const char *iso)
{
    const QDateTime t = QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODate);
    Q_ASSERT(t.isValid());
    return t;
}

QString iso(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODate) : QString();
}

DriftSignal drift(
    double escalationRate, double baselineEscalationRate, double accuracy, double baselineAccuracy)
{
    DriftSignal d;
    d.escalationRateKnown = !std::isnan(escalationRate) && !std::isnan(baselineEscalationRate);
    d.escalationRate = d.escalationRateKnown ? escalationRate : 0;
    d.baselineEscalationRate = d.escalationRateKnown ? baselineEscalationRate : 0;
    d.accuracyKnown = !std::isnan(accuracy) && !std::isnan(baselineAccuracy);
    d.accuracy = d.accuracyKnown ? accuracy : 0;
    d.baselineAccuracy = d.accuracyKnown ? baselineAccuracy : 0;
    d.window = 5000;
    d.labelledWindow = 400;
    return d;
}

QStringList list(const char *commaSeparated)
{
    return QString::fromLatin1(commaSeparated).split(QLatin1Char(','), Qt::SkipEmptyParts);
}

QJsonObject json(const char *text)
{
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray(text), &error);
    Q_ASSERT(error.error == QJsonParseError::NoError);
    return doc.object();
}

} // namespace

class TestTriggerPolicy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // ---- schedule text -------------------------------------------------------------------

    void parseSchedule_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("day");
        QTest::addColumn<QString>("time");
        QTest::addColumn<QString>("zone");

        QTest::newRow("seed, with zone") << QStringLiteral("Sunday 02:00 Europe/Berlin") << 7
                                         << QStringLiteral("02:00") << QStringLiteral("Europe/Berlin");
        QTest::newRow("abbreviated, default UTC")
            << QStringLiteral("sun 02:00") << 7 << QStringLiteral("02:00") << QStringLiteral("UTC");
        QTest::newRow("any case, one-digit hour")
            << QStringLiteral("SUN 2:00") << 7 << QStringLiteral("02:00") << QStringLiteral("UTC");
        QTest::newRow("seed's 2 AM") << QStringLiteral("Sunday 2 AM") << 7 << QStringLiteral("02:00")
                                     << QStringLiteral("UTC");
        QTest::newRow("2am glued, zone") << QStringLiteral("sunday 2am Europe/Berlin") << 7
                                         << QStringLiteral("02:00") << QStringLiteral("Europe/Berlin");
        QTest::newRow("12 AM is midnight")
            << QStringLiteral("Sat 12 AM") << 6 << QStringLiteral("00:00") << QStringLiteral("UTC");
        QTest::newRow("12pm is noon")
            << QStringLiteral("sat 12pm") << 6 << QStringLiteral("12:00") << QStringLiteral("UTC");
        QTest::newRow("pm with minutes") << QStringLiteral("fri 11:45 pm America/New_York") << 5
                                         << QStringLiteral("23:45") << QStringLiteral("America/New_York");
        QTest::newRow("explicit UTC")
            << QStringLiteral("Mon 14:30 UTC") << 1 << QStringLiteral("14:30") << QStringLiteral("UTC");
        QTest::newRow("extra spaces") << QStringLiteral("  wed   07:05   Asia/Tokyo ") << 3
                                      << QStringLiteral("07:05") << QStringLiteral("Asia/Tokyo");
        QTest::newRow("midnight 24h")
            << QStringLiteral("Thu 0:00") << 4 << QStringLiteral("00:00") << QStringLiteral("UTC");
        QTest::newRow("tuesday") << QStringLiteral("Tuesday 23:59") << 2 << QStringLiteral("23:59")
                                 << QStringLiteral("UTC");
    }

    void parseSchedule()
    {
        QFETCH(QString, text);
        QFETCH(int, day);
        QFETCH(QString, time);
        QFETCH(QString, zone);
        const WeeklySchedule s = parseWeeklySchedule(text);
        QCOMPARE(s.dayOfWeek, day);
        QCOMPARE(s.time.toString(QStringLiteral("HH:mm")), time);
        QCOMPARE(QString::fromUtf8(s.zone.id()), zone);
        // The canonical text reads back as the same schedule.
        const WeeklySchedule again = parseWeeklySchedule(s.toString());
        QCOMPARE(again.dayOfWeek, s.dayOfWeek);
        QCOMPARE(again.time, s.time);
        QCOMPARE(again.zone.id(), s.zone.id());
    }

    void badSchedule_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("message");

        QTest::newRow("empty") << QString() << QStringLiteral("needs a day and a time");
        QTest::newRow("day only") << QStringLiteral("Sunday") << QStringLiteral("needs a day and a time");
        QTest::newRow("no such day") << QStringLiteral("Funday 02:00")
                                     << QStringLiteral("not a day of the week");
        QTest::newRow("hour without minutes")
            << QStringLiteral("Sunday 2") << QStringLiteral("needs minutes");
        QTest::newRow("hour 25") << QStringLiteral("Sunday 25:00") << QStringLiteral("hours go 00–23");
        QTest::newRow("minute 60") << QStringLiteral("Sunday 02:60") << QStringLiteral("minutes 00–59");
        QTest::newRow("13 PM") << QStringLiteral("Sunday 13 PM") << QStringLiteral("hours go 1–12");
        QTest::newRow("0 AM") << QStringLiteral("Sunday 0 AM") << QStringLiteral("hours go 1–12");
        QTest::newRow("words") << QStringLiteral("Sunday noon") << QStringLiteral("is not a time");
        QTest::newRow("seconds") << QStringLiteral("Sunday 02:00:00") << QStringLiteral("is not a time");
        QTest::newRow("unknown zone") << QStringLiteral("Sunday 02:00 Mars/Olympus_Mons")
                                      << QStringLiteral("unknown time zone \"Mars/Olympus_Mons\"");
        QTest::newRow("trailing words")
            << QStringLiteral("Sunday 02:00 Europe/Berlin please") << QStringLiteral("unexpected \"please\"");
    }

    void badSchedule()
    {
        QFETCH(QString, text);
        QFETCH(QString, message);
        try {
            parseWeeklySchedule(text);
            QFAIL("no error");
        } catch (const lk::Error &e) {
            QCOMPARE(e.kind(), lk::ErrorKind::Usage);
            QVERIFY2(e.message().contains(message), qPrintable(e.message()));
        }
    }

    // ---- schedule slots across DST -------------------------------------------------------

    void scheduleSlots_data()
    {
        QTest::addColumn<QString>("schedule");
        QTest::addColumn<QDateTime>("now");
        QTest::addColumn<QDateTime>("previous");
        QTest::addColumn<QDateTime>("next");

        const QString berlin2 = QStringLiteral("Sunday 02:00 Europe/Berlin");
        // Spring forward, Sunday 2024-03-31: 02:00 CET does not exist; the slot is when the gap
        // ends, 03:00 CEST = 01:00Z. The week before ends at 01:00Z too (CET), the week after at
        // 00:00Z (CEST): that week is 167 hours long.
        QTest::newRow("spring: before the gap slot")
            << berlin2 << at("2024-03-31T00:59:59Z") << at("2024-03-24T01:00:00Z")
            << at("2024-03-31T01:00:00Z");
        QTest::newRow("spring: at the gap slot") << berlin2 << at("2024-03-31T01:00:00Z")
                                                 << at("2024-03-31T01:00:00Z") << at("2024-04-07T00:00:00Z");
        QTest::newRow("spring: now given in CEST")
            << berlin2 << at("2024-03-31T03:00:00+02:00") << at("2024-03-31T01:00:00Z")
            << at("2024-04-07T00:00:00Z");
        QTest::newRow("spring: midweek after") << berlin2 << at("2024-04-03T12:00:00Z")
                                               << at("2024-03-31T01:00:00Z") << at("2024-04-07T00:00:00Z");
        QTest::newRow("spring: inside the gap, 02:30 → 03:00 CEST")
            << QStringLiteral("Sunday 02:30 Europe/Berlin") << at("2024-03-31T01:00:00Z")
            << at("2024-03-31T01:00:00Z") << at("2024-04-07T00:30:00Z");
        // Fall back, Sunday 2024-10-27: 02:00 happens twice (CEST 00:00Z, then CET 01:00Z); the
        // slot is the first, and the second 02:00 is not a new slot.
        QTest::newRow("fall: before") << berlin2 << at("2024-10-26T23:59:59Z") << at("2024-10-20T00:00:00Z")
                                      << at("2024-10-27T00:00:00Z");
        QTest::newRow("fall: first 02:00") << berlin2 << at("2024-10-27T00:00:00Z")
                                           << at("2024-10-27T00:00:00Z") << at("2024-11-03T01:00:00Z");
        QTest::newRow("fall: second 02:30 is no new slot")
            << berlin2 << at("2024-10-27T01:30:00Z") << at("2024-10-27T00:00:00Z")
            << at("2024-11-03T01:00:00Z");
        QTest::newRow("fall: 03:00 is unambiguous")
            << QStringLiteral("Sunday 03:00 Europe/Berlin") << at("2024-10-27T12:00:00Z")
            << at("2024-10-27T02:00:00Z") << at("2024-11-03T02:00:00Z");
        QTest::newRow("New York spring gap")
            << QStringLiteral("Sunday 02:30 America/New_York") << at("2024-03-10T12:00:00Z")
            << at("2024-03-10T07:00:00Z") << at("2024-03-17T06:30:00Z");
        QTest::newRow("UTC exactly at the slot") << QStringLiteral("mon 09:15") << at("2024-01-01T09:15:00Z")
                                                 << at("2024-01-01T09:15:00Z") << at("2024-01-08T09:15:00Z");
        QTest::newRow("UTC a second before the slot")
            << QStringLiteral("mon 09:15") << at("2024-01-01T09:14:59Z") << at("2023-12-25T09:15:00Z")
            << at("2024-01-01T09:15:00Z");
        // Monday 00:30 in Tokyo is Sunday 15:30Z: the local date decides, not the UTC one.
        QTest::newRow("Tokyo: local Monday is UTC Sunday")
            << QStringLiteral("Monday 00:30 Asia/Tokyo") << at("2024-01-07T16:00:00Z")
            << at("2024-01-07T15:30:00Z") << at("2024-01-14T15:30:00Z");
    }

    void scheduleSlots()
    {
        QFETCH(QString, schedule);
        QFETCH(QDateTime, now);
        QFETCH(QDateTime, previous);
        QFETCH(QDateTime, next);
        const WeeklySchedule s = parseWeeklySchedule(schedule);
        const QDateTime prev = previousScheduledAt(s, now);
        const QDateTime nxt = nextScheduledAt(s, now);
        QCOMPARE(iso(prev), iso(previous));
        QCOMPARE(iso(nxt), iso(next));
        QCOMPARE(prev.timeSpec(), Qt::UTC);
        QVERIFY(prev <= now);
        QVERIFY(nxt > now);
    }

    void invalidNowHasNoSlot()
    {
        const WeeklySchedule s = parseWeeklySchedule(QStringLiteral("sun 02:00"));
        QVERIFY(!previousScheduledAt(s, QDateTime()).isValid());
        QVERIFY(!nextScheduledAt(s, QDateTime()).isValid());
    }

    // ---- drift from recorded counts ------------------------------------------------------

    void driftCounts_data()
    {
        QTest::addColumn<qint64>("basePredictions");
        QTest::addColumn<qint64>("baseEscalations");
        QTest::addColumn<qint64>("baseLabelled");
        QTest::addColumn<qint64>("baseCorrect");
        QTest::addColumn<qint64>("predictions");
        QTest::addColumn<qint64>("escalations");
        QTest::addColumn<qint64>("labelled");
        QTest::addColumn<qint64>("correct");
        QTest::addColumn<bool>("escalationKnown");
        QTest::addColumn<double>("rate");
        QTest::addColumn<double>("baseRate");
        QTest::addColumn<bool>("accuracyKnown");
        QTest::addColumn<double>("accuracy");
        QTest::addColumn<double>("baseAccuracy");

        // A recorded baseline week and a recent week of an edge fleet.
        QTest::newRow("both known") << qint64(10000) << qint64(1000) << qint64(500) << qint64(450)
                                    << qint64(2000) << qint64(240) << qint64(300) << qint64(252) << true
                                    << 0.12 << 0.1 << true << 0.84 << 0.9;
        QTest::newRow("recent window of 999 predictions: rate unknown")
            << qint64(10000) << qint64(1000) << qint64(500) << qint64(450) << qint64(999) << qint64(120)
            << qint64(300) << qint64(252) << false << 120.0 / 999 << 0.1 << true << 0.84 << 0.9;
        QTest::newRow("baseline of 999 predictions: rate unknown")
            << qint64(999) << qint64(99) << qint64(500) << qint64(450) << qint64(2000) << qint64(240)
            << qint64(300) << qint64(252) << false << 0.12 << 99.0 / 999 << true << 0.84 << 0.9;
        QTest::newRow("199 labelled: accuracy unknown")
            << qint64(10000) << qint64(1000) << qint64(500) << qint64(450) << qint64(2000) << qint64(240)
            << qint64(199) << qint64(150) << true << 0.12 << 0.1 << false << 150.0 / 199 << 0.9;
        QTest::newRow("three predictions: nothing known")
            << qint64(3) << qint64(1) << qint64(1) << qint64(1) << qint64(3) << qint64(3) << qint64(1)
            << qint64(0) << false << 1.0 << 1.0 / 3 << false << 0.0 << 1.0;
        QTest::newRow("empty windows")
            << qint64(0) << qint64(0) << qint64(0) << qint64(0) << qint64(0) << qint64(0) << qint64(0)
            << qint64(0) << false << 0.0 << 0.0 << false << 0.0 << 0.0;
    }

    void driftCounts()
    {
        QFETCH(qint64, basePredictions);
        QFETCH(qint64, baseEscalations);
        QFETCH(qint64, baseLabelled);
        QFETCH(qint64, baseCorrect);
        QFETCH(qint64, predictions);
        QFETCH(qint64, escalations);
        QFETCH(qint64, labelled);
        QFETCH(qint64, correct);
        QFETCH(bool, escalationKnown);
        QFETCH(double, rate);
        QFETCH(double, baseRate);
        QFETCH(bool, accuracyKnown);
        QFETCH(double, accuracy);
        QFETCH(double, baseAccuracy);
        const DriftSignal d = driftFromCounts({basePredictions, baseEscalations, baseLabelled, baseCorrect},
            {predictions, escalations, labelled, correct});
        QCOMPARE(d.escalationRateKnown, escalationKnown);
        QCOMPARE(d.accuracyKnown, accuracyKnown);
        QCOMPARE(d.escalationRate, rate);
        QCOMPARE(d.baselineEscalationRate, baseRate);
        QCOMPARE(d.accuracy, accuracy);
        QCOMPARE(d.baselineAccuracy, baseAccuracy);
        QCOMPARE(d.window, predictions);
        QCOMPARE(d.labelledWindow, labelled);
        const QJsonObject j = d.toJson();
        QCOMPARE(j.value(QStringLiteral("escalation_rate")).isNull(), !escalationKnown);
        QCOMPARE(j.value(QStringLiteral("accuracy")).isNull(), !accuracyKnown);
    }

    void driftWindowIsConfigurable()
    {
        const DriftCounts base{100, 10, 50, 45};
        const DriftCounts recent{100, 20, 50, 30};
        QVERIFY(!driftFromCounts(base, recent).escalationRateKnown);
        const DriftSignal d = driftFromCounts(base, recent, DriftWindowConfig{100, 50});
        QVERIFY(d.escalationRateKnown);
        QVERIFY(d.accuracyKnown);
    }

    void badDriftCounts_data()
    {
        QTest::addColumn<qint64>("predictions");
        QTest::addColumn<qint64>("escalations");
        QTest::addColumn<qint64>("labelled");
        QTest::addColumn<qint64>("correct");
        QTest::addColumn<QString>("message");
        QTest::newRow("more escalations than predictions") << qint64(
            10) << qint64(11) << qint64(0) << qint64(0) << QStringLiteral("11 escalations out of only 10");
        QTest::newRow("more correct than labelled")
            << qint64(10) << qint64(1) << qint64(5) << qint64(6) << QStringLiteral("6 correct out of only 5");
        QTest::newRow("negative") << qint64(-1) << qint64(0) << qint64(0) << qint64(0)
                                  << QStringLiteral("must not be negative");
    }

    void badDriftCounts()
    {
        QFETCH(qint64, predictions);
        QFETCH(qint64, escalations);
        QFETCH(qint64, labelled);
        QFETCH(qint64, correct);
        QFETCH(QString, message);
        try {
            driftFromCounts({1000, 10, 10, 10}, {predictions, escalations, labelled, correct});
            QFAIL("no error");
        } catch (const lk::Error &e) {
            QCOMPARE(e.kind(), lk::ErrorKind::Input);
            QVERIFY2(e.message().contains(message), qPrintable(e.message()));
            QVERIFY2(e.message().contains(QStringLiteral("recent")), qPrintable(e.message()));
        }
    }

    // ---- the decision table --------------------------------------------------------------

    void decide_data()
    {
        QTest::addColumn<QJsonObject>("config"); // over the defaults, via triggerConfigFromJson
        QTest::addColumn<qint64>("usable");
        QTest::addColumn<qint64>("createdAgo"); // seconds before now; -1: no job ever
        QTest::addColumn<qint64>("finishedAgo"); // -1: not finished
        QTest::addColumn<bool>("running");
        QTest::addColumn<bool>("manual");
        QTest::addColumn<DriftSignal>("drift");
        QTest::addColumn<bool>("fire");
        QTest::addColumn<QString>("reason");
        QTest::addColumn<QString>("blockedBy");
        QTest::addColumn<QStringList>("triggers");

        const QJsonObject defaults;
        const QJsonObject weekly = json("{\"schedule\": \"Sunday 02:00\", \"sample_threshold\": null}");
        const DriftSignal none;
        const qint64 day = 24 * 3600;
        const qint64 hour = 3600;
        const auto row = [](const char *name) { return &QTest::newRow(name); };

        // Sample threshold: "more than 100".
        *row("5 samples: nothing holds") << defaults << qint64(5) << qint64(-1) << qint64(-1) << false
                                         << false << none << false << QString() << QString() << QStringList();
        *row("exactly 100 does not fire")
            << defaults << qint64(100) << qint64(-1) << qint64(-1) << false << false << none << false
            << QString() << QString() << QStringList();
        *row("101 fires") << defaults << qint64(101) << qint64(-1) << qint64(-1) << false << false << none
                          << true << QStringLiteral("sample_threshold") << QString()
                          << list("sample_threshold");
        *row("seed's 127 after a job yesterday")
            << defaults << qint64(127) << day << day - hour << false << false << none << true
            << QStringLiteral("sample_threshold") << QString() << list("sample_threshold");
        *row("threshold 0 fires on one sample")
            << json("{\"sample_threshold\": 0}") << qint64(1) << qint64(-1) << qint64(-1) << false << false
            << none << true << QStringLiteral("sample_threshold") << QString() << list("sample_threshold");
        *row("threshold off") << json("{\"sample_threshold\": null}") << qint64(5000) << qint64(-1)
                              << qint64(-1) << false << false << none << false << QString() << QString()
                              << QStringList();

        // One job per model line, always.
        *row("running job blocks the threshold")
            << defaults << qint64(500) << hour << qint64(-1) << true << false << none << false << QString()
            << QStringLiteral("job_running") << list("sample_threshold");
        *row("running job blocks a manual trigger")
            << defaults << qint64(500) << hour << qint64(-1) << true << true << none << false << QString()
            << QStringLiteral("job_running") << list("manual,sample_threshold");

        // Cool-down: two hours after the newest job ended (or began, if it never ended).
        *row("cool-down one hour after the end")
            << defaults << qint64(200) << 3 * hour << hour << false << false << none << false << QString()
            << QStringLiteral("cooldown") << list("sample_threshold");
        *row("cool-down over exactly two hours after the end")
            << defaults << qint64(200) << 4 * hour << 2 * hour << false << false << none << true
            << QStringLiteral("sample_threshold") << QString() << list("sample_threshold");
        *row("job that never ended: cool-down from its creation")
            << defaults << qint64(200) << hour << qint64(-1) << false << false << none << false << QString()
            << QStringLiteral("cooldown") << list("sample_threshold");
        *row("cool-down configurable")
            << json("{\"cooldown_seconds\": 1800}") << qint64(200) << 3 * hour << hour << false << false
            << none << true << QStringLiteral("sample_threshold") << QString() << list("sample_threshold");

        // Manual.
        *row("manual bypasses the cool-down")
            << defaults << qint64(3) << hour << qint64(600) << false << true << none << true
            << QStringLiteral("manual") << QString() << list("manual");
        *row("manual without bypass waits")
            << json("{\"manual_bypasses_cooldown\": false}") << qint64(3) << hour << qint64(600) << false
            << true << none << false << QString() << QStringLiteral("cooldown") << list("manual");
        *row("manual with no samples still fires")
            << defaults << qint64(0) << qint64(-1) << qint64(-1) << false << true << none << true
            << QStringLiteral("manual") << QString() << list("manual");
        *row("manual outranks the threshold")
            << defaults << qint64(500) << qint64(-1) << qint64(-1) << false << true << none << true
            << QStringLiteral("manual") << QString() << list("manual,sample_threshold");

        // Schedule "Sunday 02:00" UTC; now is Sunday 12:00, so today's slot is due unless a job
        // was created after 02:00.
        *row("schedule, no job ever")
            << weekly << qint64(20) << qint64(-1) << qint64(-1) << false << false << none << true
            << QStringLiteral("schedule") << QString() << list("schedule");
        *row("schedule, last job yesterday")
            << weekly << qint64(20) << day << day - hour << false << false << none << true
            << QStringLiteral("schedule") << QString() << list("schedule");
        *row("schedule served by a job after the slot")
            << weekly << qint64(20) << 9 * hour << 8 * hour << false << false << none << false << QString()
            << QString() << QStringList();
        *row("schedule with 3 samples: too few")
            << weekly << qint64(3) << qint64(-1) << qint64(-1) << false << false << none << false << QString()
            << QStringLiteral("too_few_samples") << list("schedule");
        *row("schedule with min samples 0 and none new")
            << json("{\"schedule\": \"Sunday 02:00\", \"min_samples_for_schedule_or_drift\": 0}") << qint64(0)
            << qint64(-1) << qint64(-1) << false << false << none << true << QStringLiteral("schedule")
            << QString() << list("schedule");
        *row("schedule and threshold: threshold named")
            << json("{\"schedule\": \"Sunday 02:00\"}") << qint64(150) << qint64(-1) << qint64(-1) << false
            << false << none << true << QStringLiteral("sample_threshold") << QString()
            << list("sample_threshold,schedule");
        *row("schedule in cool-down") << weekly << qint64(20) << 11 * hour << hour << false << false << none
                                      << false << QString() << QStringLiteral("cooldown") << list("schedule");

        // Drift: escalation rate above baseline × 1.1, accuracy more than 5 points down.
        *row("escalation 0.12 > 0.1 × 1.1")
            << defaults << qint64(20) << qint64(-1) << qint64(-1) << false << false
            << drift(0.12, 0.1, kUnknown, kUnknown) << true << QStringLiteral("drift_escalation_rate")
            << QString() << list("drift_escalation_rate");
        *row("escalation exactly 0.11 does not fire")
            << defaults << qint64(20) << qint64(-1) << qint64(-1) << false << false
            << drift(0.11, 0.1, kUnknown, kUnknown) << false << QString() << QString() << QStringList();
        *row("escalation unknown never fires") << defaults << qint64(20) << qint64(-1) << qint64(-1) << false
                                               << false << drift(kUnknown, kUnknown, kUnknown, kUnknown)
                                               << false << QString() << QString() << QStringList();
        *row("accuracy 0.84 vs 0.90 fires")
            << defaults << qint64(20) << qint64(-1) << qint64(-1) << false << false
            << drift(kUnknown, kUnknown, 0.84, 0.90) << true << QStringLiteral("drift_accuracy") << QString()
            << list("drift_accuracy");
        *row("accuracy 0.85 vs 0.90 is not more than 5 points")
            << defaults << qint64(20) << qint64(-1) << qint64(-1) << false << false
            << drift(kUnknown, kUnknown, 0.85, 0.90) << false << QString() << QString() << QStringList();
        *row("accuracy before escalation rate")
            << defaults << qint64(20) << qint64(-1) << qint64(-1) << false << false
            << drift(0.2, 0.1, 0.7, 0.9) << true << QStringLiteral("drift_accuracy") << QString()
            << list("drift_accuracy,drift_escalation_rate");
        *row("drift before threshold")
            << defaults << qint64(150) << qint64(-1) << qint64(-1) << false << false
            << drift(0.2, 0.1, kUnknown, kUnknown) << true << QStringLiteral("drift_escalation_rate")
            << QString() << list("drift_escalation_rate,sample_threshold");
        *row("drift with 3 samples: too few")
            << defaults << qint64(3) << qint64(-1) << qint64(-1) << false << false
            << drift(0.2, 0.1, 0.7, 0.9) << false << QString() << QStringLiteral("too_few_samples")
            << list("drift_accuracy,drift_escalation_rate");
        *row("drift in cool-down") << defaults << qint64(50) << 2 * hour << hour << false << false
                                   << drift(0.2, 0.1, kUnknown, kUnknown) << false << QString()
                                   << QStringLiteral("cooldown") << list("drift_escalation_rate");
        *row("drift triggers off") << json(
            "{\"drift_escalation_factor\": null, \"drift_accuracy_drop\": null}")
                                   << qint64(50) << qint64(-1) << qint64(-1) << false << false
                                   << drift(0.5, 0.1, 0.5, 0.9) << false << QString() << QString()
                                   << QStringList();
        *row("relative factor 1.5") << json("{\"drift_escalation_factor\": 1.5}") << qint64(50) << qint64(-1)
                                    << qint64(-1) << false << false << drift(0.14, 0.1, kUnknown, kUnknown)
                                    << false << QString() << QString() << QStringList();
        *row("zero baseline, escalations now")
            << defaults << qint64(50) << qint64(-1) << qint64(-1) << false << false
            << drift(0.01, 0.0, kUnknown, kUnknown) << true << QStringLiteral("drift_escalation_rate")
            << QString() << list("drift_escalation_rate");
        *row("everything at once, manual first")
            << json("{\"schedule\": \"Sunday 02:00\"}") << qint64(500) << qint64(-1) << qint64(-1) << false
            << true << drift(0.2, 0.1, 0.7, 0.9) << true << QStringLiteral("manual") << QString()
            << list("manual,drift_accuracy,drift_escalation_rate,sample_threshold,schedule");
    }

    void decide()
    {
        QFETCH(QJsonObject, config);
        QFETCH(qint64, usable);
        QFETCH(qint64, createdAgo);
        QFETCH(qint64, finishedAgo);
        QFETCH(bool, running);
        QFETCH(bool, manual);
        QFETCH(DriftSignal, drift);
        QFETCH(bool, fire);
        QFETCH(QString, reason);
        QFETCH(QString, blockedBy);
        QFETCH(QStringList, triggers);

        TriggerInputs in;
        in.now = kNow;
        in.usableNewSamples = usable;
        if (createdAgo >= 0)
            in.lastJobCreatedAt = kNow.addSecs(-createdAgo);
        if (finishedAgo >= 0)
            in.lastJobFinishedAt = kNow.addSecs(-finishedAgo);
        in.jobRunning = running;
        in.manualRequested = manual;
        in.drift = drift;
        const TriggerDecision d = evaluateTriggers(in, triggerConfigFromJson(config));
        const QString why = d.notes.join(QStringLiteral(" | "));
        QVERIFY2(d.fire == fire, qPrintable(why));
        QCOMPARE(d.reason, reason);
        QCOMPARE(d.blockedBy, blockedBy);
        QCOMPARE(d.triggers, triggers);
        QVERIFY(!d.notes.isEmpty());

        const QJsonObject j = d.toJson();
        QCOMPARE(j.value(QStringLiteral("fire")).toBool(), fire);
        QCOMPARE(j.value(QStringLiteral("samples_collected")).toInteger(), usable);
        if (!fire) {
            const QJsonObject idle = idleResponse(d);
            QCOMPARE(idle.value(QStringLiteral("action")).toString(), QStringLiteral("none"));
            QCOMPARE(idle.value(QStringLiteral("reason")).toString(),
                blockedBy.isEmpty() ? QStringLiteral("below_threshold") : blockedBy);
        }
    }

    void notesQuoteTheNumbers()
    {
        TriggerInputs in;
        in.now = kNow;
        in.usableNewSamples = 42;
        in.drift = drift(0.12, 0.1, 0.84, 0.9);
        in.lastJobCreatedAt = kNow.addSecs(-3 * 3600);
        in.lastJobFinishedAt = kNow.addSecs(-3600);
        const TriggerDecision d = evaluateTriggers(in, TriggerConfig{});
        const QString notes = d.notes.join(QLatin1Char('\n'));
        QVERIFY2(
            notes.contains(QStringLiteral("escalation rate 0.12 is above the baseline 0.1 × 1.1 = 0.11 (5000 "
                                          "predictions)")),
            qPrintable(notes));
        QVERIFY2(notes.contains(QStringLiteral("accuracy 0.84 is 0.06 below the baseline 0.9")),
            qPrintable(notes));
        QVERIFY2(
            notes.contains(QStringLiteral("42 usable new samples; the threshold fires at more than 100")),
            qPrintable(notes));
        QVERIFY2(notes.contains(
                     QStringLiteral("blocked: cool-down until 2024-02-04T13:00:00Z (7200 s after the last "
                                    "job, 2024-02-04T11:00:00Z)")),
            qPrintable(notes));
        QCOMPARE(iso(d.cooldownUntil), QStringLiteral("2024-02-04T13:00:00Z"));
        QCOMPARE(d.progress.value_or(-1), 0.42);
    }

    void progressAndNextSlot()
    {
        TriggerConfig c;
        c.schedule = parseWeeklySchedule(QStringLiteral("Sunday 02:00 Europe/Berlin"));
        TriggerInputs in;
        in.now = at("2024-03-27T10:00:00Z");
        in.usableNewSamples = 42;
        in.lastJobCreatedAt = at("2024-03-24T01:00:05Z");
        in.lastJobFinishedAt = at("2024-03-24T01:40:00Z");
        const TriggerDecision d = evaluateTriggers(in, c);
        QVERIFY(!d.fire);
        QCOMPARE(iso(d.nextScheduled), QStringLiteral("2024-03-31T01:00:00Z"));
        QVERIFY(!d.dueSlot.isValid());
        QCOMPARE(*d.progress, 0.42);
        const QJsonObject idle = idleResponse(d);
        QCOMPARE(idle.value(QStringLiteral("reason")).toString(), QStringLiteral("below_threshold"));
        QCOMPARE(idle.value(QStringLiteral("samples_collected")).toInteger(), 42);
        QCOMPARE(idle.value(QStringLiteral("sample_threshold")).toInteger(), 100);
        QCOMPARE(idle.value(QStringLiteral("progress")).toDouble(), 0.42);
        QCOMPARE(
            idle.value(QStringLiteral("next_scheduled")).toString(), QStringLiteral("2024-03-31T01:00:00Z"));
        QCOMPARE(
            idle.value(QStringLiteral("cooldown_until")).toString(), QStringLiteral("2024-03-24T03:40:00Z"));

        c.sampleThreshold.reset();
        const TriggerDecision off = evaluateTriggers(in, c);
        QVERIFY(!off.progress);
        QVERIFY(off.toJson().value(QStringLiteral("progress")).isNull());
        QVERIFY(off.toJson().value(QStringLiteral("sample_threshold")).isNull());
    }

    // ---- a month of ticks ----------------------------------------------------------------

    void scheduleFiresOncePerSlot_data()
    {
        QTest::addColumn<QString>("schedule");
        QTest::addColumn<QDateTime>("from");
        QTest::addColumn<QDateTime>("offFrom"); // machine off in [offFrom, offUntil)
        QTest::addColumn<QDateTime>("offUntil");
        QTest::addColumn<QStringList>("fired");

        QTest::newRow("Berlin across spring forward")
            << QStringLiteral("Sunday 02:00 Europe/Berlin") << at("2024-03-20T00:00:00Z") << QDateTime()
            << QDateTime()
            << QStringList{
                   QStringLiteral("2024-03-20T00:00:00Z"), // first tick: last week's slot was never served
                   QStringLiteral("2024-03-24T01:00:00Z"), QStringLiteral("2024-03-31T01:00:00Z"),
                   QStringLiteral("2024-04-07T00:00:00Z"), QStringLiteral("2024-04-14T00:00:00Z")};
        QTest::newRow("Berlin across fall back")
            << QStringLiteral("Sunday 02:00 Europe/Berlin") << at("2024-10-14T00:00:00Z") << QDateTime()
            << QDateTime()
            << QStringList{QStringLiteral("2024-10-14T00:00:00Z"), QStringLiteral("2024-10-20T00:00:00Z"),
                   QStringLiteral("2024-10-27T00:00:00Z"), QStringLiteral("2024-11-03T01:00:00Z"),
                   QStringLiteral("2024-11-10T01:00:00Z")};
        QTest::newRow("machine off over a slot: fires once, late")
            << QStringLiteral("Sunday 02:00") << at("2024-01-02T00:00:00Z") << at("2024-01-13T12:00:00Z")
            << at("2024-01-16T09:07:00Z")
            << QStringList{QStringLiteral("2024-01-02T00:00:00Z"), QStringLiteral("2024-01-07T02:00:00Z"),
                   QStringLiteral("2024-01-16T09:15:00Z"), QStringLiteral("2024-01-21T02:00:00Z"),
                   QStringLiteral("2024-01-28T02:00:00Z")};
    }

    void scheduleFiresOncePerSlot()
    {
        QFETCH(QString, schedule);
        QFETCH(QDateTime, from);
        QFETCH(QDateTime, offFrom);
        QFETCH(QDateTime, offUntil);
        QFETCH(QStringList, fired);

        TriggerConfig c;
        c.sampleThreshold.reset(); // only the schedule
        c.schedule = parseWeeklySchedule(schedule);
        TriggerInputs in;
        in.usableNewSamples = 50; // the fleet keeps sending corrections
        QStringList firedAt;
        // A tick every 15 minutes for four weeks; each job takes 45 minutes.
        for (QDateTime now = from.toUTC(); now < from.addDays(28); now = now.addSecs(15 * 60)) {
            if (offFrom.isValid() && now >= offFrom && now < offUntil)
                continue;
            in.now = now;
            in.jobRunning = in.lastJobFinishedAt && *in.lastJobFinishedAt > now;
            const TriggerDecision d = evaluateTriggers(in, c);
            if (!d.fire)
                continue;
            QCOMPARE(d.reason, QStringLiteral("schedule"));
            firedAt << iso(now);
            in.lastJobCreatedAt = now;
            in.lastJobFinishedAt = now.addSecs(45 * 60);
        }
        QCOMPARE(firedAt, fired);
    }

    // ---- completion estimate and responses -----------------------------------------------

    void estimate_data()
    {
        QTest::addColumn<QDateTime>("start");
        QTest::addColumn<qint64>("samples");
        QTest::addColumn<int>("epochs");
        QTest::addColumn<double>("samplesPerSecond");
        QTest::addColumn<double>("overhead");
        QTest::addColumn<QString>("expected"); // empty: unknown

        const QDateTime start = at("2024-02-02T02:00:00Z");
        QTest::newRow("seed's 03:00")
            << start << qint64(120) << 5 << 0.25 << 1200.0 << QStringLiteral("2024-02-02T03:00:00Z");
        QTest::newRow("3000 sample-epochs at 1/s")
            << start << qint64(1000) << 3 << 1.0 << 0.0 << QStringLiteral("2024-02-02T02:50:00Z");
        QTest::newRow("rounded up to the second")
            << start << qint64(10) << 1 << 3.0 << 0.0 << QStringLiteral("2024-02-02T02:00:04Z");
        QTest::newRow("no samples: overhead only")
            << start << qint64(0) << 3 << 100.0 << 30.0 << QStringLiteral("2024-02-02T02:00:30Z");
        QTest::newRow("start in another zone, answer in UTC")
            << at("2024-02-02T03:00:00+01:00") << qint64(2127) << 3 << 2127.0 << 30.0
            << QStringLiteral("2024-02-02T02:00:33Z");
        QTest::newRow("no throughput measured: unknown")
            << start << qint64(100) << 3 << 0.0 << 30.0 << QString();
        QTest::newRow("negative throughput: unknown")
            << start << qint64(100) << 3 << -5.0 << 30.0 << QString();
        QTest::newRow("NaN throughput: unknown")
            << start << qint64(100) << 3 << std::numeric_limits<double>::quiet_NaN() << 30.0 << QString();
        QTest::newRow("beyond a century: unknown")
            << start << qint64(1000000) << 100 << 1e-6 << 0.0 << QString();
    }

    void estimate()
    {
        QFETCH(QDateTime, start);
        QFETCH(qint64, samples);
        QFETCH(int, epochs);
        QFETCH(double, samplesPerSecond);
        QFETCH(double, overhead);
        QFETCH(QString, expected);
        const QDateTime t = estimateCompletion(start, samples, epochs, samplesPerSecond, overhead);
        QCOMPARE(iso(t), expected);
        const QJsonObject r = triggeredResponse(QStringLiteral("sample_threshold"), 127,
            QStringLiteral("train_abc123"), QStringLiteral("m@2"), t);
        if (expected.isEmpty())
            QVERIFY(r.value(QStringLiteral("estimated_completion")).isNull());
        else
            QCOMPARE(r.value(QStringLiteral("estimated_completion")).toString(), expected);
    }

    void badEstimate_data()
    {
        QTest::addColumn<QDateTime>("start");
        QTest::addColumn<qint64>("samples");
        QTest::addColumn<int>("epochs");
        QTest::addColumn<double>("overhead");
        QTest::addColumn<QString>("message");
        const QDateTime start = at("2024-02-02T02:00:00Z");
        QTest::newRow("no start") << QDateTime() << qint64(1) << 1 << 0.0 << QStringLiteral("valid start");
        QTest::newRow("negative samples")
            << start << qint64(-1) << 1 << 0.0 << QStringLiteral("training samples");
        QTest::newRow("zero epochs") << start << qint64(1) << 0 << 0.0
                                     << QStringLiteral("epochs must be 1 or more");
        QTest::newRow("negative overhead") << start << qint64(1) << 1 << -1.0 << QStringLiteral("overhead");
    }

    void badEstimate()
    {
        QFETCH(QDateTime, start);
        QFETCH(qint64, samples);
        QFETCH(int, epochs);
        QFETCH(double, overhead);
        QFETCH(QString, message);
        try {
            estimateCompletion(start, samples, epochs, 10.0, overhead);
            QFAIL("no error");
        } catch (const lk::Error &e) {
            QCOMPARE(e.kind(), lk::ErrorKind::Usage);
            QVERIFY2(e.message().contains(message), qPrintable(e.message()));
        }
    }

    void seedResponseShape()
    {
        // The documented example, field for field.
        const QJsonObject r =
            triggeredResponse(QStringLiteral("sample_threshold"), 127, QStringLiteral("train_abc123"),
                QStringLiteral("tinyyolo-defects@1.4"), at("2024-02-02T03:00:00Z"));
        const QJsonObject seed =
            json("{\"action\": \"training_triggered\", \"reason\": \"sample_threshold\", "
                 "\"samples_collected\": 127, \"training_job_id\": \"train_abc123\", "
                 "\"target_model\": \"tinyyolo-defects@1.4\", "
                 "\"estimated_completion\": \"2024-02-02T03:00:00Z\"}");
        QCOMPARE(r, seed);
    }

    // ---- config --------------------------------------------------------------------------

    void configRoundTrip()
    {
        const TriggerConfig defaults;
        const QJsonObject j = defaults.toJson();
        QCOMPARE(j.value(QStringLiteral("sample_threshold")).toInteger(), 100);
        QCOMPARE(j.value(QStringLiteral("cooldown_seconds")).toInteger(), 7200);
        QCOMPARE(j.value(QStringLiteral("drift_escalation_factor")).toDouble(), 1.1);
        QCOMPARE(j.value(QStringLiteral("drift_accuracy_drop")).toDouble(), 0.05);
        QCOMPARE(j.value(QStringLiteral("min_samples_for_schedule_or_drift")).toInteger(), 10);
        QVERIFY(j.value(QStringLiteral("schedule")).isNull());
        QCOMPARE(triggerConfigFromJson(j).toJson(), j);

        TriggerConfig c;
        c.schedule = parseWeeklySchedule(QStringLiteral("sun 2 am Europe/Berlin"));
        c.sampleThreshold.reset();
        c.manualBypassesCooldown = false;
        const QJsonObject k = c.toJson();
        QCOMPARE(
            k.value(QStringLiteral("schedule")).toString(), QStringLiteral("Sunday 02:00 Europe/Berlin"));
        QCOMPARE(triggerConfigFromJson(k).toJson(), k);
    }

    void badConfig_data()
    {
        QTest::addColumn<QJsonObject>("config");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown key") << json("{\"sample_treshold\": 5}")
                                     << QStringLiteral("unknown key \"sample_treshold\"");
        QTest::newRow("text for a number")
            << json("{\"sample_threshold\": \"100\"}") << QStringLiteral("sample_threshold must be a number");
        QTest::newRow("fraction of a second") << json("{\"cooldown_seconds\": 1.5}")
                                              << QStringLiteral("cooldown_seconds must be a whole number");
        QTest::newRow("negative cool-down")
            << json("{\"cooldown_seconds\": -1}") << QStringLiteral("cooldown_seconds must be 0 or more");
        QTest::newRow("factor below 1") << json("{\"drift_escalation_factor\": 0.9}")
                                        << QStringLiteral("drift_escalation_factor must be 1 or more");
        QTest::newRow("drop in percent") << json("{\"drift_accuracy_drop\": 5}")
                                         << QStringLiteral("drift_accuracy_drop is in accuracy points");
        QTest::newRow("schedule not text")
            << json("{\"schedule\": 5}") << QStringLiteral("schedule must be text");
        QTest::newRow("bad schedule text")
            << json("{\"schedule\": \"Sunday 2\"}") << QStringLiteral("needs minutes");
        QTest::newRow("bypass not bool")
            << json("{\"manual_bypasses_cooldown\": 1}") << QStringLiteral("must be true or false");
    }

    void badConfig()
    {
        QFETCH(QJsonObject, config);
        QFETCH(QString, message);
        try {
            triggerConfigFromJson(config);
            QFAIL("no error");
        } catch (const lk::Error &e) {
            QCOMPARE(e.kind(), lk::ErrorKind::Input);
            QVERIFY2(e.message().contains(message), qPrintable(e.message()));
        }
    }

    void invalidConfigOrNowIsUsage()
    {
        TriggerInputs in;
        in.now = kNow;
        TriggerConfig c;
        c.cooldownSeconds = -5;
        QVERIFY_THROWS_EXCEPTION(lk::Error, evaluateTriggers(in, c));
        in.now = QDateTime();
        QVERIFY_THROWS_EXCEPTION(lk::Error, evaluateTriggers(in, TriggerConfig{}));
    }
};

QTEST_GUILESS_MAIN(TestTriggerPolicy)
#include "tst_trigger_policy.moc"
