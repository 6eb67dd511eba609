# Memory-rule mining: read, validate and mine a generated batch of N run records (target: 1M in < 10 s).
loopkeeper_add_bench(bench_rules LIBS loopkeeper_core SMOKE_ARGS --runs 20000)
