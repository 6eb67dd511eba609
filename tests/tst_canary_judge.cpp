// The rollout plan and the canary judge, pure: verdicts per metric, score and result for
// windows built with known differences; plan parsing and the order nodes get a candidate.
#include "core/common/Error.h"
#include "core/rollout/CanaryJudge.h"
#include "core/rollout/RolloutPlan.h"

#include <QJsonArray>
#include <QTest>

#include <random>

using namespace lk::rollout;

namespace {

/// A group with `predictions` predictions of which `rate` escalate, latencies around `latency` ms.
GroupWindow group(qint64 predictions, double rate, double latency, qint64 errors = 0, qint64 labelled = 0,
    double agreement = 0, unsigned seed = 1)
{
    GroupWindow g;
    g.nodes = 1;
    g.predictions = predictions;
    g.escalations = qint64(double(predictions) * rate);
    g.errors = errors;
    g.labelled = labelled;
    g.agreed = qint64(double(labelled) * agreement);
    std::mt19937 random(seed);
    std::normal_distribution<double> jitter(latency, latency * 0.1);
    for (qint64 i = 0; i < predictions; ++i)
        g.latenciesMs.push_back(std::max(0.01, jitter(random)));
    return g;
}

const MetricVerdict &verdict(const Judgement &j, const QString &metric)
{
    for (const MetricVerdict &m : j.metrics) {
        if (m.metric == metric)
            return m;
    }
    qFatal("no verdict for %s", qPrintable(metric));
}

} // namespace

class TestCanaryJudge : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void sameBehaviourPasses()
    {
        const Judgement j = judge(RolloutPlan(), group(2000, 0.12, 0.8, 0, 200, 0.6, 1), group(18000, 0.12, 0.8, 0, 1800, 0.6, 2));
        QCOMPARE(j.result, QStringLiteral("passed"));
        QCOMPARE(j.score, 100.0);
        QCOMPARE(verdict(j, QStringLiteral("escalation_rate")).status, QStringLiteral("pass"));
    }

    void fewerEscalationsIsLowAndPasses()
    {
        const Judgement j = judge(RolloutPlan(), group(2000, 0.05, 0.8), group(18000, 0.12, 0.8, 0, 0, 0, 3));
        const MetricVerdict &m = verdict(j, QStringLiteral("escalation_rate"));
        QCOMPARE(m.status, QStringLiteral("low"));
        QVERIFY(m.passed);
        QVERIFY(m.pValue < 0.05);
        QCOMPARE(j.result, QStringLiteral("passed"));
    }

    void manyMoreEscalationsFailsAndSaysWhy()
    {
        const Judgement j = judge(RolloutPlan(), group(2000, 0.9, 0.8), group(18000, 0.12, 0.8, 0, 0, 0, 4));
        const MetricVerdict &m = verdict(j, QStringLiteral("escalation_rate"));
        QCOMPARE(m.status, QStringLiteral("high"));
        QVERIFY(!m.passed);
        QVERIFY(m.explanation.contains(QStringLiteral("90.0 %")));
        // accuracy has no data (no labels): 2 of the 3 metrics with data pass.
        QCOMPARE(verdict(j, QStringLiteral("accuracy")).status, QStringLiteral("no_data"));
        QCOMPARE(j.score, 100.0 * 2 / 3);
        QCOMPARE(j.result, QStringLiteral("failed"));
    }

    void aSmallSignificantChangeWithinTheAllowanceStillPasses()
    {
        // 12.0 % vs 12.8 %: within 10 % of the primary's rate.
        const Judgement j = judge(RolloutPlan(), group(200000, 0.128, 0.8), group(200000, 0.12, 0.8, 0, 0, 0, 5));
        const MetricVerdict &m = verdict(j, QStringLiteral("escalation_rate"));
        QVERIFY(m.pValue < 0.05);
        QCOMPARE(m.status, QStringLiteral("pass"));
    }

    void aCriticalFailureFailsOutright()
    {
        const Judgement j = judge(RolloutPlan(), group(2000, 0.12, 0.8, 200), group(18000, 0.12, 0.8, 0, 0, 0, 6));
        QCOMPARE(verdict(j, QStringLiteral("error_rate")).status, QStringLiteral("high"));
        QCOMPARE(j.score, 0.0);
        QCOMPARE(j.result, QStringLiteral("failed"));
    }

    void slowerLatencyIsJudgedByRanks()
    {
        const Judgement j = judge(RolloutPlan(), group(2000, 0.12, 4.0), group(18000, 0.12, 0.8, 0, 0, 0, 7));
        const MetricVerdict &m = verdict(j, QStringLiteral("latency_p95"));
        QCOMPARE(m.status, QStringLiteral("high"));
        QVERIFY(m.canary > m.primary * 3);
        // 2 of 3 pass: 67 is below the marginal 75.
        QCOMPARE(j.result, QStringLiteral("failed"));
        RolloutPlan lenient;
        lenient.marginalScore = 60;
        QCOMPARE(judge(lenient, group(2000, 0.12, 4.0), group(18000, 0.12, 0.8, 0, 0, 0, 7)).result,
            QStringLiteral("marginal"));
    }

    void accuracyDropOnCorrectedEscalations()
    {
        const Judgement j = judge(RolloutPlan(), group(2000, 0.12, 0.8, 0, 400, 0.3), group(18000, 0.12, 0.8, 0, 3000, 0.6, 8));
        QCOMPARE(verdict(j, QStringLiteral("accuracy")).status, QStringLiteral("low"));
        QVERIFY(!verdict(j, QStringLiteral("accuracy")).passed);
    }

    void tooLittleTrafficHasNoData()
    {
        const Judgement j = judge(RolloutPlan(), group(10, 0.5, 0.8), group(20, 0.1, 0.8));
        QCOMPARE(j.result, QStringLiteral("no_data"));
        for (const MetricVerdict &m : j.metrics)
            QCOMPARE(m.status, QStringLiteral("no_data"));
    }

    void planDefaultsFollowTheSeed()
    {
        const RolloutPlan p;
        QCOMPARE(p.steps, (std::vector<int>{10, 100}));
        QCOMPARE(p.windowSeconds, 3600);
        QCOMPARE(p.targetCount(0, 47), 5);
        QCOMPARE(p.targetCount(0, 10), 1);
        QCOMPARE(p.targetCount(0, 3), 1);
        QCOMPARE(p.targetCount(1, 47), 47);
        QCOMPARE(p.backoffBefore(2), 2000);
        QCOMPARE(p.backoffBefore(4), 8000);
        QCOMPARE(p.backoffBefore(20), 60000);
    }

    void planReadsAndRefuses()
    {
        const RolloutPlan p = RolloutPlan::fromJson({{QStringLiteral("steps"), QJsonArray{5, 50, 100}},
            {QStringLiteral("window_seconds"), 30},
            {QStringLiteral("metrics"),
                QJsonObject{{QStringLiteral("latency_p95"), QJsonObject{{QStringLiteral("enabled"), false}}}}}});
        QCOMPARE(p.steps.size(), std::size_t(3));
        QCOMPARE(p.windowSeconds, 30);
        // Stored plans read back the same.
        QCOMPARE(RolloutPlan::fromJson(p.toJson()).toJson(), p.toJson());
        const QList<QJsonObject> bad{{{QStringLiteral("steps"), QJsonArray{50, 10, 100}}},
            {{QStringLiteral("steps"), QJsonArray{10, 50}}}, {{QStringLiteral("window_seconds"), 0}},
            {{QStringLiteral("pass_score"), 50}, {QStringLiteral("marginal_score"), 80}},
            {{QStringLiteral("windw_seconds"), 10}},
            {{QStringLiteral("metrics"), QJsonObject{{QStringLiteral("latency"), QJsonObject()}}}}};
        for (const QJsonObject &o : bad) {
            try {
                RolloutPlan::fromJson(o);
                QFAIL("accepted a bad plan");
            } catch (const lk::Error &e) {
                QCOMPARE(e.kind(), lk::ErrorKind::Input);
                QVERIFY(e.message().startsWith(QStringLiteral("rollout plan: ")));
            }
        }
    }

    void canariesAreSpreadAcrossTiers()
    {
        std::vector<lk::fleet::FleetNode> nodes;
        for (int i = 0; i < 9; ++i) {
            lk::fleet::FleetNode n;
            n.name = QStringLiteral("n%1").arg(i);
            n.tier = i < 6 ? QStringLiteral("tier_1") : QStringLiteral("tier_3");
            nodes.push_back(n);
        }
        const std::vector<lk::fleet::FleetNode> order = rolloutOrder(nodes);
        QCOMPARE(order.size(), nodes.size());
        QCOMPARE(order[0].tier, QStringLiteral("tier_1"));
        QCOMPARE(order[1].tier, QStringLiteral("tier_3"));
        QCOMPARE(order[0].name, QStringLiteral("n0"));
        QCOMPARE(order[1].name, QStringLiteral("n6"));
    }

    void percentileInterpolates()
    {
        QCOMPARE(percentile({}, 95), 0.0);
        QCOMPARE(percentile({1, 2, 3, 4, 5}, 50), 3.0);
        QCOMPARE(percentile({1, 2}, 95), 1.95);
    }
};

QTEST_GUILESS_MAIN(TestCanaryJudge)
#include "tst_canary_judge.moc"
