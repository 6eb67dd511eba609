# Crash-safe file writes: the one helper (core/common/AtomicFile.h), its failures, and a writer
# killed with SIGKILL at random moments that always leaves the old file or the new one, whole.
loopkeeper_add_test(tst_atomic_files LIBS loopkeeper_core LABELS core)
