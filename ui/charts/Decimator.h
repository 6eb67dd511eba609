#pragma once

#include "ui/charts/MinMaxPyramid.h"

#include <QList>
#include <QPointF>

#include <cstddef>
#include <cstdint>

namespace lk::ui {

/// What to draw: the visible x range split into pixel columns.
struct DecimationRequest
{
    double xFrom = 0;
    double xTo = 0;
    int columns = 0; ///< plot width in pixels
    /// Log-scale y: values ≤ 0 cannot be placed and are left out.
    bool positiveOnly = false;
};

/// Min/max decimation per pixel column (PlotJuggler, PulseView): whatever the number of points,
/// the drawn line keeps every column's extremes, so a spike is never lost, and the output has
/// at most 2 points per column plus one point on each side of the range (so that the line runs
/// on to the plot's edges).
///
/// Column c holds the points with columnStart(c) ≤ x < columnStart(c + 1); the last column also
/// holds x == xTo. A column with one or two drawable points hands them on as they are; a
/// column with more hands on its minimum and maximum at the column's centre (clamped to the
/// x extent of its points), the one nearer the column's first value first so that the line
/// from the previous column joins where the data does. A column whose minimum equals its
/// maximum gives one point.
///
/// Drawable: finite, and > 0 if positiveOnly. Other values are skipped (NaN loss shows as a
/// straight line across; the chart's read-out counts what was skipped).
///
/// x must be non-decreasing (binary search maps columns to index ranges, so a frame costs
/// O(columns · log n), independent of how many points a column holds).
class Decimator
{
public:
    /// Left edge of column c in x units (c == columns gives xTo exactly).
    static double columnStart(const DecimationRequest &request, int c);

    /// Appends the decimated points of (x[i], y[i]), i < n, to out. pyramid must cover y[0, n).
    template<typename X>
    static void decimate(const X *x, const float *y, std::size_t n, const MinMaxPyramid &pyramid,
        const DecimationRequest &request, QList<QPointF> &out);

    /// Index of the point whose x is nearest to target (ties: the earlier); n must be > 0.
    template<typename X>
    static std::size_t nearest(const X *x, std::size_t n, double target);
};

extern template void Decimator::decimate<std::uint32_t>(const std::uint32_t *, const float *, std::size_t,
    const MinMaxPyramid &, const DecimationRequest &, QList<QPointF> &);
extern template void Decimator::decimate<float>(const float *, const float *, std::size_t,
    const MinMaxPyramid &, const DecimationRequest &, QList<QPointF> &);
extern template void Decimator::decimate<double>(const double *, const float *, std::size_t,
    const MinMaxPyramid &, const DecimationRequest &, QList<QPointF> &);
extern template std::size_t Decimator::nearest<std::uint32_t>(const std::uint32_t *, std::size_t, double);
extern template std::size_t Decimator::nearest<float>(const float *, std::size_t, double);
extern template std::size_t Decimator::nearest<double>(const double *, std::size_t, double);

} // namespace lk::ui
