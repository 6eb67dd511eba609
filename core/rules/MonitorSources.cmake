# The console's view of the review queue: a worker thread with its own connection that lists,
# reserves and decides off the UI thread (see ReviewMonitor.h).
target_sources(loopkeeper_core PRIVATE
    rules/ReviewMonitor.cpp
    rules/ReviewMonitor.h
)
