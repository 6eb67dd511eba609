// The Review queue panel's table model: rule rows as the monitor read them, sorted in place.
#include "ui/panels/ReviewQueuePanel.h"

#include <algorithm>
#include <numeric>

namespace lk::ui {

using lk::rules::BulkOutcome;
using lk::rules::Decision;
using lk::rules::DecisionRecord;
using lk::rules::ReviewAction;
using lk::rules::ReviewSelection;
using lk::rules::ReviewSnapshot;
using lk::rules::RuleEdit;
using lk::rules::RuleFilter;
using lk::rules::RuleRow;
using lk::rules::RuleStatus;

namespace {

int priorityRank(const QString &priority)
{
    if (priority == QLatin1String("high"))
        return 3;
    if (priority == QLatin1String("medium"))
        return 2;
    return priority == QLatin1String("low") ? 1 : 0;
}

} // namespace

// ---------------------------------------------------------------------------------------------
// The model.

ReviewRulesModel::ReviewRulesModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

QString ReviewRulesModel::statusText(RuleStatus status)
{
    switch (status) {
    case RuleStatus::Proposed: return tr("Proposed");
    case RuleStatus::Approved: return tr("Approved");
    case RuleStatus::EditedAndApproved: return tr("Edited and approved");
    case RuleStatus::Rejected: return tr("Rejected");
    case RuleStatus::Deferred: return tr("Deferred");
    case RuleStatus::Retired: return tr("Retired");
    }
    return nameOf(status);
}

QString ReviewRulesModel::priorityText(const QString &priority)
{
    if (priority == QLatin1String("high"))
        return tr("High");
    if (priority == QLatin1String("medium"))
        return tr("Medium");
    if (priority == QLatin1String("low"))
        return tr("Low");
    return priority;
}

namespace {

bool sameRow(const RuleRow &a, const RuleRow &b)
{
    return a.ruleId == b.ruleId && a.status == b.status && a.targetAgent == b.targetAgent
        && a.priority == b.priority && a.confidence == b.confidence && a.occurrences == b.occurrences
        && a.conflict == b.conflict && a.triggerCondition == b.triggerCondition
        && a.instruction == b.instruction && a.updatedAt == b.updatedAt && a.reservedBy == b.reservedBy
        && a.reservedUntil == b.reservedUntil;
}

} // namespace

void ReviewRulesModel::setRows(std::vector<RuleRow> rows)
{
    // A poll that found the same rules in the same order (the common case: a reservation renewed,
    // a count moved) changes rows in place, so the view keeps its selection, scroll position and
    // layout; anything else (rules came or went, the order changed) is a reset.
    std::vector<RuleRow> previous = std::move(m_rows);
    const std::vector<int> previousOrder = m_order;
    const QHash<QString, int> previousViewRow = m_viewRow;
    m_rows = std::move(rows);
    applySort();
    bool sameKeys = m_order.size() == previousOrder.size();
    for (size_t r = 0; sameKeys && r < m_order.size(); ++r)
        sameKeys = m_rows[size_t(m_order[r])].ruleId == previous[size_t(previousOrder[r])].ruleId;
    if (sameKeys) {
        for (size_t r = 0; r < m_order.size(); ++r) {
            if (!sameRow(m_rows[size_t(m_order[r])], previous[size_t(previousOrder[r])]))
                Q_EMIT dataChanged(index(int(r), 0), index(int(r), ColumnCount - 1));
        }
        return;
    }
    // The views see the old rows until the reset begins.
    std::swap(m_rows, previous);
    std::vector<int> order = m_order;
    QHash<QString, int> viewRow = m_viewRow;
    m_order = previousOrder;
    m_viewRow = previousViewRow;
    beginResetModel();
    m_rows = std::move(previous);
    m_order = std::move(order);
    m_viewRow = std::move(viewRow);
    endResetModel();
}

void ReviewRulesModel::applySort()
{
    m_order.resize(m_rows.size());
    std::iota(m_order.begin(), m_order.end(), 0);
    const auto key = [this](const RuleRow &a, const RuleRow &b) -> int {
        switch (m_sortColumn) {
        case Status:
            return nameOf(a.status).compare(nameOf(b.status)); // as the query orders them
        case Priority:
            return priorityRank(a.priority) - priorityRank(b.priority);
        case TargetAgent:
            return a.targetAgent.compare(b.targetAgent);
        case Confidence:
            return a.confidence < b.confidence ? -1 : (a.confidence > b.confidence ? 1 : 0);
        case Occurrences:
            return a.occurrences < b.occurrences ? -1 : (a.occurrences > b.occurrences ? 1 : 0);
        case Conflict:
            return int(a.conflict) - int(b.conflict);
        case ReservedBy:
            return a.reservedBy.compare(b.reservedBy);
        case Trigger:
            return a.triggerCondition.compare(b.triggerCondition, Qt::CaseInsensitive);
        default:
            return 0;
        }
    };
    const bool descending = m_sortOrder == Qt::DescendingOrder;
    std::sort(m_order.begin(), m_order.end(), [&](int i, int j) {
        const RuleRow &a = m_rows[size_t(i)];
        const RuleRow &b = m_rows[size_t(j)];
        int c = key(a, b);
        if (c == 0)
            c = a.ruleId.compare(b.ruleId); // ties by rule id, as the engine breaks them
        return descending ? c > 0 : c < 0;
    });
    m_viewRow.clear();
    m_viewRow.reserve(qsizetype(m_order.size()));
    for (size_t r = 0; r < m_order.size(); ++r)
        m_viewRow.insert(m_rows[size_t(m_order[r])].ruleId, int(r));
}

const RuleRow *ReviewRulesModel::rowAt(int row) const
{
    return row >= 0 && size_t(row) < m_order.size() ? &m_rows[size_t(m_order[size_t(row)])] : nullptr;
}

int ReviewRulesModel::rowOf(const QString &ruleId) const
{
    return m_viewRow.value(ruleId, -1);
}

int ReviewRulesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_order.size());
}

int ReviewRulesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ReviewRulesModel::data(const QModelIndex &index, int role) const
{
    const RuleRow *r = rowAt(index.row());
    if (!r)
        return {};
    if (role == RuleIdRole)
        return r->ruleId;
    if (role == Qt::TextAlignmentRole)
        return index.column() == Confidence || index.column() == Occurrences
            ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
            : QVariant();
    if (role == Qt::ToolTipRole) {
        if (index.column() == Trigger)
            return tr("When: %1\nDo: %2").arg(r->triggerCondition, r->instruction);
        if (index.column() == ReservedBy && !r->reservedBy.isEmpty())
            return tr("Reserved by %1 until %2").arg(r->reservedBy, r->reservedUntil);
        return {};
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case RuleId:
        return r->ruleId;
    case Status:
        return statusText(r->status);
    case Priority:
        return priorityText(r->priority);
    case TargetAgent:
        return r->targetAgent;
    case Confidence:
        return m_locale.toString(r->confidence, 'f', 2);
    case Occurrences:
        return m_locale.toString(r->occurrences);
    case Conflict:
        return r->conflict ? tr("Conflict") : QString();
    case ReservedBy:
        return r->reservedBy;
    case Trigger:
        return r->triggerCondition;
    default:
        return {};
    }
}

QVariant ReviewRulesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case RuleId:
        return tr("Rule");
    case Status:
        return tr("Status");
    case Priority:
        return tr("Priority");
    case TargetAgent:
        return tr("Target agent");
    case Confidence:
        return tr("Confidence");
    case Occurrences:
        return tr("Occurrences");
    case Conflict:
        return tr("Conflict");
    case ReservedBy:
        return tr("Reserved by");
    case Trigger:
        return tr("Trigger condition");
    default:
        return {};
    }
}

void ReviewRulesModel::sort(int column, Qt::SortOrder order)
{
    if (column < 0 || column >= ColumnCount)
        return;
    // The view keeps its selection through layoutChanged by persistent indexes.
    Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const QModelIndexList before = persistentIndexList();
    QStringList ids;
    ids.reserve(before.size());
    for (const QModelIndex &i : before)
        ids.append(rowAt(i.row()) ? rowAt(i.row())->ruleId : QString());
    m_sortColumn = column;
    m_sortOrder = order;
    applySort();
    QModelIndexList after;
    after.reserve(before.size());
    for (qsizetype k = 0; k < before.size(); ++k) {
        const int row = rowOf(ids[k]);
        after.append(row < 0 ? QModelIndex() : index(row, before[k].column()));
    }
    changePersistentIndexList(before, after);
    Q_EMIT layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

// ---------------------------------------------------------------------------------------------
// The panel.

} // namespace lk::ui
