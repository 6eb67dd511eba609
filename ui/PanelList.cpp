#include "ui/PanelList.h"

#include "ui/panels/Panel.h"

#include <QAccessible>
#include <QApplication>
#include <QPainter>
#include <QStyledItemDelegate>

namespace lk::ui {

namespace {

/// The widest state line the list makes room for without cutting it.
const char *const kWidestState = "rolling out 10/10";

QColor levelColor(int level)
{
    switch (level) {
    case 2:
        return QColor(0xd6, 0x27, 0x28);
    case 1:
        return QColor(0xe0, 0x8e, 0x0b);
    default:
        return QColor(0x2c, 0xa0, 0x2c);
    }
}

/// Paints a row as its title and, when the panel has one, its state on a second, smaller line
/// after a coloured dot.
class PanelRowDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        QSize size = QStyledItemDelegate::sizeHint(option, index);
        const QFontMetrics small(smallFont(option.font));
        size.setHeight(size.height() + small.height() + 2);
        size.setWidth(std::max(size.width(), small.horizontalAdvance(QString::fromLatin1(kWidestState)) + 32));
        return size;
    }

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        QStyleOptionViewItem opt = option;
        initStyleOption(&opt, index);
        const QString title = opt.text;
        opt.text.clear(); // the style draws the background, selection and focus; the text is ours
        QStyle *style = opt.widget ? opt.widget->style() : QApplication::style();
        style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, opt.widget);

        const QFontMetrics small(smallFont(option.font));
        const int stateHeight = small.height() + 2;
        const bool selected = option.state & QStyle::State_Selected;
        const QColor text = option.palette.color(selected ? QPalette::HighlightedText : QPalette::Text);
        painter->save();
        painter->setPen(text);
        painter->setFont(option.font);
        const QRect titleRect = option.rect.adjusted(8, 2, -4, -stateHeight);
        painter->drawText(titleRect, Qt::AlignVCenter | Qt::AlignLeft,
            option.fontMetrics.elidedText(title, Qt::ElideRight, titleRect.width()));

        const QString state = index.data(PanelList::StateRole).toString();
        if (!state.isEmpty()) {
            const QRect line(option.rect.left() + 10, option.rect.bottom() - stateHeight - 1,
                option.rect.width() - 14, stateHeight);
            const int dot = small.height() / 2;
            painter->setRenderHint(QPainter::Antialiasing);
            painter->setPen(Qt::NoPen);
            painter->setBrush(levelColor(index.data(PanelList::LevelRole).toInt()));
            painter->drawEllipse(QRect(line.left(), line.center().y() - dot / 2, dot, dot));
            painter->setFont(smallFont(option.font));
            painter->setPen(text);
            painter->drawText(line.adjusted(dot + 6, 0, 0, 0), Qt::AlignVCenter | Qt::AlignLeft,
                small.elidedText(state, Qt::ElideRight, line.width() - dot - 6));
        }
        painter->restore();
    }

private:
    static QFont smallFont(QFont font)
    {
        font.setPointSizeF(font.pointSizeF() * 0.85);
        return font;
    }
};

} // namespace

PanelList::PanelList(QWidget *parent)
    : QListWidget(parent)
{
    setItemDelegate(new PanelRowDelegate(this));
    setUniformItemSizes(true);
    setSelectionMode(QAbstractItemView::SingleSelection);
}

void PanelList::setPanels(const QVector<lk::ui::Panel *> &panels)
{
    clear();
    m_panels = panels;
    for (int row = 0; row < panels.size(); ++row) {
        addItem(panels[row]->title());
        connect(panels[row], &lk::ui::Panel::liveStateChanged, this, [this, row] { updateRow(row); });
        updateRow(row);
    }
}

QString PanelList::stateText(int row) const
{
    const QListWidgetItem *it = item(row);
    return it ? it->data(StateRole).toString() : QString();
}

void PanelList::updateRow(int row)
{
    QListWidgetItem *it = item(row);
    if (!it || row >= m_panels.size())
        return;
    const lk::ui::Panel *panel = m_panels[row];
    const QString state = panel->liveState();
    if (it->data(StateRole).toString() == state && it->data(LevelRole).toInt() == panel->liveStateLevel())
        return;
    it->setData(StateRole, state);
    it->setData(LevelRole, panel->liveStateLevel());
    const QString spoken = state.isEmpty() ? panel->title() : tr("%1: %2").arg(panel->title(), state);
    it->setData(Qt::AccessibleTextRole, spoken);
    it->setToolTip(spoken);
    if (QAccessible::isActive()) {
        QAccessibleEvent event(this, QAccessible::NameChanged);
        event.setChild(row);
        QAccessible::updateAccessibility(&event);
    }
}

} // namespace lk::ui
