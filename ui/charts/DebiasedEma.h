#pragma once

#include <cstddef>
#include <vector>

namespace lk::ui {

/// TensorBoard's scalar smoothing (vz_line_chart2 `resmoothDataset`), incremental so that a
/// live curve costs O(batch) per append. For every finite value y, with weight w and n the
/// number of finite values so far:
///     last = last·w + (1−w)·y;   shown = last / (1 − w^n)
/// starting from last = 0; the division removes the bias towards that 0 (at the first value
/// shown == y exactly). Like TensorBoard, non-finite values pass through unchanged and do not
/// advance n, and a series whose values are all equal is shown as it is (no rounding noise).
/// When an appended value ends that constancy, the whole series is smoothed again (once, O(n)).
/// Arithmetic in double, as TensorBoard's JavaScript does; results stored as float.
class DebiasedEma
{
public:
    static constexpr double kMaxWeight = 0.999;

    /// weight is clamped to [0, kMaxWeight]; 0 shows the values unchanged.
    explicit DebiasedEma(double weight = 0);

    /// The weight in use.
    double weight() const { return m_weight; }
    /// Brings smoothed up to raw's size. Returns the first index whose smoothed value was
    /// (re)written: smoothed's old size normally, 0 when constancy ended.
    std::size_t update(const std::vector<float> &raw, std::vector<float> &smoothed);
    /// Forgets the state; the next update() smooths from index 0.
    void reset();

private:
    void smoothFrom(const std::vector<float> &raw, std::vector<float> &smoothed, std::size_t begin);

    double m_weight = 0;
    double m_last = 0;
    double m_weightPower = 1; // w^n, kept as a running product rather than pow() per value
    bool m_constant = true; // every value so far equals the first (IEEE ==, as TensorBoard)
};

} // namespace lk::ui
