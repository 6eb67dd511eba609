#pragma once

// Shared by the panel tests: an isolated, English, quiet application; answering the modal
// dialogs panels open without blocking; reading table cells; optional screenshots.

#include "core/logging/Logging.h"
#include "core/workspace/WorkspaceSession.h"

#include <QAbstractButton>
#include <QApplication>
#include <QDir>
#include <QLocale>
#include <QMessageBox>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QAbstractItemView>
#include <QTableView>
#include <QTimer>
#include <QWidget>

namespace lk::test {

/// Settings in a test location, English numbers and dates, no log on the terminal.
inline void prepareGuiTest(const QString &applicationName)
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("LoopkeeperTest"));
    QCoreApplication::setApplicationName(applicationName);
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    LogSink::install(TerminalLog::Off, false);
}

/// Opens the workspace at `root` (created if missing) in `session` and waits, up to 20 s, until
/// it is open; false if it did not open.
inline bool openSession(WorkspaceSession &session, const QString &root)
{
    QSignalSpy opened(&session, &WorkspaceSession::opened);
    session.open(root);
    return !opened.isEmpty() || opened.wait(20000);
}

/// Clicks a button of the next modal dialog once it is up (the panels open their dialogs
/// without blocking); records the dialog's text. Gives up after the deadline.
inline void answerNextDialog(const QString &buttonName, QString *text, bool *seen, int remainingMs = 10000)
{
    QTimer::singleShot(20, qApp, [=] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (!box) {
            if (remainingMs > 0)
                answerNextDialog(buttonName, text, seen, remainingMs - 20);
            return;
        }
        *seen = true;
        *text = box->text() + QLatin1Char('\n') + box->informativeText();
        if (auto *button = box->findChild<QAbstractButton *>(buttonName))
            button->click();
    });
}

/// The text of a table cell as its view shows it, empty if there is none.
inline QString cellText(QAbstractItemView *t, int row, int column)
{
    if (!t || !t->model() || row < 0 || row >= t->model()->rowCount())
        return {};
    return t->model()->index(row, column).data().toString();
}

/// Rows of a table's model (0 without one).
inline int rowCount(QAbstractItemView *t)
{
    return t && t->model() ? t->model()->rowCount() : 0;
}

/// The row of the view's current index (-1 without one).
inline int currentRow(QAbstractItemView *t)
{
    return t && t->currentIndex().isValid() ? t->currentIndex().row() : -1;
}

/// Saves a picture of `w` when LOOPKEEPER_SCREENSHOTS names a folder (to look at the layout).
inline void screenshot(QWidget *w, const QString &name)
{
    const QString dir = qEnvironmentVariable("LOOPKEEPER_SCREENSHOTS");
    if (dir.isEmpty())
        return;
    QCoreApplication::processEvents(); // lay the charts out as they would be shown
    w->grab().save(QDir(dir).filePath(name + QStringLiteral(".png")));
}

} // namespace lk::test
