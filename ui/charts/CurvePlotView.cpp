#include "ui/charts/CurvePlotView.h"

#include <QChart>
#include <QContextMenuEvent>
#include <QLabel>
#include <QMouseEvent>
#include <QRubberBand>
#include <QWheelEvent>

#include <algorithm>
#include <cstdlib>

namespace lk::ui {

namespace {
constexpr int kMinBandPixels = 4; // narrower drags are clicks, not zoom requests
}

CurvePlotView::CurvePlotView(QChart *chart, QWidget *parent)
    : QChartView(chart, parent)
{
    // Hover read-out needs moves without a button pressed.
    setMouseTracking(true);
    viewport()->setMouseTracking(true);
    setRubberBand(QChartView::NoRubberBand); // ours: x only, and right click stays the menu
    setContextMenuPolicy(Qt::DefaultContextMenu);
    setFocusPolicy(Qt::StrongFocus);

    m_overlay = new QLabel(this);
    m_overlay->setAlignment(Qt::AlignCenter);
    m_overlay->setWordWrap(true);
    m_overlay->setAttribute(Qt::WA_TransparentForMouseEvents);
    m_band = new QRubberBand(QRubberBand::Rectangle, viewport());
    m_band->hide();
}

QRect CurvePlotView::plotAreaInViewport() const
{
    const QRectF inScene = chart()->mapToScene(chart()->plotArea()).boundingRect();
    return mapFromScene(inScene).boundingRect();
}

void CurvePlotView::mousePressEvent(QMouseEvent *event)
{
    const QPoint pos = event->position().toPoint();
    if (event->button() == Qt::LeftButton && plotAreaInViewport().contains(pos)) {
        m_dragging = true;
        m_bandOrigin = pos;
        event->accept();
        return;
    }
    QChartView::mousePressEvent(event);
}

void CurvePlotView::mouseMoveEvent(QMouseEvent *event)
{
    const QPoint pos = event->position().toPoint();
    if (m_dragging) {
        const QRect plot = plotAreaInViewport();
        const int x = std::clamp(pos.x(), plot.left(), plot.right());
        m_band->setGeometry(QRect(QPoint(std::min(x, m_bandOrigin.x()), plot.top()),
            QPoint(std::max(x, m_bandOrigin.x()), plot.bottom())));
        m_band->show();
    }
    Q_EMIT hoverMoved(pos);
    event->accept();
}

void CurvePlotView::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton && m_dragging) {
        m_dragging = false;
        m_band->hide();
        const QRect plot = plotAreaInViewport();
        const int x = std::clamp(event->position().toPoint().x(), plot.left(), plot.right());
        if (std::abs(x - m_bandOrigin.x()) >= kMinBandPixels)
            Q_EMIT bandSelected(std::min(x, m_bandOrigin.x()), std::max(x, m_bandOrigin.x()));
        event->accept();
        return;
    }
    QChartView::mouseReleaseEvent(event);
}

void CurvePlotView::mouseDoubleClickEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton) {
        m_dragging = false;
        m_band->hide();
        Q_EMIT resetRequested();
        event->accept();
        return;
    }
    QChartView::mouseDoubleClickEvent(event);
}

void CurvePlotView::wheelEvent(QWheelEvent *event)
{
    const double steps = event->angleDelta().y() / 120.0;
    if (steps == 0) {
        event->ignore();
        return;
    }
    Q_EMIT wheelZoomed(event->position().toPoint(), steps);
    event->accept();
}

void CurvePlotView::leaveEvent(QEvent *event)
{
    Q_EMIT hoverLeft();
    QChartView::leaveEvent(event);
}

void CurvePlotView::contextMenuEvent(QContextMenuEvent *event)
{
    Q_EMIT contextMenuRequested(event->globalPos());
    event->accept();
}

void CurvePlotView::resizeEvent(QResizeEvent *event)
{
    QChartView::resizeEvent(event);
    m_overlay->setGeometry(rect());
}

} // namespace lk::ui
