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
        {3, QStringLiteral("agent outcome events, model versions and learning events"),
            // Outcome events are stored before they are applied: seq is the order of
            // acknowledgement, and a saved model state records the last seq it contains, so a
            // restart replays exactly the events after it. model_versions and learning_events
            // are the online-learning seed's tables (shared with the model registry).
            // One column per field: storing a normalized JSON text per event cost more than
            // everything else on the ingest path. context and unknown fields stay JSON.
            "CREATE TABLE outcome_events ("
            " seq INTEGER PRIMARY KEY AUTOINCREMENT,"
            " event_id TEXT NOT NULL UNIQUE,"
            " agent_name TEXT NOT NULL,"
            " task_type TEXT NOT NULL,"
            " success INTEGER NOT NULL CHECK (success IN (0, 1)),"
            " latency_ms REAL,"
            " quality_score REAL,"
            " cost REAL,"
            " tokens INTEGER,"
            " timestamp_ms INTEGER NOT NULL,"
            " context_json TEXT,"
            " extra_json TEXT,"
            " received_at TEXT NOT NULL"
            ");"
            "CREATE TABLE model_versions ("
            " id TEXT PRIMARY KEY,"
            " model_type TEXT NOT NULL,"
            " version_number INTEGER NOT NULL,"
            " status TEXT NOT NULL CHECK (status IN ('training','active','deprecated','archived')),"
            " parameters TEXT NOT NULL,"
            " metrics TEXT NOT NULL,"
            " model_file_path TEXT,"
            " created_at TEXT NOT NULL,"
            " parent_version TEXT REFERENCES model_versions (id),"
            " training_samples INTEGER NOT NULL DEFAULT 0,"
            " last_event_seq INTEGER,"
            " UNIQUE (model_type, version_number)"
            ");"
            "CREATE TABLE learning_events ("
            " id TEXT PRIMARY KEY,"
            " model_version_id TEXT REFERENCES model_versions (id),"
            " event_type TEXT NOT NULL,"
            " batch_size INTEGER,"
            " samples_processed INTEGER,"
            " metrics_before TEXT,"
            " metrics_after TEXT,"
            " improvement REAL,"
            " duration_ms REAL,"
            " created_at TEXT NOT NULL"
            ");"},
        {4, QStringLiteral("outcome events numbered without AUTOINCREMENT"),
            // AUTOINCREMENT only adds "never reuse the number of a deleted last row", and
            // outcome events are never deleted; its bookkeeping row cost a tenth of each
            // insert on the ingest path. The numbers already given are kept as they are.
            "CREATE TABLE outcome_events_v4 ("
            " seq INTEGER PRIMARY KEY,"
            " event_id TEXT NOT NULL UNIQUE,"
            " agent_name TEXT NOT NULL,"
            " task_type TEXT NOT NULL,"
            " success INTEGER NOT NULL CHECK (success IN (0, 1)),"
            " latency_ms REAL,"
            " quality_score REAL,"
            " cost REAL,"
            " tokens INTEGER,"
            " timestamp_ms INTEGER NOT NULL,"
            " context_json TEXT,"
            " extra_json TEXT,"
            " received_at TEXT NOT NULL"
            ");"
            "INSERT INTO outcome_events_v4 (seq, event_id, agent_name, task_type, success, latency_ms,"
            " quality_score, cost, tokens, timestamp_ms, context_json, extra_json, received_at)"
            " SELECT seq, event_id, agent_name, task_type, success, latency_ms, quality_score, cost,"
            " tokens, timestamp_ms, context_json, extra_json, received_at FROM outcome_events;"
            "DROP TABLE outcome_events;"
            "ALTER TABLE outcome_events_v4 RENAME TO outcome_events;"
            "DELETE FROM sqlite_sequence WHERE name = 'outcome_events';"},
    };
    return migrations;
}

} // namespace lk::storage
