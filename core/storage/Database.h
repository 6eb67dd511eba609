#pragma once

// Why the SQLite3 C API and not Qt SQL: Loopkeeper needs exact control of what touches the
// file (a foreign or newer file must stay byte-for-byte untouched, so it is first opened
// read-only and nothing is written until it is known to be ours), of pragmas per connection
// (WAL, foreign keys, busy timeout, application_id, user_version), and of prepared-statement
// reuse on hot ingest paths. Qt SQL adds a driver plugin that Debian ships separately, named
// connections bound to threads by string, and a QVariant per bound value. This wrapper is
// the smallest RAII layer that gives those guarantees: one Database per thread, statements
// that finalize themselves, transactions that roll back unless committed.

#include <QByteArray>
#include <QByteArrayView>
#include <QCoreApplication>
#include <QString>

#include <cstdint>
#include <optional>
#include <string_view>
#include <type_traits>

struct sqlite3;
struct sqlite3_stmt;

namespace lk::storage {

class Database;

/// A prepared statement. Bind parameters are 1-based, columns 0-based (as in SQLite).
class Statement
{
public:
    Statement(Statement &&other) noexcept;
    Statement &operator=(Statement &&other) noexcept;
    Statement(const Statement &) = delete;
    Statement &operator=(const Statement &) = delete;
    ~Statement();

    /// Binds any integer type (int, qint64, std::int64_t, …) as a 64-bit integer.
    template<typename Int, std::enable_if_t<std::is_integral_v<Int> && !std::is_same_v<Int, bool>, int> = 0>
    Statement &bind(int index, Int value)
    {
        return bindInt64(index, static_cast<std::int64_t>(value));
    }
    Statement &bindInt64(int index, std::int64_t value);
    Statement &bind(int index, double value);
    Statement &bind(int index, const QString &value);
    Statement &bind(int index, const QByteArray &blob);
    /// Binds UTF-8 text without copying it (empty binds NULL): the bytes must stay valid
    /// until the statement has been stepped with them. For hot loops that have UTF-8 at hand.
    Statement &bindUtf8(int index, QByteArrayView utf8);
    Statement &bindNull(int index);

    /// Advances to the next row; returns false when the statement is done.
    bool step();
    /// Runs a statement that returns no rows (or ignores them) to completion.
    void run();
    /// Makes the statement ready to run again with new bindings.
    void reset();

    std::int64_t columnInt64(int column) const;
    double columnDouble(int column) const;
    QString columnText(int column) const;
    QByteArray columnBlob(int column) const;
    bool columnIsNull(int column) const;

private:
    friend class Database;
    Statement(Database *db, sqlite3_stmt *stmt);
    void check(int rc, const char *what) const;

    Database *m_db = nullptr;
    sqlite3_stmt *m_stmt = nullptr;
};

/// One SQLite connection. Not shareable across threads: each thread opens its own.
class Database
{
    Q_DECLARE_TR_FUNCTIONS(Database)

public:
    enum class Mode {
        ReadOnly, ///< never writes; fails if the file does not exist. A database in a folder
                  ///< this process may not write to (so SQLite cannot make its WAL index
                  ///< beside it) is read as immutable when it has no write-ahead log pending.
        ReadWrite, ///< fails if the file does not exist
        ReadWriteCreate, ///< creates the file if needed
    };

    /// Opens the file; throws lk::Error (workspace) if SQLite cannot open it.
    static Database open(const QString &path, Mode mode);

    Database(Database &&other) noexcept;
    Database &operator=(Database &&other) noexcept;
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;
    ~Database();

    const QString &path() const { return m_path; }

    /// Runs one or more SQL statements that return no rows.
    void exec(std::string_view sql);
    /// Prepares one statement.
    Statement prepare(std::string_view sql);
    /// Runs a query whose first column of the first row is an integer (e.g. a PRAGMA).
    std::optional<std::int64_t> queryInt(std::string_view sql);

    std::int64_t lastInsertRowId() const;
    int changes() const;

    /// Text of the connection's most recent error.
    QString lastErrorMessage() const;
    /// SQLite's extended code of the connection's most recent error.
    int lastErrorCode() const;
    /// True when the connection cannot write (opened read-only, or the file is write-protected).
    bool isReadOnly() const;
    /// True when the most recent error means the file or its folder cannot be written
    /// (SQLITE_READONLY, or SQLITE_CANTOPEN / SQLITE_PERM for the journal or WAL files).
    bool lastErrorIsReadOnly() const;

    sqlite3 *handle() const { return m_db; }

private:
    Database(sqlite3 *db, QString path);
    void close() noexcept;

    sqlite3 *m_db = nullptr;
    QString m_path;
};

/// A transaction that rolls back when it goes out of scope without commit().
class Transaction
{
public:
    enum class Kind {
        Deferred, ///< takes locks when first needed
        Immediate, ///< takes the write lock now: use for read-modify-write
    };

    /// Begins a transaction, or a savepoint if one is already open on `db` (then commit()
    /// releases it into the outer transaction, and destruction without commit() undoes only
    /// what was done since it began).
    explicit Transaction(Database &db, Kind kind = Kind::Immediate);
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;
    ~Transaction();

    void commit();

private:
    Database &m_db;
    bool m_nested = false;
    bool m_open = true;
};

/// SQLite library version, e.g. "3.40.1".
QString sqliteVersion();

} // namespace lk::storage
