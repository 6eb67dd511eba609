# A rollout over many real loopkeeper-node processes (target: 50 nodes complete).
loopkeeper_add_bench(bench_rollout LIBS loopkeeper_core Qt6::Network SMOKE_ARGS --nodes 4 --window 2 --rate 200 --steps 25,100)
add_dependencies(bench_rollout loopkeeper-node loopkeeper-cli)
