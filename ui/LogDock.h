#pragma once

#include <QDockWidget>

#include <cstdint>

class QPlainTextEdit;
class QPushButton;
class QTimer;

namespace lk::ui {

/// Recent warnings and errors of this process. Messages arrive from any thread; the dock
/// drains the log sink on a coalescing timer, so a burst of messages costs one repaint.
class LogDock : public QDockWidget
{
    Q_OBJECT
public:
    explicit LogDock(QWidget *parent = nullptr);

    /// Warnings and errors shown since the last clear.
    int count() const { return m_count; }

Q_SIGNALS:
    /// The number of shown entries changed (for the status bar indicator).
    void countChanged(int count);

private:
    void drain();
    void clear();

    QPlainTextEdit *m_view = nullptr;
    QTimer *m_coalesce = nullptr;
    std::uint64_t m_lastSequence = 0;
    int m_count = 0;
};

} // namespace lk::ui
