#pragma once

#include "core/storage/Database.h"

#include <QString>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace lk::storage {

/// Marks a file as a Loopkeeper database (PRAGMA application_id; "Lkpr" in ASCII).
constexpr std::int32_t kApplicationId = 0x4C6B7072;

/// One forward-only schema step. Versions start at 1 and increase by one.
struct Migration
{
    int version = 0;
    QString name;
    std::string sql;
};

/// The migrations of this build, in order (see Schema.cpp).
const std::vector<Migration> &schemaMigrations();

/// The schema version this build writes and the newest it can open.
int currentSchemaVersion();

/// Reports each migration as it starts: (version, name).
using MigrationProgress = std::function<void(int version, const QString &name)>;

/// Brings the database up to the last of `migrations`. Each migration runs in its own
/// IMMEDIATE transaction together with its record in schema_migrations and the bump of
/// PRAGMA user_version, so a failure leaves the database at the previous version, intact.
/// Returns the versions applied (none if it was current). Throws lk::Error if the list is
/// not numbered 1, 2, 3, … or a migration fails.
std::vector<int> migrate(Database &db, const std::vector<Migration> &migrations = schemaMigrations(),
    const MigrationProgress &progress = {});

} // namespace lk::storage
