# Drift: Page-Hinkley and ADWIN observations/s (target >= 1,000,000 each), DriftEvaluator windows/s.
loopkeeper_add_bench(bench_drift LIBS loopkeeper_core SMOKE_ARGS --observations 200000 --windows 30)
