// Reading metric histories: the JSON and CSV forms runs leave behind, and errors that say which
// line or entry and which field was wrong.
#include "core/analysis/MetricHistoryParser.h"
#include "core/common/Error.h"

#include <QtTest>

#include <cmath>

using namespace lk::analysis;

namespace {

QString value(double v, bool measuredNaN)
{
    if (measuredNaN)
        return QStringLiteral("NaN");
    return std::isnan(v) ? QStringLiteral("-") : QString::number(v);
}

/// "epoch:train,val,accuracy,lr" per epoch; "-" not measured, "NaN" a measured NaN.
QString describe(const std::vector<EpochMetrics> &history)
{
    QStringList out;
    for (const EpochMetrics &m : history)
        out << QStringLiteral("%1:%2,%3,%4,%5")
                   .arg(QString::number(m.epoch), value(m.trainLoss, m.trainLossNaN),
                       value(m.valLoss, m.valLossNaN), value(m.valAccuracy, false),
                       value(m.learningRate, false));
    return out.join(QLatin1Char(' '));
}

} // namespace

class TestMetricHistory : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void reads_data()
    {
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<QString>("expected");
        QTest::newRow("json object") << QByteArray(
            R"({"epochs": [{"epoch": 0, "train_loss": 0.9, "val_loss": 1.1, "val_accuracy": 0.61,
                             "lr": 0.01}, {"epoch": 1, "train_loss": 0.7, "val_loss": 0.95, "val_accuracy": 0.7,
                             "lr": 0.01}]})")
                                     << QStringLiteral("0:0.9,1.1,0.61,0.01 1:0.7,0.95,0.7,0.01");
        QTest::newRow("json array, null and missing are not measured")
            << QByteArray(
                   R"([{"epoch": 1, "train_loss": 0.9, "val_loss": null}, {"epoch": 2, "val_loss": 0.8}])")
            << QStringLiteral("1:0.9,-,-,- 2:-,0.8,-,-");
        QTest::newRow("python's bare NaN and Infinity; strings left alone")
            << QByteArray("{\"note\": \"NaN Infinity\", \"epochs\": [{\"epoch\": 0, \"train_loss\": NaN, "
                          "\"val_loss\": "
                          "Infinity}, {\"epoch\": 1, \"train_loss\": -Infinity, \"val_loss\": \"nan\"}]}")
            << QStringLiteral("0:NaN,inf,-,- 1:-inf,NaN,-,-");
        QTest::newRow("json: other keys ignored, learning_rate alias") << QByteArray(
            R"({"epochs": [{"epoch": 0, "loss": 2, "val_loss": 1, "time": 3.5, "learning_rate": 0.1}]})")
                                                                       << QStringLiteral("0:2,1,-,0.1");
        QTest::newRow("json: no epochs yet") << QByteArray(R"({"epochs": []})") << QString();
        QTest::newRow("csv") << QByteArray("epoch,train_loss,val_loss\n0,1.0,1.2\n1,0.8,1.0\n")
                             << QStringLiteral("0:1,1.2,-,- 1:0.8,1,-,-");
        QTest::newRow("csv: CRLF, BOM, blank lines, comments, spaces, quotes")
            << QByteArray("\xEF\xBB\xBF# exported\r\n\"epoch\", train_loss , "
                          "val_loss,val_accuracy,lr\r\n\r\n0, 1.0, "
                          "1.2, 0.5, 0.1\r\n1,\"0.8\",1.0,0.6,0.1\r\n")
            << QStringLiteral("0:1,1.2,0.5,0.1 1:0.8,1,0.6,0.1");
        QTest::newRow("csv: keras CSVLogger columns")
            << QByteArray("epoch,accuracy,loss,lr,val_accuracy,val_loss\n0,0.5,1.3,0.001,0.55,1.2\n")
            << QStringLiteral("0:1.3,1.2,0.55,0.001");
        QTest::newRow("csv: empty cells, nan and inf")
            << QByteArray("epoch,train_loss,val_loss\n0,1.0,\n1,nan,inf\n2,,-inf\n")
            << QStringLiteral("0:1,-,-,- 1:NaN,inf,-,- 2:-,-inf,-,-");
        QTest::newRow("csv: header only") << QByteArray("epoch,val_loss\n") << QString();
    }

    void reads()
    {
        QFETCH(QByteArray, data);
        QFETCH(QString, expected);
        QCOMPARE(describe(parseMetricHistory(data)), expected);
    }

    void refuses_data()
    {
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<QString>("message");
        QTest::newRow("empty") << QByteArray(" \n ") << QStringLiteral("The metrics are empty.");
        QTest::newRow("malformed json") << QByteArray("{\"epochs\": [\n{\"epoch\": 0,\n\"val_loss\": 1,,}]}")
                                        << QStringLiteral("Metrics JSON is malformed at line 3");
        QTest::newRow("no epochs array")
            << QByteArray(R"({"history": []})") << QStringLiteral("Metrics JSON has no \"epochs\" array.");
        QTest::newRow("entry not an object") << QByteArray(R"({"epochs": [{"epoch": 0, "val_loss": 1}, 3]})")
                                             << QStringLiteral("epochs[1] is not an object.");
        QTest::newRow("no epoch") << QByteArray(R"([{"val_loss": 1}])")
                                  << QStringLiteral("epochs[0] has no \"epoch\".");
        QTest::newRow("fractional epoch")
            << QByteArray(R"([{"epoch": 0, "val_loss": 1}, {"epoch": 1.5, "val_loss": 1}])")
            << QStringLiteral("epochs[1].epoch is 1.5, not a whole number 0 or more.");
        QTest::newRow("negative epoch") << QByteArray(R"([{"epoch": -1, "val_loss": 1}])")
                                        << QStringLiteral("epochs[0].epoch is -1, not a whole number");
        QTest::newRow("text for a number") << QByteArray(R"([{"epoch": 0, "val_loss": "abc"}])")
                                           << QStringLiteral("epochs[0].val_loss is \"abc\", not a number");
        QTest::newRow("bool for a number") << QByteArray(R"([{"epoch": 0, "train_loss": true}])")
                                           << QStringLiteral("epochs[0].train_loss is true, not a number");
        QTest::newRow("same metric twice") << QByteArray(R"([{"epoch": 0, "train_loss": 1, "loss": 2}])")
                                           << QStringLiteral("gives train_loss twice");
        QTest::newRow("no metrics")
            << QByteArray(R"([{"epoch": 0, "lr": 0.1}])")
            << QStringLiteral("epochs[0] (epoch 0) has none of train_loss, val_loss, val_accuracy.");
        QTest::newRow("json epochs out of order") << QByteArray(
            R"([{"epoch": 0, "val_loss": 1}, {"epoch": 3, "val_loss": 1}, {"epoch": 1, "val_loss": 1}])")
                                                  << QStringLiteral("epochs[2]: epoch 1 follows epoch 3; "
                                                                    "epochs must increase.");
        QTest::newRow("csv without epoch column")
            << QByteArray("step,val_loss\n0,1\n")
            << QStringLiteral("Line 1: the CSV header \"step,val_loss\" needs an "
                              "epoch column");
        QTest::newRow("csv without a metric column")
            << QByteArray("epoch,lr\n0,1\n") << QStringLiteral("needs an epoch column and at least one of");
        QTest::newRow("csv field count")
            << QByteArray("epoch,train_loss,val_loss\n0,1,1\n1,0.9\n")
            << QStringLiteral("Line 3 has 2 fields, but the header (line 1) has 3.");
        QTest::newRow("csv bad number")
            << QByteArray("epoch,val_loss\n\n0,0.5x\n")
            << QStringLiteral("Line 3, column val_loss: \"0.5x\" is not a number.");
        QTest::newRow("csv bad epoch")
            << QByteArray("epoch,val_loss\n0,1\none,1\n")
            << QStringLiteral("Line 3, column epoch: \"one\" is not a whole number 0 or more.");
        QTest::newRow("csv duplicate column") << QByteArray("epoch,loss,train_loss\n")
                                              << QStringLiteral("Line 1: the header names train_loss twice");
        QTest::newRow("csv epochs out of order")
            << QByteArray("epoch,val_loss\n0,1\n2,1\n1,1\n")
            << QStringLiteral("Line 4: epoch 1 follows epoch 2; epochs must increase.");
        QTest::newRow("not json, no csv header either")
            << QByteArray("hello\n") << QStringLiteral("needs an epoch column");
    }

    void refuses()
    {
        QFETCH(QByteArray, data);
        QFETCH(QString, message);
        try {
            const auto h = parseMetricHistory(data);
            QFAIL(qPrintable(QStringLiteral("parsed: ") + describe(h)));
        } catch (const lk::Error &e) {
            QCOMPARE(e.kind(), lk::ErrorKind::Input);
            QVERIFY2(e.message().contains(message), qPrintable(e.message()));
        }
    }
};

QTEST_GUILESS_MAIN(TestMetricHistory)
#include "tst_metrichistory.moc"
