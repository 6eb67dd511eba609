# The Review queue panel on a real workspace: keyboard decisions, undo, filters, a rule reserved
# by another reviewer, bulk approval with its confirmation, a lost race (offscreen).
loopkeeper_add_test(tst_review_queue_panel GUI LIBS loopkeeper_ui LABELS "rules;gui")
