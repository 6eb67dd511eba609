#include "ui/panels/TrainingPanel.h"

namespace lk::ui {

TrainingPanel::TrainingPanel(QWidget *parent)
    : Panel(QStringLiteral("trainingPanel"), parent)
{
    setEmptyState({
        tr("No training runs yet"),
        tr("Live loss and accuracy curves of each run will appear here, with overfitting, plateau and "
           "divergence flags as they occur, the best epoch marked, and an early-stopping recommendation with "
           "its reason."),
        tr("Runs are started from this panel or with loopkeeper-cli train, on Fashion-MNIST or on the "
           "workspace's corrected samples."),
        false,
    });
}

QString TrainingPanel::title() const
{
    return tr("Training");
}

} // namespace lk::ui
