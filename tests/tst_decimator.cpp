// The pure logic under the curve chart, against brute force and direct reference
// computations: the min/max pyramid, min/max decimation per pixel column, TensorBoard's
// debiased EMA, and the curve store that ties them together.
#include "ui/charts/CurveData.h"
#include "ui/charts/DebiasedEma.h"
#include "ui/charts/Decimator.h"
#include "ui/charts/MinMaxPyramid.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

using lk::ui::CurveData;
using lk::ui::CurvePoint;
using lk::ui::CurveXAxis;
using lk::ui::DebiasedEma;
using lk::ui::DecimationRequest;
using lk::ui::Decimator;
using lk::ui::Envelope;
using lk::ui::MinMaxPyramid;

namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr float kInf = std::numeric_limits<float>::infinity();

enum class Shape {
    Random, ///< noisy decaying loss
    Spikes, ///< mostly flat, a few huge spikes up and down
    WithNonFinite, ///< random with NaN and ±inf sprinkled in
    AllNaN,
    Constant,
    SignChanging, ///< negative, zero and positive values (log scale must skip ≤ 0)
};

std::vector<float> makeValues(Shape shape, std::size_t n, unsigned seed)
{
    std::mt19937 rng(seed);
    std::normal_distribution<float> noise(0.f, 0.1f);
    std::uniform_int_distribution<int> pick(0, 999);
    std::vector<float> y(n);
    for (std::size_t i = 0; i < n; ++i) {
        const float base = 2.f * std::exp(-float(i) / float(n + 1) * 4.f) + 0.1f;
        switch (shape) {
        case Shape::Random:
            y[i] = base + noise(rng);
            break;
        case Shape::Spikes: {
            const int p = pick(rng);
            y[i] = p == 0 ? 1e6f : p == 1 ? -1e6f : 1.f + noise(rng) * 0.01f;
            break;
        }
        case Shape::WithNonFinite: {
            const int p = pick(rng);
            y[i] = p < 20 ? kNaN : p == 20 ? kInf : p == 21 ? -kInf : base + noise(rng);
            break;
        }
        case Shape::AllNaN:
            y[i] = kNaN;
            break;
        case Shape::Constant:
            y[i] = 0.25f;
            break;
        case Shape::SignChanging:
            y[i] = pick(rng) < 50 ? 0.f : noise(rng) * 10.f;
            break;
        }
    }
    return y;
}

/// Non-decreasing x with uneven gaps; with duplicates, about a tenth of the gaps are 0.
std::vector<double> makeX(std::size_t n, bool duplicates, unsigned seed)
{
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> gap(0.2, 1.8);
    std::uniform_int_distribution<int> pick(0, 9);
    std::vector<double> x(n);
    double at = 100;
    for (std::size_t i = 0; i < n; ++i) {
        if (i > 0)
            at += duplicates && pick(rng) == 0 ? 0.0 : gap(rng);
        x[i] = at;
    }
    return x;
}

MinMaxPyramid buildInBatches(const std::vector<float> &values, std::size_t batch)
{
    MinMaxPyramid pyramid;
    for (std::size_t done = 0; done < values.size();) {
        done = std::min(values.size(), done + std::max<std::size_t>(batch, 1));
        pyramid.extend(values.data(), done);
    }
    return pyramid;
}

bool drawable(float v, bool positiveOnly)
{
    return std::isfinite(v) && (!positiveOnly || v > 0);
}

/// Column of x by the documented rule, found by scanning the boundaries; -1 outside the range.
int columnOf(double x, const DecimationRequest &r, const std::vector<double> &bounds)
{
    if (x < r.xFrom || x > r.xTo)
        return -1;
    const int c = int(std::upper_bound(bounds.begin(), bounds.end(), x) - bounds.begin()) - 1;
    return std::min(c, r.columns - 1);
}

/// Checks decimated output against brute force over the raw points: every column's drawn
/// min and max are the raw min and max of its drawable points, at most 2 points per column,
/// at most one point outside the range on each side, x in order. Returns "" or what failed.
template<typename X>
QString checkDecimation(const std::vector<X> &x, const std::vector<float> &y, const DecimationRequest &r,
    const QList<QPointF> &out)
{
    if (r.columns <= 0 || !(r.xFrom <= r.xTo))
        return out.isEmpty() ? QString() : QStringLiteral("output for an empty request");
    if (out.size() > 2 * r.columns + 2)
        return QStringLiteral("%1 points for %2 columns").arg(out.size()).arg(r.columns);
    for (int i = 1; i < out.size(); ++i)
        if (out[i].x() < out[i - 1].x())
            return QStringLiteral("x goes back at output %1").arg(i);

    std::vector<double> bounds(std::size_t(r.columns) + 1);
    for (int c = 0; c <= r.columns; ++c)
        bounds[std::size_t(c)] = Decimator::columnStart(r, c);

    std::vector<Envelope> expected(std::size_t(r.columns));
    std::vector<int> drawableCount(std::size_t(r.columns), 0);
    std::ptrdiff_t lastBefore = -1;
    std::ptrdiff_t firstAfter = -1;
    for (std::size_t i = 0; i < x.size(); ++i) {
        const double xi = double(x[i]);
        if (xi < r.xFrom)
            lastBefore = std::ptrdiff_t(i);
        if (xi > r.xTo && firstAfter < 0)
            firstAfter = std::ptrdiff_t(i);
        const int c = columnOf(xi, r, bounds);
        if (c < 0 || !drawable(y[i], r.positiveOnly))
            continue;
        ++drawableCount[std::size_t(c)];
        Envelope &e = expected[std::size_t(c)];
        e.min = std::min(e.min, y[i]);
        e.max = std::max(e.max, y[i]);
    }

    std::vector<Envelope> drawn(std::size_t(r.columns));
    std::vector<int> drawnCount(std::size_t(r.columns), 0);
    int before = 0;
    int after = 0;
    for (const QPointF &p : out) {
        if (!drawable(float(p.y()), r.positiveOnly))
            return QStringLiteral("undrawable value %1 drawn").arg(p.y());
        if (p.x() < r.xFrom) {
            ++before;
            if (lastBefore < 0 || p.x() != double(x[std::size_t(lastBefore)])
                || float(p.y()) != y[std::size_t(lastBefore)])
                return QStringLiteral("left end point is not the last point before the range");
            continue;
        }
        if (p.x() > r.xTo) {
            ++after;
            if (firstAfter < 0 || p.x() != double(x[std::size_t(firstAfter)])
                || float(p.y()) != y[std::size_t(firstAfter)])
                return QStringLiteral("right end point is not the first point after the range");
            continue;
        }
        const std::size_t c = std::size_t(columnOf(p.x(), r, bounds));
        ++drawnCount[c];
        drawn[c].min = std::min(drawn[c].min, float(p.y()));
        drawn[c].max = std::max(drawn[c].max, float(p.y()));
    }
    if (before > 1 || after > 1)
        return QStringLiteral("%1 points left and %2 right of the range").arg(before).arg(after);
    for (std::size_t c = 0; c < expected.size(); ++c) {
        if (drawnCount[c] > 2)
            return QStringLiteral("column %1 has %2 points").arg(c).arg(drawnCount[c]);
        if (drawableCount[c] == 0 && drawnCount[c] > 0)
            return QStringLiteral("column %1 has no data but %2 points").arg(c).arg(drawnCount[c]);
        if (drawableCount[c] > 0 && (drawn[c].min != expected[c].min || drawn[c].max != expected[c].max))
            return QStringLiteral("column %1: drawn %2…%3, raw %4…%5")
                .arg(c)
                .arg(drawn[c].min)
                .arg(drawn[c].max)
                .arg(expected[c].min)
                .arg(expected[c].max);
    }
    return {};
}

/// TensorBoard's resmoothDataset, transliterated: the reference the incremental EMA must match.
std::vector<double> tensorBoardSmoothing(const std::vector<float> &y, double w)
{
    std::vector<double> out(y.size());
    const bool isConstant = std::all_of(y.begin(), y.end(), [&](float v) { return v == y.front(); });
    double last = 0;
    int numAccum = 0;
    for (std::size_t i = 0; i < y.size(); ++i) {
        const double next = y[i];
        if (isConstant || !std::isfinite(next)) {
            out[i] = next;
            continue;
        }
        last = last * w + (1 - w) * next;
        ++numAccum;
        const double debias = w == 1 ? 1 : 1 - std::pow(w, numAccum);
        out[i] = last / debias;
    }
    return out;
}

bool sameFloat(float a, float b)
{
    return a == b || (std::isnan(a) && std::isnan(b));
}

QList<CurvePoint> makePoints(const std::vector<float> &values, std::size_t firstIndex)
{
    QList<CurvePoint> points;
    points.reserve(qsizetype(values.size()));
    for (std::size_t i = 0; i < values.size(); ++i) {
        const std::size_t k = firstIndex + i;
        points.append({qint64(k * 3), double(k) / 250.0, double(k) * 0.04, double(values[i])});
    }
    return points;
}

} // namespace

Q_DECLARE_METATYPE(Shape)
Q_DECLARE_METATYPE(QList<CurvePoint>)

class TestDecimator : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void pyramidIncrementalEqualsBatch_data()
    {
        QTest::addColumn<qsizetype>("count");
        QTest::addColumn<qsizetype>("batch");
        for (qsizetype n : {0, 1, 15, 16, 17, 255, 256, 257, 4095, 4096, 4097, 65536 + 17, 70001})
            for (qsizetype batch : {1, 7, 16, 300, 4097})
                QTest::addRow("n=%lld batch=%lld", qlonglong(n), qlonglong(batch)) << n << batch;
    }

    void pyramidIncrementalEqualsBatch()
    {
        QFETCH(qsizetype, count);
        QFETCH(qsizetype, batch);
        const std::vector<float> y = makeValues(Shape::WithNonFinite, std::size_t(count), 7);
        const MinMaxPyramid incremental = buildInBatches(y, std::size_t(batch));
        MinMaxPyramid atOnce;
        atOnce.extend(y.data(), y.size());
        QCOMPARE(incremental.levelCount(), atOnce.levelCount());
        QCOMPARE(incremental.coveredCount(), y.size());
        for (int k = 0; k < atOnce.levelCount(); ++k) {
            QCOMPARE(incremental.level(k).size(), atOnce.level(k).size());
            QVERIFY2(incremental.level(k) == atOnce.level(k), qPrintable(QStringLiteral("level %1").arg(k)));
            // And each entry is the envelope of its block of raw values.
            const std::size_t block = std::size_t(1) << (MinMaxPyramid::kFanoutBits * (k + 1));
            QCOMPARE(atOnce.level(k).size(), y.size() / block);
            for (std::size_t i = 0; i < atOnce.level(k).size(); ++i) {
                Envelope e;
                for (std::size_t j = i * block; j < (i + 1) * block; ++j)
                    e.add(y[j]);
                QVERIFY(atOnce.level(k)[i] == e);
            }
        }
    }

    void pyramidQueryMatchesBruteForce_data()
    {
        QTest::addColumn<Shape>("shape");
        QTest::addColumn<qsizetype>("count");
        QTest::newRow("random") << Shape::Random << qsizetype(100000);
        QTest::newRow("spikes") << Shape::Spikes << qsizetype(70001);
        QTest::newRow("non-finite") << Shape::WithNonFinite << qsizetype(20000);
        QTest::newRow("all NaN") << Shape::AllNaN << qsizetype(5000);
        QTest::newRow("sign changing") << Shape::SignChanging << qsizetype(20000);
        QTest::newRow("short") << Shape::Random << qsizetype(10);
    }

    void pyramidQueryMatchesBruteForce()
    {
        QFETCH(Shape, shape);
        QFETCH(qsizetype, count);
        const std::vector<float> y = makeValues(shape, std::size_t(count), 11);
        const MinMaxPyramid pyramid = buildInBatches(y, 1000);
        std::mt19937 rng(3);
        std::uniform_int_distribution<std::size_t> at(0, y.size());
        std::vector<std::pair<std::size_t, std::size_t>> ranges = {{0, y.size()}, {0, 0}, {1, 1},
            {0, std::min<std::size_t>(16, y.size())}, {y.size() / 2, y.size()}};
        for (int i = 0; i < 400; ++i) {
            std::size_t a = at(rng);
            std::size_t b = at(rng);
            if (a > b)
                std::swap(a, b);
            ranges.emplace_back(a, b);
        }
        for (const auto &[a, b] : ranges) {
            Envelope expected;
            for (std::size_t i = a; i < b; ++i)
                expected.add(y[i]);
            const Envelope got = pyramid.query(y.data(), a, b);
            QVERIFY2(got == expected, qPrintable(QStringLiteral("[%1, %2)").arg(a).arg(b)));
        }
    }

    void decimationMatchesBruteForce_data()
    {
        QTest::addColumn<Shape>("shape");
        QTest::addColumn<qsizetype>("count");
        QTest::addColumn<int>("columns");
        QTest::addColumn<double>("from"); // share of the data's x extent
        QTest::addColumn<double>("to");
        QTest::addColumn<bool>("positiveOnly");
        QTest::addColumn<bool>("duplicates");
        QTest::addColumn<qsizetype>("batch"); // pyramid built in appends of this size

        QTest::newRow("random, full") << Shape::Random << qsizetype(100000) << 1200 << 0.0 << 1.0 << false
                                      << false << qsizetype(100000);
        QTest::newRow("random, batches of 1")
            << Shape::Random << qsizetype(9000) << 300 << 0.0 << 1.0 << false << false << qsizetype(1);
        QTest::newRow("random, batches across 4096")
            << Shape::Random << qsizetype(70001) << 777 << 0.0 << 1.0 << false << false << qsizetype(4097);
        QTest::newRow("width 1") << Shape::Random << qsizetype(50000) << 1 << 0.0 << 1.0 << false << false
                                 << qsizetype(333);
        QTest::newRow("width 0") << Shape::Random << qsizetype(1000) << 0 << 0.0 << 1.0 << false << false
                                 << qsizetype(1000);
        QTest::newRow("range inside")
            << Shape::Random << qsizetype(100000) << 1200 << 0.31 << 0.35 << false << false << qsizetype(17);
        QTest::newRow("range narrower than a gap") << Shape::Random << qsizetype(1000) << 500 << 0.5001
                                                   << 0.50011 << false << false << qsizetype(1000);
        QTest::newRow("range straddles start")
            << Shape::Random << qsizetype(30000) << 640 << -0.5 << 0.5 << false << false << qsizetype(256);
        QTest::newRow("range left of data")
            << Shape::Random << qsizetype(30000) << 640 << -2.0 << -1.0 << false << false << qsizetype(256);
        QTest::newRow("range right of data")
            << Shape::Random << qsizetype(30000) << 640 << 2.0 << 3.0 << false << false << qsizetype(256);
        QTest::newRow("spikes") << Shape::Spikes << qsizetype(200000) << 997 << 0.0 << 1.0 << false << false
                                << qsizetype(65536);
        QTest::newRow("NaN and inf") << Shape::WithNonFinite << qsizetype(60000) << 800 << 0.0 << 1.0 << false
                                     << false << qsizetype(5000);
        QTest::newRow("all NaN") << Shape::AllNaN << qsizetype(5000) << 100 << 0.0 << 1.0 << false << false
                                 << qsizetype(5000);
        QTest::newRow("constant") << Shape::Constant << qsizetype(10000) << 100 << 0.0 << 1.0 << false
                                  << false << qsizetype(10000);
        QTest::newRow("one point") << Shape::Random << qsizetype(1) << 10 << -0.5 << 0.5 << false << false
                                   << qsizetype(1);
        QTest::newRow("empty") << Shape::Random << qsizetype(0) << 10 << 0.0 << 1.0 << false << false
                               << qsizetype(1);
        QTest::newRow("sparse: fewer points than columns")
            << Shape::Random << qsizetype(50) << 1200 << 0.0 << 1.0 << false << false << qsizetype(50);
        QTest::newRow("duplicate x") << Shape::Random << qsizetype(40000) << 900 << 0.0 << 1.0 << false
                                     << true << qsizetype(1234);
        QTest::newRow("log scale skips <= 0") << Shape::SignChanging << qsizetype(40000) << 900 << 0.0 << 1.0
                                              << true << false << qsizetype(1234);
        QTest::newRow("log scale, spikes")
            << Shape::Spikes << qsizetype(40000) << 900 << 0.1 << 0.9 << true << false << qsizetype(40000);
    }

    void decimationMatchesBruteForce()
    {
        QFETCH(Shape, shape);
        QFETCH(qsizetype, count);
        QFETCH(int, columns);
        QFETCH(double, from);
        QFETCH(double, to);
        QFETCH(bool, positiveOnly);
        QFETCH(bool, duplicates);
        QFETCH(qsizetype, batch);

        const std::vector<float> y = makeValues(shape, std::size_t(count), 5);
        const std::vector<double> x = makeX(std::size_t(count), duplicates, 9);
        const MinMaxPyramid pyramid = buildInBatches(y, std::size_t(batch));
        const double first = x.empty() ? 0 : x.front();
        const double span = x.empty() ? 1 : x.back() - x.front();
        const DecimationRequest request {first + from * span, first + to * span, columns, positiveOnly};

        QList<QPointF> out;
        Decimator::decimate(x.data(), y.data(), x.size(), pyramid, request, out);
        const QString failure = checkDecimation(x, y, request, out);
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
        if (shape == Shape::Spikes && columns > 0 && from <= 0 && to >= 1) {
            // The reason for min/max decimation: every spike survives.
            const auto [lo, hi] = std::minmax_element(
                out.begin(), out.end(), [](const QPointF &a, const QPointF &b) { return a.y() < b.y(); });
            QCOMPARE(hi->y(), 1e6);
            if (!positiveOnly)
                QCOMPARE(lo->y(), -1e6);
        }
        if (count == 0 || columns == 0)
            QVERIFY(out.isEmpty());
    }

    void decimationOfAPointWithAZeroWidthRange()
    {
        // A single point gives a degenerate range [x, x]: it lands in the last column.
        const std::vector<double> x = {4.0};
        const std::vector<float> y = {0.5f};
        const MinMaxPyramid pyramid = buildInBatches(y, 1);
        QList<QPointF> out;
        Decimator::decimate(x.data(), y.data(), 1, pyramid, DecimationRequest {4.0, 4.0, 10, false}, out);
        QCOMPARE(out, QList<QPointF>({QPointF(4.0, 0.5)}));
    }

    void decimationCostsColumnsNotPoints()
    {
        // A million points in 100 columns: output bounded by the columns, extremes kept.
        std::vector<float> y = makeValues(Shape::Random, 1000000, 1);
        y[123457] = 50.f;
        std::vector<std::uint32_t> x(y.size());
        for (std::size_t i = 0; i < x.size(); ++i)
            x[i] = std::uint32_t(i);
        const MinMaxPyramid pyramid = buildInBatches(y, 100000);
        QList<QPointF> out;
        const DecimationRequest request {0, double(x.size() - 1), 100, false};
        Decimator::decimate(x.data(), y.data(), x.size(), pyramid, request, out);
        QVERIFY(out.size() <= 2 * 100 + 2);
        QVERIFY(std::any_of(out.begin(), out.end(), [](const QPointF &p) { return p.y() == 50.0; }));
        const QString failure = checkDecimation(x, y, request, out);
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
    }

    void nearestPoint_data()
    {
        QTest::addColumn<double>("target");
        QTest::addColumn<qsizetype>("expected");
        // x = 0, 1, 1, 4, 10
        QTest::newRow("before all") << -5.0 << qsizetype(0);
        QTest::newRow("exact first") << 0.0 << qsizetype(0);
        QTest::newRow("between, nearer left") << 0.4 << qsizetype(0);
        QTest::newRow("duplicate x: first of them") << 1.0 << qsizetype(1);
        QTest::newRow("tie goes to the earlier") << 2.5 << qsizetype(2);
        QTest::newRow("nearer right") << 3.0 << qsizetype(3);
        QTest::newRow("after all") << 99.0 << qsizetype(4);
    }

    void nearestPoint()
    {
        QFETCH(double, target);
        QFETCH(qsizetype, expected);
        const std::vector<float> x = {0, 1, 1, 4, 10};
        QCOMPARE(qsizetype(Decimator::nearest(x.data(), x.size(), target)), expected);
    }

    void emaMatchesTensorBoard_data()
    {
        QTest::addColumn<Shape>("shape");
        QTest::addColumn<qsizetype>("count");
        QTest::addColumn<double>("weight");
        for (double w : {0.0, 0.3, 0.6, 0.9, 0.99, 0.999}) {
            QTest::addRow("random w=%g", w) << Shape::Random << qsizetype(5000) << w;
            QTest::addRow("NaN and inf w=%g", w) << Shape::WithNonFinite << qsizetype(5000) << w;
        }
        QTest::newRow("constant") << Shape::Constant << qsizetype(1000) << 0.9;
        QTest::newRow("one point") << Shape::Random << qsizetype(1) << 0.9;
        QTest::newRow("empty") << Shape::Random << qsizetype(0) << 0.9;
        QTest::newRow("all NaN") << Shape::AllNaN << qsizetype(10) << 0.9;
        QTest::newRow("sign changing") << Shape::SignChanging << qsizetype(3000) << 0.95;
    }

    void emaMatchesTensorBoard()
    {
        QFETCH(Shape, shape);
        QFETCH(qsizetype, count);
        QFETCH(double, weight);
        const std::vector<float> raw = makeValues(shape, std::size_t(count), 21);
        const std::vector<double> reference = tensorBoardSmoothing(raw, weight);

        DebiasedEma ema(weight);
        std::vector<float> smoothed;
        QCOMPARE(ema.update(raw, smoothed), std::size_t(0));
        QCOMPARE(smoothed.size(), raw.size());
        for (std::size_t i = 0; i < raw.size(); ++i) {
            const float expected = float(reference[i]);
            const bool close = sameFloat(smoothed[i], expected)
                || std::abs(smoothed[i] - expected) <= 1e-5f * std::max(1.f, std::abs(expected));
            QVERIFY2(close,
                qPrintable(QStringLiteral("i=%1: %2, TensorBoard %3").arg(i).arg(smoothed[i]).arg(expected)));
        }
        // Debiasing makes the first finite value come out as it went in.
        const auto firstFinite =
            std::find_if(raw.begin(), raw.end(), [](float v) { return std::isfinite(v); });
        if (firstFinite != raw.end())
            QCOMPARE(smoothed[std::size_t(firstFinite - raw.begin())], *firstFinite);
    }

    void emaByHand()
    {
        // y = 1, 2, 3 with w = 0.5: last = 0.5, 1.25, 2.125; debias = 0.5, 0.75, 0.875.
        DebiasedEma ema(0.5);
        std::vector<float> smoothed;
        ema.update({1.f, 2.f, 3.f}, smoothed);
        QCOMPARE(smoothed[0], 1.f);
        QCOMPARE(smoothed[1], float(1.25 / 0.75));
        QCOMPARE(smoothed[2], float(2.125 / 0.875));
    }

    void emaIncrementalEqualsAtOnce_data()
    {
        QTest::addColumn<Shape>("shape");
        QTest::addColumn<qsizetype>("batch");
        QTest::addColumn<bool>("constantThenChange");
        QTest::newRow("random, batches of 1") << Shape::Random << qsizetype(1) << false;
        QTest::newRow("random, batches of 333") << Shape::Random << qsizetype(333) << false;
        QTest::newRow("NaN and inf") << Shape::WithNonFinite << qsizetype(100) << false;
        QTest::newRow("constant") << Shape::Constant << qsizetype(100) << false;
        QTest::newRow("constant, then a change") << Shape::Constant << qsizetype(64) << true;
    }

    void emaIncrementalEqualsAtOnce()
    {
        QFETCH(Shape, shape);
        QFETCH(qsizetype, batch);
        QFETCH(bool, constantThenChange);
        std::vector<float> all = makeValues(shape, 3000, 4);
        if (constantThenChange)
            all[2000] = 0.5f;
        DebiasedEma atOnce(0.8);
        std::vector<float> expected;
        atOnce.update(all, expected);

        // Constancy ends at the first value unlike the first; if a later batch brings it, the
        // values shown as they were are smoothed again from index 0.
        const auto firstDifferent =
            std::find_if(all.begin(), all.end(), [&](float v) { return !(v == all[0]); });
        const bool expectRewind = firstDifferent != all.end() && firstDifferent - all.begin() >= batch;
        DebiasedEma incremental(0.8);
        std::vector<float> raw;
        std::vector<float> smoothed;
        bool rewound = false;
        for (std::size_t done = 0; done < all.size();) {
            const std::size_t next = std::min(all.size(), done + std::size_t(batch));
            raw.insert(raw.end(), all.begin() + std::ptrdiff_t(done), all.begin() + std::ptrdiff_t(next));
            const std::size_t changedFrom = incremental.update(raw, smoothed);
            if (changedFrom == 0 && done > 0)
                rewound = true;
            else
                QCOMPARE(changedFrom, done);
            done = next;
        }
        QCOMPARE(rewound, expectRewind);
        if (constantThenChange)
            QVERIFY(rewound);
        QCOMPARE(smoothed.size(), expected.size());
        for (std::size_t i = 0; i < all.size(); ++i)
            QVERIFY2(sameFloat(smoothed[i], expected[i]), qPrintable(QString::number(i)));
    }

    void emaWeightIsClamped()
    {
        QCOMPARE(DebiasedEma(-1).weight(), 0.0);
        QCOMPARE(DebiasedEma(1).weight(), DebiasedEma::kMaxWeight);
        QCOMPARE(DebiasedEma(std::numeric_limits<double>::quiet_NaN()).weight(), 0.0);
    }

    void curveDataRefusesBadBatchesWhole_data()
    {
        QTest::addColumn<QList<CurvePoint>>("batch");
        const CurvePoint ok {100, 1.0, 10.0, 0.5};
        auto with = [ok](auto change) {
            CurvePoint p = ok;
            change(p);
            return p;
        };
        QTest::newRow("step goes back in the batch")
            << QList<CurvePoint> {with([](CurvePoint &p) { p.step = 101; }), ok};
        QTest::newRow("step goes back against stored")
            << QList<CurvePoint> {with([](CurvePoint &p) { p.step = 9; })};
        QTest::newRow("epoch goes back") << QList<CurvePoint> {with([](CurvePoint &p) { p.epoch = 0.01; })};
        QTest::newRow("wall time goes back")
            << QList<CurvePoint> {ok, with([](CurvePoint &p) { p.wallSeconds = 9.0; })};
        QTest::newRow("negative step") << QList<CurvePoint> {with([](CurvePoint &p) { p.step = -1; })};
        QTest::newRow("step too large")
            << QList<CurvePoint> {with([](CurvePoint &p) { p.step = CurveData::kMaxStep + 1; })};
        QTest::newRow("NaN epoch") << QList<CurvePoint> {with([](CurvePoint &p) { p.epoch = std::nan(""); })};
        QTest::newRow("epoch beyond float")
            << QList<CurvePoint> {with([](CurvePoint &p) { p.epoch = 1e300; })};
        QTest::newRow("infinite wall time") << QList<CurvePoint> {
            ok, with([](CurvePoint &p) { p.wallSeconds = std::numeric_limits<double>::infinity(); })};
    }

    void curveDataRefusesBadBatchesWhole()
    {
        QFETCH(QList<CurvePoint>, batch);
        CurveData data;
        const CurvePoint stored[] = {{10, 0.1, 1.0, 1.0}, {20, 0.2, 2.0, 0.9}};
        QVERIFY(data.append(stored, 2).isEmpty());
        const QString error = data.append(batch.constData(), std::size_t(batch.size()));
        QVERIFY(!error.isEmpty());
        QVERIFY2(error.contains(QStringLiteral("Nothing was added")), qPrintable(error));
        QCOMPARE(data.size(), std::size_t(2));
        QCOMPARE(data.pyramid(false).coveredCount(), std::size_t(2));
    }

    void curveDataKeepsNonFiniteValuesAndCountsThem()
    {
        CurveData data;
        const QList<CurvePoint> points = makePoints({1.f, kNaN, -2.f, 0.f, kInf, 3.f}, 0);
        QVERIFY(data.append(points.constData(), std::size_t(points.size())).isEmpty());
        QCOMPARE(data.size(), std::size_t(6));
        QVERIFY(std::isnan(data.value(1)));
        QCOMPARE(data.nonFiniteCount(), std::size_t(2));
        QCOMPARE(data.nonPositiveCount(), std::size_t(2));
        QCOMPARE(data.point(5).step, qint64(15));
        QCOMPARE(data.x(CurveXAxis::WallTime, 5), double(float(5 * 0.04)));
    }

    void curveDataDecimatesEachAxis_data()
    {
        QTest::addColumn<int>("axis");
        QTest::addColumn<bool>("smoothed");
        QTest::addColumn<bool>("positiveOnly");
        QTest::newRow("step") << int(CurveXAxis::Step) << false << false;
        QTest::newRow("epoch") << int(CurveXAxis::Epoch) << false << false;
        QTest::newRow("wall time") << int(CurveXAxis::WallTime) << false << false;
        QTest::newRow("epoch, smoothed") << int(CurveXAxis::Epoch) << true << false;
        QTest::newRow("step, smoothed, log") << int(CurveXAxis::Step) << true << true;
    }

    void curveDataDecimatesEachAxis()
    {
        QFETCH(int, axis);
        QFETCH(bool, smoothed);
        QFETCH(bool, positiveOnly);
        const CurveXAxis xAxis = CurveXAxis(axis);
        const std::vector<float> values = makeValues(Shape::WithNonFinite, 50000, 8);
        CurveData data;
        if (smoothed)
            data.setSmoothing(0.9);
        // Batches that end on and across pyramid block boundaries.
        std::size_t done = 0;
        for (std::size_t batch : {1, 15, 16, 240, 3840, 4097, 41791}) {
            const std::vector<float> part(
                values.begin() + std::ptrdiff_t(done), values.begin() + std::ptrdiff_t(done + batch));
            const QList<CurvePoint> points = makePoints(part, done);
            QVERIFY(data.append(points.constData(), std::size_t(points.size())).isEmpty());
            done += batch;
        }
        QCOMPARE(data.size(), values.size());

        std::vector<double> x(values.size());
        std::vector<float> y(values.size());
        for (std::size_t i = 0; i < values.size(); ++i) {
            x[i] = data.x(xAxis, i);
            y[i] = smoothed ? data.smoothedValue(i) : data.value(i);
        }
        if (smoothed) {
            // The smoothed pyramid grown with the data equals one built over the final values.
            MinMaxPyramid atOnce;
            atOnce.extend(y.data(), y.size());
            for (int k = 0; k < atOnce.levelCount(); ++k)
                QVERIFY(data.pyramid(true).level(k) == atOnce.level(k));
        }
        const auto [first, last] = data.xExtent(xAxis);
        const DecimationRequest request {first + 0.1 * (last - first), last, 1100, positiveOnly};
        QList<QPointF> out;
        data.decimate(xAxis, smoothed, request, out);
        const QString failure = checkDecimation(x, y, request, out);
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
    }

    void curveDataSmoothingCanBeChangedAndTurnedOff()
    {
        const std::vector<float> values = makeValues(Shape::Random, 10000, 2);
        const QList<CurvePoint> points = makePoints(values, 0);
        CurveData data;
        QVERIFY(data.append(points.constData(), std::size_t(points.size())).isEmpty());
        const std::size_t plainBytes = data.bytesAllocated();
        data.setSmoothing(0.6);
        const std::vector<double> reference = tensorBoardSmoothing(values, 0.6);
        for (std::size_t i = 0; i < values.size(); i += 97)
            QVERIFY(std::abs(data.smoothedValue(i) - float(reference[i])) <= 1e-5f);
        QVERIFY(data.bytesAllocated() > plainBytes);
        data.setSmoothing(0);
        QCOMPARE(data.smoothedValue(5), data.value(5));
        QCOMPARE(data.bytesAllocated(), plainBytes);
    }

    void curveDataBytesPerPoint()
    {
        constexpr std::size_t n = 1 << 20;
        CurveData data;
        data.reserve(n);
        const QList<CurvePoint> points = makePoints(makeValues(Shape::Random, n, 3), 0);
        QVERIFY(data.append(points.constData(), n).isEmpty());
        const double perPoint = double(data.bytesAllocated()) / n;
        qInfo("bytes per point: %.2f (payload %zu)", perPoint, CurveData::kBytesPerPoint);
        QVERIFY(perPoint >= CurveData::kBytesPerPoint);
        QVERIFY(perPoint < CurveData::kBytesPerPoint + 1.5);
    }
};

QTEST_GUILESS_MAIN(TestDecimator)
#include "tst_decimator.moc"
