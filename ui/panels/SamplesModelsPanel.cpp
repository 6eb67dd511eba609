#include "ui/panels/SamplesModelsPanel.h"
#include "ui/panels/LiveTableModel.h"

#include "ui/panels/LoopText.h"

#include "core/workspace/Workspace.h"
#include "core/workspace/WorkspaceSession.h"

#include <QAbstractButton>
#include <QAction>
#include <QDir>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalBlocker>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTextBrowser>
#include <QTreeWidget>
#include <QTreeWidgetItemIterator>
#include <QVBoxLayout>

#include <algorithm>
#include <climits>
#include <cmath>

namespace lk::ui {

using lk::loop::GateDecisionRecord;
using lk::loop::JobCommand;
using lk::loop::JobEntry;
using lk::loop::JobStatus;
using lk::loop::LoopSnapshot;
using lk::loop::RegistryEntry;

namespace {

constexpr int kRefreshMs = 2000; // "live": a new sample shows within two seconds

QTableView *table(QWidget *parent, const char *name, const QString &accessible, const QStringList &headers,
    const QSet<int> &numbers = {})
{
    return liveTable(parent, QString::fromLatin1(name), accessible, headers, numbers);
}

/// Rows of a two-column count table (a name and its count).
std::vector<LiveRow> countRows(const QList<std::pair<QString, qint64>> &counts)
{
    std::vector<LiveRow> rows;
    rows.reserve(size_t(counts.size()));
    for (const auto &[name, count] : counts)
        rows.push_back({name, {name, QLocale().toString(count)}});
    return rows;
}

/// A caption whose mnemonic moves the focus to `buddy`.
QLabel *caption(const QString &text, QWidget *buddy, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setBuddy(buddy);
    return label;
}

} // namespace

SamplesModelsPanel::SamplesModelsPanel(lk::WorkspaceSession *session, QWidget *parent)
    : Panel(QStringLiteral("samplesModelsPanel"), parent)
    , m_session(session)
    , m_monitor(new lk::loop::LoopMonitor(this))
{
    setEmptyState({
        tr("No samples or models yet"),
        tr("Escalated samples by status, node, class and day, the training trigger's state, training jobs, "
           "and the model registry with its lineage will appear here."),
        tr("Samples arrive through POST /api/samples, JSONL files dropped in the workspace's inbox/ folder, "
           "or loopkeeper-cli samples ingest. Train Now starts a first model from the base data set."),
        true,
    });

    m_trainAction = new QAction(tr("Train &Now…"), this);
    m_trainAction->setObjectName(QStringLiteral("trainNowAction"));
    m_trainAction->setToolTip(tr("Start a training job now, after a confirmation"));
    m_trainAction->setEnabled(false);
    connect(m_trainAction, &QAction::triggered, this, &SamplesModelsPanel::confirmTrainNow);
    setEmptyStateAction(m_trainAction);

    auto *content = new QWidget(this);
    content->setObjectName(QStringLiteral("samplesModelsContent"));

    // Trigger: how close the loop is to training, and why it does or does not train now.
    m_triggerBox = new QGroupBox(tr("Training trigger"), content);
    m_triggerBox->setObjectName(QStringLiteral("triggerBox"));
    m_triggerProgress = new QProgressBar(m_triggerBox);
    m_triggerProgress->setObjectName(QStringLiteral("triggerProgress"));
    m_triggerProgress->setAccessibleName(tr("Progress to the sample threshold"));
    m_triggerState = new QLabel(m_triggerBox);
    m_triggerState->setObjectName(QStringLiteral("triggerStateLabel"));
    m_triggerState->setWordWrap(true);
    m_triggerState->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_schedule = new QLabel(m_triggerBox);
    m_schedule->setObjectName(QStringLiteral("scheduleLabel"));
    m_cooldown = new QLabel(m_triggerBox);
    m_cooldown->setObjectName(QStringLiteral("cooldownLabel"));
    m_cooldown->setWordWrap(true);
    m_trainButton = new QPushButton(m_trainAction->text(), m_triggerBox);
    m_trainButton->setObjectName(QStringLiteral("trainNowButton"));
    m_trainButton->setAccessibleName(tr("Train now"));
    m_trainButton->setEnabled(false);
    connect(m_trainButton, &QPushButton::clicked, m_trainAction, &QAction::trigger);
    auto *triggerLayout = new QVBoxLayout(m_triggerBox);
    triggerLayout->addWidget(m_triggerProgress);
    triggerLayout->addWidget(m_triggerState);
    triggerLayout->addWidget(m_schedule);
    triggerLayout->addWidget(m_cooldown);
    triggerLayout->addWidget(m_trainButton, 0, Qt::AlignLeft);
    triggerLayout->addStretch(1);

    // The job in flight, live when this console runs it.
    m_jobBox = new QGroupBox(tr("Current job"), content);
    m_jobBox->setObjectName(QStringLiteral("currentJobBox"));
    m_jobState = new QLabel(m_jobBox);
    m_jobState->setObjectName(QStringLiteral("currentJobLabel"));
    m_jobState->setWordWrap(true);
    m_jobState->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_jobProgress = new QProgressBar(m_jobBox);
    m_jobProgress->setObjectName(QStringLiteral("jobProgress"));
    m_jobProgress->setAccessibleName(tr("Training job progress"));
    m_jobProgress->hide();
    m_cancelButton = new QPushButton(tr("&Cancel Job"), m_jobBox);
    m_cancelButton->setObjectName(QStringLiteral("cancelJobButton"));
    m_cancelButton->setAccessibleName(tr("Cancel job"));
    m_cancelButton->setEnabled(false);
    connect(m_cancelButton, &QPushButton::clicked, this, &SamplesModelsPanel::cancelJob);
    auto *jobLayout = new QVBoxLayout(m_jobBox);
    jobLayout->addWidget(m_jobState);
    jobLayout->addWidget(m_jobProgress);
    jobLayout->addWidget(m_cancelButton, 0, Qt::AlignLeft);
    jobLayout->addStretch(1);

    m_error = new QLabel(content);
    m_error->setObjectName(QStringLiteral("loopErrorLabel"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral(
        "QLabel { background: #c0392b; color: white; padding: 4px 8px; border-radius: 4px; }"));
    m_error->hide();

    // Samples tab.
    auto *samplesPage = new QWidget(content);
    samplesPage->setObjectName(QStringLiteral("samplesPage"));
    m_samplesSummary = new QLabel(samplesPage);
    m_samplesSummary->setObjectName(QStringLiteral("samplesSummaryLabel"));
    m_samplesSummary->setWordWrap(true);
    m_samplesSummary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_byStatus = table(
        samplesPage, "samplesByStatusTable", tr("Samples by status"), {tr("Status"), tr("Samples")}, {1});
    m_byNode =
        table(samplesPage, "samplesByNodeTable", tr("Samples by node"), {tr("Node"), tr("Samples")}, {1});
    m_byClass = table(samplesPage, "samplesByClassTable", tr("Samples by corrected class"),
        {tr("Class"), tr("Samples")}, {1});
    m_byDay =
        table(samplesPage, "samplesByDayTable", tr("Samples by day"), {tr("Day (UTC)"), tr("Samples")}, {1});
    for (QTableView *t : {m_byStatus, m_byNode, m_byClass, m_byDay}) {
        // The names take the room; the counts keep the width fitted to their digits.
        t->horizontalHeader()->setStretchLastSection(false);
        t->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    }
    auto *counts = new QGridLayout;
    counts->addWidget(caption(tr("By stat&us"), m_byStatus, samplesPage), 0, 0);
    counts->addWidget(caption(tr("By n&ode"), m_byNode, samplesPage), 0, 1);
    counts->addWidget(caption(tr("By cl&ass (corrected label)"), m_byClass, samplesPage), 0, 2);
    counts->addWidget(caption(tr("By &day"), m_byDay, samplesPage), 0, 3);
    counts->addWidget(m_byStatus, 1, 0);
    counts->addWidget(m_byNode, 1, 1);
    counts->addWidget(m_byClass, 1, 2);
    counts->addWidget(m_byDay, 1, 3);
    m_filtered = table(samplesPage, "filteredSamplesTable", tr("Filtered-out corrections"),
        {tr("Sample"), tr("Node"), tr("Time"), tr("Predicted"), tr("Corrected"), tr("Correction confidence"),
            tr("Reason")},
        {5});
    m_filteredSummary = caption(QString(), m_filtered, samplesPage);
    m_filteredSummary->setObjectName(QStringLiteral("filteredSummaryLabel"));
    m_filteredSummary->setWordWrap(true);
    auto *samplesLayout = new QVBoxLayout(samplesPage);
    samplesLayout->addWidget(m_samplesSummary);
    samplesLayout->addLayout(counts, 3);
    samplesLayout->addWidget(m_filteredSummary);
    samplesLayout->addWidget(m_filtered, 2);

    // Jobs tab.
    auto *jobsPage = new QWidget(content);
    jobsPage->setObjectName(QStringLiteral("jobsPage"));
    m_jobs = table(jobsPage, "jobsTable", tr("Training jobs"),
        {tr("Job"), tr("Status"), tr("Reason"), tr("Samples"), tr("Fine-tuned from"), tr("Candidate"),
            tr("Created"), tr("Finished"), tr("Notes")},
        {3});
    auto *jobsLayout = new QVBoxLayout(jobsPage);
    m_jobsCaption = caption(QString(), m_jobs, jobsPage);
    m_jobsCaption->setObjectName(QStringLiteral("jobsCaption"));
    m_jobsCaption->setWordWrap(true);
    jobsLayout->addWidget(m_jobsCaption);
    jobsLayout->addWidget(m_jobs, 1);

    // Models tab: registry table and lineage tree on the left, the selected version on the right.
    auto *modelsPage = new QWidget(content);
    modelsPage->setObjectName(QStringLiteral("modelsPage"));
    m_registry = table(modelsPage, "registryTable", tr("Model registry"),
        {tr("Version"), tr("Status"), tr("Parent"), tr("Test accuracy"), tr("Samples"), tr("Created"),
            tr("SHA-256")},
        {3, 4});
    connect(m_registry->selectionModel(), &QItemSelectionModel::selectionChanged, this,
        &SamplesModelsPanel::onTableSelection);
    m_lineage = new QTreeWidget(modelsPage);
    m_lineage->setObjectName(QStringLiteral("lineageTree"));
    m_lineage->setAccessibleName(tr("Model lineage"));
    m_lineage->setHeaderLabels({tr("Version"), tr("Status"), tr("Test accuracy"), tr("Gate decision")});
    m_lineage->header()->setObjectName(QStringLiteral("lineageTreeHeader"));
    m_lineage->header()->setAccessibleName(tr("%1 columns").arg(m_lineage->accessibleName()));
    m_lineage->header()->setSectionResizeMode(QHeaderView::Interactive);
    m_lineage->setUniformRowHeights(true);
    m_lineage->setSelectionMode(QAbstractItemView::SingleSelection);
    connect(m_lineage, &QTreeWidget::itemSelectionChanged, this, &SamplesModelsPanel::onTreeSelection);
    auto *left = new QWidget(modelsPage);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(caption(tr("Re&gistry"), m_registry, left));
    leftLayout->addWidget(m_registry, 3);
    leftLayout->addWidget(caption(tr("&Lineage (parent → children)"), m_lineage, left));
    leftLayout->addWidget(m_lineage, 2);

    auto *right = new QWidget(modelsPage);
    m_details = new QTextBrowser(right);
    m_details->setObjectName(QStringLiteral("versionDetails"));
    m_details->setAccessibleName(tr("Selected version: metrics and gate decisions"));
    m_details->setOpenLinks(false);
    m_checkButton = new QPushButton(tr("Check &Artifact"), right);
    m_checkButton->setObjectName(QStringLiteral("checkArtifactButton"));
    m_checkButton->setAccessibleName(tr("Check artifact"));
    m_checkButton->setToolTip(tr("Hash the model file and compare it with the sha256 in the registry"));
    connect(m_checkButton, &QPushButton::clicked, this, &SamplesModelsPanel::checkSelectedArtifact);
    m_promoteButton = new QPushButton(tr("&Promote…"), right);
    m_promoteButton->setObjectName(QStringLiteral("promoteButton"));
    m_promoteButton->setAccessibleName(tr("Promote candidate"));
    connect(m_promoteButton, &QPushButton::clicked, this, [this] { confirmDecision(true); });
    m_rejectButton = new QPushButton(tr("&Reject…"), right);
    m_rejectButton->setObjectName(QStringLiteral("rejectButton"));
    m_rejectButton->setAccessibleName(tr("Reject candidate"));
    connect(m_rejectButton, &QPushButton::clicked, this, [this] { confirmDecision(false); });
    m_artifactResult = new QLabel(right);
    m_artifactResult->setObjectName(QStringLiteral("artifactResultLabel"));
    m_artifactResult->setWordWrap(true);
    m_artifactResult->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_checkButton);
    buttons->addWidget(m_promoteButton);
    buttons->addWidget(m_rejectButton);
    buttons->addStretch(1);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(caption(tr("D&etails"), m_details, right));
    rightLayout->addWidget(m_details, 1);
    rightLayout->addLayout(buttons);
    rightLayout->addWidget(m_artifactResult);

    auto *split = new QSplitter(Qt::Horizontal, modelsPage);
    split->setObjectName(QStringLiteral("modelsSplitter"));
    split->addWidget(left);
    split->addWidget(right);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    auto *modelsLayout = new QVBoxLayout(modelsPage);
    modelsLayout->addWidget(split);

    m_tabs = new QTabWidget(content);
    m_tabs->setObjectName(QStringLiteral("samplesModelsTabs"));
    m_tabs->setAccessibleName(tr("Samples, jobs and models"));
    m_tabs->addTab(samplesPage, tr("&Samples"));
    m_tabs->addTab(jobsPage, tr("&Jobs"));
    m_tabs->addTab(modelsPage, tr("&Models"));

    auto *top = new QHBoxLayout;
    top->addWidget(m_triggerBox, 3);
    top->addWidget(m_jobBox, 2);
    auto *layout = new QVBoxLayout(content);
    layout->addLayout(top);
    layout->addWidget(m_error);
    layout->addWidget(m_tabs, 1);
    setContent(content);

    // Reading order: act first (train, cancel), then the tabs and what they hold.
    setTabOrder(m_trainButton, m_cancelButton);
    setTabOrder(m_cancelButton, m_tabs);
    setTabOrder(m_registry, m_lineage);
    setTabOrder(m_lineage, m_details);
    setTabOrder(m_details, m_checkButton);
    setTabOrder(m_checkButton, m_promoteButton);
    setTabOrder(m_promoteButton, m_rejectButton);

    connect(m_monitor, &lk::loop::LoopMonitor::snapshotChanged, this, &SamplesModelsPanel::showSnapshot);
    connect(m_monitor, &lk::loop::LoopMonitor::failed, this, [this](const QString &message) {
        m_error->setText(tr("Cannot read the learning loop: %1").arg(message));
        m_error->show();
    });
    connect(m_monitor, &lk::loop::LoopMonitor::artifactChecked, this, &SamplesModelsPanel::onArtifactChecked);
    connect(m_monitor, &lk::loop::LoopMonitor::decided, this, &SamplesModelsPanel::onDecided);
    connect(
        m_monitor, &lk::loop::LoopMonitor::trainingTriggered, this, &SamplesModelsPanel::onTrainingTriggered);
    connect(m_monitor, &lk::loop::LoopMonitor::trainingStarted, this, &SamplesModelsPanel::onTrainingStarted);
    connect(
        m_monitor, &lk::loop::LoopMonitor::trainingProgress, this, &SamplesModelsPanel::onTrainingProgress);
    connect(m_monitor, &lk::loop::LoopMonitor::trainingEpoch, this, &SamplesModelsPanel::onTrainingEpoch);
    connect(
        m_monitor, &lk::loop::LoopMonitor::trainingFinished, this, &SamplesModelsPanel::onTrainingFinished);
    connect(m_monitor, &lk::loop::LoopMonitor::trainingFailed, this, &SamplesModelsPanel::onTrainingFailed);
    m_monitor->setInterval(kRefreshMs);
    watch(m_monitor);
    showSnapshot(LoopSnapshot());
}

QString SamplesModelsPanel::title() const
{
    return tr("Samples & Models");
}

void SamplesModelsPanel::setWorkspace(const lk::WorkspaceInfo *info)
{
    setWorkspaceNote(info
            ? tr("This workspace's inbox folder: %1").arg(QDir(info->root).filePath(QStringLiteral("inbox")))
            : QString());
    m_selected.clear();
    m_artifactVersion.clear();
    m_monitor->setWorkspace(info && m_session ? m_session->workspace() : std::nullopt);
    setEmptyStateVisible(true);
}

void SamplesModelsPanel::setRefreshInterval(int milliseconds)
{
    m_monitor->setInterval(milliseconds);
}

void SamplesModelsPanel::showSnapshot(const LoopSnapshot &snapshot)
{
    m_pending = snapshot; // a newer snapshot replaces one not drawn yet
    updateLiveState(m_pending);
    scheduleRefresh();
}

void SamplesModelsPanel::refresh()
{
    m_snapshot = std::move(m_pending);
    m_pending = LoopSnapshot();
    const LoopSnapshot &snapshot = m_snapshot;
    setEmptyStateVisible(!snapshot.hasWorkspace || snapshot.isEmpty());
    if (snapshot.hasWorkspace)
        m_error->hide(); // a poll went through again
    showSamples();
    showTrigger();
    showJobs();
    showCurrentJob();
    showRegistry(); // and the details of the version it keeps selected
    if (!m_wantedJob.isEmpty() && isVisible())
        selectJob(m_wantedJob);
    Q_EMIT snapshotShown();
}

void SamplesModelsPanel::showSamples()
{
    const QJsonObject &stats = m_snapshot.sampleStats;
    const QJsonObject byStatus = stats.value(QStringLiteral("by_status")).toObject();
    m_samplesSummary->setText(
        tr("%1 samples: %2 trainable now, %3 waiting for their input from a node, %4 filtered out.")
            .arg(m_snapshot.totalSamples)
            .arg(stats.value(QStringLiteral("trainable")).toInteger())
            .arg(stats.value(QStringLiteral("awaiting_input")).toInteger())
            .arg(m_snapshot.filteredTotal));

    const auto fill = [](QTableView *t, const QList<std::pair<QString, qint64>> &rows) {
        liveModel(t)->setRows(countRows(rows));
    };
    // Every status in lifecycle order, zeros included: the flow is read top to bottom.
    const QStringList lifecycle = {QStringLiteral("pending"), QStringLiteral("in_training"),
        QStringLiteral("used"), QStringLiteral("archived"), QStringLiteral("filtered")};
    QList<std::pair<QString, qint64>> rows;
    for (const QString &status : lifecycle)
        rows.append({LoopText::sampleStatus(status), byStatus.value(status).toInteger()});
    std::vector<LiveRow> statusRows = countRows(rows);
    for (size_t r = 0; r < statusRows.size(); ++r)
        statusRows[r].toolTips = {lifecycle[qsizetype(r)], QString()}; // the name the CLI and the API use
    liveModel(m_byStatus)->setRows(std::move(statusRows));

    rows.clear();
    const QJsonObject byNode = stats.value(QStringLiteral("by_node")).toObject();
    for (auto it = byNode.begin(); it != byNode.end(); ++it)
        rows.append({it.key(), it.value().toInteger()});
    std::stable_sort(
        rows.begin(), rows.end(), [](const auto &a, const auto &b) { return a.second > b.second; });
    fill(m_byNode, rows);

    rows.clear();
    const QJsonObject byClass = stats.value(QStringLiteral("by_class")).toObject();
    for (auto it = byClass.begin(); it != byClass.end(); ++it)
        rows.append({it.key(), it.value().toInteger()});
    std::stable_sort(rows.begin(), rows.end(), [](const auto &a, const auto &b) {
        return a.first.section(QLatin1Char(' '), 0, 0).toInt()
            < b.first.section(QLatin1Char(' '), 0, 0).toInt();
    });
    fill(m_byClass, rows);

    rows.clear();
    const QJsonObject byDay = stats.value(QStringLiteral("by_day")).toObject();
    for (auto it = byDay.begin(); it != byDay.end(); ++it)
        rows.prepend({it.key(), it.value().toInteger()}); // newest first
    fill(m_byDay, rows);

    m_filteredSummary->setText(m_snapshot.filteredTotal == 0
            ? tr("F&iltered-out corrections: none. Corrections less sure than %1 are kept here for audit, "
                 "never trained on.")
                  .arg(QLocale().toString(m_snapshot.minCorrectionConfidence))
            : tr("F&iltered-out corrections: %1 (newest %2 shown), kept for audit and never trained on; the "
                 "threshold is a correction confidence of %3.")
                  .arg(m_snapshot.filteredTotal)
                  .arg(std::min<qint64>(m_snapshot.filteredTotal, LoopSnapshot::kFilteredShown))
                  .arg(QLocale().toString(m_snapshot.minCorrectionConfidence)));
    std::vector<LiveRow> filtered;
    filtered.reserve(m_snapshot.filtered.size());
    for (const lk::loop::FilteredSample &f : m_snapshot.filtered)
        filtered.push_back({f.sampleId,
            {f.sampleId, f.nodeId, LoopText::time(QDateTime::fromMSecsSinceEpoch(f.timestampMs, Qt::UTC)),
                LoopText::className(f.predictedLabel), LoopText::className(f.correctedLabel),
                QLocale().toString(f.correctionConfidence, 'f', 3), f.reason}});
    liveModel(m_filtered)->setRows(std::move(filtered));
}

void SamplesModelsPanel::showTrigger()
{
    const LoopSnapshot &s = m_snapshot;
    const bool busy = m_monitor->isTraining();
    if (!s.hasWorkspace || !s.configError.isEmpty() || !s.trigger || !s.manual) {
        m_triggerProgress->hide();
        m_triggerState->setText(s.configError.isEmpty()
                ? tr("No workspace is open.")
                : tr("The loop's settings (loop.json) cannot be used: %1").arg(s.configError));
        m_schedule->clear();
        m_cooldown->clear();
        m_trainAction->setEnabled(false);
        m_trainButton->setEnabled(false);
        m_trainButton->setToolTip(m_triggerState->text());
        m_trainAction->setToolTip(m_triggerState->text());
        return;
    }
    const lk::loop::TriggerDecision &t = *s.trigger;
    m_triggerBox->setTitle(tr("Training trigger: %1").arg(s.modelLine));
    if (t.sampleThreshold) {
        const qint64 threshold = std::max<qint64>(1, *t.sampleThreshold);
        m_triggerProgress->setRange(0, int(std::min<qint64>(threshold, INT_MAX)));
        m_triggerProgress->setValue(int(std::min(t.usableNewSamples, threshold)));
        m_triggerProgress->setFormat(
            tr("%1 of %2 usable samples").arg(t.usableNewSamples).arg(*t.sampleThreshold));
        m_triggerProgress->setToolTip(
            tr("The sample threshold fires at more than %1 usable new samples: pending, with their input, "
               "and a correction confident enough.")
                .arg(*t.sampleThreshold));
        m_triggerProgress->show();
    } else {
        m_triggerProgress->hide();
    }

    QString state;
    if (t.fire)
        state = tr(
            "Due now: %1. The next tick starts a job (loopkeeper-cli serve --loop-interval, or loop tick); "
            "Train Now starts one here.")
                    .arg(LoopText::reason(t.reason));
    else if (t.blockedBy == QLatin1String("job_running"))
        state = tr("Waiting: a job of %1 is queued or running, and one runs at a time.").arg(s.modelLine);
    else if (t.blockedBy == QLatin1String("cooldown"))
        state = tr("Held back by the cool-down: %1 would fire.").arg(LoopText::reasons(t.triggers));
    else if (t.blockedBy == QLatin1String("too_few_samples"))
        state = tr("Held back: %1 would fire, but there are too few usable new samples to train on.")
                    .arg(LoopText::reasons(t.triggers));
    else if (t.sampleThreshold)
        state = tr("No trigger holds: %1 usable new samples; the threshold fires above %2.")
                    .arg(t.usableNewSamples)
                    .arg(*t.sampleThreshold);
    else
        state = tr("No trigger holds: %1 usable new samples; the sample threshold is off.")
                    .arg(t.usableNewSamples);
    m_triggerState->setText(state);
    m_triggerState->setToolTip(t.notes.join(QLatin1Char('\n')));

    m_schedule->setText(t.nextScheduled.isValid()
            ? tr("Next scheduled: %1").arg(LoopText::time(t.nextScheduled))
            : tr("Schedule: off (triggers.schedule in loop.json)"));
    if (t.cooldownUntil.isValid() && s.readAt < t.cooldownUntil)
        m_cooldown->setText(
            tr("Cool-down: until %1 (%2 after the last job)%3")
                .arg(LoopText::time(t.cooldownUntil), LoopText::duration(s.cooldownSeconds),
                    s.manualBypassesCooldown ? tr("; a manual trigger is not held back") : QString()));
    else if (t.cooldownUntil.isValid())
        m_cooldown->setText(tr("Cool-down: over since %1").arg(LoopText::time(t.cooldownUntil)));
    else
        m_cooldown->setText(
            tr("Cool-down: none yet (%1 after each job)").arg(LoopText::duration(s.cooldownSeconds)));

    const lk::loop::TriggerDecision &manual = *s.manual;
    const bool can = manual.fire && !busy;
    m_trainAction->setEnabled(can);
    m_trainButton->setEnabled(can);
    QString why;
    if (busy)
        why = tr("This console is already running a job.");
    else if (manual.blockedBy == QLatin1String("job_running"))
        why = tr("A job of %1 is already queued or running.").arg(s.modelLine);
    else if (manual.blockedBy == QLatin1String("cooldown"))
        why =
            tr("The cool-down holds back manual triggers too (triggers.manual_bypasses_cooldown is false).");
    else
        why = tr("Start a training job now with the %1 usable samples, after a confirmation.")
                  .arg(s.manualSamples);
    m_trainButton->setToolTip(why);
    m_trainAction->setToolTip(why);
}

void SamplesModelsPanel::showJobs()
{
    const std::vector<JobEntry> &jobs = m_snapshot.jobs;
    m_jobsCaption->setText(jobs.empty()
            ? tr("Jo&bs: none yet. Train Now or loopkeeper-cli loop tick creates one when a trigger fires.")
            : tr("Jo&bs, newest first. A job is an ordinary training run: its curves are in the Training "
                 "panel."));
    std::vector<LiveRow> rows;
    rows.reserve(jobs.size());
    for (const JobEntry &e : jobs) {
        const lk::loop::LoopJob &j = e.job;
        QString status = LoopText::jobStatus(j.status);
        if (e.abandoned)
            status = tr("Running, but its process (%1) has ended").arg(j.ownerPid);
        else if (j.status == JobStatus::Running && j.jobId == m_live.jobId && m_live.epochs > 0)
            status = tr("Running: epoch %1 of %2")
                         .arg(std::min(m_live.epoch + 1, m_live.epochs))
                         .arg(m_live.epochs);
        else if (j.status == JobStatus::Running && e.run && e.run->epochsPlanned > 0)
            status = tr("Running: %1 of %2 epochs done").arg(e.run->epochsDone).arg(e.run->epochsPlanned);
        QString notes = j.error;
        if (notes.isEmpty() && isActive(j.status))
            notes = j.estimatedCompletion.isEmpty()
                ? tr("No completion estimate yet (no training speed measured)")
                : tr("Estimated completion %1").arg(LoopText::time(j.estimatedCompletion));
        if (notes.isEmpty() && !j.runId.isEmpty())
            notes = tr("Run %1").arg(j.runId);
        const QStringList cells = {j.jobId, status, LoopText::reason(j.reason),
            QString::number(j.sampleCount),
            j.sourceVersion.isEmpty() ? tr("from scratch") : versionName(j.sourceVersion),
            j.candidateVersion.isEmpty() ? LoopText::dash() : versionName(j.candidateVersion),
            LoopText::time(j.createdAt), LoopText::time(j.finishedAt), notes};
        QStringList tips(cells.size());
        tips[1] = nameOf(j.status); // the name the CLI and the API use
        rows.push_back({j.jobId, cells, tips});
    }
    liveModel(m_jobs)->setRows(std::move(rows));
}

void SamplesModelsPanel::showCurrentJob()
{
    const JobEntry *active = nullptr;
    for (const JobEntry &e : m_snapshot.jobs) {
        if (isActive(e.job.status)) {
            active = &e;
            break;
        }
    }
    const auto busyBar = [this] {
        m_jobProgress->setRange(0, 0); // Qt's "busy" indicator: running, amount unknown
        m_jobProgress->show();
    };
    if (m_monitor->isTraining()) {
        // This console runs the job: its status as last read (running until a snapshot says
        // otherwise) decides whether it can still be cancelled.
        JobStatus liveStatus = JobStatus::Running;
        for (const JobEntry &e : m_snapshot.jobs) {
            if (e.job.jobId == m_live.jobId)
                liveStatus = e.job.status;
        }
        m_cancelButton->setEnabled(
            !m_live.jobId.isEmpty() && !m_live.cancelling && allows(liveStatus, JobCommand::Cancel));
        m_cancelButton->setToolTip(tr("Stop the job at its next step; its samples go back to pending"));
        if (m_live.cancelling) {
            m_jobState->setText(tr("Cancelling job %1 at its next step…").arg(m_live.jobId));
            busyBar();
        } else if (m_live.jobId.isEmpty()) {
            m_jobState->setText(tr("Evaluating the triggers…"));
            busyBar();
        } else if (m_live.total > 0 && m_live.done >= m_live.total) {
            m_jobState->setText(
                tr("Job %1: training done; the regression gate is replaying the evaluation set "
                   "through the models…")
                    .arg(m_live.jobId));
            busyBar();
        } else if (m_live.total > 0) {
            // Steps can outgrow an int on huge sets; the bar only needs the ratio.
            const double scale = m_live.total > INT_MAX ? double(INT_MAX) / double(m_live.total) : 1.0;
            m_jobProgress->setRange(0, int(double(m_live.total) * scale));
            m_jobProgress->setValue(int(double(m_live.done) * scale));
            m_jobProgress->show();
            QString text =
                tr("Job %1: epoch %2 of %3").arg(m_live.jobId).arg(m_live.epoch + 1).arg(m_live.epochs);
            if (m_live.epochsDone > 0)
                text += tr("; validation accuracy after epoch %1: %2")
                            .arg(m_live.epochsDone)
                            .arg(LoopText::percent(QJsonValue(m_live.valAccuracy)));
            m_jobState->setText(text);
        } else {
            m_jobState->setText(tr("Job %1: loading the training data…").arg(m_live.jobId));
            busyBar();
        }
        return;
    }
    m_cancelButton->setEnabled(false);
    if (active) {
        const lk::loop::LoopJob &j = active->job;
        m_cancelButton->setToolTip(
            tr("Only the process that runs a job can cancel it (pid %1).").arg(j.ownerPid));
        if (active->abandoned) {
            m_jobState->setText(
                tr("Job %1 was running in process %2, which has ended. The next trigger marks it "
                   "failed and gives its samples back.")
                    .arg(j.jobId)
                    .arg(j.ownerPid));
            m_jobProgress->hide();
        } else if (j.status == JobStatus::Queued) {
            m_jobState->setText(tr("Job %1 (%2, %3 samples) is queued; loopkeeper-cli jobs run %1 runs it.")
                                    .arg(j.jobId, LoopText::reason(j.reason))
                                    .arg(j.sampleCount));
            m_jobProgress->hide();
        } else if (active->run && active->run->epochsPlanned > 0) {
            m_jobState->setText(tr("Job %1 (%2, %3 samples) runs in another process: %4 of %5 epochs done.")
                                    .arg(j.jobId, LoopText::reason(j.reason))
                                    .arg(j.sampleCount)
                                    .arg(active->run->epochsDone)
                                    .arg(active->run->epochsPlanned));
            m_jobProgress->setRange(0, active->run->epochsPlanned);
            m_jobProgress->setValue(active->run->epochsDone);
            m_jobProgress->show();
        } else {
            m_jobState->setText(tr("Job %1 (%2, %3 samples) runs in another process.")
                                    .arg(j.jobId, LoopText::reason(j.reason))
                                    .arg(j.sampleCount));
            busyBar();
        }
        return;
    }
    m_cancelButton->setToolTip(QString());
    m_jobProgress->hide();
    m_jobState->setText(m_live.lastResult.isEmpty() ? tr("No job is queued or running.") : m_live.lastResult);
}

void SamplesModelsPanel::showRegistry()
{
    const std::vector<RegistryEntry> &versions = m_snapshot.versions;
    const QSignalBlocker blockTable(m_registry->selectionModel());
    const QSignalBlocker blockTree(m_lineage);
    std::vector<LiveRow> rows;
    rows.reserve(versions.size());
    for (const RegistryEntry &e : versions) {
        const lk::loop::ModelVersion &v = e.version;
        const QStringList cells = {v.name(), LoopText::versionStatus(e),
            e.parentName.isEmpty() ? tr("— (from scratch)") : e.parentName,
            LoopText::percent(v.metrics.value(QStringLiteral("test_accuracy"))),
            QString::number(v.trainingSamples), LoopText::time(v.createdAt),
            v.sha256.isEmpty() ? LoopText::dash() : v.sha256.left(12)};
        QStringList tips(cells.size());
        tips[1] = v.status;
        tips[6] = v.sha256;
        rows.push_back({v.id, cells, tips, v.id});
    }
    liveModel(m_registry)->setRows(std::move(rows));

    // The tree: each version under its parent, children oldest first; a version whose parent
    // is not listed is a root, so no version is ever hidden.
    // Built again only when what it shows changed (the registry changes a few times an hour).
    QStringList lineage;
    std::vector<QStringList> texts;
    texts.reserve(versions.size());
    for (const RegistryEntry &e : versions) {
        const GateDecisionRecord *d = LoopText::latestDecision(e);
        texts.push_back({e.version.name(), LoopText::versionStatus(e),
            LoopText::percent(e.version.metrics.value(QStringLiteral("test_accuracy"))),
            d ? LoopText::decision(d->decision) : LoopText::dash()});
        lineage << e.version.id << e.version.parentVersion << texts.back();
    }
    if (lineage != m_lineageShown) {
        m_lineageShown = lineage;
        m_lineage->clear();
        QHash<QString, QTreeWidgetItem *> items;
        for (size_t i = 0; i < versions.size(); ++i) {
            auto *item = new QTreeWidgetItem(texts[i]);
            item->setData(0, Qt::UserRole, versions[i].version.id);
            items.insert(versions[i].version.id, item);
        }
        for (auto it = versions.rbegin(); it != versions.rend(); ++it) {
            QTreeWidgetItem *item = items.value(it->version.id);
            QTreeWidgetItem *parent = items.value(it->version.parentVersion);
            if (parent && parent != item)
                parent->addChild(item);
            else
                m_lineage->addTopLevelItem(item);
        }
        m_lineage->expandAll();
        for (int c = 0; c < m_lineage->columnCount() - 1; ++c)
            m_lineage->resizeColumnToContents(c);
    }
    if (!m_selected.isEmpty() && !entry(m_selected))
        m_selected.clear();
    if (m_selected.isEmpty() && !versions.empty())
        m_selected = versions.front().version.id; // the newest: what an operator looks at first
    selectVersion(m_selected);
}

bool SamplesModelsPanel::selectJob(const QString &jobId)
{
    const int row = liveModel(m_jobs)->rowOf(jobId);
    if (row < 0) {
        // Not read yet (a job started seconds ago): selected when a snapshot lists it.
        m_wantedJob = jobId;
        return false;
    }
    m_wantedJob.clear();
    for (QWidget *page = m_jobs; page; page = page->parentWidget()) {
        if (m_tabs->indexOf(page) >= 0) {
            m_tabs->setCurrentWidget(page);
            break;
        }
    }
    m_jobs->selectRow(row);
    m_jobs->scrollTo(m_jobs->model()->index(row, 0));
    m_jobs->setFocus();
    return true;
}

void SamplesModelsPanel::selectVersion(const QString &versionId)
{
    m_selected = versionId;
    m_syncing = true;
    {
        const QSignalBlocker blockTable(m_registry->selectionModel());
        const int r = liveModel(m_registry)->rowOf(versionId);
        const QModelIndex current = m_registry->selectionModel()->currentIndex();
        if (r < 0) {
            m_registry->clearSelection();
        } else if (current.row() != r || !m_registry->selectionModel()->isRowSelected(r, QModelIndex())) {
            m_registry->selectionModel()->setCurrentIndex(m_registry->model()->index(r, 0),
                QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        }
    }
    {
        const QSignalBlocker blockTree(m_lineage);
        m_lineage->clearSelection();
        for (QTreeWidgetItemIterator it(m_lineage); *it; ++it) {
            if ((*it)->data(0, Qt::UserRole).toString() == versionId) {
                m_lineage->setCurrentItem(*it);
                break;
            }
        }
    }
    m_syncing = false;
    showDetails();
}

void SamplesModelsPanel::onTableSelection()
{
    if (m_syncing)
        return;
    const QModelIndexList selected = m_registry->selectionModel()->selectedRows();
    if (selected.isEmpty())
        return;
    selectVersion(selected.first().data(Qt::UserRole).toString());
}

void SamplesModelsPanel::onTreeSelection()
{
    if (m_syncing)
        return;
    const QList<QTreeWidgetItem *> selected = m_lineage->selectedItems();
    if (selected.isEmpty())
        return;
    selectVersion(selected.first()->data(0, Qt::UserRole).toString());
}

const RegistryEntry *SamplesModelsPanel::entry(const QString &versionId) const
{
    for (const RegistryEntry &e : m_snapshot.versions)
        if (e.version.id == versionId)
            return &e;
    return nullptr;
}

QString SamplesModelsPanel::versionName(const QString &versionId) const
{
    const RegistryEntry *e = entry(versionId);
    return e ? e->version.name() : versionId;
}

void SamplesModelsPanel::showDetails()
{
    const RegistryEntry *e = entry(m_selected);
    if (!e) {
        m_detailsHtml.clear();
        m_detailsVersion.clear();
        const QString hint = m_snapshot.versions.empty()
            ? tr("No model version is registered yet. A training job registers its candidate here when it "
                 "ends.")
            : tr("Select a version in the registry or the lineage tree.");
        m_details->setHtml(QStringLiteral("<p>%1</p>").arg(hint.toHtmlEscaped()));
        m_checkButton->setEnabled(false);
        m_promoteButton->setEnabled(false);
        m_rejectButton->setEnabled(false);
        m_artifactResult->clear();
        return;
    }
    const lk::loop::ModelVersion &v = e->version;
    const QString html = LoopText::versionHtml(*e, [this](const QString &id) { return versionName(id); });
    // A refresh that changed nothing must not reset the reader's selection or scroll position.
    if (html != m_detailsHtml) {
        const int scroll = v.id == m_detailsVersion ? m_details->verticalScrollBar()->value() : 0;
        m_details->setHtml(html);
        m_details->verticalScrollBar()->setValue(scroll);
        m_detailsHtml = html;
        m_detailsVersion = v.id;
    }

    const bool checking = m_artifactVersion == v.id && m_artifactText.isEmpty();
    m_checkButton->setEnabled(!v.artifactPath.isEmpty() && !checking);
    const bool decidable = LoopText::awaitsDecision(*e);
    m_promoteButton->setEnabled(decidable);
    m_rejectButton->setEnabled(decidable);
    const QString why = decidable
        ? QString()
        : tr("Only a candidate the regression gate left to a human can be promoted or "
             "rejected here.");
    m_promoteButton->setToolTip(why);
    m_rejectButton->setToolTip(why);

    // A mismatch looks like the panel's other alarms; everything else is plain text.
    const bool alarm = m_artifactVersion == v.id && !checking && !m_artifactOk;
    m_artifactResult->setStyleSheet(alarm
            ? QStringLiteral(
                "QLabel { background: #c0392b; color: white; padding: 4px 8px; border-radius: 4px; }")
            : QString());
    if (m_artifactVersion != v.id) {
        m_artifactResult->clear();
    } else if (checking) {
        m_artifactResult->setText(tr("Checking the artifact…"));
    } else {
        m_artifactResult->setText(m_artifactOk
                ? tr("✓ The artifact matches its registered sha256 (%1…).").arg(m_artifactText.left(12))
                : tr("✗ Artifact mismatch: %1").arg(m_artifactText));
    }
}

} // namespace lk::ui
