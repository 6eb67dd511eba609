#pragma once

#include "ui/panels/DriftBuckets.h"

#include <QPoint>
#include <QWidget>

namespace lk::ui {

/// Nodes × time as a heat map: one row per node, one column per time bucket, each cell coloured
/// by the escalation rate against its baseline (green below, pale at the baseline, red from
/// half again above it). A cell whose window alerted is outlined and marked "!", one without
/// windows is hatched, so that nothing depends on colour alone; a legend under the map says so.
/// Hovering tells the cell's numbers; arrow keys move a cursor whose cell the accessible
/// description reads out; a click or Enter picks the row's node.
class DriftHeatMap : public QWidget
{
    Q_OBJECT
public:
    explicit DriftHeatMap(QWidget *parent = nullptr);

    /// Shows `grid`.
    void setGrid(const DriftGrid &grid);
    /// The grid shown.
    const DriftGrid &grid() const { return m_grid; }
    /// Rows (nodes) and columns (time buckets) drawn.
    int rows() const { return m_grid.rows(); }
    int columns() const { return m_grid.columns(); }
    /// Cells drawn: rows × columns.
    int cellCount() const { return rows() * columns(); }
    /// What a cell holds, in words (its tooltip).
    QString cellText(int row, int column) const;
    /// The colour of a cell's escalation rate against its baseline (invalid without data).
    static QColor ratioColor(double ratio);

    /// The height that shows `rows` rows with the axis and the legend.
    int heightFor(int rows) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    /// The operator picked the row of `node`.
    void nodeActivated(const QString &node);

protected:
    void paintEvent(QPaintEvent *event) override;
    bool event(QEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    QRect mapRect() const;
    int rowHeight() const;
    int labelWidth() const;
    /// The cell under `pos`, or (-1, -1).
    QPoint cellAt(const QPoint &pos) const;
    void moveCursor(int row, int column);

    DriftGrid m_grid;
    QPoint m_cursor{0, 0}; ///< x: column, y: row
};

} // namespace lk::ui
