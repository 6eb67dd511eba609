#include "ui/panels/DriftPanel.h"

namespace lk::ui {

DriftPanel::DriftPanel(QWidget *parent)
    : Panel(QStringLiteral("driftPanel"), parent)
{
    setEmptyState({
        tr("No drift data yet"),
        tr("Escalation rate against its baseline per edge node and model version, accuracy drift from "
           "corrected escalations, and input-distribution drift (PSI, Kolmogorov-Smirnov, Page-Hinkley, "
           "ADWIN) will appear here, with alerts and the training triggers they fired."),
        tr("Edge nodes (loopkeeper-node) report their predictions and escalations to this console."),
        false,
    });
}

QString DriftPanel::title() const
{
    return tr("Drift");
}

} // namespace lk::ui
