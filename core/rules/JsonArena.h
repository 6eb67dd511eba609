#pragma once

// A small, fast JSON reader for the audit-batch hot path: it parses one JSON value at a time into
// a flat node array that is cleared and reused, so that reading a million run records allocates
// almost nothing per record (QJsonDocument needs ~19 s and ~5 GB for a 790 MB batch here; this
// reads it in a fraction of that). Strings without escapes are not copied: their nodes point into
// the input, which must outlive the arena's use. It accepts exactly RFC 8259 JSON (valid UTF-8,
// no trailing commas, no comments, no NaN), like QJsonDocument::fromJson.

#include <QJsonValue>
#include <QString>
#include <QtGlobal>

#include <string>
#include <string_view>
#include <vector>

namespace lk::rules {

/// A JSON syntax error: where (byte offset into the text) and what was wrong.
struct JsonSyntaxError
{
    qsizetype offset = 0;
    QString message;
};

/// One value parsed into nodes, linked as first child / next sibling (members keep their order).
class JsonArena
{
public:
    enum class Kind : quint8 { Null, Bool, Number, String, Array, Object };

    /// Forgets every node (keeps the memory for the next value).
    void clear();

    /// Parses one value of `text` starting at `pos` (leading white space skipped) and returns its
    /// node; `pos` ends just after the value. Throws JsonSyntaxError.
    int parse(std::string_view text, qsizetype &pos);

    Kind kind(int node) const { return m_nodes[size_t(node)].kind; }
    bool boolean(int node) const { return m_nodes[size_t(node)].boolean; }
    double number(int node) const { return m_nodes[size_t(node)].number; }
    /// The UTF-8 text of a string node.
    std::string_view string(int node) const { return view(m_nodes[size_t(node)].text); }
    /// The member name of a node inside an object.
    std::string_view key(int node) const { return view(m_nodes[size_t(node)].key); }
    /// First child of an array or object, or -1.
    int firstChild(int node) const { return m_nodes[size_t(node)].firstChild; }
    /// The next member or item after this one, or -1.
    int nextSibling(int node) const { return m_nodes[size_t(node)].nextSibling; }
    /// Items of an array or members of an object.
    int childCount(int node) const { return m_nodes[size_t(node)].childCount; }
    /// The member called `name` of an object node (the last one if repeated), or -1.
    int member(int object, std::string_view name) const;

    /// The node as a QJsonValue (for the small parts of a document that are kept whole).
    QJsonValue toJsonValue(int node) const;

    /// Skips JSON white space from `pos`.
    static void skipSpace(std::string_view text, qsizetype &pos);
    /// Reads a string token at `pos` (which must be at its opening quote) into `out` (UTF-8).
    static void readString(std::string_view text, qsizetype &pos, std::string &out);
    /// "line L, column C" of a byte offset, for messages.
    static QString location(std::string_view text, qsizetype offset);

    /// Nesting deeper than this is refused (a guard against stack exhaustion).
    static constexpr int kMaxDepth = 128;

private:
    struct Span
    {
        qsizetype offset = 0; ///< into the input, or into m_scratch when inScratch
        quint32 length = 0;
        bool inScratch = false;
    };
    struct Node
    {
        Kind kind = Kind::Null;
        bool boolean = false;
        int firstChild = -1;
        int nextSibling = -1;
        int childCount = 0;
        double number = 0;
        Span text;
        Span key;
    };

    std::string_view view(const Span &s) const
    {
        return s.inScratch ? std::string_view(m_scratch.data() + s.offset, s.length)
                           : std::string_view(m_text.data() + s.offset, s.length);
    }
    int parseValue(qsizetype &pos, int depth);
    Span parseStringSpan(qsizetype &pos);

    std::vector<Node> m_nodes;
    std::string m_scratch;
    std::string_view m_text;
};

} // namespace lk::rules
