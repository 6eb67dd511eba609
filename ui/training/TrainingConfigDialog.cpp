#include "ui/training/TrainingConfigDialog.h"

#include "core/common/Error.h"
#include "core/training/ImageDataset.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QVBoxLayout>

namespace lk::ui {

namespace {
const QString kLastConfigKey = QStringLiteral("training/lastConfig");

template<typename W>
W *named(W *widget, const char *name, const QString &accessible)
{
    widget->setObjectName(QString::fromLatin1(name));
    widget->setAccessibleName(accessible);
    return widget;
}
} // namespace

TrainingConfigDialog::TrainingConfigDialog(QWidget *parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("trainingConfigDialog"));
    setWindowTitle(tr("New Training Run"));
    setAccessibleName(windowTitle());

    m_dataset = named(new QLineEdit(this), "datasetEdit", tr("Dataset folder"));
    m_dataset->setPlaceholderText(lk::training::defaultFashionMnistDir());
    auto *browse =
        named(new QPushButton(tr("Browse…"), this), "datasetBrowseButton", tr("Choose the dataset folder"));
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(
            this, tr("Dataset folder (MNIST-format IDX files)"), m_dataset->text());
        if (!dir.isEmpty())
            m_dataset->setText(dir);
    });
    auto *datasetRow = new QHBoxLayout;
    datasetRow->addWidget(m_dataset, 1);
    datasetRow->addWidget(browse);

    m_model = named(new QComboBox(this), "modelCombo", tr("Model"));
    m_model->addItem(tr("small-cnn (2 conv layers)"), QStringLiteral("small-cnn"));
    m_model->addItem(tr("mlp (2 hidden layers)"), QStringLiteral("mlp"));
    m_parent = named(new QLineEdit(this), "parentEdit", tr("Fine-tune from model"));
    m_parent->setPlaceholderText(tr("empty: train from scratch; or a model.pt to fine-tune"));

    m_epochs = named(new QSpinBox(this), "epochsSpin", tr("Epochs"));
    m_epochs->setRange(1, 100000);
    m_batch = named(new QSpinBox(this), "batchSpin", tr("Batch size"));
    m_batch->setRange(1, 65536);
    m_lr = named(new QDoubleSpinBox(this), "learningRateSpin", tr("Learning rate"));
    m_lr->setDecimals(6);
    m_lr->setRange(0.000001, 10.0);
    m_lr->setSingleStep(0.0001);
    m_optimizer = named(new QComboBox(this), "optimizerCombo", tr("Optimizer"));
    m_optimizer->addItem(tr("Adam"), QStringLiteral("adam"));
    m_optimizer->addItem(tr("SGD with momentum"), QStringLiteral("sgd"));
    m_momentum = named(new QDoubleSpinBox(this), "momentumSpin", tr("Momentum"));
    m_momentum->setRange(0, 0.999);
    m_momentum->setSingleStep(0.05);
    m_weightDecay = named(new QDoubleSpinBox(this), "weightDecaySpin", tr("Weight decay"));
    m_weightDecay->setDecimals(6);
    m_weightDecay->setRange(0, 1);
    m_seed = named(new QSpinBox(this), "seedSpin", tr("Seed"));
    m_seed->setRange(0, 2147483647);
    m_threads = named(new QSpinBox(this), "threadsSpin", tr("Threads"));
    m_threads->setRange(0, 256);
    m_threads->setSpecialValueText(tr("automatic"));
    m_valFraction = named(new QDoubleSpinBox(this), "validationSpin", tr("Validation share"));
    m_valFraction->setRange(0.01, 0.9);
    m_valFraction->setSingleStep(0.05);
    m_trainLimit = named(new QSpinBox(this), "trainLimitSpin", tr("Training images"));
    m_trainLimit->setRange(0, 100000000);
    m_trainLimit->setSpecialValueText(tr("all"));
    m_testLimit = named(new QSpinBox(this), "testLimitSpin", tr("Test images"));
    m_testLimit->setRange(0, 100000000);
    m_testLimit->setSpecialValueText(tr("all"));
    m_earlyStop = named(new QCheckBox(tr("Stop early when curve health says so"), this), "earlyStopCheck",
        tr("Early stopping"));
    m_patience = named(new QSpinBox(this), "patienceSpin", tr("Patience"));
    m_patience->setRange(0, 100000);
    m_minDelta = named(new QDoubleSpinBox(this), "minDeltaSpin", tr("Minimum improvement"));
    m_minDelta->setDecimals(5);
    m_minDelta->setRange(0, 100);
    connect(m_earlyStop, &QCheckBox::toggled, m_patience, &QWidget::setEnabled);
    connect(m_earlyStop, &QCheckBox::toggled, m_minDelta, &QWidget::setEnabled);
    connect(m_optimizer, &QComboBox::currentIndexChanged, this,
        [this] { m_momentum->setEnabled(m_optimizer->currentData().toString() == QLatin1String("sgd")); });

    auto *form = new QFormLayout;
    form->addRow(tr("&Dataset:"), datasetRow);
    form->addRow(tr("&Model:"), m_model);
    form->addRow(tr("&Fine-tune from:"), m_parent);
    form->addRow(tr("&Epochs:"), m_epochs);
    form->addRow(tr("&Batch size:"), m_batch);
    form->addRow(tr("&Learning rate:"), m_lr);
    form->addRow(tr("&Optimizer:"), m_optimizer);
    form->addRow(tr("Mo&mentum:"), m_momentum);
    form->addRow(tr("&Weight decay:"), m_weightDecay);
    form->addRow(tr("&Seed:"), m_seed);
    form->addRow(tr("&Threads:"), m_threads);
    form->addRow(tr("&Validation share:"), m_valFraction);
    form->addRow(tr("Training &images:"), m_trainLimit);
    form->addRow(tr("Test i&mages:"), m_testLimit);
    form->addRow(QString(), m_earlyStop);
    form->addRow(tr("&Patience (epochs):"), m_patience);
    form->addRow(tr("Minimum i&mprovement:"), m_minDelta);

    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("configErrorLabel"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #c0392b;"));
    m_error->hide();

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->setObjectName(QStringLiteral("configButtons"));
    buttons->button(QDialogButtonBox::Ok)->setText(tr("&Start"));
    buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("startRunButton"));
    buttons->button(QDialogButtonBox::Ok)->setAccessibleName(tr("Start the run"));
    buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("cancelConfigButton"));
    buttons->button(QDialogButtonBox::Cancel)->setAccessibleName(tr("Cancel"));
    connect(buttons, &QDialogButtonBox::accepted, this, &TrainingConfigDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(buttons);

    lk::training::TrainingConfig remembered;
    const QByteArray saved = QSettings().value(kLastConfigKey).toByteArray();
    if (!saved.isEmpty()) {
        try {
            remembered = lk::training::TrainingConfig::fromJson(QJsonDocument::fromJson(saved).object());
        } catch (const lk::Error &) {
            remembered = {}; // an unreadable memory is not worth an error: start from defaults
        }
    }
    setConfig(remembered);
}

void TrainingConfigDialog::setConfig(const lk::training::TrainingConfig &c)
{
    m_dataset->setText(c.datasetDir.isEmpty() ? lk::training::defaultFashionMnistDir() : c.datasetDir);
    m_model->setCurrentIndex(qMax(0, m_model->findData(c.model)));
    m_parent->setText(c.parentArtifact);
    m_epochs->setValue(c.epochs);
    m_batch->setValue(c.batchSize);
    m_lr->setValue(c.learningRate);
    m_optimizer->setCurrentIndex(qMax(0, m_optimizer->findData(lk::training::optimizerName(c.optimizer))));
    m_momentum->setValue(c.momentum);
    m_momentum->setEnabled(c.optimizer == lk::training::OptimizerKind::Sgd);
    m_weightDecay->setValue(c.weightDecay);
    m_seed->setValue(int(c.seed & 0x7fffffff));
    m_threads->setValue(c.threads);
    m_valFraction->setValue(c.validationFraction);
    m_trainLimit->setValue(c.trainLimit);
    m_testLimit->setValue(c.testLimit);
    m_earlyStop->setChecked(c.earlyStopping);
    m_patience->setValue(c.earlyStopPatience);
    m_patience->setEnabled(c.earlyStopping);
    m_minDelta->setValue(c.earlyStopMinDelta);
    m_minDelta->setEnabled(c.earlyStopping);
}

lk::training::TrainingConfig TrainingConfigDialog::config() const
{
    lk::training::TrainingConfig c;
    c.datasetDir = m_dataset->text().trimmed();
    c.model = m_model->currentData().toString();
    c.parentArtifact = m_parent->text().trimmed();
    c.epochs = m_epochs->value();
    c.batchSize = m_batch->value();
    c.learningRate = m_lr->value();
    c.optimizer = m_optimizer->currentData().toString() == QLatin1String("sgd")
        ? lk::training::OptimizerKind::Sgd
        : lk::training::OptimizerKind::Adam;
    c.momentum = m_momentum->value();
    c.weightDecay = m_weightDecay->value();
    c.seed = std::uint64_t(m_seed->value());
    c.threads = m_threads->value();
    c.validationFraction = m_valFraction->value();
    c.trainLimit = m_trainLimit->value();
    c.testLimit = m_testLimit->value();
    c.earlyStopping = m_earlyStop->isChecked();
    c.earlyStopPatience = m_patience->value();
    c.earlyStopMinDelta = m_minDelta->value();
    return c;
}

void TrainingConfigDialog::accept()
{
    const lk::training::TrainingConfig c = config();
    try {
        c.validate();
    } catch (const lk::Error &e) {
        m_error->setText(e.message());
        m_error->show();
        return;
    }
    QSettings().setValue(kLastConfigKey, QJsonDocument(c.toJson()).toJson(QJsonDocument::Compact));
    QDialog::accept();
}

} // namespace lk::ui
