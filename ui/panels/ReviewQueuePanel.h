#pragma once

#include "core/rules/ReviewMonitor.h"
#include "ui/panels/Panel.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QLocale>

#include <optional>
#include <vector>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;
class QTextBrowser;
class QTimer;

namespace lk {
class WorkspaceSession;
}

namespace lk::ui {

/// The rules of the review queue's current filter as a table. It keeps every row (10,000 are
/// fine in memory) and sorts them itself, so that a click on a column header never waits for
/// the database.
class ReviewRulesModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { RuleId, Status, Priority, TargetAgent, Confidence, Occurrences, Conflict, ReservedBy, Trigger, ColumnCount };
    static constexpr int RuleIdRole = Qt::UserRole + 1;

    explicit ReviewRulesModel(QObject *parent = nullptr);
    /// Replaces the rows (a new snapshot), sorted by the current sort column.
    void setRows(std::vector<lk::rules::RuleRow> rows);
    /// The row shown at `row`, or nullptr.
    const lk::rules::RuleRow *rowAt(int row) const;
    /// Where the rule is shown, or -1.
    int rowOf(const QString &ruleId) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    /// Sorts in memory (a permutation of the rows; ties by rule id).
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    /// A status as the panel names it.
    static QString statusText(lk::rules::RuleStatus status);
    /// A priority as the panel names it.
    static QString priorityText(const QString &priority);

private:
    void applySort();

    std::vector<lk::rules::RuleRow> m_rows;
    std::vector<int> m_order; ///< view row -> m_rows index
    QHash<QString, int> m_viewRow; ///< rule id -> view row
    int m_sortColumn = Priority;
    Qt::SortOrder m_sortOrder = Qt::DescendingOrder;
    QLocale m_locale;
};

/// The Review queue panel: proposed memory rules in a sortable table with filters, the selected
/// rule's text, evidence, similar and conflicting rules and decision history beside it, and
/// keyboard-first decisions (j/k move, a approve, e edit, r reject, d defer, u undo, ? keys).
/// The rule being looked at is reserved for this reviewer and renewed while it stays selected;
/// a rule someone else holds cannot be decided here. Several selected rules are approved,
/// rejected or deferred together after a confirmation that says how many. Everything is read
/// and decided through a ReviewMonitor, off the UI thread.
class ReviewQueuePanel : public Panel
{
    Q_OBJECT
public:
    explicit ReviewQueuePanel(lk::WorkspaceSession *session, QWidget *parent = nullptr);
    QString title() const override;
    void setWorkspace(const lk::WorkspaceInfo *info) override;

    /// The table's model (tests and the benchmark).
    ReviewRulesModel *model() const { return m_model; }
    /// The table.
    QTableView *view() const { return m_table; }
    /// The rule at the table's current row, or empty.
    QString currentRuleId() const;
    /// The last details shown (of currentRuleId() once they arrived).
    const lk::rules::ReviewSelection &selection() const { return m_selection; }
    /// Who decides: $USER unless the reviewer field was changed (kept in the settings).
    QString reviewer() const;
    /// Whether `command` (approve, reject or defer) may be applied to the current rule now: its
    /// status takes it (lk::rules::allowedCommands) and nobody else holds it.
    bool canDecide(lk::rules::RuleCommand command = lk::rules::RuleCommand::Approve) const;
    /// How often the monitor checks the database (tests use a short interval).
    void setRefreshInterval(int milliseconds);

    /// Moves the current row by `delta` (j/k).
    void moveBy(int delta);
    /// Approves the current rule, or the selected ones after a confirmation (a).
    void approve();
    /// Opens the edit dialog; approves with the edits when accepted (e).
    void editAndApprove();
    /// Asks the reason, then rejects the current or selected rules (r).
    void reject();
    /// Defers the current rule, or the selected ones after a confirmation (d).
    void defer();
    /// Takes back this reviewer's last decision (u).
    void undo();
    /// Shows the keys (?).
    void showKeys();

Q_SIGNALS:
    /// New rows are on screen.
    void snapshotShown();
    /// The details of `ruleId` are on screen.
    void selectionShown(const QString &ruleId);
    /// A decision, undo or bulk decision was carried out (`ok`) or refused; `message` as shown.
    void actionShown(bool ok, const QString &message);

public:
    QWidget *focusTarget() const override;

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void applyFilter();
    void showSnapshot(const lk::rules::ReviewSnapshot &snapshot);
    void showSelection(const lk::rules::ReviewSelection &selection);
    void onAction(const lk::rules::ReviewAction &action);
    void onCurrentChanged();
    void selectCurrentNow();
    void updateActions();
    void showMessage(const QString &text, bool error);
    void decideCurrent(lk::rules::Decision decision, const QString &reason, const lk::rules::RuleEdit &edit = {});
    void startBulk(lk::rules::Decision decision);
    QStringList selectedRuleIds() const;
    void setReviewer(const QString &name);

    lk::WorkspaceSession *m_session = nullptr;
    lk::rules::ReviewMonitor *m_monitor = nullptr;
    ReviewRulesModel *m_model = nullptr;
    QString m_sessionId; ///< this console's id: whose reservation counts as its own
    quint64 m_query = 0; ///< the generation of the filter on screen
    lk::rules::ReviewSnapshot m_snapshot;
    lk::rules::ReviewSelection m_selection;
    QString m_currentId; ///< the rule the monitor was told is selected
    int m_lastRow = -1; ///< where it was, to stay there when a decision takes it off the list
    QString m_reselect; ///< a rule to make current when it appears (after an undo)
    bool m_restoring = false;
    bool m_busy = false; ///< a decision is on its way: no second one on the same rule

    struct PendingBulk
    {
        QStringList ids;
        lk::rules::Decision decision = lk::rules::Decision::Approve;
        QString reason;
    };
    std::optional<PendingBulk> m_bulk;

    QComboBox *m_status = nullptr;
    QComboBox *m_priority = nullptr;
    QComboBox *m_agent = nullptr;
    QDoubleSpinBox *m_minConfidence = nullptr;
    QDoubleSpinBox *m_maxConfidence = nullptr;
    QCheckBox *m_conflicts = nullptr;
    QLineEdit *m_search = nullptr;
    QLineEdit *m_reviewer = nullptr;
    QTimer *m_searchTimer = nullptr;
    QTimer *m_selectTimer = nullptr;
    QTimer *m_renewTimer = nullptr;
    QLabel *m_summary = nullptr;
    QLabel *m_message = nullptr;
    QTableView *m_table = nullptr;
    QLabel *m_reservation = nullptr;
    QTextBrowser *m_details = nullptr;
    QPushButton *m_approveButton = nullptr;
    QPushButton *m_editButton = nullptr;
    QPushButton *m_rejectButton = nullptr;
    QPushButton *m_deferButton = nullptr;
    QPushButton *m_undoButton = nullptr;
    QPushButton *m_keysButton = nullptr;
};

} // namespace lk::ui
