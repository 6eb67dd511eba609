# Review queue panel: load a filter's rows into the model, re-sort, scroll and render one page
# over N stored proposals (target: each under a 16 ms frame at 10,000).
loopkeeper_add_bench(bench_review_panel LIBS loopkeeper_ui SMOKE_ARGS --rules 300 --repeat 3)
# The console under live load: every panel shown in turn while writers fill the workspace at a
# multiple of the demo's rates; per panel the UI thread's busy share and worst event-loop lag
# (targets at 10x: <= 10 % busy, <= 50 ms lag).
loopkeeper_add_bench(bench_console_live LIBS loopkeeper_ui SMOKE_ARGS --scale 2 --seconds 1 --warmup 1)
