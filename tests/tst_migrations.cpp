// Schema migrations: numbered, forward-only, one transaction each, recorded.
#include "core/common/Error.h"
#include "core/storage/Database.h"
#include "core/storage/Migrations.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace lk::storage;

class TestMigrations : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_path = m_dir.filePath(QStringLiteral("m%1.db").arg(++m_counter));
    }

    void emptyDatabaseReachesCurrentVersion()
    {
        Database db = Database::open(m_path, Database::Mode::ReadWriteCreate);
        QStringList seen;
        const std::vector<int> applied = migrate(db, schemaMigrations(),
            [&](int v, const QString &name) { seen.append(QStringLiteral("%1:%2").arg(v).arg(name)); });
        QCOMPARE(int(applied.size()), currentSchemaVersion());
        QCOMPARE(seen.size(), currentSchemaVersion());
        QCOMPARE(db.queryInt("PRAGMA user_version").value(), currentSchemaVersion());
        QCOMPARE(db.queryInt("PRAGMA application_id").value(), kApplicationId);
        QCOMPARE(db.queryInt("SELECT count(*) FROM schema_migrations").value(), currentSchemaVersion());
        QCOMPARE(db.queryInt("SELECT max(version) FROM schema_migrations").value(), currentSchemaVersion());
        QCOMPARE(db.queryInt("SELECT count(*) FROM sqlite_schema WHERE name = 'workspace_meta'").value(), 1);
    }

    void secondRunAppliesNothing()
    {
        Database db = Database::open(m_path, Database::Mode::ReadWriteCreate);
        migrate(db);
        QVERIFY(migrate(db).empty());
        QCOMPARE(db.queryInt("SELECT count(*) FROM schema_migrations").value(), currentSchemaVersion());
    }

    void laterMigrationsApplyOnTopOfEarlierOnes()
    {
        std::vector<Migration> list = {
            { 1, QStringLiteral("one"), "CREATE TABLE a (x INTEGER);" },
        };
        Database db = Database::open(m_path, Database::Mode::ReadWriteCreate);
        QCOMPARE(int(migrate(db, list).size()), 1);
        db.exec("INSERT INTO a VALUES (7)");
        list.push_back(
            { 2, QStringLiteral("two"), "ALTER TABLE a ADD COLUMN y TEXT; CREATE TABLE b (z INTEGER);" });
        list.push_back({ 3, QStringLiteral("three"), "UPDATE a SET y = 'kept';" });
        const std::vector<int> applied = migrate(db, list);
        QCOMPARE(applied, (std::vector<int> { 2, 3 }));
        QCOMPARE(db.queryInt("PRAGMA user_version").value(), 3);
        auto row = db.prepare("SELECT x, y FROM a");
        QVERIFY(row.step());
        QCOMPARE(row.columnInt64(0), 7);
        QCOMPARE(row.columnText(1), QStringLiteral("kept"));
    }

    void failedMigrationLeavesPreviousVersionIntact()
    {
        const std::vector<Migration> list = {
            { 1, QStringLiteral("one"), "CREATE TABLE a (x INTEGER);" },
            // The first statement succeeds, the second fails: both must be rolled back.
            { 2, QStringLiteral("broken"), "CREATE TABLE half (x INTEGER); INSERT INTO nowhere VALUES (1);" },
        };
        Database db = Database::open(m_path, Database::Mode::ReadWriteCreate);
        try {
            migrate(db, list);
            QFAIL("a broken migration was applied");
        } catch (const lk::Error &e) {
            QVERIFY2(e.message().contains(QStringLiteral("migration 2 (broken)")), qPrintable(e.message()));
        }
        QCOMPARE(db.queryInt("PRAGMA user_version").value(), 1);
        QCOMPARE(db.queryInt("SELECT count(*) FROM schema_migrations").value(), 1);
        QCOMPARE(db.queryInt("SELECT count(*) FROM sqlite_schema WHERE name = 'half'").value(), 0);
    }

    void misnumberedListIsRefusedBeforeAnyChange()
    {
        const std::vector<Migration> list = {
            { 1, QStringLiteral("one"), "CREATE TABLE a (x INTEGER);" },
            { 3, QStringLiteral("gap"), "CREATE TABLE c (x INTEGER);" },
        };
        Database db = Database::open(m_path, Database::Mode::ReadWriteCreate);
        QVERIFY_THROWS_EXCEPTION(lk::Error, migrate(db, list));
        QCOMPARE(db.queryInt("PRAGMA user_version").value(), 0);
    }

    void shippedListIsNumberedFromOne()
    {
        const auto &list = schemaMigrations();
        QVERIFY(!list.empty());
        for (size_t i = 0; i < list.size(); ++i) {
            QCOMPARE(list[i].version, int(i) + 1);
            QVERIFY(!list[i].name.isEmpty());
            QVERIFY(!list[i].sql.empty());
        }
    }

private:
    QTemporaryDir m_dir;
    QString m_path;
    int m_counter = 0;
};

QTEST_GUILESS_MAIN(TestMigrations)
#include "tst_migrations.moc"
