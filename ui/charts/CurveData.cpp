#include "ui/charts/CurveData.h"

#include <cmath>
#include <limits>

namespace lk::ui {

namespace {
// Precision is what float gives: plotting needs no more, and it halves the memory of double.
bool toStoredFloat(double v, float &stored)
{
    stored = float(v);
    return std::isfinite(stored);
}
} // namespace

QString CurveData::append(const CurvePoint *points, std::size_t count)
{
    // Validate the whole batch before storing any of it: a refused batch leaves no trace.
    std::uint32_t lastStep = m_steps.empty() ? 0 : m_steps.back();
    float lastEpoch = m_epochs.empty() ? -std::numeric_limits<float>::infinity() : m_epochs.back();
    float lastWall = m_wallSeconds.empty() ? -std::numeric_limits<float>::infinity() : m_wallSeconds.back();
    for (std::size_t i = 0; i < count; ++i) {
        const CurvePoint &p = points[i];
        float epoch = 0;
        float wall = 0;
        if (p.step < 0 || p.step > kMaxStep)
            return tr("Point %1 of the batch has step %2, outside 0…%3. Nothing was added.")
                .arg(i)
                .arg(p.step)
                .arg(kMaxStep);
        if (!toStoredFloat(p.epoch, epoch) || !toStoredFloat(p.wallSeconds, wall))
            return tr("Point %1 of the batch has an epoch or wall time that is not a finite number. "
                      "Nothing was added.")
                .arg(i);
        const bool stepBack = std::uint32_t(p.step) < lastStep;
        if (stepBack || epoch < lastEpoch || wall < lastWall)
            return tr("Point %1 of the batch goes back in %2: points must be appended in the order "
                      "they were measured (start a new series for a resumed run). Nothing was added.")
                .arg(i)
                .arg(stepBack               ? tr("step")
                        : epoch < lastEpoch ? tr("epoch")
                                            : tr("wall time"));
        lastStep = std::uint32_t(p.step);
        lastEpoch = epoch;
        lastWall = wall;
    }

    const std::size_t oldSize = size();
    for (std::size_t i = 0; i < count; ++i) {
        const CurvePoint &p = points[i];
        const float v = float(p.value);
        m_steps.push_back(std::uint32_t(p.step));
        m_epochs.push_back(float(p.epoch));
        m_wallSeconds.push_back(float(p.wallSeconds));
        m_values.push_back(v);
        if (!std::isfinite(v))
            ++m_nonFinite;
        else if (v <= 0)
            ++m_nonPositive;
    }
    m_pyramid.extend(m_values.data(), m_values.size());
    if (isSmoothed()) {
        if (m_ema.update(m_values, m_smoothed) < oldSize)
            m_smoothedPyramid.clear(); // earlier smoothed values were rewritten
        m_smoothedPyramid.extend(m_smoothed.data(), m_smoothed.size());
    }
    return {};
}

void CurveData::reserve(std::size_t count)
{
    m_steps.reserve(count);
    m_epochs.reserve(count);
    m_wallSeconds.reserve(count);
    m_values.reserve(count);
    if (isSmoothed())
        m_smoothed.reserve(count);
}

void CurveData::clear()
{
    const double weight = smoothing();
    *this = CurveData();
    m_ema = DebiasedEma(weight);
}

CurvePoint CurveData::point(std::size_t i) const
{
    return {qint64(m_steps[i]), double(m_epochs[i]), double(m_wallSeconds[i]), double(m_values[i])};
}

double CurveData::x(CurveXAxis axis, std::size_t i) const
{
    switch (axis) {
    case CurveXAxis::Step:
        return double(m_steps[i]);
    case CurveXAxis::Epoch:
        return double(m_epochs[i]);
    case CurveXAxis::WallTime:
        return double(m_wallSeconds[i]);
    }
    return 0;
}

std::pair<double, double> CurveData::xExtent(CurveXAxis axis) const
{
    if (isEmpty())
        return {0, 0};
    return {x(axis, 0), x(axis, size() - 1)};
}

void CurveData::setSmoothing(double weight)
{
    DebiasedEma ema(weight);
    if (ema.weight() == m_ema.weight())
        return;
    m_ema = ema;
    m_smoothedPyramid.clear();
    if (!isSmoothed()) {
        // Off: give the memory back rather than keep a copy nobody draws.
        std::vector<float>().swap(m_smoothed);
        return;
    }
    m_smoothed.clear();
    m_smoothed.reserve(m_values.capacity());
    m_ema.update(m_values, m_smoothed);
    m_smoothedPyramid.extend(m_smoothed.data(), m_smoothed.size());
}

void CurveData::decimate(
    CurveXAxis axis, bool smoothed, const DecimationRequest &request, QList<QPointF> &out) const
{
    const bool useSmoothed = smoothed && isSmoothed();
    const float *y = useSmoothed ? m_smoothed.data() : m_values.data();
    const MinMaxPyramid &pyr = pyramid(useSmoothed);
    switch (axis) {
    case CurveXAxis::Step:
        Decimator::decimate(m_steps.data(), y, size(), pyr, request, out);
        break;
    case CurveXAxis::Epoch:
        Decimator::decimate(m_epochs.data(), y, size(), pyr, request, out);
        break;
    case CurveXAxis::WallTime:
        Decimator::decimate(m_wallSeconds.data(), y, size(), pyr, request, out);
        break;
    }
}

std::size_t CurveData::nearest(CurveXAxis axis, double x) const
{
    if (isEmpty())
        return 0;
    switch (axis) {
    case CurveXAxis::Step:
        return Decimator::nearest(m_steps.data(), size(), x);
    case CurveXAxis::Epoch:
        return Decimator::nearest(m_epochs.data(), size(), x);
    case CurveXAxis::WallTime:
        return Decimator::nearest(m_wallSeconds.data(), size(), x);
    }
    return 0;
}

std::size_t CurveData::bytesAllocated() const
{
    return m_steps.capacity() * sizeof(std::uint32_t)
        + (m_epochs.capacity() + m_wallSeconds.capacity() + m_values.capacity() + m_smoothed.capacity())
        * sizeof(float)
        + m_pyramid.bytesAllocated() + m_smoothedPyramid.bytesAllocated();
}

} // namespace lk::ui
