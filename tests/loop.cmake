# The learning loop on real workspaces, processes, curl and Fashion-MNIST.
loopkeeper_add_test(tst_loop LIBS loopkeeper_core LABELS "loop;cli;api")
add_dependencies(tst_loop loopkeeper-cli)
loopkeeper_add_test(tst_loop_e2e LIBS loopkeeper_core LABELS "loop;training")
add_dependencies(tst_loop_e2e loopkeeper-cli)
