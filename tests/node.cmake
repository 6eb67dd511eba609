# The edge node: a real `loopkeeper-node` serving a model trained by the real CLI, driven with curl.
loopkeeper_add_test(tst_node LIBS loopkeeper_core LABELS "node;api")
add_dependencies(tst_node loopkeeper-node loopkeeper-cli)
