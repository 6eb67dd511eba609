// `loopkeeper-cli drift compare` as an operator or agent runs it: the real executable on files
// of numbers (one a line with comments, or a JSON array, or stdin), the same figures as the
// library, usage (2) and input (3) errors naming the file and line, and input files untouched.
#include "common/ProcessSupport.h"
#include "core/drift/Statistics.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <random>
#include <vector>

namespace {

using lk::test::runCli;

std::vector<double> sample(std::uint64_t seed, int n, double sharpness)
{
    std::mt19937_64 engine(seed);
    std::vector<double> v;
    for (int i = 0; i < n; ++i)
        v.push_back(std::pow(double(engine() >> 11) * 0x1.0p-53, 1 / sharpness));
    return v;
}

QByteArray asLines(const std::vector<double> &v)
{
    QByteArray text = "# confidences of node edge-7\n\n";
    for (std::size_t i = 0; i < v.size(); ++i) {
        text += QByteArray::number(v[i], 'g', 17);
        if (i % 100 == 7)
            text += "   # a comment after a number";
        text += i % 50 == 0 ? "\r\n\n" : "\n";
    }
    return text;
}

QByteArray asJson(const std::vector<double> &v)
{
    QJsonArray a;
    for (double x : v)
        a.append(x);
    return QJsonDocument(a).toJson(QJsonDocument::Indented);
}

QStringList compareArgs(const QString &reference, const QString &current, const QStringList &more = {})
{
    return QStringList{QStringLiteral("drift"), QStringLiteral("compare"), QStringLiteral("--reference"),
               reference, QStringLiteral("--current"), current}
    + more;
}

bool near(double a, double b)
{
    return std::abs(a - b) <= 1e-12 * std::max(1.0, std::abs(b));
}

} // namespace

class TestDriftCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        QVERIFY2(QFileInfo(lk::test::binary(QStringLiteral("loopkeeper-cli"))).isExecutable(),
            "build loopkeeper-cli first");
        m_reference = sample(1, 3000, 6);
        m_current = sample(2, 1200, 3);
        m_same = sample(3, 800, 6);
        QVERIFY(lk::test::writeFile(path("reference.txt"), asLines(m_reference)));
        QVERIFY(lk::test::writeFile(path("current.json"), asJson(m_current)));
        QVERIFY(lk::test::writeFile(path("same.txt"), asLines(m_same)));
    }

    void shiftedSampleIsDifferent()
    {
        const QByteArray refHash = lk::test::fileSha256(path("reference.txt"));
        const QByteArray curHash = lk::test::fileSha256(path("current.json"));
        const lk::test::CliResult r = runCli(compareArgs(path("reference.txt"), path("current.json")));
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject j = r.json();
        const lk::drift::PsiResult psi = lk::drift::psi(m_reference, m_current, 10);
        const lk::drift::KsResult ks = lk::drift::ksTwoSample(m_reference, m_current);
        QVERIFY(near(j.value(QStringLiteral("psi")).toDouble(), psi.psi));
        QCOMPARE(j.value(QStringLiteral("psi_band")).toString(), lk::drift::psiBand(psi.psi));
        QCOMPARE(j.value(QStringLiteral("psi_band")).toString(), QStringLiteral("significant"));
        const QJsonObject ksJson = j.value(QStringLiteral("ks")).toObject();
        QVERIFY(near(ksJson.value(QStringLiteral("statistic")).toDouble(), ks.statistic));
        QVERIFY(near(ksJson.value(QStringLiteral("p_value")).toDouble(), ks.pValue));
        const QJsonObject verdicts = j.value(QStringLiteral("verdicts")).toObject();
        QCOMPARE(verdicts.value(QStringLiteral("psi")).toString(), QStringLiteral("significant"));
        QCOMPARE(verdicts.value(QStringLiteral("ks")).toString(), QStringLiteral("different"));
        const QJsonObject ref = j.value(QStringLiteral("reference")).toObject();
        QCOMPARE(ref.value(QStringLiteral("count")).toInt(), 3000);
        double sum = 0;
        for (double x : m_reference)
            sum += x;
        QVERIFY(std::abs(ref.value(QStringLiteral("mean")).toDouble() - sum / 3000) < 1e-12);
        QCOMPARE(j.value(QStringLiteral("current")).toObject().value(QStringLiteral("count")).toInt(), 1200);
        // Reading is all it does.
        QCOMPARE(lk::test::fileSha256(path("reference.txt")), refHash);
        QCOMPARE(lk::test::fileSha256(path("current.json")), curHash);
    }

    void sameDistributionIsSame()
    {
        const lk::test::CliResult r = runCli(compareArgs(
            path("reference.txt"), path("same.txt"), {QStringLiteral("--bins"), QStringLiteral("5")}));
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject j = r.json();
        QCOMPARE(j.value(QStringLiteral("verdicts")).toObject().value(QStringLiteral("psi")).toString(),
            QStringLiteral("stable"));
        QCOMPARE(j.value(QStringLiteral("verdicts")).toObject().value(QStringLiteral("ks")).toString(),
            QStringLiteral("same"));
        QCOMPARE(j.value(QStringLiteral("psi_bins")).toInt(), 5);
        QVERIFY(near(j.value(QStringLiteral("psi")).toDouble(), lk::drift::psi(m_reference, m_same, 5).psi));
        // --alpha moves the KS verdict, not the p-value.
        const double p = j.value(QStringLiteral("ks")).toObject().value(QStringLiteral("p_value")).toDouble();
        QVERIFY(p > 0.01);
        const double alpha = QString::number(std::min(0.5, p * 1.5)).toDouble();
        const lk::test::CliResult loose = runCli(compareArgs(
            path("reference.txt"), path("same.txt"), {QStringLiteral("--alpha"), QString::number(alpha)}));
        QCOMPARE(loose.json().value(QStringLiteral("alpha")).toDouble(), alpha);
        QCOMPARE(
            loose.json().value(QStringLiteral("verdicts")).toObject().value(QStringLiteral("ks")).toString(),
            p < alpha ? QStringLiteral("different") : QStringLiteral("same"));
    }

    void readsStdin()
    {
        QProcess p;
        p.start(lk::test::binary(QStringLiteral("loopkeeper-cli")),
            compareArgs(path("reference.txt"), QStringLiteral("-")));
        QVERIFY(p.waitForStarted());
        p.write(asJson(m_current));
        p.closeWriteChannel();
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 0);
        const QJsonObject j = QJsonDocument::fromJson(p.readAllStandardOutput()).object();
        QCOMPARE(j.value(QStringLiteral("current")).toObject().value(QStringLiteral("count")).toInt(), 1200);
    }

    void badInput_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("word on line 4")
            << QByteArray("# header\n0.5\n\nhigh\n0.7\n") << QStringLiteral("line 4");
        QTest::newRow("nan on line 3") << QByteArray("0.5\n0.6\nnan\n") << QStringLiteral("line 3");
        QTest::newRow("inf on line 2") << QByteArray("0.5\ninf\n0.6\n") << QStringLiteral("line 2");
        QTest::newRow("two numbers on a line") << QByteArray("0.5\n0.6 0.7\n") << QStringLiteral("line 2");
        QTest::newRow("one value") << QByteArray("# only\n0.5\n") << QStringLiteral("at least 2");
        QTest::newRow("empty") << QByteArray("") << QStringLiteral("at least 2");
        QTest::newRow("json string element on line 3")
            << QByteArray("[0.5,\n 0.6,\n \"0.7\",\n 0.8]\n") << QStringLiteral("line 3");
        QTest::newRow("json null element on line 2")
            << QByteArray("[0.5,\n null]\n") << QStringLiteral("line 2");
        QTest::newRow("broken json on line 2")
            << QByteArray("[0.5,\n 0.6,,\n 0.7]\n") << QStringLiteral("line 2");
        QTest::newRow("json object") << QByteArray("[{\"a\": 1}, 2]") << QStringLiteral("element 1");
    }
    void badInput()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, mentions);
        const QString bad = path("bad-input.txt");
        QVERIFY(lk::test::writeFile(bad, content));
        const QByteArray hash = lk::test::fileSha256(bad);
        for (const bool asCurrent : {true, false}) {
            const lk::test::CliResult r = asCurrent ? runCli(compareArgs(path("reference.txt"), bad))
                                                    : runCli(compareArgs(bad, path("same.txt")));
            QCOMPARE(r.exitCode, 3);
            QCOMPARE(r.error().value(QStringLiteral("code")).toString(), QStringLiteral("input"));
            const QString message = r.error().value(QStringLiteral("message")).toString();
            QVERIFY2(message.contains(bad) && message.contains(mentions), qPrintable(message));
            QVERIFY(r.out.isEmpty());
        }
        QCOMPARE(lk::test::fileSha256(bad), hash);
    }

    void missingFile()
    {
        const QString missing = path("no-such-file.txt");
        const lk::test::CliResult r = runCli(compareArgs(path("reference.txt"), missing));
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.error().value(QStringLiteral("message")).toString().contains(missing), r.err.constData());
        QVERIFY(!QFileInfo::exists(missing));
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("mentions");
        const QString ref = path("reference.txt");
        const QString cur = path("same.txt");
        QTest::newRow("no --current") << QStringList{QStringLiteral("drift"), QStringLiteral("compare"),
            QStringLiteral("--reference"), ref}
                                      << QStringLiteral("--current");
        QTest::newRow("--bins 1") << compareArgs(ref, cur, {QStringLiteral("--bins"), QStringLiteral("1")})
                                  << QStringLiteral("--bins");
        QTest::newRow("--bins x") << compareArgs(ref, cur, {QStringLiteral("--bins"), QStringLiteral("x")})
                                  << QStringLiteral("--bins");
        QTest::newRow("--alpha 2") << compareArgs(ref, cur, {QStringLiteral("--alpha"), QStringLiteral("2")})
                                   << QStringLiteral("--alpha");
        QTest::newRow("positional argument")
            << compareArgs(ref, cur, {QStringLiteral("extra")}) << QStringLiteral("extra");
        QTest::newRow("both stdin") << compareArgs(QStringLiteral("-"), QStringLiteral("-"))
                                    << QStringLiteral("stdin");
    }
    void usageErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, mentions);
        const lk::test::CliResult r = runCli(args);
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.error().value(QStringLiteral("code")).toString(), QStringLiteral("usage"));
        QVERIFY2(r.error().value(QStringLiteral("message")).toString().contains(mentions), r.err.constData());
    }

    void listedInHelp()
    {
        const lk::test::CliResult r = runCli({QStringLiteral("--help")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("drift compare"));
        const lk::test::CliResult one =
            runCli({QStringLiteral("drift"), QStringLiteral("compare"), QStringLiteral("--help")});
        QCOMPARE(one.exitCode, 0);
        QVERIFY(one.out.contains("--reference"));
    }

private:
    QString path(const char *name) const { return m_tmp.filePath(QString::fromLatin1(name)); }

    QTemporaryDir m_tmp;
    std::vector<double> m_reference;
    std::vector<double> m_current;
    std::vector<double> m_same;
};

QTEST_GUILESS_MAIN(TestDriftCli)
#include "tst_drift_cli.moc"
