# Drift: two-sample statistics, streaming change detectors and the per-node drift judge (pure,
# no I/O), and the `drift compare` command.
target_sources(loopkeeper_core PRIVATE
    cli/DriftCommands.cpp
    drift/Detectors.cpp
    drift/Detectors.h
    drift/DriftEvaluator.cpp
    drift/DriftEvaluator.h
    drift/Statistics.cpp
    drift/Statistics.h
)
