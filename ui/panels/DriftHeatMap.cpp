#include "ui/panels/DriftHeatMap.h"

#include "ui/panels/FleetText.h"
#include "ui/panels/LoopText.h"

#include <QHelpEvent>
#include <QKeyEvent>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>
#include <cmath>

namespace lk::ui {

namespace {

constexpr int kMargin = 6;
constexpr double kRatioLow = 0.5; ///< green from here down
constexpr double kRatioHigh = 1.5; ///< red from here up

QColor mix(const QColor &a, const QColor &b, double t)
{
    return QColor::fromRgbF(float(a.redF() + (b.redF() - a.redF()) * t),
        float(a.greenF() + (b.greenF() - a.greenF()) * t), float(a.blueF() + (b.blueF() - a.blueF()) * t));
}

QString timeRange(qint64 from, qint64 to)
{
    return QStringLiteral("%1 – %2").arg(FleetText::time(from), FleetText::time(to));
}

} // namespace

DriftHeatMap::DriftHeatMap(QWidget *parent)
    : QWidget(parent)
{
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
}

QColor DriftHeatMap::ratioColor(double ratio)
{
    if (!std::isfinite(ratio))
        return {};
    const QColor green(0x1a, 0x98, 0x50);
    const QColor pale(0xff, 0xff, 0xbf);
    const QColor red(0xd7, 0x30, 0x27);
    const double t = std::clamp((ratio - kRatioLow) / (kRatioHigh - kRatioLow), 0.0, 1.0);
    return t < 0.5 ? mix(green, pale, t * 2) : mix(pale, red, (t - 0.5) * 2);
}

void DriftHeatMap::setGrid(const DriftGrid &grid)
{
    m_grid = grid;
    setMinimumHeight(sizeHint().height()); // every row readable; a scroll area around it scrolls
    m_cursor.setX(std::clamp(m_cursor.x(), 0, std::max(0, columns() - 1)));
    m_cursor.setY(std::clamp(m_cursor.y(), 0, std::max(0, rows() - 1)));
    setAccessibleDescription(rows() > 0 ? cellText(m_cursor.y(), m_cursor.x()) : tr("No nodes"));
    updateGeometry();
    update();
}

int DriftHeatMap::rowHeight() const
{
    return fontMetrics().height() + 6;
}

int DriftHeatMap::labelWidth() const
{
    int w = 40;
    for (const QString &node : m_grid.nodes())
        w = std::max(w, fontMetrics().horizontalAdvance(node));
    return std::min(w, 220) + 10;
}

QRect DriftHeatMap::mapRect() const
{
    return QRect(kMargin + labelWidth(), kMargin, std::max(10, width() - 2 * kMargin - labelWidth()),
        std::max(1, rows()) * rowHeight());
}

int DriftHeatMap::heightFor(int rows) const
{
    const int axis = fontMetrics().height() + 6;
    return 2 * kMargin + std::max(1, rows) * rowHeight() + 2 * axis + kMargin;
}

QSize DriftHeatMap::sizeHint() const
{
    return {600, heightFor(rows())};
}

QSize DriftHeatMap::minimumSizeHint() const
{
    return {240, sizeHint().height()};
}

QString DriftHeatMap::cellText(int row, int column) const
{
    if (row < 0 || column < 0 || row >= rows() || column >= columns())
        return {};
    const DriftCell &c = m_grid.cell(row, column);
    const QString where = tr("%1, %2").arg(
        m_grid.nodes().at(row), timeRange(m_grid.bucketStart(column), m_grid.bucketEnd(column)));
    if (!c.hasData())
        return tr("%1: no window").arg(where);
    QString text = tr("%1: escalation rate %2 over %3 predictions in %4 windows; baseline %5")
                       .arg(where, c.rate() ? FleetText::rate(*c.rate(), 2) : FleetText::dash(),
                           QLocale().toString(c.predictions))
                       .arg(c.windows)
                       .arg(c.baseline() ? FleetText::rate(*c.baseline(), 2) : tr("still being built"));
    if (c.ratio())
        text += tr(" (%1×)").arg(QLocale().toString(*c.ratio(), 'f', 2));
    if (c.limit())
        text += tr("; alert limit %1").arg(FleetText::rate(*c.limit(), 2));
    if (c.alert) {
        QStringList checks;
        for (const QString &name : c.alertChecks)
            checks.append(FleetText::driftCheck(name));
        text += tr("; ALERT: %1").arg(checks.isEmpty() ? tr("drift") : checks.join(QStringLiteral(", ")));
    }
    if (!c.versions.isEmpty())
        text += tr("; model %1").arg(c.versions.join(QStringLiteral(", ")));
    return text;
}

QPoint DriftHeatMap::cellAt(const QPoint &pos) const
{
    const QRect map = mapRect();
    if (rows() == 0 || !map.contains(pos))
        return {-1, -1};
    const int column =
        std::clamp(int(double(pos.x() - map.left()) / map.width() * columns()), 0, columns() - 1);
    const int row = (pos.y() - map.top()) / rowHeight();
    return row < rows() ? QPoint(column, row) : QPoint(-1, -1);
}

void DriftHeatMap::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    const QRect map = mapRect();
    const int rh = rowHeight();
    const QFontMetrics fm = fontMetrics();
    const QColor text = palette().color(QPalette::WindowText);
    const QColor hatch = palette().color(QPalette::Mid);
    if (rows() == 0 || columns() == 0) {
        p.setPen(text);
        p.drawText(rect(), Qt::AlignCenter, tr("No nodes to show"));
        return;
    }
    const double cw = double(map.width()) / columns();
    for (int row = 0; row < rows(); ++row) {
        const int y = map.top() + row * rh;
        p.setPen(text);
        p.drawText(QRect(kMargin, y, labelWidth() - 8, rh), Qt::AlignRight | Qt::AlignVCenter,
            fm.elidedText(m_grid.nodes().at(row), Qt::ElideMiddle, labelWidth() - 8));
        for (int column = 0; column < columns(); ++column) {
            const QRectF cell(map.left() + column * cw, y, cw, rh);
            const QRectF inner = cell.adjusted(0.5, 0.5, -0.5, -0.5);
            const DriftCell &c = m_grid.cell(row, column);
            if (!c.hasData()) {
                p.fillRect(inner, QBrush(hatch, Qt::BDiagPattern));
            } else if (c.ratio()) {
                p.fillRect(inner, ratioColor(*c.ratio()));
            } else {
                p.fillRect(inner, QColor(0xc6, 0xdb, 0xef)); // data, but no baseline yet
            }
            if (c.alert) {
                p.setPen(QPen(QColor(0x67, 0x00, 0x0d), 2));
                p.drawRect(inner.adjusted(1, 1, -1, -1));
                if (cw >= fm.horizontalAdvance(QLatin1Char('!')) + 2) {
                    QFont bold = font();
                    bold.setBold(true);
                    p.setFont(bold);
                    p.setPen(c.ratio() ? FleetText::textOn(ratioColor(*c.ratio())) : QColor(Qt::black));
                    p.drawText(cell, Qt::AlignCenter, QStringLiteral("!"));
                    p.setFont(font());
                }
            }
        }
    }
    if (hasFocus()) {
        const QRectF cursor(map.left() + m_cursor.x() * cw, map.top() + m_cursor.y() * rh, cw, rh);
        p.setPen(QPen(palette().color(QPalette::Highlight), 2));
        p.setBrush(Qt::NoBrush);
        p.drawRect(cursor.adjusted(1, 1, -1, -1));
    }

    // Time axis: start, middle and end of the range.
    p.setPen(text);
    const int axisTop = map.top() + rows() * rh + 2;
    const int lh = fm.height();
    p.drawText(
        QRect(map.left(), axisTop, map.width() / 2, lh), Qt::AlignLeft, FleetText::time(m_grid.fromMs()));
    p.drawText(QRect(map.left() + map.width() / 2, axisTop, map.width() / 2, lh), Qt::AlignRight,
        FleetText::time(m_grid.toMs()));
    p.drawText(QRect(map.left(), axisTop, map.width(), lh), Qt::AlignHCenter,
        tr("%1 buckets of %2")
            .arg(columns())
            .arg(LoopText::duration((m_grid.bucketEnd(0) - m_grid.bucketStart(0)) / 1000)));

    // Legend: the colour scale with its meaning, alert and no-data marks.
    const int ly = axisTop + lh + 4;
    int x = map.left();
    const QString low = tr("rate vs baseline: 0.5×");
    p.drawText(QRect(x, ly, fm.horizontalAdvance(low), lh), Qt::AlignVCenter, low);
    x += fm.horizontalAdvance(low) + 4;
    const int barWidth = 120;
    for (int i = 0; i < barWidth; ++i)
        p.fillRect(
            QRect(x + i, ly + 2, 1, lh - 4), ratioColor(kRatioLow + (kRatioHigh - kRatioLow) * i / barWidth));
    p.setPen(text);
    const int one = x + barWidth / 2;
    p.drawLine(one, ly, one, ly + lh);
    x += barWidth + 4;
    const QString high = tr("1.5×+ (middle: 1×)");
    p.drawText(QRect(x, ly, fm.horizontalAdvance(high), lh), Qt::AlignVCenter, high);
    x += fm.horizontalAdvance(high) + 16;
    const QRect alertBox(x, ly + 1, lh - 2, lh - 2);
    p.setPen(QPen(QColor(0x67, 0x00, 0x0d), 2));
    p.drawRect(alertBox);
    p.drawText(alertBox, Qt::AlignCenter, QStringLiteral("!"));
    p.setPen(text);
    const QString alert = tr("alert");
    p.drawText(QRect(alertBox.right() + 4, ly, fm.horizontalAdvance(alert), lh), Qt::AlignVCenter, alert);
    x = alertBox.right() + 4 + fm.horizontalAdvance(alert) + 16;
    const QRect none(x, ly + 1, lh - 2, lh - 2);
    p.fillRect(none, QBrush(hatch, Qt::BDiagPattern));
    const QString noWindow = tr("no window");
    p.drawText(QRect(none.right() + 4, ly, fm.horizontalAdvance(noWindow), lh), Qt::AlignVCenter, noWindow);
    x = none.right() + 4 + fm.horizontalAdvance(noWindow) + 16;
    const QRect building(x, ly + 1, lh - 2, lh - 2);
    p.fillRect(building, QColor(0xc6, 0xdb, 0xef));
    const QString noBaseline = tr("no baseline yet");
    p.drawText(
        QRect(building.right() + 4, ly, fm.horizontalAdvance(noBaseline), lh), Qt::AlignVCenter, noBaseline);
}

bool DriftHeatMap::event(QEvent *e)
{
    if (e->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(e);
        const QPoint cell = cellAt(help->pos());
        if (cell.x() >= 0)
            QToolTip::showText(help->globalPos(), cellText(cell.y(), cell.x()), this);
        else
            QToolTip::hideText();
        return true;
    }
    return QWidget::event(e);
}

void DriftHeatMap::mousePressEvent(QMouseEvent *e)
{
    const QPoint cell = cellAt(e->position().toPoint());
    if (cell.x() < 0)
        return QWidget::mousePressEvent(e);
    moveCursor(cell.y(), cell.x());
    Q_EMIT nodeActivated(m_grid.nodes().at(cell.y()));
}

void DriftHeatMap::keyPressEvent(QKeyEvent *e)
{
    if (rows() == 0)
        return QWidget::keyPressEvent(e);
    switch (e->key()) {
    case Qt::Key_Left:
        moveCursor(m_cursor.y(), m_cursor.x() - 1);
        break;
    case Qt::Key_Right:
        moveCursor(m_cursor.y(), m_cursor.x() + 1);
        break;
    case Qt::Key_Up:
        moveCursor(m_cursor.y() - 1, m_cursor.x());
        break;
    case Qt::Key_Down:
        moveCursor(m_cursor.y() + 1, m_cursor.x());
        break;
    case Qt::Key_Home:
        moveCursor(m_cursor.y(), 0);
        break;
    case Qt::Key_End:
        moveCursor(m_cursor.y(), columns() - 1);
        break;
    case Qt::Key_Return:
    case Qt::Key_Enter:
        Q_EMIT nodeActivated(m_grid.nodes().at(m_cursor.y()));
        break;
    default:
        QWidget::keyPressEvent(e);
    }
}

void DriftHeatMap::moveCursor(int row, int column)
{
    m_cursor = QPoint(std::clamp(column, 0, columns() - 1), std::clamp(row, 0, rows() - 1));
    const QString text = cellText(m_cursor.y(), m_cursor.x());
    setAccessibleDescription(text);
    setToolTip(QString());
    update();
}

} // namespace lk::ui
