// Agent-selection model benchmarks (prints figures; asserts nothing about time):
//  - update throughput: events/s through AgentPerformanceModel::update() on one core;
//  - predict latency: median and p99 of predictBestAgent() with 20 agents (target < 50 µs);
//  - regret: 10 Bernoulli agents, the best at 0.5 and the others at 0.4 (Chapelle & Li, "An
//    Empirical Evaluation of Thompson Sampling", 2011), cumulative regret of the model's Thompson
//    sampling against UCB1 (Auer et al. 2002), averaged over seeds.
//
//   bench_bandit [--steps 100000] [--seeds 5] [--events 200000] [--predicts 20000]
#include "core/bandit/AgentPerformanceModel.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <random>
#include <vector>

using namespace lk::bandit;

namespace {
/// Regret runs report no latency or quality.
constexpr double kNoFigure = std::numeric_limits<double>::quiet_NaN();
} // namespace

namespace {

OutcomeEvent event(const QString &agent, const QString &task, bool success, const QJsonObject &context,
    double latency, double quality)
{
    OutcomeEvent e;
    e.agentName = agent;
    e.taskType = task;
    e.success = success;
    e.context = context;
    e.latencyMs = latency;
    e.qualityScore = quality;
    return e;
}

QStringList names(int n)
{
    QStringList out;
    for (int i = 0; i < n; ++i)
        out << QStringLiteral("Agent%1").arg(i, 2, 10, QLatin1Char('0'));
    return out;
}

const QJsonObject kContexts[] = {
    {{QStringLiteral("complexity"), QStringLiteral("high")},
        {QStringLiteral("domain"), QStringLiteral("financial")}},
    {{QStringLiteral("complexity"), QStringLiteral("low")},
        {QStringLiteral("domain"), QStringLiteral("legal")}},
    {{QStringLiteral("complexity"), QStringLiteral("medium")}},
    {},
};

void updateThroughput(int count)
{
    const QStringList agents = names(20);
    const QStringList tasks{QStringLiteral("analysis"), QStringLiteral("compliance_analysis"),
        QStringLiteral("summarize"), QStringLiteral("translate")};
    std::mt19937_64 rng(1);
    std::vector<OutcomeEvent> events;
    events.reserve(size_t(count));
    for (int i = 0; i < count; ++i)
        events.push_back(event(agents[int(rng() % 20)], tasks[int(rng() % 4)], rng() % 3 != 0,
            kContexts[rng() % 4], double(rng() % 5000), double(rng() % 101) / 100));
    AgentPerformanceModel model;
    QElapsedTimer timer;
    timer.start();
    for (const OutcomeEvent &e : events)
        model.update(e);
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    std::printf("update: %d events (20 agents, 4 task types, 4 contexts, latency and quality) in %.3f s: "
                "%.0f events/s, %.2f µs/event\n",
        count, seconds, count / seconds, seconds / count * 1e6);
}

void predictLatency(int count)
{
    const QStringList agents = names(20);
    AgentPerformanceModel model;
    std::mt19937_64 rng(2);
    const QString task = QStringLiteral("compliance_analysis");
    for (int i = 0; i < 20000; ++i)
        model.update(event(agents[int(rng() % 20)], task, rng() % 2 == 0, kContexts[rng() % 4], 100, 0.5));
    std::vector<double> micros;
    micros.reserve(size_t(count));
    QElapsedTimer timer;
    for (int i = 0; i < count; ++i) {
        timer.start();
        const auto r = model.predictBestAgent(task, kContexts[i % 4], 3);
        micros.push_back(double(timer.nsecsElapsed()) / 1e3);
        if (r.size() != 3)
            std::abort();
    }
    std::sort(micros.begin(), micros.end());
    std::printf("predict: 20 agents, top 3, %d calls: median %.2f µs, p99 %.2f µs (target < 50 µs)\n", count,
        micros[micros.size() / 2], micros[size_t(double(micros.size()) * 0.99)]);
}

/// UCB1: play each arm once, then the arm maximizing mean + sqrt(2 ln t / n).
class Ucb1
{
public:
    explicit Ucb1(int arms)
        : m_n(size_t(arms), 0)
        , m_sum(size_t(arms), 0)
    { }
    int choose()
    {
        ++m_t;
        int best = 0;
        double bestValue = -1;
        for (size_t i = 0; i < m_n.size(); ++i) {
            if (m_n[i] == 0)
                return int(i);
            const double v =
                m_sum[i] / double(m_n[i]) + std::sqrt(2 * std::log(double(m_t)) / double(m_n[i]));
            if (v > bestValue) {
                bestValue = v;
                best = int(i);
            }
        }
        return best;
    }
    void observe(int arm, bool reward)
    {
        ++m_n[size_t(arm)];
        m_sum[size_t(arm)] += reward ? 1 : 0;
    }

private:
    std::vector<qint64> m_n;
    std::vector<double> m_sum;
    qint64 m_t = 0;
};

void regret(int steps, int seeds)
{
    constexpr int kArms = 10;
    std::vector<double> p(kArms, 0.4);
    p[0] = 0.5;
    const double best = 0.5;
    const QStringList agents = names(kArms);
    const QString task = QStringLiteral("t");
    std::vector<int> checkpoints;
    for (int c = 1000; c <= steps; c *= 10)
        checkpoints.push_back(c);
    if (checkpoints.empty() || checkpoints.back() != steps)
        checkpoints.push_back(steps);

    // Regret is the expected (pseudo-)regret, sum of best - p[chosen], which has less noise than
    // the realized one and is what Chapelle & Li plot.
    std::vector<double> thompson(checkpoints.size(), 0), ucb(checkpoints.size(), 0);
    QElapsedTimer timer;
    timer.start();
    for (int s = 1; s <= seeds; ++s) {
        // Each algorithm gets the same world (the same seed), independent of the other's steps.
        std::mt19937_64 world(quint64(s) * 7919);
        std::uniform_real_distribution<double> u(0, 1);
        ModelConfig config;
        config.seed = quint64(s);
        AgentPerformanceModel model(config);
        // The model recommends only agents it has seen: every agent is registered with an outcome
        // of its own, counted in the regret like a step (UCB1 plays each arm once as well).
        double r = 0;
        for (int i = 0; i < kArms; ++i) {
            model.update(event(agents[i], task, u(world) < p[size_t(i)], {}, kNoFigure, kNoFigure));
            r += best - p[size_t(i)];
        }
        size_t next = 0;
        for (int t = kArms + 1; t <= steps; ++t) {
            const int arm = model.predictBestAgent(task, {}, 1).at(0).agentName.mid(5).toInt();
            model.update(event(agents[arm], task, u(world) < p[size_t(arm)], {}, kNoFigure, kNoFigure));
            r += best - p[size_t(arm)];
            if (next < checkpoints.size() && t == checkpoints[next])
                thompson[next++] += r / seeds;
        }

        Ucb1 ucb1(kArms);
        world.seed(quint64(s) * 7919);
        r = 0;
        next = 0;
        for (int t = 1; t <= steps; ++t) {
            const int arm = ucb1.choose();
            ucb1.observe(arm, u(world) < p[size_t(arm)]);
            r += best - p[size_t(arm)];
            if (next < checkpoints.size() && t == checkpoints[next])
                ucb[next++] += r / seeds;
        }
    }
    std::printf("regret: 10 Bernoulli agents (best 0.5, others 0.4), mean of %d seeds, %.1f s\n", seeds,
        double(timer.elapsed()) / 1000);
    std::printf("  %10s %12s %12s %8s\n", "steps", "Thompson", "UCB1", "TS/UCB1");
    for (size_t i = 0; i < checkpoints.size(); ++i)
        std::printf(
            "  %10d %12.1f %12.1f %8.2f\n", checkpoints[i], thompson[i], ucb[i], thompson[i] / ucb[i]);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Agent-selection model benchmarks."));
    parser.addHelpOption();
    const QCommandLineOption steps(QStringLiteral("steps"), QStringLiteral("Regret steps."),
        QStringLiteral("n"), QStringLiteral("100000"));
    const QCommandLineOption seeds(
        QStringLiteral("seeds"), QStringLiteral("Regret seeds."), QStringLiteral("n"), QStringLiteral("5"));
    const QCommandLineOption events(QStringLiteral("events"), QStringLiteral("Events for update throughput."),
        QStringLiteral("n"), QStringLiteral("200000"));
    const QCommandLineOption predicts(QStringLiteral("predicts"),
        QStringLiteral("Calls for predict latency."), QStringLiteral("n"), QStringLiteral("20000"));
    parser.addOptions({steps, seeds, events, predicts});
    parser.process(app);
    auto positive = [&parser](const QCommandLineOption &option) {
        bool ok = false;
        const int n = parser.value(option).toInt(&ok);
        if (!ok || n < 1) {
            std::fprintf(stderr, "bench_bandit: --%s must be a positive integer\n",
                qPrintable(option.names().constFirst()));
            std::exit(2);
        }
        return n;
    };
    const int stepCount = positive(steps);
    updateThroughput(positive(events));
    predictLatency(positive(predicts));
    regret(stepCount, positive(seeds));
    return 0;
}
