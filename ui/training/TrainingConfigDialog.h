#pragma once

#include "core/training/TrainingTypes.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace lk::ui {

/// Asks for a training run's configuration, with sane defaults and a check of every value
/// before it accepts. The values are remembered for the next run.
class TrainingConfigDialog : public QDialog
{
    Q_OBJECT
public:
    explicit TrainingConfigDialog(QWidget *parent = nullptr);

    void setConfig(const lk::training::TrainingConfig &config);
    lk::training::TrainingConfig config() const;

    void accept() override;

private:
    QLineEdit *m_dataset = nullptr;
    QComboBox *m_model = nullptr;
    QLineEdit *m_parent = nullptr;
    QSpinBox *m_epochs = nullptr;
    QSpinBox *m_batch = nullptr;
    QDoubleSpinBox *m_lr = nullptr;
    QComboBox *m_optimizer = nullptr;
    QDoubleSpinBox *m_momentum = nullptr;
    QDoubleSpinBox *m_weightDecay = nullptr;
    QSpinBox *m_seed = nullptr;
    QSpinBox *m_threads = nullptr;
    QDoubleSpinBox *m_valFraction = nullptr;
    QSpinBox *m_trainLimit = nullptr;
    QSpinBox *m_testLimit = nullptr;
    QCheckBox *m_earlyStop = nullptr;
    QSpinBox *m_patience = nullptr;
    QDoubleSpinBox *m_minDelta = nullptr;
    QLabel *m_error = nullptr;
};

} // namespace lk::ui
