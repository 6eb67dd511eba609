#pragma once

#include "ui/charts/CurveData.h"

#include <QColor>
#include <QList>
#include <QPointF>
#include <QString>
#include <QWidget>

#include <cstddef>
#include <memory>
#include <optional>
#include <utility>

namespace lk::ui {

/// How a series looks. The name appears in the legend, the hover read-out and the CSV.
struct CurveStyle
{
    QString name;
    QColor color; ///< invalid: the chart picks the next colour of its own palette
    Qt::PenStyle lineStyle = Qt::SolidLine;
};

/// A vertical line with a label, e.g. at the best epoch. It carries all three x units so that
/// it stays in place when the x axis changes.
struct CurveMarker
{
    qint64 step = 0;
    double epoch = 0; ///< finished epochs, as on the epoch axis: epoch N (from 1) ends at N
    double wallSeconds = 0;
    QString label;
};

/// Live line chart for training curves (loss, accuracy) that stays fluid with millions of
/// points: several series (e.g. per run: per-step and per-epoch train loss, validation loss;
/// several runs overlaid), drawn against step, epoch or wall time, linear or log y, with
/// TensorBoard smoothing, a marker, hover read-out, zoom, and PNG/CSV export.
///
/// This is an adapter: the rest of the UI talks to this API only, never to Qt Charts, which
/// draws it for now. Qt Charts is deprecated; Qt Graphs is meant to replace it behind this
/// same interface (only CurveChart*.cpp, CurveChartPrivate.h and CurvePlotView.* name Qt Charts types).
///
/// How it stays fast: points live in CurveData (16 bytes each, min/max pyramid on top);
/// appendPoints() costs amortized O(batch) and only marks the chart dirty. A timer redraws at
/// most every 40 ms (25 Hz), and only when something changed and the chart is visible: per
/// series it decimates to min/max per pixel column (O(width · log n)) and hands at most
/// 2 · width + 2 points to Qt Charts with one replace().
///
/// Threading: a QWidget, so every member function is for the UI thread only. A training
/// runner on a worker thread must not call it; it hands batches over (a queued signal
/// carrying a batch, or a buffer the panel drains on its own timer), and the panel calls
/// appendPoints() on the UI thread. How often it does so does not matter: redraws are
/// coalesced. The pure classes underneath (CurveData, MinMaxPyramid, Decimator, DebiasedEma)
/// are reentrant, not thread-safe.
class CurveChart : public QWidget
{
    Q_OBJECT
public:
    using SeriesId = int;

    /// An empty chart with its control row (x axis, log scale, smoothing, reset zoom).
    explicit CurveChart(QWidget *parent = nullptr);
    ~CurveChart() override;

    // --- series -------------------------------------------------------------------------
    /// Adds an empty series drawn on top of the existing ones; returns its id.
    SeriesId addSeries(const CurveStyle &style);
    /// Removes a series and its points; false if there is no such series.
    bool removeSeries(SeriesId id);
    /// Removes every series, the marker and any zoom.
    void clear();
    /// Ids of the series, in drawing order.
    QList<SeriesId> seriesIds() const;
    /// Changes name, colour or line style of a series.
    void setSeriesStyle(SeriesId id, const CurveStyle &style);
    /// The style of a series (default-constructed if there is no such series).
    CurveStyle seriesStyle(SeriesId id) const;
    /// Shows or hides a series (hidden ones are not drawn, read out or exported).
    void setSeriesVisible(SeriesId id, bool visible);
    /// True if the series exists and is shown.
    bool isSeriesVisible(SeriesId id) const;

    /// Appends a batch of points in amortized O(count) and schedules a redraw. Points must be
    /// in measuring order (see CurveData::append); a bad batch is refused whole. Returns an
    /// error message, or an empty string on success.
    QString appendPoints(SeriesId id, const CurvePoint *points, std::size_t count);
    /// Same, for a list.
    QString appendPoints(SeriesId id, const QList<CurvePoint> &points);
    /// Makes room for count points in all, so that a long run never copies its columns.
    void reservePoints(SeriesId id, std::size_t count);
    /// Points of one series (0 if there is no such series).
    std::size_t pointCount(SeriesId id) const;
    /// Points of all series.
    std::size_t totalPointCount() const;
    /// Heap bytes the series' data hold (points, pyramids, smoothed values).
    std::size_t bytesUsed() const;

    // --- view ---------------------------------------------------------------------------
    /// Draws against step, epoch or wall time; a zoomed range is carried over.
    void setXAxis(CurveXAxis axis);
    /// The x unit in use.
    CurveXAxis xAxis() const;
    /// Log-scale y; values ≤ 0 are then left out and the read-out says how many.
    void setLogScale(bool on);
    /// True if y is on a log scale.
    bool logScale() const;
    /// TensorBoard smoothing weight, clamped to 0…0.999 (0: off). The raw curve stays drawn
    /// faintly under the smoothed one.
    void setSmoothing(double weight);
    /// The smoothing weight in use.
    double smoothing() const;
    /// Sets the (single) marker, replacing any previous one.
    void setMarker(const CurveMarker &marker);
    /// Removes the marker.
    void clearMarker();
    /// The marker, if one is set.
    std::optional<CurveMarker> marker() const;
    /// Shows only [from, to] of the x axis (units of the current axis); stops following new
    /// points until resetZoom(). Ignored if the range is empty or not finite.
    void zoomToX(double from, double to);
    /// Shows the whole x range again and follows new points.
    void resetZoom();
    /// True while zoomToX() (or a mouse zoom) holds the x range.
    bool isZoomed() const;
    /// The x range of the last redraw.
    std::pair<double, double> visibleXRange() const;
    /// Shows or hides the control row (x axis, log scale, smoothing, reset zoom).
    void setControlsVisible(bool visible);
    /// Replaces the text shown while the chart has no points.
    void setEmptyText(const QString &text);
    /// Title of the y axis, e.g. "Loss" (none by default).
    void setYAxisTitle(const QString &title);
    /// Names what the "step" unit counts when it is not an optimizer step (e.g. outcome events).
    void setStepAxisTitle(const QString &title);

    // --- output -------------------------------------------------------------------------
    /// Writes the chart as it is drawn now (without the control row) to a PNG file.
    /// Returns an error message, or an empty string on success.
    QString exportPng(const QString &path);
    /// Writes every point of the visible series to a CSV file: series, step, epoch,
    /// wall_time_s, value (raw, unsmoothed; NaN as "nan"). Returns an error message or "".
    QString exportCsv(const QString &path) const;
    /// The chart as drawn now, at the view's size (without the control row).
    QImage renderImage();
    /// Redraws at once instead of on the next timer tick, even when hidden.
    void redrawNow();

    /// Pixel columns the last redraw decimated to.
    int plotWidth() const;
    /// Points the last redraw handed to Qt Charts for one series (for tests and diagnostics).
    QList<QPointF> drawnPoints(SeriesId id, bool smoothed = false) const;
    /// The hover read-out as shown under the chart.
    QString readoutText() const;

Q_SIGNALS:
    /// A redraw finished (at most 25 a second).
    void redrawn();
    /// The x axis, log scale, smoothing weight or zoom changed (by the API or the user);
    /// a panel can store them.
    void xAxisChanged(lk::ui::CurveXAxis axis);
    void logScaleChanged(bool on);
    void smoothingChanged(double weight);
    void zoomChanged(bool zoomed);

protected:
    void showEvent(QShowEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace lk::ui
