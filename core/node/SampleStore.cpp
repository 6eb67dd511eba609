#include "core/node/SampleStore.h"

#include "core/common/Error.h"

#include <QDateTime>
#include <QDir>
#include <QRegularExpression>

#include <unistd.h>

namespace lk::node {

namespace {

constexpr qint64 kRecordBytes = SampleStore::kIdBytes + SampleStore::kInputBytes;

} // namespace

SampleStore::SampleStore(QString folder)
    : m_folder(std::move(folder))
{
    if (!QDir().mkpath(m_folder))
        throw Error(ErrorKind::Input,
            QStringLiteral("Cannot create %1: check that the folder is writable.").arg(m_folder));
    const QStringList names =
        QDir(m_folder).entryList({QStringLiteral("escalated-*.u8s")}, QDir::Files, QDir::Name);
    for (const QString &name : names)
        indexSegment(QDir(m_folder).filePath(name));
}

SampleStore::~SampleStore()
{
    if (m_writing && m_unsynced)
        ::fdatasync(m_writing->handle());
}

void SampleStore::indexSegment(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        throw Error(ErrorKind::Input,
            QStringLiteral("Cannot read the kept inputs in %1: %2.").arg(path, f.errorString()));
    const int segment = int(m_segments.size());
    m_segments.append(path);
    constexpr qint64 kRecordsPerRead = 4096;
    qint64 offset = 0;
    for (;;) {
        const QByteArray chunk = f.read(kRecordBytes * kRecordsPerRead);
        const qint64 records = chunk.size() / kRecordBytes; // a torn last record is left out
        for (qint64 i = 0; i < records; ++i) {
            const QUuid id = QUuid::fromString(QLatin1String(chunk.constData() + i * kRecordBytes, kIdBytes));
            if (!id.isNull())
                m_index.insert(id, Location{segment, offset + i * kRecordBytes + kIdBytes});
        }
        offset += records * kRecordBytes;
        if (chunk.size() < kRecordBytes * kRecordsPerRead)
            break;
    }
}

void SampleStore::startSegment()
{
    if (m_writing && m_unsynced)
        ::fdatasync(m_writing->handle());
    // A new segment per run, so that a torn record of an earlier crash never misaligns new ones.
    const QString stamp = QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMddThhmmsszzz"));
    QString path = QDir(m_folder).filePath(QStringLiteral("escalated-%1.u8s").arg(stamp));
    for (int n = 2; QFile::exists(path); ++n)
        path = QDir(m_folder).filePath(QStringLiteral("escalated-%1-%2.u8s").arg(stamp).arg(n));
    auto file = std::make_unique<QFile>(path);
    // Unbuffered: each record is one write(), in the OS before the answer goes out.
    if (!file->open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Unbuffered))
        throw Error(ErrorKind::Internal,
            QStringLiteral("Cannot create %1 for the kept inputs: %2.").arg(path, file->errorString()));
    m_writing = std::move(file);
    m_segments.append(path);
    m_writingRecords = 0;
    m_unsynced = false;
    m_sinceSync.start();
}

QString SampleStore::keep(const QByteArray &pixels)
{
    if (pixels.size() != kInputBytes)
        throw Error(ErrorKind::Internal,
            QStringLiteral("An input to keep has %1 bytes, not 784.").arg(pixels.size()));
    if (!m_writing || m_writingRecords >= kRecordsPerSegment)
        startSegment();
    const QUuid uuid = QUuid::createUuid();
    const QString id = uuid.toString(QUuid::WithoutBraces);
    const QByteArray record = id.toLatin1() + pixels;
    const qint64 offset = m_writing->size();
    if (m_writing->write(record) != record.size()) {
        const QString problem = m_writing->errorString();
        m_writing.reset(); // the next keep() starts a fresh segment after a torn write
        throw Error(ErrorKind::Internal,
            QStringLiteral("Cannot keep the escalated input in %1: %2.").arg(m_segments.last(), problem));
    }
    ++m_writingRecords;
    m_index.insert(uuid, Location{int(m_segments.size() - 1), offset + kIdBytes});
    m_unsynced = true;
    if (m_sinceSync.hasExpired(syncIntervalMs)) {
        ::fdatasync(m_writing->handle());
        m_unsynced = false;
        m_sinceSync.start();
    }
    return id;
}

std::optional<QByteArray> SampleStore::find(const QString &id) const
{
    const QUuid uuid = QUuid::fromString(id);
    const auto it = uuid.isNull() ? m_index.cend() : m_index.constFind(uuid);
    if (it != m_index.cend()) {
        QFile f(m_segments.at(it->segment));
        if (f.open(QIODevice::ReadOnly) && f.seek(it->offset)) {
            QByteArray bytes = f.read(kInputBytes);
            if (bytes.size() == kInputBytes)
                return bytes;
        }
        return std::nullopt;
    }
    // Written by an older node, one file per input.
    static const QRegularExpression valid(QStringLiteral("^[A-Za-z0-9-]{1,64}$"));
    if (!valid.match(id).hasMatch())
        return std::nullopt;
    QFile f(QDir(m_folder).filePath(id + QStringLiteral(".u8")));
    if (!f.open(QIODevice::ReadOnly))
        return std::nullopt;
    return f.readAll();
}

} // namespace lk::node
