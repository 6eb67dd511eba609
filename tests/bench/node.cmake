# The edge node under load: one loopkeeper-node driven by the replayer's keep-alive client.
loopkeeper_add_bench(bench_node LIBS loopkeeper_core SMOKE_ARGS --seconds 1 --connections 1)
add_dependencies(bench_node loopkeeper-node loopkeeper-cli)
