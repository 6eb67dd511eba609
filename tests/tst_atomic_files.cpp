// The one helper for crash-safe file writes (core/common/AtomicFile.h): new files, replacing,
// failures that leave the old file and no temporary, errors that name the file — and a writer
// killed with SIGKILL at random moments, after which the file is always the old content or the
// new content, whole.
//
// The crash test re-invokes this executable as the writer:
//   tst_atomic_files --atomic-writer FILE data|with
// writes FILE again and again (each time a header with a sequence number and the sha256 of a
// 4 MiB payload, then the payload) through writeFileAtomically or writeFileAtomicallyWith, and
// prints each sequence number once its write returned.
#include "core/common/AtomicFile.h"
#include "core/common/Error.h"

#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>

#include <dlfcn.h>
#include <sys/stat.h>
#include <unistd.h>

// --- rename(2) with an injected failure ---------------------------------------------------------
// The helper calls rename(); this definition takes its place in this executable, so that a test
// can make the one step that replaces the file fail and check what is left.
namespace {
std::atomic<int> g_renameError{0};
}

extern "C" int rename(const char *from, const char *to)
{
    if (const int error = g_renameError.load()) {
        errno = error;
        return -1;
    }
    using Rename = int (*)(const char *, const char *);
    static const auto real = reinterpret_cast<Rename>(dlsym(RTLD_NEXT, "rename"));
    return real(from, to);
}

namespace {

constexpr qsizetype kPayloadBytes = 4 * 1024 * 1024;
const QByteArray kMagic = "LKATOMIC";

/// One of two 4 MiB payloads (by the parity of `seq`), made once: a writer spends its time
/// writing, not computing.
const QByteArray &payload(qint64 seq)
{
    static const QByteArray even = [] {
        QByteArray bytes(kPayloadBytes, Qt::Uninitialized);
        quint64 x = 0x9E3779B97F4A7C15ull;
        for (qsizetype i = 0; i + 8 <= bytes.size(); i += 8) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            std::memcpy(bytes.data() + i, &x, 8);
        }
        return bytes;
    }();
    static const QByteArray odd = [] {
        QByteArray bytes = even;
        std::reverse(bytes.begin(), bytes.end());
        return bytes;
    }();
    return seq % 2 ? odd : even;
}

/// The content of write number `seq`: "LKATOMIC <seq> <bytes> <sha256>\n" then the payload.
QByteArray content(qint64 seq)
{
    static const QByteArray shas[2] = {
        QCryptographicHash::hash(payload(0), QCryptographicHash::Sha256).toHex(),
        QCryptographicHash::hash(payload(1), QCryptographicHash::Sha256).toHex()};
    return kMagic + ' ' + QByteArray::number(seq) + ' ' + QByteArray::number(kPayloadBytes) + ' '
        + shas[seq % 2] + '\n' + payload(seq);
}

/// The sequence number of a whole file as content() makes it; -1 if the file is missing,
/// short, long or corrupt.
qint64 wholeSequence(const QString &path, QString *why)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *why = QStringLiteral("cannot open: %1").arg(f.errorString());
        return -1;
    }
    const QByteArray bytes = f.readAll();
    const qsizetype eol = bytes.indexOf('\n');
    const QList<QByteArray> header = bytes.left(eol).split(' ');
    if (eol < 0 || header.size() != 4 || header[0] != kMagic) {
        *why = QStringLiteral("no header (%1 bytes)").arg(bytes.size());
        return -1;
    }
    const QByteArray payload = bytes.mid(eol + 1);
    if (payload.size() != header[2].toLongLong()) {
        *why = QStringLiteral("payload of %1 bytes, the header says %2")
                   .arg(payload.size())
                   .arg(QString::fromLatin1(header[2]));
        return -1;
    }
    if (QCryptographicHash::hash(payload, QCryptographicHash::Sha256).toHex() != header[3]) {
        *why = QStringLiteral("the payload's sha256 differs from the header's");
        return -1;
    }
    return header[1].toLongLong();
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writePlain(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

/// Every entry of `dir` (hidden ones too).
QStringList entries(const QString &dir)
{
    return QDir(dir).entryList(
        QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot, QDir::Name);
}

/// The message of the lk::Error that `f` throws (empty if it throws none).
template<typename F>
QString errorOf(F f)
{
    try {
        f();
    } catch (const lk::Error &e) {
        return e.message();
    }
    return {};
}

/// The child's loop: write, report, repeat (bounded, so that an orphan ends by itself).
int runWriter(const QString &path, const QString &mode)
{
    QString why;
    qint64 seq = std::max<qint64>(0, wholeSequence(path, &why));
    const QDeadlineTimer deadline(120000);
    for (int n = 0; n < 100000 && !deadline.hasExpired(); ++n) {
        const QByteArray bytes = content(++seq);
        try {
            if (mode == QLatin1String("with"))
                lk::writeFileAtomicallyWith(path, [&](const QString &tmp) {
                    QFile f(tmp); // in pieces, as a library saving by file name does
                    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
                        throw std::runtime_error("cannot open the temporary");
                    for (qsizetype at = 0; at < bytes.size(); at += 65536)
                        if (f.write(bytes.mid(at, 65536)) < 0)
                            throw std::runtime_error("cannot write the temporary");
                });
            else
                lk::writeFileAtomically(path, bytes);
        } catch (const lk::Error &e) {
            std::fprintf(stderr, "%s\n", qPrintable(e.message()));
            return 1;
        }
        const QByteArray line = QByteArray::number(seq) + '\n';
        if (::write(STDOUT_FILENO, line.constData(), size_t(line.size())) != line.size())
            return 1;
    }
    return 0;
}

} // namespace

class TestAtomicFiles : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        g_renameError = 0;
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
    }

    void writesANewFileAndItsFolders()
    {
        const QString path = m_dir->filePath(QStringLiteral("a/b/new.json"));
        lk::writeFileAtomically(path, QByteArrayLiteral("{\"x\": 1}\n"));
        QCOMPARE(readAll(path), QByteArrayLiteral("{\"x\": 1}\n"));
        QCOMPARE(entries(m_dir->filePath(QStringLiteral("a/b"))), QStringList{QStringLiteral("new.json")});
        // An empty file is a file too.
        lk::writeFileAtomically(m_dir->filePath(QStringLiteral("empty")), QByteArrayView());
        QVERIFY(QFileInfo(m_dir->filePath(QStringLiteral("empty"))).isFile());
        QCOMPARE(QFileInfo(m_dir->filePath(QStringLiteral("empty"))).size(), 0);
    }

    void replacesAFileKeepingItsPermissions()
    {
        const QString path = m_dir->filePath(QStringLiteral("state.json"));
        QVERIFY(writePlain(path, QByteArray(100000, 'o')));
        QVERIFY(::chmod(QFile::encodeName(path).constData(), 0640) == 0);
        lk::writeFileAtomically(path, QByteArrayLiteral("new"));
        QCOMPARE(readAll(path), QByteArrayLiteral("new"));
        struct stat st = {};
        QVERIFY(::stat(QFile::encodeName(path).constData(), &st) == 0);
        QCOMPARE(int(st.st_mode & 07777), 0640);
        QCOMPARE(entries(m_dir->path()), QStringList{QStringLiteral("state.json")});
    }

    void replacesTheTargetOfASymbolicLink()
    {
        const QString real = m_dir->filePath(QStringLiteral("real.md"));
        const QString link = m_dir->filePath(QStringLiteral("link.md"));
        QVERIFY(writePlain(real, "old"));
        QVERIFY(QFile::link(real, link));
        lk::writeFileAtomically(link, QByteArrayLiteral("new"));
        QVERIFY(QFileInfo(link).isSymLink());
        QCOMPARE(readAll(real), QByteArrayLiteral("new"));
        QCOMPARE(entries(m_dir->path()), (QStringList{QStringLiteral("link.md"), QStringLiteral("real.md")}));
    }

    void aFailedRenameLeavesTheOldFileAndNoTemporary()
    {
        // The step that replaces the file fails: the old file must be there, whole (the trainer's
        // former remove-then-rename lost it here), and the temporary must be gone.
        const QString path = m_dir->filePath(QStringLiteral("checkpoint.pt"));
        const QByteArray old = content(1);
        QVERIFY(writePlain(path, old));
        g_renameError = EIO;
        const QString err =
            errorOf([&] { lk::writeFileAtomically(path, content(2), QStringLiteral("checkpoint")); });
        const QString errWith = errorOf([&] {
            lk::writeFileAtomicallyWith(
                path, [&](const QString &tmp) { QVERIFY(writePlain(tmp, content(3))); });
        });
        g_renameError = 0;
        QVERIFY2(
            err.startsWith(QStringLiteral("Cannot write the checkpoint %1: ").arg(path)), qPrintable(err));
        QVERIFY2(err.contains(QString::fromLocal8Bit(std::strerror(EIO))), qPrintable(err));
        QVERIFY2(
            errWith.startsWith(QStringLiteral("Cannot write the file %1: ").arg(path)), qPrintable(errWith));
        QCOMPARE(readAll(path), old);
        QCOMPARE(entries(m_dir->path()), QStringList{QStringLiteral("checkpoint.pt")});
    }

    void aFolderInTheWayIsReportedAndKept()
    {
        const QString path = m_dir->filePath(QStringLiteral("index.md"));
        QVERIFY(QDir().mkpath(QDir(path).filePath(QStringLiteral("inside"))));
        const QString err =
            errorOf([&] { lk::writeFileAtomically(path, "x", QStringLiteral("memory index")); });
        QVERIFY2(
            err.startsWith(QStringLiteral("Cannot write the memory index %1: ").arg(path)), qPrintable(err));
        QVERIFY(QFileInfo(QDir(path).filePath(QStringLiteral("inside"))).isDir());
        QCOMPARE(entries(m_dir->path()), QStringList{QStringLiteral("index.md")});
    }

    void anUncreatableFolderIsReported()
    {
        const QString blocker = m_dir->filePath(QStringLiteral("file"));
        QVERIFY(writePlain(blocker, "not a folder"));
        const QString path = blocker + QStringLiteral("/sub/x.json");
        const QString err = errorOf([&] { lk::writeFileAtomically(path, "x"); });
        QVERIFY2(err.startsWith(QStringLiteral("Cannot write the file %1: ").arg(path)), qPrintable(err));
        QCOMPARE(readAll(blocker), QByteArrayLiteral("not a folder"));
    }

    void aFailingWriterLeavesTheOldFileAndNoTemporary()
    {
        const QString path = m_dir->filePath(QStringLiteral("model.pt"));
        QVERIFY(writePlain(path, "old model"));
        QString seenTemporary;
        // Any exception: reported as lk::Error naming the file, with the writer's reason.
        const QString err = errorOf([&] {
            lk::writeFileAtomicallyWith(
                path,
                [&](const QString &tmp) {
                    seenTemporary = tmp;
                    QVERIFY(writePlain(tmp, "half a mod"));
                    throw std::runtime_error("disk on fire");
                },
                QStringLiteral("model artifact"));
        });
        QCOMPARE(err, QStringLiteral("Cannot write the model artifact %1: disk on fire").arg(path));
        // The temporary sat beside the target, hidden, and is gone now.
        QCOMPARE(QFileInfo(seenTemporary).absolutePath(), QFileInfo(path).absolutePath());
        QVERIFY(lk::isAtomicWriteTemporary(QFileInfo(seenTemporary).fileName()));
        QVERIFY(!QFileInfo::exists(seenTemporary));
        // lk::Error passes through as it is.
        const QString own = errorOf([&] {
            lk::writeFileAtomicallyWith(path, [](const QString &) {
                throw lk::Error(lk::ErrorKind::Input, QStringLiteral("the model is not whole"));
            });
        });
        QCOMPARE(own, QStringLiteral("the model is not whole"));
        QCOMPARE(readAll(path), QByteArrayLiteral("old model"));
        QCOMPARE(entries(m_dir->path()), QStringList{QStringLiteral("model.pt")});
    }

    void aWriterByNameReplacesTheFile()
    {
        const QString path = m_dir->filePath(QStringLiteral("model.pt"));
        QVERIFY(writePlain(path, "old model"));
        lk::writeFileAtomicallyWith(path, [](const QString &tmp) { QVERIFY(writePlain(tmp, "new model")); });
        QCOMPARE(readAll(path), QByteArrayLiteral("new model"));
        QCOMPARE(entries(m_dir->path()), QStringList{QStringLiteral("model.pt")});
    }

    void syncToDiskNamesWhatItCannotSync()
    {
        lk::syncToDisk(m_dir->path());
        const QString missing = m_dir->filePath(QStringLiteral("missing"));
        const QString err = errorOf([&] { lk::syncToDisk(missing); });
        QVERIFY2(err.startsWith(QStringLiteral("Cannot sync %1 to disk: ").arg(missing)), qPrintable(err));
    }

    void aKilledWriterLeavesTheOldFileOrTheNewOneWhole()
    {
        const QString path = m_dir->filePath(QStringLiteral("memory/index.md"));
        lk::writeFileAtomically(path, content(0));
        constexpr int kKills = 30;
        qint64 lastSeen = 0;
        int leftTemporaries = 0;
        int renamedUnreported = 0;
        QRandomGenerator random(20261207);
        for (int kill = 0; kill < kKills; ++kill) {
            const QString mode = kill % 2 ? QStringLiteral("with") : QStringLiteral("data");
            QProcess writer;
            writer.setProcessChannelMode(QProcess::SeparateChannels);
            writer.start(
                QCoreApplication::applicationFilePath(), {QStringLiteral("--atomic-writer"), path, mode});
            QVERIFY2(writer.waitForStarted(30000), qPrintable(writer.errorString()));
            // Wait (with a deadline) until the writer has finished one write, so that it is in
            // its loop, then let it run for a random moment and kill it.
            QByteArray out;
            const QDeadlineTimer firstWrite(60000);
            while (!out.contains('\n') && !firstWrite.hasExpired() && writer.state() == QProcess::Running) {
                writer.waitForReadyRead(int(qMax<qint64>(1, firstWrite.remainingTime())));
                out += writer.readAllStandardOutput();
            }
            QVERIFY2(out.contains('\n'),
                qPrintable(QStringLiteral("the writer wrote nothing: %1")
                               .arg(QString::fromLocal8Bit(writer.readAllStandardError()))));
            QThread::usleep(random.bounded(150000)); // about two writes here
            writer.kill(); // SIGKILL
            QVERIFY(writer.waitForFinished(30000));
            QCOMPARE(writer.exitStatus(), QProcess::CrashExit);
            out += writer.readAllStandardOutput();

            // The last write the writer saw complete, and the file: that one, or the next, whole.
            const QList<QByteArray> lines = out.left(out.lastIndexOf('\n')).split('\n');
            const qint64 reported = lines.last().toLongLong();
            QVERIFY(reported > lastSeen);
            QString why;
            const qint64 found = wholeSequence(path, &why);
            QVERIFY2(found >= 0,
                qPrintable(QStringLiteral("kill %1: %2 is not whole: %3").arg(kill).arg(path, why)));
            QVERIFY2(found == reported || found == reported + 1,
                qPrintable(QStringLiteral("kill %1: the file holds write %2, the writer last finished %3")
                               .arg(kill)
                               .arg(found)
                               .arg(reported)));
            renamedUnreported += found == reported + 1;
            lastSeen = found;

            // Beside it at most the hidden temporary of the write that was cut short.
            for (const QString &name : entries(QFileInfo(path).absolutePath())) {
                if (name == QLatin1String("index.md"))
                    continue;
                QVERIFY2(lk::isAtomicWriteTemporary(name), qPrintable(name));
                ++leftTemporaries;
                QVERIFY(QFile::remove(QFileInfo(path).absoluteDir().filePath(name)));
            }
        }
        qInfo("%d kills, %lld writes: %d cut a write short (a temporary was left), %d came after the "
              "rename but before the report; the file was always whole",
            kKills, lastSeen, leftTemporaries, renamedUnreported);
    }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
};

int main(int argc, char **argv)
{
    if (argc == 4 && std::strcmp(argv[1], "--atomic-writer") == 0)
        return runWriter(QFile::decodeName(argv[2]), QString::fromLatin1(argv[3]));
    QCoreApplication app(argc, argv);
    TestAtomicFiles test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_atomic_files.moc"
