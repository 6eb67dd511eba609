#include "core/rules/MemoryFiles.h"

#include "core/common/AtomicFile.h"
#include "core/common/Error.h"
#include "core/rules/RuleScoring.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonValue>
#include <QRegularExpression>

#include <algorithm>

namespace lk::rules {

namespace {

/// A string as a JSON (and so YAML double-quoted) scalar.
QByteArray quoted(const QString &text)
{
    // QJsonDocument only serialises arrays and objects; take the item out of a one-item array.
    const QByteArray array = QJsonDocument(QJsonArray{text}).toJson(QJsonDocument::Compact);
    return array.mid(1, array.size() - 2);
}

QByteArray number(double value)
{
    return QByteArray::number(value, 'g', 6);
}

/// Names that become folder and file names: nothing that could climb out of the folder.
void checkName(const QString &name, const char *what)
{
    static const QRegularExpression safe(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9_.-]*$"));
    if (!safe.match(name).hasMatch() || name.contains(QLatin1String("..")))
        throw Error(ErrorKind::Input,
            QStringLiteral("The %1 \"%2\" cannot name a memory file: use letters, digits, '_', '-' and '.'")
                .arg(QString::fromLatin1(what), name));
}

bool moreImportant(const MemoryEntry &a, const MemoryEntry &b)
{
    const int pa = priorityRank(a.rule.priority), pb = priorityRank(b.rule.priority);
    if (pa != pb)
        return pa > pb;
    if (a.rule.confidence != b.rule.confidence)
        return a.rule.confidence > b.rule.confidence;
    return a.rule.ruleId < b.rule.ruleId;
}

/// Text without control characters other than newline and tab: audit data can carry raw NUL
/// bytes and escape sequences, which have no place in a Markdown file an agent reads.
QString printable(const QString &text)
{
    QString out;
    out.reserve(text.size());
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if ((u < 0x20 && u != u'\n' && u != u'\t') || u == 0x7f)
            continue;
        out += c;
    }
    return out;
}

QByteArray oneLine(const QString &text)
{
    return printable(text).simplified().toUtf8();
}

QByteArray paragraph(const QString &text)
{
    return printable(text).trimmed().toUtf8();
}

} // namespace

QByteArray renderRuleFile(const MemoryEntry &e)
{
    const ProposedRule &r = e.rule;
    QByteArray out;
    out += "---\n";
    out += "rule_id: " + quoted(r.ruleId) + '\n';
    out += "status: " + quoted(e.status) + '\n';
    out += "target_agent: " + quoted(r.targetAgent) + '\n';
    out += "trigger_condition: " + quoted(r.triggerCondition) + '\n';
    out += "priority: " + quoted(r.priority) + '\n';
    out += "confidence: " + number(r.confidence) + '\n';
    out += "approved_by: " + quoted(e.approvedBy) + '\n';
    out += "approved_at: " + quoted(e.approvedAt) + '\n';
    out += "source_batches: " + QJsonDocument(QJsonArray::fromStringList(e.sourceBatches)).toJson(QJsonDocument::Compact)
        + '\n';
    out += "fingerprint: " + quoted(r.pattern.fingerprint) + '\n';
    out += "---\n\n";
    out += "# " + r.ruleId.toUtf8() + "\n\n";
    out += "**When:** " + oneLine(r.triggerCondition) + "\n\n";
    out += "## Instruction\n\n" + paragraph(r.instruction) + "\n\n";
    out += "## Rationale\n\n" + paragraph(r.rationale) + '\n';
    return out;
}

QByteArray renderIndex(const QString &targetAgent, std::vector<MemoryEntry> entries)
{
    std::sort(entries.begin(), entries.end(), moreImportant);
    QByteArray out;
    out += "# Memory rules for " + targetAgent.toUtf8() + "\n\n";
    out += QByteArray::number(qint64(entries.size())) + (entries.size() == 1 ? " approved rule" : " approved rules")
        + ", most important first.\n\n";
    for (const MemoryEntry &e : entries) {
        const ProposedRule &r = e.rule;
        out += "- [" + r.ruleId.toUtf8() + "](" + r.ruleId.toUtf8() + ".md) (" + r.priority.toUtf8() + ", "
            + number(r.confidence) + "): " + oneLine(r.triggerCondition) + " -> " + oneLine(r.instruction) + '\n';
    }
    return out;
}

MemoryFiles::MemoryFiles(QString memoryDir)
    : m_root(QDir::cleanPath(std::move(memoryDir)))
{ }

QString MemoryFiles::agentDir(const QString &targetAgent) const
{
    checkName(targetAgent, "target agent");
    return m_root + QLatin1Char('/') + targetAgent;
}

QString MemoryFiles::rulePath(const QString &targetAgent, const QString &ruleId) const
{
    checkName(ruleId, "rule id");
    if (ruleId == QLatin1String("index"))
        throw Error(ErrorKind::Input, QStringLiteral("\"index\" is reserved for the agent's index file"));
    return agentDir(targetAgent) + QLatin1Char('/') + ruleId + QStringLiteral(".md");
}

QString MemoryFiles::indexPath(const QString &targetAgent) const
{
    return agentDir(targetAgent) + QStringLiteral("/index.md");
}

QString MemoryFiles::displayPath(const QString &absolute) const
{
    // The memory folder is <workspace>/context/memory: show paths relative to the workspace.
    const QDir workspace(QFileInfo(QFileInfo(m_root).absolutePath()).absolutePath());
    return workspace.relativeFilePath(absolute);
}

QString MemoryFiles::writeRule(const MemoryEntry &entry) const
{
    const QString path = rulePath(entry.rule.targetAgent, entry.rule.ruleId);
    writeFileAtomically(path, renderRuleFile(entry), QStringLiteral("memory file"));
    return path;
}

bool MemoryFiles::removeRule(const QString &targetAgent, const QString &ruleId) const
{
    QFile file(rulePath(targetAgent, ruleId));
    if (!file.exists())
        return false;
    if (!file.remove())
        throw Error(ErrorKind::Workspace,
            QStringLiteral("Cannot remove the memory file %1: %2").arg(file.fileName(), file.errorString()));
    return true;
}

void MemoryFiles::writeIndex(const QString &targetAgent, const std::vector<MemoryEntry> &entries) const
{
    const QString path = indexPath(targetAgent);
    if (entries.empty()) {
        QFile file(path);
        if (file.exists() && !file.remove())
            throw Error(ErrorKind::Workspace,
                QStringLiteral("Cannot remove the memory index %1: %2").arg(path, file.errorString()));
        return;
    }
    writeFileAtomically(path, renderIndex(targetAgent, entries), QStringLiteral("memory index"));
}

} // namespace lk::rules
