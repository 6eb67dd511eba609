#include "ui/panels/RolloutPanel.h"

namespace lk::ui {

RolloutPanel::RolloutPanel(QWidget *parent)
    : Panel(QStringLiteral("rolloutPanel"), parent)
{
    setEmptyState({
        tr("No edge nodes registered"),
        tr("Every edge node will appear here as a tile coloured by model version and health, with canary "
           "progress, the judge's verdicts and score, and buttons to start, pause, promote or roll back a "
           "rollout."),
        tr("Nodes come from a fleet file that lists loopkeeper-node agents with their addresses."),
        false,
    });
}

QString RolloutPanel::title() const
{
    return tr("Rollout");
}

} // namespace lk::ui
