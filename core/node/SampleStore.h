#pragma once

// The escalated inputs an edge node keeps for training, found again by id (GET
// /v1/samples/{id}). They are appended to segment files, DIR/samples/escalated-TIME.u8s, as
// records of a 36-character id and the 784 pixels: creating a file per input costs far more
// than a prediction (close to a millisecond on some file systems), an append a few microseconds.
// Files DIR/samples/ID.u8 that older nodes wrote are still served.

#include <QByteArray>
#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QString>
#include <QStringList>
#include <QUuid>

#include <memory>
#include <optional>

namespace lk::node {

/// Append-only store of kept inputs; not thread-safe (the node's thread uses it).
class SampleStore
{
public:
    /// Bytes of one input.
    static constexpr int kInputBytes = 784;
    /// Bytes of an id (a UUID as text, without braces).
    static constexpr int kIdBytes = 36;
    /// A segment takes this many records; then the next one is started.
    static constexpr qint64 kRecordsPerSegment = 100000;

    /// Indexes the segments in `folder` (created if missing); throws lk::Error(Input) if the
    /// folder cannot be created or a segment cannot be read. A torn record at the end of a
    /// segment (a crash mid-write) is ignored.
    explicit SampleStore(QString folder);
    ~SampleStore();
    SampleStore(const SampleStore &) = delete;
    SampleStore &operator=(const SampleStore &) = delete;

    /// Appends `pixels` (kInputBytes) under a new id and returns the id; throws
    /// lk::Error(Internal) if it cannot be written. The bytes reach the OS at once (a crash of
    /// the process loses nothing) and the disk within `syncIntervalMs` of a later keep().
    QString keep(const QByteArray &pixels);
    /// The input kept as `id`, or nothing.
    std::optional<QByteArray> find(const QString &id) const;
    /// Inputs kept (in segments) so far, including those of earlier runs.
    qint64 count() const { return m_index.size(); }

    /// How often appended records are forced to the disk, at most.
    int syncIntervalMs = 100;

private:
    struct Location
    {
        int segment = 0;
        qint64 offset = 0;
    };
    void indexSegment(const QString &path);
    void startSegment();

    QString m_folder;
    QStringList m_segments; ///< paths, index = Location::segment
    QHash<QUuid, Location> m_index;
    std::unique_ptr<QFile> m_writing; ///< the segment appended to, once there is one
    qint64 m_writingRecords = 0;
    QElapsedTimer m_sinceSync;
    bool m_unsynced = false;
};

} // namespace lk::node
