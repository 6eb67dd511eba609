#include "core/loop/Inbox.h"

#include "core/common/AtomicFile.h"
#include "core/common/Error.h"
#include "core/common/Limits.h"
#include "core/common/RequestFiles.h"
#include "core/logging/Logging.h"
#include "core/loop/LoopConfig.h"
#include "core/loop/SampleStore.h"
#include "core/outcomes/OutcomeReader.h"
#include "core/outcomes/OutcomeStore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>

#include <optional>

namespace lk::loop {

namespace {

/// What a file holds and, when it is neither kind, why.
struct FileKind
{
    QString kind; ///< outcomes, samples, empty or unknown
    QString reason; ///< for empty and unknown files
};

/// Judges a file by the first line that is a record of a kind the inbox knows (lines before it
/// that are not are rejected by line number by the ingest of that kind). Only a file of blanks
/// is "empty"; one with content but no record of either kind is "unknown".
FileKind kindOf(const QByteArray &data)
{
    if (data.trimmed().isEmpty())
        return {QStringLiteral("empty"), QStringLiteral("the file is empty")};
    bool anyObject = false;
    for (const QByteArray &line : data.split('\n')) {
        const QByteArray text = line.trimmed();
        if (text.isEmpty())
            continue;
        const QJsonObject o = QJsonDocument::fromJson(text).object();
        if (o.isEmpty())
            continue;
        anyObject = true;
        if (o.contains(QStringLiteral("agent_name")) && o.contains(QStringLiteral("task_type")))
            return {QStringLiteral("outcomes"), {}};
        if (o.contains(QStringLiteral("sample_id")))
            return {QStringLiteral("samples"), {}};
    }
    return {QStringLiteral("unknown"),
        anyObject ? QStringLiteral("not a file of outcome events or escalated samples: none of its records has "
                                   "agent_name and task_type or sample_id")
                  : QStringLiteral("not a file of outcome events or escalated samples: no line of it is a JSON "
                                   "object")};
}

/// Moves `path` into `dir`, not overwriting an earlier file of the same name.
QString moveInto(const QString &path, const QString &dir)
{
    QDir().mkpath(dir);
    const QFileInfo fi(path);
    QString target = QDir(dir).filePath(fi.fileName());
    for (int n = 1; QFileInfo::exists(target); ++n)
        target =
            QDir(dir).filePath(QStringLiteral("%1.%2.%3").arg(fi.completeBaseName()).arg(n).arg(fi.suffix()));
    if (!QFile::rename(path, target))
        throw Error(ErrorKind::Workspace, QStringLiteral("Cannot move %1 to %2").arg(path, dir));
    return target;
}

void writeReport(const QString &path, const QJsonObject &report)
{
    try {
        writeFileAtomically(
            path, QJsonDocument(report).toJson(QJsonDocument::Indented), QStringLiteral("inbox report"));
    } catch (const Error &e) {
        qCWarning(lcApp).noquote() << e.message();
    }
}

} // namespace

InboxReport processInbox(const Workspace &workspace, storage::Database &db)
{
    InboxReport out;
    QDir inbox(workspace.inboxDir());
    const QStringList names = inbox.entryList({QStringLiteral("*.jsonl")}, QDir::Files, QDir::Name);
    outcomes::OutcomeStore store(db);
    outcomes::OutcomeReader reader;
    std::optional<loop::SampleFilter> samples; // read loop.json once, when the first samples come
    for (const QString &name : names) {
        const QString path = inbox.filePath(name);
        QByteArray data;
        try {
            // Regular files only, bounded: a FIFO or a link to a device would stall the inbox.
            data = readRegularFile(path, limits::kMaxInputFileBytes, QStringLiteral("The inbox file"));
        } catch (const Error &) {
            continue; // still being written, not ours to read, or not a file: try again next time
        }
        QJsonObject entry{{QStringLiteral("file"), name}};
        const FileKind fileKind = kindOf(data);
        const QString &kind = fileKind.kind;
        entry.insert(QStringLiteral("kind"), kind);
        QJsonObject report{{QStringLiteral("file"), name}, {QStringLiteral("kind"), kind}};
        bool usable = false;
        const auto take = [&](const QJsonObject &counts, bool anyStored) {
            usable = anyStored;
            for (auto it = counts.begin(); it != counts.end(); ++it)
                entry.insert(it.key(), it.value());
            report.insert(QStringLiteral("ingest"), counts);
        };
        try {
            if (kind == QLatin1String("outcomes")) {
                const outcomes::IngestReport r = store.ingest(reader.read(data)); // stored before the file moves
                take(r.toJson(), r.accepted + r.duplicates > 0);
            } else if (kind == QLatin1String("samples")) {
                if (!samples)
                    samples.emplace(loop::LoopConfig::load(workspace).samples);
                const loop::SampleIngestReport r = loop::SampleStore(db).ingest(data, *samples);
                take(r.toJson(), r.accepted + r.filtered + r.duplicates > 0);
            } else {
                report.insert(QStringLiteral("error"), fileKind.reason);
                entry.insert(QStringLiteral("error"), fileKind.reason);
            }
        } catch (const Error &e) {
            if (e.kind() != ErrorKind::Input)
                throw; // the workspace is in trouble: stop, leave the file where it is
            report.insert(QStringLiteral("error"), e.message());
        }
        const QString moved =
            moveInto(path, inbox.filePath(usable ? QStringLiteral("processed") : QStringLiteral("rejected")));
        entry.insert(QStringLiteral("moved_to"), moved);
        const bool needsReport = !usable
            || !report.value(QStringLiteral("ingest"))
                    .toObject()
                    .value(QStringLiteral("rejected"))
                    .toArray()
                    .isEmpty();
        if (needsReport) {
            const QString reportPath = moved + QStringLiteral(".report.json");
            writeReport(reportPath, report);
            entry.insert(QStringLiteral("report"), reportPath);
        }
        qCInfo(lcApp).noquote() << "inbox:" << name << "->" << moved;
        out.files.append(entry);
    }
    return out;
}

} // namespace lk::loop
