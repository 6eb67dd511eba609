#pragma once

#include "core/rollout/FleetMonitor.h"
#include "ui/panels/Panel.h"

class QComboBox;
class QLabel;
class QPushButton;
class QScrollArea;
class QTableView;
class QTextBrowser;

namespace lk {
class WorkspaceSession;
}

namespace lk::ui {

class DriftHeatMap;
class DriftRateChart;

/// The Drift panel: each edge node's escalation rate over time against its baseline band (all
/// nodes, or one picked in the selector or on the heat map), a node × time heat map of the rate
/// against the baseline with the alerts marked, the latest window of each node with its PSI and
/// Kolmogorov–Smirnov figures, and the alerts with their explanation and what the learning loop
/// did with them — a training job it started links to that job in Samples & Models. Read
/// through a FleetMonitor, off the UI thread.
class DriftPanel : public Panel
{
    Q_OBJECT
public:
    /// Reads through `monitor` when given (the console's one fleet monitor, which its owner points
    /// at the workspace), else through a monitor of its own.
    explicit DriftPanel(lk::WorkspaceSession *session, lk::rollout::FleetMonitor *monitor = nullptr,
        QWidget *parent = nullptr);
    QString title() const override;
    void setWorkspace(const lk::WorkspaceInfo *info) override;

    /// The last snapshot shown.
    const lk::rollout::FleetSnapshot &snapshot() const { return m_snapshot; }
    /// How often the monitor polls while the panel is shown (tests use a short interval); a
    /// shared monitor polls so for both fleet panels.
    void setRefreshInterval(int milliseconds);
    /// Shows one node's line and band (empty: every node).
    void setNode(const QString &node);
    /// The node shown alone, or empty for all.
    QString node() const;
    /// Time ranges the panel offers: 0 = fit to the stored windows (the default), 1 = last hour,
    /// 2 = last 6 hours, 3 = last 24 hours, 4 = last 7 days, 5 = last 30 days.
    void setRange(int index);
    /// Asks to show the training job of the selected alert (if it started one).
    void showSelectedJob();

Q_SIGNALS:
    /// A new snapshot is on screen.
    void snapshotShown();
    /// The operator followed an alert's link to the training job it started.
    void trainingJobRequested(const QString &jobId);

public:
    QWidget *focusTarget() const override;

protected:
    void refresh() override;

private:
    /// "Fit to data": the span from the oldest stored window to now, and buckets for it.
    struct FitRange
    {
        qint64 spanMs = 0;
        int heatBuckets = 0;
        int chartBuckets = 0;
    };
    FitRange fitRange(qint64 to) const;
    void showSnapshot(const lk::rollout::FleetSnapshot &snapshot);
    void updateLiveState(const lk::rollout::FleetSnapshot &snapshot);
    const lk::drift::StoredAlert *selectedAlert() const;
    void showEmptyState();
    /// The nodes the panel has rows for: the fleet's edge nodes, then any other with windows.
    QStringList driftNodes() const;
    void showTime();
    void showLatest();
    void showAlerts();
    void showAlertDetails();
    QString selectedJob() const;

    lk::WorkspaceSession *m_session = nullptr;
    lk::rollout::FleetMonitor *m_monitor = nullptr;
    bool m_ownsMonitor = false; ///< false: shared, its owner sets the workspace
    lk::rollout::FleetSnapshot m_snapshot;
    lk::rollout::FleetSnapshot m_pending; ///< arrived, not drawn yet (the panel may be hidden)
    QStringList m_nodes;
    QString m_alertDetailsHtml;
    QString m_timeShown; ///< what the chart and the heat map were last built from

    QComboBox *m_nodeCombo = nullptr;
    QComboBox *m_rangeCombo = nullptr;
    QLabel *m_summary = nullptr;
    QLabel *m_error = nullptr;
    DriftRateChart *m_chart = nullptr;
    DriftHeatMap *m_heatMap = nullptr;
    QScrollArea *m_heatScroll = nullptr;
    QTableView *m_latest = nullptr;
    QLabel *m_alertsCaption = nullptr;
    QTableView *m_alerts = nullptr;
    QTextBrowser *m_alertDetails = nullptr;
    QPushButton *m_jobButton = nullptr;
};

} // namespace lk::ui
