#include "ui/charts/CurveChartPrivate.h"

#include "core/common/AtomicFile.h"
#include "core/common/Error.h"

#include <QBuffer>
#include <QFile>

#include <charconv>

namespace lk::ui {

namespace {
// 1, 2 or 5 × 10^k, so that tick labels are round numbers; about `ticks` of them over the span.
double niceInterval(double span, bool integral, int ticks = kTargetTicks)
{
    if (!(span > 0) || !std::isfinite(span))
        return 1;
    const double raw = span / std::max(1, ticks);
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
    const DecimationRequest request{from, to, columns, logScale};
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
    setRangeAndTicks(yLinear, lo - padding, hi + padding, niceInterval(span + 2 * padding, false, yTicks()));
}

int CurveChart::Private::yTicks() const
{
    // Qt Charts cuts a y label to "..." when the ticks stand closer than about a label's height:
    // a short chart (a panel at its first-start size) gets fewer, so that every label is whole.
    const double labelHeight = QFontMetricsF(yLinear->labelsFont()).height();
    const double height = chart->plotArea().height();
    if (!(height > 0))
        return kTargetTicks;
    return std::clamp(int(height / (labelHeight * 2.2)), 2, kTargetTicks);
}

void CurveChart::Private::fitYTicks()
{
    if (logScale || !(yLinear->max() > yLinear->min()))
        return;
    const double interval = niceInterval(yLinear->max() - yLinear->min(), false, yTicks());
    if (interval != yLinear->tickInterval())
        setRangeAndTicks(yLinear, yLinear->min(), yLinear->max(), interval);
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
    QList<QLineSeries *> lines{markerLine};
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
    if (!xTitle.isEmpty() && axis == CurveXAxis::Step)
        return xTitle;
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
    // Through the product's one crash-safe writer (docs/limits.md, "Crash-safe files"): the old
    // file stays whole until the new one is complete and on disk.
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    if (!renderImage().save(&buffer, "PNG"))
        return tr("Could not encode the chart as PNG for %1.").arg(QDir::toNativeSeparators(path));
    try {
        lk::writeFileAtomically(path, png, QStringLiteral("chart picture"));
    } catch (const lk::Error &e) {
        return e.message();
    }
    return {};
}

QString CurveChart::exportCsv(const QString &path) const
{
    QString problem;
    try {
        lk::writeFileAtomicallyWith(
            path,
            [&](const QString &temporary) {
                QFile file(temporary);
                if (!file.open(QIODevice::WriteOnly))
                    throw lk::Error(lk::ErrorKind::Workspace,
                        tr("Could not write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()));
                QByteArray chunk("series,step,epoch,wall_time_s,value\n");
                chunk.reserve(int(kCsvChunkBytes) + 256);
                const auto flush = [&] {
                    if (file.write(chunk) != chunk.size())
                        throw lk::Error(lk::ErrorKind::Workspace,
                            tr("Could not write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()));
                    chunk.clear();
                };
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
                        if (std::size_t(chunk.size()) >= kCsvChunkBytes)
                            flush();
                    }
                }
                flush();
            },
            QStringLiteral("chart data"));
    } catch (const lk::Error &e) {
        problem = e.message();
    }
    return problem;
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
