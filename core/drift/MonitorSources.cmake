# Drift as the console keeps it: stored windows and alerts, and the monitor that polls nodes.
target_sources(loopkeeper_core PRIVATE
    drift/DriftMonitor.cpp
    drift/DriftMonitor.h
    drift/DriftQueries.cpp
    drift/DriftQueries.h
    drift/DriftStore.cpp
    drift/DriftStore.h
)
