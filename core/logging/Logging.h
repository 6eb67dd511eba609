#pragma once

#include <QDateTime>
#include <QLoggingCategory>
#include <QObject>
#include <QString>
#include <QVector>

#include <atomic>
#include <cstdint>

// One category per module; enable debug output with --verbose or QT_LOGGING_RULES.
Q_DECLARE_LOGGING_CATEGORY(lcApp)
Q_DECLARE_LOGGING_CATEGORY(lcStorage)
Q_DECLARE_LOGGING_CATEGORY(lcWorkspace)
Q_DECLARE_LOGGING_CATEGORY(lcTraining)
Q_DECLARE_LOGGING_CATEGORY(lcCli)
Q_DECLARE_LOGGING_CATEGORY(lcUi)

namespace lk {

/// One logged message as kept in memory for the console's log panel.
struct LogEntry
{
    std::uint64_t sequence = 0;
    QDateTime time;
    QtMsgType type = QtDebugMsg;
    QString category;
    QString message;
};

/// Where terminal output goes and how much of it.
enum class TerminalLog {
    Off, ///< nothing on stderr (the CLI's default: stderr carries JSON errors)
    Info, ///< info, warnings and errors
    Verbose, ///< everything, debug included
};

/// Process-wide log sink: Qt's message handler writes each message to the terminal, to a
/// size-rotated file in the workspace's logs/ folder, and keeps recent warnings and errors
/// in memory. Safe to call from any thread. Messages logged before a file is attached still
/// reach the terminal and the in-memory buffer.
class LogSink : public QObject
{
    Q_OBJECT
public:
    static LogSink &instance();

    /// Installs the message handler and the category filter (debug on when verbose).
    static void install(TerminalLog terminal, bool verbose);

    /// Writes to DIR/NAME.log from now on, rotating at maxBytes and keeping `keep` old files.
    /// Returns false (and logs why) if the folder or file cannot be written.
    bool attachFile(const QString &dir, const QString &name, qint64 maxBytes = 5 * 1024 * 1024, int keep = 5);
    /// Stops writing to a file (e.g. before switching workspaces).
    void detachFile();
    QString filePath() const;

    /// Warnings and errors newer than `afterSequence`, oldest first (at most the last 500).
    QVector<LogEntry> entriesAfter(std::uint64_t afterSequence) const;
    /// Forgets the kept warnings and errors.
    void clearEntries();

    /// Formats one line the way the file and the terminal show it.
    static QString formatLine(const LogEntry &entry);

Q_SIGNALS:
    /// Emitted (from any thread) when a warning or error arrives after the last drain;
    /// receivers drain with entriesAfter() rather than expecting one signal per message.
    void entriesAvailable();

private:
    LogSink() = default;
    static void handler(QtMsgType type, const QMessageLogContext &context, const QString &msg);
    void write(QtMsgType type, const char *category, const QString &msg);
    void rotateLocked();

    struct Private;
    Private *d();
};

} // namespace lk
