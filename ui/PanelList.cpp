#include "ui/PanelList.h"

#include "ui/panels/Panel.h"

#include <QAccessible>
#include <QApplication>
#include <QPainter>
#include <QStyledItemDelegate>

#include <algorithm>

namespace lk::ui {

namespace {

/// The widest state line the list makes room for without cutting it.
const char *const kWidestState = "rolling out 10/10";
/// Space around a row's two lines, and between them.
constexpr int kMargin = 5;
constexpr int kGap = 1;

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
        // Every row has room for its title and a state line, so that rows do not move when a
        // state comes or goes.
        const QFontMetrics title(option.font);
        const QFontMetrics small(smallFont(option.font));
        const int width = std::max(title.horizontalAdvance(index.data(Qt::DisplayRole).toString()),
                              small.horizontalAdvance(QString::fromLatin1(kWidestState)) + small.height())
            + 2 * kMargin;
        return {width, kMargin + title.height() + kGap + small.height() + kMargin};
    }

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        QStyleOptionViewItem opt = option;
        initStyleOption(&opt, index);
        const QString title = opt.text;
        opt.text.clear(); // the style draws the background, selection and focus; the text is ours
        QStyle *style = opt.widget ? opt.widget->style() : QApplication::style();
        style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, opt.widget);

        const QFontMetrics titleMetrics(option.font);
        const QFont smallFace = smallFont(option.font);
        const QFontMetrics small(smallFace);
        const bool selected = option.state & QStyle::State_Selected;
        const QColor text = option.palette.color(selected ? QPalette::HighlightedText : QPalette::Text);
        painter->save();
        painter->setPen(text);
        painter->setFont(option.font);
        const QRect titleRect(option.rect.left() + kMargin, option.rect.top() + kMargin,
            option.rect.width() - 2 * kMargin, titleMetrics.height());
        painter->drawText(titleRect, Qt::AlignVCenter | Qt::AlignLeft,
            titleMetrics.elidedText(title, Qt::ElideRight, titleRect.width()));

        const QString state = index.data(PanelList::StateRole).toString();
        if (!state.isEmpty()) {
            const QRect line(option.rect.left() + kMargin + 2, titleRect.bottom() + 1 + kGap,
                option.rect.width() - 2 * kMargin - 2, small.height());
            const int dot = std::max(6, small.height() / 2);
            painter->setRenderHint(QPainter::Antialiasing);
            painter->setPen(Qt::NoPen);
            painter->setBrush(levelColor(index.data(PanelList::LevelRole).toInt()));
            painter->drawEllipse(QRect(line.left(), line.center().y() - dot / 2, dot, dot));
            painter->setFont(smallFace);
            painter->setPen(text);
            const QRect words = line.adjusted(dot + 5, 0, 0, 0);
            painter->drawText(words, Qt::AlignVCenter | Qt::AlignLeft,
                small.elidedText(state, Qt::ElideRight, words.width()));
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
