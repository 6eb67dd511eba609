#include "core/common/RequestFiles.h"

#include "core/common/Error.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace lk {

namespace {

QString kindOf(mode_t mode)
{
    if (S_ISDIR(mode))
        return QStringLiteral("a folder");
    if (S_ISFIFO(mode))
        return QStringLiteral("a pipe");
    if (S_ISCHR(mode) || S_ISBLK(mode))
        return QStringLiteral("a device");
    if (S_ISSOCK(mode))
        return QStringLiteral("a socket");
    return QStringLiteral("not a regular file");
}

void check(const struct stat &st, const QString &path, qint64 maxBytes, const QString &what)
{
    if (!S_ISREG(st.st_mode))
        throw Error(ErrorKind::Input,
            QStringLiteral("%1 %2 is %3; only regular files are read.").arg(what, path, kindOf(st.st_mode)));
    if (qint64(st.st_size) > maxBytes)
        throw Error(ErrorKind::Input,
            QStringLiteral("%1 %2 is %3 bytes; the limit is %4.")
                .arg(what, path)
                .arg(qint64(st.st_size))
                .arg(maxBytes));
}

} // namespace

void requireRegularFile(const QString &path, qint64 maxBytes, const QString &what)
{
    struct stat st
    {
    };
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        throw Error(ErrorKind::Input,
            QStringLiteral("%1 %2 cannot be read: %3.")
                .arg(what, path, QString::fromLocal8Bit(std::strerror(errno))));
    check(st, path, maxBytes, what);
}

QByteArray readRegularFile(const QString &path, qint64 maxBytes, const QString &what)
{
    requireRegularFile(path, maxBytes, what);
    // O_NONBLOCK: if the file became a FIFO since the check, open() returns instead of waiting.
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        throw Error(ErrorKind::Input,
            QStringLiteral("%1 %2 cannot be read: %3.")
                .arg(what, path, QString::fromLocal8Bit(std::strerror(errno))));
    struct stat st
    {
    };
    if (::fstat(fd, &st) != 0) {
        ::close(fd);
        throw Error(ErrorKind::Input, QStringLiteral("%1 %2 cannot be read.").arg(what, path));
    }
    try {
        check(st, path, maxBytes, what);
    } catch (...) {
        ::close(fd);
        throw;
    }
    QFile file;
    if (!file.open(fd, QIODevice::ReadOnly, QFileDevice::AutoCloseHandle)) {
        ::close(fd);
        throw Error(ErrorKind::Input,
            QStringLiteral("%1 %2 cannot be read: %3.").arg(what, path, file.errorString()));
    }
    return readBounded(file, maxBytes, QStringLiteral("%1 %2").arg(what, path), qint64(st.st_size));
}

QByteArray readBounded(QIODevice &device, qint64 maxBytes, const QString &what, qint64 expected)
{
    constexpr qint64 kChunk = 1 << 20;
    QByteArray data;
    data.reserve(qsizetype(std::min(expected, maxBytes)));
    for (;;) {
        const QByteArray chunk = device.read(kChunk);
        if (chunk.isEmpty())
            break;
        data += chunk;
        // Bounded even if a file grows while it is read, or a pipe never ends.
        if (data.size() > maxBytes)
            throw Error(ErrorKind::Input,
                QStringLiteral("%1 is longer than the limit of %2 bytes.").arg(what).arg(maxBytes));
    }
    return data;
}

bool isInsideRoots(const QString &path, const QStringList &roots)
{
    const QString canonical = QFileInfo(path).canonicalFilePath();
    if (canonical.isEmpty())
        return false;
    for (const QString &root : roots) {
        const QString r = QFileInfo(root).canonicalFilePath();
        if (!r.isEmpty() && canonical.startsWith(r + QLatin1Char('/')))
            return true;
    }
    return false;
}

} // namespace lk
