#pragma once

// Small helpers shared by the Qt Test executables: hashing files to prove they were left
// untouched, and finding the built executables.

#include <QByteArray>
#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QString>
#include <QtGlobal>

namespace lk::test {

/// sha256 of a file's bytes (empty if it cannot be read).
inline QByteArray fileSha256(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(&f);
    return hash.result().toHex();
}

/// Writes bytes to a file, returning false on failure.
inline bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

/// Path of an executable built into build/bin (CTest sets LOOPKEEPER_BIN_DIR; run by hand, the
/// tests and benches find it beside their own folder).
inline QString binary(const QString &name)
{
    const QString dir = qEnvironmentVariable("LOOPKEEPER_BIN_DIR");
    return QDir(dir.isEmpty() ? QCoreApplication::applicationDirPath() + QStringLiteral("/../bin") : dir).filePath(name);
}

/// The source tree (CTest sets LOOPKEEPER_SOURCE_DIR).
inline QString sourcePath(const QString &relative)
{
    return QDir(qEnvironmentVariable("LOOPKEEPER_SOURCE_DIR")).filePath(relative);
}

} // namespace lk::test
