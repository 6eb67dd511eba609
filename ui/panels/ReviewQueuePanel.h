#pragma once

#include "ui/panels/Panel.h"

namespace lk::ui {

/// The Review queue panel.
class ReviewQueuePanel : public Panel
{
    Q_OBJECT
public:
    explicit ReviewQueuePanel(QWidget *parent = nullptr);
    QString title() const override;
    void setWorkspace(const lk::WorkspaceInfo *info) override;
};

} // namespace lk::ui
