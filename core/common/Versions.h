#pragma once

#include <QString>

namespace lk {

/// Loopkeeper's own version, from the build (e.g. "0.1.0").
QString loopkeeperVersion();

/// The BLAS library this process has loaded (resolved through Debian's alternatives), or an
/// empty string if it cannot be told or none is loaded yet (LibTorch's comes with the torch
/// plugin). Training speed depends on it (OpenBLAS vs reference).
QString loadedBlasLibrary();

} // namespace lk

namespace lk {

/// Sets the organization/application names that QSettings and QStandardPaths use, so that
/// the console and the CLI agree on the default workspace.
void applyApplicationIdentity();

} // namespace lk
