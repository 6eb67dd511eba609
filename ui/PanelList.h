#pragma once

#include <QListWidget>
#include <QVector>

namespace lk::ui {

class Panel;

/// The console's navigation: one row per panel with its title and, under it, the panel's live
/// state ("3 pending", "canary 1/4", "2 drifting") with a coloured mark for how urgent it is.
/// State changes are announced to screen readers.
class PanelList : public QListWidget
{
    Q_OBJECT
public:
    explicit PanelList(QWidget *parent = nullptr);

    /// Lists `panels` in order and follows their live state.
    void setPanels(const QVector<lk::ui::Panel *> &panels);
    /// The state line of row `row` as shown (empty: none).
    QString stateText(int row) const;

    /// Item data roles.
    enum Role {
        StateRole = Qt::UserRole + 1, ///< the panel's live state text
        LevelRole, ///< 0 calm, 1 worth a look, 2 needs an operator
    };

private:
    void updateRow(int row);

    QVector<lk::ui::Panel *> m_panels;
};

} // namespace lk::ui
