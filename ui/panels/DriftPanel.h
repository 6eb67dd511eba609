#pragma once

#include "ui/panels/Panel.h"

namespace lk::ui {

/// The Drift panel.
class DriftPanel : public Panel
{
    Q_OBJECT
public:
    explicit DriftPanel(QWidget *parent = nullptr);
    QString title() const override;
};

} // namespace lk::ui
