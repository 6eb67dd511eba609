// `loopkeeper-cli analyze` as agents use it: the real executable, metrics from a file or stdin
// (JSON and CSV), the report's fields, and usage (2) and input (3) errors that name the option,
// line or field.
#include "common/TestSupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

namespace {

struct Result
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;

    QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
    QJsonObject error() const
    {
        return QJsonDocument::fromJson(err).object().value(QStringLiteral("error")).toObject();
    }
};

/// The value at a dotted path ("plateau.epoch") as compact JSON text ("5", "null", "\"stop\"").
QString valueAt(const QJsonObject &root, const QString &path)
{
    QJsonValue v = root;
    for (const QString &key : path.split(QLatin1Char('.')))
        v = v.toObject().value(key);
    if (v.isUndefined())
        return QStringLiteral("<missing>");
    const QByteArray wrapped = QJsonDocument(QJsonArray {v}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(wrapped.mid(1, wrapped.size() - 2));
}

QString data(const char *name)
{
    return lk::test::sourcePath(QStringLiteral("tests/data/analysis/%1").arg(QLatin1String(name)));
}

} // namespace

class TestAnalyzeCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        QVERIFY2(QFileInfo(lk::test::binary(QStringLiteral("loopkeeper-cli"))).isExecutable(),
            "build loopkeeper-cli first");
        QVERIFY2(QFileInfo(data("overfitting.json")).isFile(), "test data missing");
    }

    void reports_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QByteArray>("stdinData");
        QTest::addColumn<QStringList>("expect"); // "path=json"
        const QString overfit = data("overfitting.json");
        const QString plateau = data("plateau.csv");
        QByteArray plateauCsv;
        {
            QFile f(plateau);
            if (f.open(QIODevice::ReadOnly))
                plateauCsv = f.readAll();
        }
        const QString m = QStringLiteral("--metrics");

        QTest::newRow("json file: overfitting")
            << QStringList {m, overfit} << QByteArray()
            << QStringList {QStringLiteral("monitor=\"val_loss\""), QStringLiteral("mode=\"min\""),
                   QStringLiteral("epochs_analyzed=8"), QStringLiteral("last_epoch=7"),
                   QStringLiteral("best_epoch=3"), QStringLiteral("best_value=0.78"),
                   QStringLiteral("overfitting.detected=true"), QStringLiteral("overfitting.epoch=5"),
                   QStringLiteral("plateau.detected=false"), QStringLiteral("plateau.epoch=null"),
                   QStringLiteral("divergence.detected=false"), QStringLiteral("divergence.epoch=null"),
                   QStringLiteral("divergence.reason=null"),
                   QStringLiteral("recommendation.action=\"restore_best\""),
                   QStringLiteral("config.plateau.convention=\"pytorch\""),
                   QStringLiteral("source=\"") + overfit + QStringLiteral("\"")};
        QTest::newRow("accuracy monitor picks max")
            << QStringList {m, overfit, QStringLiteral("--monitor"), QStringLiteral("val_accuracy")}
            << QByteArray()
            << QStringList {QStringLiteral("monitor=\"val_accuracy\""), QStringLiteral("mode=\"max\""),
                   QStringLiteral("best_epoch=4"), QStringLiteral("best_value=0.71")};
        QTest::newRow("--mode overrides")
            << QStringList {m, overfit, QStringLiteral("--monitor=val_accuracy"), QStringLiteral("--mode"),
                   QStringLiteral("MIN")}
            << QByteArray() << QStringList {QStringLiteral("mode=\"min\""), QStringLiteral("best_epoch=0")};
        QTest::newRow("overfitting thresholds out of reach")
            << QStringList {m, overfit, QStringLiteral("--gl-alpha"), QStringLiteral("50"),
                   QStringLiteral("--pq-alpha"), QStringLiteral("10"), QStringLiteral("--window"),
                   QStringLiteral("3")}
            << QByteArray()
            << QStringList {QStringLiteral("overfitting.detected=false"),
                   QStringLiteral("overfitting.epoch=null"), QStringLiteral("plateau.detected=false"),
                   QStringLiteral("config.overfitting.gl_alpha=50"),
                   QStringLiteral("recommendation.action=\"continue\"")};
        QTest::newRow("csv file, keras: stop")
            << QStringList {m, plateau, QStringLiteral("--convention"), QStringLiteral("keras"),
                   QStringLiteral("--patience"), QStringLiteral("5")}
            << QByteArray()
            << QStringList {QStringLiteral("best_epoch=4"), QStringLiteral("plateau.detected=true"),
                   QStringLiteral("plateau.epoch=9"), QStringLiteral("plateau.firing_epochs=[9,10]"),
                   QStringLiteral("plateau.fires_now=true"),
                   QStringLiteral("plateau.epochs_since_improvement=6"),
                   QStringLiteral("overfitting.detected=false"),
                   QStringLiteral("recommendation.action=\"stop\""),
                   QStringLiteral(
                       "recommendation.reason=\"val_loss has not improved by more than min_delta 0 for 6 "
                       "epochs (last improvement 0.4123 at epoch 5; patience 5); stop.\"")};
        QTest::newRow("csv on stdin, pytorch: reduce_lr")
            << QStringList {m, QStringLiteral("-"), QStringLiteral("--patience"), QStringLiteral("5")}
            << plateauCsv
            << QStringList {QStringLiteral("plateau.epoch=10"), QStringLiteral("plateau.bad_epochs=0"),
                   QStringLiteral("recommendation.action=\"reduce_lr\""), QStringLiteral("source=\"-\"")};
        QTest::newRow("cooldown and threshold reach the rule")
            << QStringList {m, plateau, QStringLiteral("--patience"), QStringLiteral("0"),
                   QStringLiteral("--cooldown"), QStringLiteral("2"), QStringLiteral("--threshold"),
                   QStringLiteral("0.5"), QStringLiteral("--threshold-mode"), QStringLiteral("abs")}
            << QByteArray()
            // abs 0.5: only epoch 0 improves on +inf; fires at 1, cooldown 2 and 3, fires at 4, 7, 10.
            << QStringList {QStringLiteral("plateau.firing_epochs=[1,4,7,10]"),
                   QStringLiteral("config.plateau.threshold_mode=\"abs\""),
                   QStringLiteral("config.plateau.cooldown=2"),
                   QStringLiteral("recommendation.action=\"reduce_lr\"")};
        QTest::newRow("min delta, keras")
            << QStringList {m, plateau, QStringLiteral("--convention=keras"), QStringLiteral("--min-delta"),
                   QStringLiteral("0.15"), QStringLiteral("--patience"), QStringLiteral("2")}
            << QByteArray()
            // Improvements need 0.15: epochs 0 (0.9), 1 (0.7) and 3 (0.5); then 4 and 5 wait.
            << QStringList {
                   QStringLiteral("plateau.last_improvement_epoch=3"), QStringLiteral("plateau.epoch=5")};
        QTest::newRow("json on stdin with python's NaN: divergence")
            << QStringList {m, QStringLiteral("-")}
            << QByteArray(R"({"epochs": [{"epoch": 0, "train_loss": 1.0, "val_loss": 1.0},
                              {"epoch": 1, "train_loss": 0.5, "val_loss": 0.6},
                              {"epoch": 2, "train_loss": NaN, "val_loss": NaN}]})")
            << QStringList {QStringLiteral("divergence.detected=true"), QStringLiteral("divergence.epoch=2"),
                   QStringLiteral("divergence.reason=\"train_loss is NaN at epoch 3\""),
                   QStringLiteral("best_epoch=1"), QStringLiteral("recommendation.action=\"restore_best\"")};
        QTest::newRow("divergence factor")
            << QStringList {m, QStringLiteral("-"), QStringLiteral("--divergence-factor"),
                   QStringLiteral("1.5")}
            << QByteArray("epoch,train_loss,val_loss\n0,1.0,1.0\n1,0.9,0.9\n2,1.6,1.0\n")
            << QStringList {QStringLiteral("divergence.epoch=2"),
                   QStringLiteral("config.divergence.train_loss_factor=1.5")};
        QTest::newRow("empty history")
            << QStringList {m, QStringLiteral("-")} << QByteArray(R"({"epochs": []})")
            << QStringList {QStringLiteral("best_epoch=null"), QStringLiteral("best_value=null"),
                   QStringLiteral("epochs_analyzed=0"), QStringLiteral("overfitting.gl=null"),
                   QStringLiteral("recommendation.action=\"continue\""),
                   QStringLiteral("recommendation.reason=\"No metrics yet.\"")};
    }

    void reports()
    {
        QFETCH(QStringList, args);
        QFETCH(QByteArray, stdinData);
        QFETCH(QStringList, expect);
        const Result r = cli(QStringList {QStringLiteral("analyze")} + args, stdinData);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.err.isEmpty(), r.err.constData());
        QVERIFY2(!r.out.contains("nan") && !r.out.contains("NaN,"), r.out.constData());
        const QJsonObject report = r.json();
        for (const QString &e : expect) {
            const QString path = e.section(QLatin1Char('='), 0, 0);
            const QString want = e.section(QLatin1Char('='), 1);
            QVERIFY2(valueAt(report, path) == want,
                qPrintable(QStringLiteral("%1 is %2, expected %3").arg(path, valueAt(report, path), want)));
        }
    }

    void errors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QByteArray>("stdinData");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("mentions");
        const QString m = QStringLiteral("--metrics");
        const QString f = data("overfitting.json");
        const auto row = [&](const char *name, const QStringList &extra, int code, const char *mentions) {
            QTest::newRow(name) << (QStringList {m, f} + extra) << QByteArray() << code
                                << QString::fromUtf8(mentions);
        };
        QTest::newRow("no --metrics")
            << QStringList {} << QByteArray() << 2 << QStringLiteral("--metrics FILE");
        row("negative patience", {QStringLiteral("--patience"), QStringLiteral("-1")}, 2,
            "--patience must be a whole number, 0 or more, not \"-1\"");
        row("patience not a number", {QStringLiteral("--patience"), QStringLiteral("five")}, 2, "--patience");
        row("fractional cooldown", {QStringLiteral("--cooldown"), QStringLiteral("1.5")}, 2, "--cooldown");
        row("mode sideways", {QStringLiteral("--mode"), QStringLiteral("sideways")}, 2,
            "--mode must be one of min, max, not \"sideways\"");
        row("unknown monitor", {QStringLiteral("--monitor"), QStringLiteral("val_acc")}, 2, "--monitor");
        row("negative threshold", {QStringLiteral("--threshold"), QStringLiteral("-0.1")}, 2, "--threshold");
        row("threshold mode", {QStringLiteral("--threshold-mode"), QStringLiteral("relative")}, 2,
            "--threshold-mode");
        row("convention", {QStringLiteral("--convention"), QStringLiteral("tensorflow")}, 2, "--convention");
        row("window of one", {QStringLiteral("--window"), QStringLiteral("1")}, 2,
            "--window must be a whole number, 2");
        row("min delta inf", {QStringLiteral("--min-delta"), QStringLiteral("inf")}, 2, "--min-delta");
        row("stray argument", {QStringLiteral("extra")}, 2, "extra");
        row("unknown option", {QStringLiteral("--bogus")}, 2, "bogus");
        QTest::newRow("missing file") << QStringList {m, m_tmp.filePath(QStringLiteral("none.json"))}
                                      << QByteArray() << 3 << QStringLiteral("cannot be read: No such file");
        QTest::newRow("a folder") << QStringList {m, m_tmp.path()} << QByteArray() << 3
                                  << QStringLiteral("is a folder; only regular files are read");
        QTest::newRow("bad csv on stdin")
            << QStringList {m, QStringLiteral("-")} << QByteArray("epoch,val_loss\n0,1\n1,x\n") << 3
            << QStringLiteral("Line 3, column val_loss: \"x\" is not a number");
        QTest::newRow("bad json field")
            << QStringList {m, QStringLiteral("-")} << QByteArray(R"({"epochs": [{"epoch": 0, "val_loss": 1},
                                                          {"epoch": 1, "val_loss": [1]}]})")
            << 3 << QStringLiteral("epochs[1].val_loss is [1], not a number");
        QTest::newRow("empty stdin") << QStringList {m, QStringLiteral("-")} << QByteArray() << 3
                                     << QStringLiteral("The metrics are empty");
    }

    void errors()
    {
        QFETCH(QStringList, args);
        QFETCH(QByteArray, stdinData);
        QFETCH(int, exitCode);
        QFETCH(QString, mentions);
        const Result r = cli(QStringList {QStringLiteral("analyze")} + args, stdinData);
        QCOMPARE(r.exitCode, exitCode);
        QVERIFY2(r.out.isEmpty(), r.out.constData());
        const QJsonObject error = r.error();
        QCOMPARE(error.value(QStringLiteral("code")).toString(),
            exitCode == 2 ? QStringLiteral("usage") : QStringLiteral("input"));
        QCOMPARE(error.value(QStringLiteral("exit_code")).toInt(), exitCode);
        QVERIFY2(error.value(QStringLiteral("message")).toString().contains(mentions), r.err.constData());
    }

    void helpListsTheOptions()
    {
        const Result general = cli({QStringLiteral("--help")});
        QCOMPARE(general.exitCode, 0);
        QVERIFY(general.out.contains("analyze --metrics FILE|-"));
        const Result r = cli({QStringLiteral("analyze"), QStringLiteral("--help")});
        QCOMPARE(r.exitCode, 0);
        for (const char *option : {"--metrics", "--monitor", "--mode", "--patience", "--threshold",
                 "--threshold-mode", "--min-delta", "--cooldown", "--convention", "--window", "--gl-alpha",
                 "--pq-alpha", "--strip-length", "--divergence-factor"})
            QVERIFY2(r.out.contains(option), option);
    }

    void prettyIsTheSameReport()
    {
        const QStringList args {QStringLiteral("analyze"), QStringLiteral("--metrics"), data("plateau.csv")};
        const Result compact = cli(args);
        const Result pretty = cli(QStringList {QStringLiteral("--pretty")} + args);
        QCOMPARE(pretty.exitCode, 0);
        QVERIFY(pretty.out.count('\n') > 10);
        QCOMPARE(pretty.json(), compact.json());
    }

private:
    Result cli(const QStringList &args, const QByteArray &stdinData = {})
    {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("LOOPKEEPER_WORKSPACE"));
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_tmp.filePath(QStringLiteral("xdg-data")));
        p.setProcessEnvironment(env);
        p.start(lk::test::binary(QStringLiteral("loopkeeper-cli")), args);
        Result r;
        if (!p.waitForStarted())
            return r;
        p.write(stdinData);
        p.closeWriteChannel();
        if (!p.waitForFinished(60000)) {
            p.kill();
            p.waitForFinished();
            return r;
        }
        r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        r.out = p.readAllStandardOutput();
        r.err = p.readAllStandardError();
        return r;
    }

    QTemporaryDir m_tmp;
};

QTEST_GUILESS_MAIN(TestAnalyzeCli)
#include "tst_analyze_cli.moc"
