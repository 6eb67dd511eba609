# The Samples & Models panel on a real workspace: counts, trigger, registry, lineage, artifact
# check, and the confirmations in front of training and promotion (offscreen; no training runs).
loopkeeper_add_test(tst_samples_models_panel GUI LIBS loopkeeper_ui LABELS "loop;gui")
