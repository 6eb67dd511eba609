#pragma once

// The model behind every live table of the console (docs/console.md, "Live tables"). A panel
// hands it the rows a snapshot shows; the model works out what changed since the last one and
// tells the view with row-level inserts, removals and dataChanged ranges, so a view keeps its
// selection and scroll position and lays out only the rows that changed. Column widths follow
// the same rule: they are measured again only when a column's longest text grew, and then from
// a bounded sample of rows, never per cell.

#include <QAbstractTableModel>
#include <QColor>
#include <QHash>
#include <QSet>
#include <QStringList>
#include <QVariant>

#include <utility>
#include <vector>

class QTableView;
class QWidget;

namespace lk::ui {

/// One row of a live table: a stable key (a job id, a node name), the cells as shown, optional
/// per-cell tooltips (a cell without one offers its own text on hover) and a value for the panel.
struct LiveRow
{
    LiveRow() = default;
    LiveRow(QString rowKey, QStringList rowCells, QStringList cellToolTips = {}, QVariant rowData = {})
        : key(std::move(rowKey))
        , cells(std::move(rowCells))
        , toolTips(std::move(cellToolTips))
        , data(std::move(rowData))
    {
    }

    QString key;
    QStringList cells;
    QStringList toolTips; ///< empty, or one per cell (an empty string: the cell's text)
    QVariant data; ///< Qt::UserRole of every cell in the row
    QColor foreground; ///< invalid: the palette's
    int tintColumn = -1; ///< a cell with a background tint (a verdict, a failing check), or -1
    QColor tint; ///< that cell's background: alertTint(), passTint()
    int linkColumn = -1; ///< a cell shown as a link (Enter or double-click follows it), or -1

    bool operator==(const LiveRow &other) const
    {
        return key == other.key && cells == other.cells && toolTips == other.toolTips && data == other.data
            && foreground == other.foreground && tintColumn == other.tintColumn && tint == other.tint
            && linkColumn == other.linkColumn;
    }
    bool operator!=(const LiveRow &other) const { return !(*this == other); }
};

/// The background of a cell that reports a failure or an alert, readable in light and dark palettes.
inline QColor alertTint()
{
    return QColor(0xe1, 0x57, 0x59, 70);
}
/// The background of a cell that reports a pass.
inline QColor passTint()
{
    return QColor(0x59, 0xa1, 0x4f, 70);
}

/// A read-only table of LiveRows updated by differences.
class LiveTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    explicit LiveTableModel(const QStringList &headers, QObject *parent = nullptr);

    /// Columns shown right-aligned (numbers).
    void setNumberColumns(const QSet<int> &columns) { m_numberColumns = columns; }

    /// Shows `rows`: rows whose key is gone are removed, new keys inserted where they stand,
    /// rows whose cells changed are reported by dataChanged. Keys must be unique. When the
    /// surviving rows changed their order the model is reset instead (a view's selection is
    /// then the panel's to restore).
    void setRows(std::vector<LiveRow> rows);
    const std::vector<LiveRow> &rows() const { return m_rows; }
    const LiveRow *rowAt(int row) const;
    /// The row with `key`, or -1.
    int rowOf(const QString &key) const;
    /// The cell's text, empty outside the table.
    QString text(int row, int column) const;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    /// How many row-level operations the last setRows() made (inserted, removed, changed rows;
    /// a reset counts as every row). For tests and the live-load benchmark.
    struct Changes
    {
        int inserted = 0;
        int removed = 0;
        int changed = 0;
        bool reset = false;
    };
    Changes lastChanges() const { return m_lastChanges; }

Q_SIGNALS:
    /// The longest text of some column grew: the view may want wider columns.
    void widthsMayHaveGrown();

private:
    void noteLengths(const LiveRow &row);
    void reindex();

    QStringList m_headers;
    QSet<int> m_numberColumns;
    std::vector<LiveRow> m_rows;
    QHash<QString, int> m_index;
    std::vector<int> m_longest; ///< characters of the longest cell seen per column
    bool m_grew = false;
    Changes m_lastChanges;
};

/// A read-only QTableView over a new LiveTableModel: rows selected whole, named (with its header)
/// for screen readers and tests, headers never cut, and columns fitted to their contents once per
/// meaningful change (see LiveTableModel). The model is the view's child; get it with liveModel().
QTableView *liveTable(QWidget *parent, const QString &objectName, const QString &accessibleName,
    const QStringList &headers, const QSet<int> &numberColumns = {});
/// The LiveTableModel of a view made by liveTable().
LiveTableModel *liveModel(QTableView *view);
/// Fits the view's Interactive columns (any model's) to their headers and a bounded sample of
/// rows (the first and the current one); a column is only widened, so an operator's own width stays until it is too
/// narrow for what the column now holds. The last column stretches.
void fitColumns(QTableView *view);

} // namespace lk::ui
