#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <vector>

namespace lk::ui {

/// Extremes of a run of values. Only finite values count: NaN and ±inf are data (a diverged
/// loss), but they cannot be placed on an axis, so the chart leaves them out and says so.
struct Envelope
{
    float min = std::numeric_limits<float>::infinity();
    float max = -std::numeric_limits<float>::infinity();
    /// Smallest value > 0, for a log-scale axis (+inf if there is none).
    float minPositive = std::numeric_limits<float>::infinity();

    /// True if no finite value went into it.
    bool isEmpty() const { return !(min <= max); }
    /// Largest value > 0 (−inf if there is none).
    float maxPositive() const { return max > 0 ? max : -std::numeric_limits<float>::infinity(); }
    /// Adds one value (non-finite values are ignored).
    void add(float v)
    {
        if (!std::isfinite(v))
            return;
        min = std::min(min, v);
        max = std::max(max, v);
        if (v > 0)
            minPositive = std::min(minPositive, v);
    }
    /// Merges another envelope into this one.
    void merge(const Envelope &other)
    {
        min = std::min(min, other.min);
        max = std::max(max, other.max);
        minPositive = std::min(minPositive, other.minPositive);
    }

    friend bool operator==(const Envelope &a, const Envelope &b)
    {
        return a.min == b.min && a.max == b.max && a.minPositive == b.minPositive;
    }
};

/// Min/max pyramid over an append-only array of values, after PulseView's envelope levels:
/// level k holds one Envelope per complete block of 16^(k+1) values. Appending n values costs
/// amortized O(n); the extremes of any index range cost O(16 · log16 n) instead of O(range),
/// which is what keeps a frame at 10 M points cheaper than one pass over them.
///
/// The pyramid does not own the values; every call gets the array it describes. Only complete
/// blocks are stored, so the levels after many small appends are identical to the levels after
/// one large one. Memory: 12 bytes per 16 values at level 0, 1/16 of that for each level above
/// (≈ 0.8 bytes per value in all).
class MinMaxPyramid
{
public:
    static constexpr int kFanoutBits = 4;
    static constexpr std::size_t kFanout = std::size_t(1) << kFanoutBits; ///< values per block

    /// Extends the levels to cover values[0, count); count must not shrink between calls.
    void extend(const float *values, std::size_t count);
    /// Forgets everything and frees the memory (the values changed, not just grew).
    void clear();
    /// Extremes of values[begin, end); values must be the array given to extend().
    Envelope query(const float *values, std::size_t begin, std::size_t end) const;

    /// Number of levels built (0 while fewer than 16 values).
    int levelCount() const { return int(m_levels.size()); }
    /// Level k: one Envelope per block of 16^(k+1) values.
    const std::vector<Envelope> &level(int k) const { return m_levels[std::size_t(k)]; }
    /// Values covered by extend() so far.
    std::size_t coveredCount() const { return m_count; }
    /// Heap bytes held by the levels.
    std::size_t bytesAllocated() const;

private:
    std::vector<std::vector<Envelope>> m_levels;
    std::size_t m_count = 0;
};

} // namespace lk::ui
