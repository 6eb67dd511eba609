// IDX dataset files: the real Fashion-MNIST loads; damaged files fail with a clear error.
#include "common/TestSupport.h"
#include "core/common/Error.h"
#include "core/training/ImageDataset.h"

#include <QTemporaryDir>
#include <QtTest>

#include <zlib.h>

using namespace lk::training;

namespace {

QByteArray idx(const std::vector<quint32> &dims, const QByteArray &data, quint8 type = 0x08)
{
    QByteArray out;
    out.append(char(0)).append(char(0)).append(char(type)).append(char(dims.size()));
    for (quint32 d : dims)
        for (int shift = 24; shift >= 0; shift -= 8)
            out.append(char((d >> shift) & 0xff));
    return out + data;
}

QByteArray gzip(const QByteArray &raw)
{
    z_stream zs {};
    deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
    QByteArray out(int(deflateBound(&zs, uLong(raw.size()))), Qt::Uninitialized);
    zs.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(raw.constData()));
    zs.avail_in = uInt(raw.size());
    zs.next_out = reinterpret_cast<Bytef *>(out.data());
    zs.avail_out = uInt(out.size());
    deflate(&zs, Z_FINISH);
    out.resize(int(zs.total_out));
    deflateEnd(&zs);
    return out;
}

} // namespace

class TestIdx : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void loadsDebianFashionMnist()
    {
        const ImageSet test = loadIdxDataset(defaultFashionMnistDir(), Split::Test);
        QCOMPARE(test.count(), 10000);
        QCOMPARE(test.rows, 28);
        QCOMPARE(test.cols, 28);
        QCOMPARE(int(test.pixels.size()), 10000 * 784);
        std::vector<int> perClass(10, 0);
        for (auto l : test.labels)
            ++perClass[l];
        for (int c : perClass)
            QCOMPARE(c, 1000); // the test split is balanced
        QCOMPARE(test.sha256().size(), 64);
    }

    void readsRawAndGzipAlike()
    {
        QTemporaryDir dir;
        const QByteArray labels = idx({3}, QByteArray("\x01\x02\x03", 3));
        QVERIFY(lk::test::writeFile(dir.filePath(QStringLiteral("raw")), labels));
        QVERIFY(lk::test::writeFile(dir.filePath(QStringLiteral("packed")), gzip(labels)));
        const IdxArray a = readIdxFile(dir.filePath(QStringLiteral("raw")), 1);
        const IdxArray b = readIdxFile(dir.filePath(QStringLiteral("packed")), 1);
        QCOMPARE(a.data, b.data);
        QCOMPARE(a.dims, std::vector<int> {3});
    }

    void damagedFilesAreRefused_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("dims");
        QTest::addColumn<QString>("expected");
        QTest::newRow("wrong magic") << QByteArray("\x12\x34\x08\x01\x00\x00\x00\x01\x05", 9) << 1
                                     << QStringLiteral("wrong magic");
        QTest::newRow("float elements")
            << idx({1}, QByteArray(4, 0), 0x0D) << 1 << QStringLiteral("element type 0x0d");
        QTest::newRow("labels given for images")
            << idx({2}, QByteArray(2, 0)) << 3 << QStringLiteral("1 dimensions where 3");
        QTest::newRow("truncated data")
            << idx({2, 28, 28}, QByteArray(784 + 100, 0)) << 3 << QStringLiteral("truncated");
        QTest::newRow("truncated header")
            << QByteArray("\x00\x00\x08\x03\x00\x00", 6) << 3 << QStringLiteral("header");
        QTest::newRow("trailing bytes") << idx({2}, QByteArray(5, 0)) << 1 << QStringLiteral("3 bytes after");
        QTest::newRow("too short") << QByteArray("\x00\x00", 2) << 1 << QStringLiteral("too short");
        QTest::newRow("zero dimension") << idx({0}, QByteArray()) << 1 << QStringLiteral("implausible");
        QByteArray cut = gzip(idx({1000}, QByteArray(1000, 1)));
        cut.chop(cut.size() / 2);
        QTest::newRow("truncated gzip") << cut << 1 << QStringLiteral("gzip");
    }

    void damagedFilesAreRefused()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(int, dims);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("file.idx"));
        QVERIFY(lk::test::writeFile(path, bytes));
        try {
            readIdxFile(path, dims);
            QFAIL("a damaged file was read");
        } catch (const lk::Error &e) {
            QCOMPARE(e.kind(), lk::ErrorKind::Input);
            QVERIFY2(e.message().contains(expected), qPrintable(e.message()));
            QVERIFY2(e.message().contains(path), qPrintable(e.message()));
        }
    }

    void datasetHalvesMustAgree()
    {
        QTemporaryDir dir;
        const auto put = [&](const char *name, const QByteArray &bytes) {
            QVERIFY(lk::test::writeFile(dir.filePath(QString::fromLatin1(name)), bytes));
        };
        put("t10k-images-idx3-ubyte", idx({3, 28, 28}, QByteArray(3 * 784, 7)));
        put("t10k-labels-idx1-ubyte", idx({2}, QByteArray("\x01\x02", 2)));
        try {
            loadIdxDataset(dir.path(), Split::Test);
            QFAIL("a count mismatch was accepted");
        } catch (const lk::Error &e) {
            QVERIFY2(e.message().contains(QStringLiteral("3 images but")), qPrintable(e.message()));
        }
        put("t10k-labels-idx1-ubyte", idx({3}, QByteArray("\x01\x02\x0c", 3)));
        try {
            loadIdxDataset(dir.path(), Split::Test);
            QFAIL("label 12 was accepted");
        } catch (const lk::Error &e) {
            QVERIFY2(e.message().contains(QStringLiteral("label 12 at index 2")), qPrintable(e.message()));
        }
        put("t10k-labels-idx1-ubyte", idx({3}, QByteArray("\x01\x02\x03", 3)));
        QCOMPARE(loadIdxDataset(dir.path(), Split::Test).count(), 3);
        try {
            loadIdxDataset(dir.path(), Split::Train);
            QFAIL("a missing file was not reported");
        } catch (const lk::Error &e) {
            QVERIFY2(
                e.message().contains(QStringLiteral("train-images-idx3-ubyte")), qPrintable(e.message()));
        }
    }
};

QTEST_GUILESS_MAIN(TestIdx)
#include "tst_idx.moc"
