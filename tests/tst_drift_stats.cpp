// The drift statistics against scipy, computed live by tests/python/drift_crosscheck.py on
// generated samples (with and without ties), plus known values and edge cases; and the streaming
// detectors on seeded Bernoulli streams: quiet when nothing changes, quick when the rate steps
// up, and allocation-free once running.
#include "common/TestSupport.h"
#include "core/common/Error.h"
#include "core/drift/Detectors.h"
#include "core/drift/Statistics.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <cmath>
#include <cstdlib>
#include <new>
#include <random>
#include <vector>

// Counts heap allocations, so that a test can prove a loop allocates nothing.
namespace {
std::atomic<long long> g_allocations{0};
} // namespace

void *operator new(std::size_t size)
{
    ++g_allocations;
    if (void *p = std::malloc(size ? size : 1))
        return p;
    throw std::bad_alloc();
}
void *operator new[](std::size_t size)
{
    ++g_allocations;
    if (void *p = std::malloc(size ? size : 1))
        return p;
    throw std::bad_alloc();
}
void operator delete(void *p) noexcept
{
    std::free(p);
}
void operator delete[](void *p) noexcept
{
    std::free(p);
}
void operator delete(void *p, std::size_t) noexcept
{
    std::free(p);
}
void operator delete[](void *p, std::size_t) noexcept
{
    std::free(p);
}

namespace {

using namespace lk::drift;

constexpr double kPi = 3.14159265358979323846;

/// Seeded generator whose numbers do not depend on the standard library's distributions.
struct Rng
{
    std::mt19937_64 engine;
    explicit Rng(std::uint64_t seed)
        : engine(seed)
    { }
    double uniform() { return double(engine() >> 11) * 0x1.0p-53; }
    bool bernoulli(double p) { return uniform() < p; }
    double normal(double mean = 0, double sd = 1)
    {
        const double u = 1 - uniform();
        return mean + sd * std::sqrt(-2 * std::log(u)) * std::cos(2 * kPi * uniform());
    }
};

std::vector<double> normals(Rng &rng, int n, double mean, double sd = 1)
{
    std::vector<double> v;
    for (int i = 0; i < n; ++i)
        v.push_back(rng.normal(mean, sd));
    return v;
}

/// Values rounded to `decimals`: many ties.
std::vector<double> rounded(std::vector<double> v, int decimals)
{
    const double scale = std::pow(10.0, decimals);
    for (double &x : v)
        x = std::round(x * scale) / scale;
    return v;
}

/// Confidence-like values in [0, 1]: u^(1/k) crowds near 1 for large k.
std::vector<double> confidences(Rng &rng, int n, double k)
{
    std::vector<double> v;
    for (int i = 0; i < n; ++i)
        v.push_back(std::pow(rng.uniform(), 1 / k));
    return v;
}

QJsonArray toJson(const std::vector<double> &v)
{
    QJsonArray a;
    for (double x : v)
        a.append(x);
    return a;
}

struct SamplePair
{
    const char *name;
    std::vector<double> a;
    std::vector<double> b;
};

std::vector<SamplePair> samplePairs()
{
    Rng rng(20240607);
    std::vector<SamplePair> pairs;
    pairs.push_back({"normal, same", normals(rng, 200, 0), normals(rng, 150, 0)});
    pairs.push_back({"normal, shifted 0.3", normals(rng, 50, 0), normals(rng, 60, 0.3)});
    pairs.push_back({"normal, shifted 1.0 (tiny p)", normals(rng, 400, 0), normals(rng, 300, 1)});
    pairs.push_back({"wider spread", normals(rng, 300, 0, 1), normals(rng, 300, 0, 1.6)});
    pairs.push_back(
        {"ties: one decimal", rounded(normals(rng, 300, 0), 1), rounded(normals(rng, 250, 0.2), 1)});
    pairs.push_back(
        {"ties: integers 0-4", rounded(normals(rng, 120, 2), 0), rounded(normals(rng, 100, 2.4), 0)});
    pairs.push_back({"tiny samples", normals(rng, 4, 0), normals(rng, 5, 0.5)});
    pairs.push_back({"unequal sizes", normals(rng, 2000, 0), normals(rng, 90, 0.25)});
    pairs.push_back({"confidences", confidences(rng, 2000, 6), confidences(rng, 1500, 4)});
    pairs.push_back({"confidences, two decimals", rounded(confidences(rng, 1000, 8), 2),
        rounded(confidences(rng, 800, 8), 2)});
    pairs.push_back({"identical", {1, 2, 3, 4, 5, 6}, {1, 2, 3, 4, 5, 6}});
    return pairs;
}

struct ProportionCase
{
    qint64 k1, n1, k2, n2;
};

std::vector<ProportionCase> proportionCases()
{
    return {{12, 100, 20, 110}, {0, 50, 5, 60}, {500, 5000, 560, 5100}, {3, 10, 7, 10},
        {1000, 1000, 999, 1000}, {120, 1000, 180, 1200}, {7, 7000, 9, 300}};
}

bool near(double actual, double expected, double relative, double absolute = 0)
{
    return std::abs(actual - expected) <= std::max(absolute, relative * std::abs(expected));
}

template<typename F>
lk::ErrorKind errorKindOf(F f)
{
    try {
        f();
    } catch (const lk::Error &e) {
        return e.kind();
    }
    return lk::ErrorKind::Internal; // "did not throw" never equals the kinds the tests expect
}

} // namespace

class TestDriftStats : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        const QString script = lk::test::sourcePath(QStringLiteral("tests/python/drift_crosscheck.py"));
        QVERIFY2(QFileInfo(script).isFile(),
            qPrintable(QStringLiteral("%1 is missing (run under ctest)").arg(script)));
        const QJsonObject r = runScipy(QJsonObject());
        QVERIFY2(!r.isEmpty() && r.contains(QStringLiteral("scipy")),
            qPrintable(QStringLiteral(
                "the scipy cross-check cannot run (%1): install python3-scipy (apt-get install "
                "python3-scipy; scripts/lib/setup.sh does for the tests) so that "
                "/usr/bin/python3 can import scipy")
                           .arg(m_scipyError)));
        m_scipy = runScipy(cases());
        QVERIFY2(m_scipy.value(QStringLiteral("ks")).toArray().size() == int(samplePairs().size()),
            "the cross-check script gave no answer");
    }

    void ksAgainstScipy_data() { pairRows(); }
    void ksAgainstScipy()
    {
        QFETCH(int, index);
        const SamplePair pair = samplePairs()[std::size_t(index)];
        const QJsonObject expected = m_scipy.value(QStringLiteral("ks")).toArray().at(index).toObject();
        const KsResult r = ksTwoSample(pair.a, pair.b);
        const double pStephens = expected.value(QStringLiteral("p_stephens")).toDouble();
        const double pAsymp = expected.value(QStringLiteral("p_asymp")).toDouble();
        QVERIFY2(near(r.statistic, expected.value(QStringLiteral("statistic")).toDouble(), 1e-12, 1e-12),
            qPrintable(QStringLiteral("D %1 vs scipy %2")
                           .arg(r.statistic)
                           .arg(expected.value(QStringLiteral("statistic")).toDouble())));
        // Our formula exactly: scipy's Kolmogorov distribution at Stephens' corrected argument.
        QVERIFY2(near(r.pValue, pStephens, 1e-9, 1e-15),
            qPrintable(QStringLiteral("p %1 vs scipy kolmogorov %2").arg(r.pValue).arg(pStephens)));
        // And close to scipy's own ks_2samp(method='asymp'), which uses kstwo at round(ne): an
        // asymptotic p-value means little for a handful of values, so only from 20 on.
        if (std::min(pair.a.size(), pair.b.size()) < 20)
            return;
        if (pAsymp > 1e-6)
            QVERIFY2(near(r.pValue, pAsymp, 0.1, 0.002),
                qPrintable(QStringLiteral("p %1 vs ks_2samp asymp %2").arg(r.pValue).arg(pAsymp)));
        else
            QVERIFY2(r.pValue < 1e-5,
                qPrintable(QStringLiteral("p %1 vs ks_2samp asymp %2").arg(r.pValue).arg(pAsymp)));
        QCOMPARE(r.pValue < 0.01, pAsymp < 0.01);
    }

    void mannWhitneyAgainstScipy_data() { pairRows(); }
    void mannWhitneyAgainstScipy()
    {
        QFETCH(int, index);
        const SamplePair pair = samplePairs()[std::size_t(index)];
        const QJsonObject expected = m_scipy.value(QStringLiteral("mw")).toArray().at(index).toObject();
        const MannWhitneyResult r = mannWhitneyU(pair.a, pair.b);
        QVERIFY2(near(r.u, expected.value(QStringLiteral("u")).toDouble(), 1e-12, 1e-9),
            qPrintable(QStringLiteral("U %1 vs scipy %2")
                           .arg(r.u)
                           .arg(expected.value(QStringLiteral("u")).toDouble())));
        QVERIFY2(near(r.pValue, expected.value(QStringLiteral("p")).toDouble(), 1e-9, 1e-15),
            qPrintable(QStringLiteral("p %1 vs scipy %2")
                           .arg(r.pValue)
                           .arg(expected.value(QStringLiteral("p")).toDouble())));
        const double n1n2 = double(pair.a.size() * pair.b.size());
        QVERIFY(near(r.effect, 2 * r.u / n1n2 - 1, 1e-12, 1e-12));
        QVERIFY(r.z * r.effect >= 0); // both positive when a tends larger
    }

    void proportionsAgainstScipy_data()
    {
        QTest::addColumn<int>("index");
        const std::vector<ProportionCase> all = proportionCases();
        for (std::size_t i = 0; i < all.size(); ++i)
            QTest::addRow("%lld/%lld vs %lld/%lld", all[i].k1, all[i].n1, all[i].k2, all[i].n2) << int(i);
    }
    void proportionsAgainstScipy()
    {
        QFETCH(int, index);
        const ProportionCase c = proportionCases()[std::size_t(index)];
        const QJsonObject expected = m_scipy.value(QStringLiteral("prop")).toArray().at(index).toObject();
        const ProportionResult r = twoProportionTest(c.k1, c.n1, c.k2, c.n2);
        QVERIFY2(near(r.z * r.z, expected.value(QStringLiteral("chi2")).toDouble(), 1e-9, 1e-12),
            qPrintable(QStringLiteral("z^2 %1 vs chi2 %2")
                           .arg(r.z * r.z)
                           .arg(expected.value(QStringLiteral("chi2")).toDouble())));
        QVERIFY2(near(r.pValue, expected.value(QStringLiteral("p")).toDouble(), 1e-9, 1e-15),
            qPrintable(QStringLiteral("p %1 vs scipy %2")
                           .arg(r.pValue)
                           .arg(expected.value(QStringLiteral("p")).toDouble())));
        QCOMPARE(r.diff, double(c.k1) / double(c.n1) - double(c.k2) / double(c.n2));
        QCOMPARE(r.z > 0, r.diff > 0);
    }

    void psiAgainstReference_data() { pairRows(); }
    void psiAgainstReference()
    {
        QFETCH(int, index);
        const SamplePair pair = samplePairs()[std::size_t(index)];
        const QJsonArray expected = m_scipy.value(QStringLiteral("psi")).toArray();
        for (int k = 0; k < 3; ++k) {
            const int bins = k == 0 ? 10 : k == 1 ? 5 : 20;
            const QJsonObject e = expected.at(index * 3 + k).toObject();
            const PsiResult r = psi(pair.a, pair.b, bins);
            QVERIFY2(near(r.psi, e.value(QStringLiteral("psi")).toDouble(), 1e-9, 1e-12),
                qPrintable(QStringLiteral("%1 bins: PSI %2 vs numpy %3")
                               .arg(bins)
                               .arg(r.psi)
                               .arg(e.value(QStringLiteral("psi")).toDouble())));
            QCOMPARE(int(r.referenceShare.size()), e.value(QStringLiteral("bins")).toInt());
            QCOMPARE(r.currentShare.size(), r.referenceShare.size());
            QCOMPARE(r.edges.size() + 1, r.referenceShare.size());
        }
    }

    void knownValues()
    {
        // scipy.special.kolmogorov(x) for these x, scipy 1.10.1.
        QVERIFY(near(kolmogorovSf(0.3), 0.9999906941986655, 1e-12));
        QVERIFY(near(kolmogorovSf(0.5), 0.9639452436648751, 1e-12));
        QVERIFY(near(kolmogorovSf(1.0), 0.26999967167735456, 1e-12));
        QVERIFY(near(kolmogorovSf(1.18), 0.1234538094297657, 1e-12));
        QVERIFY(near(kolmogorovSf(1.2), 0.11224966667072497, 1e-12));
        QVERIFY(near(kolmogorovSf(2.0), 0.0006709252557796953, 1e-12));
        QVERIFY(near(kolmogorovSf(3.0), 3.045995948942526e-08, 1e-10));
        QCOMPARE(kolmogorovSf(0), 1.0);
        // scipy.special.kolmogi(p).
        QVERIFY(near(kolmogorovIsf(0.05), 1.3580986393225507, 1e-10));
        QVERIFY(near(kolmogorovIsf(0.01), 1.6276236115189504, 1e-10));
        // scipy.stats.norm.sf(z).
        QVERIFY(near(normalSf(1.96), 0.024997895148220435, 1e-12));
        QVERIFY(near(normalSf(-1), 0.8413447460685429, 1e-12));
        QVERIFY(near(normalSf(5), 2.866515718791933e-07, 1e-10));
        // The critical D is where the p-value crosses alpha.
        const double d = ksCriticalStatistic(500, 300, 0.01);
        const double s = std::sqrt(500.0 * 300 / 800);
        QVERIFY(near(kolmogorovSf((s + 0.12 + 0.11 / s) * d), 0.01, 1e-9));

        QCOMPARE(psiBand(0), QStringLiteral("stable"));
        QCOMPARE(psiBand(0.0999), QStringLiteral("stable"));
        QCOMPARE(psiBand(0.1), QStringLiteral("moderate"));
        QCOMPARE(psiBand(0.2499), QStringLiteral("moderate"));
        QCOMPARE(psiBand(0.25), QStringLiteral("significant"));
        QCOMPARE(psiBand(3), QStringLiteral("significant"));
    }

    void psiByHand()
    {
        // Fixed bins [0, 0.5) and [0.5, ∞): reference 50/50, current 80/20.
        const std::vector<double> ref{0.1, 0.2, 0.6, 0.7};
        const std::vector<double> cur{0.1, 0.1, 0.2, 0.3, 0.9, 0.1, 0.2, 0.3, 0.4, 0.9};
        const PsiResult r = psiWithEdges(ref, cur, {0.5});
        const double expected = (0.8 - 0.5) * std::log(0.8 / 0.5) + (0.2 - 0.5) * std::log(0.2 / 0.5);
        QVERIFY(near(r.psi, expected, 1e-12));
        QCOMPARE(r.referenceShare, (std::vector<double>{0.5, 0.5}));
        QCOMPARE(r.currentShare, (std::vector<double>{0.8, 0.2}));
        // An empty bin counts as kPsiEpsilon: finite, and large.
        const PsiResult empty = psiWithEdges({0.1, 0.2}, {0.7, 0.8}, {0.5});
        QVERIFY(std::isfinite(empty.psi));
        QVERIFY(near(empty.psi, 2 * (1 - kPsiEpsilon) * std::log(1 / kPsiEpsilon), 1e-12));
        QCOMPARE(psi(ref, ref).psi, 0.0);
        QCOMPARE(equalWidthEdges(0, 1, 4), (std::vector<double>{0.25, 0.5, 0.75}));
        // All values tied: the cut points collapse into one.
        const PsiResult tied = psi({0.9, 0.9, 0.9, 0.9}, {0.9, 0.5}, 10);
        QCOMPARE(tied.edges, (std::vector<double>{0.9}));
    }

    void edgeCases()
    {
        using lk::ErrorKind;
        const double nan = std::numeric_limits<double>::quiet_NaN();
        QCOMPARE(errorKindOf([] { ksTwoSample({}, {1.0}); }), ErrorKind::Input);
        QCOMPARE(errorKindOf([&] { ksTwoSample({1.0, nan}, {1.0}); }), ErrorKind::Input);
        QCOMPARE(errorKindOf([] { mannWhitneyU({1.0}, {}); }), ErrorKind::Input);
        QCOMPARE(errorKindOf([] { psi({}, {1.0}); }), ErrorKind::Input);
        QCOMPARE(errorKindOf([] { psi({1.0}, {1.0}, 0); }), ErrorKind::Usage);
        QCOMPARE(errorKindOf([] { psiWithEdges({1.0}, {1.0}, {0.5, 0.5}); }), ErrorKind::Usage);
        QCOMPARE(errorKindOf([] { twoProportionTest(5, 4, 1, 10); }), ErrorKind::Input);
        QCOMPARE(errorKindOf([] { twoProportionTest(-1, 4, 1, 10); }), ErrorKind::Input);

        // n = 0: no evidence of a difference.
        const ProportionResult none = twoProportionTest(0, 0, 3, 10);
        QCOMPARE(none.pValue, 1.0);
        QCOMPARE(none.z, 0.0);
        QCOMPARE(none.p2, 0.3);
        // No variance at all (0 of n in both): no evidence either.
        QCOMPARE(twoProportionTest(0, 10, 0, 20).pValue, 1.0);
        // Every value tied: U at its mean, p = 1.
        const MannWhitneyResult flat = mannWhitneyU({2, 2, 2}, {2, 2});
        QCOMPARE(flat.pValue, 1.0);
        QCOMPARE(flat.u, 3.0);
        QCOMPARE(flat.effect, 0.0);
        // Direction: a entirely above b.
        const MannWhitneyResult above = mannWhitneyU({5, 6, 7, 8}, {1, 2, 3});
        QCOMPARE(above.effect, 1.0);
        QVERIFY(above.z > 0);
        QCOMPARE(ksTwoSample({5, 6, 7, 8}, {1, 2, 3}).statistic, 1.0);
    }

    // -----------------------------------------------------------------------------------------
    // Detectors
    // -----------------------------------------------------------------------------------------

    void pageHinkleyQuietOnStationaryStream()
    {
        Rng rng(11);
        PageHinkley ph;
        qint64 detections = 0;
        for (int i = 0; i < 100000; ++i)
            detections += ph.add(rng.bernoulli(0.1) ? 1 : 0);
        QVERIFY2(detections <= 1, qPrintable(QStringLiteral("%1 false alarms in 100,000").arg(detections)));
        QCOMPARE(ph.detections(), detections);
    }

    void pageHinkleyDetectsStepUp_data()
    {
        QTest::addColumn<quint64>("seed");
        for (quint64 seed : {1u, 2u, 3u, 4u, 5u})
            QTest::addRow("seed %llu", seed) << seed;
    }
    void pageHinkleyDetectsStepUp()
    {
        QFETCH(quint64, seed);
        Rng rng(seed);
        PageHinkley ph;
        for (int i = 0; i < 20000; ++i)
            ph.add(rng.bernoulli(0.1) ? 1 : 0);
        const qint64 before = ph.detections();
        int delay = -1;
        for (int i = 0; i < 5000 && delay < 0; ++i) {
            if (ph.add(rng.bernoulli(0.3) ? 1 : 0))
                delay = i + 1;
        }
        QVERIFY2(delay > 0 && delay <= 1000, qPrintable(QStringLiteral("delay %1").arg(delay)));
        QCOMPARE(ph.detections(), before + 1);
        QVERIFY(ph.lastDetectionStatistic() > ph.params().lambda);
        QCOMPARE(ph.count(), qint64(0)); // it restarted
    }

    void pageHinkleyIgnoresStepDown()
    {
        Rng rng(5);
        PageHinkley ph;
        for (int i = 0; i < 20000; ++i)
            ph.add(rng.bernoulli(0.3) ? 1 : 0);
        const qint64 before = ph.detections();
        for (int i = 0; i < 20000; ++i)
            ph.add(rng.bernoulli(0.1) ? 1 : 0);
        QCOMPARE(ph.detections(), before);
    }

    void pageHinkleyParams()
    {
        PageHinkley::Params p;
        p.alpha = 0;
        QCOMPARE(errorKindOf([&] { PageHinkley ph(p); }), lk::ErrorKind::Usage);
        p = PageHinkley::Params{};
        p.lambda = 0;
        QCOMPARE(errorKindOf([&] { PageHinkley ph(p); }), lk::ErrorKind::Usage);
        PageHinkley ph;
        QCOMPARE(errorKindOf([&] { ph.add(std::numeric_limits<double>::infinity()); }), lk::ErrorKind::Input);
    }

    void adwinQuietOnStationaryStream()
    {
        Rng rng(12);
        Adwin adwin;
        qint64 detections = 0;
        for (int i = 0; i < 100000; ++i)
            detections += adwin.add(rng.bernoulli(0.1) ? 1 : 0);
        QVERIFY2(detections <= 1, qPrintable(QStringLiteral("%1 false cuts in 100,000").arg(detections)));
        QVERIFY(adwin.width() > 50000);
        QVERIFY(near(adwin.mean(), 0.1, 0.05));
    }

    void adwinDetectsStepAndShrinks_data() { pageHinkleyDetectsStepUp_data(); }
    void adwinDetectsStepAndShrinks()
    {
        QFETCH(quint64, seed);
        Rng rng(seed);
        Adwin adwin;
        std::vector<double> stream;
        const auto feed = [&](double p) {
            const double x = rng.bernoulli(p) ? 1 : 0;
            stream.push_back(x);
            return adwin.add(x);
        };
        for (int i = 0; i < 20000; ++i)
            feed(0.1);
        const qint64 widthBefore = adwin.width();
        QVERIFY(widthBefore >= 19000);
        int delay = -1;
        for (int i = 0; i < 5000; ++i) {
            if (feed(0.3) && delay < 0)
                delay = i + 1;
        }
        QVERIFY2(delay > 0 && delay <= 1000, qPrintable(QStringLiteral("delay %1").arg(delay)));
        QVERIFY2(adwin.width() < widthBefore, qPrintable(QStringLiteral("width %1").arg(adwin.width())));
        QVERIFY2(adwin.width() <= 5000 + 2000, qPrintable(QStringLiteral("width %1").arg(adwin.width())));
        QVERIFY2(near(adwin.mean(), 0.3, 0.15), qPrintable(QStringLiteral("mean %1").arg(adwin.mean())));

        // The histogram's bookkeeping is exact: mean and variance are those of the last width()
        // observations.
        double sum = 0;
        const std::size_t w = std::size_t(adwin.width());
        for (std::size_t i = stream.size() - w; i < stream.size(); ++i)
            sum += stream[i];
        const double mean = sum / double(w);
        double m2 = 0;
        for (std::size_t i = stream.size() - w; i < stream.size(); ++i)
            m2 += (stream[i] - mean) * (stream[i] - mean);
        QVERIFY(near(adwin.mean(), mean, 1e-9, 1e-12));
        QVERIFY2(near(adwin.variance(), m2 / double(w), 1e-6, 1e-12),
            qPrintable(QStringLiteral("variance %1 vs %2").arg(adwin.variance()).arg(m2 / double(w))));
    }

    void adwinReset()
    {
        Adwin adwin;
        for (int i = 0; i < 100; ++i)
            adwin.add(i % 2);
        QCOMPARE(adwin.width(), qint64(100));
        QCOMPARE(adwin.mean(), 0.5);
        QVERIFY(near(adwin.variance(), 0.25, 1e-12));
        adwin.reset();
        QCOMPARE(adwin.width(), qint64(0));
        QCOMPARE(adwin.mean(), 0.0);
        QCOMPARE(errorKindOf([] { Adwin bad(0); }), lk::ErrorKind::Usage);
        QCOMPARE(
            errorKindOf([&] { adwin.add(std::numeric_limits<double>::quiet_NaN()); }), lk::ErrorKind::Input);
    }

    void detectorsDoNotAllocate()
    {
        PageHinkley ph;
        Adwin adwin;
        Rng rng(3);
        std::vector<double> stream;
        for (int i = 0; i < 200000; ++i)
            stream.push_back(rng.bernoulli(i < 100000 ? 0.1 : 0.4) ? 1 : 0);
        const long long before = g_allocations.load();
        qint64 detections = 0;
        for (double x : stream) {
            detections += ph.add(x);
            detections += adwin.add(x);
        }
        const long long allocations = g_allocations.load() - before;
        QVERIFY(detections > 0); // the loop went through detections and cuts too
        QCOMPARE(allocations, 0LL);
    }

private:
    static void pairRows()
    {
        QTest::addColumn<int>("index");
        const std::vector<SamplePair> pairs = samplePairs();
        for (std::size_t i = 0; i < pairs.size(); ++i)
            QTest::newRow(pairs[i].name) << int(i);
    }

    static QJsonObject cases()
    {
        QJsonArray ks;
        QJsonArray psiCases;
        for (const SamplePair &p : samplePairs()) {
            const QJsonObject pair{{QStringLiteral("a"), toJson(p.a)}, {QStringLiteral("b"), toJson(p.b)}};
            ks.append(pair);
            for (int bins : {10, 5, 20}) {
                QJsonObject c = pair;
                c.insert(QStringLiteral("bins"), bins);
                psiCases.append(c);
            }
        }
        QJsonArray prop;
        for (const ProportionCase &c : proportionCases())
            prop.append(QJsonArray{c.k1, c.n1, c.k2, c.n2});
        return {{QStringLiteral("ks"), ks}, {QStringLiteral("mw"), ks}, {QStringLiteral("prop"), prop},
            {QStringLiteral("psi"), psiCases}};
    }

    /// Runs the cross-check script with Debian's interpreter on `input`; its JSON answer.
    QJsonObject runScipy(const QJsonObject &input)
    {
        const QString path = m_tmp.filePath(QStringLiteral("cases.json"));
        if (!lk::test::writeFile(path, QJsonDocument(input).toJson(QJsonDocument::Compact)))
            return {};
        QProcess p;
        p.start(QStringLiteral("/usr/bin/python3"),
            {lk::test::sourcePath(QStringLiteral("tests/python/drift_crosscheck.py")), path});
        if (!p.waitForFinished(120000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
            m_scipyError = QStringLiteral("exit code %1: %2 %3")
                               .arg(p.exitCode())
                               .arg(QString::fromUtf8(p.readAllStandardOutput()).trimmed(),
                                   QString::fromUtf8(p.readAllStandardError()).trimmed().right(500));
            return {};
        }
        return QJsonDocument::fromJson(p.readAllStandardOutput()).object();
    }

    QTemporaryDir m_tmp;
    QJsonObject m_scipy;
    QString m_scipyError; ///< why the script failed, for the failure message
};

QTEST_GUILESS_MAIN(TestDriftStats)
#include "tst_drift_stats.moc"
