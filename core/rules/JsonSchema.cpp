#include "core/rules/JsonSchema.h"

#include "core/common/Error.h"
#include "core/rules/JsonArena.h"

#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QRegularExpression>
#include <QSet>

#include <cmath>
#include <deque>

// Q_INIT_RESOURCE must be used outside any namespace. Calling it makes the linker keep the
// resource object of this static library (nothing else refers to it) and registers it.
static void initRulesSchemaResources()
{
    Q_INIT_RESOURCE(rules_schemas);
}

namespace lk::rules {

namespace {

enum TypeBit : quint8 {
    NullBit = 1,
    BooleanBit = 2,
    IntegerBit = 4,
    NumberBit = 8,
    StringBit = 16,
    ArrayBit = 32,
    ObjectBit = 64,
};

/// The largest integer a JSON number (a double) holds exactly.
constexpr double kMaxExactInteger = 9007199254740992.0; // 2^53

QString fromView(std::string_view s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

std::string_view toView(std::string_view s)
{
    return s;
}

std::string_view toView(const QByteArray &s)
{
    return std::string_view(s.constData(), size_t(s.size()));
}

QString numberText(double x)
{
    return QString::number(x, 'g', QLocale::FloatingPointShortest);
}

QString quoted(const QString &s)
{
    // Long values are cut: a message points at a value, it does not repeat it.
    constexpr int kShown = 80;
    QString shown = s.size() > kShown ? s.left(kShown) + QStringLiteral("...") : s;
    return QLatin1Char('"') + shown + QLatin1Char('"');
}

QString shownJson(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double:
        return numberText(v.toDouble());
    case QJsonValue::String:
        return quoted(v.toString());
    case QJsonValue::Array:
        return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("nothing");
}

QString typeNames(quint8 types)
{
    QStringList names;
    if (types & ObjectBit)
        names << QStringLiteral("an object");
    if (types & ArrayBit)
        names << QStringLiteral("an array");
    if (types & StringBit)
        names << QStringLiteral("a string");
    if (types & NumberBit)
        names << QStringLiteral("a number");
    else if (types & IntegerBit)
        names << QStringLiteral("an integer");
    if (types & BooleanBit)
        names << QStringLiteral("true or false");
    if (types & NullBit)
        names << QStringLiteral("null");
    return names.join(QStringLiteral(" or "));
}

} // namespace

QJsonObject JsonProblem::toJson() const
{
    return QJsonObject{{QStringLiteral("path"), path}, {QStringLiteral("message"), message}};
}

void ProblemList::add(const QString &path, const QString &message)
{
    ++total;
    if (kept.size() < limit)
        kept.append(JsonProblem{path, message});
}

QString jsonPointer(const std::vector<PathStep> &steps)
{
    QString out;
    for (const PathStep &step : steps) {
        out += QLatin1Char('/');
        if (step.index >= 0 && step.key.empty()) {
            out += QString::number(step.index);
        } else {
            QString key = fromView(step.key);
            key.replace(QLatin1Char('~'), QStringLiteral("~0"));
            key.replace(QLatin1Char('/'), QStringLiteral("~1"));
            out += key;
        }
    }
    return out;
}

struct JsonSchema::Node
{
    QString location; ///< JSON pointer into the schema document
    quint8 types = 0; ///< TypeBit mask; 0 = any type

    struct Property
    {
        std::string name;
        const Node *schema = nullptr;
    };
    std::vector<Property> properties;
    std::vector<int> required; ///< indices into properties
    std::vector<std::string> requiredUndeclared; ///< required names without a properties entry
    bool additionalAllowed = true;
    const Node *additional = nullptr;

    std::vector<QJsonValue> enumValues;
    std::vector<std::string> enumStrings; ///< UTF-8 of the string members of enumValues
    bool hasEnum = false;
    QJsonValue constValue;
    bool hasConst = false;

    const Node *items = nullptr;
    bool hasMinimum = false, hasMaximum = false;
    double minimum = 0, maximum = 0;
    int minLength = -1;
    bool hasPattern = false;
    QRegularExpression pattern;

    QString refTarget;
    const Node *ref = nullptr;
};

struct JsonSchema::Compiled
{
    QString name;
    std::deque<Node> nodes; ///< a deque so that Node pointers stay valid while compiling
    QHash<QString, const Node *> byPointer;
    const Node *root = nullptr;
};

namespace {

class Compiler
{
public:
    Compiler(JsonSchema::Compiled &d)
        : m_d(d)
    { }

    [[noreturn]] void fail(const QString &where, const QString &what) const
    {
        throw Error(
            ErrorKind::Internal, QStringLiteral("schema %1 at \"%2\": %3").arg(m_d.name, where, what));
    }

    const JsonSchema::Node *compile(const QJsonValue &value, const QString &where)
    {
        if (!value.isObject())
            fail(where, QStringLiteral("a schema must be an object"));
        const QJsonObject s = value.toObject();
        m_d.nodes.emplace_back();
        JsonSchema::Node &n = m_d.nodes.back();
        n.location = where;
        m_d.byPointer.insert(where, &n);

        static const QSet<QString> annotations{QStringLiteral("$schema"), QStringLiteral("$id"),
            QStringLiteral("$comment"), QStringLiteral("title"), QStringLiteral("description"),
            QStringLiteral("default"), QStringLiteral("examples")};
        static const QSet<QString> assertions{QStringLiteral("type"), QStringLiteral("required"),
            QStringLiteral("properties"), QStringLiteral("additionalProperties"), QStringLiteral("enum"),
            QStringLiteral("const"), QStringLiteral("items"), QStringLiteral("minimum"),
            QStringLiteral("maximum"), QStringLiteral("minLength"), QStringLiteral("pattern")};
        for (auto it = s.begin(); it != s.end(); ++it) {
            const QString &k = it.key();
            if (annotations.contains(k) || assertions.contains(k) || k == QLatin1String("$ref")
                || k == QLatin1String("$defs") || k == QLatin1String("definitions"))
                continue;
            fail(where, QStringLiteral("keyword \"%1\" is not supported by this validator").arg(k));
        }

        for (const QString &defs : {QStringLiteral("$defs"), QStringLiteral("definitions")}) {
            if (!s.contains(defs))
                continue;
            if (!s.value(defs).isObject())
                fail(where, QStringLiteral("%1 must be an object").arg(defs));
            const QJsonObject d = s.value(defs).toObject();
            for (auto it = d.begin(); it != d.end(); ++it)
                compile(it.value(), where + QLatin1Char('/') + defs + QLatin1Char('/') + escaped(it.key()));
        }

        if (s.contains(QStringLiteral("$ref"))) {
            for (auto it = s.begin(); it != s.end(); ++it)
                if (assertions.contains(it.key()))
                    fail(where, QStringLiteral("$ref cannot be combined with \"%1\" here").arg(it.key()));
            const QString ref = s.value(QStringLiteral("$ref")).toString();
            if (!ref.startsWith(QLatin1Char('#')))
                fail(where,
                    QStringLiteral("only local references (#/...) are supported, not \"%1\"").arg(ref));
            n.refTarget = ref.mid(1);
            m_refs.push_back(&n);
            return &n;
        }

        if (s.contains(QStringLiteral("type"))) {
            const QJsonValue t = s.value(QStringLiteral("type"));
            const QJsonArray names = t.isArray() ? t.toArray() : QJsonArray{t};
            for (const QJsonValue &name : names)
                n.types |= typeBit(name.toString(), where);
        }
        if (s.contains(QStringLiteral("properties"))) {
            const QJsonValue p = s.value(QStringLiteral("properties"));
            if (!p.isObject())
                fail(where, QStringLiteral("properties must be an object"));
            const QJsonObject props = p.toObject();
            for (auto it = props.begin(); it != props.end(); ++it)
                n.properties.push_back({it.key().toStdString(),
                    compile(it.value(), where + QStringLiteral("/properties/") + escaped(it.key()))});
        }
        if (s.contains(QStringLiteral("required"))) {
            const QJsonValue r = s.value(QStringLiteral("required"));
            if (!r.isArray())
                fail(where, QStringLiteral("required must be an array of names"));
            for (const QJsonValue &name : r.toArray()) {
                if (!name.isString())
                    fail(where, QStringLiteral("required must be an array of names"));
                const std::string key = name.toString().toStdString();
                int index = -1;
                for (size_t i = 0; i < n.properties.size(); ++i)
                    if (n.properties[i].name == key)
                        index = int(i);
                if (index >= 0)
                    n.required.push_back(index);
                else
                    n.requiredUndeclared.push_back(key);
            }
        }
        if (s.contains(QStringLiteral("additionalProperties"))) {
            const QJsonValue a = s.value(QStringLiteral("additionalProperties"));
            if (a.isBool())
                n.additionalAllowed = a.toBool();
            else
                n.additional = compile(a, where + QStringLiteral("/additionalProperties"));
        }
        if (s.contains(QStringLiteral("enum"))) {
            const QJsonValue e = s.value(QStringLiteral("enum"));
            if (!e.isArray() || e.toArray().isEmpty())
                fail(where, QStringLiteral("enum must be a non-empty array"));
            n.hasEnum = true;
            for (const QJsonValue &v : e.toArray()) {
                n.enumValues.push_back(v);
                n.enumStrings.push_back(v.isString() ? v.toString().toStdString() : std::string());
            }
        }
        if (s.contains(QStringLiteral("const"))) {
            n.hasConst = true;
            n.constValue = s.value(QStringLiteral("const"));
        }
        if (s.contains(QStringLiteral("items"))) {
            const QJsonValue i = s.value(QStringLiteral("items"));
            if (!i.isObject())
                fail(where, QStringLiteral("items must be one schema (tuple forms are not supported)"));
            n.items = compile(i, where + QStringLiteral("/items"));
        }
        n.hasMinimum = s.contains(QStringLiteral("minimum"));
        n.minimum = number(s, QStringLiteral("minimum"), where);
        n.hasMaximum = s.contains(QStringLiteral("maximum"));
        n.maximum = number(s, QStringLiteral("maximum"), where);
        if (s.contains(QStringLiteral("minLength"))) {
            const double m = number(s, QStringLiteral("minLength"), where);
            if (m < 0 || m != std::floor(m))
                fail(where, QStringLiteral("minLength must be an integer >= 0"));
            n.minLength = int(m);
        }
        if (s.contains(QStringLiteral("pattern"))) {
            n.hasPattern = true;
            n.pattern = QRegularExpression(s.value(QStringLiteral("pattern")).toString());
            if (!n.pattern.isValid())
                fail(where, QStringLiteral("pattern does not compile: %1").arg(n.pattern.errorString()));
            n.pattern.optimize();
        }
        return &n;
    }

    void resolveReferences()
    {
        for (JsonSchema::Node *n : m_refs) {
            const JsonSchema::Node *target = m_d.byPointer.value(n->refTarget);
            if (!target)
                fail(n->location,
                    QStringLiteral("$ref \"#%1\" does not name a schema in this document").arg(n->refTarget));
            n->ref = target;
        }
        // A chain of references must end in a real schema.
        for (JsonSchema::Node *n : m_refs) {
            const JsonSchema::Node *t = n;
            for (int hops = 0; t->ref; ++hops) {
                if (hops > 64)
                    fail(n->location, QStringLiteral("$ref loops without reaching a schema"));
                t = t->ref;
            }
        }
    }

private:
    static QString escaped(QString key)
    {
        key.replace(QLatin1Char('~'), QStringLiteral("~0"));
        key.replace(QLatin1Char('/'), QStringLiteral("~1"));
        return key;
    }

    quint8 typeBit(const QString &name, const QString &where) const
    {
        static const QHash<QString, quint8> bits{{QStringLiteral("null"), NullBit},
            {QStringLiteral("boolean"), BooleanBit}, {QStringLiteral("integer"), IntegerBit},
            {QStringLiteral("number"), NumberBit}, {QStringLiteral("string"), StringBit},
            {QStringLiteral("array"), ArrayBit}, {QStringLiteral("object"), ObjectBit}};
        const auto it = bits.constFind(name);
        if (it == bits.cend())
            fail(where, QStringLiteral("unknown type \"%1\"").arg(name));
        return *it;
    }

    double number(const QJsonObject &s, const QString &key, const QString &where) const
    {
        if (!s.contains(key))
            return 0;
        if (!s.value(key).isDouble())
            fail(where, QStringLiteral("%1 must be a number").arg(key));
        return s.value(key).toDouble();
    }

    JsonSchema::Compiled &m_d;
    std::vector<JsonSchema::Node *> m_refs;
};

/// Reads a JsonArena node.
struct ArenaAccess
{
    const JsonArena &arena;
    using Value = int;

    JsonArena::Kind kind(int v) const { return arena.kind(v); }
    bool boolean(int v) const { return arena.boolean(v); }
    double number(int v) const { return arena.number(v); }
    std::string_view string(int v) const { return arena.string(v); }
    QJsonValue json(int v) const { return arena.toJsonValue(v); }
    template<class F>
    void forEachItem(int v, F f) const
    {
        qsizetype i = 0;
        for (int c = arena.firstChild(v); c >= 0; c = arena.nextSibling(c))
            f(i++, c);
    }
    template<class F>
    void forEachMember(int v, F f) const
    {
        for (int c = arena.firstChild(v); c >= 0; c = arena.nextSibling(c))
            f(arena.key(c), c);
    }
};

/// Reads a QJsonValue (strings converted to UTF-8 on the way; this path is not the hot one).
struct QJsonAccess
{
    using Value = QJsonValue;

    JsonArena::Kind kind(const QJsonValue &v) const
    {
        switch (v.type()) {
        case QJsonValue::Bool:
            return JsonArena::Kind::Bool;
        case QJsonValue::Double:
            return JsonArena::Kind::Number;
        case QJsonValue::String:
            return JsonArena::Kind::String;
        case QJsonValue::Array:
            return JsonArena::Kind::Array;
        case QJsonValue::Object:
            return JsonArena::Kind::Object;
        case QJsonValue::Null:
        case QJsonValue::Undefined:
            break;
        }
        return JsonArena::Kind::Null;
    }
    bool boolean(const QJsonValue &v) const { return v.toBool(); }
    double number(const QJsonValue &v) const { return v.toDouble(); }
    QByteArray string(const QJsonValue &v) const { return v.toString().toUtf8(); }
    QJsonValue json(const QJsonValue &v) const { return v; }
    template<class F>
    void forEachItem(const QJsonValue &v, F f) const
    {
        const QJsonArray a = v.toArray();
        for (qsizetype i = 0; i < a.size(); ++i)
            f(i, a.at(i));
    }
    template<class F>
    void forEachMember(const QJsonValue &v, F f) const
    {
        const QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it) {
            const QByteArray key = it.key().toUtf8();
            f(toView(key), it.value());
        }
    }
};

template<class Access>
class Checker
{
public:
    using Value = typename Access::Value;

    Checker(const Access &access, ProblemList &out, std::vector<PathStep> &path)
        : m_access(access)
        , m_out(out)
        , m_path(path)
    { }

    void check(const JsonSchema::Node *s, const Value &v)
    {
        while (s->ref)
            s = s->ref;
        const JsonArena::Kind kind = m_access.kind(v);
        if (s->types && !typeMatches(s->types, kind, v)) {
            report(QString(),
                [&] { return QStringLiteral("must be %1, not %2").arg(typeNames(s->types), shown(v)); });
            return; // the other keywords would only repeat this
        }
        if (s->hasEnum && !enumMatches(s, kind, v)) {
            report(QString(), [&] {
                QStringList allowed;
                for (const QJsonValue &e : s->enumValues)
                    allowed << shownJson(e);
                return allowed.size() == 1
                    ? QStringLiteral("must be %1, not %2").arg(allowed.first(), shown(v))
                    : QStringLiteral("must be one of %1, not %2")
                          .arg(allowed.join(QStringLiteral(", ")), shown(v));
            });
        }
        if (s->hasConst && !equals(s->constValue, kind, v)) {
            report(QString(),
                [&] { return QStringLiteral("must be %1, not %2").arg(shownJson(s->constValue), shown(v)); });
        }
        switch (kind) {
        case JsonArena::Kind::Number: {
            const double x = m_access.number(v);
            if (s->hasMinimum && x < s->minimum)
                report(QString(), [&] {
                    return QStringLiteral("must be >= %1, not %2").arg(numberText(s->minimum), numberText(x));
                });
            if (s->hasMaximum && x > s->maximum)
                report(QString(), [&] {
                    return QStringLiteral("must be <= %1, not %2").arg(numberText(s->maximum), numberText(x));
                });
            break;
        }
        case JsonArena::Kind::String:
            if (s->minLength >= 0 || s->hasPattern)
                checkString(s, v);
            break;
        case JsonArena::Kind::Object:
            checkObject(s, v);
            break;
        case JsonArena::Kind::Array:
            if (s->items)
                m_access.forEachItem(v, [&](qsizetype i, const Value &item) {
                    m_path.push_back(PathStep{{}, i});
                    check(s->items, item);
                    m_path.pop_back();
                });
            break;
        case JsonArena::Kind::Null:
        case JsonArena::Kind::Bool:
            break;
        }
    }

private:
    /// Adds a problem at the current path (plus `member`); builds the message only if it is kept.
    template<class Message>
    void report(const QString &member, Message message)
    {
        if (m_out.kept.size() >= m_out.limit) {
            ++m_out.total;
            return;
        }
        QString path = jsonPointer(m_path);
        if (!member.isEmpty()) {
            QString k = member;
            k.replace(QLatin1Char('~'), QStringLiteral("~0"));
            k.replace(QLatin1Char('/'), QStringLiteral("~1"));
            path += QLatin1Char('/') + k;
        }
        m_out.add(path, message());
    }

    QString shown(const Value &v) const
    {
        switch (m_access.kind(v)) {
        case JsonArena::Kind::Null:
            return QStringLiteral("null");
        case JsonArena::Kind::Bool:
            return m_access.boolean(v) ? QStringLiteral("true") : QStringLiteral("false");
        case JsonArena::Kind::Number:
            return numberText(m_access.number(v));
        case JsonArena::Kind::String: {
            const auto s = m_access.string(v);
            return quoted(fromView(toView(s)));
        }
        case JsonArena::Kind::Array:
            return QStringLiteral("an array");
        case JsonArena::Kind::Object:
            return QStringLiteral("an object");
        }
        return QString();
    }

    bool typeMatches(quint8 types, JsonArena::Kind kind, const Value &v) const
    {
        switch (kind) {
        case JsonArena::Kind::Null:
            return types & NullBit;
        case JsonArena::Kind::Bool:
            return types & BooleanBit;
        case JsonArena::Kind::Number: {
            if (types & NumberBit)
                return true;
            const double x = m_access.number(v);
            return (types & IntegerBit) && x == std::floor(x) && std::fabs(x) <= kMaxExactInteger;
        }
        case JsonArena::Kind::String:
            return types & StringBit;
        case JsonArena::Kind::Array:
            return types & ArrayBit;
        case JsonArena::Kind::Object:
            return types & ObjectBit;
        }
        return false;
    }

    bool equals(const QJsonValue &expected, JsonArena::Kind kind, const Value &v) const
    {
        switch (kind) {
        case JsonArena::Kind::Null:
            return expected.isNull();
        case JsonArena::Kind::Bool:
            return expected.isBool() && expected.toBool() == m_access.boolean(v);
        case JsonArena::Kind::Number:
            return expected.isDouble() && expected.toDouble() == m_access.number(v);
        case JsonArena::Kind::String: {
            const auto s = m_access.string(v);
            return expected.isString() && expected.toString() == fromView(toView(s));
        }
        case JsonArena::Kind::Array:
        case JsonArena::Kind::Object:
            return expected == m_access.json(v);
        }
        return false;
    }

    bool enumMatches(const JsonSchema::Node *s, JsonArena::Kind kind, const Value &v) const
    {
        if (kind == JsonArena::Kind::String) {
            // The common case (status, source, priority): compare UTF-8 bytes, no conversion.
            const auto held = m_access.string(v);
            const std::string_view text = toView(held);
            for (size_t i = 0; i < s->enumValues.size(); ++i)
                if (s->enumValues[i].isString() && s->enumStrings[i] == text)
                    return true;
            return false;
        }
        for (const QJsonValue &e : s->enumValues)
            if (equals(e, kind, v))
                return true;
        return false;
    }

    void checkString(const JsonSchema::Node *s, const Value &v)
    {
        const auto held = m_access.string(v);
        const std::string_view text = toView(held);
        if (s->minLength >= 0) {
            // Code points, as the standard counts: every byte that does not continue a sequence.
            qsizetype length = 0;
            for (const char c : text)
                if ((quint8(c) & 0xC0) != 0x80)
                    ++length;
            if (length < s->minLength)
                report(QString(), [&] {
                    return s->minLength == 1 ? QStringLiteral("must not be empty")
                                             : QStringLiteral("must be at least %1 characters long, not %2")
                                                   .arg(s->minLength)
                                                   .arg(length);
                });
        }
        if (s->hasPattern && !s->pattern.match(fromView(text)).hasMatch())
            report(QString(), [&] {
                return QStringLiteral("must match the pattern %1, not %2")
                    .arg(s->pattern.pattern(), quoted(fromView(text)));
            });
    }

    void checkObject(const JsonSchema::Node *s, const Value &v)
    {
        // Which declared members were seen (objects of ours have far fewer than 64 of them).
        std::vector<char> seenMany;
        quint64 seen = 0;
        const size_t count = s->properties.size();
        if (count > 64)
            seenMany.assign(count, 0);
        auto wasSeen = [&](size_t i) { return count > 64 ? seenMany[i] != 0 : ((seen >> i) & 1u) != 0; };

        m_access.forEachMember(v, [&](std::string_view key, const Value &member) {
            m_path.push_back(PathStep{key, -1});
            size_t index = 0;
            while (index < count && s->properties[index].name != key)
                ++index;
            if (index < count) {
                if (wasSeen(index)) {
                    report(QString(), [] { return QStringLiteral("appears more than once in its object"); });
                } else {
                    if (count > 64)
                        seenMany[index] = 1;
                    else
                        seen |= quint64(1) << index;
                }
                check(s->properties[index].schema, member);
            } else if (s->additional) {
                check(s->additional, member);
            } else if (!s->additionalAllowed) {
                report(QString(), [&] {
                    QStringList known;
                    for (const auto &p : s->properties)
                        known << QString::fromStdString(p.name);
                    return QStringLiteral("is not a member this object may have (it may have: %1)")
                        .arg(known.join(QStringLiteral(", ")));
                });
            }
            m_path.pop_back();
        });

        for (const int r : s->required)
            if (!wasSeen(size_t(r)))
                report(QString::fromStdString(s->properties[size_t(r)].name),
                    [] { return QStringLiteral("is required but missing"); });
        for (const std::string &name : s->requiredUndeclared) {
            bool found = false;
            m_access.forEachMember(
                v, [&](std::string_view key, const Value &) { found = found || key == name; });
            if (!found)
                report(
                    QString::fromStdString(name), [] { return QStringLiteral("is required but missing"); });
        }
    }

    const Access &m_access;
    ProblemList &m_out;
    std::vector<PathStep> &m_path; ///< grows and shrinks back as the check descends
};

/// The path being checked, starting at `base`: one buffer per thread, so that checking a million
/// run records one by one allocates nothing after the first.
std::vector<PathStep> &pathFrom(const std::vector<PathStep> &base)
{
    thread_local std::vector<PathStep> path;
    path.assign(base.begin(), base.end());
    return path;
}

} // namespace

JsonSchema JsonSchema::compile(const QJsonObject &document, const QString &name)
{
    auto d = std::make_shared<Compiled>();
    d->name = name;
    Compiler compiler(*d);
    d->root = compiler.compile(document, QString());
    compiler.resolveReferences();
    JsonSchema schema;
    schema.m_d = std::move(d);
    return schema;
}

QByteArray JsonSchema::shippedText(const QString &fileName)
{
    initRulesSchemaResources();
    QFile f(QStringLiteral(":/loopkeeper/schemas/") + fileName);
    if (!f.open(QIODevice::ReadOnly))
        throw Error(ErrorKind::Internal,
            QStringLiteral("The schema %1 is not built into this program (resource %2 is missing).")
                .arg(fileName, f.fileName()));
    return f.readAll();
}

JsonSchema JsonSchema::shipped(const QString &fileName)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(shippedText(fileName), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        throw Error(ErrorKind::Internal,
            QStringLiteral("The built-in schema %1 is not a JSON object: %2")
                .arg(fileName, error.errorString()));
    return compile(doc.object(), fileName);
}

QString JsonSchema::name() const
{
    return m_d ? m_d->name : QString();
}

QList<JsonProblem> JsonSchema::validate(const QJsonValue &value, int maxProblems) const
{
    ProblemList out;
    out.limit = maxProblems;
    validate(value, out);
    return out.kept;
}

void JsonSchema::validate(const QJsonValue &value, ProblemList &out) const
{
    validate(value, m_d->root, {}, out);
}

const JsonSchema::Node *JsonSchema::part(const QString &schemaPointer) const
{
    const Node *n = m_d->byPointer.value(schemaPointer);
    if (!n)
        throw Error(ErrorKind::Internal,
            QStringLiteral("schema %1 has no sub-schema at \"%2\"").arg(m_d->name, schemaPointer));
    while (n->ref)
        n = n->ref;
    return n;
}

void JsonSchema::validate(const JsonArena &arena, int node, const Node *part,
    const std::vector<PathStep> &base, ProblemList &out) const
{
    const ArenaAccess access{arena};
    Checker<ArenaAccess>(access, out, pathFrom(base)).check(part, node);
}

void JsonSchema::validate(
    const QJsonValue &value, const Node *part, const std::vector<PathStep> &base, ProblemList &out) const
{
    // Not the hot path (reports, summaries): a buffer of its own.
    std::vector<PathStep> path(base);
    const QJsonAccess access;
    Checker<QJsonAccess>(access, out, path).check(part, value);
}

const JsonSchema &auditBatchSchema()
{
    static const JsonSchema schema = JsonSchema::shipped(QStringLiteral("audit_batch.schema.json"));
    return schema;
}

const JsonSchema &learningReportSchema()
{
    static const JsonSchema schema = JsonSchema::shipped(QStringLiteral("learning_report.schema.json"));
    return schema;
}

} // namespace lk::rules
