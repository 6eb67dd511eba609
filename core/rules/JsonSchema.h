#pragma once

// A small JSON Schema validator for the schemas Loopkeeper ships (schemas/*.json, embedded as
// Qt resources under :/loopkeeper/schemas/ so that the program checks against the very files the
// repository holds). It supports the subset those schemas use, and refuses to compile a schema
// that uses anything else, so that a keyword can never be silently ignored:
//
//   assertions  type (one name or a list; "integer" is a number with no fraction), required,
//               properties, additionalProperties (false or a schema), enum, const, items (one
//               schema for every item), minimum, maximum, minLength (in code points), pattern
//               (ECMA-262 as QRegularExpression reads it; unanchored, as the standard says)
//   references  $ref to a local JSON pointer ("#/$defs/task"); $defs / definitions hold them
//   annotations $schema, $id, $comment, title, description, default, examples (ignored)
//
// Each problem is reported with the JSON pointer (RFC 6901) of the offending value — for a
// missing member, the pointer it would have — and a message that says what was wrong and what
// was found. The same compiled schema checks a QJsonValue or a node of a JsonArena (the audit
// batch reader's fast path), with identical results.

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>

#include <memory>
#include <string_view>
#include <vector>

namespace lk::rules {

class JsonArena;

/// One thing wrong with a JSON document: where (a JSON pointer) and what.
struct JsonProblem
{
    QString path; ///< JSON pointer, "" for the whole document
    QString message;

    /// {"path": ..., "message": ...}
    QJsonObject toJson() const;
    bool operator==(const JsonProblem &other) const { return path == other.path && message == other.message; }
};

/// The problems of a document: the first `limit` kept with their text, all of them counted.
struct ProblemList
{
    int limit = 100; ///< a broken batch of a million runs must not produce a million messages
    QList<JsonProblem> kept;
    qsizetype total = 0;

    /// Records a problem (kept if under the limit).
    void add(const QString &path, const QString &message);
    bool isEmpty() const { return total == 0; }
};

/// One step of a JSON pointer: a member name, or an array index when key is empty and index >= 0.
struct PathStep
{
    std::string_view key;
    qsizetype index = -1;
};

/// The JSON pointer of a path (with ~ and / escaped as RFC 6901 says).
QString jsonPointer(const std::vector<PathStep> &steps);

/// A compiled schema. Cheap to copy (shared, immutable).
class JsonSchema
{
public:
    struct Node; ///< a compiled (sub-)schema; opaque
    struct Compiled; ///< all nodes of one schema; opaque

    /// Compiles a schema document; `name` appears in messages. Throws lk::Error(Internal) naming
    /// the keyword and its schema location if the schema uses anything outside the subset above.
    static JsonSchema compile(const QJsonObject &document, const QString &name);
    /// Loads and compiles a schema shipped as :/loopkeeper/schemas/<fileName>; throws
    /// lk::Error(Internal) if it is missing or invalid (a broken build, not bad input).
    static JsonSchema shipped(const QString &fileName);
    /// The bytes of a shipped schema file, as the repository holds it.
    static QByteArray shippedText(const QString &fileName);

    QString name() const;

    /// Checks a value against the whole schema; returns every problem (up to maxProblems kept).
    QList<JsonProblem> validate(const QJsonValue &value, int maxProblems = 100) const;
    /// Checks a value against the whole schema, adding problems to `out`.
    void validate(const QJsonValue &value, ProblemList &out) const;

    /// The sub-schema at a JSON pointer into the schema document ("/properties/runs/items"),
    /// following $ref; throws lk::Error(Internal) if there is none.
    const Node *part(const QString &schemaPointer) const;
    /// Checks an arena node against a part; `base` is the node's own path in its document.
    void validate(const JsonArena &arena, int node, const Node *part, const std::vector<PathStep> &base,
        ProblemList &out) const;
    /// Checks a QJsonValue against a part; `base` is the value's own path in its document.
    void validate(
        const QJsonValue &value, const Node *part, const std::vector<PathStep> &base, ProblemList &out) const;

private:
    std::shared_ptr<const Compiled> m_d;
};

/// schemas/audit_batch.schema.json, compiled once.
const JsonSchema &auditBatchSchema();
/// schemas/learning_report.schema.json, compiled once.
const JsonSchema &learningReportSchema();

} // namespace lk::rules
