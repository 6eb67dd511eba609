# Memory-rule mining: read, validate and mine a generated batch of N run records (target: 1M in < 10 s).
loopkeeper_add_bench(bench_rules LIBS loopkeeper_core SMOKE_ARGS --runs 20000)
# Review queue: list(filter, sort, page of 200) and count() over N stored proposals (target: 10,000 in < 16 ms).
loopkeeper_add_bench(bench_rules_queue LIBS loopkeeper_core SMOKE_ARGS --rules 500 --repeat 3)
