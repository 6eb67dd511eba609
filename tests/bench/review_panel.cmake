# Review queue panel: load a filter's rows into the model, re-sort, scroll and render one page
# over N stored proposals (target: each under a 16 ms frame at 10,000).
loopkeeper_add_bench(bench_review_panel LIBS loopkeeper_ui SMOKE_ARGS --rules 300 --repeat 3)
