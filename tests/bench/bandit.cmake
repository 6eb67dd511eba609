# Agent-selection model: update throughput, predict latency, Thompson sampling's regret vs UCB1.
loopkeeper_add_bench(bench_bandit LIBS loopkeeper_core SMOKE_ARGS --steps 2000)
