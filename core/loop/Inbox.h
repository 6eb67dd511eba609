#pragma once

#include "core/storage/Database.h"
#include "core/workspace/Workspace.h"

#include <QJsonArray>
#include <QJsonObject>

namespace lk::loop {

/// What one pass over the workspace's inbox did.
struct InboxReport
{
    QJsonArray
        files; ///< per file: {"file", "kind", "accepted", "duplicates", "rejected", "moved_to", "report"}, and
              ///< "error" for a file that is "empty" or "unknown"

    QJsonObject toJson() const { return QJsonObject{{QStringLiteral("files"), files}}; }
};

/// Ingests the JSONL files dropped in the workspace's inbox/ folder, oldest name first. A file
/// is judged by the first record of a kind it knows (lines before it are rejected by number);
/// a file of outcome events (lines with agent_name and task_type) is stored like `outcomes ingest`;
/// then it moves to inbox/processed/, or to inbox/rejected/ when nothing in it was usable.
/// Invalid lines are listed in NAME.report.json beside the moved file, each with its line
/// number and the problem. Files are moved only after their events are stored, so a crash in
/// between only means the file is read again (ingest is idempotent).
InboxReport processInbox(const Workspace &workspace, storage::Database &db);

} // namespace lk::loop
