// The regression gate (docs/learning-loop.md) as tables: McNemar's exact test against values computed by hand
// and with 40-digit arithmetic, percentiles as numpy defines them, every gate passing, failing
// and left inconclusive, first models, per-class floors, subsets, input errors, and the report's
// snake_case JSON with every number in it.
#include "core/common/Error.h"
#include "core/loop/RegressionGate.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QtTest>

#include <cmath>
#include <limits>

using namespace lk::loop;

namespace {

/// An evaluation set built from the four cells of the paired table: `both` inputs both models
/// get right, `b` only the incumbent, `c` only the candidate, `neither` neither. Labels run
/// round-robin over the classes so that every class gets its share of each cell. The first
/// `incEscalated` / `candEscalated` answers have confidence 0.5 (below the 0.7 threshold).
GateInputs paired(
    int both, int b, int c, int neither, int incEscalated = 0, int candEscalated = 0, int classes = 10)
{
    GateInputs in;
    in.classes = classes;
    const int n = both + b + c + neither;
    for (int i = 0; i < n; ++i) {
        const int label = i % classes;
        const int wrong = (label + 1) % classes;
        const bool incRight = i < both + b;
        const bool candRight = i < both || (i >= both + b && i < both + b + c);
        in.labels.push_back(label);
        in.incumbent.push_back({incRight ? label : wrong, i < incEscalated ? 0.5 : 0.9});
        in.candidate.push_back({candRight ? label : wrong, i < candEscalated ? 0.5 : 0.9});
    }
    return in;
}

/// Twenty timings, all the same: p50 and p95 are exactly that value.
std::vector<double> latencies(double ms)
{
    return std::vector<double>(20, ms);
}

QJsonObject json(const char *text)
{
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray(text), &error);
    Q_ASSERT(error.error == QJsonParseError::NoError);
    return doc.object();
}

QStringList gatesWith(const GateReport &r, CheckResult result)
{
    QStringList out;
    for (const GateCheck &g : r.checks) {
        if (g.result == result)
            out << g.gate;
    }
    return out;
}

const GateCheck &gate(const GateReport &r, const QString &name)
{
    for (const GateCheck &g : r.checks) {
        if (g.gate == name)
            return g;
    }
    qFatal("no gate %s", qPrintable(name));
}

/// Every key of every object in the tree, to check the snake_case promise.
void collectKeys(const QJsonValue &v, QStringList &keys)
{
    if (v.isObject()) {
        const QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it) {
            keys << it.key();
            collectKeys(it.value(), keys);
        }
    } else if (v.isArray()) {
        for (const QJsonValue &x : v.toArray())
            collectKeys(x, keys);
    }
}

} // namespace

class TestRegressionGate : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // ---- McNemar ---------------------------------------------------------------------------

    void mcnemar_data()
    {
        QTest::addColumn<qint64>("b");
        QTest::addColumn<qint64>("c");
        QTest::addColumn<double>("p");
        QTest::addColumn<double>("chi2");
        QTest::addColumn<double>("chi2P");
        QTest::addColumn<double>("tolerance"); // relative, on p

        // By hand: n = 12, P(X <= 2) = (1 + 12 + 66) / 4096, doubled = 158/4096.
        QTest::newRow("b=10 c=2") << qint64(10) << qint64(2) << 158.0 / 4096 << 49.0 / 12
                                  << 0.04330814281079198 << 1e-12;
        QTest::newRow("symmetric: b=2 c=10")
            << qint64(2) << qint64(10) << 158.0 / 4096 << 49.0 / 12 << 0.04330814281079198 << 1e-12;
        QTest::newRow("b=c: p=1") << qint64(5) << qint64(5) << 1.0 << 0.0 << 1.0 << 1e-12;
        QTest::newRow("no discordant pairs: p=1") << qint64(0) << qint64(0) << 1.0 << 0.0 << 1.0 << 1e-12;
        QTest::newRow("b=0 c=5: 2/32")
            << qint64(0) << qint64(5) << 0.0625 << 3.2 << 0.07363827012030266 << 1e-12;
        QTest::newRow("b=1 c=9: 22/1024")
            << qint64(1) << qint64(9) << 22.0 / 1024 << 4.9 << 0.026856695507524425 << 1e-12;
        QTest::newRow("b=3 c=0") << qint64(3) << qint64(0) << 0.25 << 4.0 / 3 << 0.24821307898992362 << 1e-12;
        QTest::newRow("one pair") << qint64(0) << qint64(1) << 1.0 << 0.0 << 1.0 << 1e-12;
        QTest::newRow("b=7 c=8") << qint64(7) << qint64(8) << 1.0 << 0.0 << 1.0 << 1e-12;
        QTest::newRow("b=20 c=35") << qint64(20) << qint64(35) << 0.058064146792409066 << 196.0 / 55
                                   << 0.05905822909053674 << 1e-10;
        QTest::newRow("b=100 c=130") << qint64(100) << qint64(130) << 0.055613577781392386 << 841.0 / 230
                                     << 0.055850113675743406 << 1e-10;
        // Large n, against a 40-digit decimal sum of the binomial terms.
        QTest::newRow("n=20000") << qint64(9800) << qint64(10200) << 0.004780889455902643502
                                 << 399.0 * 399 / 20000 << std::erfc(std::sqrt(399.0 * 399 / 20000 / 2))
                                 << 1e-8;
        QTest::newRow("n=1e6") << qint64(499000) << qint64(501000) << 0.04560829986538208642
                               << 1999.0 * 1999 / 1e6 << std::erfc(std::sqrt(1999.0 * 1999 / 1e6 / 2))
                               << 1e-6;
        QTest::newRow("n=1e6, far tail")
            << qint64(498000) << qint64(502000) << 0.00006360933750082488526 << 3999.0 * 3999 / 1e6
            << std::erfc(std::sqrt(3999.0 * 3999 / 1e6 / 2)) << 1e-6;
        QTest::newRow("n=1e6, b=c") << qint64(500000) << qint64(500000) << 1.0 << 0.0 << 1.0 << 1e-12;
    }

    void mcnemar()
    {
        QFETCH(qint64, b);
        QFETCH(qint64, c);
        QFETCH(double, p);
        QFETCH(double, chi2);
        QFETCH(double, chi2P);
        QFETCH(double, tolerance);
        const McNemarResult r = mcnemarTest(b, c);
        QCOMPARE(r.b, b);
        QCOMPARE(r.c, c);
        QVERIFY2(std::fabs(r.pValue - p) <= tolerance * p, qPrintable(QString::number(r.pValue, 'g', 17)));
        QVERIFY2(std::fabs(r.chi2 - chi2) <= 1e-12 * std::max(1.0, chi2),
            qPrintable(QString::number(r.chi2, 'g', 17)));
        QVERIFY2(std::fabs(r.chi2PValue - chi2P) <= 1e-9 * std::max(1e-300, chi2P),
            qPrintable(QString::number(r.chi2PValue, 'g', 17)));
        QVERIFY(r.pValue >= 0 && r.pValue <= 1);
        const QJsonObject j = r.toJson();
        QCOMPARE(j.value(QStringLiteral("n")).toInteger(), b + c);
        QCOMPARE(j.value(QStringLiteral("p_value")).toDouble(), r.pValue);
    }

    void mcnemarExtremeTail()
    {
        // 2^-1e6 is far below the smallest double: the p-value underflows to 0, never to NaN.
        const McNemarResult r = mcnemarTest(1000000, 0);
        QCOMPARE(r.pValue, 0.0);
        QVERIFY(std::isfinite(r.chi2));
        QVERIFY_THROWS_EXCEPTION(lk::Error, mcnemarTest(-1, 3));
    }

    // ---- percentiles -----------------------------------------------------------------------

    void percentiles_data()
    {
        QTest::addColumn<QVector<double>>("values");
        QTest::addColumn<double>("q");
        QTest::addColumn<double>("expected");

        // numpy.percentile(values, q) with its default method "linear".
        QTest::newRow("1..4 p50") << QVector<double>{1, 2, 3, 4} << 50.0 << 2.5;
        QTest::newRow("1..4 p95") << QVector<double>{1, 2, 3, 4} << 95.0 << 3.85;
        QTest::newRow("1..4 p0") << QVector<double>{1, 2, 3, 4} << 0.0 << 1.0;
        QTest::newRow("1..4 p100") << QVector<double>{1, 2, 3, 4} << 100.0 << 4.0;
        QTest::newRow("single value") << QVector<double>{5} << 95.0 << 5.0;
        QTest::newRow("unsorted p50") << QVector<double>{40, 15, 50, 35, 20} << 50.0 << 35.0;
        QTest::newRow("unsorted p95") << QVector<double>{40, 15, 50, 35, 20} << 95.0 << 48.0;
        QVector<double> hundred;
        for (int i = 1; i <= 100; ++i)
            hundred << i;
        QTest::newRow("1..100 p50") << hundred << 50.0 << 50.5;
        QTest::newRow("1..100 p95") << hundred << 95.0 << 95.05;
        QTest::newRow("ties") << QVector<double>{10, 10, 10, 10} << 95.0 << 10.0;
    }

    void percentiles()
    {
        QFETCH(QVector<double>, values);
        QFETCH(double, q);
        QFETCH(double, expected);
        QCOMPARE(percentile(std::vector<double>(values.begin(), values.end()), q), expected);
    }

    void percentileErrors()
    {
        QVERIFY_THROWS_EXCEPTION(lk::Error, percentile({}, 50));
        QVERIFY_THROWS_EXCEPTION(lk::Error, percentile({1, 2}, 101));
        QVERIFY_THROWS_EXCEPTION(lk::Error, percentile({1, 2}, -1));
    }

    // ---- the decision table ----------------------------------------------------------------

    void decide_data()
    {
        QTest::addColumn<int>("both");
        QTest::addColumn<int>("b");
        QTest::addColumn<int>("c");
        QTest::addColumn<int>("neither");
        QTest::addColumn<int>("incEscalated");
        QTest::addColumn<int>("candEscalated");
        QTest::addColumn<double>("incP95"); // NaN: not timed
        QTest::addColumn<double>("candP95");
        QTest::addColumn<QJsonObject>("config"); // over the defaults
        QTest::addColumn<QString>("decision");
        QTest::addColumn<QStringList>("decisive"); // the gates behind the decision (fail / inconclusive)

        const double none = std::numeric_limits<double>::quiet_NaN();
        const QJsonObject defaults;
        const QStringList promoted; // on promote every gate passes or is off
        const auto row = [](const char *name) { return &QTest::newRow(name); };

        // 1000 inputs, 10 classes, 100 each.
        *row("significant improvement promotes") << 900 << 10 << 40 << 50 << 0 << 0 << 10.0 << 10.0
                                                 << defaults << QStringLiteral("promote") << promoted;
        *row("no difference: needs a human")
            << 900 << 20 << 20 << 60 << 0 << 0 << 10.0 << 10.0 << defaults << QStringLiteral("needs_human")
            << QStringList{QStringLiteral("significant_improvement")};
        *row("small gain, not significant: needs a human")
            << 900 << 10 << 15 << 75 << 0 << 0 << 10.0 << 10.0 << defaults << QStringLiteral("needs_human")
            << QStringList{QStringLiteral("significant_improvement")};
        *row("small gain, significance not required: promote")
            << 900 << 10 << 15 << 75 << 0 << 0 << 10.0 << 10.0 << json("{\"require_significance\": false}")
            << QStringLiteral("promote") << promoted;
        *row("small loss fails min_lift")
            << 900 << 15 << 10 << 75 << 0 << 0 << 10.0 << 10.0 << defaults << QStringLiteral("reject")
            << QStringList{QStringLiteral("min_lift")};
        *row("small loss within a negative min_lift: needs a human")
            << 900 << 15 << 10 << 75 << 0 << 0 << 10.0 << 10.0 << json("{\"min_lift\": -0.01}")
            << QStringLiteral("needs_human") << QStringList{QStringLiteral("significant_improvement")};
        *row("significantly worse fails even a permissive lift")
            << 900 << 40 << 10 << 50 << 0 << 0 << 10.0 << 10.0 << json("{\"min_lift\": -0.1}")
            << QStringLiteral("reject") << QStringList{QStringLiteral("not_worse")};
        *row("min_lift 0.02 not reached by +0.015")
            << 900 << 10 << 25 << 65 << 0 << 0 << 10.0 << 10.0 << json("{\"min_lift\": 0.02}")
            << QStringLiteral("reject") << QStringList{QStringLiteral("min_lift")};
        // Small sets: a human decides, unless a gate clearly fails.
        *row("200 inputs, significant: needs a human")
            << 150 << 2 << 30 << 18 << 0 << 0 << 10.0 << 10.0 << defaults << QStringLiteral("needs_human")
            << QStringList{QStringLiteral("eval_size"), QStringLiteral("max_class_drop")};
        *row("200 inputs, clearly worse: reject")
            << 150 << 30 << 2 << 18 << 0 << 0 << 10.0 << 10.0 << defaults << QStringLiteral("reject")
            << QStringList{QStringLiteral("min_lift"), QStringLiteral("not_worse")};
        // Escalation rate at the nodes' threshold: at most ×1.1, or +0.005.
        *row("escalation rate 0.12 vs 0.1: reject")
            << 900 << 10 << 40 << 50 << 100 << 120 << 10.0 << 10.0 << defaults << QStringLiteral("reject")
            << QStringList{QStringLiteral("escalation_rate")};
        *row("escalation rate 0.11 vs 0.1: within") << 900 << 10 << 40 << 50 << 100 << 110 << 10.0 << 10.0
                                                    << defaults << QStringLiteral("promote") << promoted;
        *row("tiny escalation rate: slack") << 900 << 10 << 40 << 50 << 2 << 7 << 10.0 << 10.0 << defaults
                                            << QStringLiteral("promote") << promoted;
        *row("escalation gate off") << 900 << 10 << 40 << 50 << 100 << 300 << 10.0 << 10.0
                                    << json("{\"max_escalation_rate_factor\": null}")
                                    << QStringLiteral("promote") << promoted;
        // Latency: p95 at most the incumbent's × 1.25.
        *row("p95 12.5 ms vs 10 ms: within") << 900 << 10 << 40 << 50 << 0 << 0 << 10.0 << 12.5 << defaults
                                             << QStringLiteral("promote") << promoted;
        *row("p95 13 ms vs 10 ms: reject")
            << 900 << 10 << 40 << 50 << 0 << 0 << 10.0 << 13.0 << defaults << QStringLiteral("reject")
            << QStringList{QStringLiteral("latency_p95_factor")};
        // Sub-millisecond p95s: the slack (0.5 ms) counts, not the factor.
        *row("p95 0.6 ms vs 0.2 ms: within the slack") << 900 << 10 << 40 << 50 << 0 << 0 << 0.2 << 0.6 << defaults
                                                       << QStringLiteral("promote") << promoted;
        *row("p95 0.8 ms vs 0.2 ms: over the slack")
            << 900 << 10 << 40 << 50 << 0 << 0 << 0.2 << 0.8 << defaults << QStringLiteral("reject")
            << QStringList{QStringLiteral("latency_p95_factor")};
        *row("no slack: the factor alone")
            << 900 << 10 << 40 << 50 << 0 << 0 << 0.2 << 0.3 << json("{\"latency_slack_ms\": 0}")
            << QStringLiteral("reject") << QStringList{QStringLiteral("latency_p95_factor")};
        *row("candidate not timed: needs a human")
            << 900 << 10 << 40 << 50 << 0 << 0 << 10.0 << none << defaults << QStringLiteral("needs_human")
            << QStringList{QStringLiteral("latency_p95_factor")};
        *row("latency gate off, nothing timed")
            << 900 << 10 << 40 << 50 << 0 << 0 << none << none << json("{\"max_latency_factor\": null}")
            << QStringLiteral("promote") << promoted;
        *row("absolute budget 5 ms: reject")
            << 900 << 10 << 40 << 50 << 0 << 0 << 10.0 << 10.0 << json("{\"max_latency_p95_ms\": 5}")
            << QStringLiteral("reject") << QStringList{QStringLiteral("latency_p95_ms")};
        *row("several failures, all named")
            << 900 << 40 << 10 << 50 << 100 << 200 << 10.0 << 20.0 << defaults << QStringLiteral("reject")
            << QStringList{QStringLiteral("min_lift"), QStringLiteral("escalation_rate"),
                   QStringLiteral("latency_p95_factor"), QStringLiteral("not_worse")};
    }

    void decide()
    {
        QFETCH(int, both);
        QFETCH(int, b);
        QFETCH(int, c);
        QFETCH(int, neither);
        QFETCH(int, incEscalated);
        QFETCH(int, candEscalated);
        QFETCH(double, incP95);
        QFETCH(double, candP95);
        QFETCH(QJsonObject, config);
        QFETCH(QString, decision);
        QFETCH(QStringList, decisive);

        GateInputs in = paired(both, b, c, neither, incEscalated, candEscalated);
        if (!std::isnan(incP95))
            in.incumbentLatencyMs = latencies(incP95);
        if (!std::isnan(candP95))
            in.candidateLatencyMs = latencies(candP95);
        const GateReport r = evaluateGate(in, gateConfigFromJson(config));
        const QString why = r.reasons.join(QStringLiteral(" | "));
        QVERIFY2(gateDecisionName(r.decision) == decision,
            qPrintable(gateDecisionName(r.decision) + QStringLiteral(": ") + why));
        const CheckResult shown =
            decision == QLatin1String("reject") ? CheckResult::Fail : CheckResult::Inconclusive;
        if (decision == QLatin1String("promote")) {
            QVERIFY2(gatesWith(r, CheckResult::Fail).isEmpty(), qPrintable(why));
            QVERIFY2(gatesWith(r, CheckResult::Inconclusive).isEmpty(), qPrintable(why));
            QCOMPARE(r.reasons.size(), gatesWith(r, CheckResult::Pass).size());
        } else {
            QCOMPARE(gatesWith(r, shown), decisive);
            QCOMPARE(r.reasons.size(), decisive.size());
        }

        // The numbers behind it.
        const qint64 n = both + b + c + neither;
        QCOMPARE(r.evalSize, n);
        QCOMPARE(r.incumbent.correct, qint64(both + b));
        QCOMPARE(r.candidate.correct, qint64(both + c));
        QCOMPARE(*r.lift, double(c - b) / double(n));
        QCOMPARE(r.mcnemar->b, qint64(b));
        QCOMPARE(r.mcnemar->c, qint64(c));
        QCOMPARE(r.incumbent.escalations, qint64(incEscalated));
        QCOMPARE(r.candidate.escalations, qint64(candEscalated));
        QCOMPARE(r.checks.size(), size_t(9));
    }

    void firstModel_data()
    {
        QTest::addColumn<int>("n");
        QTest::addColumn<int>("correct");
        QTest::addColumn<bool>("timed");
        QTest::addColumn<QJsonObject>("config");
        QTest::addColumn<QString>("decision");
        QTest::addColumn<QString>("decisive");

        QTest::newRow("0.85 promotes")
            << 1000 << 850 << true << QJsonObject() << QStringLiteral("promote") << QString();
        QTest::newRow("exactly 0.8 promotes")
            << 1000 << 800 << true << QJsonObject() << QStringLiteral("promote") << QString();
        QTest::newRow("0.79 rejects") << 1000 << 790 << true << QJsonObject() << QStringLiteral("reject")
                                      << QStringLiteral("min_accuracy");
        QTest::newRow("small set: a human") << 300 << 290 << true << QJsonObject()
                                            << QStringLiteral("needs_human") << QStringLiteral("eval_size");
        QTest::newRow("budget, not timed: a human")
            << 1000 << 900 << false << json("{\"max_latency_p95_ms\": 50}") << QStringLiteral("needs_human")
            << QStringLiteral("latency_p95_ms");
        QTest::newRow("over the absolute budget")
            << 1000 << 900 << true << json("{\"max_latency_p95_ms\": 5}") << QStringLiteral("reject")
            << QStringLiteral("latency_p95_ms");
        QTest::newRow("min_accuracy per task") << 1000 << 600 << true << json("{\"min_accuracy\": 0.5}")
                                               << QStringLiteral("promote") << QString();
    }

    void firstModel()
    {
        QFETCH(int, n);
        QFETCH(int, correct);
        QFETCH(bool, timed);
        QFETCH(QJsonObject, config);
        QFETCH(QString, decision);
        QFETCH(QString, decisive);
        GateInputs in = paired(correct, 0, 0, n - correct);
        in.incumbent.clear(); // no incumbent: the first model of the line
        if (timed)
            in.candidateLatencyMs = latencies(10.0);
        const GateReport r = evaluateGate(in, gateConfigFromJson(config));
        QCOMPARE(gateDecisionName(r.decision), decision);
        QVERIFY(!r.hasIncumbent);
        QVERIFY(!r.lift);
        QVERIFY(!r.mcnemar);
        if (!decisive.isEmpty())
            QCOMPARE(gatesWith(r,
                         r.decision == GateDecision::Reject ? CheckResult::Fail : CheckResult::Inconclusive),
                QStringList{decisive});
        // The relative gates say why they are off.
        QCOMPARE(gate(r, QStringLiteral("min_lift")).result, CheckResult::Off);
        QVERIFY(gate(r, QStringLiteral("min_lift")).reason.contains(QStringLiteral("first model")));
        const QJsonObject j = r.toJson();
        QVERIFY(j.value(QStringLiteral("incumbent_metrics")).isNull());
        QVERIFY(j.value(QStringLiteral("mcnemar")).isNull());
        QVERIFY(j.value(QStringLiteral("lift")).isNull());
    }

    // ---- per-class floor -------------------------------------------------------------------

    void classFloor_data()
    {
        QTest::addColumn<int>("lostInClass3"); // of 100 class-3 inputs the incumbent all got right
        QTest::addColumn<int>("smallClassLost"); // of 10 class-9 inputs
        QTest::addColumn<QString>("decision");
        QTest::addColumn<double>("worstDrop");

        QTest::newRow("5 of 100 lost: exactly the floor") << 5 << 0 << QStringLiteral("promote") << 0.05;
        QTest::newRow("6 of 100 lost: below the floor") << 6 << 0 << QStringLiteral("reject") << 0.06;
        QTest::newRow("small class not gated") << 0 << 5 << QStringLiteral("promote") << 0.0;
    }

    void classFloor()
    {
        QFETCH(int, lostInClass3);
        QFETCH(int, smallClassLost);
        QFETCH(QString, decision);
        QFETCH(double, worstDrop);

        // Classes 0–8 with 100 inputs each, class 9 with only 10. The incumbent gets class 3 and
        // class 9 right throughout and misses 10 inputs in each other class; the candidate fixes
        // those (a clearly significant gain) but loses some of class 3 and class 9.
        GateInputs in;
        in.classes = 10;
        const auto add = [&in](int label, bool incRight, bool candRight) {
            const int wrong = (label + 1) % 10;
            in.labels.push_back(label);
            in.incumbent.push_back({incRight ? label : wrong, 0.9});
            in.candidate.push_back({candRight ? label : wrong, 0.9});
        };
        for (int k = 0; k < 9; ++k) {
            for (int i = 0; i < 100; ++i) {
                if (k == 3)
                    add(k, true, i >= lostInClass3);
                else
                    add(k, i >= 10, true);
            }
        }
        for (int i = 0; i < 10; ++i)
            add(9, true, i >= smallClassLost);
        in.incumbentLatencyMs = latencies(10);
        in.candidateLatencyMs = latencies(10);

        GateConfig config;
        config.minEvalSize = 900; // 910 inputs here
        const GateReport r = evaluateGate(in, config);
        QCOMPARE(gateDecisionName(r.decision), decision);
        const GateCheck &g = gate(r, QStringLiteral("max_class_drop"));
        QCOMPARE(*g.value, worstDrop);
        QCOMPARE(r.classSupport[3], qint64(100));
        QCOMPARE(r.classSupport[9], qint64(10));
        QCOMPARE(r.incumbent.classAccuracy[3], 1.0);
        QCOMPARE(r.candidate.classAccuracy[3], (100.0 - lostInClass3) / 100.0);
        QCOMPARE(r.candidate.classAccuracy[9], (10.0 - smallClassLost) / 10.0);
        QVERIFY2(g.reason.contains(QStringLiteral("not gated (fewer than 30 inputs): class 9")),
            qPrintable(g.reason));
        if (decision == QLatin1String("reject"))
            QVERIFY2(g.reason.contains(QStringLiteral("class 3: 1 → 0.94 (−0.06, 100 inputs)")),
                qPrintable(g.reason));
    }

    // ---- subsets, report, errors -----------------------------------------------------------

    void subsetsAndReport()
    {
        // 800 test inputs the models answer alike, 200 escalations the candidate learned.
        GateInputs in = paired(700, 0, 0, 100);
        for (int i = 0; i < 200; ++i) {
            const int label = i % 10;
            in.labels.push_back(label);
            in.incumbent.push_back({i < 150 ? (label + 1) % 10 : label, 0.5});
            in.candidate.push_back({i < 20 ? (label + 1) % 10 : label, 0.95});
        }
        in.subsets.assign(800, 0);
        in.subsets.resize(1000, 1);
        in.subsetNames = {QStringLiteral("test"), QStringLiteral("escalations")};
        in.incumbentLatencyMs = {8, 9, 10, 11, 12};
        in.candidateLatencyMs = {9, 9, 10, 10, 30};

        const GateReport r = evaluateGate(in);
        QCOMPARE(r.subsets.size(), size_t(2));
        QCOMPARE(r.subsets[0].name, QStringLiteral("test"));
        QCOMPARE(r.subsets[0].size, qint64(800));
        QCOMPARE(*r.subsets[0].incumbentAccuracy, 0.875);
        QCOMPARE(r.subsets[0].candidateAccuracy, 0.875);
        QCOMPARE(r.subsets[1].name, QStringLiteral("escalations"));
        QCOMPARE(r.subsets[1].size, qint64(200));
        QCOMPARE(*r.subsets[1].incumbentAccuracy, 0.25);
        QCOMPARE(r.subsets[1].candidateAccuracy, 0.9);
        QCOMPARE(r.incumbent.escalationRate, 0.2);
        QCOMPARE(r.candidate.escalationRate, 0.0);
        QCOMPARE(*r.incumbent.latencyP50Ms, 10.0);
        QCOMPARE(*r.incumbent.latencyP95Ms, 11.8);
        QCOMPARE(*r.candidate.latencyP95Ms, 26.0);
        // p95 26 ms > 11.8 × 1.25 = 14.75 ms: the faster-learning candidate is still too slow.
        QCOMPARE(r.decision, GateDecision::Reject);
        QCOMPARE(gatesWith(r, CheckResult::Fail), QStringList{QStringLiteral("latency_p95_factor")});

        const QJsonObject j = r.toJson();
        QCOMPARE(j.value(QStringLiteral("decision")).toString(), QStringLiteral("reject"));
        QCOMPARE(j.value(QStringLiteral("eval_size")).toInteger(), 1000);
        const QJsonObject inc = j.value(QStringLiteral("incumbent_metrics")).toObject();
        const QJsonObject cand = j.value(QStringLiteral("candidate_metrics")).toObject();
        QCOMPARE(inc.value(QStringLiteral("accuracy")).toDouble(), 0.75);
        QCOMPARE(cand.value(QStringLiteral("accuracy")).toDouble(), 0.88);
        QCOMPARE(j.value(QStringLiteral("lift")).toDouble(), 0.13);
        QCOMPARE(inc.value(QStringLiteral("per_class_accuracy")).toArray().size(), 10);
        QCOMPARE(cand.value(QStringLiteral("per_class_correct")).toArray().size(), 10);
        QCOMPARE(inc.value(QStringLiteral("escalation_rate")).toDouble(), 0.2);
        QCOMPARE(cand.value(QStringLiteral("latency_p50_ms")).toDouble(), 10.0);
        QCOMPARE(cand.value(QStringLiteral("latency_p95_ms")).toDouble(), 26.0);
        const QJsonObject m = j.value(QStringLiteral("mcnemar")).toObject();
        QCOMPARE(m.value(QStringLiteral("b")).toInteger(), 0);
        QCOMPARE(m.value(QStringLiteral("c")).toInteger(), 130);
        QVERIFY(m.value(QStringLiteral("p_value")).toDouble() < 1e-30);
        QCOMPARE(m.value(QStringLiteral("chi2")).toDouble(), 129.0 * 129 / 130);
        QCOMPARE(j.value(QStringLiteral("subsets"))
                     .toArray()
                     .at(1)
                     .toObject()
                     .value(QStringLiteral("lift"))
                     .toDouble(),
            0.65);
        QCOMPARE(j.value(QStringLiteral("gates")).toArray().size(), 9);
        QCOMPARE(j.value(QStringLiteral("config"))
                     .toObject()
                     .value(QStringLiteral("confidence_threshold"))
                     .toDouble(),
            0.7);
        QStringList keys;
        collectKeys(j, keys);
        const QRegularExpression snake(QStringLiteral("^[a-z][a-z0-9]*(_[a-z0-9]+)*$"));
        for (const QString &k : keys)
            QVERIFY2(snake.match(k).hasMatch(), qPrintable(k));
        // Stored and read back, the report is the same document.
        QCOMPARE(QJsonDocument::fromJson(QJsonDocument(j).toJson()).object(), j);
    }

    void confidenceAtThresholdIsKept()
    {
        GateInputs in = paired(1000, 0, 0, 0);
        for (size_t i = 0; i < 300; ++i)
            in.candidate[i].confidence = 0.7;
        for (size_t i = 300; i < 400; ++i)
            in.candidate[i].confidence = 0.6999;
        const GateReport r = evaluateGate(in);
        QCOMPARE(r.candidate.escalations, qint64(100));
        QCOMPARE(r.candidate.escalationRate, 0.1);
    }

    void badInputs_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("message");
        QTest::newRow("empty set") << 0 << QStringLiteral("evaluation set is empty");
        QTest::newRow("candidate short")
            << 1 << QStringLiteral("the candidate's answers has 9 entries for 10");
        QTest::newRow("incumbent short")
            << 2 << QStringLiteral("the incumbent's answers has 9 entries for 10");
        QTest::newRow("label out of range") << 3 << QStringLiteral("input 4 has label 10, outside 0–9");
        QTest::newRow("prediction out of range")
            << 4 << QStringLiteral("candidate predicted class -1 for input 2");
        QTest::newRow("confidence above 1")
            << 5 << QStringLiteral("incumbent's confidence for input 1 is 1.5");
        QTest::newRow("confidence NaN") << 6 << QStringLiteral("candidate's confidence for input 0 is nan");
        QTest::newRow("negative latency") << 7 << QStringLiteral("candidate's latency #1 is -3 ms");
        QTest::newRow("one class") << 8 << QStringLiteral("at least 2 classes");
        QTest::newRow("subset list short") << 9 << QStringLiteral("the subset list has 3 entries for 10");
        QTest::newRow("negative tag") << 10 << QStringLiteral("subset tag -1");
    }

    void badInputs()
    {
        QFETCH(int, kind);
        QFETCH(QString, message);
        GateInputs in = paired(10, 0, 0, 0);
        switch (kind) {
        case 0:
            in = GateInputs{};
            break;
        case 1:
            in.candidate.pop_back();
            break;
        case 2:
            in.incumbent.pop_back();
            break;
        case 3:
            in.labels[4] = 10;
            break;
        case 4:
            in.candidate[2].label = -1;
            break;
        case 5:
            in.incumbent[1].confidence = 1.5;
            break;
        case 6:
            in.candidate[0].confidence = std::numeric_limits<double>::quiet_NaN();
            break;
        case 7:
            in.candidateLatencyMs = {1, -3};
            break;
        case 8:
            in.classes = 1;
            break;
        case 9:
            in.subsets = {0, 0, 1};
            break;
        case 10:
            in.subsets.assign(10, 0);
            in.subsets[7] = -1;
            break;
        }
        try {
            evaluateGate(in);
            QFAIL("no error");
        } catch (const lk::Error &e) {
            QCOMPARE(e.kind(), lk::ErrorKind::Input);
            QVERIFY2(e.message().contains(message), qPrintable(e.message()));
        }
    }

    // ---- config ----------------------------------------------------------------------------

    void configRoundTrip()
    {
        const GateConfig defaults;
        const QJsonObject j = defaults.toJson();
        QCOMPARE(j.value(QStringLiteral("min_lift")).toDouble(), 0.0);
        QCOMPARE(j.value(QStringLiteral("max_class_drop")).toDouble(), 0.05);
        QCOMPARE(j.value(QStringLiteral("max_latency_factor")).toDouble(), 1.25);
        QVERIFY(j.value(QStringLiteral("max_latency_p95_ms")).isNull());
        QCOMPARE(j.value(QStringLiteral("confidence_threshold")).toDouble(), 0.7);
        QCOMPARE(j.value(QStringLiteral("alpha")).toDouble(), 0.05);
        QCOMPARE(j.value(QStringLiteral("min_eval_size")).toInteger(), 1000);
        QCOMPARE(j.value(QStringLiteral("require_significance")).toBool(), true);
        QCOMPARE(gateConfigFromJson(j).toJson(), j);
        const QJsonObject k =
            json("{\"max_latency_factor\": null, \"max_latency_p95_ms\": 20, \"alpha\": 0.01}");
        const GateConfig c = gateConfigFromJson(k);
        QVERIFY(!c.maxLatencyFactor);
        QCOMPARE(*c.maxLatencyP95Ms, 20.0);
        QCOMPARE(c.alpha, 0.01);
    }

    void badConfig_data()
    {
        QTest::addColumn<QJsonObject>("config");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown key") << json("{\"min_lfit\": 0}")
                                     << QStringLiteral("unknown key \"min_lfit\"");
        QTest::newRow("alpha 0") << json("{\"alpha\": 0}")
                                 << QStringLiteral("alpha must lie strictly between 0 and 1");
        QTest::newRow("lift in percent")
            << json("{\"min_lift\": 2}") << QStringLiteral("min_lift must lie in [-1, 1]");
        QTest::newRow("factor below 1") << json("{\"max_latency_factor\": 0.8}")
                                        << QStringLiteral("max_latency_factor must be 1 or more");
        QTest::newRow("text") << json("{\"confidence_threshold\": \"0.7\"}")
                              << QStringLiteral("confidence_threshold must be a number");
        QTest::newRow("fractional size")
            << json("{\"min_eval_size\": 10.5}") << QStringLiteral("min_eval_size must be a whole number");
        QTest::newRow("zero budget") << json("{\"max_latency_p95_ms\": 0}")
                                     << QStringLiteral("max_latency_p95_ms must be more than 0");
    }

    void badConfig()
    {
        QFETCH(QJsonObject, config);
        QFETCH(QString, message);
        try {
            gateConfigFromJson(config);
            QFAIL("no error");
        } catch (const lk::Error &e) {
            QCOMPARE(e.kind(), lk::ErrorKind::Input);
            QVERIFY2(e.message().contains(message), qPrintable(e.message()));
        }
    }

    void invalidConfigInCodeIsUsage()
    {
        GateConfig c;
        c.alpha = 1.5;
        try {
            evaluateGate(paired(10, 0, 0, 0), c);
            QFAIL("no error");
        } catch (const lk::Error &e) {
            QCOMPARE(e.kind(), lk::ErrorKind::Usage);
        }
    }
};

QTEST_GUILESS_MAIN(TestRegressionGate)
#include "tst_regression_gate.moc"
