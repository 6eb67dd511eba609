#pragma once

// Streaming change detectors for a node's escalation stream (1 = the prediction escalated,
// 0 = it did not; any bounded real values work). Each add() is O(1) amortized and allocates
// nothing: the state is a few numbers (Page–Hinkley) or a fixed-size exponential histogram
// (ADWIN). Both are pure state machines: no clock, no I/O, deterministic for a given stream.

#include <QtGlobal>

#include <array>

namespace lk::drift {

/// Page–Hinkley test for an INCREASE of the mean (Page 1954; Hinkley 1971), in the streaming form
/// m_t = α·m_{t−1} + (x_t − x̄_t − δ), M_t = min(M_0 … M_t), change when m_t − M_t > λ, where x̄_t is
/// the mean since the last reset. After a detection it starts afresh from the next observation.
class PageHinkley
{
public:
    /// Tuning of the test. The defaults are for a 0/1 escalation stream around a 10 % rate:
    /// measured on Bernoulli(0.1) streams they give no false alarm in 300,000 observations and
    /// detect a step to 30 % after ~250 observations, a step to 15 % after ~1,400. river's
    /// defaults (δ 0.005, α 1 − 1e-4) raised two false alarms per 100,000 there: with α < 1 the
    /// sum fades back towards 0 while its running minimum does not, so the gap between them grows
    /// on a stationary stream. The false-alarm rate grows with the stream's variance: at a 20 %
    /// base rate one in 1,000,000 observations, at 30 % about one in 90,000 — raise λ for lines
    /// that escalate that often.
    struct Params
    {
        /// Change in the mean tolerated without counting: one escalation-rate point.
        double delta = 0.01;
        /// Detection threshold on m_t − M_t; larger: fewer false alarms, later detections.
        double lambda = 50;
        /// Fading factor of the cumulative sum, in (0, 1]; 1 is the classic test (see above).
        double alpha = 1.0;
        /// Observations after a reset before a detection may be reported.
        qint64 minInstances = 30;

        /// Throws lk::Error(Usage) naming the first invalid parameter (δ < 0, λ ≤ 0, α not in
        /// (0, 1], minInstances < 1).
        void validate() const;
    };

    /// A detector with the default parameters.
    PageHinkley();
    /// A detector with `params`; throws lk::Error(Usage) if they are invalid.
    explicit PageHinkley(const Params &params);

    /// Adds one observation; true when it completes a detected increase (the detector then
    /// resets). Throws lk::Error(Input) for NaN or infinity.
    bool add(double x);
    /// Forgets everything seen since the last reset (the detection count stays).
    void reset();

    /// m_t − M_t, the test statistic now (0 right after a reset).
    double statistic() const { return m_sum - m_min; }
    /// The statistic when the last detection fired (0 if none did).
    double lastDetectionStatistic() const { return m_lastDetectionStatistic; }
    /// Mean of the observations since the last reset.
    double mean() const { return m_mean; }
    /// Observations since the last reset.
    qint64 count() const { return m_count; }
    /// Detections since construction.
    qint64 detections() const { return m_detections; }
    /// The parameters in use.
    const Params &params() const { return m_params; }

private:
    Params m_params;
    qint64 m_count = 0;
    double m_mean = 0;
    double m_sum = 0;
    double m_min = 0;
    double m_lastDetectionStatistic = 0;
    qint64 m_detections = 0;
};

/// ADWIN2, the adaptive sliding window of Bifet & Gavaldà ("Learning from Time-Changing Data with
/// Adaptive Windowing", SDM 2007). The window W holds the recent stream compressed into an
/// exponential histogram: buckets of 2^i observations, at most kMaxBucketsPerLevel of each size,
/// each keeping its sum and its sum of squared deviations. Every kClock observations the window
/// is checked at every bucket boundary, splitting it into an older W0 and a newer W1; if
/// |μ̂0 − μ̂1| ≥ ε_cut for some split, the oldest bucket is dropped and the check repeats. With
/// m = 1/(1/n0 + 1/n1), σ² the variance of W and δ' = δ / ln|W| (a union bound over the
/// O(log |W|) boundaries checked),
///     ε_cut = √(2/m · σ² · ln(2/δ')) + 2/(3m) · ln(2/δ')
/// (the paper's Bernstein-type bound for bounded data). A check costs O(M·log |W|), so an
/// add() costs O(M·log|W| / clock) amortized: about 2 bucket visits per observation at
/// |W| = 10^5. Memory is fixed (kMaxLevels levels), nothing is allocated after construction.
class Adwin
{
public:
    /// M of the paper: buckets of one size kept before the two oldest merge. Larger: a finer
    /// window (cuts nearer the change) for more memory and check time; 5 as in the paper.
    static constexpr int kMaxBucketsPerLevel = 5;
    /// Observations between two checks for a cut; a change is seen at most this late.
    static constexpr int kClock = 32;
    /// Neither part of a split may hold fewer observations than this, so that a handful of
    /// values cannot cut the window.
    static constexpr qint64 kMinSubWindow = 5;
    /// Bucket levels kept; the window holds up to M·(2^kMaxLevels − 1) observations.
    static constexpr int kMaxLevels = 48;

    /// A detector with confidence parameter δ in (0, 1): the probability of cutting a window
    /// whose mean did not change is bounded by δ. Throws lk::Error(Usage) otherwise.
    explicit Adwin(double delta = 0.002);

    /// Adds one observation; true when the window was cut (a change was detected) during this
    /// call. Throws lk::Error(Input) for NaN or infinity.
    bool add(double x);
    /// Empties the window (the detection count stays).
    void reset();

    /// Mean of the observations in the window (0 when it is empty).
    double mean() const { return m_width > 0 ? m_total / double(m_width) : 0.0; }
    /// Population variance of the window (0 when it is empty).
    double variance() const { return m_width > 0 ? m_m2 / double(m_width) : 0.0; }
    /// Observations in the window.
    qint64 width() const { return m_width; }
    /// Cuts since construction (a detected change may take several cuts; it counts once per add).
    qint64 detections() const { return m_detections; }
    /// The confidence parameter δ in use.
    double delta() const { return m_delta; }

private:
    struct Bucket
    {
        double total = 0; ///< sum of the bucket's observations
        double m2 = 0; ///< sum of their squared deviations from the bucket's mean
    };
    /// The buckets of one size, a ring from oldest to newest.
    struct Level
    {
        std::array<Bucket, kMaxBucketsPerLevel + 1> buckets;
        int first = 0;
        int count = 0;

        Bucket &at(int i) { return buckets[std::size_t((first + i) % (kMaxBucketsPerLevel + 1))]; }
        const Bucket &at(int i) const
        {
            return buckets[std::size_t((first + i) % (kMaxBucketsPerLevel + 1))];
        }
    };

    void insert(double x);
    bool cutOnce();
    void dropOldest();

    double m_delta;
    std::array<Level, kMaxLevels> m_levels;
    int m_levelCount = 0; ///< levels in use (the highest holds the oldest buckets)
    qint64 m_width = 0;
    double m_total = 0;
    double m_m2 = 0;
    int m_sinceCheck = 0;
    qint64 m_detections = 0;
};

} // namespace lk::drift
