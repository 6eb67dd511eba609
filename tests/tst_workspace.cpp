// Workspaces: creation, reopening, read-only inspection, and refusal of files that are not
// ours — which must stay byte-for-byte as they were.
#include "common/TestSupport.h"
#include "core/common/Error.h"
#include "core/storage/Database.h"
#include "core/storage/Migrations.h"
#include "core/workspace/Workspace.h"
#include "core/workspace/WorkspaceSession.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QThreadPool>
#include <QtTest>

using lk::Workspace;
using lk::storage::Database;

class TestWorkspace : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QVERIFY(m_tmp.isValid()); }

    void createsFoldersAndDatabase()
    {
        const QString root = fresh();
        const Workspace ws = Workspace::open(root);
        QVERIFY(ws.createdNow());
        QCOMPARE(ws.root(), root);
        for (const QString &folder : Workspace::folderNames())
            QVERIFY2(QFileInfo(QDir(root).filePath(folder)).isDir(), qPrintable(folder));
        QVERIFY(QFileInfo(QDir(root).filePath(QStringLiteral("context/memory"))).isDir());

        Database db = ws.connect();
        auto mode = db.prepare("PRAGMA journal_mode");
        QVERIFY(mode.step());
        QCOMPARE(mode.columnText(0), QStringLiteral("wal"));
        QCOMPARE(db.queryInt("PRAGMA foreign_keys").value(), 1);
        QCOMPARE(db.queryInt("PRAGMA user_version").value(), lk::storage::currentSchemaVersion());

        const lk::WorkspaceInfo info = ws.info();
        QCOMPARE(info.schemaVersion, lk::storage::currentSchemaVersion());
        QVERIFY(!info.workspaceId.isEmpty());
        QVERIFY(info.createdBy.startsWith(QStringLiteral("loopkeeper ")));
        QVERIFY(QDateTime::fromString(info.createdAt, Qt::ISODateWithMs).isValid());
        QVERIFY(info.missingFolders.isEmpty());
        QCOMPARE(int(info.migrations.size()), lk::storage::currentSchemaVersion());
    }

    void reopeningKeepsIdentity()
    {
        const QString root = fresh();
        const QString id = Workspace::open(root).info().workspaceId;
        const Workspace again = Workspace::open(root, Workspace::OpenMode::ExistingOnly);
        QVERIFY(!again.createdNow());
        QCOMPARE(again.info().workspaceId, id);
    }

    void existingOnlyRefusesMissingWorkspace()
    {
        const QString root = fresh();
        try {
            Workspace::open(root, Workspace::OpenMode::ExistingOnly);
            QFAIL("opened a workspace that does not exist");
        } catch (const lk::Error &e) {
            QCOMPARE(e.kind(), lk::ErrorKind::Workspace);
            QVERIFY(e.message().contains(QStringLiteral("workspace init")));
        }
        QVERIFY(!QFileInfo::exists(root));
    }

    void inspectChangesNothing()
    {
        const QString root = fresh();
        QVERIFY_THROWS_EXCEPTION(lk::Error, Workspace::inspect(root));
        QVERIFY(!QFileInfo::exists(root));

        Workspace::open(root);
        QVERIFY(QDir(root).rmdir(QStringLiteral("inbox")));
        const QByteArray before = lk::test::fileSha256(QDir(root).filePath(Workspace::kDatabaseFile));
        const lk::WorkspaceInfo info = Workspace::inspect(root);
        QCOMPARE(info.missingFolders, QStringList { QStringLiteral("inbox") });
        QVERIFY(!QFileInfo::exists(QDir(root).filePath(QStringLiteral("inbox"))));
        QCOMPARE(lk::test::fileSha256(QDir(root).filePath(Workspace::kDatabaseFile)), before);
    }

    void refusesForeignFilesUntouched_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("expected");
        QTest::newRow("text") << QByteArray("name,value\nalpha,1\n") << QStringLiteral("not an SQLite file");
        QTest::newRow("short binary") << QByteArray("\x7f"
                                                    "ELF",
            4) << QStringLiteral("not an SQLite file");
        QByteArray longText(4096, 'x');
        QTest::newRow("long text") << longText << QStringLiteral("not an SQLite file");
        QByteArray fakeHeader("SQLite format 3\0", 16);
        fakeHeader.append(QByteArray(200, '\xee'));
        QTest::newRow("corrupt sqlite header") << fakeHeader << QStringLiteral("Nothing was changed");
    }

    void refusesForeignFilesUntouched()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, expected);
        const QString root = fresh();
        QVERIFY(QDir().mkpath(root));
        const QString db = QDir(root).filePath(Workspace::kDatabaseFile);
        QVERIFY(lk::test::writeFile(db, content));
        const QByteArray before = lk::test::fileSha256(db);
        const QDateTime mtime = QFileInfo(db).lastModified();

        for (const QString &target : { root, db }) { // the folder, or the file itself
            try {
                Workspace::open(target);
                QFAIL("a foreign file was accepted");
            } catch (const lk::Error &e) {
                QCOMPARE(e.kind(), lk::ErrorKind::Workspace);
                QVERIFY2(e.message().contains(expected), qPrintable(e.message()));
            }
            QVERIFY_THROWS_EXCEPTION(lk::Error, Workspace::inspect(target));
        }
        QCOMPARE(lk::test::fileSha256(db), before);
        QCOMPARE(QFileInfo(db).lastModified(), mtime);
        QCOMPARE(QDir(root).entryList(QDir::AllEntries | QDir::NoDotAndDotDot),
            QStringList { Workspace::kDatabaseFile });
    }

    void refusesOtherApplicationsSqliteUntouched()
    {
        const QString root = fresh();
        QVERIFY(QDir().mkpath(root));
        const QString path = QDir(root).filePath(Workspace::kDatabaseFile);
        {
            Database other = Database::open(path, Database::Mode::ReadWriteCreate);
            other.exec("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('Ada');");
        }
        const QByteArray before = lk::test::fileSha256(path);
        try {
            Workspace::open(root);
            QFAIL("another application's database was accepted");
        } catch (const lk::Error &e) {
            QVERIFY2(e.message().contains(QStringLiteral("another application")), qPrintable(e.message()));
        }
        QCOMPARE(lk::test::fileSha256(path), before);
    }

    void refusesNewerSchemaUntouched()
    {
        const QString root = fresh();
        Workspace::open(root);
        const QString path = QDir(root).filePath(Workspace::kDatabaseFile);
        {
            Database db = Database::open(path, Database::Mode::ReadWrite);
            db.exec("PRAGMA user_version = " + std::to_string(lk::storage::currentSchemaVersion() + 5));
            db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        const QByteArray before = lk::test::fileSha256(path);
        try {
            Workspace::open(root);
            QFAIL("a newer workspace was opened");
        } catch (const lk::Error &e) {
            QVERIFY2(e.message().contains(QStringLiteral("newer Loopkeeper")), qPrintable(e.message()));
            QVERIFY(e.message().contains(QString::number(lk::storage::currentSchemaVersion() + 5)));
        }
        QVERIFY_THROWS_EXCEPTION(lk::Error, Workspace::inspect(root));
        QCOMPARE(lk::test::fileSha256(path), before);
    }

    void emptySqliteFileIsAdopted()
    {
        const QString root = fresh();
        QVERIFY(QDir().mkpath(root));
        QVERIFY(lk::test::writeFile(QDir(root).filePath(Workspace::kDatabaseFile), QByteArray()));
        const Workspace ws = Workspace::open(root);
        QVERIFY(ws.createdNow());
        QCOMPARE(ws.info().schemaVersion, lk::storage::currentSchemaVersion());
    }

    void fileWithAnotherNameIsNotAWorkspace()
    {
        const QString root = fresh();
        Workspace::open(root);
        const QString copy = QDir(root).filePath(QStringLiteral("copy.db"));
        QVERIFY(QFile::copy(QDir(root).filePath(Workspace::kDatabaseFile), copy));
        QVERIFY_THROWS_EXCEPTION(lk::Error, Workspace::open(copy));
        // The database file itself stands for its folder.
        QCOMPARE(Workspace::open(QDir(root).filePath(Workspace::kDatabaseFile)).root(), root);
    }

    void resolveRootPrefersOptionThenEnvironment()
    {
        qputenv("LOOPKEEPER_WORKSPACE", m_tmp.filePath(QStringLiteral("from-env")).toUtf8());
        QCOMPARE(Workspace::resolveRoot(m_tmp.filePath(QStringLiteral("opt"))),
            m_tmp.filePath(QStringLiteral("opt")));
        QCOMPARE(Workspace::resolveRoot({}, QStringLiteral("/remembered")),
            m_tmp.filePath(QStringLiteral("from-env")));
        qunsetenv("LOOPKEEPER_WORKSPACE");
        QCOMPARE(Workspace::resolveRoot({}, QStringLiteral("/remembered")), QStringLiteral("/remembered"));
        QVERIFY(Workspace::resolveRoot({}).endsWith(QStringLiteral("/workspace")));
    }

    void sessionOpensInTheBackground()
    {
        lk::WorkspaceSession session;
        QSignalSpy opened(&session, &lk::WorkspaceSession::opened);
        QSignalSpy failed(&session, &lk::WorkspaceSession::openFailed);
        const QString root = fresh();
        session.open(root);
        QCOMPARE(session.state(), lk::WorkspaceSession::State::Opening);
        QVERIFY(opened.wait(10000));
        QCOMPARE(session.state(), lk::WorkspaceSession::State::Ready);
        QCOMPARE(session.info().root, root);
        QVERIFY(session.workspace().has_value());

        // A failed switch reports the error and keeps the open workspace.
        const QString bad = fresh();
        QVERIFY(QDir().mkpath(bad));
        QVERIFY(lk::test::writeFile(QDir(bad).filePath(Workspace::kDatabaseFile), "not a db"));
        session.open(bad);
        QVERIFY(failed.wait(10000));
        QCOMPARE(failed.first().at(0).toString(), bad);
        QVERIFY(failed.first().at(1).toString().contains(QStringLiteral("not an SQLite file")));
        QCOMPARE(session.state(), lk::WorkspaceSession::State::Ready);
        QCOMPARE(session.root(), root);

        // Of two quick requests only the newer one is reported.
        opened.clear();
        const QString second = fresh();
        session.open(fresh());
        session.open(second);
        QVERIFY(opened.wait(10000));
        QVERIFY(QThreadPool::globalInstance()->waitForDone(10000));
        QCoreApplication::processEvents(); // deliver the superseded open's result, if late
        QCOMPARE(opened.size(), 1);
        QCOMPARE(session.root(), second);
    }

private:
    QString fresh() { return m_tmp.filePath(QStringLiteral("ws%1").arg(++m_counter)); }

    QTemporaryDir m_tmp;
    int m_counter = 0;
};

QTEST_GUILESS_MAIN(TestWorkspace)
#include "tst_workspace.moc"
