# The monitor pattern the console's panels read through (core/common/Monitor.h), on a real
# workspace.
loopkeeper_add_test(tst_monitor LIBS loopkeeper_core LABELS core)
