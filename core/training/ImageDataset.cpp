// IDX reading needs no LibTorch: this file is plain C++ and zlib.
#include "core/training/ImageDataset.h"

#include "core/common/Error.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStringList>

#include <zlib.h>

namespace lk::training {

namespace {

/// Reads a whole file, transparently inflating gzip (gzread passes plain files through).
QByteArray readMaybeGzip(const QString &path)
{
    gzFile file = gzopen(QFile::encodeName(path).constData(), "rb");
    if (!file)
        throw Error(ErrorKind::Input, QStringLiteral("Cannot open %1").arg(path));
    QByteArray out;
    char buffer[1 << 16];
    for (;;) {
        const int n = gzread(file, buffer, sizeof buffer);
        if (n < 0) {
            int code = 0;
            const QString why = QString::fromUtf8(gzerror(file, &code));
            gzclose(file);
            throw Error(ErrorKind::Input,
                QStringLiteral("Cannot read %1: %2 (is it a damaged .gz file?)").arg(path, why));
        }
        if (n == 0)
            break;
        out.append(buffer, n);
    }
    // gzclose reports a truncated gzip stream that gzread let pass at end of input.
    if (gzclose(file) != Z_OK)
        throw Error(ErrorKind::Input, QStringLiteral("%1 is a truncated gzip file").arg(path));
    return out;
}

quint32 bigEndian32(const QByteArray &bytes, int offset)
{
    const auto *p = reinterpret_cast<const unsigned char *>(bytes.constData()) + offset;
    return (quint32(p[0]) << 24) | (quint32(p[1]) << 16) | (quint32(p[2]) << 8) | quint32(p[3]);
}

QString findFile(const QString &dir, const QString &stem)
{
    for (const QString &name : QStringList {stem + QStringLiteral(".gz"), stem}) {
        const QString path = QDir(dir).filePath(name);
        if (QFileInfo(path).isFile())
            return path;
    }
    throw Error(ErrorKind::Input,
        QStringLiteral("%1 has no %2 or %2.gz; a dataset folder holds the four MNIST-format IDX files")
            .arg(dir, stem));
}

} // namespace

IdxArray readIdxFile(const QString &path, int expectedDims)
{
    const QByteArray bytes = readMaybeGzip(path);
    if (bytes.size() < 4)
        throw Error(ErrorKind::Input,
            QStringLiteral("%1 is too short to be an IDX file (%2 bytes)").arg(path).arg(bytes.size()));
    const auto *p = reinterpret_cast<const unsigned char *>(bytes.constData());
    if (p[0] != 0 || p[1] != 0)
        throw Error(ErrorKind::Input,
            QStringLiteral("%1 is not an IDX file: wrong magic number 0x%2")
                .arg(path)
                .arg(bigEndian32(bytes, 0), 8, 16, QLatin1Char('0')));
    if (p[2] != 0x08)
        throw Error(ErrorKind::Input,
            QStringLiteral("%1 holds IDX element type 0x%2; only unsigned bytes (0x08) are supported")
                .arg(path)
                .arg(int(p[2]), 2, 16, QLatin1Char('0')));
    const int dims = p[3];
    if (dims != expectedDims)
        throw Error(ErrorKind::Input,
            QStringLiteral("%1 has %2 dimensions where %3 were expected (%4)")
                .arg(path)
                .arg(dims)
                .arg(expectedDims)
                .arg(expectedDims == 3 ? QStringLiteral("images") : QStringLiteral("labels")));
    const int header = 4 + 4 * dims;
    if (bytes.size() < header)
        throw Error(ErrorKind::Input, QStringLiteral("%1 is truncated inside its header").arg(path));
    IdxArray out;
    qint64 elements = 1;
    for (int d = 0; d < dims; ++d) {
        const quint32 n = bigEndian32(bytes, 4 + 4 * d);
        if (n == 0 || n > (1u << 28))
            throw Error(
                ErrorKind::Input, QStringLiteral("%1 declares an implausible dimension %2").arg(path).arg(n));
        out.dims.push_back(int(n));
        elements *= n;
    }
    const qint64 present = bytes.size() - header;
    if (present < elements)
        throw Error(ErrorKind::Input,
            QStringLiteral("%1 is truncated: its header declares %2 bytes of data, the file has %3")
                .arg(path)
                .arg(elements)
                .arg(present));
    if (present > elements)
        throw Error(ErrorKind::Input,
            QStringLiteral("%1 has %2 bytes after the declared data").arg(path).arg(present - elements));
    out.data.assign(p + header, p + header + elements);
    return out;
}

ImageSet loadIdxDataset(const QString &dir, Split split, int classes)
{
    if (!QFileInfo(dir).isDir())
        throw Error(ErrorKind::Input, QStringLiteral("Dataset folder %1 does not exist").arg(dir));
    const QString prefix = split == Split::Train ? QStringLiteral("train") : QStringLiteral("t10k");
    const QString imagesPath = findFile(dir, prefix + QStringLiteral("-images-idx3-ubyte"));
    const QString labelsPath = findFile(dir, prefix + QStringLiteral("-labels-idx1-ubyte"));
    IdxArray images = readIdxFile(imagesPath, 3);
    IdxArray labels = readIdxFile(labelsPath, 1);
    if (images.dims[0] != labels.dims[0])
        throw Error(ErrorKind::Input,
            QStringLiteral("%1 holds %2 images but %3 holds %4 labels")
                .arg(imagesPath)
                .arg(images.dims[0])
                .arg(labelsPath)
                .arg(labels.dims[0]));
    for (size_t i = 0; i < labels.data.size(); ++i) {
        if (labels.data[i] >= classes)
            throw Error(ErrorKind::Input,
                QStringLiteral("%1: label %2 at index %3 is not a class below %4")
                    .arg(labelsPath)
                    .arg(int(labels.data[i]))
                    .arg(i)
                    .arg(classes));
    }
    ImageSet set;
    set.rows = images.dims[1];
    set.cols = images.dims[2];
    set.pixels = std::move(images.data);
    set.labels = std::move(labels.data);
    set.source = QStringLiteral("%1 (%2)").arg(
        QDir(dir).absolutePath(), split == Split::Train ? QStringLiteral("train") : QStringLiteral("test"));
    return set;
}

QByteArray ImageSet::sha256() const
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    const std::int32_t shape[3] = {count(), rows, cols};
    hash.addData(QByteArrayView(reinterpret_cast<const char *>(shape), sizeof shape));
    hash.addData(QByteArrayView(reinterpret_cast<const char *>(pixels.data()), qsizetype(pixels.size())));
    hash.addData(QByteArrayView(reinterpret_cast<const char *>(labels.data()), qsizetype(labels.size())));
    return hash.result().toHex();
}

QString defaultFashionMnistDir()
{
    return QStringLiteral("/usr/share/datasets/fashion-mnist");
}

const std::vector<QString> &fashionMnistClassNames()
{
    static const std::vector<QString> names = {QStringLiteral("T-shirt/top"), QStringLiteral("Trouser"),
        QStringLiteral("Pullover"), QStringLiteral("Dress"), QStringLiteral("Coat"), QStringLiteral("Sandal"),
        QStringLiteral("Shirt"), QStringLiteral("Sneaker"), QStringLiteral("Bag"),
        QStringLiteral("Ankle boot")};
    return names;
}

} // namespace lk::training
