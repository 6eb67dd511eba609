// Curve health: the plateau rules against the libraries they port (PyTorch's ReduceLROnPlateau
// run for real in python3; Keras' EarlyStopping worked through by hand from its source), Prechelt's
// overfitting criteria with numbers worked out by hand, divergence, the recommendation's
// precedence, and the JSON.
#include "core/analysis/CurveHealth.h"
#include "core/common/Error.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QtTest>

#include <cmath>

using namespace lk::analysis;

namespace {

/// A sequence written as text: numbers, "-" for not measured, "nan"/"inf" for measured values.
struct Sequence
{
    QString text;

    std::vector<double> values() const
    {
        std::vector<double> out;
        for (const QString &t : text.split(QLatin1Char(' '), Qt::SkipEmptyParts))
            out.push_back(t == QLatin1String("-") ? kAbsent
                    : t == QLatin1String("nan")   ? std::numeric_limits<double>::quiet_NaN()
                    : t == QLatin1String("inf")   ? std::numeric_limits<double>::infinity()
                                                  : t.toDouble());
        return out;
    }
    bool hasAbsent() const { return text.split(QLatin1Char(' ')).contains(QStringLiteral("-")); }
};

/// A history whose val_loss is `seq` (measured, so "nan" is a measured NaN), epochs 0, 1, ...
std::vector<EpochMetrics> valLossHistory(const Sequence &seq)
{
    std::vector<EpochMetrics> h;
    const QStringList tokens = seq.text.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    const std::vector<double> values = seq.values();
    for (size_t i = 0; i < values.size(); ++i) {
        EpochMetrics m;
        m.epoch = int(i);
        if (tokens.at(qsizetype(i)) != QLatin1String("-"))
            m = measuredEpoch(int(i), kAbsent, values[i]);
        m.trainLossNaN = false; // only val_loss is given
        h.push_back(m);
    }
    return h;
}

/// train and val losses given as lists, epochs 0, 1, ...
std::vector<EpochMetrics> lossHistory(const Sequence &train, const Sequence &val)
{
    const std::vector<double> t = train.values(), v = val.values();
    std::vector<EpochMetrics> h;
    for (size_t i = 0; i < std::max(t.size(), v.size()); ++i) {
        EpochMetrics m;
        m.epoch = int(i);
        m.trainLoss = i < t.size() ? t[i] : kAbsent;
        m.valLoss = i < v.size() ? v[i] : kAbsent;
        h.push_back(m);
    }
    return h;
}

QList<int> ints(std::initializer_list<int> list)
{
    return QList<int>(list);
}

struct TorchCase
{
    const char *name;
    const char *values;
    Mode mode;
    int patience;
    double threshold;
    ThresholdMode thresholdMode;
    int cooldown;
    QList<int> firings; // worked out by hand from ReduceLROnPlateau.step(); python3 confirms
};

// Covers rel/abs, min/max, patience 0/2/5, cooldown 0/2, threshold 0/1e-4/0.1, measured NaN and
// inf, negative values (where rel thresholds act backwards), and threshold 1 (best*0 = NaN).
const QList<TorchCase> &torchCases()
{
    static const QList<TorchCase> cases = {
        {"min rel p2 t1e-4", "1.0 0.9 0.8 0.8 0.8 0.8 0.7 0.7 0.7 0.7", Mode::Min, 2, 1e-4,
            ThresholdMode::Rel, 0, ints({5, 9})},
        {"min rel p2 t0.1 (small gains do not count)", "1.0 0.95 0.92 0.89 0.85 0.80 0.79 0.78 0.75",
            Mode::Min, 2, 0.1, ThresholdMode::Rel, 0, ints({8})},
        {"min abs p0 t0", "3 2 2 1 1.5 0.5 0.5", Mode::Min, 0, 0, ThresholdMode::Abs, 0, ints({2, 4, 6})},
        {"min abs p0 t0 cooldown 2", "3 2 2 1 1.5 0.5 0.5 0.6 0.7 0.8", Mode::Min, 0, 0, ThresholdMode::Abs,
            2, ints({2, 6, 9})},
        {"max rel p2 t1e-4", "0.5 0.6 0.7 0.7 0.7 0.7 0.71 0.71 0.71 0.71", Mode::Max, 2, 1e-4,
            ThresholdMode::Rel, 0, ints({5, 9})},
        {"max abs p5 t0.1", "0.1 0.25 0.3 0.34 0.36 0.38 0.39 0.40 0.45 0.455 0.44", Mode::Max, 5, 0.1,
            ThresholdMode::Abs, 0, ints({10})},
        {"min rel p5 t0 cooldown 2", "5 4 4 4 4 4 4 4 4 4 4 4 4 4 4 4", Mode::Min, 5, 0, ThresholdMode::Rel,
            2, ints({7, 15})},
        {"max abs p2 t0 cooldown 2, NaN", "0.5 0.6 nan nan 0.7 0.7 0.7 0.7 0.7 0.7 0.7", Mode::Max, 2, 0,
            ThresholdMode::Abs, 2, ints({7})},
        {"min rel p0 t1e-4, NaN and inf are bad epochs", "1.0 nan 0.9 inf 0.8", Mode::Min, 0, 1e-4,
            ThresholdMode::Rel, 0, ints({1, 3})},
        {"min abs p2 t0.1, negative", "-1.0 -1.05 -1.2 -1.25 -1.28 -1.31 -1.4 -1.35 -1.38", Mode::Min, 2, 0.1,
            ThresholdMode::Abs, 0, ints({8})},
        {"min rel p2 t0.1, negative: worse values count as better", "-1.0 -0.95 -0.92 -0.91 -0.5 -0.4 -0.3",
            Mode::Min, 2, 0.1, ThresholdMode::Rel, 0, ints({6})},
        {"min rel t1: inf*0 is NaN, nothing is ever better", "1 0.5 0.2", Mode::Min, 0, 1.0,
            ThresholdMode::Rel, 0, ints({0, 1, 2})},
    };
    return cases;
}

HealthConfig torchConfig(const TorchCase &c)
{
    HealthConfig config;
    config.plateau.convention = Convention::PyTorch;
    config.plateau.mode = c.mode;
    config.plateau.patience = c.patience;
    config.plateau.threshold = c.threshold;
    config.plateau.thresholdMode = c.thresholdMode;
    config.plateau.cooldown = c.cooldown;
    return config;
}

/// python3 with torch importable: $LOOPKEEPER_PYTHON, python3 on PATH, or Debian's (where the
/// python3-torch package installs; a pyenv python3 on PATH does not see it).
QString torchPython(QStringList *tried)
{
    QStringList candidates {QStringLiteral("python3"), QStringLiteral("/usr/bin/python3")};
    if (qEnvironmentVariableIsSet("LOOPKEEPER_PYTHON"))
        candidates.prepend(qEnvironmentVariable("LOOPKEEPER_PYTHON"));
    for (const QString &python : candidates) {
        QProcess p;
        p.start(python, {QStringLiteral("-c"), QStringLiteral("import torch")});
        const bool ok =
            p.waitForFinished(120000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
        tried->append(QStringLiteral("%1 (%2)").arg(python,
            ok ? QStringLiteral("ok")
               : QString::fromUtf8(p.readAllStandardError()).trimmed().section(QLatin1Char('\n'), -1)));
        if (ok)
            return python;
    }
    return {};
}

// Runs the real scheduler: lr 1.0, factor 0.5; a firing is a step after which the lr dropped.
const char *const kTorchScript = R"(
import json, sys
import torch
out = []
for c in json.load(sys.stdin):
    p = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([p], lr=1.0)
    s = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, mode=c["mode"], factor=0.5,
        patience=c["patience"], threshold=c["threshold"], threshold_mode=c["threshold_mode"],
        cooldown=c["cooldown"])
    fired = []
    for i, v in enumerate(c["values"]):
        before = opt.param_groups[0]["lr"]
        s.step(float(v))
        if opt.param_groups[0]["lr"] < before:
            fired.append(i)
    out.append(fired)
print(json.dumps({"torch": torch.__version__, "fired": out}))
)";

} // namespace

class TestCurveHealth : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void pytorchPlateau_data()
    {
        QTest::addColumn<int>("index");
        for (int i = 0; i < torchCases().size(); ++i)
            QTest::newRow(torchCases().at(i).name) << i;
    }

    void pytorchPlateau()
    {
        QFETCH(int, index);
        const TorchCase &c = torchCases().at(index);
        const HealthReport r = analyzeHealth(valLossHistory({QLatin1String(c.values)}), torchConfig(c));
        QCOMPARE(r.plateau.firingEpochs, c.firings);
        QCOMPARE(r.plateau.detected, !c.firings.isEmpty());
        QCOMPARE(r.plateau.epoch, c.firings.isEmpty() ? -1 : c.firings.first());
        QCOMPARE(r.plateau.firesNow, !c.firings.isEmpty() && c.firings.last() == r.lastEpoch);
    }

    // The same table through torch.optim.lr_scheduler.ReduceLROnPlateau itself.
    void pytorchPlateauMatchesTorch()
    {
        QStringList tried;
        const QString python = torchPython(&tried);
        if (python.isEmpty())
            QFAIL(qPrintable(
                QStringLiteral("No python3 can import torch, so ReduceLROnPlateau cannot be run "
                               "for comparison. Install python3-torch (scripts/test does). Tried: %1")
                    .arg(tried.join(QStringLiteral("; ")))));
        QJsonArray cases;
        for (const TorchCase &c : torchCases()) {
            QJsonArray values;
            for (const QString &t : QString::fromLatin1(c.values).split(QLatin1Char(' ')))
                values.append(t); // python's float() reads "nan" and "inf" too
            cases.append(
                QJsonObject {{QStringLiteral("values"), values}, {QStringLiteral("mode"), modeName(c.mode)},
                    {QStringLiteral("patience"), c.patience}, {QStringLiteral("threshold"), c.threshold},
                    {QStringLiteral("threshold_mode"), thresholdModeName(c.thresholdMode)},
                    {QStringLiteral("cooldown"), c.cooldown}});
        }
        QProcess p;
        p.start(python, {QStringLiteral("-c"), QString::fromUtf8(kTorchScript)});
        QVERIFY(p.waitForStarted());
        p.write(QJsonDocument(cases).toJson(QJsonDocument::Compact));
        p.closeWriteChannel();
        QVERIFY2(p.waitForFinished(300000), "python3 did not finish");
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
        const QJsonObject result = QJsonDocument::fromJson(p.readAllStandardOutput()).object();
        const QJsonArray fired = result.value(QStringLiteral("fired")).toArray();
        QCOMPARE(fired.size(), torchCases().size());
        qInfo("compared with torch %s", qPrintable(result.value(QStringLiteral("torch")).toString()));
        for (int i = 0; i < torchCases().size(); ++i) {
            const TorchCase &c = torchCases().at(i);
            QList<int> torchFirings;
            for (const QJsonValue &v : fired.at(i).toArray())
                torchFirings.append(v.toInt());
            const HealthReport r = analyzeHealth(valLossHistory({QLatin1String(c.values)}), torchConfig(c));
            QVERIFY2(r.plateau.firingEpochs == torchFirings,
                qPrintable(
                    QStringLiteral("%1: torch fires at [%2]")
                        .arg(QLatin1String(c.name),
                            QString::fromUtf8(
                                QJsonDocument(fired.at(i).toArray()).toJson(QJsonDocument::Compact)))));
        }
    }

    // Expected firings worked out by hand from keras/src/callbacks/early_stopping.py (Keras 3:
    // wait += 1; improvement iff monitor_op(current - min_delta, best), min_delta negated in min
    // mode; reset on improvement; else stop if wait >= patience and epoch > 0). Keras does not run
    // here, so these are not checked against it.
    void kerasPlateau_data()
    {
        QTest::addColumn<QString>("monitor");
        QTest::addColumn<int>("mode");
        QTest::addColumn<int>("patience");
        QTest::addColumn<double>("minDelta");
        QTest::addColumn<QString>("values");
        QTest::addColumn<QList<int>>("firings");
        QTest::addColumn<int>("badEpochs");
        const QString val = QStringLiteral("val_loss");
        const int min = int(Mode::Min), max = int(Mode::Max);
        QTest::newRow("patience 0 stops at the first flat epoch")
            << val << min << 0 << 0.0 << QStringLiteral("1.0 0.9 0.9 0.8") << ints({2}) << 0;
        QTest::newRow("patience 2 fires while waiting, until an improvement")
            << val << min << 2 << 0.0 << QStringLiteral("1.0 0.9 0.95 0.92 0.91 0.85 0.86") << ints({3, 4})
            << 1;
        QTest::newRow("min_delta 0.05: gains below it do not count")
            << val << min << 2 << 0.05 << QStringLiteral("1.0 0.96 0.94 0.90 0.88 0.87 0.86") << ints({6})
            << 2;
        QTest::newRow("negative min_delta means the same (abs)")
            << val << min << 2 << -0.05 << QStringLiteral("1.0 0.96 0.94 0.90 0.88 0.87 0.86") << ints({6})
            << 2;
        QTest::newRow("max mode on accuracy, min_delta 0.01")
            << QStringLiteral("val_accuracy") << max << 1 << 0.01
            << QStringLiteral("0.5 0.55 0.555 0.6 0.6 0.65") << ints({2, 4}) << 0;
        QTest::newRow("never at epoch index 0, even with a NaN there")
            << val << min << 0 << 0.0 << QStringLiteral("nan 1.0 1.0") << ints({2}) << 1;
        QTest::newRow("epochs without a value are skipped")
            << val << min << 3 << 0.0 << QStringLiteral("1.0 - 0.99 - 1.0 1.1 1.2") << ints({6}) << 3;
        QTest::newRow("improving throughout")
            << val << min << 1 << 0.0 << QStringLiteral("1.0 0.9 0.8 0.7") << QList<int> {} << 0;
    }

    void kerasPlateau()
    {
        QFETCH(QString, monitor);
        QFETCH(int, mode);
        QFETCH(int, patience);
        QFETCH(double, minDelta);
        QFETCH(QString, values);
        QFETCH(QList<int>, firings);
        QFETCH(int, badEpochs);
        HealthConfig c;
        c.plateau.convention = Convention::Keras;
        c.plateau.monitor = monitor;
        c.plateau.mode = Mode(mode);
        c.plateau.patience = patience;
        c.plateau.minDelta = minDelta;
        std::vector<EpochMetrics> h = valLossHistory({values});
        if (monitor == QLatin1String("val_accuracy")) {
            for (EpochMetrics &m : h) {
                m.valAccuracy = m.valLoss;
                m.valLoss = kAbsent;
                m.valLossNaN = false;
            }
        }
        const HealthReport r = analyzeHealth(h, c);
        QCOMPARE(r.plateau.firingEpochs, firings);
        QCOMPARE(r.plateau.epoch, firings.isEmpty() ? -1 : firings.first());
        QCOMPARE(r.plateau.badEpochs, badEpochs);
    }

    void bestEpoch_data()
    {
        QTest::addColumn<QString>("monitor");
        QTest::addColumn<int>("mode");
        QTest::addColumn<QString>("values");
        QTest::addColumn<int>("firstEpoch");
        QTest::addColumn<int>("bestEpoch");
        QTest::addColumn<double>("bestValue");
        const int min = int(Mode::Min), max = int(Mode::Max);
        QTest::newRow("min, first of equal values")
            << QStringLiteral("val_loss") << min << QStringLiteral("1.0 0.5 0.7 0.5") << 0 << 1 << 0.5;
        QTest::newRow("max accuracy")
            << QStringLiteral("val_accuracy") << max << QStringLiteral("0.5 0.8 0.8 0.7") << 0 << 1 << 0.8;
        QTest::newRow("train loss") << QStringLiteral("train_loss") << min << QStringLiteral("2 1 0.5") << 0
                                    << 2 << 0.5;
        QTest::newRow("epoch numbers, not positions")
            << QStringLiteral("val_loss") << min << QStringLiteral("1.0 0.5 0.7") << 1 << 2 << 0.5;
        QTest::newRow("absent and NaN values are skipped")
            << QStringLiteral("val_loss") << min << QStringLiteral("- 0.9 nan inf 0.95") << 0 << 1 << 0.9;
        QTest::newRow("no values") << QStringLiteral("val_loss") << min << QStringLiteral("- - -") << 0 << -1
                                   << std::numeric_limits<double>::quiet_NaN();
    }

    void bestEpoch()
    {
        QFETCH(QString, monitor);
        QFETCH(int, mode);
        QFETCH(QString, values);
        QFETCH(int, firstEpoch);
        QFETCH(int, bestEpoch);
        QFETCH(double, bestValue);
        std::vector<EpochMetrics> h = valLossHistory({values});
        for (EpochMetrics &m : h) {
            m.epoch += firstEpoch;
            if (monitor == QLatin1String("val_accuracy"))
                std::swap(m.valAccuracy, m.valLoss);
            if (monitor == QLatin1String("train_loss")) {
                std::swap(m.trainLoss, m.valLoss);
                std::swap(m.trainLossNaN, m.valLossNaN);
            }
        }
        HealthConfig c;
        c.plateau.monitor = monitor;
        c.plateau.mode = Mode(mode);
        const HealthReport r = analyzeHealth(h, c);
        QCOMPARE(r.bestEpoch, bestEpoch);
        if (std::isnan(bestValue))
            QVERIFY(std::isnan(r.bestValue));
        else
            QCOMPARE(r.bestValue, bestValue);
    }

    // Numbers worked out by hand from Prechelt's definitions (see CurveHealth.h).
    void overfitting_data()
    {
        QTest::addColumn<QString>("train");
        QTest::addColumn<QString>("val");
        QTest::addColumn<int>("window");
        QTest::addColumn<double>("glAlpha");
        QTest::addColumn<double>("pqAlpha");
        QTest::addColumn<int>("epoch"); // -1: not detected
        QTest::addColumn<double>("gl");
        QTest::addColumn<double>("pq");
        QTest::addColumn<double>("gap");
        QTest::addColumn<double>("gapTrend");
        const double nan = std::numeric_limits<double>::quiet_NaN();
        const QString classicTrain = QStringLiteral("1.0 0.8 0.6 0.5 0.4 0.3 0.25 0.2");
        const QString classicVal = QStringLiteral("1.1 0.9 0.8 0.78 0.8 0.85 0.9 0.95");
        // Epoch 4: val is flat over the window (slope 0). Epoch 5: val .78 .8 .85 rises, train falls,
        // GL = 100(.85/.78 - 1) = 8.974 > 5; P_5 = 1000(2.6/(5*.3) - 1) = 733.3; gap .85-.3;
        // gap trend (0.55 - 0.28)/2.
        QTest::newRow("GL criterion")
            << classicTrain << classicVal << 3 << 5.0 << 0.75 << 5 << 100 * (0.85 / 0.78 - 1)
            << 100 * (0.85 / 0.78 - 1) / (1000 * (2.6 / 1.5 - 1)) << 0.55 << 0.135;
        // Window 5: at epoch 5 the fitted val slope is still -0.01; at 6 it is +0.027.
        QTest::newRow("window 5 detects later")
            << classicTrain << classicVal << 5 << 5.0 << 0.75 << 6 << 100 * (0.9 / 0.78 - 1)
            << 100 * (0.9 / 0.78 - 1) / (1000 * (2.05 / (5 * 0.25) - 1)) << 0.65 << 0.117;
        QTest::newRow("thresholds out of reach")
            << classicTrain << classicVal << 3 << 50.0 << 10.0 << -1 << 100 * (0.95 / 0.78 - 1)
            << 100 * (0.95 / 0.78 - 1) / (1000 * (1.65 / (5 * 0.2) - 1)) << 0.75 << 0.1;
        // GL stays 4 < 5, but training has nearly stopped: P_5 = 1000(1.99/1.98 - 1) = 5.05,
        // PQ = 4/5.05 = 0.792 > 0.75.
        QTest::newRow("PQ criterion")
            << QStringLiteral("1.0 0.5 0.40 0.399 0.398 0.397 0.396")
            << QStringLiteral("1.0 0.6 0.5 0.505 0.51 0.515 0.52") << 3 << 5.0 << 0.75 << 6 << 4.0
            << 4.0 / (1000 * (1.99 / 1.98 - 1)) << 0.52 - 0.396 << 0.006;
        // The rise is small and training still progresses: GL 2.94, PQ 0.0074.
        QTest::newRow("noise is not overfitting")
            << QStringLiteral("1 0.9 0.8 0.7 0.6 0.5") << QStringLiteral("1 0.9 0.85 0.86 0.87 0.875") << 3
            << 5.0 << 0.75 << -1 << 100 * (0.875 / 0.85 - 1)
            << 100 * (0.875 / 0.85 - 1) / (1000 * (3.5 / 2.5 - 1)) << 0.375 << 0.1075;
        // Both rise: that is not overfitting (and not divergence at these sizes).
        QTest::newRow("train rising too")
            << QStringLiteral("1 0.8 0.7 0.75 0.8 0.9") << QStringLiteral("1 0.8 0.7 0.8 0.9 1.0") << 3 << 5.0
            << 0.75 << -1 << 100 * (1.0 / 0.7 - 1) << 100 * (1.0 / 0.7 - 1) / (1000 * (3.95 / (5 * 0.7) - 1))
            << 0.1 << 0.025;
        // A missing val_loss inside the window: no slope, no detection, nothing made up.
        QTest::newRow("gap in the window")
            << classicTrain << QStringLiteral("1.1 0.9 0.8 0.78 0.8 0.85 - 0.95") << 3 << 5.0 << 0.75 << 5
            << 100 * (0.85 / 0.78 - 1) << 100 * (0.85 / 0.78 - 1) / (1000 * (2.6 / 1.5 - 1)) << 0.55 << 0.135;
        QTest::newRow("too short for P_5")
            << QStringLiteral("1.0 0.8 0.6 0.5") << QStringLiteral("1.0 0.7 0.8 0.9") << 3 << 5.0 << 0.75 << 3
            << 100 * (0.9 / 0.7 - 1) << nan << 0.4 << 0.25;
    }

    void overfitting()
    {
        QFETCH(QString, train);
        QFETCH(QString, val);
        QFETCH(int, window);
        QFETCH(double, glAlpha);
        QFETCH(double, pqAlpha);
        QFETCH(int, epoch);
        QFETCH(double, gl);
        QFETCH(double, pq);
        QFETCH(double, gap);
        QFETCH(double, gapTrend);
        HealthConfig c;
        c.overfitting.window = window;
        c.overfitting.glAlpha = glAlpha;
        c.overfitting.pqAlpha = pqAlpha;
        const HealthReport r = analyzeHealth(lossHistory({train}, {val}), c);
        QCOMPARE(r.overfitting.detected, epoch >= 0);
        QCOMPARE(r.overfitting.epoch, epoch);
        const auto near = [](double a, double b) {
            return (std::isnan(a) && std::isnan(b)) || std::abs(a - b) <= 1e-9 * std::max(1.0, std::abs(b));
        };
        QVERIFY2(near(r.overfitting.gl, gl), qPrintable(QString::number(r.overfitting.gl, 'g', 17)));
        QVERIFY2(near(r.overfitting.pq, pq), qPrintable(QString::number(r.overfitting.pq, 'g', 17)));
        QVERIFY2(near(r.overfitting.gap, gap), qPrintable(QString::number(r.overfitting.gap, 'g', 17)));
        QVERIFY2(near(r.overfitting.gapTrend, gapTrend),
            qPrintable(QString::number(r.overfitting.gapTrend, 'g', 17)));
        if (epoch >= 0) {
            QVERIFY(r.overfitting.trainSlope < 0);
            QVERIFY(r.overfitting.valSlope > 0);
        }
    }

    void divergence_data()
    {
        QTest::addColumn<QString>("train");
        QTest::addColumn<QString>("val");
        QTest::addColumn<bool>("measured"); // NaN means a measured NaN
        QTest::addColumn<double>("factor");
        QTest::addColumn<int>("epoch"); // the 0-based index; the reason names index i "epoch i+1"
        QTest::addColumn<QString>("reason");
        QTest::newRow("NaN train loss")
            << QStringLiteral("1 0.8 0.7 nan nan") << QStringLiteral("1 0.9 0.8 0.8 0.8") << true << 2.0 << 3
            << QStringLiteral("train_loss is NaN at epoch 4");
        QTest::newRow("infinite val loss")
            << QStringLiteral("1 0.8 0.7") << QStringLiteral("1 inf 0.8") << true << 2.0 << 1
            << QStringLiteral("val_loss is inf at epoch 2");
        QTest::newRow("train loss at twice its first value")
            << QStringLiteral("1.0 0.8 1.5 2.5") << QStringLiteral("1 1 1 1") << true << 2.0 << 3
            << QStringLiteral("train_loss 2.5 at epoch 4 exceeds 2 × its first value 1 (epoch 1)");
        QTest::newRow("factor 0 turns the rule off")
            << QStringLiteral("1.0 0.8 1.5 2.5") << QStringLiteral("1 1 1 1") << true << 0.0 << -1
            << QString();
        QTest::newRow("a missing loss is not a NaN")
            << QStringLiteral("1 0.8 nan 0.6") << QStringLiteral("1 nan 0.8 0.7") << false << 2.0 << -1
            << QString();
        QTest::newRow("negative losses: no ratio rule")
            << QStringLiteral("-1 -2 -0.1 3") << QStringLiteral("-1 -2 -2 -2") << true << 2.0 << -1
            << QString();
        QTest::newRow("healthy") << QStringLiteral("2.3 1.2 0.8 0.6") << QStringLiteral("2.3 1.3 1.0 0.9")
                                 << true << 2.0 << -1 << QString();
    }

    void divergence()
    {
        QFETCH(QString, train);
        QFETCH(QString, val);
        QFETCH(bool, measured);
        QFETCH(double, factor);
        QFETCH(int, epoch);
        QFETCH(QString, reason);
        std::vector<EpochMetrics> h = lossHistory({train}, {val});
        if (measured) {
            for (EpochMetrics &m : h)
                m = measuredEpoch(m.epoch, m.trainLoss, m.valLoss);
        }
        HealthConfig c;
        c.divergence.trainLossFactor = factor;
        const HealthReport r = analyzeHealth(h, c);
        QCOMPARE(r.divergence.detected, epoch >= 0);
        QCOMPARE(r.divergence.epoch, epoch);
        QCOMPARE(r.divergence.reason, reason);
    }

    void recommendation_data()
    {
        QTest::addColumn<QString>("train");
        QTest::addColumn<QString>("val");
        QTest::addColumn<int>("convention");
        QTest::addColumn<int>("patience");
        QTest::addColumn<QString>("action");
        // The whole sentence, or a part of it after "~". Epoch i of the history is "epoch i+1" here.
        QTest::addColumn<QString>("reason");
        const int torch = int(Convention::PyTorch), keras = int(Convention::Keras);
        QTest::newRow("empty") << QString() << QString() << torch << 10 << QStringLiteral("continue")
                               << QStringLiteral("No metrics yet.");
        QTest::newRow("too few epochs")
            << QStringLiteral("1.0 0.9") << QStringLiteral("1.0 0.95") << torch << 10
            << QStringLiteral("continue")
            << QStringLiteral("Only 2 epoch(s) so far, too few to judge (the plateau rule needs 12 and the "
                              "overfitting trend 3); continue.");
        QTest::newRow("improving") << QStringLiteral("1.0 0.9 0.8 0.7") << QStringLiteral("1.0 0.95 0.9 0.85")
                                   << torch << 10 << QStringLiteral("continue")
                                   << QStringLiteral(
                                          "val_loss improved to 0.85 at epoch 4, the latest it has; no "
                                          "overfitting or divergence; continue.");
        QTest::newRow("keras plateau: the sentence with its numbers")
            << QString() << QStringLiteral("0.9 0.7 0.6 0.5 0.4123 0.42 0.43 0.415 0.45 0.44 0.46") << keras
            << 5 << QStringLiteral("stop")
            << QStringLiteral(
                   "val_loss has not improved by more than min_delta 0 for 6 epochs (last improvement "
                   "0.4123 at epoch 5; patience 5); stop.");
        QTest::newRow("pytorch plateau reduces the lr")
            << QString() << QStringLiteral("0.9 0.7 0.6 0.6 0.6 0.6") << torch << 2
            << QStringLiteral("reduce_lr")
            << QStringLiteral(
                   "val_loss has not improved by more than the rel threshold 0.0001 for 3 epochs (last "
                   "improvement 0.6 at epoch 3; patience 2, cooldown 0); reduce the learning rate.");
        QTest::newRow("pytorch plateau fired before, not now")
            << QString() << QStringLiteral("0.9 0.7 0.6 0.6 0.6 0.6 0.6") << torch << 2
            << QStringLiteral("continue")
            << QStringLiteral("~(the plateau rule fired before, first at epoch 6)");
        QTest::newRow("waiting within patience")
            << QString() << QStringLiteral("0.9 0.7 0.6 0.65 0.62") << keras << 5
            << QStringLiteral("continue")
            << QStringLiteral(
                   "val_loss has not improved for 2 epochs (last improvement 0.6 at epoch 3; patience 5); "
                   "no overfitting or divergence; continue.");
        QTest::newRow("overfitting restores the best epoch")
            << QStringLiteral("1.0 0.8 0.6 0.5 0.4 0.3") << QStringLiteral("1.1 0.9 0.8 0.78 0.8 0.85")
            << torch << 10 << QStringLiteral("restore_best")
            << QStringLiteral(
                   "Overfitting since epoch 6: over the last 3 epochs train_loss fell (-0.1/epoch) while "
                   "val_loss rose (+0.035/epoch); GL 8.974 > 5; restore the weights of epoch 4 (best "
                   "val_loss 0.78).");
        QTest::newRow("overfitting beats a plateau")
            << QStringLiteral("1.0 0.8 0.6 0.5 0.4 0.3") << QStringLiteral("1.1 0.9 0.8 0.78 0.8 0.85")
            << keras << 1 << QStringLiteral("restore_best") << QStringLiteral("~Overfitting since epoch 6");
        QTest::newRow("divergence beats overfitting")
            << QStringLiteral("1.0 0.8 0.6 0.5 0.4 0.3 nan")
            << QStringLiteral("1.1 0.9 0.8 0.78 0.8 0.85 0.9") << torch << 10
            << QStringLiteral("restore_best")
            << QStringLiteral(
                   "Training diverged: train_loss is NaN at epoch 7; restore the weights of epoch 4 (best "
                   "val_loss 0.78) and lower the learning rate before resuming.");
        QTest::newRow("divergence at once: nothing to restore")
            << QStringLiteral("inf") << QStringLiteral("nan") << torch << 10 << QStringLiteral("stop")
            << QStringLiteral(
                   "Training diverged: train_loss is inf at epoch 1, and no earlier epoch has a val_loss "
                   "to go back to; stop and lower the learning rate.");
    }

    void recommendation()
    {
        QFETCH(QString, train);
        QFETCH(QString, val);
        QFETCH(int, convention);
        QFETCH(int, patience);
        QFETCH(QString, action);
        QFETCH(QString, reason);
        std::vector<EpochMetrics> h = lossHistory({train}, {val});
        for (EpochMetrics &m : h)
            m = measuredEpoch(m.epoch, m.trainLoss, m.valLoss);
        if (train.isEmpty()) {
            for (EpochMetrics &m : h)
                m.trainLossNaN = false; // not measured at all
        }
        HealthConfig c;
        c.plateau.convention = Convention(convention);
        c.plateau.patience = patience;
        const HealthReport r = analyzeHealth(h, c);
        QCOMPARE(r.recommendation.action, action);
        if (reason.startsWith(QLatin1Char('~')))
            QVERIFY2(r.recommendation.reason.contains(reason.mid(1)), qPrintable(r.recommendation.reason));
        else
            QCOMPARE(r.recommendation.reason, reason);
    }

    void jsonHasEveryFieldAndNoNaN()
    {
        const HealthReport empty = analyzeHealth({});
        QCOMPARE(empty.bestEpoch, -1);
        const QJsonObject e = empty.toJson();
        for (const char *key : {"best_epoch", "best_value", "monitor", "plateau", "overfitting", "divergence",
                 "recommendation", "epochs_analyzed"})
            QVERIFY2(e.contains(QLatin1String(key)), key);
        QVERIFY(e.value(QStringLiteral("best_epoch")).isNull());
        QVERIFY(e.value(QStringLiteral("best_value")).isNull());
        QCOMPARE(e.value(QStringLiteral("epochs_analyzed")).toInt(), 0);
        QCOMPARE(e.value(QStringLiteral("monitor")).toString(), QStringLiteral("val_loss"));
        const QJsonObject rec = e.value(QStringLiteral("recommendation")).toObject();
        QCOMPARE(rec.value(QStringLiteral("action")).toString(), QStringLiteral("continue"));
        QCOMPARE(rec.value(QStringLiteral("reason")).toString(), QStringLiteral("No metrics yet."));
        const QJsonObject o = e.value(QStringLiteral("overfitting")).toObject();
        for (const char *key : {"detected", "epoch", "gl", "pq", "generalization_gap", "gap_trend"})
            QVERIFY2(o.contains(QLatin1String(key)), key);
        QVERIFY(o.value(QStringLiteral("gl")).isNull());

        // A history full of NaN and inf still serializes as valid JSON.
        const HealthReport wild = analyzeHealth({measuredEpoch(0, 1, 1), measuredEpoch(1, kAbsent, 2),
            measuredEpoch(2, std::numeric_limits<double>::infinity(), kAbsent)});
        const QByteArray text = QJsonDocument(wild.toJson()).toJson(QJsonDocument::Compact);
        QVERIFY2(!text.contains("nan") && !text.contains("inf\""), text.constData());
        QVERIFY(!QJsonDocument::fromJson(text).isNull());
        const QJsonObject w = wild.toJson();
        QCOMPARE(w.value(QStringLiteral("best_epoch")).toInt(), 0);
        QCOMPARE(w.value(QStringLiteral("last_epoch")).toInt(), 2);
        QCOMPARE(w.value(QStringLiteral("divergence")).toObject().value(QStringLiteral("epoch")).toInt(), 1);
        // measuredEpoch() reads the missing train loss of epoch 1 as a measured NaN: divergence.
        QCOMPARE(
            w.value(QStringLiteral("recommendation")).toObject().value(QStringLiteral("action")).toString(),
            QStringLiteral("restore_best"));
    }

    void invalidConfigIsAUsageError_data()
    {
        QTest::addColumn<int>("which");
        QTest::addColumn<QString>("field");
        QTest::newRow("monitor") << 0 << QStringLiteral("val_acc");
        QTest::newRow("patience") << 1 << QStringLiteral("plateau.patience");
        QTest::newRow("threshold") << 2 << QStringLiteral("plateau.threshold");
        QTest::newRow("cooldown") << 3 << QStringLiteral("plateau.cooldown");
        QTest::newRow("window") << 4 << QStringLiteral("overfitting.window");
        QTest::newRow("strip") << 5 << QStringLiteral("overfitting.stripLength");
        QTest::newRow("gl alpha") << 6 << QStringLiteral("overfitting.glAlpha");
        QTest::newRow("factor") << 7 << QStringLiteral("divergence.trainLossFactor");
    }

    void invalidConfigIsAUsageError()
    {
        QFETCH(int, which);
        QFETCH(QString, field);
        HealthConfig c;
        switch (which) {
        case 0:
            c.plateau.monitor = QStringLiteral("val_acc");
            break;
        case 1:
            c.plateau.patience = -1;
            break;
        case 2:
            c.plateau.threshold = std::numeric_limits<double>::quiet_NaN();
            break;
        case 3:
            c.plateau.cooldown = -2;
            break;
        case 4:
            c.overfitting.window = 1;
            break;
        case 5:
            c.overfitting.stripLength = 0;
            break;
        case 6:
            c.overfitting.glAlpha = -1;
            break;
        default:
            c.divergence.trainLossFactor = std::numeric_limits<double>::infinity();
        }
        try {
            analyzeHealth({measuredEpoch(0, 1, 1)}, c);
            QFAIL("no error");
        } catch (const lk::Error &e) {
            QCOMPARE(e.kind(), lk::ErrorKind::Usage);
            QVERIFY2(e.message().contains(field), qPrintable(e.message()));
        }
    }

    void epochsOutOfOrderAreAnInputError()
    {
        try {
            analyzeHealth({measuredEpoch(0, 1, 1), measuredEpoch(2, 1, 1), measuredEpoch(2, 1, 1)});
            QFAIL("no error");
        } catch (const lk::Error &e) {
            QCOMPARE(e.kind(), lk::ErrorKind::Input);
            QVERIFY2(
                e.message().contains(QStringLiteral("epoch 2 follows epoch 2")), qPrintable(e.message()));
        }
    }

    // The runner's loop: one call per epoch; it acts on the first non-"continue".
    void runnerSeesTheFirstFiringOnce()
    {
        HealthConfig c;
        c.plateau.patience = 1;
        std::vector<EpochMetrics> h;
        const double val[] = {1.0, 0.8, 0.8, 0.8, 0.7, 0.7, 0.7, 0.7};
        QStringList actions;
        for (int e = 0; e < 8; ++e) {
            h.push_back(measuredEpoch(e, 1.0 - 0.01 * e, val[e]));
            actions << analyzeHealth(h, c).recommendation.action;
        }
        // Fires after 2 bad epochs (epochs 3 and 6), then counting starts again.
        QCOMPARE(actions.join(QLatin1Char(' ')),
            QStringLiteral("continue continue continue reduce_lr continue continue reduce_lr continue"));
    }
};

QTEST_GUILESS_MAIN(TestCurveHealth)
#include "tst_curvehealth.moc"
