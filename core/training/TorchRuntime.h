#pragma once

// The rest of Loopkeeper sees LibTorch only through plain types declared in
// core/training headers; torch headers are included in core/training/*.cpp alone, and only in
// the files of the torch plugin, which these functions load on first use (TorchPlugin.h).

#include <QString>

namespace lk::training {

/// What LibTorch reports about itself, plus a real tensor operation's result.
struct TorchRuntimeInfo
{
    QString version; ///< e.g. "1.13.0" as the headers compiled in say
    int intraOpThreads = 0; ///< threads LibTorch uses inside one operation
    bool matmulCheckPassed = false;
    QString matmulCheck; ///< what was computed and what came out
};

/// Runs one small matrix product through LibTorch (and so the system BLAS) and reports.
TorchRuntimeInfo probeTorchRuntime();

/// Measures single-precision matrix multiplication (n×n by n×n) through LibTorch with the
/// given number of threads; returns GFLOP/s (best of `repeats`). For benchmarks.
double measureSgemmGflops(int n = 1024, int threads = 1, int repeats = 5);

/// Limits LibTorch's intra-op threads and OpenBLAS's own pool (Debian's LibTorch calls the
/// system BLAS) to `threads`; 0 leaves both at their defaults.
void setComputeThreads(int threads);

} // namespace lk::training
