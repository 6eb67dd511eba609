loopkeeper_add_bench(bench_training LIBS loopkeeper_core
    SMOKE_ARGS --mode throughput --batches 32 --samples 640)
target_compile_definitions(bench_training PRIVATE LOOPKEEPER_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
