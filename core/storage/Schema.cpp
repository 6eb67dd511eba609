// The schema of a Loopkeeper workspace, one numbered migration at a time.
// Rules: never edit a migration that has shipped; add a new one at the end. Each runs in
// one transaction (see Migrations.cpp), so it may hold several statements.

#include "core/storage/Migrations.h"

namespace lk::storage {

const std::vector<Migration> &schemaMigrations()
{
    static const std::vector<Migration> migrations = {
        {1, QStringLiteral("workspace metadata"),
            "CREATE TABLE workspace_meta ("
            " key TEXT PRIMARY KEY,"
            " value TEXT NOT NULL"
            ") WITHOUT ROWID;"},
        {2, QStringLiteral("training runs and their metrics"),
            // Metrics tables are append-only while a run goes on. A resume from a checkpoint
            // removes the rows written after that checkpoint (they are recomputed at once).
            "CREATE TABLE training_runs ("
            " run_id TEXT PRIMARY KEY,"
            " created_at TEXT NOT NULL,"
            " updated_at TEXT NOT NULL,"
            " status TEXT NOT NULL CHECK (status IN ('running','paused','completed','stopped_early',"
            "   'cancelled','diverged','failed')),"
            " model TEXT NOT NULL,"
            " dataset TEXT NOT NULL,"
            " config_json TEXT NOT NULL,"
            " epochs_planned INTEGER NOT NULL,"
            " epochs_done INTEGER NOT NULL DEFAULT 0,"
            " steps_done INTEGER NOT NULL DEFAULT 0,"
            " best_epoch INTEGER,"
            " test_accuracy REAL,"
            " samples_per_second REAL,"
            " diverged_step INTEGER,"
            " run_dir TEXT NOT NULL,"
            " artifact_path TEXT,"
            " artifact_sha256 TEXT,"
            " message TEXT,"
            " owner_pid INTEGER"
            ");"
            "CREATE INDEX training_runs_by_created ON training_runs (created_at);"
            "CREATE TABLE training_epoch_metrics ("
            " run_id TEXT NOT NULL REFERENCES training_runs (run_id) ON DELETE CASCADE,"
            " epoch INTEGER NOT NULL,"
            " train_loss REAL,"
            " val_loss REAL,"
            " val_accuracy REAL,"
            " learning_rate REAL,"
            " samples_per_second REAL,"
            " wall_seconds REAL,"
            " last_step INTEGER,"
            " recorded_at TEXT NOT NULL,"
            " PRIMARY KEY (run_id, epoch)"
            ") WITHOUT ROWID;"
            "CREATE TABLE training_step_metrics ("
            " run_id TEXT NOT NULL REFERENCES training_runs (run_id) ON DELETE CASCADE,"
            " step INTEGER NOT NULL,"
            " epoch REAL NOT NULL,"
            " train_loss REAL NOT NULL,"
            " wall_seconds REAL NOT NULL,"
            " PRIMARY KEY (run_id, step)"
            ") WITHOUT ROWID;"},
    };
    return migrations;
}

} // namespace lk::storage
