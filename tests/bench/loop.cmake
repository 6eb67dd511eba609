# Learning loop: sample ingest throughput, trigger evaluation over a large store.
loopkeeper_add_bench(bench_samples LIBS loopkeeper_core SMOKE_ARGS --samples 5000 --stored 20000)
