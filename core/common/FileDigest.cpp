#include "core/common/FileDigest.h"

#include "core/common/Error.h"

#include <QCryptographicHash>
#include <QFile>

namespace lk {

QString sha256Hex(QByteArrayView bytes)
{
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

QString fileSha256(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw Error(ErrorKind::Input, QStringLiteral("Cannot read %1: %2").arg(path, file.errorString()));
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!hash.addData(&file))
        throw Error(ErrorKind::Input, QStringLiteral("Cannot read %1").arg(path));
    return QString::fromLatin1(hash.result().toHex());
}

} // namespace lk
