#pragma once

// Files read by a path someone else chose (a request's "artifact", a CLI argument): only
// regular files, checked with stat() before they are opened — opening a FIFO blocks, and
// reading /dev/zero never ends — of a bounded size, and, for requests, only inside the folders
// the server allows. See docs/limits.md.

#include <QByteArray>
#include <QIODevice>
#include <QString>
#include <QStringList>

namespace lk {

/// Throws lk::Error(Input) unless `path` names a regular file (after symbolic links) of at
/// most `maxBytes`; `what` names it in the message ("the artifact", "the batch file").
/// Never opens the file.
void requireRegularFile(const QString &path, qint64 maxBytes, const QString &what);

/// The bytes of the regular file `path`, of at most `maxBytes` (checked before it is opened,
/// and again on the open file, so that a file swapped for a FIFO in between does not block).
/// Throws lk::Error(Input) naming the problem.
QByteArray readRegularFile(const QString &path, qint64 maxBytes, const QString &what);

/// Reads `device` to its end in chunks; throws lk::Error(Input) naming `what` as soon as more than
/// `maxBytes` came (standard input, a pipe). `expected`: a size hint.
QByteArray readBounded(QIODevice &device, qint64 maxBytes, const QString &what, qint64 expected = 0);

/// True if `path` exists and, with every symbolic link resolved, lies inside one of `roots`.
bool isInsideRoots(const QString &path, const QStringList &roots);

} // namespace lk
