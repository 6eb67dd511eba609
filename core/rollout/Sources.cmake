target_sources(loopkeeper_core PRIVATE
    cli/RolloutCommands.cpp
)
