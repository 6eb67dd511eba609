#include "core/logging/Logging.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMutex>
#include <QMutexLocker>

#include <cstdio>
#include <deque>

Q_LOGGING_CATEGORY(lcApp, "loopkeeper.app", QtInfoMsg)
Q_LOGGING_CATEGORY(lcStorage, "loopkeeper.storage", QtInfoMsg)
Q_LOGGING_CATEGORY(lcWorkspace, "loopkeeper.workspace", QtInfoMsg)
Q_LOGGING_CATEGORY(lcTraining, "loopkeeper.training", QtInfoMsg)
Q_LOGGING_CATEGORY(lcCli, "loopkeeper.cli", QtInfoMsg)
Q_LOGGING_CATEGORY(lcUi, "loopkeeper.ui", QtInfoMsg)

namespace lk {

namespace {
constexpr int kKeptEntries = 500;
}

struct LogSink::Private
{
    mutable QMutex mutex;
    TerminalLog terminal = TerminalLog::Info;
    bool verbose = false;
    QFile file;
    QString fileDir;
    QString fileName;
    qint64 maxBytes = 0;
    int keep = 0;
    std::uint64_t sequence = 0;
    std::deque<LogEntry> entries;
    std::atomic<bool> signalPending { false };
};

LogSink &LogSink::instance()
{
    static LogSink sink;
    return sink;
}

LogSink::Private *LogSink::d()
{
    static Private p;
    return &p;
}

void LogSink::install(TerminalLog terminal, bool verbose)
{
    LogSink &sink = instance();
    {
        QMutexLocker lock(&sink.d()->mutex);
        sink.d()->terminal = terminal;
        sink.d()->verbose = verbose;
    }
    QLoggingCategory::setFilterRules(
        verbose ? QStringLiteral("loopkeeper.*.debug=true") : QStringLiteral("loopkeeper.*.debug=false"));
    qInstallMessageHandler(&LogSink::handler);
}

void LogSink::handler(QtMsgType type, const QMessageLogContext &context, const QString &msg)
{
    instance().write(type, context.category ? context.category : "default", msg);
    if (type == QtFatalMsg)
        std::abort();
}

static char typeLetter(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg:
        return 'D';
    case QtInfoMsg:
        return 'I';
    case QtWarningMsg:
        return 'W';
    case QtCriticalMsg:
        return 'E';
    case QtFatalMsg:
        return 'F';
    }
    return '?';
}

QString LogSink::formatLine(const LogEntry &entry)
{
    return QStringLiteral("%1 %2 %3: %4")
        .arg(entry.time.toUTC().toString(Qt::ISODateWithMs), QChar::fromLatin1(typeLetter(entry.type)),
            entry.category, entry.message);
}

void LogSink::write(QtMsgType type, const char *category, const QString &msg)
{
    Private *p = d();
    bool notify = false;
    {
        // Nothing inside this lock may log through Qt: the mutex is not recursive.
        QMutexLocker lock(&p->mutex);

        LogEntry entry;
        entry.sequence = ++p->sequence;
        entry.time = QDateTime::currentDateTimeUtc();
        entry.type = type;
        entry.category = QString::fromLatin1(category);
        entry.message = msg;
        const QByteArray line = formatLine(entry).toUtf8() + '\n';

        const bool toTerminal =
            p->terminal == TerminalLog::Verbose || (p->terminal == TerminalLog::Info && type != QtDebugMsg);
        if (toTerminal) {
            std::fwrite(line.constData(), 1, size_t(line.size()), stderr);
            std::fflush(stderr);
        }
        if (p->file.isOpen() && (p->verbose || type != QtDebugMsg)) {
            if (p->maxBytes > 0 && p->file.size() + line.size() > p->maxBytes)
                rotateLocked();
            if (p->file.isOpen()) {
                p->file.write(line);
                p->file.flush();
            }
        }
        if (type == QtWarningMsg || type == QtCriticalMsg || type == QtFatalMsg) {
            p->entries.push_back(std::move(entry));
            while (p->entries.size() > size_t(kKeptEntries))
                p->entries.pop_front();
            notify = !p->signalPending.exchange(true);
        }
    }
    if (notify)
        Q_EMIT entriesAvailable();
}

void LogSink::rotateLocked()
{
    Private *p = d();
    p->file.close();
    const QString base = QDir(p->fileDir).filePath(p->fileName);
    QFile::remove(base + QStringLiteral(".%1").arg(p->keep));
    for (int i = p->keep - 1; i >= 1; --i)
        QFile::rename(base + QStringLiteral(".%1").arg(i), base + QStringLiteral(".%1").arg(i + 1));
    if (p->keep > 0)
        QFile::rename(base, base + QStringLiteral(".1"));
    else
        QFile::remove(base);
    p->file.setFileName(base);
    if (!p->file.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Text))
        std::fprintf(stderr, "loopkeeper: cannot reopen log file %s\n", qPrintable(base));
}

bool LogSink::attachFile(const QString &dir, const QString &name, qint64 maxBytes, int keep)
{
    Private *p = d();
    QString error;
    {
        QMutexLocker lock(&p->mutex);
        p->file.close();
        if (!QDir().mkpath(dir)) {
            error = QStringLiteral("cannot create the log folder %1").arg(dir);
        } else {
            p->fileDir = dir;
            p->fileName = name + QStringLiteral(".log");
            p->maxBytes = maxBytes;
            p->keep = keep;
            p->file.setFileName(QDir(dir).filePath(p->fileName));
            if (!p->file.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Text))
                error = QStringLiteral("cannot write the log file %1: %2")
                            .arg(p->file.fileName(), p->file.errorString());
        }
    }
    if (!error.isEmpty()) {
        qCWarning(lcApp).noquote() << error;
        return false;
    }
    return true;
}

void LogSink::detachFile()
{
    QMutexLocker lock(&d()->mutex);
    d()->file.close();
}

QString LogSink::filePath() const
{
    Private *p = const_cast<LogSink *>(this)->d();
    QMutexLocker lock(&p->mutex);
    return p->file.isOpen() ? QFileInfo(p->file).absoluteFilePath() : QString();
}

QVector<LogEntry> LogSink::entriesAfter(std::uint64_t afterSequence) const
{
    Private *p = const_cast<LogSink *>(this)->d();
    QMutexLocker lock(&p->mutex);
    p->signalPending = false;
    QVector<LogEntry> out;
    for (const LogEntry &e : p->entries) {
        if (e.sequence > afterSequence)
            out.push_back(e);
    }
    return out;
}

void LogSink::clearEntries()
{
    Private *p = d();
    QMutexLocker lock(&p->mutex);
    p->entries.clear();
}

} // namespace lk
