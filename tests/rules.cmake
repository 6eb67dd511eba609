# Memory-rule mining: the JSON Schema validator and the shipped schemas, the audit batch reader,
# the miner's heuristics on planted patterns, the scope guard, and the learning report envelope.
loopkeeper_add_test(tst_rules_schema LIBS loopkeeper_core LABELS rules)
loopkeeper_add_test(tst_rules_batch LIBS loopkeeper_core LABELS rules)
loopkeeper_add_test(tst_rules_mining LIBS loopkeeper_core LABELS rules)
loopkeeper_add_test(tst_rules_scope LIBS loopkeeper_core LABELS rules)
loopkeeper_add_test(tst_rules_report LIBS loopkeeper_core LABELS rules)
# The review queue on a real workspace: states, audit, reservations, undo, memory files, and two
# loopkeeper-cli processes racing to decide the same rules.
loopkeeper_add_test(tst_rules_queue LIBS loopkeeper_core LABELS "rules;cli")
add_dependencies(tst_rules_queue loopkeeper-cli)
