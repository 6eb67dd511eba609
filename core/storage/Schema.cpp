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
        {5, QStringLiteral("learning loop: escalated samples, training jobs, registry, gate decisions"),
            // Samples keep their whole life here: a sample is never deleted before the training
            // that used it succeeded and its model was registered (status 'used', then
            // 'archived'). 'filtered' ones (correction below the confidence threshold) are kept
            // for audit and never trained on. seq is arrival order.
            "CREATE TABLE samples ("
            " seq INTEGER PRIMARY KEY,"
            " sample_id TEXT NOT NULL UNIQUE,"
            " node_id TEXT NOT NULL,"
            " model_version TEXT NOT NULL,"
            " timestamp_ms INTEGER NOT NULL,"
            " predicted_label INTEGER NOT NULL,"
            " predicted_confidence REAL NOT NULL,"
            " corrected_label INTEGER NOT NULL,"
            " correction_confidence REAL NOT NULL,"
            " correction_source TEXT,"
            " input_format TEXT,"
            " input BLOB,"
            " input_uri TEXT,"
            " extra_json TEXT,"
            " status TEXT NOT NULL CHECK (status IN ('pending','in_training','used','archived','filtered')),"
            " filter_reason TEXT,"
            " job_id TEXT,"
            " used_in_version TEXT,"
            " received_at_ms INTEGER NOT NULL"
            ");"
            // The trigger counts pending samples that have their input: one index lookup.
            "CREATE INDEX samples_by_status ON samples (status, input IS NOT NULL);"
            "CREATE INDEX samples_by_job ON samples (job_id) WHERE job_id IS NOT NULL;"
            // At most one queued or running job per model line, enforced by the database so
            // that two processes can never both start one.
            "CREATE TABLE training_jobs ("
            " job_id TEXT PRIMARY KEY,"
            " model_line TEXT NOT NULL,"
            " status TEXT NOT NULL CHECK (status IN ('queued','running','complete','failed','cancelled')),"
            " reason TEXT NOT NULL,"
            " source_version TEXT REFERENCES model_versions (id),"
            " candidate_version TEXT REFERENCES model_versions (id),"
            " run_id TEXT,"
            " sample_count INTEGER NOT NULL,"
            " manifest_json TEXT NOT NULL,"
            " routing_json TEXT NOT NULL,"
            " estimated_completion TEXT,"
            " created_at TEXT NOT NULL,"
            " started_at TEXT,"
            " finished_at TEXT,"
            " error TEXT,"
            " owner_pid INTEGER"
            ");"
            "CREATE UNIQUE INDEX one_active_job_per_line ON training_jobs (model_line)"
            " WHERE status IN ('queued','running');"
            "ALTER TABLE model_versions ADD COLUMN sha256 TEXT;"
            "ALTER TABLE model_versions ADD COLUMN job_id TEXT;"
            "CREATE TABLE gate_decisions ("
            " id TEXT PRIMARY KEY,"
            " candidate_version TEXT NOT NULL REFERENCES model_versions (id),"
            " incumbent_version TEXT REFERENCES model_versions (id),"
            " decision TEXT NOT NULL CHECK (decision IN ('promote','reject','needs_human')),"
            " report_json TEXT NOT NULL,"
            " decided_by TEXT NOT NULL,"
            " created_at TEXT NOT NULL"
            ");"
            "CREATE TABLE notifications ("
            " id INTEGER PRIMARY KEY,"
            " kind TEXT NOT NULL,"
            " title TEXT NOT NULL,"
            " body_json TEXT NOT NULL,"
            " created_at TEXT NOT NULL,"
            " read INTEGER NOT NULL DEFAULT 0,"
            " webhook_status TEXT"
            ");"
            // Where training can run: the local runner now; remote runners register here later.
            "CREATE TABLE compute_nodes ("
            " node_id TEXT PRIMARY KEY,"
            " gpu INTEGER NOT NULL,"
            " cpu_threads INTEGER,"
            " storage_bytes INTEGER,"
            " runner TEXT NOT NULL,"
            " updated_at TEXT NOT NULL"
            ");"},
    };
    return migrations;
}

} // namespace lk::storage
