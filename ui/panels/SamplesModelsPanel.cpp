#include "ui/panels/SamplesModelsPanel.h"

#include "core/workspace/Workspace.h"

#include <QDir>

namespace lk::ui {

SamplesModelsPanel::SamplesModelsPanel(QWidget *parent)
    : Panel(QStringLiteral("samplesModelsPanel"), parent)
{
    setEmptyState({
        tr("No samples or models yet"),
        tr("Escalated samples by status, node, class and day, the training trigger's state, training jobs, "
           "and the model registry with its lineage will appear here."),
        tr("Samples arrive through POST /api/samples, JSONL files dropped in the workspace's inbox/ folder, "
           "or loopkeeper-cli samples ingest."),
        false,
    });
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
}

} // namespace lk::ui
