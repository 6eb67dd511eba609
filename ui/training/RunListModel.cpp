#include "ui/training/RunListModel.h"

#include "core/common/EpochNumber.h"

#include <QLocale>

namespace lk::ui {

RunListModel::RunListModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void RunListModel::setRuns(const QVector<lk::runs::RunSummary> &runs)
{
    beginResetModel();
    m_runs = runs;
    QSet<QString> still;
    for (const auto &r : runs)
        if (m_checked.contains(r.runId))
            still.insert(r.runId);
    const bool changed = still != m_checked;
    m_checked = still;
    endResetModel();
    if (changed)
        Q_EMIT checkedRunsChanged(checkedRuns());
}

const lk::runs::RunSummary *RunListModel::runAt(int row) const
{
    return row >= 0 && row < m_runs.size() ? &m_runs[row] : nullptr;
}

int RunListModel::rowOf(const QString &runId) const
{
    for (int i = 0; i < m_runs.size(); ++i)
        if (m_runs[i].runId == runId)
            return i;
    return -1;
}

QStringList RunListModel::checkedRuns() const
{
    QStringList out;
    for (const auto &r : m_runs) // in list order, so colours stay put
        if (m_checked.contains(r.runId))
            out.append(r.runId);
    return out;
}

void RunListModel::setChecked(const QString &runId, bool checked)
{
    if (checked == m_checked.contains(runId))
        return;
    if (checked)
        m_checked.insert(runId);
    else
        m_checked.remove(runId);
    const int row = rowOf(runId);
    if (row >= 0)
        Q_EMIT dataChanged(index(row, RunColumn), index(row, RunColumn), {Qt::CheckStateRole});
    Q_EMIT checkedRunsChanged(checkedRuns());
}

int RunListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_runs.size());
}

int RunListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString RunListModel::statusText(const lk::runs::RunSummary &run) const
{
    if (run.status == QLatin1String("running"))
        return tr("running");
    if (run.status == QLatin1String("paused"))
        return tr("paused");
    if (run.status == QLatin1String("completed"))
        return tr("completed");
    if (run.status == QLatin1String("stopped_early"))
        return tr("stopped early");
    if (run.status == QLatin1String("cancelled"))
        return tr("cancelled");
    if (run.status == QLatin1String("diverged"))
        return tr("diverged");
    if (run.status == QLatin1String("interrupted"))
        return tr("interrupted");
    return tr("failed");
}

QVariant RunListModel::data(const QModelIndex &index, int role) const
{
    const lk::runs::RunSummary *run = runAt(index.row());
    if (!run)
        return {};
    const QLocale locale;
    if (role == Qt::CheckStateRole && index.column() == RunColumn)
        return m_checked.contains(run->runId) ? Qt::Checked : Qt::Unchecked;
    if (role == Qt::ToolTipRole)
        return run->message.isEmpty() ? run->runId : run->message;
    if (role == Qt::TextAlignmentRole && index.column() >= EpochsColumn)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case RunColumn:
        return run->runId;
    case StatusColumn:
        return statusText(*run);
    case ModelColumn:
        return run->model;
    case EpochsColumn:
        return tr("%1 / %2").arg(run->epochsDone).arg(run->epochsPlanned);
    case BestColumn:
        return run->bestEpoch ? QVariant(lk::epochNumber(*run->bestEpoch)) : QVariant();
    case TestAccuracyColumn:
        return run->testAccuracy
            ? QVariant(locale.toString(*run->testAccuracy * 100.0, 'f', 2) + QStringLiteral(" %"))
            : QVariant();
    case SpeedColumn:
        return run->samplesPerSecond ? QVariant(locale.toString(*run->samplesPerSecond, 'f', 0)) : QVariant();
    default:
        return {};
    }
}

QVariant RunListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case RunColumn:
        return tr("Run");
    case StatusColumn:
        return tr("Status");
    case ModelColumn:
        return tr("Model");
    case EpochsColumn:
        return tr("Epochs");
    case BestColumn:
        return tr("Best epoch");
    case TestAccuracyColumn:
        return tr("Test accuracy");
    case SpeedColumn:
        return tr("Samples/s");
    default:
        return {};
    }
}

Qt::ItemFlags RunListModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags f = QAbstractTableModel::flags(index);
    if (index.column() == RunColumn)
        f |= Qt::ItemIsUserCheckable;
    return f;
}

bool RunListModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    const lk::runs::RunSummary *run = runAt(index.row());
    if (!run || role != Qt::CheckStateRole || index.column() != RunColumn)
        return false;
    setChecked(run->runId, value.toInt() == Qt::Checked);
    return true;
}

} // namespace lk::ui
