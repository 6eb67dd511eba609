# Frame time of the live curve chart at 1 M and 10 M points (decimation, replace, render).
loopkeeper_add_bench(bench_chart LIBS loopkeeper_ui SMOKE_ARGS --points 100000 --frames 5)
