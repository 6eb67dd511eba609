# The demo's generated agent data: outcome events and audit batches valid and labelled as
# generated, and `loopkeeper-cli demo-agents` driving a real `loopkeeper-cli serve` and the
# workspace's review queue.
loopkeeper_add_test(tst_demo_agents LIBS loopkeeper_core LABELS "replay;demo")
add_dependencies(tst_demo_agents loopkeeper-cli)
