// The agent-selection model: posteriors against direct counts, backoff levels, seeded
// reproducibility, Thompson sampling finding the best of simulated Bernoulli agents, forgetting
// with a discount, credible intervals against closed forms, moving averages against direct
// computation, the learning metrics and alert thresholds at their boundaries, and state round trips.
#include "core/bandit/AgentPerformanceModel.h"
#include "core/common/Error.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QtTest>

#include <cmath>
#include <random>

using namespace lk::bandit;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

OutcomeEvent ev(const QString &agent, const QString &task, bool success, const QJsonObject &context = {},
    double latency = kNaN, double quality = kNaN)
{
    static int next = 0;
    OutcomeEvent e;
    e.eventId = QString::number(++next);
    e.agentName = agent;
    e.taskType = task;
    e.success = success;
    e.context = context;
    e.latencyMs = latency;
    e.qualityScore = quality;
    e.timestamp = QDateTime(QDate(2025, 1, 1), QTime(0, 0), Qt::UTC);
    return e;
}

QJsonObject complexity(const char *value)
{
    return {{QStringLiteral("complexity"), QString::fromLatin1(value)}};
}

/// "A:t:high:1" = agent A, task t, complexity high ("-" for no context), success.
std::vector<OutcomeEvent> events(const QString &text)
{
    std::vector<OutcomeEvent> out;
    for (const QString &token : text.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        const QStringList f = token.split(QLatin1Char(':'));
        const QJsonObject context =
            f[2] == QLatin1String("-") ? QJsonObject() : QJsonObject{{QStringLiteral("complexity"), f[2]}};
        out.push_back(ev(f[0], f[1], f[3] == QLatin1String("1"), context));
    }
    return out;
}

const AgentPerformance *find(const std::vector<AgentPerformance> &list, const QString &agent)
{
    for (const AgentPerformance &p : list)
        if (p.agentName == agent)
            return &p;
    return nullptr;
}

/// Bernoulli agents; runs the bandit loop (recommend top 1, observe its outcome, learn).
struct Simulation
{
    std::vector<double> p;
    std::mt19937_64 world;
    AgentPerformanceModel model;

    Simulation(std::vector<double> rates, quint64 seed, ModelConfig config = {})
        : p(std::move(rates))
        , world(seed)
        , model([&] {
            config.seed = seed;
            return config;
        }())
    {
        // The model only recommends agents it has seen: one outcome each to start.
        for (size_t i = 0; i < p.size(); ++i)
            model.update(ev(name(i), QStringLiteral("t"), draw(i)));
    }
    static QString name(size_t i) { return QStringLiteral("agent%1").arg(i); }
    bool draw(size_t i) { return std::uniform_real_distribution<double>(0, 1)(world) < p[i]; }
    /// One step; returns the index of the chosen agent.
    size_t step()
    {
        const QString chosen = model.predictBestAgent(QStringLiteral("t"), {}, 1).at(0).agentName;
        const size_t i = size_t(chosen.mid(5).toInt());
        model.update(ev(chosen, QStringLiteral("t"), draw(i)));
        return i;
    }
};

} // namespace

class TestBandit : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void posteriorCountsEqualEvents_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("one success") << QStringLiteral("A:t:high:1");
        QTest::newRow("one failure, no context") << QStringLiteral("A:t:-:0");
        QTest::newRow("mixed") << QStringLiteral(
            "A:t:high:1 A:t:high:0 A:t:low:1 A:u:high:1 B:t:high:0 B:t:-:0 B:u:-:1 A:t:high:1 C:v:low:0");
        QString many;
        std::mt19937_64 rng(3);
        const char *agents[] = {"A", "B", "C"}, *tasks[] = {"t", "u"}, *contexts[] = {"high", "low", "-"};
        for (int i = 0; i < 500; ++i)
            many += QStringLiteral("%1:%2:%3:%4 ")
                        .arg(QLatin1String(agents[rng() % 3]), QLatin1String(tasks[rng() % 2]),
                            QLatin1String(contexts[rng() % 3]))
                        .arg(rng() % 3 == 0 ? 0 : 1);
        QTest::newRow("500 random") << many;
    }

    void posteriorCountsEqualEvents()
    {
        QFETCH(QString, text);
        AgentPerformanceModel model;
        const std::vector<OutcomeEvent> list = events(text);
        for (const OutcomeEvent &e : list)
            model.update(e);

        // Counted directly: key -> (successes, failures).
        std::map<QString, std::pair<int, int>> agent, task, context;
        for (const OutcomeEvent &e : list) {
            auto add = [&e](std::pair<int, int> &c) { (e.success ? c.first : c.second) += 1; };
            add(agent[e.agentName]);
            add(task[e.taskType + QLatin1Char('/') + e.agentName]);
            if (!e.context.isEmpty())
                add(context[e.taskType + QLatin1Char('/')
                    + e.context.value(QStringLiteral("complexity")).toString() + QLatin1Char('/')
                    + e.agentName]);
        }
        auto check = [](const AgentPerformance *p, std::pair<int, int> c) {
            QVERIFY(p);
            QCOMPARE(p->successes, double(c.first));
            QCOMPARE(p->failures, double(c.second));
            QCOMPARE(p->totalExecutions, qint64(c.first + c.second));
            QCOMPARE(p->successRate, (c.first + 1.0) / (c.first + c.second + 2.0));
        };
        QCOMPARE(model.agentPerformance().size(), agent.size());
        for (const auto &[name, c] : agent)
            check(find(model.agentPerformance(), name), c);
        size_t taskArms = 0;
        for (const QString &t : model.taskTypes())
            taskArms += model.taskPerformance(t).size();
        QCOMPARE(taskArms, task.size());
        for (const auto &[key, c] : task)
            check(find(model.taskPerformance(key.section(QLatin1Char('/'), 0, 0)),
                      key.section(QLatin1Char('/'), 1)),
                c);
        for (const auto &[key, c] : context) {
            const QJsonObject ctx{{QStringLiteral("complexity"), key.section(QLatin1Char('/'), 1, 1)}};
            check(find(model.contextPerformance(key.section(QLatin1Char('/'), 0, 0), ctx),
                      key.section(QLatin1Char('/'), 2)),
                c);
        }
        QCOMPARE(model.metrics().samplesProcessed, qint64(list.size()));
    }

    void contextBucket_data()
    {
        QTest::addColumn<QByteArray>("context");
        QTest::addColumn<QString>("bucket");
        QTest::newRow("both") << QByteArray(R"({"complexity": "high", "domain": "financial"})")
                              << QStringLiteral("complexity=high|domain=financial");
        QTest::newRow("order is the config's")
            << QByteArray(R"({"domain": "financial", "complexity": "high"})")
            << QStringLiteral("complexity=high|domain=financial");
        QTest::newRow("one missing") << QByteArray(R"({"domain": "legal"})")
                                     << QStringLiteral("complexity=|domain=legal");
        QTest::newRow("other keys only: no bucket") << QByteArray(R"({"user": "x"})") << QString();
        QTest::newRow("empty: no bucket") << QByteArray("{}") << QString();
        QTest::newRow("numbers and bools") << QByteArray(R"({"complexity": 3, "domain": true})")
                                           << QStringLiteral("complexity=3|domain=true");
    }

    void contextBucket()
    {
        QFETCH(QByteArray, context);
        QFETCH(QString, bucket);
        QCOMPARE(AgentPerformanceModel().contextBucket(QJsonDocument::fromJson(context).object()), bucket);
    }

    void backoff_data()
    {
        QTest::addColumn<int>("contextSuccesses"); // task t, complexity high
        QTest::addColumn<int>("otherContextFailures"); // task t, complexity low
        QTest::addColumn<int>("otherTaskSuccesses"); // task u, no context
        QTest::addColumn<QString>("queryTask");
        QTest::addColumn<QString>("queryComplexity"); // empty: no context
        QTest::addColumn<int>("minObservations");
        QTest::addColumn<QString>("level");
        QTest::addColumn<double>("mean");
        QTest::newRow("context has enough") << 5 << 0 << 0 << "t"
                                            << "high" << 5 << "context" << 6.0 / 7;
        QTest::newRow("context and task too few: agent") << 4 << 0 << 0 << "t"
                                                         << "high" << 5 << "agent" << 5.0 / 6;
        QTest::newRow("context too few: task type") << 4 << 3 << 0 << "t"
                                                    << "high" << 5 << "task_type" << 5.0 / 9;
        QTest::newRow("no context given: task type") << 5 << 3 << 0 << "t"
                                                     << "" << 5 << "task_type" << 6.0 / 10;
        QTest::newRow("unseen bucket: task type") << 0 << 3 << 0 << "t"
                                                  << "medium" << 0 << "task_type" << 1.0 / 5;
        QTest::newRow("unseen task type: agent") << 0 << 0 << 10 << "v"
                                                 << "high" << 5 << "agent" << 11.0 / 12;
        QTest::newRow("min 1, one event") << 1 << 0 << 0 << "t"
                                          << "high" << 1 << "context" << 2.0 / 3;
        QTest::newRow("agent level used below the minimum") << 1 << 1 << 0 << "t"
                                                            << "high" << 5 << "agent" << 2.0 / 4;
    }

    void backoff()
    {
        QFETCH(int, contextSuccesses);
        QFETCH(int, otherContextFailures);
        QFETCH(int, otherTaskSuccesses);
        QFETCH(QString, queryTask);
        QFETCH(QString, queryComplexity);
        QFETCH(int, minObservations);
        QFETCH(QString, level);
        QFETCH(double, mean);
        ModelConfig config;
        config.minContextObservations = minObservations;
        AgentPerformanceModel model(config);
        const QString a = QStringLiteral("A"), t = QStringLiteral("t"), u = QStringLiteral("u");
        for (int i = 0; i < contextSuccesses; ++i)
            model.update(ev(a, t, true, complexity("high")));
        for (int i = 0; i < otherContextFailures; ++i)
            model.update(ev(a, t, false, complexity("low")));
        for (int i = 0; i < otherTaskSuccesses; ++i)
            model.update(ev(a, u, true));
        const QJsonObject context = queryComplexity.isEmpty()
            ? QJsonObject()
            : QJsonObject{{QStringLiteral("complexity"), queryComplexity}};
        const std::vector<Recommendation> r = model.predictBestAgent(queryTask, context, 3);
        QCOMPARE(r.size(), size_t(1));
        QCOMPARE(r[0].agentName, a);
        QCOMPARE(r[0].level, level);
        QCOMPARE(r[0].posteriorMean, mean);
        QCOMPARE(r[0].rank, 1);
        QVERIFY(r[0].score > 0 && r[0].score < 1);
    }

    void candidatesAndRanks()
    {
        AgentPerformanceModel model;
        QVERIFY(model.predictBestAgent(QStringLiteral("t"), {}, 3).empty());
        for (const char *agent : {"A", "B", "C"})
            model.update(ev(QString::fromLatin1(agent), QStringLiteral("t"), true));
        model.update(ev(QStringLiteral("D"), QStringLiteral("u"), true));

        // Only the agents seen for the task type compete, all of them if topK is larger.
        const std::vector<Recommendation> r = model.predictBestAgent(QStringLiteral("t"), {}, 10);
        QCOMPARE(r.size(), size_t(3));
        for (size_t i = 0; i < r.size(); ++i) {
            QCOMPARE(r[i].rank, int(i) + 1);
            QVERIFY(r[i].agentName != QLatin1String("D"));
            if (i > 0)
                QVERIFY(r[i - 1].score >= r[i].score);
        }
        QCOMPARE(model.predictBestAgent(QStringLiteral("t"), {}, 2).size(), size_t(2));
        // An unknown task type: every agent competes.
        QCOMPARE(model.predictBestAgent(QStringLiteral("new"), {}, 10).size(), size_t(4));
        QVERIFY_THROWS_EXCEPTION(lk::Error, model.predictBestAgent(QStringLiteral("t"), {}, 0));
        QCOMPARE(model.predictBestAgent(QStringLiteral("t"), {}, 1).at(0).toJson().keys(),
            (QStringList{QStringLiteral("agent_name"), QStringLiteral("level"),
                QStringLiteral("posterior_mean"), QStringLiteral("rank"), QStringLiteral("score")}));
    }

    void seededReproducibility()
    {
        auto run = [](quint64 seed) {
            ModelConfig config;
            config.seed = seed;
            AgentPerformanceModel model(config);
            std::mt19937_64 world(9);
            for (int i = 0; i < 300; ++i)
                model.update(ev(QStringLiteral("agent%1").arg(world() % 6), QStringLiteral("t"),
                    world() % 2 == 0, complexity(world() % 2 ? "high" : "low")));
            QList<QPair<QString, double>> out;
            for (int i = 0; i < 50; ++i)
                for (const Recommendation &r :
                    model.predictBestAgent(QStringLiteral("t"), complexity("high"), 3))
                    out.append({r.agentName, r.score});
            return out;
        };
        QCOMPARE(run(42), run(42));
        QCOMPARE(run(7), run(7));
        QVERIFY(run(42) != run(7));
    }

    // The draws are Beta(s + 1, f + 1): their mean and variance against the closed forms.
    void drawsFollowThePosterior_data()
    {
        QTest::addColumn<int>("successes");
        QTest::addColumn<int>("failures");
        QTest::newRow("Beta(4,8)") << 3 << 7;
        QTest::newRow("Beta(2,1)") << 1 << 0;
        QTest::newRow("Beta(501,301)") << 500 << 300;
        QTest::newRow("Beta(1,50)") << 0 << 49;
    }

    void drawsFollowThePosterior()
    {
        QFETCH(int, successes);
        QFETCH(int, failures);
        ModelConfig config;
        config.minContextObservations = 0;
        AgentPerformanceModel model(config);
        const QString a = QStringLiteral("A"), t = QStringLiteral("t");
        for (int i = 0; i < successes; ++i)
            model.update(ev(a, t, true));
        for (int i = 0; i < failures; ++i)
            model.update(ev(a, t, false));
        constexpr int n = 40000;
        double sum = 0, sum2 = 0;
        for (int i = 0; i < n; ++i) {
            const double x = model.predictBestAgent(t, {}, 1).at(0).score;
            QVERIFY(x > 0 && x < 1);
            sum += x;
            sum2 += x * x;
        }
        const double al = successes + 1, be = failures + 1;
        const double mean = al / (al + be), var = al * be / ((al + be) * (al + be) * (al + be + 1));
        const double m = sum / n, v = sum2 / n - m * m;
        // 5 standard errors of the mean; the variance within 5 %.
        QVERIFY2(std::abs(m - mean) < 5 * std::sqrt(var / n),
            qPrintable(QStringLiteral("mean %1, expected %2").arg(m).arg(mean)));
        QVERIFY2(std::abs(v - var) < 0.05 * var,
            qPrintable(QStringLiteral("variance %1, expected %2").arg(v).arg(var)));
    }

    void bestAgentWins_data()
    {
        QTest::addColumn<quint64>("seed");
        for (quint64 seed : {1, 2, 3, 4, 5})
            QTest::newRow(qPrintable(QStringLiteral("seed %1").arg(seed))) << seed;
    }

    void bestAgentWins()
    {
        QFETCH(quint64, seed);
        Simulation sim({0.5, 0.8, 0.6, 0.4, 0.3}, seed);
        for (int i = 0; i < 1000; ++i)
            sim.step();
        int best = 0;
        for (int i = 0; i < 1000; ++i)
            best += sim.step() == 1 ? 1 : 0;
        QVERIFY2(best > 800, qPrintable(QStringLiteral("best agent chosen %1 of 1000 times").arg(best)));
    }

    // A good agent turns bad; with a discount the model notices within a few dozen of its
    // outcomes, without one it keeps trusting a thousand old ones.
    void discountRelearns_data()
    {
        QTest::addColumn<double>("discount");
        QTest::addColumn<bool>("relearns");
        QTest::newRow("discount 0.95") << 0.95 << true;
        QTest::newRow("no discount") << 1.0 << false;
    }

    void discountRelearns()
    {
        QFETCH(double, discount);
        QFETCH(bool, relearns);
        constexpr int kBound = 50; // outcomes of each agent after the change
        for (quint64 seed : {1, 2, 3}) {
            ModelConfig config;
            config.discount = discount;
            config.seed = seed;
            AgentPerformanceModel model(config);
            std::mt19937_64 world(seed);
            auto bernoulli = [&world](double p) {
                return std::uniform_real_distribution<double>(0, 1)(world) < p;
            };
            const QString a = QStringLiteral("A"), b = QStringLiteral("B"), t = QStringLiteral("t");
            for (int i = 0; i < 500; ++i) {
                model.update(ev(a, t, bernoulli(0.9)));
                model.update(ev(b, t, bernoulli(0.6)));
            }
            int relearnedAt = -1;
            for (int i = 1; i <= kBound; ++i) {
                model.update(ev(a, t, bernoulli(0.2)));
                model.update(ev(b, t, bernoulli(0.6)));
                const std::vector<AgentPerformance> p = model.taskPerformance(t);
                if (relearnedAt < 0 && find(p, b)->successRate > find(p, a)->successRate)
                    relearnedAt = i;
            }
            int bFirst = 0;
            for (int i = 0; i < 200; ++i)
                bFirst += model.predictBestAgent(t, {}, 1).at(0).agentName == b ? 1 : 0;
            const QString why = QStringLiteral("seed %1: B ahead after %2 outcomes; B first in %3 of 200")
                                    .arg(seed)
                                    .arg(relearnedAt)
                                    .arg(bFirst);
            if (relearns) {
                QVERIFY2(relearnedAt > 0 && relearnedAt <= kBound, qPrintable(why));
                QVERIFY2(bFirst > 160, qPrintable(why));
            } else {
                QVERIFY2(relearnedAt < 0, qPrintable(why));
                QVERIFY2(bFirst < 40, qPrintable(why));
            }
        }
    }

    void credibleInterval_data()
    {
        QTest::addColumn<int>("successes");
        QTest::addColumn<int>("failures");
        QTest::addColumn<double>("low");
        QTest::addColumn<double>("high");
        // Closed forms: Beta(k,1) has CDF x^k; Beta(1,k) has CDF 1-(1-x)^k.
        QTest::newRow("Beta(2,1)") << 1 << 0 << std::sqrt(0.025) << std::sqrt(0.975);
        QTest::newRow("Beta(1,2)") << 0 << 1 << 1 - std::sqrt(0.975) << 1 - std::sqrt(0.025);
        QTest::newRow("Beta(4,1)") << 3 << 0 << std::pow(0.025, 0.25) << std::pow(0.975, 0.25);
        QTest::newRow("Beta(1,21)") << 0 << 20 << 1 - std::pow(0.975, 1.0 / 21)
                                    << 1 - std::pow(0.025, 1.0 / 21);
        // Symmetric: the interval is symmetric about 1/2.
        QTest::newRow("Beta(51,51)") << 50 << 50 << -1.0 << -1.0;
    }

    void credibleInterval()
    {
        QFETCH(int, successes);
        QFETCH(int, failures);
        QFETCH(double, low);
        QFETCH(double, high);
        AgentPerformanceModel model;
        for (int i = 0; i < successes; ++i)
            model.update(ev(QStringLiteral("A"), QStringLiteral("t"), true));
        for (int i = 0; i < failures; ++i)
            model.update(ev(QStringLiteral("A"), QStringLiteral("t"), false));
        const AgentPerformance p = model.agentPerformance().at(0);
        if (low < 0) {
            QVERIFY(std::abs(p.credibleLow + p.credibleHigh - 1) < 1e-9);
        } else {
            QVERIFY2(
                std::abs(p.credibleLow - low) < 1e-9, qPrintable(QString::number(p.credibleLow, 'g', 17)));
            QVERIFY2(
                std::abs(p.credibleHigh - high) < 1e-9, qPrintable(QString::number(p.credibleHigh, 'g', 17)));
        }
        QVERIFY(p.credibleLow < p.successRate && p.successRate < p.credibleHigh);
    }

    void credibleIntervalShrinks()
    {
        double lastWidth = 1;
        for (int n : {10, 100, 1000, 10000}) {
            AgentPerformanceModel model;
            for (int i = 0; i < n; ++i)
                model.update(ev(QStringLiteral("A"), QStringLiteral("t"), i % 10 < 7));
            const AgentPerformance p = model.agentPerformance().at(0);
            QVERIFY(p.credibleLow < p.successRate && p.successRate < p.credibleHigh);
            QVERIFY(p.credibleLow < 0.7 && 0.7 < p.credibleHigh);
            const double width = p.credibleHigh - p.credibleLow;
            QVERIFY2(width < lastWidth, qPrintable(QStringLiteral("n %1: width %2").arg(n).arg(width)));
            // The normal approximation's width, 2 * 1.96 * sd, which is close for large n.
            const double a = p.successes + 1, b = p.failures + 1;
            const double sd = std::sqrt(a * b / ((a + b) * (a + b) * (a + b + 1)));
            if (n >= 1000)
                QVERIFY(std::abs(width - 2 * 1.959964 * sd) < 0.01 * width);
            lastWidth = width;
        }
    }

    void movingAverages_data()
    {
        QTest::addColumn<int>("window");
        QTest::addColumn<double>("alpha");
        QTest::addColumn<int>("count");
        QTest::newRow("seed defaults, fewer values than the window") << 100 << 0.1 << 10;
        QTest::newRow("seed defaults, past the window") << 100 << 0.1 << 250;
        QTest::newRow("window 3") << 3 << 0.5 << 10;
        QTest::newRow("window 1, alpha 1: the last value") << 1 << 1.0 << 5;
        QTest::newRow("window 7, many values (running sum re-added)") << 7 << 0.3 << 5000;
        QTest::newRow("one value") << 5 << 0.2 << 1;
    }

    void movingAverages()
    {
        QFETCH(int, window);
        QFETCH(double, alpha);
        QFETCH(int, count);
        ModelConfig config;
        config.windowSize = window;
        config.emaAlpha = alpha;
        AgentPerformanceModel model(config);
        std::mt19937_64 rng(11);
        std::vector<double> latencies, qualities;
        for (int i = 0; i < count; ++i) {
            latencies.push_back(double(rng() % 100000) / 7.0);
            qualities.push_back(double(rng() % 1001) / 1000.0);
            model.update(
                ev(QStringLiteral("A"), QStringLiteral("t"), true, {}, latencies.back(), qualities.back()));
            if (i % 3 == 0) // events without figures leave them alone
                model.update(ev(QStringLiteral("A"), QStringLiteral("t"), false));
        }
        auto direct = [&](const std::vector<double> &x, double *ema) {
            *ema = x[0];
            for (size_t i = 1; i < x.size(); ++i)
                *ema = alpha * x[i] + (1 - alpha) * *ema;
            const size_t from = x.size() > size_t(window) ? x.size() - size_t(window) : 0;
            double sum = 0;
            for (size_t i = from; i < x.size(); ++i)
                sum += x[i];
            return sum / double(x.size() - from);
        };
        double emaLatency, emaQuality;
        const double maLatency = direct(latencies, &emaLatency), maQuality = direct(qualities, &emaQuality);
        for (const AgentPerformance &p :
            {model.agentPerformance().at(0), model.taskPerformance(QStringLiteral("t")).at(0)}) {
            QVERIFY2(std::abs(p.avgLatencyMs - maLatency) <= 1e-9 * maLatency,
                qPrintable(
                    QStringLiteral("%1 vs %2").arg(p.avgLatencyMs, 0, 'g', 17).arg(maLatency, 0, 'g', 17)));
            QVERIFY(std::abs(p.emaLatencyMs - emaLatency) <= 1e-9 * emaLatency);
            QVERIFY(std::abs(p.avgQuality - maQuality) <= 1e-12);
            QVERIFY(std::abs(p.emaQuality - emaQuality) <= 1e-12);
        }
    }

    void noFiguresReportNull()
    {
        AgentPerformanceModel model;
        model.update(ev(QStringLiteral("A"), QStringLiteral("t"), true));
        const QJsonObject json = model.agentPerformance().at(0).toJson();
        QVERIFY(json.value(QStringLiteral("avg_latency_ms")).isNull());
        QVERIFY(json.value(QStringLiteral("ema_quality")).isNull());
        QCOMPARE(json.value(QStringLiteral("total_executions")).toInteger(), 1);
        QCOMPARE(json.value(QStringLiteral("success_rate")).toDouble(), 2.0 / 3);
    }

    // current_model_score and improvement_rate worked through by hand.
    void metricsByHand()
    {
        AgentPerformanceModel model;
        LearningMetrics m = model.metrics();
        QCOMPARE(m.totalUpdates, 0);
        QVERIFY(std::isnan(m.currentModelScore));
        QVERIFY(std::isnan(m.improvementRate));
        QVERIFY(m.toJson().value(QStringLiteral("current_model_score")).isNull());

        // Prior mean 1/2 predicts a success: Brier (1 - 1/2)^2 = 1/4, score 3/4.
        model.applyBatch({ev(QStringLiteral("A"), QStringLiteral("t"), true)});
        m = model.metrics();
        QCOMPARE(m.currentModelScore, 0.75);
        QVERIFY(std::isnan(m.improvementRate)); // nothing before the first batch to compare with
        // Then mean 2/3 (agent level: 1 < 5 observations) predicts a success: Brier 1/9.
        model.applyBatch({ev(QStringLiteral("A"), QStringLiteral("t"), true)});
        m = model.metrics();
        const double score = 1 - (0.25 + 1.0 / 9) / 2;
        QVERIFY(std::abs(m.currentModelScore - score) < 1e-15);
        QVERIFY(std::abs(m.improvementRate - (score - 0.75) / 0.75) < 1e-15);
        // Then mean 3/4 predicts a failure: Brier 9/16; the score drops.
        model.applyBatch({ev(QStringLiteral("A"), QStringLiteral("t"), false)});
        m = model.metrics();
        const double after = 1 - (0.25 + 1.0 / 9 + 9.0 / 16) / 3;
        QVERIFY(std::abs(m.currentModelScore - after) < 1e-15);
        QVERIFY(std::abs(m.improvementRate - (after - score) / score) < 1e-15);
        QVERIFY(m.improvementRate < 0);

        model.recordFailedUpdate();
        model.update(ev(QStringLiteral("A"), QStringLiteral("t"), false)); // a sample, not a batch
        m = model.metrics();
        QCOMPARE(m.totalUpdates, 4);
        QCOMPARE(m.successfulUpdates, 3);
        QCOMPARE(m.failedUpdates, 1);
        QCOMPARE(m.samplesProcessed, 4);
        QVERIFY(m.avgUpdateTimeMs >= 0);
        QCOMPARE(m.toJson().keys(),
            (QStringList{QStringLiteral("avg_update_time_ms"), QStringLiteral("current_model_score"),
                QStringLiteral("failed_updates"), QStringLiteral("improvement_rate"),
                QStringLiteral("samples_processed"), QStringLiteral("successful_updates"),
                QStringLiteral("total_updates")}));
        QCOMPARE(m.toJson().value(QStringLiteral("failed_updates")).toInteger(), 1);
    }

    void scoreWindowIsBounded()
    {
        ModelConfig config;
        config.windowSize = 4;
        AgentPerformanceModel model(config);
        // Many failures, then successes: the score reflects only the last 4 predictions.
        for (int i = 0; i < 50; ++i)
            model.update(ev(QStringLiteral("A"), QStringLiteral("t"), false));
        const double afterFailures = model.metrics().currentModelScore;
        QVERIFY(afterFailures > 0.9);
        for (int i = 0; i < 4; ++i)
            model.update(ev(QStringLiteral("A"), QStringLiteral("t"), true));
        // Predictions 1/52 ... 4/55 (window 4: discounting off, agent level) of four successes.
        double brier = 0;
        for (int k = 0; k < 4; ++k) {
            const double p = (1.0 + k) / (52.0 + k);
            brier += (1 - p) * (1 - p);
        }
        QVERIFY(std::abs(model.metrics().currentModelScore - (1 - brier / 4)) < 1e-12);
    }

    void alerts_data()
    {
        QTest::addColumn<qint64>("total");
        QTest::addColumn<qint64>("failed");
        QTest::addColumn<double>("improvement");
        QTest::addColumn<double>("updateMs");
        QTest::addColumn<QStringList>("alerts"); // their beginnings
        const QString failure = QStringLiteral("High failure rate in model updates");
        const QString degrading = QStringLiteral("Model performance degrading");
        const QString slow = QStringLiteral("Slow model updates");
        QTest::newRow("quiet") << qint64(100) << qint64(0) << 0.05 << 45.3 << QStringList();
        QTest::newRow("no updates yet") << qint64(0) << qint64(0) << kNaN << 0.0 << QStringList();
        QTest::newRow("failed 1/20 = 0.05 exactly: no alert")
            << qint64(20) << qint64(1) << 0.0 << 0.0 << QStringList();
        QTest::newRow("failed 1/19 > 0.05") << qint64(19) << qint64(1) << 0.0 << 0.0 << QStringList{failure};
        QTest::newRow("failed 5/100 = 0.05: no alert")
            << qint64(100) << qint64(5) << 0.0 << 0.0 << QStringList();
        QTest::newRow("failed 6/100") << qint64(100) << qint64(6) << 0.0 << 0.0 << QStringList{failure};
        QTest::newRow("improvement -0.1 exactly: no alert")
            << qint64(1) << qint64(0) << -0.1 << 0.0 << QStringList();
        QTest::newRow("improvement just below -0.1")
            << qint64(1) << qint64(0) << std::nextafter(-0.1, -1.0) << 0.0 << QStringList{degrading};
        QTest::newRow("improvement undefined: no alert")
            << qint64(1) << qint64(0) << kNaN << 0.0 << QStringList();
        QTest::newRow("1000 ms exactly: no alert")
            << qint64(1) << qint64(0) << 0.0 << 1000.0 << QStringList();
        QTest::newRow("just above 1000 ms")
            << qint64(1) << qint64(0) << 0.0 << std::nextafter(1000.0, 2000.0) << QStringList{slow};
        QTest::newRow("all three") << qint64(10) << qint64(10) << -0.5 << 5000.0
                                   << QStringList{failure, degrading, slow};
    }

    void alerts()
    {
        QFETCH(qint64, total);
        QFETCH(qint64, failed);
        QFETCH(double, improvement);
        QFETCH(double, updateMs);
        QFETCH(QStringList, alerts);
        LearningMetrics m;
        m.totalUpdates = total;
        m.failedUpdates = failed;
        m.successfulUpdates = total - failed;
        m.improvementRate = improvement;
        m.avgUpdateTimeMs = updateMs;
        const QStringList got = m.alerts();
        QCOMPARE(got.size(), alerts.size());
        for (int i = 0; i < got.size(); ++i)
            QVERIFY2(got[i].startsWith(alerts[i]), qPrintable(got[i]));
    }

    void alertFromTheModel()
    {
        AgentPerformanceModel model;
        for (int i = 0; i < 19; ++i)
            model.applyBatch({ev(QStringLiteral("A"), QStringLiteral("t"), true)});
        model.recordFailedUpdate();
        QVERIFY(model.metrics().alerts().isEmpty()); // 1 of 20
        model.recordFailedUpdate();
        QCOMPARE(model.metrics().alerts().size(), 1); // 2 of 21
    }

    void invalidConfig_data()
    {
        QTest::addColumn<double>("discount");
        QTest::addColumn<int>("window");
        QTest::addColumn<double>("alpha");
        QTest::addColumn<int>("minObservations");
        QTest::addColumn<QString>("field");
        QTest::newRow("discount 0") << 0.0 << 100 << 0.1 << 5 << "discount";
        QTest::newRow("discount > 1") << 1.01 << 100 << 0.1 << 5 << "discount";
        QTest::newRow("discount NaN") << kNaN << 100 << 0.1 << 5 << "discount";
        QTest::newRow("window 0") << 1.0 << 0 << 0.1 << 5 << "window_size";
        QTest::newRow("alpha 0") << 1.0 << 100 << 0.0 << 5 << "ema_alpha";
        QTest::newRow("alpha 1.5") << 1.0 << 100 << 1.5 << 5 << "ema_alpha";
        QTest::newRow("min -1") << 1.0 << 100 << 0.1 << -1 << "min_context_observations";
    }

    void invalidConfig()
    {
        QFETCH(double, discount);
        QFETCH(int, window);
        QFETCH(double, alpha);
        QFETCH(int, minObservations);
        QFETCH(QString, field);
        ModelConfig config;
        config.discount = discount;
        config.windowSize = window;
        config.emaAlpha = alpha;
        config.minContextObservations = minObservations;
        try {
            AgentPerformanceModel model(config);
            QFAIL("accepted");
        } catch (const lk::Error &e) {
            QCOMPARE(e.kind(), lk::ErrorKind::Usage);
            QVERIFY2(e.message().startsWith(field + QLatin1Char(' ')), qPrintable(e.message()));
        }
    }

    void stateRoundTrip()
    {
        ModelConfig config;
        config.discount = 0.97;
        config.windowSize = 5;
        config.emaAlpha = 0.25;
        config.minContextObservations = 3;
        config.seed = 0xFFFFFFFFFFFFFFF1ull; // not a double
        AgentPerformanceModel model(config);
        std::mt19937_64 world(5);
        auto randomEvent = [&world] {
            return ev(QStringLiteral("agent%1").arg(world() % 5), QStringLiteral("task%1").arg(world() % 3),
                world() % 3 != 0, complexity(world() % 2 ? "high" : "low"), double(world() % 1000) / 3,
                double(world() % 100) / 99);
        };
        for (int i = 0; i < 20; ++i) {
            std::vector<OutcomeEvent> batch;
            for (int j = 0; j < 10; ++j)
                batch.push_back(randomEvent());
            model.applyBatch(batch);
            model.predictBestAgent(QStringLiteral("task1"), complexity("high"), 3);
        }
        model.recordFailedUpdate();

        // Through text, as storage keeps it.
        const QByteArray text = QJsonDocument(model.saveState()).toJson(QJsonDocument::Compact);
        AgentPerformanceModel restored =
            AgentPerformanceModel::fromState(QJsonDocument::fromJson(text).object());
        QCOMPARE(restored.saveState(), model.saveState());
        QCOMPARE(restored.config().seed, config.seed);
        QCOMPARE(restored.metrics().toJson(), model.metrics().toJson());

        for (int i = 0; i < 100; ++i) {
            const OutcomeEvent e = randomEvent();
            model.update(e);
            restored.update(e);
            const auto a = model.predictBestAgent(e.taskType, e.context, 5);
            const auto b = restored.predictBestAgent(e.taskType, e.context, 5);
            QCOMPARE(a.size(), b.size());
            for (size_t k = 0; k < a.size(); ++k)
                QCOMPARE(a[k].toJson(), b[k].toJson());
        }
        QCOMPARE(restored.saveState(), model.saveState());
    }

    void badState_data()
    {
        QTest::addColumn<QString>("pointer"); // "a/b/c" = the value to replace
        QTest::addColumn<QByteArray>("value"); // JSON; "REMOVE" removes it
        QTest::addColumn<QString>("message");
        QTest::newRow("format") << "format" << QByteArray(R"("something else")")
                                << "model state: format must be";
        QTest::newRow("newer version") << "version" << QByteArray("2") << "model state: version must be 1";
        QTest::newRow("no tasks") << "tasks" << QByteArray("REMOVE") << "model state: state.tasks is missing";
        QTest::newRow("count a string")
            << "agents/A/successes" << QByteArray(R"("3")") << "state.agents.A.successes must be a number";
        QTest::newRow("negative count")
            << "tasks/t/A/failures" << QByteArray("-1") << "state.tasks.t.A has negative counts";
        QTest::newRow("rng garbage") << "rng" << QByteArray(R"("1 2 3")")
                                     << "state.rng is not a mt19937_64 state";
        QTest::newRow("discount 2") << "config/discount" << QByteArray("2")
                                    << "state.config discount must be";
        QTest::newRow("seed as a number") << "config/seed" << QByteArray("42") << "state.config.seed must be";
        QTest::newRow("window longer than window_size")
            << "agents/A/latency/window" << QByteArray("[1,2,3,4,5,6]")
            << "state.agents.A.latency.window holds 6";
        QTest::newRow("observations fraction") << "agents/A/observations" << QByteArray("1.5")
                                               << "state.agents.A.observations must be an integer";
        QTest::newRow("context arms not an object")
            << "contexts/t" << QByteArray("[]") << "state.contexts.t must be an object";
    }

    void badState()
    {
        QFETCH(QString, pointer);
        QFETCH(QByteArray, value);
        QFETCH(QString, message);
        ModelConfig config;
        config.windowSize = 5;
        AgentPerformanceModel model(config);
        model.update(ev(QStringLiteral("A"), QStringLiteral("t"), true, complexity("high"), 10));
        QJsonObject state = model.saveState();

        // Replace the value at `pointer`, rebuilding the objects on the way back up.
        const QStringList path = pointer.split(QLatin1Char('/'));
        std::function<QJsonObject(QJsonObject, int)> replace = [&](QJsonObject o, int depth) {
            const QString key = path[depth];
            if (depth + 1 < path.size())
                o.insert(key, replace(o.value(key).toObject(), depth + 1));
            else if (value == "REMOVE")
                o.remove(key);
            else
                o.insert(key, QJsonDocument::fromJson("[" + value + "]").array().at(0));
            return o;
        };
        state = replace(state, 0);
        try {
            AgentPerformanceModel::fromState(state);
            QFAIL("accepted");
        } catch (const lk::Error &e) {
            QCOMPARE(e.kind(), lk::ErrorKind::Input);
            QVERIFY2(e.message().contains(message), qPrintable(e.message()));
        }
    }
};

QTEST_GUILESS_MAIN(TestBandit)
#include "tst_bandit.moc"
