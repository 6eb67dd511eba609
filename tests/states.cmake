# The state machines of docs/states.md: every status against every command, the stored names
# both ways, and the rollout, job and review-queue stores enforcing the same tables.
loopkeeper_add_test(tst_states LIBS loopkeeper_core LABELS "rollout;loop;rules")
