#pragma once

#include <QJsonObject>

namespace lk {

/// Versions of Loopkeeper and the libraries it runs on, as shown by `--version` and About:
/// {"loopkeeper", "qt": {"runtime", "build"}, "libtorch": {"version", "intra_op_threads",
///  "matmul_check": {"passed", "detail"}, "plugin"}, "sqlite", "blas"}. It loads the torch
/// plugin (core/training/TorchPlugin.h) to ask LibTorch itself; "plugin" is the file it came
/// from. If the plugin cannot be loaded, "libtorch" is {"error": why} and the rest is reported.
QJsonObject versionReport();

} // namespace lk
