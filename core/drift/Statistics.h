#pragma once

// Two-sample statistics for drift detection: do two windows of observations (a baseline and a
// recent one) come from the same distribution? Kolmogorov–Smirnov and the population stability
// index compare distributions of confidences, Mann–Whitney U compares their location, and the
// two-proportion z test compares rates (escalations, correct answers).
//
// Everything here is pure: numbers in, numbers out, no I/O. Each function says which textbook
// (and scipy) variant it computes; tests/python/drift_crosscheck.py checks them against scipy.
// Invalid input (an empty sample, NaN or infinity, a count out of range) throws
// lk::Error(Input) saying which argument was wrong.

#include <QString>
#include <QtGlobal>

#include <vector>

namespace lk::drift {

// ---------------------------------------------------------------------------------------------
// Distributions
// ---------------------------------------------------------------------------------------------

/// Survival function of the standard normal distribution, P(Z > z).
double normalSf(double z);

/// Survival function of the Kolmogorov distribution (the limit of sqrt(n)·D_n),
/// Q(λ) = 2 Σ_{j≥1} (−1)^{j−1} exp(−2 j² λ²); 1 for λ ≤ 0. Accurate to ~1e-15 absolute.
double kolmogorovSf(double lambda);

/// The λ at which kolmogorovSf(λ) = p, for p in (0, 1) (bisection; 1e-12 in λ).
double kolmogorovIsf(double p);

// ---------------------------------------------------------------------------------------------
// Kolmogorov–Smirnov
// ---------------------------------------------------------------------------------------------

/// Result of a two-sample Kolmogorov–Smirnov test.
struct KsResult
{
    double statistic = 0; ///< D = sup |F_a(x) − F_b(x)| of the two empirical CDFs, in [0, 1]
    double pValue = 1; ///< two-sided, asymptotic (see ksTwoSample)
};

/// Two-sided two-sample Kolmogorov–Smirnov test. D is exact (ties handled as scipy's ks_2samp
/// does: both CDFs are evaluated at every distinct value). The p-value is the asymptotic
/// Kolmogorov distribution with Stephens' effective-n correction,
///     p = Q((√nₑ + 0.12 + 0.11/√nₑ) · D),  nₑ = n_a·n_b / (n_a + n_b)
/// (Stephens 1970; Numerical Recipes' probks; scipy's ks_2samp(mode='asymp') before 1.3). Current
/// scipy's ks_2samp(method='asymp') takes kstwo.sf(D, round(nₑ)) instead; with at least 20 values
/// in each sample the two agree within 10 % relative (or 0.002 absolute) for p-values above 1e-6,
/// closer as nₑ grows (about 1 % at nₑ = 1000); the cross-check test asserts it.
/// Takes the samples by value because it sorts them. Throws lk::Error(Input) for an empty sample
/// or a non-finite value.
KsResult ksTwoSample(std::vector<double> a, std::vector<double> b);

/// The smallest D that ksTwoSample() calls significant at `alpha` for samples of sizes n_a, n_b
/// (the inverse of its p-value formula); for explanations ("D = 0.21 above the critical 0.06").
double ksCriticalStatistic(qint64 na, qint64 nb, double alpha);

// ---------------------------------------------------------------------------------------------
// Population stability index
// ---------------------------------------------------------------------------------------------

/// The PSI of a current sample against a reference sample, with the bins behind it.
struct PsiResult
{
    double psi = 0; ///< Σ (c_i − r_i) · ln(c_i / r_i) over the bins, with smoothed shares
    std::vector<double> referenceShare; ///< share of the reference in each bin (unsmoothed)
    std::vector<double> currentShare; ///< share of the current sample in each bin (unsmoothed)
    /// Interior cut points, ascending, one fewer than the bins: bin 0 is (−∞, edges[0]), bin i
    /// is [edges[i−1], edges[i]), the last bin is [edges.back(), +∞). Nothing falls outside.
    std::vector<double> edges;
};

/// Shares below this count as this in the PSI sum, so that an empty bin gives a large but finite
/// term instead of ln(0): 1e-4 (0.01 %). Only the sum uses it; the reported shares are raw.
inline constexpr double kPsiEpsilon = 1e-4;

/// PSI with quantile bins of the reference: the cut points are the reference's order statistics
/// x_(⌊j·n/bins⌋) for j = 1 … bins−1 (0-based, sorted), duplicates dropped, so each bin holds
/// about 1/bins of the reference and a sample with many ties gets fewer, wider bins. Quantile
/// bins suit model confidences, which crowd near 1 where equal-width bins would lump them
/// together. A bin's share below kPsiEpsilon counts as kPsiEpsilon in the sum. Throws
/// lk::Error(Input) for an empty sample or a non-finite value, lk::Error(Usage) for bins < 1.
PsiResult psi(const std::vector<double> &reference, const std::vector<double> &current, int bins = 10);

/// PSI with the given interior cut points (ascending, finite, distinct), binned as documented at
/// PsiResult::edges; use equalWidthEdges() for fixed bins over a known range such as [0, 1].
PsiResult psiWithEdges(const std::vector<double> &reference, const std::vector<double> &current,
    const std::vector<double> &edges);

/// The bins−1 interior cut points that split [low, high] into `bins` equal-width bins.
std::vector<double> equalWidthEdges(double low, double high, int bins);

/// The conventional reading of a PSI: "stable" below 0.1, "moderate" from 0.1 to below 0.25,
/// "significant" from 0.25.
QString psiBand(double psi);

// ---------------------------------------------------------------------------------------------
// Mann–Whitney U
// ---------------------------------------------------------------------------------------------

/// Result of a Mann–Whitney U test of sample a against sample b.
struct MannWhitneyResult
{
    double u = 0; ///< U of sample a: pairs (x in a, y in b) with x > y, ties counting ½
    double z = 0; ///< continuity-corrected normal score; positive when a tends larger than b
    double pValue = 1; ///< two-sided
    double effect = 0; ///< rank-biserial correlation 2U/(n_a·n_b) − 1 in [−1, 1]; positive: a larger
};

/// Two-sided Mann–Whitney U test by the normal approximation with tie correction and continuity
/// correction, as scipy's mannwhitneyu(a, b, use_continuity=True, alternative='two-sided',
/// method='asymptotic'): z = (|U − n_a·n_b/2| − ½)/σ with σ² = n_a·n_b/12 · (n + 1 − Σ(t³ − t) /
/// (n(n − 1))), p = 2·P(Z > z), capped at 1. When every value is tied (σ = 0), z = 0 and p = 1.
/// Throws lk::Error(Input) for an empty sample or a non-finite value.
MannWhitneyResult mannWhitneyU(const std::vector<double> &a, const std::vector<double> &b);

// ---------------------------------------------------------------------------------------------
// Two proportions
// ---------------------------------------------------------------------------------------------

/// Result of a two-proportion z test.
struct ProportionResult
{
    double p1 = 0; ///< k1 / n1 (0 when n1 = 0)
    double p2 = 0; ///< k2 / n2 (0 when n2 = 0)
    double diff = 0; ///< p1 − p2
    double z = 0; ///< (p1 − p2) / pooled standard error
    double pValue = 1; ///< two-sided
};

/// Pooled two-sided z test of k1/n1 against k2/n2 (the same as Pearson's χ² test of the 2×2
/// table without Yates' correction: z² = χ²). When either n is 0, or the pooled proportion is 0
/// or 1 (no variance), there is no evidence of a difference: z = 0 and pValue = 1. Throws
/// lk::Error(Input) for negative counts or k > n.
ProportionResult twoProportionTest(qint64 k1, qint64 n1, qint64 k2, qint64 n2);

/// The one-sided p-value for "p1 > p2": P(Z > z) (½ when the test had no evidence, z = 0).
double oneSidedGreater(const ProportionResult &r);

} // namespace lk::drift
