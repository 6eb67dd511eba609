#include "ui/panels/LiveTableModel.h"

#include <QAbstractButton>
#include <QCoreApplication>
#include <QFont>
#include <QFontMetrics>
#include <QGuiApplication>
#include <QPalette>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QTableView>

#include <algorithm>

namespace lk::ui {

namespace {

/// Rows measured when columns are fitted: enough to see what a column holds, few enough that a
/// fit costs well under a millisecond whatever the table's length.
constexpr int kFitSampleRows = 48;
/// Room for the cell's margins and a sort indicator beside the header text.
constexpr int kCellPadding = 18;
constexpr int kHeaderPadding = 28;

} // namespace

LiveTableModel::LiveTableModel(const QStringList &headers, QObject *parent)
    : QAbstractTableModel(parent)
    , m_headers(headers)
    , m_longest(size_t(headers.size()), 0)
{
}

void LiveTableModel::noteLengths(const LiveRow &row)
{
    const int n = std::min(int(row.cells.size()), int(m_longest.size()));
    for (int c = 0; c < n; ++c) {
        const int length = int(row.cells[c].size());
        if (length > m_longest[size_t(c)]) {
            m_longest[size_t(c)] = length;
            m_grew = true;
        }
    }
}

void LiveTableModel::reindex()
{
    m_index.clear();
    m_index.reserve(qsizetype(m_rows.size()));
    for (size_t r = 0; r < m_rows.size(); ++r)
        m_index.insert(m_rows[r].key, int(r));
}

void LiveTableModel::setRows(std::vector<LiveRow> next)
{
    m_lastChanges = {};
    m_grew = false;
    QHash<QString, int> nextIndex;
    nextIndex.reserve(qsizetype(next.size()));
    for (size_t r = 0; r < next.size(); ++r)
        nextIndex.insert(next[r].key, int(r));

    // Removals, bottom up, in contiguous runs.
    for (int r = int(m_rows.size()) - 1; r >= 0;) {
        if (nextIndex.contains(m_rows[size_t(r)].key)) {
            --r;
            continue;
        }
        int first = r;
        while (first > 0 && !nextIndex.contains(m_rows[size_t(first - 1)].key))
            --first;
        beginRemoveRows(QModelIndex(), first, r);
        m_rows.erase(m_rows.begin() + first, m_rows.begin() + r + 1);
        endRemoveRows();
        m_lastChanges.removed += r - first + 1;
        r = first - 1;
    }

    // The survivors must keep their order for row-level updates; if not, start afresh.
    int previous = -1;
    bool ordered = true;
    for (const LiveRow &row : m_rows) {
        const int at = nextIndex.value(row.key);
        if (at < previous) {
            ordered = false;
            break;
        }
        previous = at;
    }
    if (!ordered) {
        beginResetModel();
        m_rows = std::move(next);
        for (const LiveRow &row : m_rows)
            noteLengths(row);
        reindex();
        endResetModel();
        m_lastChanges.reset = true;
        m_lastChanges.changed = int(m_rows.size());
        if (m_grew)
            Q_EMIT widthsMayHaveGrown();
        return;
    }

    // Insertions (in runs) and changes (reported in runs of adjacent rows).
    int changedFirst = -1;
    int changedLast = -1;
    const auto flushChanged = [&] {
        if (changedFirst < 0)
            return;
        Q_EMIT dataChanged(index(changedFirst, 0), index(changedLast, columnCount() - 1));
        changedFirst = changedLast = -1;
    };
    for (int i = 0; i < int(next.size());) {
        if (i < int(m_rows.size()) && m_rows[size_t(i)].key == next[size_t(i)].key) {
            if (m_rows[size_t(i)] != next[size_t(i)]) {
                noteLengths(next[size_t(i)]);
                m_rows[size_t(i)] = std::move(next[size_t(i)]);
                ++m_lastChanges.changed;
                if (changedLast == i - 1 && changedFirst >= 0) {
                    changedLast = i;
                } else {
                    flushChanged();
                    changedFirst = changedLast = i;
                }
            }
            ++i;
            continue;
        }
        // next[i] is new: insert it and the new rows that follow it up to the next survivor.
        flushChanged();
        const QString survivor = i < int(m_rows.size()) ? m_rows[size_t(i)].key : QString();
        int last = i;
        while (last + 1 < int(next.size()) && (survivor.isNull() || next[size_t(last + 1)].key != survivor))
            ++last;
        beginInsertRows(QModelIndex(), i, last);
        for (int k = i; k <= last; ++k) {
            noteLengths(next[size_t(k)]);
            m_rows.insert(m_rows.begin() + k, std::move(next[size_t(k)]));
        }
        endInsertRows();
        m_lastChanges.inserted += last - i + 1;
        i = last + 1;
    }
    flushChanged();
    if (m_lastChanges.inserted > 0 || m_lastChanges.removed > 0)
        reindex();
    if (m_grew)
        Q_EMIT widthsMayHaveGrown();
}

const LiveRow *LiveTableModel::rowAt(int row) const
{
    return row >= 0 && row < int(m_rows.size()) ? &m_rows[size_t(row)] : nullptr;
}

int LiveTableModel::rowOf(const QString &key) const
{
    return m_index.value(key, -1);
}

QString LiveTableModel::text(int row, int column) const
{
    const LiveRow *r = rowAt(row);
    return r && column >= 0 && column < r->cells.size() ? r->cells[column] : QString();
}

int LiveTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int LiveTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_headers.size());
}

QVariant LiveTableModel::data(const QModelIndex &index, int role) const
{
    const LiveRow *r = rowAt(index.row());
    if (!r || index.column() < 0 || index.column() >= m_headers.size())
        return {};
    const int c = index.column();
    switch (role) {
    case Qt::DisplayRole:
    case Qt::AccessibleTextRole:
        return c < r->cells.size() ? r->cells[c] : QString();
    case Qt::ToolTipRole: {
        const QString tip = c < r->toolTips.size() ? r->toolTips[c] : QString();
        if (!tip.isEmpty())
            return tip;
        return c < r->cells.size() && !r->cells[c].isEmpty() ? QVariant(r->cells[c]) : QVariant();
    }
    case Qt::TextAlignmentRole:
        return m_numberColumns.contains(c) ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter))
                                           : QVariant(int(Qt::AlignLeft | Qt::AlignVCenter));
    case Qt::ForegroundRole:
        if (c == r->linkColumn)
            return QGuiApplication::palette().color(QPalette::Link);
        return r->foreground.isValid() ? QVariant(r->foreground) : QVariant();
    case Qt::BackgroundRole:
        return c == r->tintColumn && r->tint.isValid() ? QVariant(r->tint) : QVariant();
    case Qt::FontRole:
        if (c == r->linkColumn) {
            QFont link;
            link.setUnderline(true);
            return link;
        }
        return {};
    case Qt::UserRole:
        return r->data;
    default:
        return {};
    }
}

QVariant LiveTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= m_headers.size())
        return {};
    if (role == Qt::DisplayRole || role == Qt::ToolTipRole)
        return m_headers[section];
    return {};
}

QTableView *liveTable(QWidget *parent, const QString &objectName, const QString &accessibleName,
    const QStringList &headers, const QSet<int> &numberColumns)
{
    auto *view = new QTableView(parent);
    auto *model = new LiveTableModel(headers, view);
    model->setObjectName(objectName + QStringLiteral("Model"));
    model->setNumberColumns(numberColumns);
    view->setModel(model);
    view->setObjectName(objectName);
    view->setAccessibleName(accessibleName);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setAlternatingRowColors(true);
    view->setWordWrap(false);
    view->setTextElideMode(Qt::ElideMiddle); // ids keep both ends; the tooltip has them whole
    view->verticalHeader()->hide();
    // Every row as high as the font: the view never measures rows to lay them out.
    view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 8);
    view->verticalHeader()->setObjectName(objectName + QStringLiteral("RowHeader"));
    view->verticalHeader()->setAccessibleName(
        QCoreApplication::translate("LiveTable", "%1 rows").arg(accessibleName));
    QHeaderView *header = view->horizontalHeader();
    header->setObjectName(objectName + QStringLiteral("Header"));
    header->setAccessibleName(QCoreApplication::translate("LiveTable", "%1 columns").arg(accessibleName));
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setStretchLastSection(true);
    header->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    header->setHighlightSections(false);
    view->setCornerButtonEnabled(false);
    for (QAbstractButton *corner : view->findChildren<QAbstractButton *>()) {
        corner->setObjectName(objectName + QStringLiteral("Corner"));
        corner->setAccessibleName(accessibleName);
    }
    QObject::connect(model, &LiveTableModel::widthsMayHaveGrown, view, [view] { fitColumns(view); });
    fitColumns(view);
    return view;
}

LiveTableModel *liveModel(QTableView *view)
{
    return view ? qobject_cast<LiveTableModel *>(view->model()) : nullptr;
}

void fitColumns(QTableView *view)
{
    const QAbstractItemModel *model = view ? view->model() : nullptr;
    if (!model)
        return;
    const QFontMetrics cells(view->font());
    const QFontMetrics headers(view->horizontalHeader()->font());
    const int columns = model->columnCount();
    const int rowCount = model->rowCount();
    std::vector<int> sample;
    for (int r = 0; r < std::min(rowCount, kFitSampleRows); ++r)
        sample.push_back(r);
    if (view->selectionModel()) {
        const QModelIndex current = view->selectionModel()->currentIndex();
        if (current.isValid() && current.row() >= kFitSampleRows)
            sample.push_back(current.row());
    }
    QHeaderView *header = view->horizontalHeader();
    // The first fit sets each width (Qt's default is 100 px whatever a column holds); later ones
    // only widen, so that columns do not jump while data streams in.
    const bool first = !header->property("lkFitted").toBool();
    header->setProperty("lkFitted", true);
    for (int c = 0; c < columns; ++c) {
        if (header->isSectionHidden(c) || header->sectionResizeMode(c) != QHeaderView::Interactive)
            continue;
        int width = headers.horizontalAdvance(model->headerData(c, Qt::Horizontal, Qt::DisplayRole).toString())
            + kHeaderPadding;
        for (int r : sample)
            width = std::max(width, cells.horizontalAdvance(model->index(r, c).data().toString()) + kCellPadding);
        if (c == columns - 1 && header->stretchLastSection())
            continue; // the last column takes the rest of the width
        if (header->sectionSize(c) < width || (first && header->sectionSize(c) != width))
            header->resizeSection(c, width);
    }
}

} // namespace lk::ui
