# Canary rollouts: the pure plan and judge, and real rollouts over ten loopkeeper-node processes.
loopkeeper_add_test(tst_rollout LIBS loopkeeper_core LABELS "rollout;node")
add_dependencies(tst_rollout loopkeeper-node loopkeeper-cli)
set_tests_properties(tst_rollout PROPERTIES TIMEOUT 900)
loopkeeper_add_test(tst_canary_judge LIBS loopkeeper_core LABELS rollout)
# Drift on real nodes fed by the real replayer.
loopkeeper_add_test(tst_drift_fleet LIBS loopkeeper_core LABELS "drift;node")
add_dependencies(tst_drift_fleet loopkeeper-node loopkeeper-cli)
