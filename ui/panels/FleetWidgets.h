#pragma once

#include <QString>
#include <QStringList>

class QAction;
class QLabel;
class QPushButton;
class QTableWidget;
class QTableWidgetItem;
class QTreeWidget;
class QWidget;

namespace lk::ui::fleetwidgets {

/// A read-only table with row selection, named (with its header and corner button) for screen
/// readers and tests.
QTableWidget *table(
    QWidget *parent, const QString &objectName, const QString &accessibleName, const QStringList &headers);
/// A flat read-only list with columns (no tree decoration), named like table().
QTreeWidget *list(
    QWidget *parent, const QString &objectName, const QString &accessibleName, const QStringList &headers);
/// A table cell; numbers are right-aligned.
QTableWidgetItem *cell(const QString &text, bool number = false);
/// A push button that mirrors `action` (text, tooltip with its shortcut, enabled) and triggers it.
QPushButton *actionButton(
    QAction *action, const QString &objectName, const QString &accessibleName, QWidget *parent);
/// A red banner for what went wrong; hidden until it has text.
QLabel *errorBanner(QWidget *parent, const QString &objectName);
/// A caption whose mnemonic moves the focus to `buddy`.
QLabel *caption(const QString &text, QWidget *buddy, QWidget *parent);

} // namespace lk::ui::fleetwidgets
