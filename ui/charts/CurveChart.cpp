#include "ui/charts/CurveChart.h"

#include "ui/charts/CurvePlotView.h"

#include <QAbstractItemView>
#include <QAction>
#include <QChart>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
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

namespace {
constexpr int kRedrawIntervalMs = 40; // at most 25 redraws a second, however often points arrive
constexpr int kSmoothingSliderMax = 999; // slider steps of 0.001 up to DebiasedEma::kMaxWeight
constexpr double kYPadding = 0.05; // share of the y span kept free above and below the curves
constexpr int kFaintAlpha = 70; // the raw curve under a smoothed one
constexpr double kWheelZoomPerStep = 0.8; // x span factor per wheel notch
constexpr int kFallbackColumns = 800; // before Qt Charts has laid out the plot area
constexpr int kTargetTicks = 6;
constexpr std::size_t kCsvChunkBytes = 1 << 20; // written in chunks, not held whole

// Tableau 10: distinguishable, and readable on light and dark backgrounds.
const QRgb kSeriesColours[] = {
    0x4e79a7, 0xf28e2b, 0xe15759, 0x76b7b2, 0x59a14f, 0xedc948, 0xb07aa1, 0xff9da7, 0x9c755f, 0xbab0ac};

// 1, 2 or 5 × 10^k, so that tick labels are round numbers.
double niceInterval(double span, bool integral)
{
    if (!(span > 0) || !std::isfinite(span))
        return 1;
    const double raw = span / kTargetTicks;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    const double r = raw / magnitude;
    const double interval = (r < 1.5 ? 1 : r < 3 ? 2 : r < 7 ? 5 : 10) * magnitude;
    return integral ? std::max(1.0, std::round(interval)) : interval;
}

void appendCsvNumber(QByteArray &out, float v)
{
    if (std::isnan(v)) {
        out += "nan";
        return;
    }
    char buffer[32];
    // Shortest text that reads back as the same float: the CSV holds exactly what is stored.
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, v);
    out.append(buffer, int(result.ptr - buffer));
}

QByteArray csvField(const QString &text)
{
    QByteArray utf8 = text.toUtf8();
    if (utf8.contains(',') || utf8.contains('"') || utf8.contains('\n') || utf8.contains('\r'))
        utf8 = '"' + utf8.replace("\"", "\"\"") + '"';
    return utf8;
}
} // namespace

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
    std::pair<double, double> drawnRange {0, 1};
    int drawnColumns = 0;
};

// --- construction -----------------------------------------------------------------------

CurveChart::CurveChart(QWidget *parent)
    : QWidget(parent)
    , d(std::make_unique<Private>(this))
{
    setObjectName(QStringLiteral("curveChart"));
    setAccessibleName(tr("Curve chart"));
    d->emptyText = tr("No points yet. Curves appear here as the run reports them.");
    d->buildChart();
    d->buildControls();
    d->buildMenu();

    d->readout = new QLabel(this);
    d->readout->setObjectName(QStringLiteral("curveChartReadout"));
    d->readout->setAccessibleName(tr("Values under the pointer"));
    d->readout->setTextInteractionFlags(Qt::TextSelectableByMouse);
    d->readout->setWordWrap(true);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(d->controls);
    layout->addWidget(d->view, 1);
    layout->addWidget(d->readout);

    d->timer = new QTimer(this);
    d->timer->setObjectName(QStringLiteral("curveChartRedrawTimer"));
    d->timer->setSingleShot(true);
    d->timer->setInterval(kRedrawIntervalMs);
    connect(d->timer, &QTimer::timeout, this, [this] {
        // Hidden (e.g. another panel is shown): stay dirty, showEvent() catches up.
        if (isVisible())
            d->redraw();
    });

    d->applyPalette();
    d->updateReadout();
    d->scheduleRedraw();
}

CurveChart::~CurveChart()
{
    // Children outlive d by a moment; nothing they emit while dying may reach it. The QChart
    // belongs to the view's scene, not to this widget's QObject children.
    QObject::disconnect(d->chart, nullptr, this, nullptr);
    const auto objects = findChildren<QObject *>();
    for (QObject *object : objects)
        QObject::disconnect(object, nullptr, this, nullptr);
}

void CurveChart::Private::buildChart()
{
    chart = new QChart;
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->setBackgroundRoundness(0);
    chart->layout()->setContentsMargins(0, 0, 0, 0);

    xAxisItem = new QValueAxis;
    yLinear = new QValueAxis;
    yLog = new QLogValueAxis; // the chart owns all three from addAxis() on
    for (QValueAxis *axisItem : {xAxisItem, yLinear}) {
        // Round tick values wherever the range falls (an interval before dynamic ticks: 0 hangs).
        axisItem->setRange(0, 1);
        axisItem->setTickInterval(0.2);
        axisItem->setTickAnchor(0);
        axisItem->setTickType(QValueAxis::TicksDynamic);
        axisItem->setLabelFormat(QStringLiteral("%.7g")); // steps up to 9 999 999 without an exponent
    }
    yLog->setBase(10);
    yLog->setLabelFormat(QStringLiteral("%.3g"));
    yLog->setMinorTickCount(-1); // Qt Charts: as many minor ticks as the base has
    chart->addAxis(xAxisItem, Qt::AlignBottom);
    chart->addAxis(yLinear, Qt::AlignLeft);
    chart->addAxis(yLog, Qt::AlignLeft);
    yLog->setVisible(false);
    xAxisItem->setTitleText(axisTitle());

    markerLine = new QLineSeries(q);
    markerLine->setObjectName(QStringLiteral("curveChartMarkerLine"));
    chart->addSeries(markerLine);
    markerLine->attachAxis(xAxisItem);
    markerLine->attachAxis(yLinear);
    markerLine->setVisible(false);
    hideFromLegend(markerLine);
    markerLabel = new QGraphicsSimpleTextItem(chart);
    markerLabel->setZValue(100); // above the curves
    markerLabel->hide();

    view = new CurvePlotView(chart, q);
    view->setObjectName(QStringLiteral("curveChartView"));
    view->setAccessibleName(tr("Curve chart"));
    view->setAccessibleDescription(
        tr("Drag to zoom into an x range, turn the wheel to zoom, double-click to show everything; "
           "the context menu exports the chart."));
    view->setMinimumSize(240, 160);
    view->overlay()->setObjectName(QStringLiteral("curveChartEmptyText"));
    view->overlay()->setText(emptyText);

    QObject::connect(chart, &QChart::plotAreaChanged, q, [this](const QRectF &area) {
        positionMarkerLabel();
        // Axis labels changed the plot's width: the columns no longer match the pixels.
        if (int(area.width()) > 0 && int(area.width()) != drawnColumns)
            scheduleRedraw();
    });
    QObject::connect(view, &CurvePlotView::hoverMoved, q, [this](QPoint pos) {
        hover = pos;
        updateReadout();
    });
    QObject::connect(view, &CurvePlotView::hoverLeft, q, [this] {
        hover.reset();
        updateReadout();
    });
    QObject::connect(view, &CurvePlotView::bandSelected, q, [this](int left, int right) {
        const std::optional<double> from = xValueAt(QPoint(left, 0), false);
        const std::optional<double> to = xValueAt(QPoint(right, 0), false);
        if (from && to)
            q->zoomToX(*from, *to);
    });
    QObject::connect(view, &CurvePlotView::wheelZoomed, q, [this](QPoint pos, double steps) {
        const std::optional<double> centre = xValueAt(pos, true);
        if (!centre)
            return;
        const double factor = std::pow(kWheelZoomPerStep, steps);
        const auto [from, to] = drawnRange;
        const auto [dataFrom, dataTo] = dataXRange();
        const double a = std::max(dataFrom, *centre - (*centre - from) * factor);
        const double b = std::min(dataTo, *centre + (to - *centre) * factor);
        if (a <= dataFrom && b >= dataTo)
            q->resetZoom();
        else
            q->zoomToX(a, b);
    });
    QObject::connect(view, &CurvePlotView::resetRequested, q, &CurveChart::resetZoom);
    QObject::connect(view, &CurvePlotView::contextMenuRequested, q, [this](QPoint globalPos) {
        exportPngAction->setEnabled(true);
        exportCsvAction->setEnabled(q->totalPointCount() > 0);
        resetZoomAction->setEnabled(zoom.has_value());
        menu->popup(globalPos);
    });
}

void CurveChart::Private::buildControls()
{
    controls = new QWidget(q);
    controls->setObjectName(QStringLiteral("curveChartControls"));

    auto *axisLabel = new QLabel(CurveChart::tr("&X axis:"), controls);
    axisCombo = new QComboBox(controls);
    axisCombo->setObjectName(QStringLiteral("curveChartXAxis"));
    axisCombo->setAccessibleName(CurveChart::tr("X axis"));
    axisCombo->addItem(CurveChart::tr("Step"), int(CurveXAxis::Step));
    axisCombo->addItem(CurveChart::tr("Epoch"), int(CurveXAxis::Epoch));
    axisCombo->addItem(CurveChart::tr("Wall time"), int(CurveXAxis::WallTime));
    axisLabel->setBuddy(axisCombo);
    // The drop-down list is an item view of its own: screen readers need its name too.
    axisCombo->view()->setObjectName(QStringLiteral("curveChartXAxisList"));
    axisCombo->view()->setAccessibleName(CurveChart::tr("X axis choices"));

    logBox = new QCheckBox(CurveChart::tr("&Log scale"), controls);
    logBox->setObjectName(QStringLiteral("curveChartLogScale"));
    logBox->setAccessibleName(CurveChart::tr("Log scale for the y axis"));

    auto *smoothingLabel = new QLabel(CurveChart::tr("&Smoothing:"), controls);
    smoothingSlider = new QSlider(Qt::Horizontal, controls);
    smoothingSlider->setObjectName(QStringLiteral("curveChartSmoothingSlider"));
    smoothingSlider->setAccessibleName(CurveChart::tr("Smoothing weight"));
    smoothingSlider->setRange(0, kSmoothingSliderMax);
    smoothingSlider->setPageStep(100);
    smoothingSlider->setMinimumWidth(100);
    smoothingSpin = new QDoubleSpinBox(controls);
    smoothingSpin->setObjectName(QStringLiteral("curveChartSmoothing"));
    smoothingSpin->setAccessibleName(CurveChart::tr("Smoothing weight"));
    smoothingSpin->setRange(0, DebiasedEma::kMaxWeight);
    smoothingSpin->setDecimals(3);
    smoothingSpin->setSingleStep(0.05);
    smoothingLabel->setBuddy(smoothingSpin);

    resetButton = new QToolButton(controls);
    resetButton->setObjectName(QStringLiteral("curveChartResetZoom"));
    resetButton->setText(CurveChart::tr("&Reset zoom"));
    resetButton->setAccessibleName(CurveChart::tr("Reset zoom"));
    resetButton->setToolTip(CurveChart::tr("Show the whole x range and follow new points"));
    resetButton->setEnabled(false);

    auto *row = new QHBoxLayout(controls);
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(axisLabel);
    row->addWidget(axisCombo);
    row->addSpacing(12);
    row->addWidget(logBox);
    row->addSpacing(12);
    row->addWidget(smoothingLabel);
    row->addWidget(smoothingSlider, 1);
    row->addWidget(smoothingSpin);
    row->addStretch(1);
    row->addWidget(resetButton);

    QObject::connect(axisCombo, &QComboBox::currentIndexChanged, q,
        [this](int index) { q->setXAxis(CurveXAxis(axisCombo->itemData(index).toInt())); });
    QObject::connect(logBox, &QCheckBox::toggled, q, &CurveChart::setLogScale);
    QObject::connect(smoothingSlider, &QSlider::valueChanged, q,
        [this](int value) { q->setSmoothing(value / double(kSmoothingSliderMax + 1)); });
    QObject::connect(smoothingSpin, &QDoubleSpinBox::valueChanged, q, &CurveChart::setSmoothing);
    QObject::connect(resetButton, &QToolButton::clicked, q, &CurveChart::resetZoom);
}

void CurveChart::Private::buildMenu()
{
    menu = new QMenu(q);
    menu->setObjectName(QStringLiteral("curveChartMenu"));
    menu->setAccessibleName(CurveChart::tr("Chart actions"));
    menu->setTitle(CurveChart::tr("Chart"));
    exportPngAction = menu->addAction(CurveChart::tr("Export Chart as &PNG…"));
    exportPngAction->setObjectName(QStringLiteral("curveChartExportPngAction"));
    exportCsvAction = menu->addAction(CurveChart::tr("Export Visible Data as &CSV…"));
    exportCsvAction->setObjectName(QStringLiteral("curveChartExportCsvAction"));
    menu->addSeparator();
    resetZoomAction = menu->addAction(CurveChart::tr("&Reset Zoom"));
    resetZoomAction->setObjectName(QStringLiteral("curveChartResetZoomAction"));
    QObject::connect(exportPngAction, &QAction::triggered, q, [this] { exportPngInteractively(); });
    QObject::connect(exportCsvAction, &QAction::triggered, q, [this] { exportCsvInteractively(); });
    QObject::connect(resetZoomAction, &QAction::triggered, q, &CurveChart::resetZoom);
}

// --- series -----------------------------------------------------------------------------

CurveChart::Private::Series *CurveChart::Private::find(SeriesId id) const
{
    for (const std::unique_ptr<Series> &s : series)
        if (s->id == id)
            return s.get();
    return nullptr;
}

CurveChart::SeriesId CurveChart::addSeries(const CurveStyle &style)
{
    auto s = std::make_unique<Private::Series>();
    s->id = d->nextId++;
    s->style = style;
    if (!s->style.color.isValid())
        s->style.color = QColor(kSeriesColours[d->nextColour++ % std::size(kSeriesColours)]);
    s->data.setSmoothing(d->smoothing);
    // Smoothed line after the raw one, so that it is drawn on top of its faint original.
    for (QLineSeries **line : {&s->raw, &s->smoothed}) {
        *line = new QLineSeries(this);
        d->chart->addSeries(*line);
        (*line)->attachAxis(d->xAxisItem);
        (*line)->attachAxis(d->yAxis());
    }
    s->raw->setObjectName(QStringLiteral("curveRaw%1").arg(s->id));
    s->smoothed->setObjectName(QStringLiteral("curveSmoothed%1").arg(s->id));
    d->applyStyle(*s);
    d->series.push_back(std::move(s));
    d->scheduleRedraw();
    return d->series.back()->id;
}

bool CurveChart::removeSeries(SeriesId id)
{
    const auto it = std::find_if(d->series.begin(), d->series.end(),
        [id](const std::unique_ptr<Private::Series> &s) { return s->id == id; });
    if (it == d->series.end())
        return false;
    for (QLineSeries *line : {(*it)->raw, (*it)->smoothed}) {
        d->chart->removeSeries(line);
        delete line;
    }
    d->series.erase(it);
    d->scheduleRedraw();
    return true;
}

void CurveChart::clear()
{
    while (!d->series.empty())
        removeSeries(d->series.back()->id);
    d->marker.reset();
    d->setZoom(std::nullopt);
    d->scheduleRedraw();
}

QList<CurveChart::SeriesId> CurveChart::seriesIds() const
{
    QList<SeriesId> ids;
    for (const std::unique_ptr<Private::Series> &s : d->series)
        ids.append(s->id);
    return ids;
}

void CurveChart::setSeriesStyle(SeriesId id, const CurveStyle &style)
{
    if (Private::Series *s = d->find(id)) {
        const QColor previous = s->style.color;
        s->style = style;
        if (!s->style.color.isValid())
            s->style.color = previous;
        d->applyStyle(*s);
        d->updateReadout();
    }
}

CurveStyle CurveChart::seriesStyle(SeriesId id) const
{
    const Private::Series *s = d->find(id);
    return s ? s->style : CurveStyle();
}

void CurveChart::setSeriesVisible(SeriesId id, bool visible)
{
    Private::Series *s = d->find(id);
    if (!s || s->visible == visible)
        return;
    s->visible = visible;
    d->applyStyle(*s);
    d->scheduleRedraw();
}

bool CurveChart::isSeriesVisible(SeriesId id) const
{
    const Private::Series *s = d->find(id);
    return s && s->visible;
}

QString CurveChart::appendPoints(SeriesId id, const CurvePoint *points, std::size_t count)
{
    Private::Series *s = d->find(id);
    if (!s)
        return tr("There is no series with id %1 in this chart.").arg(id);
    const QString error = s->data.append(points, count);
    if (error.isEmpty() && count > 0)
        d->scheduleRedraw();
    return error;
}

QString CurveChart::appendPoints(SeriesId id, const QList<CurvePoint> &points)
{
    return appendPoints(id, points.constData(), std::size_t(points.size()));
}

void CurveChart::reservePoints(SeriesId id, std::size_t count)
{
    if (Private::Series *s = d->find(id))
        s->data.reserve(count);
}

std::size_t CurveChart::pointCount(SeriesId id) const
{
    const Private::Series *s = d->find(id);
    return s ? s->data.size() : 0;
}

std::size_t CurveChart::totalPointCount() const
{
    std::size_t total = 0;
    for (const std::unique_ptr<Private::Series> &s : d->series)
        total += s->data.size();
    return total;
}

std::size_t CurveChart::bytesUsed() const
{
    std::size_t total = 0;
    for (const std::unique_ptr<Private::Series> &s : d->series)
        total += s->data.bytesAllocated();
    return total;
}

// --- view -------------------------------------------------------------------------------

void CurveChart::setXAxis(CurveXAxis axis)
{
    if (axis == d->axis)
        return;
    const CurveXAxis previous = d->axis;
    d->axis = axis;
    if (d->zoom) {
        // Carry the zoom over through the longest visible series: the same points stay in view.
        const Private::Series *reference = nullptr;
        for (const std::unique_ptr<Private::Series> &s : d->series)
            if (s->visible && (!reference || s->data.size() > reference->data.size()))
                reference = s.get();
        std::optional<std::pair<double, double>> carried;
        if (reference && !reference->data.isEmpty()) {
            const double from = reference->data.x(axis, reference->data.nearest(previous, d->zoom->first));
            const double to = reference->data.x(axis, reference->data.nearest(previous, d->zoom->second));
            if (from < to)
                carried = std::make_pair(from, to);
        }
        d->setZoom(carried);
    }
    const QSignalBlocker blocker(d->axisCombo);
    d->axisCombo->setCurrentIndex(d->axisCombo->findData(int(axis)));
    d->xAxisItem->setTitleText(d->axisTitle());
    d->scheduleRedraw();
    Q_EMIT xAxisChanged(axis);
}

CurveXAxis CurveChart::xAxis() const
{
    return d->axis;
}

void CurveChart::setLogScale(bool on)
{
    if (on == d->logScale)
        return;
    d->logScale = on;
    d->switchYAxis();
    const QSignalBlocker blocker(d->logBox);
    d->logBox->setChecked(on);
    d->scheduleRedraw();
    Q_EMIT logScaleChanged(on);
}

bool CurveChart::logScale() const
{
    return d->logScale;
}

void CurveChart::setSmoothing(double weight)
{
    const double w = DebiasedEma(weight).weight();
    if (w == d->smoothing)
        return;
    const bool wasOn = d->smoothing > 0;
    d->smoothing = w;
    {
        const QSignalBlocker sliderBlocker(d->smoothingSlider);
        const QSignalBlocker spinBlocker(d->smoothingSpin);
        d->smoothingSlider->setValue(int(std::lround(w * (kSmoothingSliderMax + 1))));
        d->smoothingSpin->setValue(w);
    }
    // Pens change now; the O(n) smoothing itself waits for the redraw, so that dragging the
    // slider recomputes at most 25 times a second.
    if (wasOn != (w > 0))
        for (const std::unique_ptr<Private::Series> &s : d->series)
            d->applyStyle(*s);
    d->scheduleRedraw();
    Q_EMIT smoothingChanged(w);
}

double CurveChart::smoothing() const
{
    return d->smoothing;
}

void CurveChart::setMarker(const CurveMarker &marker)
{
    d->marker = marker;
    d->scheduleRedraw();
}

void CurveChart::clearMarker()
{
    d->marker.reset();
    d->scheduleRedraw();
}

std::optional<CurveMarker> CurveChart::marker() const
{
    return d->marker;
}

void CurveChart::zoomToX(double from, double to)
{
    if (from > to)
        std::swap(from, to);
    if (!std::isfinite(from) || !std::isfinite(to) || !(from < to))
        return;
    d->setZoom(std::make_pair(from, to));
}

void CurveChart::resetZoom()
{
    d->setZoom(std::nullopt);
}

bool CurveChart::isZoomed() const
{
    return d->zoom.has_value();
}

std::pair<double, double> CurveChart::visibleXRange() const
{
    return d->drawnRange;
}

void CurveChart::setControlsVisible(bool visible)
{
    d->controls->setVisible(visible);
}

void CurveChart::setEmptyText(const QString &text)
{
    d->emptyText = text;
    d->view->overlay()->setText(text);
}

void CurveChart::setYAxisTitle(const QString &title)
{
    d->yLinear->setTitleText(title);
    d->yLog->setTitleText(title);
}

void CurveChart::Private::setZoom(std::optional<std::pair<double, double>> range)
{
    const bool wasZoomed = zoom.has_value();
    if (range == zoom)
        return;
    zoom = range;
    resetButton->setEnabled(zoom.has_value());
    scheduleRedraw();
    if (wasZoomed != zoom.has_value())
        Q_EMIT q->zoomChanged(zoom.has_value());
}

// --- drawing ----------------------------------------------------------------------------

void CurveChart::Private::scheduleRedraw()
{
    dirty = true;
    // Started, not restarted: a steady stream of appends must not postpone the redraw forever.
    if (timer && !timer->isActive())
        timer->start();
}

void CurveChart::redrawNow()
{
    d->redraw();
}

void CurveChart::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (d->dirty)
        d->scheduleRedraw();
}

void CurveChart::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        d->applyPalette();
}

void CurveChart::Private::syncSmoothing()
{
    for (const std::unique_ptr<Series> &s : series)
        if (s->data.smoothing() != smoothing)
            s->data.setSmoothing(smoothing);
}

std::pair<double, double> CurveChart::Private::dataXRange() const
{
    double lo = std::numeric_limits<double>::infinity();
    double hi = -lo;
    for (const std::unique_ptr<Series> &s : series) {
        if (!s->visible || s->data.isEmpty())
            continue;
        const auto [first, last] = s->data.xExtent(axis);
        lo = std::min(lo, first);
        hi = std::max(hi, last);
    }
    if (!(lo <= hi))
        return {0, 1};
    if (lo == hi) // one point, or all at one x: give it room
        return {lo - 0.5, hi + 0.5};
    return {lo, hi};
}

std::pair<double, double> CurveChart::Private::currentXRange() const
{
    return zoom ? *zoom : dataXRange();
}

int CurveChart::Private::currentColumns() const
{
    const int width = int(chart->plotArea().width());
    return width > 0 ? width : kFallbackColumns;
}

void CurveChart::Private::redraw()
{
    timer->stop();
    dirty = false;
    syncSmoothing();

    const auto [from, to] = currentXRange();
    const int columns = currentColumns();
    const DecimationRequest request {from, to, columns, logScale};
    const bool smoothed = smoothing > 0;

    // y range over what is drawn inside the x range; the end points outside it only count when
    // nothing is inside (zoomed into a gap between sparse points).
    double inLo = std::numeric_limits<double>::infinity(), inHi = -inLo;
    double allLo = inLo, allHi = inHi;
    auto extend = [&](const QList<QPointF> &points) {
        for (const QPointF &p : points) {
            allLo = std::min(allLo, p.y());
            allHi = std::max(allHi, p.y());
            if (p.x() >= from && p.x() <= to) {
                inLo = std::min(inLo, p.y());
                inHi = std::max(inHi, p.y());
            }
        }
    };
    std::vector<QList<QPointF>> raw(series.size());
    std::vector<QList<QPointF>> smooth(series.size());
    for (std::size_t i = 0; i < series.size(); ++i) {
        if (!series[i]->visible)
            continue;
        series[i]->data.decimate(axis, false, request, raw[i]);
        if (smoothed)
            series[i]->data.decimate(axis, true, request, smooth[i]);
        extend(raw[i]);
        extend(smooth[i]);
    }

    // Qt Charts lays a line out again (path and a stroked hit-test shape) on every replace()
    // and on every axis change: empty the lines first, so that the axis changes cost nothing
    // and each line is laid out once, with its new points.
    for (const std::unique_ptr<Series> &s : series) {
        for (QLineSeries *line : {s->raw, s->smoothed})
            if (line->count() > 0)
                line->replace(QList<QPointF>());
    }
    if (inLo <= inHi)
        applyYRange(inLo, inHi);
    else
        applyYRange(allLo, allHi);
    applyXRange(from, to);
    for (std::size_t i = 0; i < series.size(); ++i) {
        series[i]->raw->replace(raw[i]);
        series[i]->smoothed->replace(smooth[i]);
    }
    drawnRange = {from, to};
    drawnColumns = columns;

    view->overlay()->setVisible(q->totalPointCount() == 0);
    updateMarker(logScale ? yLog->min() : yLinear->min(), logScale ? yLog->max() : yLinear->max());
    updateReadout();
    Q_EMIT q->redrawn();
}

void CurveChart::Private::applyXRange(double from, double to)
{
    setRangeAndTicks(xAxisItem, from, to, niceInterval(to - from, axis == CurveXAxis::Step));
}

void CurveChart::Private::setRangeAndTicks(QValueAxis *axisItem, double from, double to, double interval)
{
    // Qt Charts lays out ticks after each call: the in-between state (old range with the new
    // interval, or the other way round) must never hold more ticks than either end state,
    // or a zoom from a million steps to ten would briefly ask for 10^5 tick labels.
    // Each call re-lays out the axis and every series on it: skip what did not change (in a
    // live run usually everything but the range).
    const double anchor = std::floor(from / interval) * interval;
    auto setTicks = [&] {
        if (axisItem->tickInterval() != interval)
            axisItem->setTickInterval(interval);
        if (axisItem->tickAnchor() != anchor)
            axisItem->setTickAnchor(anchor);
    };
    const bool rangeChanged = axisItem->min() != from || axisItem->max() != to;
    if (interval >= axisItem->tickInterval()) {
        setTicks();
        if (rangeChanged)
            axisItem->setRange(from, to);
    } else {
        if (rangeChanged)
            axisItem->setRange(from, to);
        setTicks();
    }
}

void CurveChart::Private::applyYRange(double lo, double hi)
{
    if (logScale) {
        if (!(lo <= hi) || !(lo > 0)) {
            lo = 0.1;
            hi = 1;
        }
        // Padding is a factor on a log axis; equal ends get a decade around them.
        const double factor = lo == hi ? std::sqrt(10.0) : std::pow(hi / lo, kYPadding);
        yLog->setRange(lo / factor, hi * factor);
        return;
    }
    if (!(lo <= hi)) {
        lo = 0;
        hi = 1;
    }
    const double span = hi > lo ? hi - lo : std::max(std::abs(hi) * 0.1, 1e-9);
    const double padding = hi > lo ? span * kYPadding : span;
    setRangeAndTicks(yLinear, lo - padding, hi + padding, niceInterval(span + 2 * padding, false));
}

void CurveChart::Private::hideFromLegend(QAbstractSeries *s)
{
    const auto markers = chart->legend()->markers(s);
    for (QLegendMarker *m : markers)
        m->setVisible(false);
}

void CurveChart::Private::applyStyle(Series &s)
{
    const bool smoothed = smoothing > 0;
    const QColor colour = s.style.color;
    QPen main(colour, smoothed ? 2.0 : 1.5, s.style.lineStyle);
    main.setCosmetic(true);
    QColor faint = colour;
    faint.setAlpha(kFaintAlpha);
    QPen raw = smoothed ? QPen(faint, 1.0, Qt::SolidLine) : main;
    raw.setCosmetic(true);
    s.raw->setPen(raw);
    s.smoothed->setPen(main);
    s.raw->setName(s.style.name);
    s.smoothed->setName(s.style.name);
    s.raw->setVisible(s.visible);
    s.smoothed->setVisible(s.visible && smoothed);
    // One legend entry per series: the line drawn in full colour. Set after visibility, which
    // Qt Charts copies onto the legend markers.
    hideFromLegend(smoothed ? s.raw : s.smoothed);
}

void CurveChart::Private::switchYAxis()
{
    if (logScale) {
        // Until the next redraw decimates for the log axis, keep what it can show: attaching
        // points ≤ 0 to a log axis makes Qt Charts warn, and a blank frame would flicker.
        for (QLineSeries *line : lineSeries()) {
            QList<QPointF> points = line->points();
            points.removeIf([](const QPointF &p) { return !(p.y() > 0); });
            line->replace(points);
        }
    }
    // Both axes stay in the chart, one hidden: removeAxis() would leave the old axis drawn
    // until its deferred deletion, so an export right after the switch showed both.
    QAbstractAxis *wanted = yAxis();
    QAbstractAxis *other = logScale ? static_cast<QAbstractAxis *>(yLinear) : yLog;
    for (QLineSeries *line : lineSeries()) {
        line->detachAxis(other);
        line->attachAxis(wanted);
    }
    other->setVisible(false);
    wanted->setVisible(true);
}

QList<QLineSeries *> CurveChart::Private::lineSeries() const
{
    QList<QLineSeries *> lines {markerLine};
    for (const std::unique_ptr<Series> &s : series)
        lines << s->raw << s->smoothed;
    return lines;
}

void CurveChart::Private::applyPalette()
{
    const QPalette palette = q->palette();
    const QColor text = palette.color(QPalette::Text);
    const QColor grid = palette.color(QPalette::Mid);
    chart->setBackgroundBrush(palette.base());
    chart->setBackgroundPen(Qt::NoPen);
    chart->setTitleBrush(text);
    chart->legend()->setLabelColor(text);
    for (QAbstractAxis *axisItem : {static_cast<QAbstractAxis *>(xAxisItem),
             static_cast<QAbstractAxis *>(yLinear), static_cast<QAbstractAxis *>(yLog)}) {
        axisItem->setLabelsBrush(text);
        axisItem->setTitleBrush(text);
        axisItem->setGridLineColor(grid);
        axisItem->setLinePenColor(grid);
        axisItem->setMinorGridLineColor(grid.lighter(115));
    }
    view->setBackgroundBrush(palette.base());
    QPen markerPen(text, 1.0, Qt::DashLine);
    markerPen.setCosmetic(true);
    markerLine->setPen(markerPen);
    markerLabel->setBrush(text);
}

double CurveChart::Private::markerX() const
{
    switch (axis) {
    case CurveXAxis::Step:
        return double(marker->step);
    case CurveXAxis::Epoch:
        return marker->epoch;
    case CurveXAxis::WallTime:
        return marker->wallSeconds;
    }
    return 0;
}

void CurveChart::Private::updateMarker(double yLo, double yHi)
{
    if (!marker) {
        markerLine->clear();
        markerLine->setVisible(false);
        markerLabel->hide();
        return;
    }
    const double x = markerX();
    markerLine->replace({QPointF(x, yLo), QPointF(x, yHi)});
    if (!markerLine->isVisible()) {
        markerLine->setVisible(true);
        hideFromLegend(markerLine);
    }
    markerLabel->setText(marker->label);
    positionMarkerLabel();
}

void CurveChart::Private::positionMarkerLabel()
{
    const QRectF plot = chart->plotArea();
    const auto [from, to] = drawnRange;
    const double x = marker ? markerX() : 0;
    if (!marker || marker->label.isEmpty() || plot.isEmpty() || x < from || x > to || !(from < to)) {
        markerLabel->hide();
        return;
    }
    const double px = plot.left() + (x - from) / (to - from) * plot.width();
    const QRectF text = markerLabel->boundingRect();
    // Right of the line, unless that would leave the plot.
    const double left = px + 4 + text.width() <= plot.right() ? px + 4 : px - 4 - text.width();
    markerLabel->setPos(left, plot.top() + 2);
    markerLabel->show();
}

// --- read-out ---------------------------------------------------------------------------

std::optional<double> CurveChart::Private::xValueAt(QPoint viewportPos, bool insidePlotOnly) const
{
    const QRectF plot = chart->plotArea();
    if (plot.width() <= 0)
        return std::nullopt;
    const QPointF inChart = chart->mapFromScene(view->mapToScene(viewportPos));
    if (insidePlotOnly && !plot.contains(inChart))
        return std::nullopt;
    const double share = std::clamp((inChart.x() - plot.left()) / plot.width(), 0.0, 1.0);
    return drawnRange.first + share * (drawnRange.second - drawnRange.first);
}

QString CurveChart::Private::formatX(double x) const
{
    const QLocale locale;
    switch (axis) {
    case CurveXAxis::Step:
        return CurveChart::tr("step %1").arg(locale.toString(qint64(x)));
    case CurveXAxis::Epoch:
        return CurveChart::tr("epoch %1").arg(locale.toString(x, 'g', 6));
    case CurveXAxis::WallTime:
        return CurveChart::tr("%1 s").arg(locale.toString(x, 'f', 1));
    }
    return {};
}

QString CurveChart::Private::axisTitle() const
{
    switch (axis) {
    case CurveXAxis::Step:
        return CurveChart::tr("Step");
    case CurveXAxis::Epoch:
        return CurveChart::tr("Epoch");
    case CurveXAxis::WallTime:
        return CurveChart::tr("Wall time (s)");
    }
    return {};
}

void CurveChart::Private::updateReadout()
{
    QStringList lines;
    const std::optional<double> x = hover ? xValueAt(*hover, true) : std::nullopt;
    if (x) {
        syncSmoothing();
        const QLocale locale;
        for (const std::unique_ptr<Series> &s : series) {
            if (!s->visible || s->data.isEmpty())
                continue;
            const std::size_t i = s->data.nearest(axis, *x);
            const QString value = locale.toString(double(s->data.value(i)), 'g', 6);
            const QString name = s->style.name.isEmpty() ? CurveChart::tr("(unnamed)") : s->style.name;
            if (smoothing > 0)
                lines.append(CurveChart::tr("%1 at %2: %3 (smoothed %4)")
                                 .arg(name, formatX(s->data.x(axis, i)), value,
                                     locale.toString(double(s->data.smoothedValue(i)), 'g', 6)));
            else
                lines.append(CurveChart::tr("%1 at %2: %3").arg(name, formatX(s->data.x(axis, i)), value));
        }
    }

    std::size_t nonFinite = 0;
    std::size_t nonPositive = 0;
    for (const std::unique_ptr<Series> &s : series) {
        if (s->visible) {
            nonFinite += s->data.nonFiniteCount();
            nonPositive += s->data.nonPositiveCount();
        }
    }
    // Say what is not drawn rather than let a gap pass for data.
    if (nonFinite > 0)
        lines.append(
            CurveChart::tr("NaN or infinite, not drawn: %1").arg(QLocale().toString(qulonglong(nonFinite))));
    if (logScale && nonPositive > 0)
        lines.append(CurveChart::tr("≤ 0, not drawn on the log scale: %1")
                         .arg(QLocale().toString(qulonglong(nonPositive))));
    if (lines.isEmpty())
        lines.append(q->totalPointCount() > 0 ? CurveChart::tr(
                         "Point at a curve to read its values; drag to zoom, double-click to show all.")
                                              : QString());
    readout->setText(lines.join(QLatin1Char('\n')));
}

int CurveChart::plotWidth() const
{
    return d->drawnColumns;
}

QList<QPointF> CurveChart::drawnPoints(SeriesId id, bool smoothed) const
{
    const Private::Series *s = d->find(id);
    if (!s)
        return {};
    return (smoothed ? s->smoothed : s->raw)->points();
}

QString CurveChart::readoutText() const
{
    return d->readout->text();
}

// --- export -----------------------------------------------------------------------------

QImage CurveChart::renderImage()
{
    if (d->dirty)
        d->redraw();
    const qreal ratio = d->view->devicePixelRatioF();
    QImage image((QSizeF(d->view->size()) * ratio).toSize(), QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(ratio);
    image.fill(palette().color(QPalette::Base));
    QPainter painter(&image);
    d->view->QWidget::render(&painter);
    return image;
}

QString CurveChart::exportPng(const QString &path)
{
    const QImage image = renderImage();
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return tr("Could not write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString());
    if (!image.save(&file, "PNG")) {
        file.cancelWriting();
        return tr("Could not encode the chart as PNG for %1.").arg(QDir::toNativeSeparators(path));
    }
    if (!file.commit())
        return tr("Could not write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString());
    return {};
}

QString CurveChart::exportCsv(const QString &path) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return tr("Could not write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString());
    QByteArray chunk("series,step,epoch,wall_time_s,value\n");
    chunk.reserve(int(kCsvChunkBytes) + 256);
    for (const std::unique_ptr<Private::Series> &s : d->series) {
        if (!s->visible)
            continue;
        const QByteArray name = csvField(s->style.name);
        for (std::size_t i = 0; i < s->data.size(); ++i) {
            const CurvePoint p = s->data.point(i);
            chunk += name;
            chunk += ',';
            chunk += QByteArray::number(p.step);
            chunk += ',';
            appendCsvNumber(chunk, float(p.epoch));
            chunk += ',';
            appendCsvNumber(chunk, float(p.wallSeconds));
            chunk += ',';
            appendCsvNumber(chunk, float(p.value));
            chunk += '\n';
            if (std::size_t(chunk.size()) >= kCsvChunkBytes) {
                if (file.write(chunk) != chunk.size())
                    return tr("Could not write %1: %2")
                        .arg(QDir::toNativeSeparators(path), file.errorString());
                chunk.clear();
            }
        }
    }
    if (file.write(chunk) != chunk.size() || !file.commit())
        return tr("Could not write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString());
    return {};
}

QString CurveChart::Private::askForPath(const QString &title, const QString &fileName, const QString &filter)
{
    if (exportDir.isEmpty())
        exportDir = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    const QString path = QFileDialog::getSaveFileName(q, title, QDir(exportDir).filePath(fileName), filter);
    if (!path.isEmpty())
        exportDir = QFileInfo(path).absolutePath();
    return path;
}

void CurveChart::Private::showExportError(const QString &message)
{
    auto *box =
        new QMessageBox(QMessageBox::Warning, CurveChart::tr("Export Failed"), message, QMessageBox::Ok, q);
    box->setObjectName(QStringLiteral("curveChartExportErrorDialog"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void CurveChart::Private::exportPngInteractively()
{
    QString path = askForPath(CurveChart::tr("Export Chart as PNG"), QStringLiteral("chart.png"),
        CurveChart::tr("PNG images (*.png)"));
    if (path.isEmpty())
        return;
    if (!path.endsWith(QLatin1String(".png"), Qt::CaseInsensitive))
        path += QLatin1String(".png");
    const QString error = q->exportPng(path);
    if (!error.isEmpty())
        showExportError(error);
}

void CurveChart::Private::exportCsvInteractively()
{
    QString path = askForPath(CurveChart::tr("Export Visible Data as CSV"), QStringLiteral("curves.csv"),
        CurveChart::tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    if (!path.endsWith(QLatin1String(".csv"), Qt::CaseInsensitive))
        path += QLatin1String(".csv");
    const QString error = q->exportCsv(path);
    if (!error.isEmpty())
        showExportError(error);
}

} // namespace lk::ui
