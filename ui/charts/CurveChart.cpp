#include "ui/charts/CurveChartPrivate.h"

namespace lk::ui {

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
        fitYTicks(); // a taller or shorter plot has room for more or fewer whole labels
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

void CurveChart::setStepAxisTitle(const QString &title)
{
    d->xTitle = title;
    d->xAxisItem->setTitleText(d->axisTitle());
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

} // namespace lk::ui
