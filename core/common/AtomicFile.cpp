#include "core/common/AtomicFile.h"

#include "core/common/Error.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>

#include <cerrno>
#include <cstring>
#include <exception>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace lk {

namespace {

const QString kTemporaryInfix = QStringLiteral(".tmp-");

QString systemError(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

/// Retries a system call that a signal interrupted.
template<typename Call>
auto retrying(Call call)
{
    for (;;) {
        const auto r = call();
        if (r >= 0 || errno != EINTR)
            return r;
    }
}

/// Throws the helper's error: "Cannot write the <what> <path>: <reason>".
[[noreturn]] void fail(const QString &what, const QString &path, const QString &reason)
{
    throw Error(ErrorKind::Workspace, QStringLiteral("Cannot write the %1 %2: %3").arg(what, path, reason));
}

/// The file a write to `path` replaces: `path` itself, or the file a symbolic link points to.
QString resolvedTarget(const QString &path)
{
    const QFileInfo info(path);
    if (info.isSymLink()) {
        const QString target = info.symLinkTarget();
        if (!target.isEmpty())
            return target;
    }
    return info.absoluteFilePath();
}

/// A uniquely named, hidden temporary file beside the target; unlinked when destroyed unless
/// it was renamed into place.
class Temporary
{
public:
    Temporary(const QString &target, const QString &what, const QString &displayPath)
    {
        const QFileInfo info(target);
        const QString dir = info.absolutePath();
        if (!QDir().mkpath(dir))
            fail(what, displayPath, QStringLiteral("cannot create the folder %1").arg(dir));
        int error = 0;
        for (int attempt = 0; attempt < 100 && m_fd < 0; ++attempt) {
            m_path = dir + QStringLiteral("/.") + info.fileName() + kTemporaryInfix
                + QString::number(QRandomGenerator::global()->generate64(), 36);
            m_fd = retrying([&] {
                return ::open(
                    QFile::encodeName(m_path).constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
            });
            error = errno;
            if (m_fd < 0 && error != EEXIST)
                break;
        }
        if (m_fd < 0) {
            m_path.clear();
            fail(what, displayPath,
                QStringLiteral("cannot create a file in %1: %2").arg(dir, systemError(error)));
        }
        // A replaced file keeps its permissions (the temporary got the umask's).
        struct stat old = {};
        if (::stat(QFile::encodeName(target).constData(), &old) == 0 && S_ISREG(old.st_mode))
            (void)::fchmod(m_fd, old.st_mode & 07777);
    }
    Temporary(const Temporary &) = delete;
    Temporary &operator=(const Temporary &) = delete;
    ~Temporary()
    {
        closeFile();
        if (!m_path.isEmpty())
            ::unlink(QFile::encodeName(m_path).constData());
    }

    const QString &path() const { return m_path; }
    int fd() const { return m_fd; }

    /// Closes the descriptor; returns 0 or the error.
    int closeFile()
    {
        if (m_fd < 0)
            return 0;
        const int r = ::close(m_fd);
        m_fd = -1;
        return r == 0 ? 0 : errno;
    }
    /// The temporary was renamed into place: nothing left to remove.
    void release() { m_path.clear(); }

private:
    QString m_path;
    int m_fd = -1;
};

/// fsync on `path`; returns 0 or the error. Folders that cannot be synced (EINVAL) count as
/// synced, as they do for every other program.
int syncPath(const QString &path, bool folder)
{
    const int fd = retrying([&] {
        return ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC | (folder ? O_DIRECTORY : 0));
    });
    if (fd < 0)
        return errno;
    int error = 0;
    if (retrying([&] { return ::fsync(fd); }) != 0 && !(folder && errno == EINVAL))
        error = errno;
    ::close(fd);
    return error;
}

/// Renames the synced temporary over the target and syncs the folder.
void publish(Temporary &tmp, const QString &target, const QString &what, const QString &displayPath)
{
    if (::rename(QFile::encodeName(tmp.path()).constData(), QFile::encodeName(target).constData()) != 0)
        fail(what, displayPath, systemError(errno));
    tmp.release();
    const QString dir = QFileInfo(target).absolutePath();
    if (const int error = syncPath(dir, true))
        fail(what, displayPath,
            QStringLiteral("it was replaced, but its folder %1 could not be synced to disk: %2")
                .arg(dir, systemError(error)));
}

} // namespace

void writeFileAtomically(const QString &path, QByteArrayView data, const QString &what)
{
    const QString target = resolvedTarget(path);
    Temporary tmp(target, what, path);
    const char *bytes = data.data();
    qsizetype left = data.size();
    while (left > 0) {
        const ssize_t n = retrying([&] { return ::write(tmp.fd(), bytes, size_t(left)); });
        if (n < 0)
            fail(what, path, systemError(errno));
        bytes += n;
        left -= n;
    }
    if (retrying([&] { return ::fsync(tmp.fd()); }) != 0)
        fail(what, path, systemError(errno));
    if (const int error = tmp.closeFile())
        fail(what, path, systemError(error));
    publish(tmp, target, what, path);
}

void writeFileAtomicallyWith(
    const QString &path, const std::function<void(const QString &temporaryPath)> &write, const QString &what)
{
    const QString target = resolvedTarget(path);
    Temporary tmp(target, what, path);
    if (const int error = tmp.closeFile()) // the writer opens the file by name
        fail(what, path, systemError(error));
    try {
        write(tmp.path());
    } catch (const Error &) {
        throw;
    } catch (const std::exception &e) {
        fail(what, path, QString::fromLocal8Bit(e.what()).left(500));
    }
    if (const int error = syncPath(tmp.path(), false))
        fail(what, path, systemError(error));
    publish(tmp, target, what, path);
}

void syncToDisk(const QString &path)
{
    const bool folder = QFileInfo(path).isDir();
    if (const int error = syncPath(path, folder))
        throw Error(
            ErrorKind::Workspace, QStringLiteral("Cannot sync %1 to disk: %2").arg(path, systemError(error)));
}

bool isAtomicWriteTemporary(const QString &fileName)
{
    return fileName.startsWith(QLatin1Char('.')) && fileName.contains(kTemporaryInfix);
}

} // namespace lk
