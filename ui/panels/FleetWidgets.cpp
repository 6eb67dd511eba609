#include "ui/panels/FleetWidgets.h"

#include <QAbstractButton>
#include <QAction>
#include <QCoreApplication>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QTreeWidget>

namespace lk::ui::fleetwidgets {

namespace {

void nameHeader(QHeaderView *header, const QString &objectName, const QString &accessibleName)
{
    header->setObjectName(objectName);
    header->setAccessibleName(QCoreApplication::translate("FleetWidgets", "%1 columns").arg(accessibleName));
}

} // namespace

QTableWidget *table(
    QWidget *parent, const QString &objectName, const QString &accessibleName, const QStringList &headers)
{
    auto *t = new QTableWidget(0, int(headers.size()), parent);
    t->setObjectName(objectName);
    t->setAccessibleName(accessibleName);
    t->setHorizontalHeaderLabels(headers);
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    t->setSelectionMode(QAbstractItemView::SingleSelection);
    t->setAlternatingRowColors(true);
    t->setWordWrap(false);
    t->verticalHeader()->hide();
    t->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    t->horizontalHeader()->setStretchLastSection(true);
    t->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    nameHeader(t->horizontalHeader(), objectName + QStringLiteral("Header"), accessibleName);
    t->verticalHeader()->setObjectName(objectName + QStringLiteral("RowHeader"));
    t->verticalHeader()->setAccessibleName(
        QCoreApplication::translate("FleetWidgets", "%1 rows").arg(accessibleName));
    t->setCornerButtonEnabled(false);
    for (QAbstractButton *corner : t->findChildren<QAbstractButton *>()) {
        corner->setObjectName(objectName + QStringLiteral("Corner"));
        corner->setAccessibleName(accessibleName);
    }
    return t;
}

QTreeWidget *list(
    QWidget *parent, const QString &objectName, const QString &accessibleName, const QStringList &headers)
{
    auto *t = new QTreeWidget(parent);
    t->setObjectName(objectName);
    t->setAccessibleName(accessibleName);
    t->setHeaderLabels(headers);
    t->setRootIsDecorated(false);
    t->setUniformRowHeights(true);
    t->setAlternatingRowColors(true);
    t->setSelectionMode(QAbstractItemView::SingleSelection);
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->header()->setStretchLastSection(true);
    t->header()->setSectionResizeMode(QHeaderView::Interactive);
    nameHeader(t->header(), objectName + QStringLiteral("Header"), accessibleName);
    return t;
}

QTableWidgetItem *cell(const QString &text, bool number)
{
    auto *item = new QTableWidgetItem(text);
    if (number)
        item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

QPushButton *actionButton(
    QAction *action, const QString &objectName, const QString &accessibleName, QWidget *parent)
{
    auto *button = new QPushButton(parent);
    button->setObjectName(objectName);
    button->setAccessibleName(accessibleName);
    const auto sync = [button, action] {
        button->setText(action->text());
        QString tip = action->toolTip();
        if (!action->shortcut().isEmpty())
            tip += QStringLiteral(" (%1)").arg(action->shortcut().toString(QKeySequence::NativeText));
        button->setToolTip(tip);
        button->setEnabled(action->isEnabled());
    };
    sync();
    QObject::connect(action, &QAction::changed, button, sync);
    QObject::connect(button, &QPushButton::clicked, action, &QAction::trigger);
    return button;
}

QLabel *errorBanner(QWidget *parent, const QString &objectName)
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setStyleSheet(QStringLiteral(
        "QLabel { background: #c0392b; color: white; padding: 4px 8px; border-radius: 4px; }"));
    label->hide();
    return label;
}

QLabel *caption(const QString &text, QWidget *buddy, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setBuddy(buddy);
    return label;
}

} // namespace lk::ui::fleetwidgets
