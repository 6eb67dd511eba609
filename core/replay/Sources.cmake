target_sources(loopkeeper_core PRIVATE
    cli/ReplayCommands.cpp
)
