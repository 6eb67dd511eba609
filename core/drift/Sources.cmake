target_sources(loopkeeper_core PRIVATE
    cli/DriftCommands.cpp
)
