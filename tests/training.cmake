# The training runner: real LibTorch training on slices of Debian's Fashion-MNIST.
loopkeeper_add_test(tst_idx LIBS loopkeeper_core ZLIB::ZLIB LABELS training)
loopkeeper_add_test(tst_trainer LIBS loopkeeper_core LABELS training)
loopkeeper_add_test(tst_training_panel GUI LIBS loopkeeper_ui LABELS "training;gui")
add_dependencies(tst_training_panel loopkeeper-cli)
loopkeeper_add_test(tst_training_cli LIBS loopkeeper_core LABELS "training;cli")
add_dependencies(tst_training_cli loopkeeper-cli)
