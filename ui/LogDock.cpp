#include "ui/LogDock.h"

#include "core/logging/Logging.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

namespace lk::ui {

namespace {
constexpr int kCoalesceMs = 100; // at most 10 drains a second, however many messages
constexpr int kMaxLines = 2000;
} // namespace

LogDock::LogDock(QWidget *parent)
    : QDockWidget(tr("Log"), parent)
{
    setObjectName(QStringLiteral("logDock"));
    setAccessibleName(tr("Log: recent warnings and errors"));

    auto *body = new QWidget(this);
    m_view = new QPlainTextEdit(body);
    m_view->setObjectName(QStringLiteral("logView"));
    m_view->setAccessibleName(tr("Recent warnings and errors"));
    m_view->setReadOnly(true);
    m_view->setMaximumBlockCount(kMaxLines);
    m_view->setPlaceholderText(tr("No warnings or errors. Everything this process logs also goes "
                                  "to the workspace's logs/ folder."));
    m_view->setLineWrapMode(QPlainTextEdit::NoWrap);

    auto *fileLabel = new QLabel(body);
    fileLabel->setObjectName(QStringLiteral("logFileLabel"));
    fileLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *clearButton = new QPushButton(tr("C&lear"), body);
    clearButton->setObjectName(QStringLiteral("logClearButton"));
    clearButton->setAccessibleName(tr("Clear the log view"));
    connect(clearButton, &QPushButton::clicked, this, &LogDock::clear);

    auto *bar = new QHBoxLayout;
    bar->addWidget(fileLabel, 1);
    bar->addWidget(clearButton);
    auto *layout = new QVBoxLayout(body);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_view);
    layout->addLayout(bar);
    setWidget(body);

    m_coalesce = new QTimer(this);
    m_coalesce->setSingleShot(true);
    m_coalesce->setInterval(kCoalesceMs);
    connect(m_coalesce, &QTimer::timeout, this, [this, fileLabel] {
        const QString file = LogSink::instance().filePath();
        fileLabel->setText(file.isEmpty() ? QString() : tr("Log file: %1").arg(file));
        drain();
    });
    // Queued: the signal may come from a worker thread or from inside the message handler.
    connect(&LogSink::instance(), &LogSink::entriesAvailable, m_coalesce, qOverload<>(&QTimer::start),
        Qt::QueuedConnection);
    m_coalesce->start();
}

void LogDock::drain()
{
    const QVector<LogEntry> entries = LogSink::instance().entriesAfter(m_lastSequence);
    if (entries.isEmpty())
        return;
    QStringList lines;
    lines.reserve(entries.size());
    for (const LogEntry &e : entries)
        lines.append(LogSink::formatLine(e));
    m_view->appendPlainText(lines.join(QLatin1Char('\n')));
    m_lastSequence = entries.last().sequence;
    m_count += int(entries.size());
    Q_EMIT countChanged(m_count);
}

void LogDock::clear()
{
    m_view->clear();
    m_count = 0;
    Q_EMIT countChanged(m_count);
}

} // namespace lk::ui
