# Agent selection model: outcome event validation and the Thompson-sampling model.
loopkeeper_add_test(tst_outcome_event LIBS loopkeeper_core LABELS bandit)
loopkeeper_add_test(tst_bandit LIBS loopkeeper_core LABELS bandit)
