#include "core/storage/Database.h"

#include "core/common/Error.h"
#include "core/logging/Logging.h"

#include <QFileInfo>
#include <QUrl>

#include <sqlite3.h>

#include <utility>

namespace lk::storage {

namespace {

[[noreturn]] void throwSqlite(sqlite3 *db, int rc, const QString &path, const char *what)
{
    const QString detail = db ? QString::fromUtf8(sqlite3_errmsg(db)) : QString::fromUtf8(sqlite3_errstr(rc));
    const int primary = rc & 0xff; // extended result codes are on
    const ErrorKind kind =
        (primary == SQLITE_CANTOPEN || primary == SQLITE_NOTADB || primary == SQLITE_READONLY
            || primary == SQLITE_BUSY || primary == SQLITE_LOCKED || primary == SQLITE_PERM
            || primary == SQLITE_FULL || primary == SQLITE_IOERR || primary == SQLITE_CORRUPT)
        ? ErrorKind::Workspace
        : ErrorKind::Internal;
    throw Error(kind,
        Database::tr("%1 failed on %2: %3 (SQLite code %4)").arg(Database::tr(what), path, detail).arg(rc));
}

} // namespace

// --- Statement --------------------------------------------------------------------------

Statement::Statement(Database *db, sqlite3_stmt *stmt)
    : m_db(db)
    , m_stmt(stmt)
{ }

Statement::Statement(Statement &&other) noexcept
    : m_db(std::exchange(other.m_db, nullptr))
    , m_stmt(std::exchange(other.m_stmt, nullptr))
{ }

Statement &Statement::operator=(Statement &&other) noexcept
{
    if (this != &other) {
        sqlite3_finalize(m_stmt);
        m_db = std::exchange(other.m_db, nullptr);
        m_stmt = std::exchange(other.m_stmt, nullptr);
    }
    return *this;
}

Statement::~Statement()
{
    sqlite3_finalize(m_stmt);
}

void Statement::check(int rc, const char *what) const
{
    if (rc != SQLITE_OK)
        throwSqlite(m_db->handle(), rc, m_db->path(), what);
}

Statement &Statement::bindInt64(int index, std::int64_t value)
{
    check(sqlite3_bind_int64(m_stmt, index, value), QT_TRANSLATE_NOOP("Database", "binding an integer"));
    return *this;
}

Statement &Statement::bind(int index, double value)
{
    check(sqlite3_bind_double(m_stmt, index, value), QT_TRANSLATE_NOOP("Database", "binding a number"));
    return *this;
}

Statement &Statement::bind(int index, const QString &value)
{
    const QByteArray utf8 = value.toUtf8();
    check(sqlite3_bind_text(m_stmt, index, utf8.constData(), int(utf8.size()), SQLITE_TRANSIENT),
        QT_TRANSLATE_NOOP("Database", "binding text"));
    return *this;
}

Statement &Statement::bind(int index, const QByteArray &blob)
{
    check(sqlite3_bind_blob(m_stmt, index, blob.constData(), int(blob.size()), SQLITE_TRANSIENT),
        QT_TRANSLATE_NOOP("Database", "binding a blob"));
    return *this;
}

Statement &Statement::bindUtf8(int index, QByteArrayView utf8)
{
    if (utf8.isEmpty())
        return bindNull(index);
    check(sqlite3_bind_text(m_stmt, index, utf8.data(), int(utf8.size()), SQLITE_STATIC),
        QT_TRANSLATE_NOOP("Database", "binding text"));
    return *this;
}

Statement &Statement::bindNull(int index)
{
    check(sqlite3_bind_null(m_stmt, index), QT_TRANSLATE_NOOP("Database", "binding null"));
    return *this;
}

bool Statement::step()
{
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    throwSqlite(m_db->handle(), rc, m_db->path(), QT_TRANSLATE_NOOP("Database", "running a statement"));
}

void Statement::run()
{
    while (step()) { }
}

void Statement::reset()
{
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

std::int64_t Statement::columnInt64(int column) const
{
    return sqlite3_column_int64(m_stmt, column);
}

double Statement::columnDouble(int column) const
{
    return sqlite3_column_double(m_stmt, column);
}

QString Statement::columnText(int column) const
{
    const auto *text = reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, column));
    return QString::fromUtf8(text, sqlite3_column_bytes(m_stmt, column));
}

QByteArray Statement::columnBlob(int column) const
{
    const auto *data = static_cast<const char *>(sqlite3_column_blob(m_stmt, column));
    return QByteArray(data, sqlite3_column_bytes(m_stmt, column));
}

bool Statement::columnIsNull(int column) const
{
    return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
}

// --- Database ---------------------------------------------------------------------------

Database::Database(sqlite3 *db, QString path)
    : m_db(db)
    , m_path(std::move(path))
{ }

Database Database::open(const QString &path, Mode mode)
{
    // SQLite counts every allocation under a global mutex unless told not to; nothing here
    // reads those counts. Only possible before SQLite initializes, so once, on first open.
    static const bool memoryStatusOff = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK;
    Q_UNUSED(memoryStatusOff);
    int flags = SQLITE_OPEN_NOMUTEX; // one connection per thread: no need for SQLite's mutex
    switch (mode) {
    case Mode::ReadOnly:
        flags |= SQLITE_OPEN_READONLY;
        break;
    case Mode::ReadWrite:
        flags |= SQLITE_OPEN_READWRITE;
        break;
    case Mode::ReadWriteCreate:
        flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
        break;
    }
    sqlite3 *db = nullptr;
    const int rc = sqlite3_open_v2(path.toUtf8().constData(), &db, flags, nullptr);
    if (rc != SQLITE_OK) {
        const QString detail =
            db ? QString::fromUtf8(sqlite3_errmsg(db)) : QString::fromUtf8(sqlite3_errstr(rc));
        sqlite3_close(db);
        throw Error(ErrorKind::Workspace, tr("Cannot open the database %1: %2").arg(path, detail));
    }
    sqlite3_extended_result_codes(db, 1);
    if (mode == Mode::ReadOnly) {
        // A WAL database needs its -shm index beside it even to be read. In a folder this
        // process may not write to, SQLite cannot make one and refuses the first read. With no
        // -wal file, or an empty one, nothing is pending and nobody can be writing (a writer
        // would need that folder too), so the file alone is the whole database: read it as
        // immutable.
        const int probe = sqlite3_exec(db, "PRAGMA schema_version", nullptr, nullptr, nullptr);
        const int primary = sqlite3_extended_errcode(db) & 0xff;
        const QFileInfo wal(path + QStringLiteral("-wal"));
        if (probe != SQLITE_OK && (primary == SQLITE_READONLY || primary == SQLITE_CANTOPEN)
            && (!wal.exists() || wal.size() == 0)) {
            sqlite3_close(db);
            db = nullptr;
            const QByteArray uri = QUrl::fromLocalFile(path).toEncoded() + "?immutable=1";
            const int again = sqlite3_open_v2(uri.constData(), &db, flags | SQLITE_OPEN_URI, nullptr);
            if (again != SQLITE_OK) {
                const QString detail =
                    db ? QString::fromUtf8(sqlite3_errmsg(db)) : QString::fromUtf8(sqlite3_errstr(again));
                sqlite3_close(db);
                throw Error(ErrorKind::Workspace, tr("Cannot open the database %1: %2").arg(path, detail));
            }
            sqlite3_extended_result_codes(db, 1);
            qCDebug(lcStorage) << "reading" << path << "as immutable: its folder is read-only";
        }
    }
    qCDebug(lcStorage) << "opened" << path << "mode" << int(mode);
    return Database(db, path);
}

Database::Database(Database &&other) noexcept
    : m_db(std::exchange(other.m_db, nullptr))
    , m_path(std::move(other.m_path))
{ }

Database &Database::operator=(Database &&other) noexcept
{
    if (this != &other) {
        close();
        m_db = std::exchange(other.m_db, nullptr);
        m_path = std::move(other.m_path);
    }
    return *this;
}

Database::~Database()
{
    close();
}

void Database::close() noexcept
{
    if (m_db) {
        // sqlite3_close_v2 defers the close until every statement is finalized, so a
        // statement that outlives its Database cannot make the close fail.
        sqlite3_close_v2(m_db);
        m_db = nullptr;
    }
}

void Database::exec(std::string_view sql)
{
    const std::string text(sql);
    char *message = nullptr;
    const int rc = sqlite3_exec(m_db, text.c_str(), nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
        const QString detail = QString::fromUtf8(message ? message : sqlite3_errstr(rc));
        sqlite3_free(message);
        const ErrorKind kind = (rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_READONLY
                || (rc & 0xff) == SQLITE_FULL || (rc & 0xff) == SQLITE_IOERR
            ? ErrorKind::Workspace
            : ErrorKind::Internal;
        throw Error(kind, tr("SQL failed on %1: %2").arg(m_path, detail));
    }
}

Statement Database::prepare(std::string_view sql)
{
    sqlite3_stmt *stmt = nullptr;
    const int rc = sqlite3_prepare_v2(m_db, sql.data(), int(sql.size()), &stmt, nullptr);
    if (rc != SQLITE_OK)
        throwSqlite(m_db, rc, m_path, QT_TRANSLATE_NOOP("Database", "preparing a statement"));
    return Statement(this, stmt);
}

std::optional<std::int64_t> Database::queryInt(std::string_view sql)
{
    Statement stmt = prepare(sql);
    if (!stmt.step() || stmt.columnIsNull(0))
        return std::nullopt;
    return stmt.columnInt64(0);
}

std::int64_t Database::lastInsertRowId() const
{
    return sqlite3_last_insert_rowid(m_db);
}

int Database::changes() const
{
    return sqlite3_changes(m_db);
}

QString Database::lastErrorMessage() const
{
    return QString::fromUtf8(sqlite3_errmsg(m_db));
}

int Database::lastErrorCode() const
{
    return sqlite3_extended_errcode(m_db);
}

bool Database::isReadOnly() const
{
    return sqlite3_db_readonly(m_db, "main") == 1;
}

bool Database::lastErrorIsReadOnly() const
{
    const int primary = lastErrorCode() & 0xff;
    return primary == SQLITE_READONLY || primary == SQLITE_CANTOPEN || primary == SQLITE_PERM;
}

// --- Transaction ------------------------------------------------------------------------

Transaction::Transaction(Database &db, Kind kind)
    : m_db(db)
    , m_nested(sqlite3_get_autocommit(db.handle()) == 0)
{
    // Inside another transaction this one is a savepoint: it commits into the outer one, and
    // rolls back only its own changes, so that units that are transactions on their own can
    // also be parts of a larger one.
    m_db.exec(m_nested ? "SAVEPOINT nested" : kind == Kind::Immediate ? "BEGIN IMMEDIATE" : "BEGIN");
}

Transaction::~Transaction()
{
    if (m_open) {
        // Never throw from a destructor: a failed rollback leaves SQLite to roll back the
        // journal on the next open, which is what it is for.
        char *message = nullptr;
        const char *sql = m_nested ? "ROLLBACK TO nested; RELEASE nested" : "ROLLBACK";
        if (sqlite3_exec(m_db.handle(), sql, nullptr, nullptr, &message) != SQLITE_OK)
            qCWarning(lcStorage) << "rollback failed:" << message;
        sqlite3_free(message);
    }
}

void Transaction::commit()
{
    m_db.exec(m_nested ? "RELEASE nested" : "COMMIT");
    m_open = false;
}

QString sqliteVersion()
{
    return QString::fromUtf8(sqlite3_libversion());
}

} // namespace lk::storage
