#include "ui/panels/TrainingPanel.h"

#include "core/common/EpochNumber.h"
#include "core/logging/Logging.h"
#include "core/runs/RunHealth.h"
#include "core/runs/RunMonitor.h"
#include "core/runs/TrainingJob.h"
#include "core/runs/TrainingSession.h"
#include "core/workspace/WorkspaceSession.h"
#include "ui/charts/CurveChart.h"
#include "ui/training/RunListModel.h"
#include "ui/training/TrainingConfigDialog.h"

#include <QAbstractButton>
#include <QAction>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QRegularExpression>
#include <QSplitter>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>

namespace lk::ui {

using lk::training::EpochRecord;
using lk::training::StepRecord;

namespace {

// Distinct, colour-blind-friendly line colours (Okabe–Ito), one per overlaid run.
const QColor kRunColors[] = {QColor(0x00, 0x72, 0xb2), QColor(0xd5, 0x5e, 0x00), QColor(0x00, 0x9e, 0x73),
    QColor(0xcc, 0x79, 0xa7), QColor(0xe6, 0x9f, 0x00), QColor(0x56, 0xb4, 0xe9), QColor(0x00, 0x00, 0x00)};

QLabel *badge(QWidget *parent, const char *name, const QString &text, const QColor &color)
{
    auto *label = new QLabel(text, parent);
    label->setObjectName(QString::fromLatin1(name));
    label->setAccessibleName(text);
    label->setStyleSheet(
        QStringLiteral("QLabel { background: %1; color: white; border-radius: 4px; padding: 2px 8px; "
                       "font-weight: bold; }")
            .arg(color.name()));
    label->hide();
    return label;
}

/// "run-20261122-025953-bee7" → "025953-bee7": the time of day and the random part tell runs
/// apart in a legend; the full id is in the run list.
QString shortId(const QString &runId)
{
    static const QRegularExpression pattern(QStringLiteral("^run-\\d{8}-(\\d{6}-[0-9a-f]+)$"));
    const QRegularExpressionMatch m = pattern.match(runId);
    return m.hasMatch() ? m.captured(1) : runId;
}

} // namespace

TrainingPanel::TrainingPanel(lk::WorkspaceSession *session, QWidget *parent)
    : Panel(QStringLiteral("trainingPanel"), parent)
    , m_session(session)
    , m_monitor(new lk::runs::RunMonitor(this))
    , m_model(new RunListModel(this))
{
    setEmptyState({
        tr("No training runs yet"),
        tr("Live loss and accuracy curves of each run will appear here, with overfitting, plateau and "
           "divergence "
           "flags as they occur, the best epoch marked, and an early-stopping recommendation with its "
           "reason."),
        tr("Start a run with the button below or with loopkeeper-cli train; runs that loopkeeper-cli trains "
           "in "
           "this workspace appear here too, live."),
        true,
    });

    auto *content = new QWidget(this);
    content->setObjectName(QStringLiteral("trainingContent"));

    auto *toolbar = new QToolBar(content);
    toolbar->setObjectName(QStringLiteral("trainingToolbar"));
    toolbar->setAccessibleName(tr("Training controls"));
    toolbar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    const auto action = [&](const QString &text, const char *name, const QKeySequence &keys,
                            const QString &tip) {
        auto *a = new QAction(text, this);
        a->setObjectName(QString::fromLatin1(name));
        a->setShortcut(keys);
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        a->setToolTip(
            tip + QStringLiteral(" (") + keys.toString(QKeySequence::NativeText) + QLatin1Char(')'));
        a->setStatusTip(tip);
        addAction(a);
        toolbar->addAction(a);
        return a;
    };
    m_newAction = action(tr("&New Run…"), "newRunAction", QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N),
        tr("Configure and start a training run"));
    m_pauseAction = action(tr("&Pause"), "pauseRunAction", QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P),
        tr("Pause the run at the next step"));
    m_continueAction = action(tr("C&ontinue"), "continueRunAction",
        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O), tr("Continue the paused run"));
    m_cancelAction = action(tr("&Cancel Run"), "cancelRunAction",
        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_X), tr("Stop the run; its last checkpoint is kept"));
    m_resumeAction = action(tr("&Resume from Checkpoint"), "resumeRunAction",
        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R),
        tr("Continue the selected stopped run from its last checkpoint"));
    connect(m_newAction, &QAction::triggered, this, &TrainingPanel::newRunDialog);
    connect(m_pauseAction, &QAction::triggered, this, &TrainingPanel::pauseRun);
    connect(m_continueAction, &QAction::triggered, this, &TrainingPanel::continueRun);
    connect(m_cancelAction, &QAction::triggered, this, &TrainingPanel::cancelRun);
    connect(m_resumeAction, &QAction::triggered, this, &TrainingPanel::resumeSelected);
    for (QAction *a : toolbar->actions()) {
        QWidget *button = toolbar->widgetForAction(a);
        button->setObjectName(a->objectName().replace(QStringLiteral("Action"), QStringLiteral("Button")));
        button->setAccessibleName(a->text().remove(QLatin1Char('&')).remove(QStringLiteral("…")));
    }
    setEmptyStateAction(m_newAction);

    m_progress = new QProgressBar(content);
    m_progress->setObjectName(QStringLiteral("trainingProgress"));
    m_progress->setAccessibleName(tr("Training progress"));
    m_progress->setMaximumWidth(220);
    m_progress->hide();
    m_jobStatus = new QLabel(content);
    m_jobStatus->setObjectName(QStringLiteral("trainingJobStatus"));
    m_jobStatus->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *top = new QHBoxLayout;
    top->addWidget(toolbar);
    top->addWidget(m_progress);
    top->addWidget(m_jobStatus, 1);

    m_table = new QTableView(content);
    m_table->setObjectName(QStringLiteral("runTable"));
    m_table->setAccessibleName(tr("Training runs; check runs to overlay their curves"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setObjectName(QStringLiteral("runTableRowHeader"));
    m_table->verticalHeader()->setAccessibleName(tr("Run rows"));
    m_table->horizontalHeader()->setObjectName(QStringLiteral("runTableHeader"));
    m_table->horizontalHeader()->setAccessibleName(tr("Run columns"));
    m_table->setCornerButtonEnabled(false);
    for (QAbstractButton *corner : m_table->findChildren<QAbstractButton *>()) {
        corner->setObjectName(QStringLiteral("runTableCornerButton"));
        corner->setAccessibleName(tr("Table corner"));
    }
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    connect(m_model, &RunListModel::checkedRunsChanged, this, &TrainingPanel::onCheckedRunsChanged);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        [this](const QModelIndex &index) {
            const lk::runs::RunSummary *run = m_model->runAt(index.row());
            m_current = run ? run->runId : QString();
            updateWatched(false);
            updateHealth();
            updateControls();
        });

    m_overfittingBadge = badge(content, "overfittingBadge", tr("Overfitting"), QColor(0xc0, 0x39, 0x2b));
    m_plateauBadge = badge(content, "plateauBadge", tr("Plateau"), QColor(0xb9, 0x77, 0x0e));
    m_divergenceBadge = badge(content, "divergenceBadge", tr("Divergence"), QColor(0x8e, 0x24, 0xaa));
    m_bestLabel = new QLabel(content);
    m_bestLabel->setObjectName(QStringLiteral("bestEpochLabel"));
    m_recommendation = new QLabel(content);
    m_recommendation->setObjectName(QStringLiteral("recommendationLabel"));
    m_recommendation->setWordWrap(true);
    m_recommendation->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *badges = new QHBoxLayout;
    badges->addWidget(m_divergenceBadge);
    badges->addWidget(m_overfittingBadge);
    badges->addWidget(m_plateauBadge);
    badges->addWidget(m_bestLabel);
    badges->addStretch(1);

    m_lossChart = new CurveChart(content);
    m_lossChart->setObjectName(QStringLiteral("lossChart"));
    m_lossChart->setAccessibleName(tr("Loss chart"));
    m_lossChart->setYAxisTitle(tr("Loss"));
    m_lossChart->setEmptyText(tr("Check a run in the list to see its loss curves."));
    m_accuracyChart = new CurveChart(content);
    m_accuracyChart->setObjectName(QStringLiteral("accuracyChart"));
    m_accuracyChart->setAccessibleName(tr("Accuracy chart"));
    m_accuracyChart->setYAxisTitle(tr("Accuracy"));
    m_accuracyChart->setEmptyText(tr("Validation accuracy appears after each epoch."));
    // Both charts follow one x axis choice.
    connect(m_lossChart, &CurveChart::xAxisChanged, m_accuracyChart, &CurveChart::setXAxis);
    connect(m_accuracyChart, &CurveChart::xAxisChanged, m_lossChart, &CurveChart::setXAxis);

    auto *charts = new QSplitter(Qt::Vertical, content);
    charts->setObjectName(QStringLiteral("trainingChartSplitter"));
    charts->addWidget(m_lossChart);
    charts->addWidget(m_accuracyChart);
    charts->setStretchFactor(0, 3);
    charts->setStretchFactor(1, 2);

    auto *right = new QWidget(content);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addLayout(badges);
    rightLayout->addWidget(m_recommendation);
    rightLayout->addWidget(charts, 1);

    auto *split = new QSplitter(Qt::Horizontal, content);
    split->setObjectName(QStringLiteral("trainingSplitter"));
    split->addWidget(m_table);
    split->addWidget(right);
    split->setStretchFactor(1, 3);
    split->setSizes({480, 900});

    auto *layout = new QVBoxLayout(content);
    layout->addLayout(top);
    layout->addWidget(split, 1);
    setContent(content);

    connect(m_monitor, &lk::runs::RunMonitor::runsChanged, this, &TrainingPanel::onRunsChanged);
    connect(m_monitor, &lk::runs::RunMonitor::metricsAppended, this, &TrainingPanel::onMetrics);
    watch(m_monitor);
    updateControls();
}

TrainingPanel::~TrainingPanel() = default;

QString TrainingPanel::title() const
{
    return tr("Training");
}

void TrainingPanel::setWorkspace(const lk::WorkspaceInfo *info)
{
    m_curves.clear();
    m_epochs.clear();
    m_lossChart->clear();
    m_accuracyChart->clear();
    m_current.clear();
    m_model->setRuns({});
    m_monitor->setWorkspace(info && m_session ? m_session->workspace() : std::nullopt);
    // Without a workspace nothing can be trained; the empty state offers the way in.
    setEmptyStateVisible(info == nullptr);
    updateHealth();
    updateControls();
}

bool TrainingPanel::isTraining() const
{
    return m_job && m_job->isRunning();
}

void TrainingPanel::newRunDialog()
{
    auto *dialog = new TrainingConfigDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] { startRun(dialog->config()); });
    dialog->open();
}

void TrainingPanel::startRun(const lk::training::TrainingConfig &config)
{
    if (isTraining() || !m_session || !m_session->workspace())
        return;
    lk::runs::TrainingRequest request;
    request.config = config;
    startJob(new lk::runs::TrainingJob(*m_session->workspace(), request, this));
}

void TrainingPanel::resumeRun(const QString &runId)
{
    if (isTraining() || !m_session || !m_session->workspace())
        return;
    lk::runs::TrainingRequest request;
    request.resumeRunId = runId;
    startJob(new lk::runs::TrainingJob(*m_session->workspace(), request, this));
}

void TrainingPanel::resumeSelected()
{
    if (!m_current.isEmpty())
        resumeRun(m_current);
}

void TrainingPanel::startJob(lk::runs::TrainingJob *job)
{
    m_job = job;
    connect(job, &lk::runs::TrainingJob::started, this, [this](const QString &runId, bool resumed) {
        m_pendingCheck = runId;
        m_jobStatus->setText(resumed ? tr("Resuming %1…").arg(runId) : tr("Training %1…").arg(runId));
        setEmptyStateVisible(false);
        m_monitor->refreshNow();
    });
    connect(job, &lk::runs::TrainingJob::progressChanged, this, [this](qint64 done, qint64 total) {
        m_progress->setRange(0, int(total));
        m_progress->setValue(int(done));
    });
    connect(job, &lk::runs::TrainingJob::pausedChanged, this, [this](bool paused) {
        m_jobStatus->setText(paused ? tr("Paused %1").arg(m_job ? m_job->runId() : QString())
                                    : tr("Training %1…").arg(m_job ? m_job->runId() : QString()));
        updateControls();
    });
    connect(job, &lk::runs::TrainingJob::finished, this,
        [this, job](const QString &runId, const lk::training::RunResult &r) {
            const QString status = lk::training::runStatusName(r.status);
            QString text;
            if (r.testAccuracy >= 0)
                text = tr("%1 %2: test accuracy %3 %")
                           .arg(runId, status, QLocale().toString(r.testAccuracy * 100.0, 'f', 2));
            else
                text = tr("%1 %2").arg(runId, status);
            if (!r.message.isEmpty())
                text += QStringLiteral(" — ") + r.message;
            m_jobStatus->setText(text);
            m_progress->hide();
            job->deleteLater();
            m_monitor->refreshNow();
            updateControls();
            Q_EMIT runEnded(runId, status, text);
        });
    connect(
        job, &lk::runs::TrainingJob::failed, this, [this, job](const QString &runId, const QString &message) {
            m_jobStatus->setText(tr("The run could not go on: %1").arg(message));
            qCWarning(lcTraining).noquote() << "training run" << runId << "failed:" << message;
            m_progress->hide();
            job->deleteLater();
            m_monitor->refreshNow();
            updateControls();
            Q_EMIT runEnded(runId, QStringLiteral("failed"), message);
        });
    m_progress->setRange(0, 0);
    m_progress->show();
    m_jobStatus->setText(tr("Loading the data…"));
    job->start();
    updateControls();
}

void TrainingPanel::pauseRun()
{
    if (m_job)
        m_job->pause();
}

void TrainingPanel::continueRun()
{
    if (m_job)
        m_job->resume();
}

void TrainingPanel::cancelRun()
{
    if (m_job) {
        m_job->cancel();
        m_jobStatus->setText(tr("Cancelling at the next step…"));
    }
}

QString TrainingPanel::currentRun() const
{
    return m_current;
}

void TrainingPanel::setCurrentRun(const QString &runId)
{
    const int row = m_model->rowOf(runId);
    if (row >= 0)
        m_table->setCurrentIndex(m_model->index(row, 0));
}

void TrainingPanel::onRunsChanged(const QVector<lk::runs::RunSummary> &runs)
{
    const QString keep = m_current;
    m_model->setRuns(runs);
    if (!m_pendingCheck.isEmpty() && m_model->rowOf(m_pendingCheck) >= 0) {
        m_model->setChecked(m_pendingCheck, true);
        setCurrentRun(m_pendingCheck);
        m_pendingCheck.clear();
    } else if (!keep.isEmpty() && m_model->rowOf(keep) >= 0) {
        setCurrentRun(keep);
    } else if (!runs.isEmpty()) {
        // First look at a workspace: show the newest run.
        m_model->setChecked(runs.first().runId, true);
        setCurrentRun(runs.first().runId);
    }
    if (m_session && m_session->workspace())
        setEmptyStateVisible(runs.isEmpty() && !isTraining());
    int running = 0;
    for (const lk::runs::RunSummary &r : runs)
        running += r.status == QLatin1String("running") ? 1 : 0;
    setLiveState(running > 0 ? tr("%n running", nullptr, running) : QString(), running > 0 ? 1 : 0);
    updateHealth();
    updateControls();
}

QWidget *TrainingPanel::focusTarget() const
{
    return m_table; // the run list: arrows choose a run, space checks it into the charts
}

void TrainingPanel::onCheckedRunsChanged(const QStringList &runIds)
{
    for (const QString &id : m_curves.keys())
        if (!runIds.contains(id))
            dropCurves(id);
    for (const QString &id : runIds)
        if (!m_curves.contains(id))
            ensureCurves(id);
    // Start every watched run over: a newly checked run may already be watched (as the
    // selected one) and its curves need its whole history, which the monitor resends.
    updateWatched(true);
}

void TrainingPanel::updateWatched(bool restart)
{
    QStringList watched = m_model->checkedRuns();
    if (!m_current.isEmpty() && !watched.contains(m_current))
        watched.append(m_current);
    for (const QString &id : m_epochs.keys())
        if (!watched.contains(id))
            m_epochs.remove(id);
    if (restart)
        m_monitor->setWatchedRuns(QStringList());
    m_monitor->setWatchedRuns(watched); // a run watched anew arrives with reset = true
}

void TrainingPanel::ensureCurves(const QString &runId)
{
    RunCurves c;
    c.color = kRunColors[m_curves.size() % (sizeof kRunColors / sizeof kRunColors[0])];
    const QString name = shortId(runId);
    QColor faint = c.color;
    faint.setAlpha(110);
    c.stepLoss = m_lossChart->addSeries({tr("%1 train (steps)").arg(name), faint, Qt::SolidLine});
    c.epochTrainLoss = m_lossChart->addSeries({tr("%1 train").arg(name), c.color, Qt::SolidLine});
    c.epochValLoss = m_lossChart->addSeries({tr("%1 validation").arg(name), c.color, Qt::DashLine});
    c.valAccuracy = m_accuracyChart->addSeries({tr("%1 validation").arg(name), c.color, Qt::SolidLine});
    m_curves.insert(runId, c);
}

void TrainingPanel::dropCurves(const QString &runId)
{
    const RunCurves c = m_curves.take(runId);
    m_lossChart->removeSeries(c.stepLoss);
    m_lossChart->removeSeries(c.epochTrainLoss);
    m_lossChart->removeSeries(c.epochValLoss);
    m_accuracyChart->removeSeries(c.valAccuracy);
}

void TrainingPanel::appendCurves(
    const QString &runId, const QVector<StepRecord> &steps, const QVector<EpochRecord> &epochs)
{
    const auto it = m_curves.constFind(runId);
    if (it == m_curves.cend())
        return;
    // The chart refuses points out of order; that would be a bug in the monitor's cursors.
    const auto report = [&runId](const QString &error) {
        if (!error.isEmpty())
            qCWarning(lcUi).noquote() << "chart refused points of" << runId << ":" << error;
    };
    if (!steps.isEmpty()) {
        std::vector<CurvePoint> points;
        points.reserve(size_t(steps.size()));
        for (const StepRecord &s : steps)
            points.push_back({s.step, s.epoch, s.wallSeconds, s.trainLoss});
        report(m_lossChart->appendPoints(it->stepLoss, points.data(), points.size()));
    }
    if (!epochs.isEmpty()) {
        std::vector<CurvePoint> train, val, acc;
        for (const EpochRecord &e : epochs) {
            // An epoch's numbers belong to its end: x = its last step, and on the epoch axis
            // (finished epochs) its number, so that "epoch 2" is drawn at 2.
            const double x = lk::epochNumber(e.epoch);
            train.push_back({e.lastStep, x, e.wallSeconds, e.trainLoss});
            val.push_back({e.lastStep, x, e.wallSeconds, e.valLoss});
            acc.push_back({e.lastStep, x, e.wallSeconds, e.valAccuracy});
        }
        report(m_lossChart->appendPoints(it->epochTrainLoss, train.data(), train.size()));
        report(m_lossChart->appendPoints(it->epochValLoss, val.data(), val.size()));
        report(m_accuracyChart->appendPoints(it->valAccuracy, acc.data(), acc.size()));
    }
}

void TrainingPanel::onMetrics(
    const QString &runId, const QVector<StepRecord> &steps, const QVector<EpochRecord> &epochs, bool reset)
{
    if (reset) {
        m_epochs[runId].clear();
        if (m_curves.contains(runId)) {
            dropCurves(runId);
            ensureCurves(runId);
        }
    }
    std::vector<EpochRecord> &kept = m_epochs[runId];
    kept.insert(kept.end(), epochs.begin(), epochs.end());
    appendCurves(runId, steps, epochs);
    if (runId == m_current && (!epochs.isEmpty() || reset))
        updateHealth();
}

void TrainingPanel::updateHealth()
{
    const lk::runs::RunSummary *run = m_model->runAt(m_model->rowOf(m_current));
    const auto it = m_epochs.constFind(m_current);
    if (!run || it == m_epochs.cend() || it->empty()) {
        m_health = {};
        for (QLabel *l : {m_overfittingBadge, m_plateauBadge, m_divergenceBadge})
            l->hide();
        m_bestLabel->clear();
        m_recommendation->setText(run ? tr("%1: no finished epoch yet.").arg(run->runId) : QString());
        m_lossChart->clearMarker();
        m_accuracyChart->clearMarker();
        Q_EMIT healthChanged();
        return;
    }
    m_health = lk::runs::runHealth(*it, lk::training::TrainingConfig::fromJson(run->config));
    const lk::analysis::HealthReport &h = m_health;
    const QLocale locale;
    m_overfittingBadge->setVisible(h.overfitting.detected);
    if (h.overfitting.detected)
        m_overfittingBadge->setToolTip(
            tr("Since epoch %1 the training loss falls while the validation loss rises. "
               "Generalization loss GL = %2 %, PQ = %3, gap = %4.")
                .arg(lk::epochNumber(h.overfitting.epoch))
                .arg(locale.toString(h.overfitting.gl, 'f', 1))
                .arg(std::isfinite(h.overfitting.pq) ? locale.toString(h.overfitting.pq, 'f', 2)
                                                     : tr("undefined"))
                .arg(locale.toString(h.overfitting.gap, 'f', 4)));
    m_plateauBadge->setVisible(h.plateau.detected);
    if (h.plateau.detected)
        m_plateauBadge->setToolTip(
            tr("The validation loss has not improved for %1 epochs (patience %2); last "
               "improvement at epoch %3.")
                .arg(h.plateau.epochsSinceImprovement)
                .arg(h.config.plateau.patience)
                .arg(lk::epochNumber(h.plateau.lastImprovementEpoch)));
    m_divergenceBadge->setVisible(h.divergence.detected);
    m_divergenceBadge->setToolTip(h.divergence.reason);
    if (h.bestEpoch >= 0)
        m_bestLabel->setText(tr("Best epoch %1: validation loss %2")
                                 .arg(lk::epochNumber(h.bestEpoch))
                                 .arg(locale.toString(h.bestValue, 'f', 4)));
    const QString action = h.recommendation.action;
    QString verb = tr("Continue");
    if (action == QLatin1String("stop"))
        verb = tr("Stop now");
    else if (action == QLatin1String("reduce_lr"))
        verb = tr("Reduce the learning rate");
    else if (action == QLatin1String("restore_best"))
        verb = tr("Stop and restore epoch %1").arg(lk::epochNumber(h.bestEpoch));
    m_recommendation->setText(
        tr("<b>Recommendation: %1.</b> %2").arg(verb, h.recommendation.reason.toHtmlEscaped()));
    m_recommendation->setAccessibleName(tr("Recommendation: %1. %2").arg(verb, h.recommendation.reason));

    const auto best =
        std::find_if(it->cbegin(), it->cend(), [&](const EpochRecord &e) { return e.epoch == h.bestEpoch; });
    if (best != it->cend()) {
        const int number = lk::epochNumber(best->epoch);
        const CurveMarker marker{
            best->lastStep, double(number), best->wallSeconds, tr("best epoch %1").arg(number)};
        m_lossChart->setMarker(marker);
        m_accuracyChart->setMarker(marker);
    }
    Q_EMIT healthChanged();
}

void TrainingPanel::updateControls()
{
    const bool hasWorkspace = m_session && m_session->workspace().has_value();
    const bool training = isTraining();
    const bool paused = m_job && m_job->isPaused();
    m_newAction->setEnabled(hasWorkspace && !training);
    m_pauseAction->setEnabled(training && !paused);
    m_continueAction->setEnabled(training && paused);
    m_cancelAction->setEnabled(training);
    const lk::runs::RunSummary *run = m_model->runAt(m_model->rowOf(m_current));
    const bool resumable = run
        && (run->status == QLatin1String("cancelled") || run->status == QLatin1String("failed")
            || run->status == QLatin1String("interrupted"));
    m_resumeAction->setEnabled(hasWorkspace && !training && resumable);
}

} // namespace lk::ui
