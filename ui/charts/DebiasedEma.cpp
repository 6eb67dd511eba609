#include "ui/charts/DebiasedEma.h"

#include <algorithm>
#include <cmath>

namespace lk::ui {

DebiasedEma::DebiasedEma(double weight)
    : m_weight(std::isfinite(weight) ? std::clamp(weight, 0.0, kMaxWeight) : 0.0)
{ }

void DebiasedEma::reset()
{
    m_last = 0;
    m_weightPower = 1;
    m_constant = true;
}

std::size_t DebiasedEma::update(const std::vector<float> &raw, std::vector<float> &smoothed)
{
    std::size_t begin = std::min(smoothed.size(), raw.size());
    if (begin == 0)
        reset();
    smoothed.resize(raw.size());
    if (begin == raw.size())
        return begin;

    if (m_constant) {
        const float first = raw.front();
        const auto differs = std::find_if(
            raw.begin() + std::ptrdiff_t(begin), raw.end(), [first](float v) { return !(v == first); });
        if (differs == raw.end()) {
            std::copy(
                raw.begin() + std::ptrdiff_t(begin), raw.end(), smoothed.begin() + std::ptrdiff_t(begin));
            return begin;
        }
        // TensorBoard decides constancy over the whole series: now that it no longer holds,
        // the values shown as they were must go through the filter too.
        m_constant = false;
        m_last = 0;
        m_weightPower = 1;
        begin = 0;
    }
    smoothFrom(raw, smoothed, begin);
    return begin;
}

void DebiasedEma::smoothFrom(const std::vector<float> &raw, std::vector<float> &smoothed, std::size_t begin)
{
    const double w = m_weight;
    double last = m_last;
    double power = m_weightPower;
    for (std::size_t i = begin; i < raw.size(); ++i) {
        const double y = raw[i];
        if (!std::isfinite(y)) {
            smoothed[i] = raw[i];
            continue;
        }
        last = last * w + (1 - w) * y;
        power *= w;
        smoothed[i] = float(last / (1 - power));
    }
    m_last = last;
    m_weightPower = power;
}

} // namespace lk::ui
