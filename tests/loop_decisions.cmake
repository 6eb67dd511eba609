# The learning loop's pure decisions, table-driven: triggers (thresholds, schedule across DST,
# drift, cool-down, the answer's shape) and the regression gate (metrics, McNemar, gates).
loopkeeper_add_test(tst_trigger_policy LIBS loopkeeper_core LABELS loop)
loopkeeper_add_test(tst_regression_gate LIBS loopkeeper_core LABELS loop)
