#include "core/outcomes/Inbox.h"

#include "core/common/Error.h"
#include "core/logging/Logging.h"
#include "core/outcomes/OutcomeService.h"
#include "core/outcomes/OutcomeStore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSaveFile>

namespace lk::outcomes {

namespace {

/// What a file holds, judged by its first JSON object line.
QString kindOf(const QByteArray &data)
{
    for (const QByteArray &line : data.split('\n')) {
        const QJsonObject o = QJsonDocument::fromJson(line.trimmed()).object();
        if (o.isEmpty())
            continue;
        if (o.contains(QStringLiteral("agent_name")) && o.contains(QStringLiteral("task_type")))
            return QStringLiteral("outcomes");
        if (o.contains(QStringLiteral("sample_id")))
            return QStringLiteral("samples");
        return QStringLiteral("unknown");
    }
    return QStringLiteral("empty");
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
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(QJsonDocument(report).toJson(QJsonDocument::Indented)) < 0
        || !f.commit())
        qCWarning(lcApp).noquote() << "cannot write inbox report" << path << ":" << f.errorString();
}

} // namespace

InboxReport processInbox(const Workspace &workspace, storage::Database &db)
{
    InboxReport out;
    QDir inbox(workspace.inboxDir());
    const QStringList names = inbox.entryList({QStringLiteral("*.jsonl")}, QDir::Files, QDir::Name);
    OutcomeStore store(db);
    OutcomeReader reader;
    for (const QString &name : names) {
        const QString path = inbox.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            continue; // still being written or not ours to read: try again next time
        const QByteArray data = file.readAll();
        file.close();
        QJsonObject entry{{QStringLiteral("file"), name}};
        const QString kind = kindOf(data);
        entry.insert(QStringLiteral("kind"), kind);
        QJsonObject report{{QStringLiteral("file"), name}, {QStringLiteral("kind"), kind}};
        bool usable = false;
        if (kind == QLatin1String("outcomes")) {
            const IngestReport r = store.ingest(reader.read(data)); // stored before the file moves
            usable = r.accepted + r.duplicates > 0;
            const QJsonObject counts = r.toJson();
            for (auto it = counts.begin(); it != counts.end(); ++it)
                entry.insert(it.key(), it.value());
            report.insert(QStringLiteral("ingest"), r.toJson());
        } else {
            report.insert(QStringLiteral("error"),
                kind == QLatin1String("samples")
                    ? QStringLiteral("escalated samples are not ingested by this version of Loopkeeper")
                    : QStringLiteral("not a file of outcome events: its first object has no agent_name and "
                                     "task_type"));
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

} // namespace lk::outcomes
