#pragma once

// The insides of CurveChart, shared by its two source files: CurveChart.cpp (construction,
// series, view settings) and CurveChartDrawing.cpp (decimated redraws, read-out, export).
// Only these files and CurvePlotView name Qt Charts types.

#include "ui/charts/CurveChart.h"

#include "ui/charts/CurvePlotView.h"

#include <QAbstractItemView>
#include <QAction>
#include <QChart>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFontMetricsF>
#include <QFileDialog>
#include <QGraphicsLayout>
#include <QGraphicsSimpleTextItem>
#include <QHBoxLayout>
#include <QImage>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QMenu>
#include <QMessageBox>
#include <QPainter>
#include <QSaveFile>
#include <QSlider>
#include <QStandardPaths>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <iterator>
#include <limits>
#include <vector>

namespace lk::ui {

inline constexpr int kRedrawIntervalMs = 40; // at most 25 redraws a second, however often points arrive
inline constexpr int kSmoothingSliderMax = 999; // slider steps of 0.001 up to DebiasedEma::kMaxWeight
inline constexpr double kYPadding = 0.05; // share of the y span kept free above and below the curves
inline constexpr int kFaintAlpha = 70; // the raw curve under a smoothed one
inline constexpr double kWheelZoomPerStep = 0.8; // x span factor per wheel notch
inline constexpr int kFallbackColumns = 800; // before Qt Charts has laid out the plot area
inline constexpr int kTargetTicks = 6;
inline constexpr std::size_t kCsvChunkBytes = 1 << 20; // written in chunks, not held whole

// Tableau 10: distinguishable, and readable on light and dark backgrounds.
inline constexpr QRgb kSeriesColours[] = {
    0x4e79a7, 0xf28e2b, 0xe15759, 0x76b7b2, 0x59a14f, 0xedc948, 0xb07aa1, 0xff9da7, 0x9c755f, 0xbab0ac};

struct CurveChart::Private
{
    struct Series
    {
        SeriesId id = 0;
        CurveStyle style;
        bool visible = true;
        CurveData data;
        QLineSeries *raw = nullptr;
        QLineSeries *smoothed = nullptr;
    };

    explicit Private(CurveChart *owner)
        : q(owner)
    { }

    void buildChart();
    void buildControls();
    void buildMenu();

    Series *find(SeriesId id) const;
    QAbstractAxis *yAxis() const { return logScale ? static_cast<QAbstractAxis *>(yLog) : yLinear; }
    void scheduleRedraw();
    void redraw();
    void syncSmoothing();
    std::pair<double, double> dataXRange() const;
    std::pair<double, double> currentXRange() const;
    int currentColumns() const;
    void applyYRange(double lo, double hi);
    void applyXRange(double from, double to);
    static void setRangeAndTicks(QValueAxis *axisItem, double from, double to, double interval);
    /// How many y ticks the plot's height has room for with whole labels.
    int yTicks() const;
    /// Spaces the y ticks again for the plot's current height (after a resize).
    void fitYTicks();
    void applyStyle(Series &s);
    void applyPalette();
    void switchYAxis();
    QList<QLineSeries *> lineSeries() const; // every line handed to Qt Charts, marker included
    void hideFromLegend(QAbstractSeries *series);
    double markerX() const;
    void updateMarker(double yLo, double yHi);
    void positionMarkerLabel();
    std::optional<double> xValueAt(QPoint viewportPos, bool insidePlotOnly) const;
    void updateReadout();
    QString formatX(double x) const;
    QString axisTitle() const;
    void setZoom(std::optional<std::pair<double, double>> range);
    void exportPngInteractively();
    void exportCsvInteractively();
    QString askForPath(const QString &title, const QString &fileName, const QString &filter);
    void showExportError(const QString &message);

    CurveChart *q;
    QChart *chart = nullptr;
    CurvePlotView *view = nullptr;
    QValueAxis *xAxisItem = nullptr;
    QValueAxis *yLinear = nullptr;
    QLogValueAxis *yLog = nullptr;
    QLineSeries *markerLine = nullptr;
    QGraphicsSimpleTextItem *markerLabel = nullptr;

    QWidget *controls = nullptr;
    QComboBox *axisCombo = nullptr;
    QCheckBox *logBox = nullptr;
    QSlider *smoothingSlider = nullptr;
    QDoubleSpinBox *smoothingSpin = nullptr;
    QToolButton *resetButton = nullptr;
    QLabel *readout = nullptr;
    QMenu *menu = nullptr;
    QAction *exportPngAction = nullptr;
    QAction *exportCsvAction = nullptr;
    QAction *resetZoomAction = nullptr;
    QTimer *timer = nullptr;

    std::vector<std::unique_ptr<Series>> series;
    SeriesId nextId = 1;
    int nextColour = 0;

    CurveXAxis axis = CurveXAxis::Step;
    bool logScale = false;
    double smoothing = 0; // what the view shows; series catch up on the next redraw
    std::optional<std::pair<double, double>> zoom;
    std::optional<CurveMarker> marker;
    std::optional<QPoint> hover; // viewport pixels
    QString emptyText;
    QString exportDir;

    bool dirty = true;
    std::pair<double, double> drawnRange{0, 1};
    int drawnColumns = 0;
    QString xTitle; ///< replaces "Step" as the x axis title (e.g. "Outcome event")
};

} // namespace lk::ui
