// The SQLite wrapper: statements, bindings, transactions that roll back unless committed.
#include "core/common/Error.h"
#include "core/storage/Database.h"

#include <QTemporaryDir>
#include <QtTest>

using lk::storage::Database;
using lk::storage::Transaction;

class TestDatabase : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_path = m_dir.filePath(QStringLiteral("t%1.db").arg(++m_counter));
    }

    void bindsAndReadsEveryType()
    {
        Database db = Database::open(m_path, Database::Mode::ReadWriteCreate);
        db.exec("CREATE TABLE t (i INTEGER, d REAL, s TEXT, b BLOB, n TEXT)");
        const QByteArray blob("\x00\x01\xff", 3);
        db.prepare("INSERT INTO t VALUES (?, ?, ?, ?, ?)")
            .bind(1, std::int64_t(1) << 40)
            .bind(2, 2.5)
            .bind(3, QStringLiteral("Grüße ✓"))
            .bind(4, blob)
            .bindNull(5)
            .run();
        QCOMPARE(db.changes(), 1);
        auto q = db.prepare("SELECT i, d, s, b, n FROM t");
        QVERIFY(q.step());
        QCOMPARE(q.columnInt64(0), std::int64_t(1) << 40);
        QCOMPARE(q.columnDouble(1), 2.5);
        QCOMPARE(q.columnText(2), QStringLiteral("Grüße ✓"));
        QCOMPARE(q.columnBlob(3), blob);
        QVERIFY(q.columnIsNull(4));
        QVERIFY(!q.columnIsNull(0));
        QVERIFY(!q.step());
    }

    void statementIsReusableAfterReset()
    {
        Database db = Database::open(m_path, Database::Mode::ReadWriteCreate);
        db.exec("CREATE TABLE t (v INTEGER)");
        auto insert = db.prepare("INSERT INTO t VALUES (?)");
        for (int i = 0; i < 10; ++i) {
            insert.bind(1, i).run();
            insert.reset();
        }
        QCOMPARE(db.queryInt("SELECT sum(v) FROM t").value(), 45);
    }

    void transactionRollsBackUnlessCommitted()
    {
        Database db = Database::open(m_path, Database::Mode::ReadWriteCreate);
        db.exec("CREATE TABLE t (v INTEGER)");
        {
            Transaction tx(db);
            db.exec("INSERT INTO t VALUES (1)");
        }
        QCOMPARE(db.queryInt("SELECT count(*) FROM t").value(), 0);
        {
            Transaction tx(db);
            db.exec("INSERT INTO t VALUES (1)");
            tx.commit();
        }
        QCOMPARE(db.queryInt("SELECT count(*) FROM t").value(), 1);
    }

    void nestedTransactionsAreSavepoints()
    {
        Database db = Database::open(m_path, Database::Mode::ReadWriteCreate);
        db.exec("CREATE TABLE n (v INTEGER)");
        {
            Transaction outer(db);
            db.exec("INSERT INTO n VALUES (1)");
            {
                Transaction inner(db); // not committed: only its own row goes
                db.exec("INSERT INTO n VALUES (2)");
            }
            {
                Transaction inner(db);
                db.exec("INSERT INTO n VALUES (3)");
                inner.commit(); // into the outer transaction, not yet to disk
            }
            QCOMPARE(db.queryInt("SELECT sum(v) FROM n").value(), 4);
            outer.commit();
        }
        QCOMPARE(db.queryInt("SELECT sum(v) FROM n").value(), 4);
        {
            Transaction outer(db); // rolled back: takes the committed inner part with it
            Transaction inner(db);
            db.exec("INSERT INTO n VALUES (10)");
            inner.commit();
        }
        QCOMPARE(db.queryInt("SELECT sum(v) FROM n").value(), 4);
    }

    void errorsSayWhatFailed()
    {
        Database db = Database::open(m_path, Database::Mode::ReadWriteCreate);
        try {
            db.exec("CREATE TABLE oops (x INTEGER,,)");
            QFAIL("malformed SQL was accepted");
        } catch (const lk::Error &e) {
            QVERIFY2(e.message().contains(QStringLiteral("syntax error")), qPrintable(e.message()));
            QVERIFY(e.message().contains(m_path));
        }
        QVERIFY_THROWS_EXCEPTION(lk::Error, db.prepare("SELECT * FROM missing_table"));
    }

    void readOnlyOpenNeitherCreatesNorWrites()
    {
        const QString missing = m_dir.filePath(QStringLiteral("missing.db"));
        QVERIFY_THROWS_EXCEPTION(lk::Error, Database::open(missing, Database::Mode::ReadOnly));
        QVERIFY(!QFile::exists(missing));

        {
            Database db = Database::open(m_path, Database::Mode::ReadWriteCreate);
            db.exec("CREATE TABLE t (v INTEGER)");
        }
        Database ro = Database::open(m_path, Database::Mode::ReadOnly);
        try {
            ro.exec("INSERT INTO t VALUES (1)");
            QFAIL("a read-only connection wrote");
        } catch (const lk::Error &e) {
            QCOMPARE(e.kind(), lk::ErrorKind::Workspace);
        }
    }

    void versionIsReported() { QVERIFY(lk::storage::sqliteVersion().startsWith(QLatin1Char('3'))); }

private:
    QTemporaryDir m_dir;
    QString m_path;
    int m_counter = 0;
};

QTEST_GUILESS_MAIN(TestDatabase)
#include "tst_database.moc"
