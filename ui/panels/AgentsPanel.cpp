#include "ui/panels/AgentsPanel.h"

namespace lk::ui {

AgentsPanel::AgentsPanel(QWidget *parent)
    : Panel(QStringLiteral("agentsPanel"), parent)
{
    setEmptyState({
        tr("No agent outcomes yet"),
        tr("Each agent's success rate with its credible interval, latency and quality trends and execution "
           "counts will appear here, with ranked recommendations of which agent to use for a task."),
        tr("Outcome events arrive through POST /api/learning/outcomes, JSONL files in the workspace's inbox/ "
           "folder, or loopkeeper-cli outcomes ingest."),
        false,
    });
}

QString AgentsPanel::title() const
{
    return tr("Agents");
}

} // namespace lk::ui
