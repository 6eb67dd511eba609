// The per-node drift evaluator on generated windows of an edge classifier: quiet while nothing
// changes, an alert with its numbers when the escalation rate rises, accuracy falls or the
// confidence distribution shifts; "no_data" rather than a guess on thin data; a drift episode
// never becomes its own baseline; settings with typos refused.
#include "core/common/Error.h"
#include "core/drift/DriftEvaluator.h"
#include "core/loop/TriggerPolicy.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTimeZone>
#include <QtTest>

#include <cmath>
#include <functional>
#include <random>

namespace {

using namespace lk::drift;

struct Rng
{
    std::mt19937_64 engine;
    explicit Rng(std::uint64_t seed)
        : engine(seed)
    { }
    double uniform() { return double(engine() >> 11) * 0x1.0p-53; }
    bool bernoulli(double p) { return uniform() < p; }
};

/// How a generated window looks.
struct Shape
{
    qint64 predictions = 1000;
    double rate = 0.1; ///< chance that a prediction escalates
    qint64 labelled = 100;
    double accuracy = 0.9; ///< share of the labelled ones the teacher agreed with (exact)
    double sharpness = 6; ///< confident predictions: 0.7 + 0.3·u^(1/sharpness); larger: nearer 1
};

DriftWindow window(Rng &rng, const Shape &s, int hour = 0)
{
    DriftWindow w;
    w.end = QDateTime(QDate(2025, 3, 1), QTime(0, 0), QTimeZone::utc()).addSecs(3600LL * hour);
    w.predictions = s.predictions;
    for (qint64 i = 0; i < s.predictions; ++i) {
        const double c = rng.bernoulli(s.rate) ? 0.3 + 0.39 * rng.uniform()
                                               : 0.7 + 0.3 * std::pow(rng.uniform(), 1 / s.sharpness);
        w.confidences.push_back(c);
        w.escalations += c < w.threshold ? 1 : 0;
    }
    w.labelled = s.labelled;
    w.correct = qRound64(double(s.labelled) * s.accuracy);
    return w;
}

QString status(const DriftVerdict &v, const char *check)
{
    const DriftCheck *c = v.check(QString::fromLatin1(check));
    return c ? c->status : QStringLiteral("<missing>");
}

QString explanation(const DriftVerdict &v, const char *check)
{
    const DriftCheck *c = v.check(QString::fromLatin1(check));
    return c ? c->explanation : QString();
}

QByteArray describe(const DriftVerdict &v)
{
    QByteArray text;
    for (const DriftCheck &c : v.checks)
        text += c.name.toUtf8() + "=" + c.status.toUtf8() + " (" + c.explanation.toUtf8() + ")\n";
    return text;
}

/// Feeds `n` stable windows; fails the test (returns false) if any alerts.
bool feedStable(DriftEvaluator &e, Rng &rng, int n, const Shape &s = {})
{
    for (int i = 0; i < n; ++i) {
        const DriftVerdict v = e.observe(window(rng, s, i));
        if (v.alert) {
            qWarning("stable window %d alerted:\n%s", i, describe(v).constData());
            return false;
        }
    }
    return true;
}

lk::Error errorOf(const std::function<void()> &f)
{
    try {
        f();
    } catch (const lk::Error &e) {
        return e;
    }
    return lk::Error(lk::ErrorKind::Internal, QStringLiteral("did not throw"));
}

} // namespace

class TestDriftEvaluator : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void stableWindowsNeverAlert()
    {
        Rng rng(1);
        DriftEvaluator e;
        const int warmup = e.config().minBaselineWindows;
        for (int i = 0; i < 60; ++i) {
            const DriftVerdict v = e.observe(window(rng, Shape{}, i));
            QVERIFY2(!v.alert, describe(v).constData());
            QVERIFY(v.joinedBaseline);
            QCOMPARE(int(v.checks.size()), int(driftCheckNames().size()));
            for (std::size_t k = 0; k < v.checks.size(); ++k)
                QCOMPARE(v.checks[k].name, driftCheckNames().at(qsizetype(k)));
            const QString expected = i < warmup ? QStringLiteral("no_data") : QStringLiteral("ok");
            for (const char *name : {"escalation_rate", "accuracy", "confidence_psi", "confidence_ks"})
                QVERIFY2(status(v, name) == expected, describe(v).constData());
            if (i < warmup)
                QVERIFY(explanation(v, "escalation_rate").contains(QLatin1String("still being built")));
            QCOMPARE(v.signal.escalationRateKnown, i >= warmup);
            QCOMPARE(v.signal.accuracyKnown, i >= warmup);
            QCOMPARE(status(v, "page_hinkley"), QStringLiteral("ok"));
            QCOMPARE(status(v, "adwin"), QStringLiteral("ok"));
        }
        QCOMPARE(e.baselineWindowCount(), e.config().baselineWindows);
        QCOMPARE(e.windowsObserved(), qint64(60));
        // The reference slides with the baseline: ⌈5000 / 24⌉ confidences from each window.
        QCOMPARE(qint64(e.referenceSample().size()), qint64(24 * 209));
    }

    void escalationRateRise()
    {
        Rng rng(2);
        DriftEvaluator e;
        QVERIFY(feedStable(e, rng, 10));
        const lk::loop::DriftCounts before = e.baselineCounts();
        Shape risen;
        risen.predictions = 1200;
        risen.rate = 0.15;
        const DriftVerdict v = e.observe(window(rng, risen, 10));
        QVERIFY2(v.alert, describe(v).constData());
        QVERIFY(v.alerts().contains(QStringLiteral("escalation_rate")));
        const DriftCheck *c = v.check(QStringLiteral("escalation_rate"));
        QVERIFY(c->value / c->baseline > 1.3);
        QVERIFY(std::abs(c->limit - c->baseline * 1.1) < 1e-12);
        QVERIFY(c->pValue < 0.001);
        QVERIFY2(c->explanation.contains(QLatin1String("x the baseline"))
                && c->explanation.contains(QLatin1String("(limit 1.10 x)"))
                && c->explanation.contains(QLatin1String("over 1,200 predictions")),
            qPrintable(c->explanation));
        // The alerting window stays out of the baseline.
        QVERIFY(!v.joinedBaseline);
        QCOMPARE(e.baselineCounts().predictions, before.predictions);
        QCOMPARE(e.baselineCounts().escalations, before.escalations);

        // The learning loop's trigger fires on the signal.
        QVERIFY(v.signal.escalationRateKnown);
        QCOMPARE(v.signal.window, qint64(1200));
        lk::loop::TriggerInputs inputs;
        inputs.now = QDateTime(QDate(2025, 3, 1), QTime(12, 0), QTimeZone::utc());
        inputs.usableNewSamples = 50;
        inputs.drift = v.signal;
        const lk::loop::TriggerDecision d = lk::loop::evaluateTriggers(inputs, lk::loop::TriggerConfig{});
        QVERIFY2(d.triggers.contains(QStringLiteral("drift_escalation_rate")),
            qPrintable(d.notes.join(QLatin1Char('\n'))));
    }

    void smallRiseIsNotSignificant()
    {
        // 12 % against 10 % over 200 predictions: past ×1.1, but noise at this size.
        Rng rng(3);
        DriftEvaluator e;
        QVERIFY(feedStable(e, rng, 10));
        DriftWindow w = window(rng, Shape{}, 10);
        w.predictions = 200;
        w.escalations = 24;
        w.confidences.clear();
        const DriftVerdict v = e.observe(w);
        QCOMPARE(status(v, "escalation_rate"), QStringLiteral("ok"));
        QVERIFY2(explanation(v, "escalation_rate").contains(QLatin1String("not significant")),
            qPrintable(explanation(v, "escalation_rate")));
        QVERIFY(!v.alert);
    }

    void accuracyDrop()
    {
        Rng rng(4);
        DriftEvaluator e;
        Shape s;
        s.labelled = 400;
        QVERIFY(feedStable(e, rng, 8, s));
        s.accuracy = 0.8;
        const DriftVerdict v = e.observe(window(rng, s, 8));
        QVERIFY2(v.alert, describe(v).constData());
        QCOMPARE(v.alerts(), QStringList{QStringLiteral("accuracy")});
        const DriftCheck *c = v.check(QStringLiteral("accuracy"));
        QCOMPARE(c->value, 0.8);
        QCOMPARE(c->baseline, 0.9);
        QVERIFY2(
            c->explanation.contains(QLatin1String("Accuracy 80.0 % is 10.0 points below the baseline 90.0 % "
                                                  "(limit 5.0 points) over 400 labelled predictions")),
            qPrintable(c->explanation));
        QVERIFY(v.signal.accuracyKnown);
        QCOMPARE(v.signal.accuracy, 0.8);

        // The same drop over 40 answers is not evidence enough.
        s.labelled = 40;
        const DriftVerdict thin = e.observe(window(rng, s, 9));
        QCOMPARE(status(thin, "accuracy"), QStringLiteral("ok"));
        QVERIFY(explanation(thin, "accuracy").contains(QLatin1String("not significant")));
        // A drop within the limit is fine however many answers.
        s.labelled = 4000;
        s.accuracy = 0.88;
        QCOMPARE(status(e.observe(window(rng, s, 10)), "accuracy"), QStringLiteral("ok"));
    }

    void confidenceShift()
    {
        Rng rng(5);
        DriftEvaluator e;
        QVERIFY(feedStable(e, rng, 10));
        Shape s;
        s.sharpness = 1; // confident predictions spread evenly over [0.7, 1) instead of crowding near 1
        const DriftVerdict v = e.observe(window(rng, s, 10));
        QVERIFY2(v.alert, describe(v).constData());
        QCOMPARE(status(v, "confidence_psi"), QStringLiteral("alert"));
        QCOMPARE(status(v, "confidence_ks"), QStringLiteral("alert"));
        QCOMPARE(status(v, "escalation_rate"), QStringLiteral("ok"));
        const DriftCheck *psiCheck = v.check(QStringLiteral("confidence_psi"));
        QVERIFY(psiCheck->value >= 0.25);
        QVERIFY2(
            psiCheck->explanation.contains(QLatin1String("significant")), qPrintable(psiCheck->explanation));
        const DriftCheck *ks = v.check(QStringLiteral("confidence_ks"));
        QVERIFY(ks->value >= ks->limit);
        QVERIFY(ks->pValue < 0.01);
    }

    void tooFewPredictions()
    {
        Rng rng(6);
        DriftEvaluator e;
        // A quiet node from the start: nothing to judge, ever.
        Shape quiet;
        quiet.predictions = 50;
        quiet.labelled = 5;
        for (int i = 0; i < 30; ++i) {
            const DriftVerdict v = e.observe(window(rng, quiet, i));
            QVERIFY2(!v.alert, describe(v).constData());
            QCOMPARE(status(v, "escalation_rate"), QStringLiteral("no_data"));
            QCOMPARE(status(v, "accuracy"), QStringLiteral("no_data"));
        }
        // After a real baseline, thin windows with a higher rate give no_data, not an alert.
        DriftEvaluator f;
        QVERIFY(feedStable(f, rng, 10));
        for (int i = 0; i < 3; ++i) {
            DriftWindow w;
            w.predictions = 50;
            w.escalations = 10; // 20 %
            for (int k = 0; k < 50; ++k)
                w.confidences.push_back(k % 5 == 0 ? 0.5 : 0.95);
            w.labelled = 5;
            w.correct = 2;
            const DriftVerdict v = f.observe(w);
            QVERIFY2(!v.alert, describe(v).constData());
            for (const char *name : {"escalation_rate", "accuracy", "confidence_psi", "confidence_ks"})
                QVERIFY2(status(v, name) == QLatin1String("no_data"), describe(v).constData());
            QVERIFY(explanation(v, "escalation_rate").contains(QLatin1String("Too few predictions")));
            QVERIFY(std::isnan(v.check(QStringLiteral("accuracy"))->pValue));
            QVERIFY(!v.signal.escalationRateKnown);
        }
    }

    void driftEpisodeKeepsItsBaseline()
    {
        Rng rng(7);
        DriftEvaluator e;
        QVERIFY(feedStable(e, rng, 10));
        const lk::loop::DriftCounts base = e.baselineCounts();
        Shape high;
        high.rate = 0.2;
        for (int i = 0; i < 6; ++i) {
            const DriftVerdict v = e.observe(window(rng, high, 10 + i));
            QCOMPARE(status(v, "escalation_rate"), QStringLiteral("alert"));
        }
        QCOMPARE(e.baselineCounts().escalations, base.escalations);
        QCOMPARE(e.baselineWindowCount(), 10);

        // An operator accepts the new level: the baseline is rebuilt from it.
        e.resetBaseline();
        QCOMPARE(e.baselineWindowCount(), 0);
        for (int i = 0; i < 6; ++i) {
            const DriftVerdict v = e.observe(window(rng, high, 20 + i));
            QVERIFY2(!v.alert, describe(v).constData());
            QCOMPARE(status(v, "escalation_rate"), i < 3 ? QStringLiteral("no_data") : QStringLiteral("ok"));
        }
    }

    void verdictJson()
    {
        Rng rng(8);
        DriftEvaluator e;
        const DriftVerdict first = e.observe(window(rng, Shape{}, 0));
        const QJsonObject j = first.toJson();
        QCOMPARE(j.value(QStringLiteral("alert")).toBool(true), false);
        QCOMPARE(j.value(QStringLiteral("end")).toString(), QStringLiteral("2025-03-01T00:00:00Z"));
        QCOMPARE(j.value(QStringLiteral("baseline_windows")).toInt(-1), 0);
        const QJsonArray checks = j.value(QStringLiteral("checks")).toArray();
        QCOMPARE(checks.size(), 6);
        const QJsonObject rate = checks.at(0).toObject();
        QCOMPARE(rate.value(QStringLiteral("name")).toString(), QStringLiteral("escalation_rate"));
        QCOMPARE(rate.value(QStringLiteral("status")).toString(), QStringLiteral("no_data"));
        QVERIFY(rate.value(QStringLiteral("baseline")).isNull()); // never a made-up number
        QVERIFY(rate.value(QStringLiteral("p_value")).isNull());
        QVERIFY(rate.value(QStringLiteral("value")).isDouble()); // the window's own rate is measured
        QVERIFY(
            j.value(QStringLiteral("signal")).toObject().value(QStringLiteral("escalation_rate")).isNull());
        QVERIFY(!rate.value(QStringLiteral("explanation")).toString().isEmpty());
    }

    void invalidWindowChangesNothing()
    {
        Rng rng(9);
        DriftEvaluator e;
        QVERIFY(feedStable(e, rng, 4));
        DriftWindow w = window(rng, Shape{}, 4);
        w.escalations = w.predictions + 1;
        const lk::Error err = errorOf([&] { e.observe(w); });
        QCOMPARE(err.kind(), lk::ErrorKind::Input);
        QVERIFY2(err.message().contains(QLatin1String("escalations")), qPrintable(err.message()));
        w = window(rng, Shape{}, 4);
        w.confidences[3] = 1.5;
        QCOMPARE(errorOf([&] { e.observe(w); }).kind(), lk::ErrorKind::Input);
        QCOMPARE(e.windowsObserved(), qint64(4));
        QCOMPARE(e.baselineWindowCount(), 4);
    }

    void config_data()
    {
        QTest::addColumn<QJsonObject>("json");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("unknown key") << QJsonObject{{QStringLiteral("rate_factr"), 1.2}}
                                     << QStringLiteral("rate_factr");
        QTest::newRow("unknown nested key")
            << QJsonObject{{QStringLiteral("page_hinkley"), QJsonObject{{QStringLiteral("lamda"), 10}}}}
            << QStringLiteral("page_hinkley.lamda");
        QTest::newRow("wrong type") << QJsonObject{{QStringLiteral("psi_bins"), QStringLiteral("ten")}}
                                    << QStringLiteral("psi_bins");
        QTest::newRow("factor below 1")
            << QJsonObject{{QStringLiteral("rate_factor"), 0.9}} << QStringLiteral("rate_factor");
        QTest::newRow("fractional count")
            << QJsonObject{{QStringLiteral("min_predictions"), 10.5}} << QStringLiteral("min_predictions");
        QTest::newRow("warm-up longer than the baseline") << QJsonObject{
            {QStringLiteral("baseline_windows"), 2},
            {QStringLiteral("min_baseline_windows"), 3}} << QStringLiteral("min_baseline_windows");
        QTest::newRow("PH alpha 0") << QJsonObject{{QStringLiteral("page_hinkley"),
            QJsonObject{{QStringLiteral("alpha"), 0}}}}
                                    << QStringLiteral("page_hinkley.alpha");
        QTest::newRow("section not an object")
            << QJsonObject{{QStringLiteral("page_hinkley"), 3}} << QStringLiteral("page_hinkley");
    }
    void config()
    {
        QFETCH(QJsonObject, json);
        QFETCH(QString, mentions);
        const lk::Error err = errorOf([&] { DriftConfig::fromJson(json); });
        QCOMPARE(err.kind(), lk::ErrorKind::Input);
        QVERIFY2(
            err.message().contains(mentions) && err.message().startsWith(QLatin1String("drift settings")),
            qPrintable(err.message()));
    }

    void configRoundTrip()
    {
        DriftConfig c;
        c.rateFactor = 1.25;
        c.baselineWindows = 48;
        c.minLabelled = 80;
        c.pageHinkley.lambda = 30;
        c.pageHinkley.minInstances = 100;
        c.adwinDelta = 0.01;
        const DriftConfig back = DriftConfig::fromJson(c.toJson());
        QCOMPARE(back.toJson(), c.toJson());
        QCOMPARE(back.pageHinkley.lambda, 30.0);
        QCOMPARE(DriftConfig::fromJson(QJsonObject()).toJson(), DriftConfig().toJson());
        c.psiBins = 1;
        QCOMPARE(errorOf([&] { DriftEvaluator bad(c); }).kind(), lk::ErrorKind::Usage);
    }
};

QTEST_GUILESS_MAIN(TestDriftEvaluator)
#include "tst_drift_evaluator.moc"
