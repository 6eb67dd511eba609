#pragma once

#include "core/storage/Database.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QVector>

namespace lk {

/// What a file at a workspace's database path turned out to be, found without writing to it.
struct DatabaseProbe
{
    enum class State {
        Missing, ///< no file: a new database may be created
        Empty, ///< a zero-length file or an SQLite file with nothing in it
        Loopkeeper, ///< ours, at a schema version this build can open
        NotSqlite, ///< some other kind of file
        Foreign, ///< an SQLite database of another application
        Newer, ///< ours, written by a newer Loopkeeper
        Unreadable, ///< could not be read (permissions, locks, I/O)
    };
    State state = State::Missing;
    int schemaVersion = 0;
    qint64 applicationId = 0;
    QString problem; ///< for refused states: what is wrong and what to do, in one message

    bool acceptable() const
    {
        return state == State::Missing || state == State::Empty || state == State::Loopkeeper;
    }
};

/// Looks at `path` without changing a byte of it (non-SQLite files are never handed to
/// SQLite; SQLite files are opened read-only).
DatabaseProbe probeDatabase(const QString &path);

/// A schema migration as recorded in a workspace.
struct AppliedMigration
{
    int version = 0;
    QString name;
    QString appliedAt;
    QString appliedBy;
};

/// A read-only description of a workspace, as `workspace info` prints it.
struct WorkspaceInfo
{
    QString root;
    QString database;
    int schemaVersion = 0;
    int supportedSchemaVersion = 0;
    QString workspaceId;
    QString createdAt;
    QString createdBy;
    QVector<AppliedMigration> migrations;
    QStringList missingFolders;
    qint64 databaseBytes = 0;

    QJsonObject toJson() const;
};

/// A Loopkeeper workspace: a folder holding loopkeeper.db and the folders models/, runs/,
/// inbox/, context/memory/ and logs/. Cheap to copy; it holds no connection. Threads that
/// need the database call connect() and keep their own connection.
class Workspace
{
    Q_DECLARE_TR_FUNCTIONS(Workspace)

public:
    static inline const QString kDatabaseFile = QStringLiteral("loopkeeper.db");

    /// The folders every workspace has, relative to its root.
    static QStringList folderNames();

    /// The default workspace: <AppDataLocation>/workspace.
    static QString defaultRoot();

    /// The workspace to use: `option` if given, else $LOOPKEEPER_WORKSPACE, else `fallback`
    /// if given, else defaultRoot(). Returned as an absolute path.
    static QString resolveRoot(const QString &option, const QString &fallback = {});

    enum class OpenMode {
        CreateIfMissing, ///< make the folder, database and folders when absent
        ExistingOnly, ///< fail if there is no workspace yet
    };

    /// Opens (and if allowed creates) the workspace and migrates its database to the current
    /// schema. Refuses foreign, newer or unreadable databases with lk::Error(Workspace),
    /// leaving them untouched. `root` may also name the loopkeeper.db file itself.
    static Workspace open(const QString &root, OpenMode mode = OpenMode::CreateIfMissing);

    /// Describes the workspace at `root` without changing anything (no migration, no folder
    /// creation). Throws lk::Error(Workspace) if there is none or it is refused.
    static WorkspaceInfo inspect(const QString &root);

    const QString &root() const { return m_root; }
    QString databasePath() const;
    QString modelsDir() const;
    QString runsDir() const;
    QString inboxDir() const;
    QString memoryDir() const;
    QString logsDir() const;

    /// A new read-write connection for the calling thread: WAL, foreign keys on, a busy
    /// timeout, and full sync so that a committed transaction survives a power cut.
    storage::Database connect() const;

    /// Reads the workspace's description from its database.
    WorkspaceInfo info() const;

    /// True if the workspace was created by this open() (rather than found).
    bool createdNow() const { return m_createdNow; }

private:
    explicit Workspace(QString root)
        : m_root(std::move(root))
    { }

    QString m_root;
    bool m_createdNow = false;
};

} // namespace lk
