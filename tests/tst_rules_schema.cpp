// The JSON Schema validator (each supported keyword, on a QJsonValue and on the fast reader's
// nodes alike), what it refuses to compile, the fast JSON reader itself, and the schemas built
// into the program being the very files of the repository.
#include "core/common/Error.h"
#include "core/rules/JsonArena.h"
#include "core/rules/JsonSchema.h"

#include "common/TestSupport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QtTest>

using namespace lk::rules;

namespace {

QJsonObject object(const QByteArray &json)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        qFatal("bad test JSON: %s", json.constData());
    return doc.object();
}

QJsonValue value(const QByteArray &json)
{
    // QJsonDocument reads only objects and arrays at the top: wrap, then unwrap.
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson("[" + json + "]", &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("bad test JSON: %s", json.constData());
    return doc.array().at(0);
}

QStringList texts(const QList<JsonProblem> &problems)
{
    QStringList out;
    for (const JsonProblem &p : problems)
        out << p.path + QLatin1Char('|') + p.message;
    return out;
}

QStringList viaArena(const JsonSchema &schema, const QByteArray &json)
{
    JsonArena arena;
    qsizetype pos = 0;
    const int node = arena.parse(std::string_view(json.constData(), size_t(json.size())), pos);
    ProblemList out;
    schema.validate(arena, node, schema.part(QString()), {}, out);
    return texts(out.kept);
}

} // namespace

class TestRulesSchema : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void keywords_data()
    {
        QTest::addColumn<QByteArray>("schema");
        QTest::addColumn<QByteArray>("instance");
        QTest::addColumn<QStringList>("expected");
        const auto row = [](const char *name, const char *schema, const char *instance,
                             std::initializer_list<const char *> expected) {
            QStringList problems;
            for (const char *e : expected)
                problems << QString::fromUtf8(e);
            QTest::newRow(name) << QByteArray(schema) << QByteArray(instance) << problems;
        };
        row("type ok", R"({"type": "string"})", R"("a")", {});
        row("type wrong", R"({"type": "string"})", "5", {"|must be a string, not 5"});
        row("integer is a number without fraction", R"({"type": "integer"})", "2.0", {});
        row("integer with fraction", R"({"type": "integer"})", "1.5", {"|must be an integer, not 1.5"});
        row("type list", R"({"type": ["string", "null"]})", "true", {"|must be a string or null, not true"});
        row("type list null ok", R"({"type": ["string", "null"]})", "null", {});
        row("required", R"({"type": "object", "required": ["a", "b"], "properties": {"a": {}}})", "{}",
            {"/a|is required but missing", "/b|is required but missing"});
        row("additionalProperties false", R"({"properties": {"a": {}}, "additionalProperties": false})",
            R"({"a": 1, "b": 2})", {"/b|is not a member this object may have (it may have: a)"});
        row("additionalProperties schema", R"({"additionalProperties": {"type": "number"}})", R"({"x": "s"})",
            {R"(/x|must be a number, not "s")"});
        row("enum", R"({"enum": ["a", "b"]})", R"("c")", {R"(|must be one of "a", "b", not "c")"});
        row("enum number", R"({"enum": [1, "1"]})", "1", {});
        row("enum of one", R"({"enum": ["a"]})", R"("b")", {R"(|must be "a", not "b")"});
        row("const", R"({"const": "x"})", R"("y")", {R"(|must be "x", not "y")"});
        row("const array ok", R"({"const": [1, 2]})", "[1, 2]", {});
        row("const array order", R"({"const": [1, 2]})", "[2, 1]", {"|must be [1,2], not an array"});
        row("items", R"({"items": {"type": "integer"}})", R"([1, "a", 3.5])",
            {R"(/1|must be an integer, not "a")", "/2|must be an integer, not 3.5"});
        row("minimum", R"({"minimum": 0})", "-1", {"|must be >= 0, not -1"});
        row("minimum inclusive", R"({"minimum": 0})", "0", {});
        row("maximum", R"({"maximum": 1})", "1.5", {"|must be <= 1, not 1.5"});
        row("minLength 1", R"({"minLength": 1})", R"("")", {"|must not be empty"});
        row("minLength counts code points", R"({"minLength": 3})",
            "\"\xc3\xa4"
            "b\"",
            {"|must be at least 3 characters long, not 2"});
        row("pattern", R"({"pattern": "^a+$"})", R"("ab")", {R"(|must match the pattern ^a+$, not "ab")"});
        row("pattern is unanchored", R"({"pattern": "b"})", R"("abc")", {});
        row("keywords apply to their own type", R"({"minimum": 0, "minLength": 2, "items": {}})", R"("a")",
            {"|must be at least 2 characters long, not 1"});
        row("$ref", R"({"$defs": {"n": {"type": "string"}}, "properties": {"x": {"$ref": "#/$defs/n"}}})",
            R"({"x": 1})", {"/x|must be a string, not 1"});
        row("pointer escapes", R"({"properties": {"a/b": {"type": "string"}, "c~d": {"type": "string"}}})",
            R"({"a/b": 1, "c~d": 2})", {"/a~1b|must be a string, not 1", "/c~0d|must be a string, not 2"});
        row("nested", R"({"properties": {"o": {"properties": {"p": {"type": "boolean"}}}}})",
            R"({"o": {"p": "x"}})", {R"(/o/p|must be true or false, not "x")"});
        row("type stops the rest", R"({"type": "object", "required": ["a"]})", "[]",
            {"|must be an object, not an array"});
        row("several at once", R"({"type": "object", "required": ["id"], "additionalProperties": false,
                "properties": {"id": {"type": "string"}, "n": {"type": "integer", "minimum": 1}}})",
            R"({"n": 0, "x": true})",
            {"/n|must be >= 1, not 0", "/x|is not a member this object may have (it may have: id, n)",
                "/id|is required but missing"});
    }

    void keywords()
    {
        QFETCH(QByteArray, schema);
        QFETCH(QByteArray, instance);
        QFETCH(QStringList, expected);
        const JsonSchema s = JsonSchema::compile(object(schema), QStringLiteral("test"));
        QCOMPARE(texts(s.validate(value(instance))), expected);
        // The fast reader's nodes give the very same answer.
        QCOMPARE(viaArena(s, instance), expected);
    }

    void duplicateMembersAreNamed()
    {
        // QJsonDocument keeps one of two equal names silently; the fast reader sees both.
        const JsonSchema s =
            JsonSchema::compile(object(R"({"properties": {"a": {"type": "integer"}}})"), QStringLiteral("t"));
        QCOMPARE(viaArena(s, R"({"a": 1, "a": 2})"),
            QStringList{QStringLiteral("/a|appears more than once in its object")});
    }

    void problemLimit()
    {
        const JsonSchema s =
            JsonSchema::compile(object(R"({"items": {"type": "string"}})"), QStringLiteral("t"));
        QJsonArray many;
        for (int i = 0; i < 1000; ++i)
            many.append(i);
        ProblemList out;
        out.limit = 10;
        s.validate(many, out);
        QCOMPARE(out.kept.size(), 10);
        QCOMPARE(out.total, qsizetype(1000));
        QCOMPARE(out.kept.last().path, QStringLiteral("/9"));
    }

    // No raw string literals in the tables below: moc (Qt 6.4) mis-reads some of them (with
    // backslashes or "//" inside) and then finds no test class at all.
    void unsupportedSchemas_data()
    {
        QTest::addColumn<QByteArray>("schema");
        QTest::addColumn<QString>("message");
        QTest::newRow("oneOf") << QByteArray("{\"properties\": {\"a\": {\"oneOf\": []}}}")
                               << QStringLiteral("at \"/properties/a\": keyword \"oneOf\" is not supported");
        QTest::newRow("format") << QByteArray("{\"format\": \"date-time\"}")
                                << QStringLiteral("keyword \"format\" is not supported");
        QTest::newRow("type name") << QByteArray("{\"type\": \"strnig\"}")
                                   << QStringLiteral("unknown type \"strnig\"");
        QTest::newRow("dangling ref")
            << QByteArray("{\"$ref\": \"#/$defs/nope\"}") << QStringLiteral("does not name a schema");
        QTest::newRow("remote ref") << QByteArray("{\"$ref\": \"https://example.org/s.json\"}")
                                    << QStringLiteral("only local references");
        QTest::newRow("tuple items") << QByteArray("{\"items\": [{}]}") << QStringLiteral("tuple forms");
        QTest::newRow("bad pattern") << QByteArray("{\"pattern\": \"(\"}")
                                     << QStringLiteral("pattern does not compile");
        QTest::newRow("ref with siblings") << QByteArray("{\"$defs\": {\"a\": {}}, \"properties\": {\"x\": "
                                                         "{\"$ref\": \"#/$defs/a\", \"type\": \"string\"}}}")
                                           << QStringLiteral("$ref cannot be combined with \"type\"");
        QTest::newRow("schema not object")
            << QByteArray("{\"properties\": {\"a\": 5}}") << QStringLiteral("a schema must be an object");
        QTest::newRow("minLength fraction")
            << QByteArray("{\"minLength\": 1.5}") << QStringLiteral("minLength must be an integer");
    }

    void unsupportedSchemas()
    {
        QFETCH(QByteArray, schema);
        QFETCH(QString, message);
        try {
            JsonSchema::compile(object(schema), QStringLiteral("test"));
            QFAIL("compiled");
        } catch (const lk::Error &e) {
            QCOMPARE(e.kind(), lk::ErrorKind::Internal);
            QVERIFY2(e.message().contains(message), qPrintable(e.message()));
        }
    }

    void shippedSchemasAreTheRepositoryFiles_data()
    {
        QTest::addColumn<QString>("file");
        QTest::newRow("audit batch") << QStringLiteral("audit_batch.schema.json");
        QTest::newRow("learning report") << QStringLiteral("learning_report.schema.json");
    }

    void shippedSchemasAreTheRepositoryFiles()
    {
        QFETCH(QString, file);
        QFile repo(lk::test::sourcePath(QStringLiteral("schemas/") + file));
        QVERIFY2(repo.open(QIODevice::ReadOnly), qPrintable(repo.fileName()));
        QCOMPARE(JsonSchema::shippedText(file), repo.readAll());
        QCOMPARE(JsonSchema::shipped(file).name(), file);
        // Both compile (every keyword they use is supported).
        QCOMPARE(auditBatchSchema().name(), QStringLiteral("audit_batch.schema.json"));
        QCOMPARE(learningReportSchema().name(), QStringLiteral("learning_report.schema.json"));
    }

    void missingShippedSchemaIsAnInternalError()
    {
        QVERIFY_THROWS_EXCEPTION(lk::Error, JsonSchema::shipped(QStringLiteral("nope.schema.json")));
    }

    // ---- the fast JSON reader ----

    void arenaReadsWhatQJsonDocumentReads_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::newRow("object") << QByteArray(
            "{\"a\": 1, \"b\": [true, false, null], \"c\": {\"d\": \"e\"}}");
        QTest::newRow("empty containers") << QByteArray("{\"a\": {}, \"b\": []}");
        QTest::newRow("numbers") << QByteArray(
            "[0, -0.5, 1e3, 2E-2, 12345678901234567890, -7, 1.7976931348623157e308]");
        QTest::newRow("escapes") << QByteArray(
            "[\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\", \"\\u00e9\\u4e2d\", \"\\ud83d\\ude00\"]");
        QTest::newRow("raw UTF-8") << QByteArray("[\"\xc3\xa9\xe4\xb8\xad\xf0\x9f\x98\x80\"]");
        QTest::newRow("white space") << QByteArray(" \n\t[ 1 ,\r\n 2 ] ");
        QTest::newRow("escaped key") << QByteArray("{\"a\\nb\": 1}");
    }

    void arenaReadsWhatQJsonDocumentReads()
    {
        QFETCH(QByteArray, json);
        JsonArena arena;
        qsizetype pos = 0;
        const std::string_view text(json.constData(), size_t(json.size()));
        const int node = arena.parse(text, pos);
        JsonArena::skipSpace(text, pos);
        QCOMPARE(pos, json.size());
        const QJsonDocument doc = QJsonDocument::fromJson(json);
        const QJsonValue expected = doc.isObject() ? QJsonValue(doc.object()) : QJsonValue(doc.array());
        QCOMPARE(arena.toJsonValue(node), expected);
    }

    void arenaRefusesWhatIsNotJson_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("message");
        QTest::addColumn<int>("offset");
        QTest::newRow("trailing comma in array")
            << QByteArray("[1,]") << QStringLiteral("unexpected character ']'") << 3;
        QTest::newRow("trailing comma in object")
            << QByteArray("{\"a\":1,}") << QStringLiteral("expected a member name") << 7;
        QTest::newRow("unquoted name")
            << QByteArray("{a:1}") << QStringLiteral("expected a member name") << 1;
        QTest::newRow("missing comma") << QByteArray("[1 2]") << QStringLiteral("expected ',' or ']'") << 3;
        QTest::newRow("unterminated string")
            << QByteArray("[\"abc") << QStringLiteral("unterminated string") << 5;
        QTest::newRow("bad escape") << QByteArray("[\"\\x\"]") << QStringLiteral("invalid escape \\x") << 2;
        QTest::newRow("lone surrogate")
            << QByteArray("[\"\\ud800\"]") << QStringLiteral("unpaired UTF-16 surrogate") << 2;
        QTest::newRow("invalid UTF-8")
            << QByteArray("[\"\xff\"]") << QStringLiteral("invalid UTF-8 byte 0xff") << 2;
        QTest::newRow("overlong UTF-8")
            << QByteArray("[\"\xc0\xaf\"]") << QStringLiteral("invalid UTF-8") << 2;
        QTest::newRow("raw control character")
            << QByteArray("[\"a\tb\"]") << QStringLiteral("control character") << 3;
        QTest::newRow("NaN") << QByteArray("[NaN]") << QStringLiteral("unexpected character 'N'") << 1;
        QTest::newRow("comment") << QByteArray("[1 // one\n]") << QStringLiteral("expected ',' or ']'") << 3;
        QTest::newRow("fraction without digits")
            << QByteArray("[1.]") << QStringLiteral("digits after the decimal point") << 3;
        QTest::newRow("lone minus") << QByteArray("[-]") << QStringLiteral("a number needs digits") << 2;
        QTest::newRow("huge number") << QByteArray("[1e999]") << QStringLiteral("number out of range") << 1;
        QTest::newRow("tru") << QByteArray("[tru]") << QStringLiteral("unexpected character 't'") << 1;
        QTest::newRow("truncated") << QByteArray("[") << QStringLiteral("unexpected end") << 1;
        QTest::newRow("too deep") << QByteArray(200, '[') << QStringLiteral("nesting deeper than 128") << 128;
    }

    void arenaRefusesWhatIsNotJson()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, message);
        QFETCH(int, offset);
        JsonArena arena;
        qsizetype pos = 0;
        try {
            arena.parse(std::string_view(json.constData(), size_t(json.size())), pos);
            QFAIL("parsed");
        } catch (const JsonSyntaxError &e) {
            QVERIFY2(e.message.contains(message), qPrintable(e.message));
            QCOMPARE(e.offset, qsizetype(offset));
        }
    }

    void locationCountsLinesAndColumns()
    {
        const std::string_view text("{\n  \"a\": x\n}");
        QCOMPARE(JsonArena::location(text, 9), QStringLiteral("line 2, column 8"));
        QCOMPARE(JsonArena::location(text, 0), QStringLiteral("line 1, column 1"));
    }
};

QTEST_GUILESS_MAIN(TestRulesSchema)
#include "tst_rules_schema.moc"
