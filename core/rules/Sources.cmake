# Memory-rule mining (seed 002): audit batch validation, pattern mining, scope guard and the
# learning report; pure, with no storage (the review queue is built on top of it elsewhere).
# The schemas in schemas/ are built in as resources (rules_schemas.qrc, AUTORCC).
target_sources(loopkeeper_core PRIVATE
    rules/AuditBatch.cpp
    rules/AuditBatch.h
    rules/JsonArena.cpp
    rules/JsonArena.h
    rules/JsonSchema.cpp
    rules/JsonSchema.h
    rules/LearningReport.cpp
    rules/LearningReport.h
    rules/MemoryRule.cpp
    rules/MemoryRule.h
    rules/PatternMiner.cpp
    rules/PatternMinerInternals.h
    rules/PatternMinerPatterns.cpp
    rules/PatternMiner.h
    rules/RuleScoring.cpp
    rules/RuleScoring.h
    rules/ScopeGuard.cpp
    rules/ScopeGuard.h
    rules/rules_schemas.qrc
)
# The review queue (schema 6), the memory files of approved rules, and the rules CLI commands.
target_sources(loopkeeper_core PRIVATE
    cli/RulesCommands.cpp
    rules/MemoryFiles.cpp
    rules/MemoryFiles.h
    rules/ReviewQueue.cpp
    rules/ReviewQueueQueries.cpp
    rules/ReviewRecords.h
    rules/ReviewQueue.h
    rules/RuleStates.cpp
    rules/RuleStates.h
)
