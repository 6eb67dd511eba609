#pragma once

// The one way Loopkeeper writes a whole file (docs/ARCHITECTURE.md, "Invariants"): artifacts, checkpoints,
// manifests, memory files and their indexes, saved learner states, reports. The new content
// goes to a hidden temporary file beside the target (".<name>.tmp-<random>"), which is flushed
// to disk (fsync) and then renamed over the target (rename(2) replaces it in one step); the
// folder is synced after the rename. The old file is never removed first, so a crash or a kill
// at any moment leaves the old file or the new one, whole, and readers never see half a file.
// A crash can leave a hidden temporary behind; it is never mistaken for the file.

#include <QByteArrayView>
#include <QString>

#include <functional>

namespace lk {

/// Replaces (or creates) `path` with `data`, creating its folder if needed. A symbolic link is
/// followed: its target is replaced. Throws lk::Error(Workspace) naming the file ("Cannot write
/// the <what> <path>: <reason>") and leaves any previous file untouched and no temporary file.
void writeFileAtomically(
    const QString &path, QByteArrayView data, const QString &what = QStringLiteral("file"));

/// The same for writers that need a file name (LibTorch's save): `write` writes the complete
/// new content to the temporary path it is given (it may throw); the file is then synced and
/// renamed over `path`. An lk::Error from `write` propagates as it is; any other exception
/// becomes lk::Error naming `path`. Either way the previous file and no temporary remain.
void writeFileAtomicallyWith(const QString &path,
    const std::function<void(const QString &temporaryPath)> &write,
    const QString &what = QStringLiteral("file"));

/// Flushes a file's contents or a folder's entries to disk (fsync); throws lk::Error(Workspace)
/// naming the path. For writers that publish a whole folder by one rename.
void syncToDisk(const QString &path);

/// True if `fileName` (no folder) is the name of one of writeFileAtomically's temporaries.
bool isAtomicWriteTemporary(const QString &fileName);

} // namespace lk
