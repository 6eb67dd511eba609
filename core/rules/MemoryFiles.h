#pragma once

// The approved memory rules as the agents read them, in context/memory/ (docs/memory-rules.md):
//
//   context/memory/<target_agent>/<rule_id>.md   one file per approved rule: YAML front matter
//                                                (rule_id, status, target_agent,
//                                                trigger_condition, priority, confidence,
//                                                approved_by, approved_at, source_batches,
//                                                fingerprint) then the instruction and rationale
//   context/memory/<target_agent>/index.md       the agent's approved rules, one line each,
//                                                most important first
//
// Every write goes through lk::writeFileAtomically (core/common/AtomicFile.h), so a crash
// mid-write leaves the previous file intact and readers never see half a file. Rendering is pure
// (renderRuleFile, renderIndex) so that its output can be tested byte for byte.

#include "core/rules/MemoryRule.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <vector>

namespace lk::rules {

/// One approved rule as it is written to memory.
struct MemoryEntry
{
    ProposedRule rule; ///< the approved text (after a reviewer's edits)
    QString status; ///< approved | edited_and_approved
    QString approvedBy;
    QString approvedAt; ///< ISO 8601, UTC
    QStringList sourceBatches;
};

/// The Markdown file of one rule (front matter values are JSON-quoted, which YAML reads as
/// double-quoted scalars, so no text from the data can break the front matter).
QByteArray renderRuleFile(const MemoryEntry &entry);

/// The index of one agent's approved rules, most important first (priority, confidence, id).
QByteArray renderIndex(const QString &targetAgent, std::vector<MemoryEntry> entries);

/// The memory folder of a workspace: where rule files and indexes live.
class MemoryFiles
{
public:
    explicit MemoryFiles(QString memoryDir);

    const QString &root() const { return m_root; }
    /// <root>/<agent>/<rule_id>.md
    QString rulePath(const QString &targetAgent, const QString &ruleId) const;
    /// <root>/<agent>/index.md
    QString indexPath(const QString &targetAgent) const;
    /// The path relative to the workspace's context folder's parent ("context/memory/...").
    QString displayPath(const QString &absolute) const;

    /// Writes (or replaces) a rule's file atomically; returns its path. Throws lk::Error.
    QString writeRule(const MemoryEntry &entry) const;
    /// Removes a rule's file; true if there was one. Throws lk::Error(Workspace) if it exists
    /// and cannot be removed.
    bool removeRule(const QString &targetAgent, const QString &ruleId) const;
    /// Rewrites an agent's index atomically (removes it when there are no entries).
    void writeIndex(const QString &targetAgent, const std::vector<MemoryEntry> &entries) const;

private:
    QString agentDir(const QString &targetAgent) const;

    QString m_root;
};

} // namespace lk::rules
