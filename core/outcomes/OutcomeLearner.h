#pragma once

#include "core/bandit/AgentPerformanceModel.h"
#include "core/outcomes/OutcomeStore.h"
#include "core/workspace/Workspace.h"

#include <deque>
#include <optional>

namespace lk::outcomes {

/// How outcome events become model updates: micro-batch size and timeout, save interval.
struct LearnerConfig
{
    int batchSize = 10; ///< events per micro-batch (seed: batch_size=10)
    int batchTimeoutSeconds = 30; ///< a partial batch waits at most this long (seed: 30)
    int autosaveSeconds = 300; ///< save the model state this often (seed: save_interval_seconds=300)
    bandit::ModelConfig model;

    QJsonObject toJson() const;
    /// Throws lk::Error(Usage) naming the first value out of range.
    void validate() const;
};

/// The agent-selection model of a workspace, kept in step with its stored outcome events:
/// loads the last saved state, applies the events stored after it in micro-batches, and
/// saves new versions. The stored events are the truth: a state is only a shortcut, so a
/// crash at any point loses nothing that was acknowledged. One thread at a time.
class OutcomeLearner
{
public:
    static inline const QString kModelType = QStringLiteral("agent_selection");

    OutcomeLearner(const Workspace &workspace, storage::Database &db, LearnerConfig config = {});

    /// Loads the active version's state (or starts empty) and applies every event stored after it.
    void load();
    /// Applies stored events the model has not seen, in micro-batches; with `includePartial`
    /// also a last batch smaller than batchSize. Returns the number of events applied.
    int applyPending(bool includePartial);
    /// Readers (the Agents panel, `agents performance`) replay events to answer questions; only
    /// a writer (ingest, the REST service) records its micro-batches as learning events, so that
    /// reading never writes and never records the same batch twice. On by default.
    void setRecordsLearningEvents(bool on) { m_records = on; }

    /// Writes the learning_events rows of the micro-batches applied so far (they are buffered:
    /// they describe the learning, they are not acknowledged data, and a crash loses at most the
    /// buffer, which a replay would recreate). save() and load() flush too.
    void flushLearningEvents();
    /// Stored events the model has not seen yet.
    qint64 pending();
    /// Events this process has just stored (IngestReport::stored): applyPending() takes them
    /// from memory instead of reading them back, as long as they follow on from what the model
    /// has seen (another writer's events in between send it back to the database).
    void remember(std::vector<StoredEvent> &&stored);
    /// Saves the state as a new active version (file under models/agent-selection/ and a
    /// model_versions row); returns the current version unchanged if nothing was applied since.
    ModelVersionRecord save();

    bandit::AgentPerformanceModel &model() { return m_model; }
    const bandit::AgentPerformanceModel &model() const { return m_model; }
    const LearnerConfig &config() const { return m_config; }
    qint64 appliedSeq() const { return m_appliedSeq; }
    const std::optional<ModelVersionRecord> &version() const { return m_version; }

private:
    Workspace m_workspace;
    storage::Database &m_db;
    OutcomeStore m_store;
    LearnerConfig m_config;
    bandit::AgentPerformanceModel m_model;
    qint64 m_appliedSeq = 0;
    qint64 m_savedSeq = -1;
    std::optional<ModelVersionRecord> m_version;
    std::deque<StoredEvent> m_recent;
    static constexpr std::size_t kLearningEventsPerWrite = 1000;
    std::vector<LearningEventRecord> m_learningEvents;
    bool m_records = true;

    std::vector<StoredEvent> nextEvents(int limit, bool includePartial);
};

} // namespace lk::outcomes
