#include "core/autoretrain/DatasetExporter.h"

#include "core/autoretrain/DatasetSplit.h"
#include "core/autoretrain/TranscriptReader.h"
#include "core/common/AtomicFile.h"
#include "core/common/Error.h"
#include "core/common/Versions.h"
#include "core/logging/Logging.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QMap>
#include <QRandomGenerator>

#include <cstdio>
#include <memory>

namespace lk::autoretrain {

namespace {

const QString kTrainFile = QStringLiteral("train.jsonl");
const QString kEvalFile = QStringLiteral("eval.jsonl");
const QString kDecisionsFile = QStringLiteral("decisions.jsonl");
const QString kManifestFile = QStringLiteral("manifest.json");
const QString kPartialPrefix = QStringLiteral(".partial-");
constexpr int kFormatVersion = 1;

/// A hidden folder in the datasets root that becomes a dataset by one rename. It is removed
/// again if the export fails before that; a crash leaves it, named .partial-*, never a dataset.
/// Made with mkdir (not QTemporaryDir) so that the dataset gets the user's usual permissions.
class PartialFolder
{
public:
    explicit PartialFolder(const QString &root)
    {
        for (int attempt = 0; attempt < 100 && m_path.isEmpty(); ++attempt) {
            const QString name =
                kPartialPrefix + QString::number(QRandomGenerator::system()->generate64(), 36);
            if (QDir(root).mkdir(name))
                m_path = QDir(root).filePath(name);
        }
        if (m_path.isEmpty())
            throw Error(ErrorKind::Workspace, QStringLiteral("Cannot create a folder in %1").arg(root));
    }
    PartialFolder(const PartialFolder &) = delete;
    PartialFolder &operator=(const PartialFolder &) = delete;
    ~PartialFolder()
    {
        if (!m_path.isEmpty())
            QDir(m_path).removeRecursively();
    }

    const QString &path() const { return m_path; }
    QString filePath(const QString &name) const { return QDir(m_path).filePath(name); }
    /// The folder was renamed into a dataset: it is no longer ours to remove.
    void release() { m_path.clear(); }

private:
    QString m_path;
};

/// A JSONL file being written into the partial folder, hashed as it goes.
class HashedFile
{
public:
    void open(const QString &path)
    {
        m_file.setFileName(path);
        if (!m_file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            throw Error(
                ErrorKind::Workspace, QStringLiteral("Cannot write %1: %2").arg(path, m_file.errorString()));
    }

    void write(const QByteArray &bytes)
    {
        if (m_file.write(bytes) != bytes.size())
            throw Error(ErrorKind::Workspace,
                QStringLiteral("Cannot write %1: %2").arg(m_file.fileName(), m_file.errorString()));
        m_hash.addData(bytes);
        m_bytes += bytes.size();
        ++m_lines;
    }

    void close()
    {
        if (!m_file.flush())
            throw Error(ErrorKind::Workspace,
                QStringLiteral("Cannot write %1: %2").arg(m_file.fileName(), m_file.errorString()));
        m_file.close();
        syncToDisk(m_file.fileName());
    }

    QJsonObject toJson() const
    {
        return QJsonObject{{QStringLiteral("sha256"), QString::fromLatin1(m_hash.result().toHex())},
            {QStringLiteral("bytes"), m_bytes}, {QStringLiteral("lines"), m_lines}};
    }

    int lines() const { return m_lines; }

private:
    QFile m_file;
    QCryptographicHash m_hash{QCryptographicHash::Sha256};
    qint64 m_bytes = 0;
    int m_lines = 0;
};

QJsonValue optionalJson(const std::optional<double> &value)
{
    return value ? QJsonValue(*value) : QJsonValue();
}

/// Decides one provenance field of the manifest: the value given on the command line, else the
/// one value the promoted runs agree on, else null — with a warning whenever it is doubtful.
QJsonValue provenance(const QString &given, const QMap<QString, int> &seen, const QString &field,
    const QString &option, int promoted, QStringList *warnings)
{
    QStringList listed;
    for (auto it = seen.constBegin(); it != seen.constEnd(); ++it)
        listed.append(QStringLiteral("%1 (%2 runs)").arg(it.key()).arg(it.value()));
    if (!given.isEmpty()) {
        if (!seen.isEmpty() && (seen.size() > 1 || !seen.contains(given)))
            warnings->append(QStringLiteral("--%1 is %2, but the promoted runs name %3: %4")
                                 .arg(option, given, field, listed.join(QStringLiteral(", "))));
        return given;
    }
    if (seen.size() == 1)
        return seen.firstKey();
    if (promoted > 0) {
        if (seen.isEmpty())
            warnings->append(QStringLiteral("%1 is unknown: no promoted run names it; pass --%2 to record it")
                                 .arg(field, option));
        else
            warnings->append(QStringLiteral("the promoted runs name more than one %1 (%2); pass --%3 to "
                                            "record the one this dataset stands for")
                                 .arg(field, listed.join(QStringLiteral(", ")), option));
    }
    return QJsonValue();
}

QJsonValue seedJson(quint64 seed)
{
    // JSON numbers are doubles: larger seeds are written as strings so that none is rounded.
    if (seed <= (quint64(1) << 53))
        return QJsonValue(qint64(seed));
    return QString::number(seed);
}

/// Names of the .partial-* folders that interrupted exports left in `root`.
QStringList leftoverPartials(const QString &root)
{
    return QDir(root).entryList(
        {kPartialPrefix + QLatin1Char('*')}, QDir::Dirs | QDir::Hidden | QDir::NoDotAndDotDot, QDir::Name);
}

/// What the promoted runs add up to, for the manifest.
struct PromotedTally
{
    QMap<QString, int> sourceModels;
    QMap<QString, int> agentVersions;
    QMap<QString, int> commits;
    double costUsd = 0;
    int runsWithCost = 0;
    int messages = 0;
    int toolCalls = 0;

    void add(const RunTranscript &run)
    {
        if (!run.sourceModel.isEmpty())
            ++sourceModels[run.sourceModel];
        if (!run.agentVersion.isEmpty())
            ++agentVersions[run.agentVersion];
        if (!run.commit.isEmpty())
            ++commits[run.commit];
        if (run.costUsd) {
            costUsd += *run.costUsd;
            ++runsWithCost;
        }
        messages += run.messageCount;
        toolCalls += run.toolCallCount;
    }

    QJsonObject toJson() const
    {
        return QJsonObject{{QStringLiteral("messages"), messages}, {QStringLiteral("tool_calls"), toolCalls},
            {QStringLiteral("cost_usd"), runsWithCost > 0 ? QJsonValue(costUsd) : QJsonValue()},
            {QStringLiteral("runs_reporting_cost"), runsWithCost}};
    }
};

/// One run's line in the report and manifest: the verdict with the run's identity and size.
QJsonObject runEntry(const RunTranscript &run, const Verdict &verdict)
{
    QJsonObject entry = verdict.toJson();
    entry.insert(QStringLiteral("run_id"), run.runId);
    entry.insert(QStringLiteral("line"), run.line);
    entry.insert(QStringLiteral("messages"), run.messageCount);
    entry.insert(QStringLiteral("tool_calls"), run.toolCallCount);
    entry.insert(QStringLiteral("cost_usd"), optionalJson(run.costUsd));
    if (!run.task.isEmpty())
        entry.insert(QStringLiteral("task"), run.task);
    return entry;
}

/// Writes the manifest into the finished partial folder and renames the folder to its
/// timestamp (or timestamp-2, -3, ... when that is taken). Returns the dataset folder.
QString publish(PartialFolder &partial, const QString &root, const QString &stamp, QJsonObject *manifest)
{
    // rename() refuses an existing folder, so a concurrent export is never overwritten; losing
    // the race only makes this one try the next name (and rewrite the manifest's dataset_id).
    for (int n = 1; n <= 1000; ++n) {
        const QString name = n == 1 ? stamp : QStringLiteral("%1-%2").arg(stamp).arg(n);
        const QString candidate = QDir(root).filePath(name);
        if (QFileInfo::exists(candidate))
            continue;
        manifest->insert(QStringLiteral("dataset_id"), name);
        // Synced with the folder's entries, so that the rename below publishes only whole files.
        writeFileAtomically(partial.filePath(kManifestFile),
            QJsonDocument(*manifest).toJson(QJsonDocument::Indented), QStringLiteral("dataset manifest"));
        if (QDir().rename(partial.path(), candidate)) {
            partial.release();
            try {
                syncToDisk(root); // the dataset is published; only its durability is in doubt
            } catch (const Error &e) {
                qCWarning(lcApp).noquote() << e.message();
            }
            return candidate;
        }
        if (!QFileInfo::exists(candidate))
            throw Error(ErrorKind::Workspace,
                QStringLiteral("Cannot move the finished dataset %1 to %2").arg(partial.path(), candidate));
    }
    throw Error(
        ErrorKind::Workspace, QStringLiteral("Cannot find a free folder name for %1 in %2").arg(stamp, root));
}

} // namespace

QJsonObject ExportCounts::toJson() const
{
    return QJsonObject{{QStringLiteral("lines"), lines}, {QStringLiteral("records"), records},
        {QStringLiteral("bad_lines"), badLines}, {QStringLiteral("promote"), promoted},
        {QStringLiteral("reject"), rejected}, {QStringLiteral("needs_human"), needsHuman},
        {QStringLiteral("train"), train}, {QStringLiteral("eval"), eval}};
}

QJsonObject ExportReport::toJson() const
{
    const auto orNull = [](const QString &s) { return s.isEmpty() ? QJsonValue() : QJsonValue(s); };
    return QJsonObject{{QStringLiteral("dry_run"), dryRun}, {QStringLiteral("written"), written},
        {QStringLiteral("output_dir"), orNull(outputDir)}, {QStringLiteral("manifest"), orNull(manifestPath)},
        {QStringLiteral("transcripts"),
            QJsonObject{
                {QStringLiteral("path"), transcriptsPath}, {QStringLiteral("sha256"), transcriptsSha256}}},
        {QStringLiteral("counts"), counts.toJson()}, {QStringLiteral("runs"), runs},
        {QStringLiteral("bad_lines"), badLines},
        {QStringLiteral("warnings"), QJsonArray::fromStringList(warnings)}};
}

QString DatasetExporter::datasetsDir(const QString &workspaceRoot)
{
    return QDir(workspaceRoot).filePath(QStringLiteral("data/autoretrain"));
}

DatasetExporter::DatasetExporter(QString datasetsRoot)
    : m_root(QDir::cleanPath(QDir(datasetsRoot).absolutePath()))
{ }

ExportReport DatasetExporter::exportDataset(const ExportRequest &request) const
{
    if (!(request.evalFraction >= 0.0 && request.evalFraction <= 1.0))
        throw Error(ErrorKind::Usage,
            QStringLiteral("The eval fraction must be from 0 to 1, not %1").arg(request.evalFraction));
    const QDateTime created =
        (request.createdAt.isValid() ? request.createdAt : QDateTime::currentDateTimeUtc()).toUTC();
    ExportReport report;
    report.dryRun = request.dryRun;

    const bool fromStdin = request.transcriptsPath == QLatin1String("-");
    QFile input;
    if (fromStdin) {
        if (!input.open(stdin, QIODevice::ReadOnly))
            throw Error(ErrorKind::Input, QStringLiteral("Cannot read standard input"));
        report.transcriptsPath = QStringLiteral("stdin");
    } else {
        input.setFileName(request.transcriptsPath);
        if (QFileInfo(request.transcriptsPath).isDir() || !input.open(QIODevice::ReadOnly))
            throw Error(ErrorKind::Input,
                QStringLiteral("Cannot read the transcripts %1: %2")
                    .arg(request.transcriptsPath,
                        QFileInfo(request.transcriptsPath).isDir() ? QStringLiteral("it is a folder")
                                                                   : input.errorString()));
        report.transcriptsPath = QFileInfo(request.transcriptsPath).absoluteFilePath();
    }

    // Everything is written into a hidden partial folder first (see PartialFolder).
    std::unique_ptr<PartialFolder> partial;
    HashedFile train;
    HashedFile eval;
    HashedFile decisions;
    if (!request.dryRun) {
        if (!QDir().mkpath(m_root))
            throw Error(
                ErrorKind::Workspace, QStringLiteral("Cannot create the datasets folder %1").arg(m_root));
        const QStringList leftovers = leftoverPartials(m_root);
        if (!leftovers.isEmpty())
            report.warnings.append(
                QStringLiteral("%1 holds %2 folder(s) left by interrupted (or still running) "
                               "exports (%3); they are not datasets, and can be deleted once no export runs")
                    .arg(m_root)
                    .arg(leftovers.size())
                    .arg(leftovers.join(QStringLiteral(", "))));
        partial = std::make_unique<PartialFolder>(m_root);
        train.open(partial->filePath(kTrainFile));
        eval.open(partial->filePath(kEvalFile));
        decisions.open(partial->filePath(kDecisionsFile));
    }

    PromotedTally tally;
    TranscriptReader reader(input, fromStdin ? QStringLiteral("stdin") : request.transcriptsPath);
    while (const auto item = reader.next()) {
        if (const BadLine *badLine = std::get_if<BadLine>(&*item)) {
            ++report.counts.badLines;
            report.badLines.append(badLine->toJson());
            qCWarning(lcApp).noquote() << "dataset export: skipped" << badLine->error;
            continue;
        }
        const RunTranscript &run = std::get<RunTranscript>(*item);
        ++report.counts.records;
        const Verdict verdict = judgeRun(run.metrics, request.guard);
        QJsonObject entry = runEntry(run, verdict);
        QJsonValue splitValue;
        if (verdict.decision == Decision::Promote) {
            ++report.counts.promoted;
            tally.add(run);
            const Split split = splitFor(run.runId, request.seed, request.evalFraction);
            splitValue = splitName(split);
            int &count = split == Split::Eval ? report.counts.eval : report.counts.train;
            ++count;
            if (!request.dryRun)
                (split == Split::Eval ? eval : train)
                    .write(QJsonDocument(run.example).toJson(QJsonDocument::Compact) + '\n');
            // Where the example sits in its file, so that its evaluation labels can be found.
            entry.insert(QStringLiteral("split_line"), count);
        } else if (verdict.decision == Decision::Reject) {
            ++report.counts.rejected;
        } else {
            ++report.counts.needsHuman;
        }
        entry.insert(QStringLiteral("split"), splitValue);
        if (!request.dryRun)
            decisions.write(QJsonDocument(entry).toJson(QJsonDocument::Compact) + '\n');
        report.runs.append(entry);
    }
    report.counts.lines = reader.linesRead();
    report.transcriptsSha256 = QString::fromLatin1(reader.sha256());

    if (report.counts.records == 0) {
        QString detail;
        if (report.counts.badLines == 0) {
            detail = QStringLiteral("it has no records at all");
        } else {
            detail = QStringLiteral("all %1 record lines are bad; the first: %2")
                         .arg(report.counts.badLines)
                         .arg(report.badLines.first().toObject().value(QStringLiteral("error")).toString());
        }
        throw Error(ErrorKind::Input,
            QStringLiteral("The transcripts %1 hold no valid run transcript: %2")
                .arg(fromStdin ? QStringLiteral("on stdin") : request.transcriptsPath, detail));
    }

    const int promoted = report.counts.promoted;
    QJsonObject manifest{{QStringLiteral("format"), QStringLiteral("loopkeeper-autoretrain-dataset")},
        {QStringLiteral("format_version"), kFormatVersion},
        {QStringLiteral("created_at"), created.toString(Qt::ISODate)},
        {QStringLiteral("created_by"), QStringLiteral("Loopkeeper %1").arg(loopkeeperVersion())},
        {QStringLiteral("source_model"),
            provenance(request.sourceModel, tally.sourceModels, QStringLiteral("source_model"),
                QStringLiteral("source-model"), promoted, &report.warnings)},
        {QStringLiteral("agent_version"),
            provenance(request.agentVersion, tally.agentVersions, QStringLiteral("agent_version"),
                QStringLiteral("agent-version"), promoted, &report.warnings)},
        {QStringLiteral("commit"),
            provenance(request.commit, tally.commits, QStringLiteral("commit"), QStringLiteral("commit"),
                promoted, &report.warnings)},
        {QStringLiteral("transcripts"),
            QJsonObject{{QStringLiteral("path"), report.transcriptsPath},
                {QStringLiteral("sha256"), report.transcriptsSha256},
                {QStringLiteral("bytes"), reader.bytesRead()},
                {QStringLiteral("lines"), reader.linesRead()}}},
        {QStringLiteral("guard"), request.guard.toJson()},
        {QStringLiteral("split"),
            QJsonObject{{QStringLiteral("method"),
                            QStringLiteral("eval when the first 53 bits of sha256(\"<seed>\\n<run_id>\") / "
                                           "2^53 < eval_fraction, else train")},
                {QStringLiteral("seed"), seedJson(request.seed)},
                {QStringLiteral("eval_fraction"), request.evalFraction}}},
        {QStringLiteral("counts"), report.counts.toJson()},
        {QStringLiteral("promoted_totals"), tally.toJson()}, {QStringLiteral("bad_lines"), report.badLines}};

    if (promoted > 0 && request.evalFraction > 0 && report.counts.eval == 0)
        report.warnings.append(
            QStringLiteral("eval.jsonl is empty: none of the %1 promoted runs fell into the "
                           "eval fraction %2; export more runs or raise --eval-fraction")
                .arg(promoted)
                .arg(request.evalFraction));
    if (promoted > 0 && request.evalFraction < 1 && report.counts.train == 0)
        report.warnings.append(
            QStringLiteral("train.jsonl is empty: all %1 promoted runs fell into eval; export "
                           "more runs or lower --eval-fraction")
                .arg(promoted));
    if (promoted == 0)
        report.warnings.append(
            QStringLiteral("no run was promoted (%1 rejected, %2 need a human), so no dataset was written")
                .arg(report.counts.rejected)
                .arg(report.counts.needsHuman));

    if (request.dryRun || promoted == 0) {
        manifest.insert(QStringLiteral("warnings"), QJsonArray::fromStringList(report.warnings));
        report.manifest = manifest;
        return report;
    }

    train.close();
    eval.close();
    decisions.close();
    // The per-run decisions sit in their own file: a manifest stays readable with many runs.
    manifest.insert(QStringLiteral("files"),
        QJsonObject{
            {kTrainFile, train.toJson()}, {kEvalFile, eval.toJson()}, {kDecisionsFile, decisions.toJson()}});
    manifest.insert(QStringLiteral("warnings"), QJsonArray::fromStringList(report.warnings));

    const QString target =
        publish(*partial, m_root, created.toString(QStringLiteral("yyyyMMdd'T'HHmmss'Z'")), &manifest);
    report.written = true;
    report.outputDir = target;
    report.manifestPath = QDir(target).filePath(kManifestFile);
    report.manifest = manifest;
    qCInfo(lcApp).noquote() << "dataset export:" << promoted << "promoted runs ->" << target << "("
                            << report.counts.train << "train," << report.counts.eval << "eval,"
                            << report.counts.rejected << "rejected," << report.counts.needsHuman
                            << "need a human," << report.counts.badLines << "bad lines)";
    return report;
}

} // namespace lk::autoretrain
