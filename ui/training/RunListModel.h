#pragma once

#include "core/runs/RunStore.h"

#include <QAbstractTableModel>
#include <QSet>
#include <QVector>

namespace lk::ui {

/// The workspace's training runs as a table, newest first. The first column's check box
/// says which runs the charts overlay.
class RunListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        RunColumn,
        StatusColumn,
        ModelColumn,
        EpochsColumn,
        BestColumn,
        TestAccuracyColumn,
        SpeedColumn,
        ColumnCount
    };

    explicit RunListModel(QObject *parent = nullptr);

    /// Replaces the list, keeping the check marks of runs that are still there.
    void setRuns(const QVector<lk::runs::RunSummary> &runs);
    const QVector<lk::runs::RunSummary> &runs() const { return m_runs; }
    /// The run in `row`, or nullptr.
    const lk::runs::RunSummary *runAt(int row) const;
    int rowOf(const QString &runId) const;

    QStringList checkedRuns() const;
    void setChecked(const QString &runId, bool checked);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role) override;

Q_SIGNALS:
    /// The set of checked runs changed (by the user or by setChecked()).
    void checkedRunsChanged(const QStringList &runIds);

private:
    QString statusText(const lk::runs::RunSummary &run) const;

    QVector<lk::runs::RunSummary> m_runs;
    QSet<QString> m_checked;
};

} // namespace lk::ui
