#include "core/training/TorchPlugin.h"

#include "core/training/TorchBackend.h"

#include "core/common/Error.h"
#include "core/common/Versions.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLibrary>
#include <QThreadPool>

#include <atomic>

// The build passes where it puts the plugin and where it installs it (core/CMakeLists.txt).
#ifndef LOOPKEEPER_TORCH_PLUGIN_FILE
#error "LOOPKEEPER_TORCH_PLUGIN_FILE, LOOPKEEPER_TORCH_PLUGIN_RELATIVE_DIR and LOOPKEEPER_TORCH_PLUGIN_INSTALL_DIR come from the build"
#endif

namespace lk::training {

namespace {

struct LoadedPlugin
{
    const TorchBackend *backend = nullptr;
    QString path; ///< the file it came from
    QString failure; ///< why there is no backend
};

LoadedPlugin load()
{
    const QString name = QStringLiteral(LOOPKEEPER_TORCH_PLUGIN_FILE);
    QStringList tried;
    for (const QString &path : torchPluginCandidates()) {
        if (!QFileInfo(path).isFile()) {
            tried << QStringLiteral("%1 (no such file)").arg(path);
            continue;
        }
        // Never unloaded: LibTorch does not support being unloaded, and the backend lives on.
        auto *library = new QLibrary(path);
        library->setLoadHints(QLibrary::PreventUnloadHint);
        if (!library->load()) {
            tried << QStringLiteral("%1 (%2)").arg(path, library->errorString());
            delete library;
            continue;
        }
        const auto entry = reinterpret_cast<TorchPluginEntry>(library->resolve(kTorchPluginEntryPoint));
        if (!entry) {
            tried << QStringLiteral("%1 (%2)").arg(path, library->errorString());
            continue;
        }
        const QByteArray version = loopkeeperVersion().toUtf8();
        if (const TorchBackend *backend = entry(kTorchPluginInterface, version.constData()))
            return {backend, path, {}};
        tried << QStringLiteral("%1 (built for another Loopkeeper than %2, plugin interface %3)")
                     .arg(path, loopkeeperVersion())
                     .arg(kTorchPluginInterface);
    }
    return {nullptr, {},
        QStringLiteral("LibTorch is not available, so Loopkeeper cannot train or predict: its plugin %1 "
                       "could not be loaded from %2. Reinstall Loopkeeper, or set %3 to the plugin's path.")
            .arg(name, tried.join(QLatin1String("; ")), QLatin1String(kTorchPluginVariable))};
}

std::atomic<const LoadedPlugin *> g_loaded {nullptr};

const LoadedPlugin &plugin()
{
    // One load per process, whichever thread comes first; the others wait for it.
    static const LoadedPlugin loaded = load();
    g_loaded.store(&loaded, std::memory_order_release);
    return loaded;
}

} // namespace

QStringList torchPluginCandidates()
{
    const QString file = QStringLiteral(LOOPKEEPER_TORCH_PLUGIN_FILE);
    const QString override = qEnvironmentVariable(kTorchPluginVariable);
    if (!override.isEmpty())
        return {QFileInfo(override).absoluteFilePath()}; // dlopen would search a bare name elsewhere
    QStringList out;
    const QString executable = QFile::symLinkTarget(QStringLiteral("/proc/self/exe"));
    if (!executable.isEmpty()) {
        const QDir dir = QFileInfo(executable).absoluteDir();
        out << dir.filePath(file);
        out << QDir::cleanPath(dir.filePath(QStringLiteral(LOOPKEEPER_TORCH_PLUGIN_RELATIVE_DIR "/") + file));
    }
    out << QDir(QStringLiteral(LOOPKEEPER_TORCH_PLUGIN_INSTALL_DIR)).filePath(file);
    out.removeDuplicates();
    return out;
}

const TorchBackend &torchBackend()
{
    const LoadedPlugin &p = plugin();
    if (!p.backend)
        throw Error(ErrorKind::Internal, p.failure);
    return *p.backend;
}

void loadTorchPlugin()
{
    torchBackend();
}

void preloadTorchPlugin()
{
    if (g_loaded.load(std::memory_order_acquire))
        return;
    // The global pool is waited for when the application object is destroyed, so the process
    // never exits in the middle of loading.
    QThreadPool::globalInstance()->start([] { plugin(); });
}

QString loadedTorchPluginPath()
{
    const LoadedPlugin *p = g_loaded.load(std::memory_order_acquire);
    return p ? p->path : QString();
}

} // namespace lk::training
