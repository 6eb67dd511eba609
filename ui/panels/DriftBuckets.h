#pragma once

// Drift windows gathered into a node × time grid, for the heat map and the rate chart: each
// cell pools the windows of one node that ended within one time bucket (escalations over
// predictions, so that a busy window weighs more than a quiet one), with their baseline, the
// alert limit and whether any of them alerted. Pure: no widgets, no storage.

#include "core/drift/DriftStore.h"

#include <QStringList>

#include <optional>
#include <vector>

namespace lk::ui {

/// The windows of one node in one time bucket, pooled.
struct DriftCell
{
    int windows = 0;
    qint64 predictions = 0;
    qint64 escalations = 0;
    double baselineSum = 0; ///< of the windows' baselines (rates)
    int baselineCount = 0;
    double limitSum = 0; ///< of the escalation-rate checks' alert limits
    int limitCount = 0;
    bool alert = false; ///< a window alerted
    QStringList alertChecks; ///< names of the checks that alerted
    QStringList versions; ///< model versions the windows were of

    /// Whether any window fell into the cell.
    bool hasData() const { return windows > 0; }
    /// Escalations over predictions; nullopt without predictions.
    std::optional<double> rate() const;
    /// The mean baseline rate; nullopt while the baseline is being built.
    std::optional<double> baseline() const;
    /// The mean alert limit of the escalation rate; nullopt if none was given.
    std::optional<double> limit() const;
    /// rate / baseline; nullopt if either is missing or the baseline is 0.
    std::optional<double> ratio() const;
    /// Adds another cell's windows.
    void add(const DriftCell &other);
};

/// Rows of nodes, columns of equal time buckets over [fromMs, toMs].
class DriftGrid
{
public:
    /// Windows of `nodes` that ended within [fromMs, toMs] in `buckets` buckets (at least 1);
    /// windows of other nodes or times are left out.
    static DriftGrid build(const QList<lk::drift::StoredWindow> &windows, const QStringList &nodes,
        qint64 fromMs, qint64 toMs, int buckets);

    /// The nodes, one per row.
    const QStringList &nodes() const { return m_nodes; }
    /// Rows: one per node.
    int rows() const { return int(m_nodes.size()); }
    /// Columns: one per time bucket.
    int columns() const { return m_buckets; }
    /// Start of the range (ms since the epoch).
    qint64 fromMs() const { return m_fromMs; }
    /// End of the range.
    qint64 toMs() const { return m_toMs; }
    /// Start of bucket `column` (ms since the epoch).
    qint64 bucketStart(int column) const;
    /// End of bucket `column`.
    qint64 bucketEnd(int column) const;
    /// The cell of node `row` in bucket `column`.
    const DriftCell &cell(int row, int column) const;
    /// All nodes of bucket `column` pooled.
    DriftCell pooled(int column) const;
    /// Windows in the grid.
    int windowCount() const { return m_windows; }

private:
    QStringList m_nodes;
    qint64 m_fromMs = 0;
    qint64 m_toMs = 0;
    int m_buckets = 1;
    int m_windows = 0;
    std::vector<DriftCell> m_cells; ///< row-major
};

} // namespace lk::ui
