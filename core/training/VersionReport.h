#pragma once

#include <QJsonObject>

namespace lk {

/// Versions of Loopkeeper and the libraries it runs on, as shown by `--version` and About:
/// {"loopkeeper", "qt": {"runtime", "build"}, "libtorch": {"version", "intra_op_threads",
///  "matmul_check": {"passed", "detail"}}, "sqlite", "blas"}.
QJsonObject versionReport();

} // namespace lk
