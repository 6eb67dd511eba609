#include "core/workspace/Workspace.h"

#include "core/common/Error.h"
#include "core/common/Versions.h"
#include "core/logging/Logging.h"
#include "core/storage/Migrations.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QStandardPaths>
#include <QUuid>

namespace lk {

using storage::Database;

namespace {

constexpr char kSqliteMagic[] = "SQLite format 3"; // followed by a NUL in the file header

QString hex(qint64 value)
{
    return QStringLiteral("0x%1").arg(quint32(value), 8, 16, QLatin1Char('0'));
}

/// If `root` names a file rather than a folder, accept it only when it is a workspace's
/// loopkeeper.db, and return its folder; anything else is refused without being changed.
QString folderFor(const QString &root)
{
    const QFileInfo fi(root);
    if (!fi.exists() || fi.isDir())
        return fi.absoluteFilePath();
    const DatabaseProbe probe = probeDatabase(fi.absoluteFilePath());
    if (!probe.acceptable())
        throw Error(ErrorKind::Workspace, probe.problem);
    if (fi.fileName() != Workspace::kDatabaseFile)
        throw Error(ErrorKind::Workspace,
            Workspace::tr("%1 is a file; a workspace is a folder that holds %2. Pass the folder.")
                .arg(fi.absoluteFilePath(), Workspace::kDatabaseFile));
    return fi.absolutePath();
}

} // namespace

DatabaseProbe probeDatabase(const QString &path)
{
    DatabaseProbe probe;
    QFile file(path);
    if (!file.exists())
        return probe; // Missing
    if (!file.open(QIODevice::ReadOnly)) {
        probe.state = DatabaseProbe::State::Unreadable;
        probe.problem =
            Workspace::tr("Cannot read %1: %2. Nothing was changed.").arg(path, file.errorString());
        return probe;
    }
    const QByteArray header = file.read(100);
    file.close();
    if (header.isEmpty()) {
        probe.state = DatabaseProbe::State::Empty;
        return probe;
    }
    if (header.size() < 100 || !header.startsWith(QByteArray(kSqliteMagic, sizeof kSqliteMagic))) {
        probe.state = DatabaseProbe::State::NotSqlite;
        probe.problem = Workspace::tr("%1 is not a Loopkeeper workspace database: it is not an SQLite file. "
                                      "Nothing was changed. Choose another workspace folder, or move the "
                                      "file away.")
                            .arg(path);
        return probe;
    }

    try {
        Database db = Database::open(path, Database::Mode::ReadOnly);
        probe.applicationId = db.queryInt("PRAGMA application_id").value_or(0);
        probe.schemaVersion = int(db.queryInt("PRAGMA user_version").value_or(0));
        const qint64 objects = db.queryInt("SELECT count(*) FROM sqlite_schema").value_or(0);
        if (probe.applicationId == storage::kApplicationId) {
            if (probe.schemaVersion > storage::currentSchemaVersion()) {
                probe.state = DatabaseProbe::State::Newer;
                probe.problem =
                    Workspace::tr("%1 was written by a newer Loopkeeper (schema version %2; this Loopkeeper "
                                  "%3 reads up to version %4). Nothing was changed. Install a newer "
                                  "Loopkeeper to open it, or choose another workspace.")
                        .arg(path)
                        .arg(probe.schemaVersion)
                        .arg(loopkeeperVersion())
                        .arg(storage::currentSchemaVersion());
            } else {
                probe.state = DatabaseProbe::State::Loopkeeper;
            }
        } else if (probe.applicationId == 0 && probe.schemaVersion == 0 && objects == 0) {
            probe.state = DatabaseProbe::State::Empty;
        } else {
            probe.state = DatabaseProbe::State::Foreign;
            probe.problem = Workspace::tr("%1 is an SQLite database of another application (application id "
                                          "%2, %3 schema objects), not a Loopkeeper workspace. Nothing was "
                                          "changed. Choose another workspace folder.")
                                .arg(path, hex(probe.applicationId))
                                .arg(objects);
        }
    } catch (const Error &e) {
        probe.state = DatabaseProbe::State::Unreadable;
        probe.problem =
            Workspace::tr("Cannot read %1 as a database: %2. Nothing was changed.").arg(path, e.message());
    }
    return probe;
}

QJsonObject WorkspaceInfo::toJson() const
{
    QJsonArray applied;
    for (const AppliedMigration &m : migrations)
        applied.append(QJsonObject { { QStringLiteral("version"), m.version },
            { QStringLiteral("name"), m.name }, { QStringLiteral("applied_at"), m.appliedAt },
            { QStringLiteral("applied_by"), m.appliedBy } });
    return QJsonObject {
        { QStringLiteral("workspace"), root },
        { QStringLiteral("database"), database },
        { QStringLiteral("database_bytes"), databaseBytes },
        { QStringLiteral("workspace_id"), workspaceId },
        { QStringLiteral("created_at"), createdAt },
        { QStringLiteral("created_by"), createdBy },
        { QStringLiteral("schema_version"), schemaVersion },
        { QStringLiteral("supported_schema_version"), supportedSchemaVersion },
        { QStringLiteral("needs_migration"), schemaVersion < supportedSchemaVersion },
        { QStringLiteral("migrations"), applied },
        { QStringLiteral("missing_folders"), QJsonArray::fromStringList(missingFolders) },
    };
}

QStringList Workspace::folderNames()
{
    return { QStringLiteral("models"), QStringLiteral("runs"), QStringLiteral("inbox"),
        QStringLiteral("context/memory"), QStringLiteral("logs") };
}

QString Workspace::defaultRoot()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
        .filePath(QStringLiteral("workspace"));
}

QString Workspace::resolveRoot(const QString &option, const QString &fallback)
{
    QString chosen = option;
    if (chosen.isEmpty())
        chosen = qEnvironmentVariable("LOOPKEEPER_WORKSPACE");
    if (chosen.isEmpty())
        chosen = fallback;
    if (chosen.isEmpty())
        chosen = defaultRoot();
    return QDir::cleanPath(QFileInfo(chosen).absoluteFilePath());
}

QString Workspace::databasePath() const
{
    return QDir(m_root).filePath(kDatabaseFile);
}
QString Workspace::modelsDir() const
{
    return QDir(m_root).filePath(QStringLiteral("models"));
}
QString Workspace::runsDir() const
{
    return QDir(m_root).filePath(QStringLiteral("runs"));
}
QString Workspace::inboxDir() const
{
    return QDir(m_root).filePath(QStringLiteral("inbox"));
}
QString Workspace::memoryDir() const
{
    return QDir(m_root).filePath(QStringLiteral("context/memory"));
}
QString Workspace::logsDir() const
{
    return QDir(m_root).filePath(QStringLiteral("logs"));
}

Workspace Workspace::open(const QString &rootArg, OpenMode mode)
{
    Workspace ws(folderFor(rootArg));
    const QString dbPath = ws.databasePath();

    // Decide before writing anything: a refused file must stay byte-for-byte as it was.
    const DatabaseProbe probe = probeDatabase(dbPath);
    if (!probe.acceptable())
        throw Error(ErrorKind::Workspace, probe.problem);
    if (probe.state == DatabaseProbe::State::Missing && mode == OpenMode::ExistingOnly)
        throw Error(ErrorKind::Workspace,
            Workspace::tr("There is no Loopkeeper workspace at %1. Create one with "
                          "\"loopkeeper-cli workspace init --workspace %1\" or choose another folder.")
                .arg(ws.m_root));
    ws.m_createdNow = probe.state != DatabaseProbe::State::Loopkeeper;

    QDir root(ws.m_root);
    if (!root.mkpath(QStringLiteral(".")))
        throw Error(
            ErrorKind::Workspace, Workspace::tr("Cannot create the workspace folder %1.").arg(ws.m_root));
    for (const QString &folder : folderNames()) {
        if (!root.mkpath(folder))
            throw Error(ErrorKind::Workspace,
                Workspace::tr("Cannot create the folder %1 in the workspace.").arg(root.filePath(folder)));
    }

    Database db = ws.connect();
    const std::vector<int> applied = storage::migrate(db);
    if (!applied.empty()) {
        // Written once: INSERT OR IGNORE keeps the first values if two processes race here.
        auto meta = db.prepare("INSERT OR IGNORE INTO workspace_meta (key, value) VALUES (?, ?)");
        const auto put = [&](const char *key, const QString &value) {
            meta.bind(1, QString::fromLatin1(key)).bind(2, value).run();
            meta.reset();
        };
        storage::Transaction tx(db);
        put("workspace_id", QUuid::createUuid().toString(QUuid::WithoutBraces));
        put("created_at", QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
        put("created_by", QStringLiteral("loopkeeper ") + loopkeeperVersion());
        tx.commit();
    }
    qCInfo(lcWorkspace).noquote() << (ws.m_createdNow ? "created workspace" : "opened workspace")
                                  << ws.m_root;
    return ws;
}

/// "The workspace … is read-only: … cannot be written (detail)", naming the database file.
static Error readOnlyError(const QString &root, const QString &database, const QString &detail)
{
    return Error(ErrorKind::Workspace,
        Workspace::tr("The workspace %1 is read-only: %2 cannot be written (%3). Nothing was changed. "
                      "Commands that only read, such as \"workspace info\", still work; to change the "
                      "workspace, give this user write access to the file and its folder.")
            .arg(root, database, detail));
}

Database Workspace::connect() const
{
    Database db = Database::open(databasePath(), Database::Mode::ReadWriteCreate);
    // SQLite opens a write-protected file read-only without a word; say so now, not at the
    // first write, and name the file.
    if (db.isReadOnly())
        throw readOnlyError(m_root, databasePath(), Workspace::tr("the file is write-protected"));
    try {
        db.exec("PRAGMA busy_timeout = 5000");
        // WAL lets readers (UI models, API) run while a writer commits. FULL sync: a commit that
        // was acknowledged survives a power cut, not only a crash of the process.
        storage::Statement mode = db.prepare("PRAGMA journal_mode = WAL");
        if (mode.step() && mode.columnText(0).compare(QLatin1String("wal"), Qt::CaseInsensitive) != 0)
            qCWarning(lcStorage).noquote()
                << "WAL is not available for" << databasePath() << "- using journal mode" << mode.columnText(0);
        db.exec("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;");
    } catch (const Error &) {
        // The file is writable but its folder is not: SQLite cannot make its -wal and -shm files.
        if (db.lastErrorIsReadOnly())
            throw readOnlyError(m_root, databasePath(), db.lastErrorMessage());
        throw;
    }
    return db;
}

static WorkspaceInfo readInfo(const QString &root, Database &db)
{
    WorkspaceInfo info;
    info.root = root;
    info.database = QDir(root).filePath(Workspace::kDatabaseFile);
    info.databaseBytes = QFileInfo(info.database).size();
    info.schemaVersion = int(db.queryInt("PRAGMA user_version").value_or(0));
    info.supportedSchemaVersion = storage::currentSchemaVersion();
    if (info.schemaVersion >= 1) {
        auto meta = db.prepare("SELECT key, value FROM workspace_meta");
        while (meta.step()) {
            const QString key = meta.columnText(0);
            if (key == QLatin1String("workspace_id"))
                info.workspaceId = meta.columnText(1);
            else if (key == QLatin1String("created_at"))
                info.createdAt = meta.columnText(1);
            else if (key == QLatin1String("created_by"))
                info.createdBy = meta.columnText(1);
        }
        auto migrations = db.prepare(
            "SELECT version, name, applied_at, applied_by FROM schema_migrations ORDER BY version");
        while (migrations.step())
            info.migrations.push_back({ int(migrations.columnInt64(0)), migrations.columnText(1),
                migrations.columnText(2), migrations.columnText(3) });
    }
    for (const QString &folder : Workspace::folderNames()) {
        if (!QFileInfo(QDir(root).filePath(folder)).isDir())
            info.missingFolders.append(folder);
    }
    return info;
}

WorkspaceInfo Workspace::inspect(const QString &rootArg)
{
    const QString root = folderFor(rootArg);
    const QString dbPath = QDir(root).filePath(kDatabaseFile);
    const DatabaseProbe probe = probeDatabase(dbPath);
    if (!probe.acceptable())
        throw Error(ErrorKind::Workspace, probe.problem);
    if (probe.state != DatabaseProbe::State::Loopkeeper)
        throw Error(ErrorKind::Workspace,
            Workspace::tr("There is no Loopkeeper workspace at %1. Create one with "
                          "\"loopkeeper-cli workspace init --workspace %1\".")
                .arg(root));
    Database db = Database::open(dbPath, Database::Mode::ReadOnly);
    return readInfo(root, db);
}

WorkspaceInfo Workspace::info() const
{
    Database db = connect();
    return readInfo(m_root, db);
}

} // namespace lk
