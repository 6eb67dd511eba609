#include "ui/panels/ReviewQueuePanel.h"

#include "core/workspace/Workspace.h"

#include <QDir>

namespace lk::ui {

ReviewQueuePanel::ReviewQueuePanel(QWidget *parent)
    : Panel(QStringLiteral("reviewQueuePanel"), parent)
{
    setEmptyState({
        tr("No proposed memory rules"),
        tr("Memory rules mined from audit summaries will wait here for a decision: approve (A), edit then "
           "approve (E), reject with a reason (R) or defer (D). Only approved rules are written to the "
           "workspace's context/memory/ folder."),
        tr("Proposals come from batches of audit summaries, mined with loopkeeper-cli rules mine --audit "
           "FILE."),
        false,
    });
}

QString ReviewQueuePanel::title() const
{
    return tr("Review queue");
}

void ReviewQueuePanel::setWorkspace(const lk::WorkspaceInfo *info)
{
    setWorkspaceNote(info ? tr("Approved rules are written to %1")
                                .arg(QDir(info->root).filePath(QStringLiteral("context/memory")))
                          : QString());
}

} // namespace lk::ui
