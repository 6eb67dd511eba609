#pragma once

// SHA-256 as Loopkeeper writes it everywhere (the model registry, rollouts, the edge node's
// installed model, X-Model-Sha256): 64 lower-case hex digits.

#include <QByteArrayView>
#include <QString>

namespace lk {

/// The SHA-256 of `bytes` in lower-case hex.
QString sha256Hex(QByteArrayView bytes);

/// The SHA-256 of a file's bytes in lower-case hex, read in pieces (a model of hundreds of MB
/// is never held whole); throws lk::Error(Input) naming the file if it cannot be read.
QString fileSha256(const QString &path);

} // namespace lk
