#include "ui/panels/StartRolloutDialog.h"

#include "ui/panels/FleetText.h"
#include "ui/panels/FleetWidgets.h"
#include "ui/panels/LoopText.h"

#include "core/common/Error.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace lk::ui {

namespace {

constexpr int kSecondsPer[] = {1, 60, 3600};

/// The window in the largest unit that divides it: 3600 s → 1 h.
std::pair<int, int> windowInUnits(int seconds)
{
    if (seconds % 3600 == 0)
        return {seconds / 3600, 2};
    if (seconds % 60 == 0)
        return {seconds / 60, 1};
    return {seconds, 0};
}

} // namespace

StartRolloutDialog::StartRolloutDialog(const std::vector<lk::loop::ModelVersion> &versions,
    const lk::rollout::RolloutPlan &plan, int edgeNodes, QWidget *parent)
    : QDialog(parent)
    , m_basePlan(plan)
    , m_edgeNodes(edgeNodes)
{
    setObjectName(QStringLiteral("startRolloutDialog"));
    setWindowTitle(tr("Start Rollout"));
    setAccessibleName(tr("Start a rollout"));

    m_registered = new QRadioButton(tr("&Registered version:"), this);
    m_registered->setObjectName(QStringLiteral("registeredVersionRadio"));
    m_registered->setAccessibleName(tr("Roll out a registered version"));
    m_version = new QComboBox(this);
    m_version->setObjectName(QStringLiteral("registeredVersionCombo"));
    m_version->setAccessibleName(tr("Registered version"));
    for (const lk::loop::ModelVersion &v : versions) {
        m_version->addItem(tr("%1 (%2, %3)").arg(v.name(), v.status, LoopText::time(v.createdAt)), v.name());
        const int row = m_version->count() - 1;
        m_version->setItemData(row, v.artifactPath, Qt::UserRole + 1);
        m_version->setItemData(row, v.sha256, Qt::UserRole + 2);
        m_version->setItemData(row, tr("%1\nsha256 %2").arg(v.artifactPath, v.sha256), Qt::ToolTipRole);
    }

    m_file = new QRadioButton(tr("Artifact &file:"), this);
    m_file->setObjectName(QStringLiteral("artifactFileRadio"));
    m_file->setAccessibleName(tr("Roll out an artifact file"));
    m_artifact = new QLineEdit(this);
    m_artifact->setObjectName(QStringLiteral("artifactPathEdit"));
    m_artifact->setAccessibleName(tr("Artifact file"));
    m_artifact->setPlaceholderText(tr("TorchScript file (.pt)"));
    m_browse = new QPushButton(tr("&Browse…"), this);
    m_browse->setObjectName(QStringLiteral("browseArtifactButton"));
    m_browse->setAccessibleName(tr("Browse for the artifact file"));
    connect(m_browse, &QPushButton::clicked, this, &StartRolloutDialog::browse);
    m_versionName = new QLineEdit(this);
    m_versionName->setObjectName(QStringLiteral("versionNameEdit"));
    m_versionName->setAccessibleName(tr("Version name"));
    m_versionName->setPlaceholderText(tr("what the nodes will report, e.g. fashion-mnist@4"));
    m_sha256 = new QLineEdit(this);
    m_sha256->setObjectName(QStringLiteral("sha256Edit"));
    m_sha256->setAccessibleName(tr("Expected SHA-256"));
    m_sha256->setPlaceholderText(tr("optional: refuse the file unless it has this sha256"));

    QStringList steps;
    for (int s : plan.steps)
        steps.append(QString::number(s));
    m_steps = new QLineEdit(steps.join(QStringLiteral(", ")), this);
    m_steps->setObjectName(QStringLiteral("stepsEdit"));
    m_steps->setAccessibleName(tr("Steps in percent of the edge nodes"));
    m_steps->setToolTip(
        tr("Cumulative shares of the edge nodes, rising and ending at 100; the first step is the "
           "canary. 10, 100 is a 10 % canary, then everyone."));
    m_window = new QSpinBox(this);
    m_window->setObjectName(QStringLiteral("windowSpin"));
    m_window->setAccessibleName(tr("Watch window"));
    m_window->setRange(1, 7 * 86400);
    m_windowUnit = new QComboBox(this);
    m_windowUnit->setObjectName(QStringLiteral("windowUnitCombo"));
    m_windowUnit->setAccessibleName(tr("Unit of the watch window"));
    m_windowUnit->addItems({tr("seconds"), tr("minutes"), tr("hours")});
    const auto [amount, unit] = windowInUnits(plan.windowSeconds);
    m_window->setValue(amount);
    m_windowUnit->setCurrentIndex(unit);
    m_maxFailures = new QSpinBox(this);
    m_maxFailures->setObjectName(QStringLiteral("maxFailuresSpin"));
    m_maxFailures->setAccessibleName(tr("Node failures tolerated"));
    m_maxFailures->setRange(0, 100000);
    m_maxFailures->setValue(plan.maxFailures);
    m_maxFailures->setToolTip(
        tr("More nodes failing to take the model than this aborts the rollout and rolls back."));

    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("startRolloutSummary"));
    m_summary->setWordWrap(true);
    m_busyLabel = new QLabel(tr("Asking every node what it serves…"), this);
    m_busyLabel->setObjectName(QStringLiteral("startRolloutBusy"));
    m_busyLabel->hide();
    m_error = fleetwidgets::errorBanner(this, QStringLiteral("startRolloutError"));

    m_buttons = new QDialogButtonBox(this);
    m_buttons->setObjectName(QStringLiteral("startRolloutButtons"));
    m_startButton = m_buttons->addButton(tr("&Start Rollout"), QDialogButtonBox::AcceptRole);
    m_startButton->setObjectName(QStringLiteral("confirmStartRolloutButton"));
    m_startButton->setAccessibleName(tr("Start rollout"));
    QPushButton *cancel = m_buttons->addButton(QDialogButtonBox::Cancel);
    cancel->setObjectName(QStringLiteral("cancelStartRolloutButton"));
    cancel->setAccessibleName(tr("Cancel"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &StartRolloutDialog::onStart);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *fileRow = new QHBoxLayout;
    fileRow->addWidget(m_artifact, 1);
    fileRow->addWidget(m_browse);
    auto *windowRow = new QHBoxLayout;
    windowRow->addWidget(m_window);
    windowRow->addWidget(m_windowUnit);
    windowRow->addStretch(1);
    auto *form = new QFormLayout;
    form->addRow(m_registered, m_version);
    form->addRow(m_file, fileRow);
    form->addRow(fleetwidgets::caption(tr("Version &name:"), m_versionName, this), m_versionName);
    form->addRow(fleetwidgets::caption(tr("SHA-&256:"), m_sha256, this), m_sha256);
    form->addRow(fleetwidgets::caption(tr("S&teps (%):"), m_steps, this), m_steps);
    form->addRow(fleetwidgets::caption(tr("&Watch window:"), m_window, this), windowRow);
    form->addRow(fleetwidgets::caption(tr("Failures to&lerated:"), m_maxFailures, this), m_maxFailures);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_summary);
    layout->addWidget(m_busyLabel);
    layout->addWidget(m_error);
    layout->addWidget(m_buttons);

    const bool haveVersions = m_version->count() > 0;
    m_registered->setEnabled(haveVersions);
    (haveVersions ? m_registered : m_file)->setChecked(true);
    if (!haveVersions)
        m_registered->setToolTip(tr("No registered version has an artifact yet."));
    connect(m_registered, &QRadioButton::toggled, this, &StartRolloutDialog::updateSource);
    for (QLineEdit *edit : {m_steps, m_artifact, m_versionName})
        connect(edit, &QLineEdit::textChanged, this, &StartRolloutDialog::updateSummary);
    connect(m_version, &QComboBox::currentIndexChanged, this, &StartRolloutDialog::updateSummary);
    connect(m_window, &QSpinBox::valueChanged, this, &StartRolloutDialog::updateSummary);
    connect(m_windowUnit, &QComboBox::currentIndexChanged, this, &StartRolloutDialog::updateSummary);
    updateSource();
    resize(std::max(sizeHint().width(), 560), sizeHint().height());
}

void StartRolloutDialog::updateSource()
{
    const bool registered = m_registered->isChecked();
    m_version->setEnabled(registered && !m_busy);
    for (QWidget *w : std::initializer_list<QWidget *>{m_artifact, m_browse, m_versionName, m_sha256})
        w->setEnabled(!registered && !m_busy);
    updateSummary();
}

lk::rollout::RolloutPlan StartRolloutDialog::plan() const
{
    QJsonObject json = m_basePlan.toJson();
    QJsonArray steps;
    for (const QString &part : m_steps->text().split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        bool ok = false;
        const int x = part.trimmed().remove(QLatin1Char('%')).trimmed().toInt(&ok);
        if (!ok)
            throw Error(ErrorKind::Input,
                tr("Steps are percentages separated by commas, e.g. 10, 50, 100; \"%1\" is not one.")
                    .arg(part.trimmed()));
        steps.append(x);
    }
    json.insert(QStringLiteral("steps"), steps);
    json.insert(
        QStringLiteral("window_seconds"), m_window->value() * kSecondsPer[m_windowUnit->currentIndex()]);
    json.insert(QStringLiteral("max_failures"), m_maxFailures->value());
    return lk::rollout::RolloutPlan::fromJson(json);
}

lk::rollout::StartRequest StartRolloutDialog::request(const QString &by) const
{
    lk::rollout::StartRequest r;
    if (m_registered->isChecked()) {
        if (m_version->currentIndex() < 0)
            throw Error(ErrorKind::Input, tr("Choose a registered version."));
        r.modelVersion = m_version->currentData().toString();
        r.artifactPath = m_version->currentData(Qt::UserRole + 1).toString();
        r.sha256 = m_version->currentData(Qt::UserRole + 2).toString();
    } else {
        r.artifactPath = m_artifact->text().trimmed();
        if (r.artifactPath.isEmpty())
            throw Error(ErrorKind::Input, tr("Choose the artifact file to roll out."));
        r.artifactPath = QFileInfo(r.artifactPath).absoluteFilePath();
        r.modelVersion = m_versionName->text().trimmed();
        if (r.modelVersion.isEmpty())
            throw Error(ErrorKind::Input, tr("Give the version name the nodes will report for this file."));
        r.sha256 = m_sha256->text().trimmed().toLower();
    }
    r.plan = plan();
    r.by = by;
    return r;
}

void StartRolloutDialog::updateSummary()
{
    try {
        const lk::rollout::RolloutPlan p = plan();
        const QString version =
            m_registered->isChecked() ? m_version->currentData().toString() : m_versionName->text().trimmed();
        const QString what = version.isEmpty() ? tr("The model") : version;
        if (m_edgeNodes <= 0) {
            m_summary->setText(tr("The fleet file lists no edge nodes yet."));
        } else if (p.steps.size() == 1) {
            m_summary->setText(
                tr("%1 goes to all %2 edge nodes at once, without a canary.").arg(what).arg(m_edgeNodes));
        } else {
            QStringList next;
            for (std::size_t i = 1; i < p.steps.size(); ++i)
                next.append(QStringLiteral("%1 %").arg(p.steps[i]));
            m_summary->setText(
                tr("%1 goes to %2 of %3 edge nodes first (the canary), watched for %4 and judged against the "
                   "others; if the judge passes it, it goes on to %5.")
                    .arg(what)
                    .arg(p.targetCount(0, m_edgeNodes))
                    .arg(m_edgeNodes)
                    .arg(LoopText::duration(p.windowSeconds), next.join(QStringLiteral(" → "))));
        }
    } catch (const Error &e) {
        m_summary->setText(e.message());
    }
}

void StartRolloutDialog::browse()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Artifact to Roll Out"),
        QFileInfo(m_artifact->text()).absolutePath(), tr("TorchScript models (*.pt *.pth);;All files (*)"));
    if (!path.isEmpty())
        m_artifact->setText(path);
}

void StartRolloutDialog::onStart()
{
    if (m_busy)
        return;
    QString by = qEnvironmentVariable("USER");
    if (by.isEmpty())
        by = qEnvironmentVariable("USERNAME", QStringLiteral("operator"));
    try {
        const lk::rollout::StartRequest r = request(by);
        showError(QString());
        Q_EMIT startRequested(r);
    } catch (const Error &e) {
        showError(e.message());
    }
}

void StartRolloutDialog::setBusy(bool busy)
{
    m_busy = busy;
    m_busyLabel->setVisible(busy);
    m_startButton->setEnabled(!busy);
    for (QWidget *w : std::initializer_list<QWidget *>{
             m_registered, m_file, m_steps, m_window, m_windowUnit, m_maxFailures})
        w->setEnabled(!busy && (w != m_registered || m_version->count() > 0));
    updateSource();
}

void StartRolloutDialog::showError(const QString &message)
{
    m_error->setText(message);
    m_error->setVisible(!message.isEmpty());
}

QString StartRolloutDialog::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

} // namespace lk::ui
