#include "core/drift/Detectors.h"

#include "core/common/Error.h"

#include <algorithm>
#include <cmath>

namespace lk::drift {

namespace {

void requireFinite(double x, const char *detector)
{
    if (!std::isfinite(x))
        throw Error(ErrorKind::Input,
            QStringLiteral("%1 observations must be finite numbers, not %2")
                .arg(QLatin1String(detector))
                .arg(x));
}

} // namespace

// ---------------------------------------------------------------------------------------------
// Page–Hinkley
// ---------------------------------------------------------------------------------------------

void PageHinkley::Params::validate() const
{
    const auto bad = [](const char *what) {
        throw Error(ErrorKind::Usage, QStringLiteral("Page-Hinkley: %1").arg(QLatin1String(what)));
    };
    if (!(delta >= 0) || !std::isfinite(delta))
        bad("delta must be a finite number, 0 or more");
    if (!(lambda > 0) || !std::isfinite(lambda))
        bad("lambda must be a finite number above 0");
    if (!(alpha > 0 && alpha <= 1))
        bad("alpha must be above 0 and at most 1");
    if (minInstances < 1)
        bad("min_instances must be 1 or more");
}

PageHinkley::PageHinkley()
    : PageHinkley(Params{})
{ }

PageHinkley::PageHinkley(const Params &params)
    : m_params(params)
{
    m_params.validate();
}

bool PageHinkley::add(double x)
{
    requireFinite(x, "Page-Hinkley");
    ++m_count;
    m_mean += (x - m_mean) / double(m_count);
    m_sum = m_params.alpha * m_sum + (x - m_mean - m_params.delta);
    m_min = std::min(m_min, m_sum);
    if (m_count >= m_params.minInstances && m_sum - m_min > m_params.lambda) {
        m_lastDetectionStatistic = m_sum - m_min;
        ++m_detections;
        reset();
        return true;
    }
    return false;
}

void PageHinkley::reset()
{
    m_count = 0;
    m_mean = 0;
    m_sum = 0;
    m_min = 0;
}

// ---------------------------------------------------------------------------------------------
// ADWIN2
// ---------------------------------------------------------------------------------------------

Adwin::Adwin(double delta)
    : m_delta(delta)
{
    if (!(delta > 0 && delta < 1))
        throw Error(
            ErrorKind::Usage, QStringLiteral("ADWIN: delta must be between 0 and 1, not %1").arg(delta));
}

bool Adwin::add(double x)
{
    requireFinite(x, "ADWIN");
    insert(x);
    if (++m_sinceCheck < kClock)
        return false;
    m_sinceCheck = 0;
    bool cut = false;
    while (cutOnce()) {
        dropOldest();
        cut = true;
    }
    if (cut)
        ++m_detections;
    return cut;
}

void Adwin::reset()
{
    for (Level &level : m_levels)
        level = Level{};
    m_levelCount = 0;
    m_width = 0;
    m_total = 0;
    m_m2 = 0;
    m_sinceCheck = 0;
}

void Adwin::insert(double x)
{
    // The window's statistics: Welford's update for one more value.
    const double oldMean = m_width > 0 ? m_total / double(m_width) : 0.0;
    ++m_width;
    m_total += x;
    m_m2 += (x - oldMean) * (x - m_total / double(m_width));

    // The new value is the newest bucket of level 0; a level that overflows merges its two
    // oldest buckets into the newest bucket of the next level (all of which are older).
    if (m_levelCount == 0)
        m_levelCount = 1;
    {
        Level &zero = m_levels[0];
        zero.at(zero.count) = Bucket{x, 0};
        ++zero.count;
    }
    for (int i = 0; i < m_levelCount && m_levels[std::size_t(i)].count > kMaxBucketsPerLevel; ++i) {
        Level &level = m_levels[std::size_t(i)];
        if (i + 1 == kMaxLevels) {
            dropOldest(); // a window of M·2^48 observations: forget the oldest rather than overflow
            break;
        }
        const Bucket older = level.at(0);
        const Bucket newer = level.at(1);
        level.first = (level.first + 2) % (kMaxBucketsPerLevel + 1);
        level.count -= 2;
        const double size = std::ldexp(1.0, i);
        const double gap = older.total / size - newer.total / size;
        Level &next = m_levels[std::size_t(i + 1)];
        next.at(next.count) = Bucket{older.total + newer.total, older.m2 + newer.m2 + size / 2 * gap * gap};
        ++next.count;
        if (i + 1 == m_levelCount)
            m_levelCount = i + 2;
    }
}

bool Adwin::cutOnce()
{
    if (m_width < 2 * kMinSubWindow)
        return false;
    const double n = double(m_width);
    const double variance = m_m2 / n;
    const double deltaPrime = m_delta / std::log(n);
    const double logTerm = std::log(2 / deltaPrime);
    double n1 = 0; // the newer part W1 grows bucket by bucket from the newest
    double sum1 = 0;
    for (int i = 0; i < m_levelCount; ++i) {
        const Level &level = m_levels[std::size_t(i)];
        const double size = std::ldexp(1.0, i);
        for (int b = level.count - 1; b >= 0; --b) {
            n1 += size;
            sum1 += level.at(b).total;
            const double n0 = n - n1;
            if (n0 < double(kMinSubWindow))
                return false;
            if (n1 < double(kMinSubWindow))
                continue;
            const double m = 1 / (1 / n0 + 1 / n1);
            const double epsilon = std::sqrt(2 / m * variance * logTerm) + 2 / (3 * m) * logTerm;
            if (std::abs((m_total - sum1) / n0 - sum1 / n1) >= epsilon)
                return true;
        }
    }
    return false;
}

void Adwin::dropOldest()
{
    while (m_levelCount > 0 && m_levels[std::size_t(m_levelCount - 1)].count == 0)
        --m_levelCount;
    if (m_levelCount == 0)
        return;
    const int top = m_levelCount - 1;
    Level &level = m_levels[std::size_t(top)];
    const Bucket oldest = level.at(0);
    level.first = (level.first + 1) % (kMaxBucketsPerLevel + 1);
    --level.count;
    if (level.count == 0)
        --m_levelCount;

    // Remove the bucket from the window's statistics (the parallel-variance formula backwards).
    const double size = std::ldexp(1.0, top);
    const double n = double(m_width);
    const double rest = n - size;
    if (rest <= 0) {
        m_width = 0;
        m_total = 0;
        m_m2 = 0;
        return;
    }
    const double restTotal = m_total - oldest.total;
    const double gap = oldest.total / size - restTotal / rest;
    m_m2 = std::max(0.0, m_m2 - oldest.m2 - size * rest / n * gap * gap);
    m_total = restTotal;
    m_width -= qint64(size);
}

} // namespace lk::drift
