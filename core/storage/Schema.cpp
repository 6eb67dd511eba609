// The schema of a Loopkeeper workspace, one numbered migration at a time.
// Rules: never edit a migration that has shipped; add a new one at the end. Each runs in
// one transaction (see Migrations.cpp), so it may hold several statements.

#include "core/storage/Migrations.h"

namespace lk::storage {

const std::vector<Migration> &schemaMigrations()
{
    static const std::vector<Migration> migrations = {
        { 1, QStringLiteral("workspace metadata"),
            "CREATE TABLE workspace_meta ("
            " key TEXT PRIMARY KEY,"
            " value TEXT NOT NULL"
            ") WITHOUT ROWID;" },
    };
    return migrations;
}

} // namespace lk::storage
