#pragma once

// Finding and opening the torch plugin (libloopkeeper_torch.so, see TorchBackend.h). Nothing
// but the plugin links LibTorch, whose ~290 libraries take about half a second to load: a
// command that neither trains nor predicts never opens it.
//
// Where the plugin is looked for, in this order:
//  1. $LOOPKEEPER_TORCH_PLUGIN, a path to the plugin file; when set, nowhere else;
//  2. beside the executable;
//  3. the installed location relative to the executable (<bin>/../<libdir>/loopkeeper/), which
//     is also where the build tree puts it (build/<libdir>/loopkeeper/, next to build/bin,
//     build/tests and build/bench);
//  4. the installed location as configured (<prefix>/<libdir>/loopkeeper/).

#include <QString>
#include <QStringList>

namespace lk::training {

class TorchBackend;

/// The environment variable that names the plugin file and turns the search off.
inline constexpr char kTorchPluginVariable[] = "LOOPKEEPER_TORCH_PLUGIN";

/// The loaded plugin's backend. Loads the plugin on the first call (thread-safe: concurrent
/// first calls wait for one load); it stays loaded until the process ends. If it cannot be
/// loaded, this and every later call throw lk::Error(Internal) naming each path tried and why
/// it failed (dlopen's message).
const TorchBackend &torchBackend();

/// Loads the plugin now if it is not loaded yet; throws as torchBackend() does. For callers
/// that want to fail before they start work that needs it.
void loadTorchPlugin();

/// Starts loading the plugin on a pool thread and returns at once, so that a later first use
/// (e.g. on the UI thread) does not wait for it; a failure is reported at that first use.
void preloadTorchPlugin();

/// The file the plugin was loaded from; empty while it is not loaded (this never loads it).
QString loadedTorchPluginPath();

/// The paths the plugin is looked for at, in order (just the override when it is set).
QStringList torchPluginCandidates();

} // namespace lk::training
