#pragma once

#include "ui/panels/Panel.h"

namespace lk::ui {

/// The Rollout panel.
class RolloutPanel : public Panel
{
    Q_OBJECT
public:
    explicit RolloutPanel(QWidget *parent = nullptr);
    QString title() const override;
};

} // namespace lk::ui
