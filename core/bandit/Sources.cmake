# Agent selection by Thompson sampling over outcome events (pure model; storage and ingest elsewhere).
target_sources(loopkeeper_core PRIVATE
    bandit/AgentPerformanceModel.cpp
    bandit/AgentPerformanceModel.h
    bandit/OutcomeEvent.cpp
    bandit/OutcomeEvent.h
)
