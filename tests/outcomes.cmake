# Agent outcome learning: store, learner, CLI and REST on real workspaces and processes.
loopkeeper_add_test(tst_outcomes LIBS loopkeeper_core LABELS "outcomes;cli;api")
add_dependencies(tst_outcomes loopkeeper-cli)
loopkeeper_add_test(tst_agents_panel GUI LIBS loopkeeper_ui LABELS "outcomes;gui")
# The ingest path: the fast reader against the JSON parser, and the store's numbering.
loopkeeper_add_test(tst_outcome_ingest LIBS loopkeeper_core LABELS outcomes)
