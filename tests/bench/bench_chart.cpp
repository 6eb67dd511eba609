// How long a frame of the live curve chart takes with 1 M and 10 M points: decimation alone,
// and decimate + replace + render at 1200 px into a QImage, with a batch appended before each
// frame as during training. Prints figures; asserts nothing about time.
//
//   bench_chart [--points N] [--frames F]     (default: 1 M and 10 M points, 30 frames each)
#include "ui/charts/CurveChart.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QImage>
#include <QPainter>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>
#include <vector>

using lk::ui::CurveChart;
using lk::ui::CurveData;
using lk::ui::CurvePoint;
using lk::ui::CurveXAxis;
using lk::ui::DecimationRequest;

namespace {

constexpr int kWidth = 1200; // pixels of the rendered chart, as the brief asks
constexpr int kHeight = 500;
constexpr int kBatch = 1000; // points appended before each frame, like a live run
constexpr int kStepsPerEpoch = 5000;
constexpr double kSecondsPerStep = 0.012;
constexpr double kSmoothing = 0.6; // TensorBoard's default: raw and smoothed lines both drawn
constexpr double kTargetMs = 16.0;

/// A synthetic noisy decaying loss with the occasional spike: enough to exercise rendering.
class LossCurve
{
public:
    explicit LossCurve(qint64 total)
        : m_total(double(total))
    { }

    QList<CurvePoint> next(int count)
    {
        QList<CurvePoint> points;
        points.reserve(count);
        for (int i = 0; i < count; ++i, ++m_step) {
            const double t = double(m_step) / m_total;
            double loss = 2.3 * std::exp(-5 * t) + 0.08 + m_noise(m_rng) * (0.05 + 0.2 * std::exp(-3 * t));
            if (m_spike(m_rng) == 0)
                loss *= 4;
            points.append({m_step, double(m_step) / kStepsPerEpoch, double(m_step) * kSecondsPerStep, loss});
        }
        return points;
    }

private:
    double m_total;
    qint64 m_step = 0;
    std::mt19937 m_rng {42};
    std::normal_distribution<double> m_noise {0, 1};
    std::uniform_int_distribution<int> m_spike {0, 99999};
};

struct Stats
{
    double median = 0;
    double p95 = 0;
};

Stats stats(std::vector<double> ms)
{
    if (ms.empty())
        return {};
    std::sort(ms.begin(), ms.end());
    const auto at = [&](double q) {
        return ms[std::min(ms.size() - 1, std::size_t(q * double(ms.size() - 1) + 0.5))];
    };
    return {at(0.5), at(0.95)};
}

double elapsedMs(const QElapsedTimer &timer)
{
    return double(timer.nsecsElapsed()) / 1e6;
}

void run(qint64 points, int frames)
{
    CurveChart chart;
    chart.setControlsVisible(false);
    chart.resize(kWidth, kHeight);
    chart.show(); // offscreen: laid out like a real window, nothing on a screen
    const int id = chart.addSeries({QStringLiteral("train loss"), {}, Qt::SolidLine});
    chart.setSmoothing(kSmoothing);
    chart.reservePoints(id, std::size_t(points + qint64(frames) * kBatch));

    // The data a run has produced so far, appended in large batches (how fast is appending?).
    LossCurve curve(points + qint64(frames) * kBatch);
    QElapsedTimer timer;
    double appendMs = 0;
    for (qint64 done = 0; done < points;) {
        const int count = int(std::min<qint64>(100000, points - done));
        const QList<CurvePoint> batch = curve.next(count);
        timer.start();
        const QString error = chart.appendPoints(id, batch);
        appendMs += elapsedMs(timer);
        if (!error.isEmpty()) {
            std::fprintf(stderr, "append failed: %s\n", qPrintable(error));
            return;
        }
        done += count;
    }
    chart.redrawNow();
    QCoreApplication::processEvents(); // let Qt Charts lay out the plot area once
    chart.redrawNow();

    // The same CurveData work the chart does per frame, timed alone: a copy of the data.
    CurveData alone;
    alone.reserve(std::size_t(points));
    {
        LossCurve again(points + qint64(frames) * kBatch);
        for (qint64 done = 0; done < points;) {
            const int count = int(std::min<qint64>(100000, points - done));
            const QList<CurvePoint> batch = again.next(count);
            alone.append(batch.constData(), std::size_t(batch.size()));
            done += count;
        }
        alone.setSmoothing(kSmoothing);
    }

    QImage image(kWidth, kHeight, QImage::Format_ARGB32_Premultiplied);
    std::vector<double> decimateMs;
    std::vector<double> frameMs;
    std::vector<double> renderMs;
    std::vector<double> batchMs;
    int drawn = 0;
    for (int f = 0; f < frames; ++f) {
        const QList<CurvePoint> batch = curve.next(kBatch);
        timer.start();
        chart.appendPoints(id, batch);
        batchMs.push_back(elapsedMs(timer));

        const auto [from, to] = alone.xExtent(CurveXAxis::Step);
        const DecimationRequest request {from, to, chart.plotWidth(), false};
        QList<QPointF> raw;
        QList<QPointF> smoothed;
        timer.start();
        alone.decimate(CurveXAxis::Step, false, request, raw);
        alone.decimate(CurveXAxis::Step, true, request, smoothed);
        decimateMs.push_back(elapsedMs(timer));

        timer.start();
        chart.redrawNow(); // decimate both lines, replace(), axes
        const double redrawMs = elapsedMs(timer);
        image.fill(Qt::white);
        {
            QPainter painter(&image);
            chart.render(&painter);
        }
        frameMs.push_back(elapsedMs(timer));
        renderMs.push_back(frameMs.back() - redrawMs);
        drawn = int(chart.drawnPoints(id).size() + chart.drawnPoints(id, true).size());
    }

    const std::size_t total = chart.pointCount(id);
    const Stats dec = stats(decimateMs);
    const Stats frame = stats(frameMs);
    const Stats render = stats(renderMs);
    const Stats append = stats(batchMs);
    std::printf("%11lld  %8.2f  %8.2f  %8.3f  %8.3f  %8.2f  %8.2f  %8.2f  %7d  %6.1f  %6.1f  %s\n",
        qlonglong(total), double(chart.bytesUsed()) / double(total), double(CurveData::kBytesPerPoint),
        dec.median, dec.p95, frame.median, frame.p95, render.median, drawn, append.median * 1e6 / kBatch,
        double(points) / (appendMs / 1000.0) / 1e6, frame.p95 < kTargetMs ? "yes" : "NO");
    std::fflush(stdout);
}

} // namespace

int main(int argc, char **argv)
{
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Frame time of the live curve chart at 1 M and 10 M points."));
    parser.addHelpOption();
    const QCommandLineOption pointsOption(
        QStringLiteral("points"), QStringLiteral("Run one size only: N points."), QStringLiteral("N"));
    const QCommandLineOption framesOption(QStringLiteral("frames"),
        QStringLiteral("Frames measured per size (default 30)."), QStringLiteral("F"), QStringLiteral("30"));
    parser.addOption(pointsOption);
    parser.addOption(framesOption);
    parser.process(app);

    bool ok = true;
    const int frames = parser.value(framesOption).toInt(&ok);
    if (!ok || frames < 1) {
        std::fprintf(stderr, "--frames needs a positive number\n");
        return 2;
    }
    std::vector<qint64> sizes = {1000000, 10000000};
    if (parser.isSet(pointsOption)) {
        const qint64 n = parser.value(pointsOption).toLongLong(&ok);
        if (!ok || n < 1 || n > CurveData::kMaxStep) {
            std::fprintf(stderr, "--points needs a number from 1 to %lld\n", qlonglong(CurveData::kMaxStep));
            return 2;
        }
        sizes = {n};
    }

    std::printf("bench_chart: one series, smoothing %.1f (raw + smoothed line drawn), %d x %d px, "
                "%d frames per size,\n%d points appended before each frame; target < %.0f ms per frame\n\n",
        kSmoothing, kWidth, kHeight, frames, kBatch, kTargetMs);
    std::printf("%11s  %8s  %8s  %8s  %8s  %8s  %8s  %8s  %7s  %6s  %6s  %s\n", "points", "B/pt", "B/pt",
        "decim.", "decim.", "frame", "frame", "render", "points", "append", "append", "frame p95");
    std::printf("%11s  %8s  %8s  %8s  %8s  %8s  %8s  %8s  %7s  %6s  %6s  %s\n", "", "held", "payload",
        "med ms", "p95 ms", "med ms", "p95 ms", "med ms", "drawn", "ns/pt", "Mpt/s", "< 16 ms");
    for (qint64 n : sizes)
        run(n, frames);
    std::printf(
        "\nframe = append is not included; decimate + replace() + render into a QImage.\n"
        "decim. = min/max decimation of the raw and the smoothed line alone (pyramid, no Qt Charts).\n"
        "render = the painting part of frame. append ns/pt: per point of a 1000-point batch;\n"
        "append Mpt/s: the initial fill in batches of 100 000.\n"
        "B/pt held = heap bytes per point incl. pyramids, smoothed copy and spare capacity.\n");
    return 0;
}
