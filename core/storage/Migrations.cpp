#include "core/storage/Migrations.h"

#include "core/common/Error.h"
#include "core/common/Versions.h"
#include "core/logging/Logging.h"

#include <QCoreApplication>
#include <QDateTime>

namespace lk::storage {

int currentSchemaVersion()
{
    return schemaMigrations().empty() ? 0 : schemaMigrations().back().version;
}

static void checkNumbering(const std::vector<Migration> &migrations)
{
    for (size_t i = 0; i < migrations.size(); ++i) {
        if (migrations[i].version != int(i) + 1)
            throw Error(ErrorKind::Internal,
                QCoreApplication::translate(
                    "Migrations", "Schema migration list is misnumbered: entry %1 has version %2")
                    .arg(i + 1)
                    .arg(migrations[i].version));
    }
}

std::vector<int> migrate(
    Database &db, const std::vector<Migration> &migrations, const MigrationProgress &progress)
{
    checkNumbering(migrations);
    std::vector<int> applied;
    for (const Migration &m : migrations) {
        // Read the version under the write lock: another process may be migrating too.
        Transaction tx(db, Transaction::Kind::Immediate);
        const int version = int(db.queryInt("PRAGMA user_version").value_or(0));
        if (version >= m.version)
            continue; // the transaction rolls back: nothing was written
        if (version != m.version - 1)
            throw Error(ErrorKind::Internal,
                QCoreApplication::translate(
                    "Migrations", "Database %1 is at schema version %2, cannot apply %3")
                    .arg(db.path())
                    .arg(version)
                    .arg(m.version));
        if (progress)
            progress(m.version, m.name);
        qCInfo(lcStorage).noquote() << QStringLiteral("applying schema migration %1 (%2) to %3")
                                           .arg(m.version)
                                           .arg(m.name, db.path());
        if (m.version == 1) {
            db.exec("PRAGMA application_id = " + std::to_string(kApplicationId));
            db.exec("CREATE TABLE IF NOT EXISTS schema_migrations ("
                    " version INTEGER PRIMARY KEY,"
                    " name TEXT NOT NULL,"
                    " applied_at TEXT NOT NULL,"
                    " applied_by TEXT NOT NULL)");
        }
        try {
            db.exec(m.sql);
        } catch (const Error &e) {
            throw Error(ErrorKind::Internal,
                QCoreApplication::translate("Migrations", "Schema migration %1 (%2) failed: %3")
                    .arg(m.version)
                    .arg(m.name, e.message()));
        }
        db.prepare("INSERT INTO schema_migrations (version, name, applied_at, applied_by)"
                   " VALUES (?, ?, ?, ?)")
            .bind(1, m.version)
            .bind(2, m.name)
            .bind(3, QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs))
            .bind(4, QStringLiteral("loopkeeper ") + loopkeeperVersion())
            .run();
        db.exec("PRAGMA user_version = " + std::to_string(m.version));
        tx.commit();
        applied.push_back(m.version);
    }
    return applied;
}

} // namespace lk::storage
