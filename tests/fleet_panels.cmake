# The Rollout board and the Drift panel on a real workspace filled through the rollout and drift
# stores: tiles, verdicts, timeline, confirmed roll back, refused start; rate chart, heat map,
# alerts and their link to the training job (offscreen; no node is contacted).
loopkeeper_add_test(tst_rollout_panel GUI LIBS loopkeeper_ui LABELS "rollout;gui")
loopkeeper_add_test(tst_drift_panel GUI LIBS loopkeeper_ui LABELS "drift;gui")
