#pragma once

#include "ui/panels/Panel.h"

namespace lk::ui {

/// The Agents panel.
class AgentsPanel : public Panel
{
    Q_OBJECT
public:
    explicit AgentsPanel(QWidget *parent = nullptr);
    QString title() const override;
};

} // namespace lk::ui
