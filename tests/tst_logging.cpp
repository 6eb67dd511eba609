// The log sink: terminal/file/in-memory fan-out, rotation, and coalesced notification.
#include "core/logging/Logging.h"

#include <QDir>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtConcurrent/QtConcurrentRun>
#include <QtTest>

using lk::LogSink;

class TestLogging : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        LogSink::install(lk::TerminalLog::Off, false);
    }

    void keepsWarningsNotInfo()
    {
        LogSink::instance().clearEntries();
        qCInfo(lcStorage) << "an info line";
        qCWarning(lcStorage) << "a warning line";
        qCCritical(lcTraining) << "an error line";
        const auto entries = LogSink::instance().entriesAfter(0);
        QCOMPARE(entries.size(), 2);
        QCOMPARE(entries[0].category, QStringLiteral("loopkeeper.storage"));
        QVERIFY(entries[0].message.contains(QStringLiteral("a warning line")));
        QCOMPARE(entries[1].type, QtCriticalMsg);
        QVERIFY(entries[1].sequence > entries[0].sequence);
        QCOMPARE(LogSink::instance().entriesAfter(entries[0].sequence).size(), 1);
    }

    void debugIsFilteredUnlessVerbose()
    {
        QVERIFY(!lcStorage().isDebugEnabled());
        LogSink::install(lk::TerminalLog::Off, true);
        QVERIFY(lcStorage().isDebugEnabled());
        LogSink::install(lk::TerminalLog::Off, false);
        QVERIFY(!lcStorage().isDebugEnabled());
    }

    void writesAndRotatesFile()
    {
        const QString dir = m_dir.filePath(QStringLiteral("logs"));
        QVERIFY(LogSink::instance().attachFile(dir, QStringLiteral("test"), 2000, 3));
        QCOMPARE(LogSink::instance().filePath(), QDir(dir).filePath(QStringLiteral("test.log")));
        for (int i = 0; i < 200; ++i)
            qCInfo(lcApp) << "line" << i << QString(20, QLatin1Char('x'));
        LogSink::instance().detachFile();

        const QStringList files =
            QDir(dir).entryList({ QStringLiteral("test.log*") }, QDir::Files, QDir::Name);
        QCOMPARE(files,
            (QStringList { QStringLiteral("test.log"), QStringLiteral("test.log.1"),
                QStringLiteral("test.log.2"), QStringLiteral("test.log.3") }));
        for (const QString &f : files)
            QVERIFY2(QFileInfo(QDir(dir).filePath(f)).size() <= 2000, qPrintable(f));
        QFile current(QDir(dir).filePath(QStringLiteral("test.log")));
        QVERIFY(current.open(QIODevice::ReadOnly));
        const QByteArray text = current.readAll();
        QVERIFY(text.contains("I loopkeeper.app: line 199"));
    }

    void notifiesOncePerDrainFromAnyThread()
    {
        LogSink::instance().entriesAfter(0); // drain: the next warning notifies again
        QSignalSpy spy(&LogSink::instance(), &LogSink::entriesAvailable);
        auto future = QtConcurrent::run([] {
            for (int i = 0; i < 100; ++i)
                qCWarning(lcTraining) << "worker warning" << i;
        });
        future.waitForFinished();
        QTRY_COMPARE_WITH_TIMEOUT(spy.size(), 1, 5000);
        const auto entries = LogSink::instance().entriesAfter(0);
        QVERIFY(entries.last().message.contains(QStringLiteral("worker warning 99")));
        qCWarning(lcTraining) << "after the drain";
        QTRY_COMPARE_WITH_TIMEOUT(spy.size(), 2, 5000);
    }

private:
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestLogging)
#include "tst_logging.moc"
