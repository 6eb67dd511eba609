target_sources(loopkeeper_core PRIVATE
    cli/OutcomeCommands.cpp
    outcomes/AgentsMonitor.cpp
    outcomes/AgentsMonitor.h
    outcomes/Inbox.cpp
    outcomes/Inbox.h
    outcomes/OutcomeReader.cpp
    outcomes/OutcomeReader.h
    outcomes/OutcomeLearner.cpp
    outcomes/OutcomeLearner.h
    outcomes/OutcomeQueries.cpp
    outcomes/OutcomeQueries.h
    outcomes/OutcomeService.cpp
    outcomes/OutcomeService.h
    outcomes/OutcomeStore.cpp
    outcomes/OutcomeStore.h
)
