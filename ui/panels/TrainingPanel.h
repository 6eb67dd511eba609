#pragma once

#include "ui/panels/Panel.h"

namespace lk::ui {

/// The Training panel.
class TrainingPanel : public Panel
{
    Q_OBJECT
public:
    explicit TrainingPanel(QWidget *parent = nullptr);
    QString title() const override;
};

} // namespace lk::ui
