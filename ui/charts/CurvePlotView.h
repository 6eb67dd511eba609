#pragma once

// Private to ui/charts: the only header besides CurveChart.cpp that names a Qt Charts type.
// The rest of the UI uses CurveChart.

#include <QChartView>
#include <QPoint>

class QLabel;
class QRubberBand;

namespace lk::ui {

/// The Qt Charts view under CurveChart: turns mouse input into chart-level requests (hover,
/// rubber-band and wheel zoom, reset, context menu) in viewport pixels, and carries the
/// empty-state text over the plot. It decides nothing about data.
class CurvePlotView : public QChartView
{
    Q_OBJECT
public:
    explicit CurvePlotView(QChart *chart, QWidget *parent = nullptr);

    /// The label shown over the whole view while there is nothing to draw.
    QLabel *overlay() const { return m_overlay; }

Q_SIGNALS:
    /// The pointer moved to pos (viewport pixels), or left the view (hoverLeft).
    void hoverMoved(QPoint pos);
    void hoverLeft();
    /// A horizontal band was dragged from left to right (viewport pixels).
    void bandSelected(int left, int right);
    /// The wheel turned at pos; steps > 0 zooms in.
    void wheelZoomed(QPoint pos, double steps);
    /// Double click: back to the whole x range.
    void resetRequested();
    /// Right click or the menu key, at globalPos.
    void contextMenuRequested(QPoint globalPos);

protected:
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void leaveEvent(QEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    QRect plotAreaInViewport() const;

    QLabel *m_overlay = nullptr;
    QRubberBand *m_band = nullptr;
    QPoint m_bandOrigin;
    bool m_dragging = false;
};

} // namespace lk::ui
