#pragma once

#include "ui/panels/Panel.h"

namespace lk::ui {

/// The Samples & Models panel.
class SamplesModelsPanel : public Panel
{
    Q_OBJECT
public:
    explicit SamplesModelsPanel(QWidget *parent = nullptr);
    QString title() const override;
    void setWorkspace(const lk::WorkspaceInfo *info) override;
};

} // namespace lk::ui
