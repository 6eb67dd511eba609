#include "core/drift/DriftEvaluator.h"

#include "core/common/Error.h"
#include "core/common/JsonSettings.h"
#include "core/drift/Statistics.h"

#include <QJsonArray>
#include <QLocale>

#include <algorithm>
#include <climits>
#include <cmath>

namespace lk::drift {

namespace {

const QString kContext = QStringLiteral("drift settings");

/// Seed of the reference subsampling: verdicts depend only on the windows fed.
constexpr std::uint64_t kReferenceSeed = 0x6c6b6472696674ULL;

// Explanations are English sentences for the log, the notifications and the agents; numbers in
// them use a fixed locale so that they read the same everywhere.
QString count(qint64 n)
{
    return QLocale(QLocale::English).toString(n);
}

QString percent(double share)
{
    return QStringLiteral("%1 %").arg(100 * share, 0, 'f', 1);
}

QString points(double share)
{
    return QString::number(100 * share, 'f', 1);
}

QString pText(double p)
{
    return p < 0.001 ? QString::number(p, 'e', 1) : QString::number(p, 'g', 2);
}

QString num(double x, int decimals = 2)
{
    return QString::number(x, 'f', decimals);
}

QJsonValue orNull(double x)
{
    return std::isfinite(x) ? QJsonValue(x) : QJsonValue();
}

DriftCheck makeCheck(const char *name)
{
    DriftCheck c;
    c.name = QString::fromLatin1(name);
    c.status = QStringLiteral("no_data");
    return c;
}

/// Why a baseline cannot be compared with yet, or an empty string if it can.
QString baselineMissing(int windows, int needed)
{
    if (windows >= needed)
        return {};
    return QStringLiteral("The baseline is still being built (%1 of %2 windows).").arg(windows).arg(needed);
}

} // namespace

// ---------------------------------------------------------------------------------------------
// DriftConfig
// ---------------------------------------------------------------------------------------------

void DriftConfig::validate() const
{
    try {
        fromJson(toJson());
    } catch (const Error &e) {
        throw Error(ErrorKind::Usage, e.message());
    }
}

DriftConfig DriftConfig::fromJson(const QJsonObject &json)
{
    using namespace lk::settings;
    const QString w; // top level
    onlyKnown(json, kContext, w,
        {QStringLiteral("rate_factor"), QStringLiteral("baseline_windows"),
            QStringLiteral("min_baseline_windows"), QStringLiteral("min_predictions"),
            QStringLiteral("accuracy_drop"), QStringLiteral("min_labelled"), QStringLiteral("significance"),
            QStringLiteral("psi_bins"), QStringLiteral("psi_alert"), QStringLiteral("ks_alpha"),
            QStringLiteral("ks_min_statistic"), QStringLiteral("reference_size"),
            QStringLiteral("page_hinkley"), QStringLiteral("adwin_delta")});
    DriftConfig c;
    c.rateFactor = number(json, kContext, w, QStringLiteral("rate_factor"), c.rateFactor, 1, 1000);
    c.baselineWindows =
        integer(json, kContext, w, QStringLiteral("baseline_windows"), c.baselineWindows, 1, 100000);
    c.minBaselineWindows =
        integer(json, kContext, w, QStringLiteral("min_baseline_windows"), c.minBaselineWindows, 1, 100000);
    if (c.minBaselineWindows > c.baselineWindows)
        invalid(kContext, QStringLiteral("min_baseline_windows"),
            QStringLiteral("must not exceed baseline_windows (%1)").arg(c.baselineWindows));
    c.minPredictions =
        integer(json, kContext, w, QStringLiteral("min_predictions"), int(c.minPredictions), 1, INT_MAX);
    c.accuracyDrop = number(json, kContext, w, QStringLiteral("accuracy_drop"), c.accuracyDrop, 0, 1);
    c.minLabelled =
        integer(json, kContext, w, QStringLiteral("min_labelled"), int(c.minLabelled), 1, INT_MAX);
    c.significance = number(json, kContext, w, QStringLiteral("significance"), c.significance, 1e-12, 0.5);
    c.psiBins = integer(json, kContext, w, QStringLiteral("psi_bins"), c.psiBins, 2, 1000);
    c.psiAlert = number(json, kContext, w, QStringLiteral("psi_alert"), c.psiAlert, 0, 100);
    c.ksAlpha = number(json, kContext, w, QStringLiteral("ks_alpha"), c.ksAlpha, 1e-12, 0.5);
    c.ksMinStatistic = number(json, kContext, w, QStringLiteral("ks_min_statistic"), c.ksMinStatistic, 0, 1);
    c.referenceSize =
        integer(json, kContext, w, QStringLiteral("reference_size"), c.referenceSize, 10, 10000000);
    c.adwinDelta = number(json, kContext, w, QStringLiteral("adwin_delta"), c.adwinDelta, 1e-12, 0.5);

    const QString ph = QStringLiteral("page_hinkley");
    const QJsonObject p = section(json, kContext, ph);
    onlyKnown(p, kContext, ph,
        {QStringLiteral("delta"), QStringLiteral("lambda"), QStringLiteral("alpha"),
            QStringLiteral("min_instances")});
    PageHinkley::Params &php = c.pageHinkley;
    php.delta = number(p, kContext, ph, QStringLiteral("delta"), php.delta, 0, 1e9);
    php.lambda = number(p, kContext, ph, QStringLiteral("lambda"), php.lambda, 1e-9, 1e12);
    php.alpha = number(p, kContext, ph, QStringLiteral("alpha"), php.alpha, 1e-6, 1);
    php.minInstances =
        integer(p, kContext, ph, QStringLiteral("min_instances"), int(php.minInstances), 1, INT_MAX);
    return c;
}

QJsonObject DriftConfig::toJson() const
{
    return QJsonObject{{QStringLiteral("rate_factor"), rateFactor},
        {QStringLiteral("baseline_windows"), baselineWindows},
        {QStringLiteral("min_baseline_windows"), minBaselineWindows},
        {QStringLiteral("min_predictions"), minPredictions}, {QStringLiteral("accuracy_drop"), accuracyDrop},
        {QStringLiteral("min_labelled"), minLabelled}, {QStringLiteral("significance"), significance},
        {QStringLiteral("psi_bins"), psiBins}, {QStringLiteral("psi_alert"), psiAlert},
        {QStringLiteral("ks_alpha"), ksAlpha}, {QStringLiteral("ks_min_statistic"), ksMinStatistic},
        {QStringLiteral("reference_size"), referenceSize},
        {QStringLiteral("page_hinkley"),
            QJsonObject{{QStringLiteral("delta"), pageHinkley.delta},
                {QStringLiteral("lambda"), pageHinkley.lambda}, {QStringLiteral("alpha"), pageHinkley.alpha},
                {QStringLiteral("min_instances"), pageHinkley.minInstances}}},
        {QStringLiteral("adwin_delta"), adwinDelta}};
}

// ---------------------------------------------------------------------------------------------
// Windows, checks, verdicts
// ---------------------------------------------------------------------------------------------

void DriftWindow::validate() const
{
    const auto bad = [](const QString &what) {
        throw Error(ErrorKind::Input, QStringLiteral("drift window: ") + what);
    };
    if (predictions < 0 || escalations < 0 || labelled < 0 || correct < 0)
        bad(QStringLiteral("counts must not be negative"));
    if (escalations > predictions)
        bad(QStringLiteral("%1 escalations out of only %2 predictions").arg(escalations).arg(predictions));
    if (correct > labelled)
        bad(QStringLiteral("%1 correct out of only %2 labelled predictions").arg(correct).arg(labelled));
    if (!(threshold >= 0 && threshold <= 1))
        bad(QStringLiteral("the escalation threshold must be in [0, 1], not %1").arg(threshold));
    for (std::size_t i = 0; i < confidences.size(); ++i) {
        if (!(confidences[i] >= 0 && confidences[i] <= 1))
            bad(QStringLiteral("confidence %1 is %2, not a number in [0, 1]")
                    .arg(qulonglong(i))
                    .arg(confidences[i]));
    }
}

QJsonObject DriftCheck::toJson() const
{
    return QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("status"), status},
        {QStringLiteral("value"), orNull(value)}, {QStringLiteral("baseline"), orNull(baseline)},
        {QStringLiteral("limit"), orNull(limit)}, {QStringLiteral("p_value"), orNull(pValue)},
        {QStringLiteral("explanation"), explanation}};
}

QStringList driftCheckNames()
{
    return {QStringLiteral("escalation_rate"), QStringLiteral("accuracy"), QStringLiteral("confidence_psi"),
        QStringLiteral("confidence_ks"), QStringLiteral("page_hinkley"), QStringLiteral("adwin")};
}

const DriftCheck *DriftVerdict::check(const QString &name) const
{
    for (const DriftCheck &c : checks) {
        if (c.name == name)
            return &c;
    }
    return nullptr;
}

QStringList DriftVerdict::alerts() const
{
    QStringList names;
    for (const DriftCheck &c : checks) {
        if (c.isAlert())
            names.append(c.name);
    }
    return names;
}

QJsonObject DriftVerdict::toJson() const
{
    QJsonArray list;
    for (const DriftCheck &c : checks)
        list.append(c.toJson());
    return QJsonObject{{QStringLiteral("alert"), alert}, {QStringLiteral("end"), loop::isoUtcOrNull(end)},
        {QStringLiteral("alerts"), QJsonArray::fromStringList(alerts())},
        {QStringLiteral("baseline_windows"), baselineWindows},
        {QStringLiteral("joined_baseline"), joinedBaseline}, {QStringLiteral("checks"), list},
        {QStringLiteral("signal"), signal.toJson()}};
}

// ---------------------------------------------------------------------------------------------
// DriftEvaluator
// ---------------------------------------------------------------------------------------------

namespace {

DriftConfig validated(const DriftConfig &config)
{
    config.validate();
    return config;
}

} // namespace

DriftEvaluator::DriftEvaluator(const DriftConfig &config)
    : m_config(validated(config))
    , m_pageHinkley(m_config.pageHinkley)
    , m_adwin(m_config.adwinDelta)
    , m_rng(kReferenceSeed)
{ }

loop::DriftCounts DriftEvaluator::baselineCounts() const
{
    loop::DriftCounts sum;
    for (const BaselineWindow &b : m_baseline) {
        sum.predictions += b.counts.predictions;
        sum.escalations += b.counts.escalations;
        sum.labelled += b.counts.labelled;
        sum.correct += b.counts.correct;
    }
    return sum;
}

std::vector<double> DriftEvaluator::referenceSample() const
{
    std::vector<double> all;
    for (const BaselineWindow &b : m_baseline)
        all.insert(all.end(), b.confidences.begin(), b.confidences.end());
    return all;
}

void DriftEvaluator::resetBaseline()
{
    m_baseline.clear();
    m_pageHinkley.reset();
    m_adwin.reset();
}

DriftVerdict DriftEvaluator::observe(const DriftWindow &window)
{
    window.validate();
    ++m_windowsObserved;
    const loop::DriftCounts base = baselineCounts();
    const loop::DriftCounts current{window.predictions, window.escalations, window.labelled, window.correct};

    DriftVerdict v;
    v.end = window.end;
    v.baselineWindows = baselineWindowCount();
    DriftCheck psiCheck = makeCheck("confidence_psi");
    DriftCheck ksCheck = makeCheck("confidence_ks");
    DriftCheck phCheck = makeCheck("page_hinkley");
    DriftCheck adwinCheck = makeCheck("adwin");
    confidenceChecks(window, psiCheck, ksCheck);
    streamChecks(window, phCheck, adwinCheck);
    v.checks = {escalationRateCheck(window, base), accuracyCheck(window, base), psiCheck, ksCheck, phCheck,
        adwinCheck};
    v.alert = std::any_of(v.checks.begin(), v.checks.end(), [](const DriftCheck &c) { return c.isAlert(); });

    v.signal = loop::driftFromCounts(
        base, current, loop::DriftWindowConfig{m_config.minPredictions, m_config.minLabelled});
    if (v.baselineWindows < m_config.minBaselineWindows) {
        v.signal.escalationRateKnown = false;
        v.signal.accuracyKnown = false;
    }

    if (!v.alert) {
        m_baseline.push_back(BaselineWindow{current, subsample(window.confidences)});
        while (int(m_baseline.size()) > m_config.baselineWindows)
            m_baseline.pop_front();
        v.joinedBaseline = true;
    }
    return v;
}

std::vector<double> DriftEvaluator::subsample(const std::vector<double> &values)
{
    const std::size_t perWindow =
        std::size_t((m_config.referenceSize + m_config.baselineWindows - 1) / m_config.baselineWindows);
    std::vector<double> kept = values;
    if (kept.size() <= perWindow)
        return kept;
    // A partial Fisher–Yates shuffle: the first perWindow values are a uniform sample.
    for (std::size_t i = 0; i < perWindow; ++i) {
        std::uniform_int_distribution<std::size_t> pick(i, kept.size() - 1);
        std::swap(kept[i], kept[pick(m_rng)]);
    }
    kept.resize(perWindow);
    return kept;
}

DriftCheck DriftEvaluator::escalationRateCheck(const DriftWindow &w, const loop::DriftCounts &base) const
{
    DriftCheck c = makeCheck("escalation_rate");
    if (w.predictions > 0)
        c.value = double(w.escalations) / double(w.predictions);
    if (base.predictions > 0) {
        c.baseline = double(base.escalations) / double(base.predictions);
        c.limit = c.baseline * m_config.rateFactor;
    }
    const QString missing = baselineMissing(baselineWindowCount(), m_config.minBaselineWindows);
    if (!missing.isEmpty()) {
        c.explanation = missing;
        return c;
    }
    if (w.predictions < m_config.minPredictions || base.predictions < m_config.minPredictions) {
        c.explanation =
            QStringLiteral("Too few predictions to compare escalation rates: %1 in this window and %2 "
                           "in the baseline; each needs %3.")
                .arg(count(w.predictions), count(base.predictions), count(m_config.minPredictions));
        return c;
    }
    const ProportionResult test =
        twoProportionTest(w.escalations, w.predictions, base.escalations, base.predictions);
    c.pValue = oneSidedGreater(test);
    const bool past = c.value > c.limit;
    const bool significant = c.pValue < m_config.significance;
    c.status = past && significant ? QStringLiteral("alert") : QStringLiteral("ok");
    const QString how = c.baseline > 0
        ? QStringLiteral("is %1 x the baseline %2 (limit %3 x)")
              .arg(num(c.value / c.baseline), percent(c.baseline), num(m_config.rateFactor, 2))
        : QStringLiteral("against a baseline of %1").arg(percent(c.baseline));
    c.explanation = QStringLiteral("Escalation rate %1 %2 over %3 predictions (one-sided p = %4)")
                        .arg(percent(c.value), how, count(w.predictions), pText(c.pValue));
    if (past && !significant)
        c.explanation += QStringLiteral(": past the limit, but not significant (needs p < %1).")
                             .arg(pText(m_config.significance));
    else
        c.explanation += QLatin1Char('.');
    return c;
}

DriftCheck DriftEvaluator::accuracyCheck(const DriftWindow &w, const loop::DriftCounts &base) const
{
    DriftCheck c = makeCheck("accuracy");
    if (w.labelled > 0)
        c.value = double(w.correct) / double(w.labelled);
    if (base.labelled > 0) {
        c.baseline = double(base.correct) / double(base.labelled);
        c.limit = c.baseline - m_config.accuracyDrop;
    }
    const QString missing = baselineMissing(baselineWindowCount(), m_config.minBaselineWindows);
    if (!missing.isEmpty()) {
        c.explanation = missing;
        return c;
    }
    if (w.labelled < m_config.minLabelled || base.labelled < m_config.minLabelled) {
        c.explanation =
            QStringLiteral("Too few teacher answers to compare accuracy: %1 in this window and %2 in "
                           "the baseline; each needs %3.")
                .arg(count(w.labelled), count(base.labelled), count(m_config.minLabelled));
        return c;
    }
    // One-sided: is the baseline's accuracy above the window's?
    const ProportionResult test = twoProportionTest(base.correct, base.labelled, w.correct, w.labelled);
    c.pValue = oneSidedGreater(test);
    const double drop = c.baseline - c.value;
    const bool past = drop > m_config.accuracyDrop;
    const bool significant = c.pValue < m_config.significance;
    c.status = past && significant ? QStringLiteral("alert") : QStringLiteral("ok");
    const QString how = drop >= 0 ? QStringLiteral("is %1 points below").arg(points(drop))
                                  : QStringLiteral("is %1 points above").arg(points(-drop));
    c.explanation =
        QStringLiteral("Accuracy %1 %2 the baseline %3 (limit %4 points) over %5 labelled predictions "
                       "(one-sided p = %6)")
            .arg(percent(c.value), how, percent(c.baseline), points(m_config.accuracyDrop), count(w.labelled),
                pText(c.pValue));
    if (past && !significant)
        c.explanation += QStringLiteral(": past the limit, but not significant (needs p < %1).")
                             .arg(pText(m_config.significance));
    else
        c.explanation += QLatin1Char('.');
    return c;
}

void DriftEvaluator::confidenceChecks(const DriftWindow &w, DriftCheck &psiCheck, DriftCheck &ksCheck) const
{
    const QString missing = baselineMissing(baselineWindowCount(), m_config.minBaselineWindows);
    const std::vector<double> reference = referenceSample();
    const qint64 nRef = qint64(reference.size());
    const qint64 nCur = qint64(w.confidences.size());
    QString tooFew;
    if (missing.isEmpty() && (nCur < m_config.minPredictions || nRef < m_config.minPredictions))
        tooFew =
            QStringLiteral("Too few confidences to compare distributions: %1 in this window and %2 in the "
                           "baseline's reference; each needs %3.")
                .arg(count(nCur), count(nRef), count(m_config.minPredictions));
    if (!missing.isEmpty() || !tooFew.isEmpty()) {
        psiCheck.explanation = ksCheck.explanation = missing.isEmpty() ? tooFew : missing;
        return;
    }
    const QString over =
        QStringLiteral("%1 confidences against %2 of the baseline").arg(count(nCur), count(nRef));

    const PsiResult p = psi(reference, w.confidences, m_config.psiBins);
    psiCheck.value = p.psi;
    psiCheck.limit = m_config.psiAlert;
    const bool psiAlert = p.psi >= m_config.psiAlert;
    psiCheck.status = psiAlert ? QStringLiteral("alert") : QStringLiteral("ok");
    psiCheck.explanation = QStringLiteral("%1: PSI %2 (%3; alert from %4) over %5 bins, %6.")
                               .arg(psiAlert ? QStringLiteral("The confidence distribution shifted")
                                             : QStringLiteral("The confidence distribution is steady"),
                                   num(p.psi, 3), psiBand(p.psi), num(m_config.psiAlert),
                                   QString::number(p.referenceShare.size()), over);

    const KsResult ks = ksTwoSample(reference, w.confidences);
    const double critical = ksCriticalStatistic(nRef, nCur, m_config.ksAlpha);
    ksCheck.value = ks.statistic;
    ksCheck.pValue = ks.pValue;
    ksCheck.limit = std::max(critical, m_config.ksMinStatistic);
    const bool ksAlert = ks.pValue < m_config.ksAlpha && ks.statistic >= m_config.ksMinStatistic;
    ksCheck.status = ksAlert ? QStringLiteral("alert") : QStringLiteral("ok");
    ksCheck.explanation = QStringLiteral("%1: KS D = %2, p = %3 (alert when p < %4 and D >= %5), %6.")
                              .arg(ksAlert ? QStringLiteral("Confidences differ from the baseline's")
                                           : QStringLiteral("Confidences match the baseline's"),
                                  num(ks.statistic, 3), pText(ks.pValue), pText(m_config.ksAlpha),
                                  num(m_config.ksMinStatistic, 2), over);
}

void DriftEvaluator::streamChecks(const DriftWindow &w, DriftCheck &phCheck, DriftCheck &adwinCheck)
{
    if (w.confidences.empty()) {
        phCheck.explanation = adwinCheck.explanation =
            QStringLiteral("No confidences in this window: the stream detectors saw nothing new.");
        return;
    }
    bool phFired = false;
    qint64 phSeen = 0; // observations behind the detection
    bool rose = false;
    bool fell = false;
    double before = 0;
    double after = 0;
    qint64 widthBefore = 0;
    qint64 widthAfter = 0;
    for (double confidence : w.confidences) {
        const double x = confidence < w.threshold ? 1.0 : 0.0;
        const qint64 seen = m_pageHinkley.count() + 1;
        if (m_pageHinkley.add(x) && !phFired) {
            phFired = true;
            phSeen = seen;
        }
        const double meanBefore = m_adwin.mean();
        const qint64 width = m_adwin.width();
        if (m_adwin.add(x) && !rose) {
            // Report the first rise, or else the first fall.
            const bool up = m_adwin.mean() > meanBefore;
            if (up || !fell) {
                before = meanBefore;
                after = m_adwin.mean();
                widthBefore = width;
                widthAfter = m_adwin.width();
                (up ? rose : fell) = true;
            }
        }
    }

    const PageHinkley::Params &php = m_pageHinkley.params();
    phCheck.limit = php.lambda;
    if (phFired) {
        phCheck.status = QStringLiteral("alert");
        phCheck.value = m_pageHinkley.lastDetectionStatistic();
        phCheck.explanation =
            QStringLiteral("Page-Hinkley detected a rise of the escalation rate: statistic %1 passed "
                           "the limit %2 after %3 observations (it restarts from there).")
                .arg(num(phCheck.value, 1), num(php.lambda, 1), count(phSeen));
    } else if (m_pageHinkley.count() < php.minInstances) {
        phCheck.explanation =
            QStringLiteral("Page-Hinkley has %1 observations since its last start; it judges "
                           "from %2.")
                .arg(count(m_pageHinkley.count()), count(php.minInstances));
    } else {
        phCheck.status = QStringLiteral("ok");
        phCheck.value = m_pageHinkley.statistic();
        phCheck.explanation =
            QStringLiteral("Page-Hinkley statistic %1 is below the limit %2 (escalation rate %3 "
                           "over %4 observations since its last start).")
                .arg(num(phCheck.value, 1), num(php.lambda, 1), percent(m_pageHinkley.mean()),
                    count(m_pageHinkley.count()));
    }

    adwinCheck.value = m_adwin.mean();
    adwinCheck.status = rose ? QStringLiteral("alert") : QStringLiteral("ok");
    if (rose || fell) {
        adwinCheck.baseline = before;
        adwinCheck.explanation =
            QStringLiteral(
                "ADWIN saw the escalation rate %1 from %2 over %3 observations to %4 over the newest %5%6")
                .arg(rose ? QStringLiteral("rise") : QStringLiteral("fall"), percent(before),
                    count(widthBefore), percent(after), count(widthAfter),
                    rose ? QStringLiteral(".") : QStringLiteral(" (a fall is no drift alert)."));
    } else {
        adwinCheck.explanation =
            QStringLiteral("ADWIN sees no change: escalation rate %1 over its window of %2 "
                           "observations.")
                .arg(percent(m_adwin.mean()), count(m_adwin.width()));
    }
}

} // namespace lk::drift
