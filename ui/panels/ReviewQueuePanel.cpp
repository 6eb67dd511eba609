#include "ui/panels/ReviewQueuePanel.h"
#include "ui/panels/FleetText.h"
#include "ui/panels/LiveTableModel.h"

#include "core/rules/ScopeGuard.h"
#include "core/workspace/Workspace.h"
#include "core/workspace/WorkspaceSession.h"

#include <QAbstractButton>
#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QShortcut>
#include <QSplitter>
#include <QTableView>
#include <QTextBrowser>
#include <QTimer>
#include <QUuid>
#include <QVBoxLayout>

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
using lk::rules::RuleCommand;
using lk::rules::RuleStatus;

namespace {

/// Reservations last this long and are renewed well before they run out, so that a reviewer
/// who walks away holds a rule for two minutes at most.
constexpr int kReserveTtlSeconds = 120;
constexpr int kRenewMs = 45 * 1000;
/// Typing in the search field asks the database once the typing pauses.
constexpr int kSearchDebounceMs = 250;
/// Holding j down moves through many rules; only the one it stops on is reserved.
constexpr int kSelectDelayMs = 40;

QString esc(const QString &text)
{
    return text.toHtmlEscaped();
}

} // namespace

namespace {

QPushButton *button(const QString &text, const char *name, const QString &accessible, const QString &tip, QWidget *parent)
{
    auto *b = new QPushButton(text, parent);
    b->setObjectName(QString::fromLatin1(name));
    b->setAccessibleName(accessible);
    b->setToolTip(tip);
    return b;
}

QLabel *caption(const QString &text, QWidget *buddy, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setBuddy(buddy);
    return label;
}

} // namespace

ReviewQueuePanel::ReviewQueuePanel(lk::WorkspaceSession *session, QWidget *parent)
    : Panel(QStringLiteral("reviewQueuePanel"), parent)
    , m_session(session)
    , m_monitor(new lk::rules::ReviewMonitor(this))
    , m_model(new ReviewRulesModel(this))
    , m_sessionId(QStringLiteral("console-%1").arg(QUuid::createUuid().toString(QUuid::WithoutBraces).left(8)))
{
    setEmptyState({
        tr("No proposed memory rules"),
        tr("Memory rules mined from audit summaries will wait here for a decision: approve (A), edit then "
           "approve (E), reject with a reason (R) or defer (D). Only approved rules are written to the "
           "workspace's context/memory/ folder."),
        tr("Proposals come from batches of audit summaries, mined with loopkeeper-cli rules mine --audit "
           "FILE."),
        true,
    });

    auto *content = new QWidget(this);
    content->setObjectName(QStringLiteral("reviewQueueContent"));

    // Filter bar.
    m_status = new QComboBox(content);
    m_status->setObjectName(QStringLiteral("reviewStatusFilter"));
    m_status->setAccessibleName(tr("Status filter"));
    const auto names = [](std::initializer_list<RuleStatus> statuses) {
        QStringList out;
        for (RuleStatus s : statuses)
            out.append(nameOf(s));
        return out;
    };
    m_status->addItem(tr("Open (proposed or deferred)"), names({RuleStatus::Proposed, RuleStatus::Deferred}));
    m_status->addItem(tr("Proposed"), names({RuleStatus::Proposed}));
    m_status->addItem(tr("Deferred"), names({RuleStatus::Deferred}));
    m_status->addItem(tr("Approved"), names({RuleStatus::Approved, RuleStatus::EditedAndApproved}));
    m_status->addItem(tr("Rejected"), names({RuleStatus::Rejected}));
    m_status->addItem(tr("Retired"), names({RuleStatus::Retired}));
    m_status->addItem(tr("All"), QStringList{});
    m_priority = new QComboBox(content);
    m_priority->setObjectName(QStringLiteral("reviewPriorityFilter"));
    m_priority->setAccessibleName(tr("Priority filter"));
    m_priority->addItem(tr("Any priority"), QString());
    for (const QString &p : {QStringLiteral("high"), QStringLiteral("medium"), QStringLiteral("low")})
        m_priority->addItem(ReviewRulesModel::priorityText(p), p);
    m_agent = new QComboBox(content);
    m_agent->setObjectName(QStringLiteral("reviewAgentFilter"));
    m_agent->setAccessibleName(tr("Target agent filter"));
    m_agent->addItem(tr("Any agent"), QString());
    for (const QString &a : lk::rules::allowedTargetAgents())
        m_agent->addItem(a, a);
    m_minConfidence = new QDoubleSpinBox(content);
    m_minConfidence->setObjectName(QStringLiteral("reviewMinConfidence"));
    m_minConfidence->setAccessibleName(tr("Minimum confidence"));
    m_maxConfidence = new QDoubleSpinBox(content);
    m_maxConfidence->setObjectName(QStringLiteral("reviewMaxConfidence"));
    m_maxConfidence->setAccessibleName(tr("Maximum confidence"));
    for (QDoubleSpinBox *s : {m_minConfidence, m_maxConfidence}) {
        s->setRange(0, 1);
        s->setSingleStep(0.05);
        s->setDecimals(2);
        s->setKeyboardTracking(false); // typing "0.75" asks once, not for 0, 0.7 and 0.75
    }
    m_maxConfidence->setValue(1);
    m_conflicts = new QCheckBox(tr("&Conflicts only"), content);
    m_conflicts->setObjectName(QStringLiteral("reviewConflictsOnly"));
    m_conflicts->setAccessibleName(tr("Conflicts only"));
    m_search = new QLineEdit(content);
    m_search->setObjectName(QStringLiteral("reviewSearch"));
    m_search->setAccessibleName(tr("Search rules"));
    m_search->setPlaceholderText(tr("Search rule id, trigger or instruction"));
    m_reviewer = new QLineEdit(content);
    m_reviewer->setObjectName(QStringLiteral("reviewerEdit"));
    m_reviewer->setAccessibleName(tr("Reviewer"));
    m_reviewer->setToolTip(tr("Your name as it is recorded with every decision"));

    QString savedReviewer = QSettings().value(QStringLiteral("review/reviewer")).toString();
    if (savedReviewer.isEmpty())
        savedReviewer = qEnvironmentVariable("USER", qEnvironmentVariable("USERNAME", QStringLiteral("operator")));
    m_reviewer->setText(savedReviewer);

    auto *filters = new QHBoxLayout;
    filters->addWidget(caption(tr("&Status:"), m_status, content));
    filters->addWidget(m_status);
    filters->addWidget(caption(tr("&Priority:"), m_priority, content));
    filters->addWidget(m_priority);
    filters->addWidget(caption(tr("A&gent:"), m_agent, content));
    filters->addWidget(m_agent);
    filters->addWidget(caption(tr("Con&fidence:"), m_minConfidence, content));
    filters->addWidget(m_minConfidence);
    filters->addWidget(new QLabel(QStringLiteral("–"), content));
    filters->addWidget(m_maxConfidence);
    filters->addWidget(m_conflicts);
    filters->addStretch(1);
    // The search and the reviewer on a row of their own: at the first-start size the filters
    // would otherwise squeeze the search field to a few letters.
    auto *searchRow = new QHBoxLayout;
    searchRow->addWidget(caption(tr("Searc&h:"), m_search, content));
    searchRow->addWidget(m_search, 1);
    searchRow->addWidget(caption(tr("Re&viewer:"), m_reviewer, content));
    searchRow->addWidget(m_reviewer);

    m_summary = new QLabel(content);
    m_summary->setObjectName(QStringLiteral("reviewSummaryLabel"));
    m_summary->setWordWrap(true);
    m_message = new QLabel(content);
    m_message->setObjectName(QStringLiteral("reviewMessageLabel"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->hide();

    // The table: fixed row heights and no size-to-contents, so that 10,000 rows cost only
    // the rows on screen.
    m_table = new QTableView(content);
    m_table->setObjectName(QStringLiteral("reviewRulesTable"));
    m_table->setAccessibleName(tr("Memory rules"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->setSortingEnabled(true);
    m_table->setCornerButtonEnabled(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_table->horizontalHeader()->setSortIndicator(ReviewRulesModel::Priority, Qt::DescendingOrder);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    const int em = m_table->fontMetrics().horizontalAdvance(QLatin1Char('M'));
    const int widths[] = {11, 8, 5, 9, 5, 5, 5, 6};
    for (int c = 0; c < int(std::size(widths)); ++c)
        m_table->setColumnWidth(c, widths[c] * em);
    m_table->horizontalHeader()->setObjectName(QStringLiteral("reviewRulesTableHeader"));
    m_table->horizontalHeader()->setAccessibleName(tr("Memory rules columns"));
    m_table->verticalHeader()->setObjectName(QStringLiteral("reviewRulesTableRowHeader"));
    m_table->verticalHeader()->setAccessibleName(tr("Memory rules rows"));
    for (QAbstractButton *corner : m_table->findChildren<QAbstractButton *>()) {
        corner->setObjectName(QStringLiteral("reviewRulesTableCorner"));
        corner->setAccessibleName(tr("Memory rules"));
    }
    // Every column fitted to its header and its first rows (the trigger too: the table scrolls
    // sideways rather than cut it), from the start.
    m_table->horizontalHeader()->setStretchLastSection(false);
    fitColumns(m_table);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        &ReviewQueuePanel::onCurrentChanged);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &ReviewQueuePanel::updateActions);

    // The selected rule.
    auto *right = new QWidget(content);
    m_reservation = new QLabel(right);
    m_reservation->setObjectName(QStringLiteral("reviewReservationLabel"));
    m_reservation->setWordWrap(true);
    m_details = new QTextBrowser(right);
    m_details->setObjectName(QStringLiteral("reviewRuleDetails"));
    m_details->setAccessibleName(tr("Selected rule: text, evidence, similar rules and history"));
    m_details->setOpenLinks(false);
    m_approveButton = button(tr("&Approve"), "reviewApproveButton", tr("Approve"),
        tr("Approve the rule (A); with several rules selected, all of them after a confirmation"), right);
    m_editButton = button(tr("&Edit…"), "reviewEditButton", tr("Edit and approve"),
        tr("Edit the rule's text, then approve it (E)"), right);
    m_rejectButton = button(tr("&Reject…"), "reviewRejectButton", tr("Reject"),
        tr("Reject the rule with a reason (R)"), right);
    m_deferButton = button(tr("&Defer"), "reviewDeferButton", tr("Defer"), tr("Decide later (D)"), right);
    m_undoButton = button(tr("&Undo"), "reviewUndoButton", tr("Undo"), tr("Take back your last decision (U)"), right);
    m_keysButton = button(tr("&Keys…"), "reviewKeysButton", tr("Keys"), tr("Show the keys (?)"), right);
    connect(m_approveButton, &QPushButton::clicked, this, &ReviewQueuePanel::approve);
    connect(m_editButton, &QPushButton::clicked, this, &ReviewQueuePanel::editAndApprove);
    connect(m_rejectButton, &QPushButton::clicked, this, &ReviewQueuePanel::reject);
    connect(m_deferButton, &QPushButton::clicked, this, &ReviewQueuePanel::defer);
    connect(m_undoButton, &QPushButton::clicked, this, &ReviewQueuePanel::undo);
    connect(m_keysButton, &QPushButton::clicked, this, &ReviewQueuePanel::showKeys);
    auto *buttons = new QHBoxLayout;
    for (QPushButton *b : {m_approveButton, m_editButton, m_rejectButton, m_deferButton, m_undoButton, m_keysButton})
        buttons->addWidget(b);
    buttons->addStretch(1);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(m_reservation);
    rightLayout->addWidget(m_details, 1);
    rightLayout->addLayout(buttons);

    auto *splitter = new QSplitter(Qt::Horizontal, content);
    splitter->setObjectName(QStringLiteral("reviewSplitter"));
    splitter->addWidget(m_table);
    splitter->addWidget(right);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setSizes({3000, 2000}); // the queue first: three fifths of the width

    auto *layout = new QVBoxLayout(content);
    layout->addLayout(filters);
    layout->addLayout(searchRow);
    layout->addWidget(m_summary);
    layout->addWidget(m_message);
    layout->addWidget(splitter, 1);
    setContent(content);

    // Keys: active while the focus is anywhere in the panel; a text field keeps its letters
    // (QLineEdit claims them through ShortcutOverride).
    const auto key = [this, content](const QKeySequence &seq, const char *name, void (ReviewQueuePanel::*slot)()) {
        auto *s = new QShortcut(seq, content);
        s->setObjectName(QString::fromLatin1(name));
        s->setContext(Qt::WidgetWithChildrenShortcut);
        connect(s, &QShortcut::activated, this, slot);
    };
    auto *next = new QShortcut(QKeySequence(Qt::Key_J), content);
    next->setObjectName(QStringLiteral("reviewNextShortcut"));
    next->setContext(Qt::WidgetWithChildrenShortcut);
    connect(next, &QShortcut::activated, this, [this] { moveBy(1); });
    auto *previous = new QShortcut(QKeySequence(Qt::Key_K), content);
    previous->setObjectName(QStringLiteral("reviewPreviousShortcut"));
    previous->setContext(Qt::WidgetWithChildrenShortcut);
    connect(previous, &QShortcut::activated, this, [this] { moveBy(-1); });
    key(QKeySequence(Qt::Key_A), "reviewApproveShortcut", &ReviewQueuePanel::approve);
    key(QKeySequence(Qt::Key_E), "reviewEditShortcut", &ReviewQueuePanel::editAndApprove);
    key(QKeySequence(Qt::Key_R), "reviewRejectShortcut", &ReviewQueuePanel::reject);
    key(QKeySequence(Qt::Key_D), "reviewDeferShortcut", &ReviewQueuePanel::defer);
    key(QKeySequence(Qt::Key_U), "reviewUndoShortcut", &ReviewQueuePanel::undo);
    key(QKeySequence(Qt::Key_Question), "reviewKeysShortcut", &ReviewQueuePanel::showKeys);
    key(QKeySequence(Qt::SHIFT | Qt::Key_Question), "reviewKeysShiftShortcut", &ReviewQueuePanel::showKeys);

    // Filters: lists and boxes apply at once, the search field once the typing pauses.
    m_searchTimer = new QTimer(this);
    m_searchTimer->setSingleShot(true);
    m_searchTimer->setInterval(kSearchDebounceMs);
    connect(m_searchTimer, &QTimer::timeout, this, &ReviewQueuePanel::applyFilter);
    connect(m_search, &QLineEdit::textChanged, m_searchTimer, qOverload<>(&QTimer::start));
    for (QComboBox *c : {m_status, m_priority, m_agent})
        connect(c, &QComboBox::currentIndexChanged, this, &ReviewQueuePanel::applyFilter);
    for (QDoubleSpinBox *s : {m_minConfidence, m_maxConfidence})
        connect(s, &QDoubleSpinBox::valueChanged, this, &ReviewQueuePanel::applyFilter);
    connect(m_conflicts, &QCheckBox::toggled, this, &ReviewQueuePanel::applyFilter);
    connect(m_reviewer, &QLineEdit::editingFinished, this, [this] { setReviewer(m_reviewer->text()); });

    m_selectTimer = new QTimer(this);
    m_selectTimer->setSingleShot(true);
    m_selectTimer->setInterval(kSelectDelayMs);
    connect(m_selectTimer, &QTimer::timeout, this, &ReviewQueuePanel::selectCurrentNow);
    m_renewTimer = new QTimer(this);
    m_renewTimer->setInterval(kRenewMs);
    // Renewing also retries a rule someone else held: their reservation may have expired.
    connect(m_renewTimer, &QTimer::timeout, this, [this] {
        if (!m_currentId.isEmpty())
            m_monitor->select(m_currentId, kReserveTtlSeconds);
    });

    connect(m_monitor, &lk::rules::ReviewMonitor::snapshotChanged, this, &ReviewQueuePanel::showSnapshot);
    connect(m_monitor, &lk::rules::ReviewMonitor::selectionLoaded, this, &ReviewQueuePanel::showSelection);
    connect(m_monitor, &lk::rules::ReviewMonitor::actionDone, this, &ReviewQueuePanel::onAction);
    connect(m_monitor, &lk::rules::ReviewMonitor::failed, this, [this](const QString &message) {
        showMessage(tr("Cannot read the review queue: %1").arg(message), true);
    });
    m_monitor->setReviewer(reviewer(), m_sessionId);
    watch(m_monitor);
    applyFilter();
    updateActions();
}

QString ReviewQueuePanel::title() const
{
    return tr("Review queue");
}

void ReviewQueuePanel::setWorkspace(const lk::WorkspaceInfo *info)
{
    setWorkspaceNote(info ? tr("Approved rules are written to %1")
                                .arg(QDir(info->root).filePath(QStringLiteral("context/memory")))
                          : QString());
    m_currentId.clear();
    m_selection = ReviewSelection();
    m_busy = false;
    m_bulk.reset();
    m_model->setRows({});
    m_monitor->setWorkspace(info && m_session ? m_session->workspace() : std::nullopt);
    setEmptyStateVisible(true);
    updateActions();
}

QString ReviewQueuePanel::reviewer() const
{
    return m_reviewer->text().trimmed();
}

void ReviewQueuePanel::setReviewer(const QString &name)
{
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty())
        return;
    QSettings().setValue(QStringLiteral("review/reviewer"), trimmed);
    m_monitor->setReviewer(trimmed, m_sessionId);
    if (!m_currentId.isEmpty())
        m_monitor->select(m_currentId, kReserveTtlSeconds); // reserved under the new name
}

void ReviewQueuePanel::setRefreshInterval(int milliseconds)
{
    m_monitor->setInterval(milliseconds);
}

QWidget *ReviewQueuePanel::focusTarget() const
{
    return m_table; // j/k, a, e, r, d, u act on the table's rows
}

void ReviewQueuePanel::showEvent(QShowEvent *event)
{
    Panel::showEvent(event);
    if (!m_currentId.isEmpty()) {
        m_monitor->select(m_currentId, kReserveTtlSeconds);
        m_renewTimer->start();
    }
}

void ReviewQueuePanel::hideEvent(QHideEvent *event)
{
    // A reviewer who switched to another panel is no longer looking at the rule.
    m_renewTimer->stop();
    if (!m_currentId.isEmpty())
        m_monitor->select(QString(), kReserveTtlSeconds);
    Panel::hideEvent(event);
}

void ReviewQueuePanel::applyFilter()
{
    RuleFilter f;
    f.statuses = m_status->currentData().toStringList();
    f.priority = m_priority->currentData().toString();
    f.targetAgent = m_agent->currentData().toString();
    if (m_minConfidence->value() > 0)
        f.minConfidence = m_minConfidence->value();
    if (m_maxConfidence->value() < 1)
        f.maxConfidence = m_maxConfidence->value();
    f.conflictsOnly = m_conflicts->isChecked();
    f.search = m_search->text().trimmed();
    m_searchTimer->stop();
    m_query = m_monitor->setQuery(f, {});
}

QString ReviewQueuePanel::currentRuleId() const
{
    const RuleRow *r = m_model->rowAt(m_table->currentIndex().row());
    return r ? r->ruleId : QString();
}

void ReviewQueuePanel::showSnapshot(const ReviewSnapshot &snapshot)
{
    // An answer to a filter that has been changed since would only flicker.
    if (snapshot.query < m_query && snapshot.hasWorkspace)
        return;
    m_snapshot.hasWorkspace = snapshot.hasWorkspace;
    m_snapshot.totalRules = snapshot.totalRules;
    m_snapshot.counts = snapshot.counts;
    m_snapshot.readAt = snapshot.readAt;
    const qint64 pending = snapshot.counts.value(nameOf(RuleStatus::Proposed)).toInteger();
    setLiveState(pending > 0 ? tr("%n pending", nullptr, int(pending)) : QString(), pending > 0 ? 1 : 0);
    setEmptyStateVisible(!snapshot.hasWorkspace || snapshot.totalRules == 0);
    if (snapshot.hasWorkspace && m_message->property("readError").toBool())
        m_message->hide();

    // Keep what the reviewer looks at: the current rule, or the row where it was when a
    // decision took it off this filter, and the other selected rules.
    const QString current = m_reselect.isEmpty() ? m_currentId : m_reselect;
    // Another rule becoming current (after an undo) ends a multi-selection it was not part of.
    QStringList selected = selectedRuleIds();
    if (!selected.contains(current))
        selected.clear();
    m_restoring = true;
    const int rowsBefore = m_model->rowCount();
    m_model->setRows(snapshot.rows);
    if (m_model->rowCount() != rowsBefore)
        fitColumns(m_table); // headers and ids whole, measured on the first rows only
    int row = m_model->rowOf(current);
    if (row >= 0)
        m_reselect.clear();
    if (row < 0 && m_lastRow >= 0 && m_model->rowCount() > 0)
        row = std::min(m_lastRow, m_model->rowCount() - 1);
    if (row < 0 && m_model->rowCount() > 0 && current.isEmpty())
        row = 0;
    QItemSelection keep;
    for (const QString &id : selected) {
        const int r = m_model->rowOf(id);
        if (r >= 0)
            keep.select(m_model->index(r, 0), m_model->index(r, ReviewRulesModel::ColumnCount - 1));
    }
    if (row >= 0) {
        const QModelIndex idx = m_model->index(row, 0);
        m_table->selectionModel()->setCurrentIndex(idx, QItemSelectionModel::NoUpdate);
        if (keep.isEmpty() || !keep.contains(idx))
            keep.select(idx, m_model->index(row, ReviewRulesModel::ColumnCount - 1));
        m_table->selectionModel()->select(keep, QItemSelectionModel::ClearAndSelect);
    }
    m_restoring = false;
    onCurrentChanged();

    QStringList parts;
    for (RuleStatus s : lk::rules::allRuleStatuses()) {
        const qint64 n = snapshot.counts.value(nameOf(s)).toInteger();
        if (n > 0)
            parts.append(tr("%1 %2").arg(n).arg(ReviewRulesModel::statusText(s).toLower()));
    }
    m_summary->setText(snapshot.rows.empty() && snapshot.totalRules > 0
            ? tr("No rule matches the filter (%1 rules in the queue: %2).")
                  .arg(snapshot.totalRules)
                  .arg(parts.join(QStringLiteral(", ")))
            : tr("Showing %1 of %2 rules (%3).")
                  .arg(qint64(snapshot.rows.size()))
                  .arg(snapshot.totalRules)
                  .arg(parts.join(QStringLiteral(", "))));
    updateActions();
    Q_EMIT snapshotShown();
}

void ReviewQueuePanel::onCurrentChanged()
{
    if (m_restoring)
        return;
    const QString id = currentRuleId();
    m_lastRow = m_table->currentIndex().row();
    if (id == m_currentId)
        return;
    m_currentId = id;
    m_busy = false;
    m_selection = ReviewSelection(); // the details of the rule left behind say nothing of this one
    updateActions();
    m_selectTimer->start();
}

void ReviewQueuePanel::selectCurrentNow()
{
    m_monitor->select(m_currentId, kReserveTtlSeconds);
    m_currentId.isEmpty() ? m_renewTimer->stop() : m_renewTimer->start();
    if (m_currentId.isEmpty()) {
        m_selection = ReviewSelection();
        m_details->clear();
        m_reservation->clear();
    }
}

void ReviewQueuePanel::showSelection(const ReviewSelection &selection)
{
    if (selection.ruleId != m_currentId)
        return; // the reviewer has moved on
    m_selection = selection;
    if (!selection.ok) {
        m_details->setPlainText(selection.error);
        m_reservation->clear();
        updateActions();
        Q_EMIT selectionShown(selection.ruleId);
        return;
    }
    const lk::rules::RuleDetail &d = selection.detail;
    const lk::rules::ProposedRule &r = d.rule;
    const QLocale locale;
    QString html;
    html += QStringLiteral("<h3>%1</h3>").arg(esc(r.ruleId));
    html += QStringLiteral("<p>%1</p>")
                .arg(tr("%1 · priority %2 · for %3 · confidence %4")
                         .arg(esc(ReviewRulesModel::statusText(d.row.status)),
                             esc(ReviewRulesModel::priorityText(r.priority)), esc(r.targetAgent),
                             locale.toString(r.confidence, 'f', 2)));
    html += QStringLiteral("<p><b>%1</b><br>%2</p>").arg(tr("When"), esc(r.triggerCondition));
    html += QStringLiteral("<p><b>%1</b><br>%2</p>").arg(tr("Instruction"), esc(r.instruction));
    html += QStringLiteral("<p><b>%1</b><br>%2</p>").arg(tr("Rationale"), esc(r.rationale));
    if (d.proposed.instruction != r.instruction || d.proposed.triggerCondition != r.triggerCondition)
        html += QStringLiteral("<p><i>%1</i><br>%2<br>%3</p>")
                    .arg(tr("As proposed"), esc(d.proposed.triggerCondition), esc(d.proposed.instruction));

    const lk::rules::Evidence &e = r.evidence;
    html += QStringLiteral("<h4>%1</h4><ul>").arg(tr("Evidence"));
    html += QStringLiteral("<li>%1</li>").arg(tr("%1 occurrences in %2 runs").arg(e.occurrences).arg(e.runs));
    if (!e.runIds.isEmpty())
        html += QStringLiteral("<li>%1</li>").arg(tr("Runs: %1").arg(esc(e.runIds.join(QStringLiteral(", ")))));
    if (!e.batchIds.isEmpty())
        html += QStringLiteral("<li>%1</li>").arg(tr("Batches: %1").arg(esc(e.batchIds.join(QStringLiteral(", ")))));
    html += QStringLiteral("<li>%1</li>")
                .arg(tr("Wasted: %1 retries, %2 s, cost %3; %4 failed outcomes")
                         .arg(e.impact.wastedRetries)
                         .arg(locale.toString(e.impact.wastedMs / 1000.0, 'f', 1))
                         .arg(locale.toString(e.impact.wastedCost, 'f', 2))
                         .arg(e.impact.failedOutcomes));
    html += QStringLiteral("</ul>");
    html += FleetText::fieldsHtml(e.details); // the pattern's own figures, field by field

    if (!d.conflictsWith.isEmpty())
        html += QStringLiteral("<p><b>%1</b> %2<br>%3</p>")
                    .arg(tr("Conflicts with:"), esc(d.conflictsWith.join(QStringLiteral(", "))), esc(d.conflictReason));
    html += QStringLiteral("<h4>%1</h4>").arg(tr("Similar and conflicting rules"));
    if (selection.similar.empty()) {
        html += QStringLiteral("<p>%1</p>").arg(tr("None."));
    } else {
        html += QStringLiteral("<ul>");
        for (const RuleRow &s : selection.similar)
            html += QStringLiteral("<li>%1%2 — %3, %4: %5</li>")
                        .arg(esc(s.ruleId),
                            d.conflictsWith.contains(s.ruleId) ? QStringLiteral(" <b>%1</b>").arg(tr("(conflict)"))
                                                               : QString(),
                            esc(ReviewRulesModel::statusText(s.status)), esc(s.targetAgent),
                            esc(s.instruction));
        html += QStringLiteral("</ul>");
    }
    html += QStringLiteral("<h4>%1</h4>").arg(tr("Decisions"));
    if (selection.history.empty()) {
        html += QStringLiteral("<p>%1</p>").arg(tr("None yet."));
    } else {
        html += QStringLiteral("<ul>");
        for (const DecisionRecord &h : selection.history)
            html += QStringLiteral("<li>%1</li>")
                        .arg(esc(tr("%1: %2 by %3%4%5")
                                     .arg(h.decidedAt, h.decision, h.reviewer,
                                         h.reason.isEmpty() ? QString() : tr(" (%1)").arg(h.reason),
                                         h.undone ? tr(", undone") : QString())));
        html += QStringLiteral("</ul>");
    }
    if (!d.memoryFile.isEmpty())
        html += QStringLiteral("<p>%1</p>").arg(tr("Memory file: %1").arg(esc(d.memoryFile)));
    m_details->setHtml(html);

    if (d.reservation && !selection.reservedByMe)
        m_reservation->setText(tr("Reserved by %1 until %2: you cannot decide it now.")
                                   .arg(d.reservation->reviewer,
                                       locale.toString(d.reservation->expiresAt.toLocalTime(), QLocale::ShortFormat)));
    else if (selection.reservedByMe)
        m_reservation->setText(tr("Reserved for you until %1.")
                                   .arg(locale.toString(d.reservation->expiresAt.toLocalTime(), QLocale::ShortFormat)));
    else if (!isOpen(d.row.status))
        m_reservation->setText(d.decidedBy.isEmpty()
                ? tr("Decided.")
                : tr("Decided by %1 at %2.").arg(d.decidedBy, d.decidedAt));
    else
        m_reservation->clear();
    updateActions();
    Q_EMIT selectionShown(selection.ruleId);
}

bool ReviewQueuePanel::canDecide(RuleCommand command) const
{
    const RuleRow *r = m_model->rowAt(m_table->currentIndex().row());
    if (!r || m_busy || !allows(r->status, command) || reviewer().isEmpty())
        return false;
    // Someone else's reservation blocks deciding; the engine would refuse it anyway.
    if (m_selection.ruleId == r->ruleId && m_selection.ok) {
        if (!allows(m_selection.detail.row.status, command))
            return false;
        if (m_selection.detail.reservation && !m_selection.reservedByMe)
            return false;
    }
    return true;
}

void ReviewQueuePanel::updateActions()
{
    const bool many = selectedRuleIds().size() > 1;
    // One rule: the buttons its status takes (proposed: all three; deferred: not defer). Several:
    // the bulk preview says which of them cannot be decided, and why.
    const bool approve = canDecide(RuleCommand::Approve);
    m_approveButton->setEnabled(many || approve);
    m_rejectButton->setEnabled(many || canDecide(RuleCommand::Reject));
    m_deferButton->setEnabled(many || canDecide(RuleCommand::Defer));
    m_editButton->setEnabled(!many && approve && m_selection.ok && m_selection.ruleId == currentRuleId());
    m_approveButton->setText(many ? tr("&Approve %n…", "", int(selectedRuleIds().size())) : tr("&Approve"));
    m_rejectButton->setText(many ? tr("&Reject %n…", "", int(selectedRuleIds().size())) : tr("&Reject…"));
    m_deferButton->setText(many ? tr("&Defer %n…", "", int(selectedRuleIds().size())) : tr("&Defer"));
    m_undoButton->setEnabled(m_snapshot.hasWorkspace && !reviewer().isEmpty());
}

void ReviewQueuePanel::showMessage(const QString &text, bool error)
{
    m_message->setText(text);
    m_message->setProperty("readError", false);
    m_message->setStyleSheet(error
            ? QStringLiteral("QLabel { background: #c0392b; color: white; padding: 4px 8px; border-radius: 4px; }")
            : QStringLiteral("QLabel { padding: 4px 8px; }"));
    m_message->setVisible(!text.isEmpty());
}

QStringList ReviewQueuePanel::selectedRuleIds() const
{
    QStringList ids;
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    ids.reserve(rows.size());
    for (const QModelIndex &i : rows)
        if (const RuleRow *r = m_model->rowAt(i.row()))
            ids.append(r->ruleId);
    return ids;
}

void ReviewQueuePanel::moveBy(int delta)
{
    const int rows = m_model->rowCount();
    if (rows == 0)
        return;
    const int current = m_table->currentIndex().row();
    const int row = std::clamp(current < 0 ? 0 : current + delta, 0, rows - 1);
    const QModelIndex idx = m_model->index(row, 0);
    m_table->selectionModel()->setCurrentIndex(
        idx, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_table->scrollTo(idx);
}

void ReviewQueuePanel::showKeys()
{
    QMessageBox box(QMessageBox::Information, tr("Review queue keys"),
        tr("<table>"
           "<tr><td><b>J</b> / <b>↓</b></td><td>next rule</td></tr>"
           "<tr><td><b>K</b> / <b>↑</b></td><td>previous rule</td></tr>"
           "<tr><td><b>A</b></td><td>approve (several selected: all of them, after a confirmation)</td></tr>"
           "<tr><td><b>E</b></td><td>edit, then approve</td></tr>"
           "<tr><td><b>R</b></td><td>reject (asks the reason)</td></tr>"
           "<tr><td><b>D</b></td><td>defer</td></tr>"
           "<tr><td><b>U</b></td><td>undo your last decision</td></tr>"
           "<tr><td><b>Shift/Ctrl + click</b></td><td>select several rules</td></tr>"
           "<tr><td><b>?</b></td><td>this help</td></tr>"
           "</table>"),
        QMessageBox::Close, this);
    box.setObjectName(QStringLiteral("reviewKeysDialog"));
    box.setTextFormat(Qt::RichText);
    box.exec();
}

} // namespace lk::ui
