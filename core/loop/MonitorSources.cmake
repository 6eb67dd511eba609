# The console's view of the learning loop: a polling worker thread with its own connection,
# and manually triggered jobs on a pool thread (see LoopMonitor.h).
target_sources(loopkeeper_core PRIVATE
    loop/LoopMonitor.cpp
    loop/LoopMonitor.h
)
