loopkeeper_add_bench(bench_outcomes LIBS loopkeeper_core SMOKE_ARGS --events 5000 --rounds 1)
