#pragma once

#include "ui/charts/DebiasedEma.h"
#include "ui/charts/Decimator.h"
#include "ui/charts/MinMaxPyramid.h"

#include <QCoreApplication>
#include <QList>
#include <QPointF>
#include <QString>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace lk::ui {

/// The three x units every curve point carries; the chart draws against one at a time.
enum class CurveXAxis {
    Step, ///< optimizer step
    Epoch, ///< epochs, fractional within an epoch
    WallTime, ///< seconds since the run started
};

/// One measurement of a curve, located on all three x axes at once.
struct CurvePoint
{
    qint64 step = 0; ///< 0 … CurveData::kMaxStep
    double epoch = 0; ///< stored as float: ~7 significant digits
    double wallSeconds = 0; ///< since run start; stored as float (8 ms resolution at 1 day)
    double value = 0; ///< loss, accuracy, …; stored as float; NaN/±inf are kept but not drawn
};

/// An append-only curve in a compact column layout, with what the chart needs to draw it
/// fast: a min/max pyramid over the values and, when smoothing is on, the smoothed values and
/// their own pyramid. No widgets; not thread-safe (one thread at a time per instance).
///
/// Bytes per point: 16 (step uint32, epoch, wall time and value as float) + ≈0.8 for the
/// pyramid; smoothing adds 4 + ≈0.8. 10 M points take ≈170 MB (≈ 220 MB smoothed), plus up to
/// 2× while the vectors grow unless reserve() was given the expected count.
class CurveData
{
    Q_DECLARE_TR_FUNCTIONS(lk::ui::CurveData)
public:
    static constexpr std::size_t kBytesPerPoint = 16;
    static constexpr std::size_t kSmoothedBytesPerPoint = 4;
    static constexpr qint64 kMaxStep = 0xFFFFFFFFLL;

    /// Appends a batch in amortized O(count). Step, epoch and wall time must each be
    /// non-decreasing and finite (step within 0…kMaxStep); a batch that breaks this is refused
    /// whole. Returns an error message, or an empty string on success.
    QString append(const CurvePoint *points, std::size_t count);
    /// Makes room for count points in all, so that growth never copies the columns.
    void reserve(std::size_t count);
    /// Removes all points (keeps the smoothing weight).
    void clear();

    /// Number of points.
    std::size_t size() const { return m_values.size(); }
    /// True if there are no points.
    bool isEmpty() const { return m_values.empty(); }
    /// Point i as stored (float precision).
    CurvePoint point(std::size_t i) const;
    /// x of point i in the given unit.
    double x(CurveXAxis axis, std::size_t i) const;
    /// The raw value of point i.
    float value(std::size_t i) const { return m_values[i]; }
    /// The smoothed value of point i (the raw value while smoothing is off).
    float smoothedValue(std::size_t i) const { return isSmoothed() ? m_smoothed[i] : m_values[i]; }
    /// x range [first, last] in the given unit; {0, 0} when empty.
    std::pair<double, double> xExtent(CurveXAxis axis) const;

    /// Sets the TensorBoard smoothing weight (clamped to 0…0.999; 0 = off). O(n) when it changes.
    void setSmoothing(double weight);
    /// The smoothing weight in use.
    double smoothing() const { return m_ema.weight(); }
    /// True if a smoothed series is kept.
    bool isSmoothed() const { return m_ema.weight() > 0; }

    /// Decimated points of the raw (or smoothed) values over request's x range, appended to out.
    void decimate(
        CurveXAxis axis, bool smoothed, const DecimationRequest &request, QList<QPointF> &out) const;
    /// Index of the point nearest to x in the given unit; size() when empty.
    std::size_t nearest(CurveXAxis axis, double x) const;

    /// Points whose value is NaN or ±inf (never drawn).
    std::size_t nonFiniteCount() const { return m_nonFinite; }
    /// Points whose value is finite and ≤ 0 (not drawn on a log scale).
    std::size_t nonPositiveCount() const { return m_nonPositive; }
    /// Heap bytes held, including spare capacity and the pyramids.
    std::size_t bytesAllocated() const;
    /// The pyramid over the raw (or smoothed) values.
    const MinMaxPyramid &pyramid(bool smoothed) const { return smoothed ? m_smoothedPyramid : m_pyramid; }

private:
    std::vector<std::uint32_t> m_steps;
    std::vector<float> m_epochs;
    std::vector<float> m_wallSeconds;
    std::vector<float> m_values;
    MinMaxPyramid m_pyramid;
    std::vector<float> m_smoothed;
    MinMaxPyramid m_smoothedPyramid;
    DebiasedEma m_ema;
    std::size_t m_nonFinite = 0;
    std::size_t m_nonPositive = 0;
};

} // namespace lk::ui
