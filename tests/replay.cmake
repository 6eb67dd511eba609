# Traffic replay: image transforms and drift schedules as pure functions, and `loopkeeper-cli
# replay` end to end against real loopkeeper-node processes serving a model the CLI trained.
loopkeeper_add_test(tst_replay LIBS loopkeeper_core LABELS "replay;node")
add_dependencies(tst_replay loopkeeper-node loopkeeper-cli)
