#include "core/drift/Statistics.h"

#include "core/common/Error.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <utility>

namespace lk::drift {

namespace {

constexpr double kPi = 3.14159265358979323846;

/// Refuses an empty sample or one with NaN or infinity, naming the argument.
void requireSample(const std::vector<double> &values, const char *what)
{
    if (values.empty())
        throw Error(ErrorKind::Input, QStringLiteral("the %1 sample is empty").arg(QLatin1String(what)));
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (!std::isfinite(values[i]))
            throw Error(ErrorKind::Input,
                QStringLiteral("the %1 sample has a value that is not a finite number at index %2")
                    .arg(QLatin1String(what))
                    .arg(qulonglong(i)));
    }
}

/// Bin of `x` for interior cut points `edges`: the number of cut points <= x.
std::size_t binOf(const std::vector<double> &edges, double x)
{
    return std::size_t(std::upper_bound(edges.begin(), edges.end(), x) - edges.begin());
}

std::vector<double> shares(const std::vector<double> &values, const std::vector<double> &edges)
{
    std::vector<double> counts(edges.size() + 1, 0.0);
    for (double x : values)
        counts[binOf(edges, x)] += 1;
    const double n = double(values.size());
    for (double &c : counts)
        c /= n;
    return counts;
}

} // namespace

double normalSf(double z)
{
    return 0.5 * std::erfc(z / std::sqrt(2.0));
}

double kolmogorovSf(double lambda)
{
    if (!(lambda > 0))
        return 1.0;
    if (lambda < 1.18) {
        // The alternating series converges slowly here; the Jacobi-theta form of the CDF,
        // √(2π)/λ Σ exp(−(2j−1)²π²/(8λ²)), converges in a few terms.
        const double q = -kPi * kPi / (8 * lambda * lambda);
        double cdf = 0;
        for (int j = 1; j <= 20; ++j) {
            const double k = 2.0 * j - 1;
            const double term = std::exp(k * k * q);
            cdf += term;
            if (term < 1e-17 * cdf)
                break;
        }
        cdf *= std::sqrt(2 * kPi) / lambda;
        return std::clamp(1.0 - cdf, 0.0, 1.0);
    }
    double sum = 0;
    double sign = 1;
    for (int j = 1; j <= 100; ++j) {
        const double term = std::exp(-2.0 * j * j * lambda * lambda);
        sum += sign * term;
        if (term <= 1e-17 * sum)
            break;
        sign = -sign;
    }
    return std::clamp(2 * sum, 0.0, 1.0);
}

double kolmogorovIsf(double p)
{
    if (!(p > 0 && p < 1))
        throw Error(
            ErrorKind::Usage, QStringLiteral("a significance level must be between 0 and 1, not %1").arg(p));
    double low = 0;
    double high = 40; // Q(40) underflows: every representable p lies below
    while (high - low > 1e-12) {
        const double mid = 0.5 * (low + high);
        (kolmogorovSf(mid) > p ? low : high) = mid;
    }
    return 0.5 * (low + high);
}

KsResult ksTwoSample(std::vector<double> a, std::vector<double> b)
{
    requireSample(a, "first");
    requireSample(b, "second");
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    const std::size_t na = a.size();
    const std::size_t nb = b.size();
    std::size_t i = 0;
    std::size_t j = 0;
    double d = 0;
    // Both CDFs at every distinct value: step past all copies of it in both samples first.
    while (i < na || j < nb) {
        const double v = i == na ? b[j] : j == nb ? a[i] : std::min(a[i], b[j]);
        while (i < na && a[i] <= v)
            ++i;
        while (j < nb && b[j] <= v)
            ++j;
        d = std::max(d, std::abs(double(i) / double(na) - double(j) / double(nb)));
    }
    const double en = double(na) * double(nb) / double(na + nb);
    const double s = std::sqrt(en);
    return {d, kolmogorovSf((s + 0.12 + 0.11 / s) * d)};
}

double ksCriticalStatistic(qint64 na, qint64 nb, double alpha)
{
    if (na < 1 || nb < 1)
        throw Error(ErrorKind::Usage, QStringLiteral("both samples need at least one value"));
    const double en = double(na) * double(nb) / double(na + nb);
    const double s = std::sqrt(en);
    return kolmogorovIsf(alpha) / (s + 0.12 + 0.11 / s);
}

PsiResult psi(const std::vector<double> &reference, const std::vector<double> &current, int bins)
{
    if (bins < 1)
        throw Error(ErrorKind::Usage, QStringLiteral("the PSI needs at least 1 bin, not %1").arg(bins));
    requireSample(reference, "reference");
    requireSample(current, "current");
    std::vector<double> sorted = reference;
    std::sort(sorted.begin(), sorted.end());
    const std::size_t n = sorted.size();
    std::vector<double> edges;
    edges.reserve(std::size_t(bins));
    for (int j = 1; j < bins; ++j) {
        const double cut = sorted[std::min(n - 1, std::size_t(j) * n / std::size_t(bins))];
        if (edges.empty() || cut > edges.back())
            edges.push_back(cut);
    }
    return psiWithEdges(reference, current, edges);
}

PsiResult psiWithEdges(const std::vector<double> &reference, const std::vector<double> &current,
    const std::vector<double> &edges)
{
    requireSample(reference, "reference");
    requireSample(current, "current");
    for (std::size_t i = 0; i < edges.size(); ++i) {
        if (!std::isfinite(edges[i]) || (i > 0 && !(edges[i] > edges[i - 1])))
            throw Error(ErrorKind::Usage,
                QStringLiteral("PSI cut points must be finite and strictly ascending (cut %1 is not)")
                    .arg(qulonglong(i)));
    }
    PsiResult r;
    r.edges = edges;
    r.referenceShare = shares(reference, edges);
    r.currentShare = shares(current, edges);
    for (std::size_t i = 0; i < r.referenceShare.size(); ++i) {
        const double ref = std::max(r.referenceShare[i], kPsiEpsilon);
        const double cur = std::max(r.currentShare[i], kPsiEpsilon);
        r.psi += (cur - ref) * std::log(cur / ref);
    }
    return r;
}

std::vector<double> equalWidthEdges(double low, double high, int bins)
{
    if (bins < 1 || !std::isfinite(low) || !std::isfinite(high) || !(high > low))
        throw Error(ErrorKind::Usage,
            QStringLiteral("equal-width bins need low < high and at least 1 bin (got %1 bins over [%2, %3])")
                .arg(bins)
                .arg(low)
                .arg(high));
    std::vector<double> edges;
    edges.reserve(std::size_t(bins));
    for (int j = 1; j < bins; ++j)
        edges.push_back(low + (high - low) * double(j) / double(bins));
    return edges;
}

QString psiBand(double value)
{
    if (value < 0.1)
        return QStringLiteral("stable");
    if (value < 0.25)
        return QStringLiteral("moderate");
    return QStringLiteral("significant");
}

MannWhitneyResult mannWhitneyU(const std::vector<double> &a, const std::vector<double> &b)
{
    requireSample(a, "first");
    requireSample(b, "second");
    const std::size_t na = a.size();
    const std::size_t nb = b.size();
    const std::size_t n = na + nb;
    std::vector<std::pair<double, bool>> all; // value, belongs to a
    all.reserve(n);
    for (double x : a)
        all.emplace_back(x, true);
    for (double y : b)
        all.emplace_back(y, false);
    std::sort(all.begin(), all.end(),
        [](const std::pair<double, bool> &l, const std::pair<double, bool> &r) { return l.first < r.first; });

    double rankSumA = 0;
    double tieTerm = 0; // Σ (t³ − t) over groups of tied values
    for (std::size_t i = 0; i < n;) {
        std::size_t j = i;
        while (j < n && all[j].first == all[i].first)
            ++j;
        const double t = double(j - i);
        const double averageRank = 0.5 * (double(i + 1) + double(j)); // ranks i+1 … j
        for (std::size_t k = i; k < j; ++k) {
            if (all[k].second)
                rankSumA += averageRank;
        }
        tieTerm += t * t * t - t;
        i = j;
    }
    const double n1 = double(na);
    const double n2 = double(nb);
    const double nn = double(n);
    MannWhitneyResult r;
    r.u = rankSumA - n1 * (n1 + 1) / 2;
    r.effect = 2 * r.u / (n1 * n2) - 1;
    const double mean = n1 * n2 / 2;
    const double variance = n1 * n2 / 12 * ((nn + 1) - tieTerm / (nn * (nn - 1)));
    const double deviation = std::abs(r.u - mean) - 0.5;
    if (!(variance > 0) || deviation <= 0) {
        r.z = 0;
        r.pValue = 1;
        return r;
    }
    const double z = deviation / std::sqrt(variance);
    r.z = r.u > mean ? z : -z;
    r.pValue = std::min(1.0, 2 * normalSf(z));
    return r;
}

ProportionResult twoProportionTest(qint64 k1, qint64 n1, qint64 k2, qint64 n2)
{
    if (k1 < 0 || n1 < 0 || k2 < 0 || n2 < 0)
        throw Error(ErrorKind::Input, QStringLiteral("proportion counts must not be negative"));
    if (k1 > n1 || k2 > n2)
        throw Error(ErrorKind::Input,
            QStringLiteral("a proportion cannot count more successes than trials (%1 of %2, %3 of %4)")
                .arg(k1)
                .arg(n1)
                .arg(k2)
                .arg(n2));
    ProportionResult r;
    r.p1 = n1 > 0 ? double(k1) / double(n1) : 0.0;
    r.p2 = n2 > 0 ? double(k2) / double(n2) : 0.0;
    r.diff = r.p1 - r.p2;
    if (n1 == 0 || n2 == 0)
        return r;
    const double pooled = double(k1 + k2) / double(n1 + n2);
    const double se = std::sqrt(pooled * (1 - pooled) * (1.0 / double(n1) + 1.0 / double(n2)));
    if (!(se > 0))
        return r;
    r.z = r.diff / se;
    r.pValue = std::min(1.0, 2 * normalSf(std::abs(r.z)));
    return r;
}

double oneSidedGreater(const ProportionResult &r)
{
    return normalSf(r.z);
}

} // namespace lk::drift
