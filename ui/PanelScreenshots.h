#pragma once

#include <QDir>
#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QSize>
#include <QStringList>

class QTimer;

namespace lk::ui {

class MainWindow;
class Panel;

/// Renders each panel of the console to DIR/<name>.png once it shows real data (the pictures of
/// docs/, made by scripts/docs-images with `loopkeeper --screenshots DIR`).
///
/// Panels are shown one after the other. A panel is ready when it has drawn a snapshot with
/// something in it (its snapshotShown() signal and no empty state); the Training panel when its
/// run list has a run and the selected run's finished epochs are drawn. Each panel has a
/// deadline; a panel that shows no data by then is reported and left out.
class PanelScreenshots : public QObject
{
    Q_OBJECT
public:
    /// `window` must stay alive until finished(). `deadlineMs` applies to each panel.
    PanelScreenshots(MainWindow *window, const QString &directory, int deadlineMs, QObject *parent = nullptr);

    /// The file name (without .png) of a panel: its object name without "Panel", in kebab case
    /// ("reviewQueuePanel" → "review-queue").
    static QString fileNameOf(const Panel *panel);

    /// Starts with the first panel; the window should be shown and its workspace opening.
    void start();
    /// Files written so far.
    QStringList written() const { return m_written; }

Q_SIGNALS:
    /// All panels were handled: exit code 0 when every panel was saved, 1 otherwise.
    void finished(int exitCode);

private Q_SLOTS:
    void onSnapshotShown();

private:
    void showPanel(int index);
    void poll();
    bool isReady(Panel *panel) const;
    void capture();
    void next();

    QPointer<MainWindow> m_window;
    QDir m_directory;
    int m_deadlineMs = 60000;
    int m_index = -1;
    bool m_drawn = false;     ///< the current panel drew a snapshot since it was shown
    bool m_settling = false;  ///< ready; waiting for the last layouts before the grab
    QElapsedTimer m_elapsed;  ///< since the current panel was shown
    QTimer *m_poll = nullptr;
    QStringList m_written;
    QStringList m_failed;
};

} // namespace lk::ui
