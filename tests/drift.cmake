# Drift: statistics against scipy (tests/python/drift_crosscheck.py, Debian's python3-scipy) and
# the streaming detectors; the per-node drift evaluator; `loopkeeper-cli drift compare`.
loopkeeper_add_test(tst_drift_stats LIBS loopkeeper_core LABELS drift)
loopkeeper_add_test(tst_drift_evaluator LIBS loopkeeper_core LABELS drift)
loopkeeper_add_test(tst_drift_cli LIBS loopkeeper_core LABELS "drift;cli")
add_dependencies(tst_drift_cli loopkeeper-cli)
