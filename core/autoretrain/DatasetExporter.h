#pragma once

// The dataset builder (docs/dataset-export.md): run transcripts pass the promotion guard, and the promoted
// ones become a versioned fine-tune dataset — train.jsonl, eval.jsonl, decisions.jsonl (every
// run's verdict) and manifest.json in data/autoretrain/<UTC timestamp>/ of the workspace. The folder appears
// whole or not at all: everything is written into a hidden .partial-* folder beside it, synced, then renamed.

#include "core/autoretrain/PromotionGuard.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace lk::autoretrain {

/// What to export and how.
struct ExportRequest
{
    QString transcriptsPath; ///< JSONL of run transcripts, or "-" for standard input
    GuardConfig guard;
    quint64 seed = 42; ///< decides the train/eval split (see DatasetSplit.h)
    double evalFraction = 0.1; ///< expected share of promoted runs in eval.jsonl, in [0, 1]
    /// Provenance for the manifest. Empty: taken from the promoted runs when they all agree.
    QString sourceModel;
    QString agentVersion;
    QString commit;
    bool dryRun = false; ///< decide and report, write nothing
    QDateTime createdAt; ///< names the folder and goes into the manifest; invalid: now
};

/// How many runs went where.
struct ExportCounts
{
    int lines = 0; ///< lines of the input, blank ones included
    int records = 0; ///< valid transcript records
    int badLines = 0;
    int promoted = 0;
    int rejected = 0;
    int needsHuman = 0;
    int train = 0;
    int eval = 0;

    /// {"lines", "records", "bad_lines", "promote", "reject", "needs_human", "train", "eval"}.
    QJsonObject toJson() const;
};

/// What an export did (or, on a dry run, would do).
struct ExportReport
{
    bool dryRun = false;
    bool written = false; ///< false on a dry run and when no run was promoted
    QString outputDir; ///< the dataset folder, when written
    QString manifestPath;
    QString transcriptsPath;
    QString transcriptsSha256;
    ExportCounts counts;
    QJsonArray runs; ///< per run: {"run_id", "line", "decision", "split", "reasons", "gates", ...}
    QJsonArray badLines; ///< per bad line: {"line", "run_id"?, "error"}
    QStringList warnings;
    QJsonObject manifest; ///< what manifest.json holds (also built on a dry run, without "files")

    /// {"dry_run", "written", "output_dir", "manifest", "transcripts", "counts", "runs",
    /// "bad_lines", "warnings"} — what `dataset export` prints.
    QJsonObject toJson() const;
};

/// Turns a transcript file into a dataset folder under one root (normally a workspace's
/// data/autoretrain).
class DatasetExporter
{
public:
    /// The datasets folder of the workspace at `workspaceRoot`: <root>/data/autoretrain.
    static QString datasetsDir(const QString &workspaceRoot);

    /// Exports into `datasetsRoot`, which is created when needed.
    explicit DatasetExporter(QString datasetsRoot);

    /// Reads, judges, splits and (unless a dry run, or nothing was promoted) writes one dataset
    /// folder. Bad lines are reported in the result and left out. Throws lk::Error(Input) when
    /// the transcripts cannot be read or hold no valid record, and lk::Error(Workspace) when the
    /// folder cannot be written; in both cases no dataset folder is left behind.
    ExportReport exportDataset(const ExportRequest &request) const;

private:
    QString m_root;
};

} // namespace lk::autoretrain
