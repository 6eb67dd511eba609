// Drift detection figures (prints them; asserts nothing about time), on one core:
//  - Page–Hinkley and ADWIN throughput on a 0/1 escalation stream (10 % escalations, a step to
//    30 % half-way, so that detections and cuts are part of the work). Target: >= 1,000,000
//    observations/s per detector.
//  - DriftEvaluator: windows/s for windows of --window predictions with their confidences (all
//    six checks, against a full baseline of 24 windows and a 5,000-value reference).
//
//   bench_drift [--observations N] [--windows W] [--window P]
#include "core/drift/Detectors.h"
#include "core/drift/DriftEvaluator.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>

#include <cmath>
#include <cstdio>
#include <random>
#include <vector>

namespace {

double uniform(std::mt19937_64 &engine)
{
    return double(engine() >> 11) * 0x1.0p-53;
}

/// The escalation stream: 10 % escalations, then 30 % from the middle on.
std::vector<double> escalationStream(qint64 n)
{
    std::mt19937_64 engine(42);
    std::vector<double> stream(std::size_t(n), 0.0);
    for (qint64 i = 0; i < n; ++i)
        stream[std::size_t(i)] = uniform(engine) < (i < n / 2 ? 0.1 : 0.3) ? 1.0 : 0.0;
    return stream;
}

template<typename Detector>
void detectorFigure(const char *name, Detector &detector, const std::vector<double> &stream)
{
    QElapsedTimer clock;
    clock.start();
    qint64 detections = 0;
    for (double x : stream)
        detections += detector.add(x) ? 1 : 0;
    const double seconds = double(clock.nsecsElapsed()) / 1e9;
    std::printf("%-13s %lld observations: %12.0f observations/s (target >= 1000000); %lld detections\n", name,
        static_cast<long long>(stream.size()), double(stream.size()) / seconds,
        static_cast<long long>(detections));
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser p;
    p.addHelpOption();
    p.addOptions({{QStringLiteral("observations"), QStringLiteral("observations per detector"),
                      QStringLiteral("N"), QStringLiteral("20000000")},
        {QStringLiteral("windows"), QStringLiteral("windows judged by the evaluator"), QStringLiteral("W"),
            QStringLiteral("500")},
        {QStringLiteral("window"), QStringLiteral("predictions per window"), QStringLiteral("P"),
            QStringLiteral("1000")}});
    p.process(app);
    const qint64 observations = std::max<qint64>(1, p.value(QStringLiteral("observations")).toLongLong());
    const int windows = std::max(1, p.value(QStringLiteral("windows")).toInt());
    const qint64 perWindow = std::max<qint64>(1, p.value(QStringLiteral("window")).toLongLong());

    const std::vector<double> stream = escalationStream(observations);
    lk::drift::PageHinkley ph;
    detectorFigure("Page-Hinkley:", ph, stream);
    lk::drift::Adwin adwin;
    detectorFigure("ADWIN:", adwin, stream);
    std::printf("ADWIN window at the end: %lld observations, mean %.4f\n",
        static_cast<long long>(adwin.width()), adwin.mean());

    // Windows prepared beforehand: the figure is the judging, not the generating.
    std::mt19937_64 engine(7);
    std::vector<lk::drift::DriftWindow> prepared(static_cast<std::size_t>(windows));
    for (int w = 0; w < windows; ++w) {
        lk::drift::DriftWindow &win = prepared[std::size_t(w)];
        win.predictions = perWindow;
        win.labelled = perWindow / 10;
        win.correct = win.labelled * 9 / 10;
        for (qint64 i = 0; i < perWindow; ++i) {
            const double c = uniform(engine) < 0.1 ? 0.3 + 0.39 * uniform(engine)
                                                   : 0.7 + 0.3 * std::pow(uniform(engine), 1.0 / 6);
            win.confidences.push_back(c);
            win.escalations += c < win.threshold ? 1 : 0;
        }
    }
    lk::drift::DriftEvaluator evaluator;
    QElapsedTimer clock;
    clock.start();
    int alerts = 0;
    for (const lk::drift::DriftWindow &win : prepared)
        alerts += evaluator.observe(win).alert ? 1 : 0;
    const double seconds = double(clock.nsecsElapsed()) / 1e9;
    std::printf("DriftEvaluator: %d windows of %lld predictions: %10.0f windows/s (%.0f observations/s); "
                "%d alerting windows\n",
        windows, static_cast<long long>(perWindow), windows / seconds,
        double(windows) * double(perWindow) / seconds, alerts);
    return 0;
}
