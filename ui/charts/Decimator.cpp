#include "ui/charts/Decimator.h"

#include <algorithm>
#include <cmath>

namespace lk::ui {

double Decimator::columnStart(const DecimationRequest &request, int c)
{
    if (c >= request.columns)
        return request.xTo;
    // Clamped: rounding must not push a boundary past xTo, or columns would overlap.
    return std::min(request.xTo, request.xFrom + (request.xTo - request.xFrom) * c / request.columns);
}

template<typename X>
void Decimator::decimate(const X *x, const float *y, std::size_t n, const MinMaxPyramid &pyramid,
    const DecimationRequest &request, QList<QPointF> &out)
{
    const int columns = request.columns;
    if (n == 0 || columns <= 0 || !std::isfinite(request.xTo - request.xFrom)
        || !(request.xFrom <= request.xTo))
        return;
    const bool positiveOnly = request.positiveOnly;
    auto drawable = [positiveOnly](float v) { return std::isfinite(v) && (!positiveOnly || v > 0); };
    auto put = [&out](double px, float py) { out.append(QPointF(px, double(py))); };
    auto firstAtOrAfter = [x](std::size_t from, std::size_t to, double bound) {
        // Galloping from `from`: the next column boundary is usually a column's worth of points
        // ahead, so this stays within a few cache lines where a plain binary search over the
        // rest of a 40 MB column would miss the cache a dozen times.
        std::size_t step = 1;
        std::size_t lo = from;
        while (lo + step < to && double(x[lo + step]) < bound) {
            lo += step;
            step *= 2;
        }
        const std::size_t hi = std::min(to, lo + step);
        return std::size_t(
            std::lower_bound(x + lo, x + hi, bound, [](X a, double b) { return double(a) < b; }) - x);
    };

    const std::size_t first = firstAtOrAfter(0, n, request.xFrom);
    const std::size_t last = std::size_t(
        std::upper_bound(x + first, x + n, request.xTo, [](double b, X a) { return b < double(a); }) - x);
    out.reserve(out.size() + 2 * columns + 2);

    if (first > 0 && drawable(y[first - 1]))
        put(double(x[first - 1]), y[first - 1]);

    std::size_t begin = first;
    for (int c = 0; c < columns && begin < last; ++c) {
        const double right = columnStart(request, c + 1);
        const std::size_t end = c + 1 == columns ? last : firstAtOrAfter(begin, last, right);
        if (end - begin <= 2) {
            for (std::size_t i = begin; i < end; ++i)
                if (drawable(y[i]))
                    put(double(x[i]), y[i]);
        } else {
            const Envelope e = pyramid.query(y, begin, end);
            const float lo = positiveOnly ? e.minPositive : e.min;
            const float hi = positiveOnly ? e.maxPositive() : e.max;
            if (lo <= hi) {
                const double centre = (columnStart(request, c) + right) / 2;
                const double px = std::clamp(centre, double(x[begin]), double(x[end - 1]));
                const float start = y[begin];
                if (lo == hi) {
                    put(px, lo);
                } else if (drawable(start) && hi - start < start - lo) {
                    put(px, hi);
                    put(px, lo);
                } else {
                    put(px, lo);
                    put(px, hi);
                }
            }
        }
        begin = end;
    }

    if (last < n && drawable(y[last]))
        put(double(x[last]), y[last]);
}

template<typename X>
std::size_t Decimator::nearest(const X *x, std::size_t n, double target)
{
    const std::size_t i =
        std::size_t(std::lower_bound(x, x + n, target, [](X a, double b) { return double(a) < b; }) - x);
    if (i == 0)
        return 0;
    if (i == n)
        return n - 1;
    return target - double(x[i - 1]) <= double(x[i]) - target ? i - 1 : i;
}

template void Decimator::decimate<std::uint32_t>(const std::uint32_t *, const float *, std::size_t,
    const MinMaxPyramid &, const DecimationRequest &, QList<QPointF> &);
template void Decimator::decimate<float>(const float *, const float *, std::size_t, const MinMaxPyramid &,
    const DecimationRequest &, QList<QPointF> &);
template void Decimator::decimate<double>(const double *, const float *, std::size_t, const MinMaxPyramid &,
    const DecimationRequest &, QList<QPointF> &);
template std::size_t Decimator::nearest<std::uint32_t>(const std::uint32_t *, std::size_t, double);
template std::size_t Decimator::nearest<float>(const float *, std::size_t, double);
template std::size_t Decimator::nearest<double>(const double *, std::size_t, double);

} // namespace lk::ui
