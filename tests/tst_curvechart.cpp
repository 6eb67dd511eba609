// The curve chart offscreen, as the Training panel will use it: batched appends drawn
// decimated with their extremes intact, coalesced redraws, log scale, smoothing, marker,
// x-axis modes, zoom, hover read-out, PNG and CSV export, and names for screen readers.
// What Qt Charts was handed is read back through CurveChart::drawnPoints(); the few checks
// that need Qt Charts itself (marker line, positions for the mouse) say so.
#include "common/TestSupport.h"
#include "ui/charts/CurveChart.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAbstractScrollArea>
#include <QAbstractSlider>
#include <QAbstractSpinBox>
#include <QAction>
#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QGraphicsSimpleTextItem>
#include <QLabel>
#include <QLineSeries>
#include <QMenu>
#include <QSignalSpy>
#include <QSlider>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <random>

using lk::ui::CurveChart;
using lk::ui::CurveMarker;
using lk::ui::CurvePoint;
using lk::ui::CurveStyle;
using lk::ui::CurveXAxis;

namespace {

/// A noisy decaying loss; step = first + i, epoch = step / 1000, wall time = 2 s per step.
QList<CurvePoint> lossPoints(qint64 first, int count, unsigned seed = 1)
{
    std::mt19937 rng(seed + unsigned(first));
    std::normal_distribution<double> noise(0, 0.05);
    QList<CurvePoint> points;
    points.reserve(count);
    for (int i = 0; i < count; ++i) {
        const qint64 step = first + i;
        points.append({step, double(step) / 1000.0, double(step) * 2.0,
            2.0 * std::exp(-double(step) / 200000.0) + 0.2 + noise(rng)});
    }
    return points;
}

double minY(const QList<QPointF> &points)
{
    double m = std::numeric_limits<double>::infinity();
    for (const QPointF &p : points)
        m = std::min(m, p.y());
    return m;
}

double maxY(const QList<QPointF> &points)
{
    double m = -std::numeric_limits<double>::infinity();
    for (const QPointF &p : points)
        m = std::max(m, p.y());
    return m;
}

bool containsY(const QList<QPointF> &points, double y)
{
    return std::any_of(points.begin(), points.end(), [y](const QPointF &p) { return p.y() == y; });
}

} // namespace

class TestCurveChart : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_tmp.isValid());
    }

    void init()
    {
        m_chart = std::make_unique<CurveChart>();
        m_chart->resize(900, 520);
        m_chart->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_chart.get()));
        settle();
    }

    void cleanup() { m_chart.reset(); }

    void showsEmptyStateUntilThereArePoints()
    {
        auto *empty = m_chart->findChild<QLabel *>(QStringLiteral("curveChartEmptyText"));
        QVERIFY(empty);
        QVERIFY(empty->isVisible());
        QVERIFY(!empty->text().isEmpty());
        const int id = m_chart->addSeries({QStringLiteral("train loss"), {}, Qt::SolidLine});
        QVERIFY(m_chart->appendPoints(id, lossPoints(0, 10)).isEmpty());
        redraw();
        QVERIFY(!empty->isVisible());
        m_chart->clear();
        redraw();
        QVERIFY(empty->isVisible());
    }

    void batchesAreDecimatedAndKeepTheirExtremes()
    {
        const int id = m_chart->addSeries({QStringLiteral("train loss"), Qt::blue, Qt::SolidLine});
        m_chart->reservePoints(id, 500000);
        QSignalSpy redrawn(m_chart.get(), &CurveChart::redrawn);
        for (int batch = 0; batch < 10; ++batch) {
            QList<CurvePoint> points = lossPoints(batch * 50000, 50000);
            if (batch == 2)
                points[23456].value = 25.0; // a spike at step 123456
            if (batch == 6)
                points[45678].value = -3.0; // and a dip at step 345678
            QVERIFY(m_chart->appendPoints(id, points).isEmpty());
        }
        QCOMPARE(m_chart->pointCount(id), std::size_t(500000));
        // Ten appends without the event loop in between: one redraw, not ten.
        QVERIFY(redrawn.wait());
        QCOMPARE(redrawn.count(), 1);

        const QList<QPointF> drawn = m_chart->drawnPoints(id);
        const int width = m_chart->plotWidth();
        QVERIFY2(width > 300, qPrintable(QString::number(width)));
        QVERIFY2(drawn.size() <= 2 * width + 4, qPrintable(QStringLiteral("%1 points").arg(drawn.size())));
        QVERIFY(drawn.size() >= width); // every column has points
        QVERIFY(containsY(drawn, 25.0));
        QVERIFY(containsY(drawn, -3.0));
        QCOMPARE(m_chart->visibleXRange(), std::make_pair(0.0, 499999.0));
        QVERIFY(m_chart->bytesUsed() >= 500000 * lk::ui::CurveData::kBytesPerPoint);

        // A live run goes on: the view follows the new points.
        QVERIFY(m_chart->appendPoints(id, lossPoints(500000, 1000)).isEmpty());
        redraw();
        QCOMPARE(m_chart->visibleXRange().second, 500999.0);
    }

    void redrawsOnlyWhenSomethingChanged()
    {
        auto *timer = m_chart->findChild<QTimer *>(QStringLiteral("curveChartRedrawTimer"));
        QVERIFY(timer);
        const int id = m_chart->addSeries({QStringLiteral("loss"), {}, Qt::SolidLine});
        QVERIFY(m_chart->appendPoints(id, lossPoints(0, 1000)).isEmpty());
        QVERIFY(timer->isActive());
        redraw();
        settle();
        QVERIFY(!timer->isActive()); // nothing pending: no redraw until data or view change
        m_chart->setLogScale(true);
        QVERIFY(timer->isActive());
    }

    void refusesBadBatchesAndUnknownSeries()
    {
        const int id = m_chart->addSeries({QStringLiteral("loss"), {}, Qt::SolidLine});
        QVERIFY(m_chart->appendPoints(id, lossPoints(100, 10)).isEmpty());
        QVERIFY(!m_chart->appendPoints(id, lossPoints(0, 10)).isEmpty()); // goes back in step
        QCOMPARE(m_chart->pointCount(id), std::size_t(10));
        QVERIFY(!m_chart->appendPoints(id + 100, lossPoints(200, 10)).isEmpty());
        QVERIFY(m_chart->removeSeries(id));
        QVERIFY(!m_chart->removeSeries(id));
        QCOMPARE(m_chart->totalPointCount(), std::size_t(0));
    }

    void logScaleLeavesOutValuesAtOrBelowZero()
    {
        const int id = m_chart->addSeries({QStringLiteral("margin"), {}, Qt::SolidLine});
        QList<CurvePoint> points = lossPoints(0, 5000);
        for (int i = 0; i < points.size(); i += 50)
            points[i].value = i % 100 == 0 ? 0.0 : -1.5;
        QVERIFY(m_chart->appendPoints(id, points).isEmpty());
        redraw();
        QCOMPARE(minY(m_chart->drawnPoints(id)), -1.5);

        QSignalSpy changed(m_chart.get(), &CurveChart::logScaleChanged);
        m_chart->setLogScale(true);
        QCOMPARE(changed.count(), 1);
        QVERIFY(m_chart->findChild<QCheckBox *>(QStringLiteral("curveChartLogScale"))->isChecked());
        // Qt Charts: exactly one y axis shows, at once (an export right now must not show two).
        const auto yAxes = chartView()->chart()->axes(Qt::Vertical);
        QCOMPARE(
            std::count_if(yAxes.begin(), yAxes.end(), [](QAbstractAxis *a) { return a->isVisible(); }), 1);
        QVERIFY(std::any_of(yAxes.begin(), yAxes.end(),
            [](QAbstractAxis *a) { return a->isVisible() && a->type() == QAbstractAxis::AxisTypeLogValue; }));
        redraw();
        const QList<QPointF> drawn = m_chart->drawnPoints(id);
        QVERIFY(!drawn.isEmpty());
        QVERIFY(minY(drawn) > 0);
        QVERIFY2(m_chart->readoutText().contains(QStringLiteral("≤ 0, not drawn on the log scale: 100")),
            qPrintable(m_chart->readoutText()));

        m_chart->findChild<QCheckBox *>(QStringLiteral("curveChartLogScale"))->click();
        QVERIFY(!m_chart->logScale());
        redraw();
        QCOMPARE(minY(m_chart->drawnPoints(id)), -1.5);
        QVERIFY(!m_chart->readoutText().contains(QStringLiteral("log scale")));
    }

    void nonFiniteValuesAreCountedNotDrawn()
    {
        const int id = m_chart->addSeries({QStringLiteral("loss"), {}, Qt::SolidLine});
        QList<CurvePoint> points = lossPoints(0, 100);
        points[40].value = std::nan("");
        points[41].value = std::numeric_limits<double>::infinity();
        QVERIFY(m_chart->appendPoints(id, points).isEmpty());
        redraw();
        const QList<QPointF> drawn = m_chart->drawnPoints(id);
        QCOMPARE(drawn.size(), 98);
        QVERIFY(
            std::all_of(drawn.begin(), drawn.end(), [](const QPointF &p) { return std::isfinite(p.y()); }));
        QVERIFY2(m_chart->readoutText().contains(QStringLiteral("NaN or infinite, not drawn: 2")),
            qPrintable(m_chart->readoutText()));
    }

    void smoothingChangesTheDrawnValues()
    {
        const int id = m_chart->addSeries({QStringLiteral("loss"), {}, Qt::SolidLine});
        QVERIFY(m_chart->appendPoints(id, lossPoints(0, 20000)).isEmpty());
        redraw();
        const QList<QPointF> raw = m_chart->drawnPoints(id);
        QVERIFY(m_chart->drawnPoints(id, true).isEmpty());

        QSignalSpy changed(m_chart.get(), &CurveChart::smoothingChanged);
        m_chart->setSmoothing(0.9);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(m_chart->findChild<QDoubleSpinBox *>(QStringLiteral("curveChartSmoothing"))->value(), 0.9);
        redraw();
        const QList<QPointF> smoothed = m_chart->drawnPoints(id, true);
        QVERIFY(!smoothed.isEmpty());
        QVERIFY(smoothed != raw);
        // Smoothing takes the noise out: a narrower band than the raw curve's.
        QVERIFY(maxY(smoothed) - minY(smoothed) < maxY(raw) - minY(raw));
        // The raw curve is still drawn, faintly, under the smoothed one.
        QCOMPARE(minY(m_chart->drawnPoints(id)), minY(raw));
        QCOMPARE(maxY(m_chart->drawnPoints(id)), maxY(raw));
        QLineSeries *rawLine = lineSeries(QStringLiteral("curveRaw%1").arg(id));
        QVERIFY(rawLine);
        QVERIFY(rawLine->pen().color().alpha() < 255);

        m_chart->findChild<QSlider *>(QStringLiteral("curveChartSmoothingSlider"))->setValue(500);
        QCOMPARE(m_chart->smoothing(), 0.5);
        m_chart->setSmoothing(0);
        redraw();
        QVERIFY(m_chart->drawnPoints(id, true).isEmpty());
        QCOMPARE(rawLine->pen().color().alpha(), 255);
    }

    void markerIsSetMovedWithTheAxisAndCleared()
    {
        const int id = m_chart->addSeries({QStringLiteral("val loss"), {}, Qt::DashLine});
        QVERIFY(m_chart->appendPoints(id, lossPoints(0, 1000)).isEmpty());
        m_chart->setMarker({600, 0.6, 1200.0, QStringLiteral("best epoch")});
        redraw();
        QVERIFY(m_chart->marker().has_value());
        // Qt Charts: the marker is a two-point vertical line and a text item on the chart.
        QLineSeries *line = lineSeries(QStringLiteral("curveChartMarkerLine"));
        QVERIFY(line && line->isVisible());
        QCOMPARE(line->count(), 2);
        QCOMPARE(line->at(0).x(), 600.0);
        QCOMPARE(line->at(1).x(), 600.0);
        QGraphicsSimpleTextItem *label = markerLabel();
        QVERIFY(label);
        QTRY_VERIFY(label->isVisible());

        m_chart->setXAxis(CurveXAxis::Epoch);
        redraw();
        QCOMPARE(line->at(0).x(), 0.6);
        m_chart->setXAxis(CurveXAxis::WallTime);
        redraw();
        QCOMPARE(line->at(0).x(), 1200.0);

        m_chart->clearMarker();
        redraw();
        QVERIFY(!m_chart->marker().has_value());
        QVERIFY(!line->isVisible());
        QVERIFY(!label->isVisible());
    }

    void xAxisModeChangesTheDrawnX_data()
    {
        QTest::addColumn<int>("axis");
        QTest::addColumn<double>("lastX");
        QTest::newRow("step") << int(CurveXAxis::Step) << 9999.0;
        QTest::newRow("epoch") << int(CurveXAxis::Epoch) << double(float(9.999));
        QTest::newRow("wall time") << int(CurveXAxis::WallTime) << 19998.0;
    }

    void xAxisModeChangesTheDrawnX()
    {
        QFETCH(int, axis);
        QFETCH(double, lastX);
        const int id = m_chart->addSeries({QStringLiteral("loss"), {}, Qt::SolidLine});
        QVERIFY(m_chart->appendPoints(id, lossPoints(0, 10000)).isEmpty());
        QSignalSpy changed(m_chart.get(), &CurveChart::xAxisChanged);
        auto *combo = m_chart->findChild<QComboBox *>(QStringLiteral("curveChartXAxis"));
        combo->setCurrentIndex(combo->findData(axis));
        QCOMPARE(m_chart->xAxis(), CurveXAxis(axis));
        QCOMPARE(changed.count(), axis == int(CurveXAxis::Step) ? 0 : 1);
        redraw();
        // The last column's extremes sit at its centre: within a column of the last point.
        const QList<QPointF> drawn = m_chart->drawnPoints(id);
        const double column = lastX / m_chart->plotWidth();
        QVERIFY2(drawn.last().x() <= lastX && drawn.last().x() >= lastX - column,
            qPrintable(QString::number(drawn.last().x())));
        QVERIFY(drawn.first().x() >= 0 && drawn.first().x() <= column);
        QCOMPARE(m_chart->visibleXRange(), std::make_pair(0.0, lastX));
    }

    void zoomsToAnXRangeAndBack()
    {
        const int id = m_chart->addSeries({QStringLiteral("loss"), {}, Qt::SolidLine});
        QVERIFY(m_chart->appendPoints(id, lossPoints(0, 100000)).isEmpty());
        QSignalSpy zoomed(m_chart.get(), &CurveChart::zoomChanged);
        m_chart->zoomToX(20000, 30000);
        QVERIFY(m_chart->isZoomed());
        QCOMPARE(zoomed.count(), 1);
        redraw();
        QCOMPARE(m_chart->visibleXRange(), std::make_pair(20000.0, 30000.0));
        const QList<QPointF> drawn = m_chart->drawnPoints(id);
        const auto outside = std::count_if(
            drawn.begin(), drawn.end(), [](const QPointF &p) { return p.x() < 20000 || p.x() > 30000; });
        QVERIFY(outside <= 2); // the line runs on to the edges through one point on each side

        // The zoom stays on the same points when the x axis changes.
        m_chart->setXAxis(CurveXAxis::Epoch);
        redraw();
        QCOMPARE(m_chart->visibleXRange(), std::make_pair(20.0, 30.0));

        m_chart->resetZoom();
        QVERIFY(!m_chart->isZoomed());
        QCOMPARE(zoomed.count(), 2);
        redraw();
        QCOMPARE(m_chart->visibleXRange(), std::make_pair(0.0, double(float(99.999))));
    }

    void mouseZoomsWithBandAndWheelAndResetsOnDoubleClick()
    {
        const int id = m_chart->addSeries({QStringLiteral("loss"), {}, Qt::SolidLine});
        QVERIFY(m_chart->appendPoints(id, lossPoints(0, 10000)).isEmpty());
        redraw();
        settle();
        QWidget *viewport = chartViewport();
        const QPoint left = viewportPosition(2000);
        const QPoint right = viewportPosition(6000);
        QTest::mousePress(viewport, Qt::LeftButton, {}, left);
        QTest::mouseMove(viewport, right);
        QTest::mouseRelease(viewport, Qt::LeftButton, {}, right);
        QVERIFY(m_chart->isZoomed());
        redraw();
        const auto [from, to] = m_chart->visibleXRange();
        QVERIFY2(std::abs(from - 2000) < 50 && std::abs(to - 6000) < 50,
            qPrintable(QStringLiteral("%1…%2").arg(from).arg(to)));

        QTest::mouseDClick(viewport, Qt::LeftButton, {}, left);
        QTest::mouseRelease(viewport, Qt::LeftButton, {}, left); // a double click ends released
        QVERIFY(!m_chart->isZoomed());
        redraw();
        settle();

        const QPoint centre = viewportPosition(5000);
        QWheelEvent wheel(centre, viewport->mapToGlobal(centre), QPoint(), QPoint(0, 240), Qt::NoButton,
            Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(viewport, &wheel);
        QVERIFY(m_chart->isZoomed());
        redraw();
        const auto [zFrom, zTo] = m_chart->visibleXRange();
        QVERIFY(zFrom > 0 && zTo < 9999 && zFrom < 5000 && zTo > 5000);
    }

    void hoverReadsOutTheNearestPointOfEachSeries()
    {
        const int train = m_chart->addSeries({QStringLiteral("train loss"), {}, Qt::SolidLine});
        const int val = m_chart->addSeries({QStringLiteral("val loss"), {}, Qt::DashLine});
        QList<CurvePoint> perEpoch;
        for (int e = 0; e <= 10; ++e)
            perEpoch.append({e * 100, double(e), e * 60.0, 1.0 / (e + 1)});
        QVERIFY(m_chart->appendPoints(train, lossPoints(0, 1001)).isEmpty());
        QVERIFY(m_chart->appendPoints(val, perEpoch).isEmpty());
        redraw();
        settle(); // positions below need the final layout

        QTest::mouseMove(chartViewport(), viewportPosition(315));
        const QString expectedVal = QStringLiteral("val loss at step 300: %1").arg(QLocale().toString(0.25));
        QTRY_VERIFY2(m_chart->readoutText().contains(expectedVal), qPrintable(m_chart->readoutText()));
        QVERIFY(m_chart->readoutText().contains(QStringLiteral("train loss at step 31")));

        m_chart->setSmoothing(0.5);
        QTest::mouseMove(chartViewport(), viewportPosition(700));
        QTRY_VERIFY2(m_chart->readoutText().contains(QStringLiteral("val loss at step 700")),
            qPrintable(m_chart->readoutText()));
        QVERIFY(m_chart->readoutText().contains(QStringLiteral("(smoothed")));

        m_chart->setSeriesVisible(val, false);
        redraw();
        settle(); // one legend entry less: a taller plot
        QTest::mouseMove(chartViewport(), viewportPosition(505));
        QTRY_VERIFY2(m_chart->readoutText().contains(QStringLiteral("train loss at step 50")),
            qPrintable(m_chart->readoutText()));
        QVERIFY(!m_chart->readoutText().contains(QStringLiteral("val loss")));
        QVERIFY(m_chart->drawnPoints(val).isEmpty());
    }

    void exportsPng()
    {
        const int id = m_chart->addSeries({QStringLiteral("loss"), {}, Qt::SolidLine});
        QVERIFY(m_chart->appendPoints(id, lossPoints(0, 5000)).isEmpty());
        const QString path = m_tmp.filePath(QStringLiteral("chart.png"));
        QCOMPARE(m_chart->exportPng(path), QString());
        const QImage image(path);
        QVERIFY(!image.isNull());
        QCOMPARE(image.size(), chartView()->size() * chartView()->devicePixelRatio());
        // Not blank: the curve is there, in the series' colour.
        const QRgb curve = m_chart->seriesStyle(id).color.rgb();
        bool found = false;
        for (int y = 0; y < image.height() && !found; ++y)
            for (int x = 0; x < image.width() && !found; ++x)
                found = image.pixel(x, y) == curve;
        QVERIFY(found);

        // A file where the folder should be: the export fails, says which file, and leaves nothing.
        QVERIFY(lk::test::writeFile(m_tmp.filePath(QStringLiteral("blocker")), "not a folder"));
        const QString blocked = m_tmp.filePath(QStringLiteral("blocker/chart.png"));
        const QString error = m_chart->exportPng(blocked);
        QVERIFY2(error.contains(QStringLiteral("Cannot write the chart picture")) && error.contains(blocked),
            qPrintable(error));
    }

    void exportsCsvOfTheVisibleSeries()
    {
        const int a = m_chart->addSeries({QStringLiteral("run 1, train"), {}, Qt::SolidLine});
        const int b = m_chart->addSeries({QStringLiteral("run 2"), {}, Qt::SolidLine});
        const int hidden = m_chart->addSeries({QStringLiteral("hidden"), {}, Qt::SolidLine});
        QList<CurvePoint> first = {{0, 0.0, 0.0, 1.5}, {10, 0.25, 3.5, std::nan("")}, {20, 0.5, 7.0, 0.125}};
        QVERIFY(m_chart->appendPoints(a, first).isEmpty());
        QVERIFY(m_chart->appendPoints(b, lossPoints(0, 5)).isEmpty());
        QVERIFY(m_chart->appendPoints(hidden, lossPoints(0, 4)).isEmpty());
        m_chart->setSeriesVisible(hidden, false);

        const QString path = m_tmp.filePath(QStringLiteral("curves.csv"));
        QCOMPARE(m_chart->exportCsv(path), QString());
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray csv = file.readAll();
        const QList<QByteArray> lines = csv.split('\n');
        QCOMPARE(lines.first(), QByteArray("series,step,epoch,wall_time_s,value"));
        QCOMPARE(lines.last(), QByteArray()); // ends with a newline
        QCOMPARE(lines.size() - 2, 3 + 5);
        QCOMPARE(lines.at(1), QByteArray("\"run 1, train\",0,0,0,1.5"));
        QCOMPARE(lines.at(2), QByteArray("\"run 1, train\",10,0.25,3.5,nan"));
        QVERIFY(lines.at(4).startsWith("run 2,0,0,0,"));
        QVERIFY(!csv.contains("hidden"));

        QVERIFY(lk::test::writeFile(m_tmp.filePath(QStringLiteral("blocker")), "not a folder"));
        const QString blocked = m_tmp.filePath(QStringLiteral("blocker/curves.csv"));
        const QString error = m_chart->exportCsv(blocked);
        QVERIFY2(error.contains(QStringLiteral("Cannot write the chart data")) && error.contains(blocked),
            qPrintable(error));
    }

    void contextMenuExportsThroughAFileDialog()
    {
        const int id = m_chart->addSeries({QStringLiteral("loss"), {}, Qt::SolidLine});
        QVERIFY(m_chart->appendPoints(id, lossPoints(0, 100)).isEmpty());
        redraw();
        QWidget *viewport = chartViewport();
        const QPoint at = viewport->rect().center();
        QContextMenuEvent event(QContextMenuEvent::Mouse, at, viewport->mapToGlobal(at));
        QApplication::sendEvent(viewport, &event);
        auto *menu = m_chart->findChild<QMenu *>(QStringLiteral("curveChartMenu"));
        QVERIFY(menu);
        QTRY_VERIFY(menu->isVisible());
        auto *exportCsv = menu->findChild<QAction *>(QStringLiteral("curveChartExportCsvAction"));
        QVERIFY(exportCsv && exportCsv->isEnabled());
        menu->close();

        // The action asks for a file: answer the dialog as a user would.
        const QString path = m_tmp.filePath(QStringLiteral("from-menu"));
        QTimer::singleShot(0, this, [path] {
            auto *dialog = qobject_cast<QFileDialog *>(QApplication::activeModalWidget());
            QVERIFY(dialog);
            dialog->selectFile(path);
            static_cast<QDialog *>(dialog)->accept(); // QFileDialog::accept, as the Save button
        });
        exportCsv->trigger();
        QVERIFY(QFileInfo::exists(path + QStringLiteral(".csv")));
    }

    void interactiveWidgetsAreNamedForScreenReaders()
    {
        const auto widgets = m_chart->findChildren<QWidget *>();
        int interactive = 0;
        for (QWidget *widget : widgets) {
            const bool isInteractive = qobject_cast<QAbstractButton *>(widget)
                || qobject_cast<QComboBox *>(widget) || qobject_cast<QAbstractSlider *>(widget)
                || qobject_cast<QAbstractSpinBox *>(widget) || qobject_cast<QAbstractScrollArea *>(widget);
            if (!isInteractive || isQtInternal(widget))
                continue;
            ++interactive;
            QVERIFY2(!widget->objectName().isEmpty(), widget->metaObject()->className());
            QVERIFY2(!widget->accessibleName().isEmpty(), qPrintable(widget->objectName()));
        }
        QVERIFY(interactive >= 6); // view, x axis, log scale, slider, spin box, reset zoom
        // The x axis drop-down's list is an item view of its own (the console's test checks it).
        const QAbstractItemView *list =
            m_chart->findChild<QComboBox *>(QStringLiteral("curveChartXAxis"))->view();
        QVERIFY(!list->objectName().isEmpty());
        QVERIFY(!list->accessibleName().isEmpty());
        auto *menu = m_chart->findChild<QMenu *>(QStringLiteral("curveChartMenu"));
        QVERIFY(!menu->accessibleName().isEmpty());
        int actions = 0;
        for (QAction *action : menu->actions()) {
            if (action->isSeparator())
                continue;
            ++actions;
            QVERIFY2(!action->objectName().isEmpty(), qPrintable(action->text()));
        }
        QCOMPARE(actions, 3);
    }

private:
    /// Waits for the coalesced redraw that the last change scheduled.
    void redraw()
    {
        QSignalSpy redrawn(m_chart.get(), &CurveChart::redrawn);
        QVERIFY(redrawn.wait());
    }

    /// Lets pending redraws happen: one for the change, at most a few more while Qt Charts'
    /// layout settles the plot width. Then nothing may be pending.
    void settle()
    {
        QCoreApplication::processEvents(); // Qt Charts lays out on a posted event
        auto *timer = m_chart->findChild<QTimer *>(QStringLiteral("curveChartRedrawTimer"));
        for (int i = 0; i < 4 && timer->isActive(); ++i) {
            QSignalSpy redrawn(m_chart.get(), &CurveChart::redrawn);
            QVERIFY(redrawn.wait());
            QCoreApplication::processEvents();
        }
        QVERIFY(!timer->isActive());
    }

    /// Parts that Qt builds inside its widgets (scroll bars of the view, the combo box's list).
    bool isQtInternal(QWidget *widget) const
    {
        for (QWidget *w = widget; w && w != m_chart.get(); w = w->parentWidget()) {
            if (w->objectName().startsWith(QLatin1String("qt_")))
                return true;
            if (w != widget && (qobject_cast<QComboBox *>(w) || qobject_cast<QAbstractScrollArea *>(w)))
                return true;
        }
        return false;
    }

    /// A line series as Qt Charts holds it (raw, smoothed or the marker line).
    QLineSeries *lineSeries(const QString &objectName) const
    {
        const auto all = chartView()->chart()->series();
        for (QAbstractSeries *s : all)
            if (s->objectName() == objectName)
                return qobject_cast<QLineSeries *>(s);
        return nullptr;
    }

    QChartView *chartView() const
    {
        return m_chart->findChild<QChartView *>(QStringLiteral("curveChartView"));
    }
    QWidget *chartViewport() const { return chartView()->viewport(); }

    /// Where x is in the viewport, halfway up the plot (Qt Charts' own mapping).
    QPoint viewportPosition(double x) const
    {
        QChart *chart = chartView()->chart();
        const QPointF inChart = chart->mapToPosition(QPointF(x, 0), chart->series().constLast());
        const QPointF middle(inChart.x(), chart->plotArea().center().y());
        return chartView()->mapFromScene(chart->mapToScene(middle));
    }

    QGraphicsSimpleTextItem *markerLabel() const
    {
        const auto items = chartView()->scene()->items();
        for (QGraphicsItem *item : items)
            if (auto *text = qgraphicsitem_cast<QGraphicsSimpleTextItem *>(item))
                if (text->text() == QStringLiteral("best epoch"))
                    return text;
        return nullptr;
    }

    QTemporaryDir m_tmp;
    std::unique_ptr<CurveChart> m_chart;
};

QTEST_MAIN(TestCurveChart)
#include "tst_curvechart.moc"
