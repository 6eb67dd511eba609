#include "ui/charts/MinMaxPyramid.h"

#include <algorithm>
#include <cmath>

namespace lk::ui {

void MinMaxPyramid::extend(const float *values, std::size_t count)
{
    if (count <= m_count)
        return;
    m_count = count;

    // Level 0 from the values, each level above from the one below; only complete blocks.
    std::size_t belowLength = count;
    for (std::size_t k = 0;; ++k) {
        const std::size_t length = belowLength / kFanout;
        if (length == 0)
            break;
        if (k == m_levels.size())
            m_levels.emplace_back();
        std::vector<Envelope> &level = m_levels[k];
        const std::size_t done = level.size();
        if (length == done)
            break; // nothing new up here, so nothing new further up either
        level.resize(length);
        for (std::size_t i = done; i < length; ++i) {
            Envelope e;
            if (k == 0) {
                const float *v = values + i * kFanout;
                for (std::size_t j = 0; j < kFanout; ++j)
                    e.add(v[j]);
            } else {
                const Envelope *below = m_levels[k - 1].data() + i * kFanout;
                for (std::size_t j = 0; j < kFanout; ++j)
                    e.merge(below[j]);
            }
            level[i] = e;
        }
        belowLength = length;
    }
}

void MinMaxPyramid::clear()
{
    std::vector<std::vector<Envelope>>().swap(m_levels); // and give the memory back
    m_count = 0;
}

Envelope MinMaxPyramid::query(const float *values, std::size_t begin, std::size_t end) const
{
    Envelope result;
    end = std::min(end, m_count);
    if (begin >= end)
        return result;

    // Climb while the range still spans whole blocks of the next level: the ragged head and
    // tail are read at the current level (fewer than 16 entries each), the middle one level up.
    std::size_t lo = begin;
    std::size_t hi = end;
    int k = -1; // -1: the values themselves
    auto readRange = [&](std::size_t from, std::size_t to) {
        if (k < 0) {
            for (std::size_t i = from; i < to; ++i)
                result.add(values[i]);
        } else {
            const Envelope *level = m_levels[std::size_t(k)].data();
            for (std::size_t i = from; i < to; ++i)
                result.merge(level[i]);
        }
    };
    while (k + 1 < levelCount()) {
        const std::size_t headEnd = (lo + kFanout - 1) / kFanout * kFanout;
        const std::size_t tailBegin = hi / kFanout * kFanout;
        if (headEnd >= tailBegin)
            break;
        readRange(lo, headEnd);
        readRange(tailBegin, hi);
        lo = headEnd / kFanout;
        hi = tailBegin / kFanout;
        ++k;
    }
    readRange(lo, hi);
    return result;
}

std::size_t MinMaxPyramid::bytesAllocated() const
{
    std::size_t bytes = m_levels.capacity() * sizeof(std::vector<Envelope>);
    for (const std::vector<Envelope> &level : m_levels)
        bytes += level.capacity() * sizeof(Envelope);
    return bytes;
}

} // namespace lk::ui
