#include "core/cli/Cli.h"

#include "core/common/Error.h"
#include "core/common/Versions.h"
#include "core/logging/Logging.h"
#include "core/training/VersionReport.h"
#include "core/workspace/Workspace.h"

#include <QHash>
#include <QJsonDocument>

namespace lk::cli {

QList<Command> workspaceCommands();
QList<Command> trainingCommands();
QList<Command> analysisCommands();
QList<Command> apiCommands();
QList<Command> outcomeCommands();
QList<Command> datasetCommands();
QList<Command> loopCommands();
QList<Command> rulesCommands();
QList<Command> driftCommands();
QList<Command> replayCommands();
QList<Command> demoCommands();
QList<Command> rolloutCommands();

namespace {

const QCommandLineOption kWorkspaceOption({QStringLiteral("w"), QStringLiteral("workspace")},
    QStringLiteral("Workspace folder (default: $LOOPKEEPER_WORKSPACE, else the per-user default)."),
    QStringLiteral("DIR"));
const QCommandLineOption kVerboseOption(
    QStringLiteral("verbose"), QStringLiteral("Log debug messages to stderr and the log file."));
const QCommandLineOption kPrettyOption(
    QStringLiteral("pretty"), QStringLiteral("Indent the JSON output for people."));
const QCommandLineOption kVersionOption(
    QStringLiteral("version"), QStringLiteral("Print the versions of Loopkeeper and its libraries as JSON."));
const QCommandLineOption kHelpOption(
    {QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show help for the command."));
const QCommandLineOption kMarkdownOption(QStringLiteral("markdown"),
    QStringLiteral("With --help: the help as Markdown (docs/cli.md is this for all commands)."));

QList<QCommandLineOption> globalOptions()
{
    return {kWorkspaceOption, kVerboseOption, kPrettyOption, kVersionOption, kHelpOption, kMarkdownOption};
}

QString generalHelp()
{
    QString text =
        QStringLiteral("Usage: loopkeeper-cli [--workspace DIR] [--verbose] [--pretty] COMMAND [ARGS...]\n"
                       "       loopkeeper-cli --version\n\n"
                       "Loopkeeper's headless face: every command prints JSON on stdout. Failures print\n"
                       "{\"error\": {\"code\", \"exit_code\", \"message\"}} on stderr and exit with\n"
                       "1 internal, 2 usage, 3 input, 4 workspace.\n\nCommands:\n");
    for (const Command &c : commands())
        text += QStringLiteral("  %1 %2\n      %3\n").arg(c.name, c.argumentsSyntax, c.summary);
    text += QStringLiteral(
        "\nGlobal options:\n"
        "  -w, --workspace DIR  Workspace folder (else $LOOPKEEPER_WORKSPACE, else the default)\n"
        "  --verbose            Debug logging to stderr and the workspace log\n"
        "  --pretty             Indented JSON\n"
        "  --version            Versions as JSON\n"
        "  -h, --help           Help; COMMAND --help for one command\n"
        "  --markdown           With --help: the same as Markdown (docs/cli.md)\n");
    return text;
}

// ---------------------------------------------------------------------------------------------
// The reference as Markdown (docs/cli.md), made from the registry so that it cannot drift from it
// ---------------------------------------------------------------------------------------------

/// `text` as Markdown prose: outside `code spans` a '<' would open an HTML tag and a '*' an
/// emphasis; in a table cell a '|' would end the cell, inside code spans too.
QString markdownText(const QString &text, bool tableCell)
{
    QString out;
    bool code = false;
    for (const QChar c : text) {
        if (c == QLatin1Char('`'))
            code = !code;
        if (c == QLatin1Char('|') && tableCell)
            out += QStringLiteral("\\|");
        else if (c == QLatin1Char('<') && !code)
            out += QStringLiteral("&lt;");
        else if (c == QLatin1Char('*') && !code)
            out += QStringLiteral("\\*");
        else if (c == QLatin1Char('\n'))
            out += tableCell ? QStringLiteral("<br>") : QStringLiteral("\n");
        else
            out += c;
    }
    return out;
}

/// "-w, --workspace DIR" for an option.
QString optionSyntax(const QCommandLineOption &option)
{
    QStringList names;
    for (const QString &name : option.names())
        names << (name.size() == 1 ? QStringLiteral("-") : QStringLiteral("--")) + name;
    QString syntax = names.join(QStringLiteral(", "));
    if (!option.valueName().isEmpty())
        syntax += QLatin1Char(' ') + option.valueName();
    return syntax;
}

/// A table of options, one row each (none: nothing).
QString optionTable(const QList<QCommandLineOption> &options)
{
    QString md;
    for (const QCommandLineOption &o : options) {
        if (o.flags().testFlag(QCommandLineOption::HiddenFromHelp))
            continue;
        if (md.isEmpty())
            md = QStringLiteral("| Option | Meaning |\n| --- | --- |\n");
        QString meaning = markdownText(o.description(), true);
        if (!o.defaultValues().isEmpty())
            meaning += QStringLiteral(" Default: `%1`.").arg(o.defaultValues().join(QStringLiteral(", ")));
        md += QStringLiteral("| `%1` | %2 |\n").arg(markdownText(optionSyntax(o), true), meaning);
    }
    return md;
}

/// One command's section: heading, usage, summary and options.
QString commandMarkdown(const Command &c)
{
    QString md = QStringLiteral("## %1\n\n```\nloopkeeper-cli %2\n```\n\n%3\n")
                     .arg(c.name, QStringLiteral("%1 %2").arg(c.name, c.argumentsSyntax).trimmed(),
                         markdownText(c.summary, false));
    const QString options = optionTable(c.options);
    if (!options.isEmpty())
        md += QLatin1Char('\n') + options;
    return md;
}

/// The whole reference: conventions, exit codes, global options, an index and every command.
QString referenceMarkdown()
{
    QString md = QStringLiteral(
        "# loopkeeper-cli reference\n\n"
        "<!-- Generated from the command registry (core/cli) by `loopkeeper-cli --help --markdown`; do not\n"
        "     edit. Regenerate: build/bin/loopkeeper-cli --help --markdown > docs/cli.md -->\n\n"
        "Loopkeeper's headless face, for people, scripts and AI agents. What the commands do in context:\n"
        "[training](training.md), [agent outcomes](agent-outcomes.md), [the learning loop](learning-loop.md),\n"
        "[memory rules](memory-rules.md), [the edge fleet](edge-fleet.md), [the REST API](rest.md) and\n"
        "[the MCP server](mcp.md).\n\n"
        "```\n"
        "loopkeeper-cli [global options] COMMAND [ARGUMENTS] [OPTIONS]\n"
        "loopkeeper-cli COMMAND --help\n"
        "```\n\n"
        "Every command prints JSON on stdout: one object, or one object per line for commands that\n"
        "report as they go (`--pretty` indents it). On failure it prints\n"
        "`{\"error\": {\"code\": \"...\", \"exit_code\": N, \"message\": \"...\"}}` on stderr and exits with:\n\n"
        "| Exit | `code` | Meaning |\n| --- | --- | --- |\n| 0 | | success |\n");
    const std::pair<ErrorKind, const char *> kinds[] = {
        {ErrorKind::Internal, "a bug or an unexpected failure"},
        {ErrorKind::Usage, "unknown command or option, missing or extra argument"},
        {ErrorKind::Input, "the data given was wrong"},
        {ErrorKind::Workspace, "no workspace there, a foreign or newer database, or an unwritable folder"},
    };
    for (const auto &[kind, meaning] : kinds)
        md += QStringLiteral("| %1 | `%2` | %3 |\n")
                  .arg(int(kind))
                  .arg(errorKindName(kind), QString::fromLatin1(meaning));
    md += QStringLiteral("\n## Global options\n\nThey go before or after the command. Without `--verbose` "
                         "stderr carries only the JSON error.\n\n");
    md += optionTable(globalOptions());
    // The index: the commands by their first word, in the order help lists them.
    md += QStringLiteral("\n## Commands\n\n| Group | Commands |\n| --- | --- |\n");
    const QList<Command> all = commands();
    QStringList groups;
    QHash<QString, QStringList> links;
    for (const Command &c : all) {
        const QString group = c.name.section(QLatin1Char(' '), 0, 0);
        if (!links.contains(group))
            groups << group;
        QString anchor = c.name;
        anchor.replace(QLatin1Char(' '), QLatin1Char('-'));
        const QString rest = c.name.section(QLatin1Char(' '), 1);
        links[group] << QStringLiteral("[%1](#%2)").arg(rest.isEmpty() ? c.name : rest, anchor);
    }
    for (const QString &group : std::as_const(groups))
        md += QStringLiteral("| `%1` | %2 |\n").arg(group, links.value(group).join(QStringLiteral(" · ")));
    for (const Command &c : all)
        md += QLatin1Char('\n') + commandMarkdown(c);
    return md;
}

/// Names of the options that take a value, so the pre-scan can skip their values.
bool takesValue(const QString &token, const QList<QCommandLineOption> &options)
{
    QString name = token;
    while (name.startsWith(QLatin1Char('-')))
        name.remove(0, 1);
    if (name.contains(QLatin1Char('=')))
        return false;
    for (const QCommandLineOption &o : options) {
        if (o.names().contains(name))
            return !o.valueName().isEmpty();
    }
    return false;
}

/// Finds the command named by the leading positional words (longest match wins).
const Command *findCommand(const QList<Command> &all, const QStringList &words, int *used)
{
    const Command *best = nullptr;
    for (const Command &c : all) {
        const QStringList parts = c.name.split(QLatin1Char(' '));
        if (parts.size() <= words.size() && words.mid(0, parts.size()) == parts
            && (!best || parts.size() > best->name.count(QLatin1Char(' ')) + 1)) {
            best = &c;
            *used = int(parts.size());
        }
    }
    return best;
}

void printJson(QTextStream &stream, const QJsonObject &object, bool pretty)
{
    stream << QString::fromUtf8(
        QJsonDocument(object).toJson(pretty ? QJsonDocument::Indented : QJsonDocument::Compact));
    if (!pretty)
        stream << '\n';
    stream.flush();
}

int fail(QTextStream &err, ErrorKind kind, const QString &message)
{
    printJson(err,
        QJsonObject{{QStringLiteral("error"),
            QJsonObject{{QStringLiteral("code"), errorKindName(kind)},
                {QStringLiteral("exit_code"), int(kind)}, {QStringLiteral("message"), message}}}},
        false);
    return int(kind);
}

} // namespace

QString Context::workspaceRoot() const
{
    return Workspace::resolveRoot(m_parser.value(kWorkspaceOption));
}

bool Context::verbose() const
{
    return m_parser.isSet(kVerboseOption);
}

void Context::print(const QJsonObject &object)
{
    printJson(m_out, object, m_pretty);
}

QList<Command> commands()
{
    QList<Command> all;
    Command version;
    version.name = QStringLiteral("version");
    version.summary = QStringLiteral("Print the versions of Loopkeeper, Qt, LibTorch (with a "
                                     "tensor check), SQLite and the BLAS in use.");
    version.run = [](Context &) { return versionReport(); };
    all.append(version);
    all.append(workspaceCommands());
    all.append(trainingCommands());
    all.append(analysisCommands());
    all.append(apiCommands());
    all.append(outcomeCommands());
    all.append(datasetCommands());
    all.append(loopCommands());
    all.append(rulesCommands());
    all.append(driftCommands());
    all.append(replayCommands());
    all.append(demoCommands());
    all.append(rolloutCommands());
    return all;
}

int run(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    const QList<Command> all = commands();

    // Pre-scan: which command is it? Its options join the global ones before parsing.
    QStringList words;
    bool wantsVerbose = false;
    const QList<QCommandLineOption> globals = globalOptions();
    for (int i = 1; i < arguments.size(); ++i) {
        const QString &a = arguments.at(i);
        if (a == QLatin1String("--verbose"))
            wantsVerbose = true;
        if (a.startsWith(QLatin1Char('-'))) {
            if (takesValue(a, globals))
                ++i;
            continue;
        }
        words.append(a);
    }
    LogSink::install(wantsVerbose ? TerminalLog::Verbose : TerminalLog::Off, wantsVerbose);

    int used = 0;
    const Command *command = findCommand(all, words, &used);

    QCommandLineParser parser;
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    parser.addOptions(globals);
    if (command)
        parser.addOptions(command->options);
    if (!parser.parse(arguments))
        return fail(err, ErrorKind::Usage,
            parser.errorText() + QStringLiteral(". Run loopkeeper-cli --help for usage."));

    const bool pretty = parser.isSet(kPrettyOption);
    if (parser.isSet(kVersionOption) && words.isEmpty()) {
        try {
            printJson(out, versionReport(), pretty);
            return 0;
        } catch (const std::exception &e) {
            return fail(err, ErrorKind::Internal, QString::fromUtf8(e.what()));
        }
    }
    if (words.isEmpty() && !parser.isSet(kHelpOption))
        return fail(err, ErrorKind::Usage,
            QStringLiteral("No command given. Run loopkeeper-cli --help for the list."));
    if (parser.isSet(kMarkdownOption) && !parser.isSet(kHelpOption))
        return fail(err, ErrorKind::Usage, QStringLiteral("--markdown goes with --help."));
    if (parser.isSet(kHelpOption) && parser.isSet(kMarkdownOption)) {
        out << (command ? commandMarkdown(*command) : referenceMarkdown());
        out.flush();
        return 0;
    }
    if (parser.isSet(kHelpOption)) {
        if (command) {
            out << QStringLiteral("Usage: loopkeeper-cli [global options] %1 %2\n\n%3\n")
                       .arg(command->name, command->argumentsSyntax, command->summary);
            if (!command->options.isEmpty()) {
                QCommandLineParser only;
                only.addOptions(command->options);
                const QString help = only.helpText();
                const qsizetype at = help.indexOf(QLatin1String("Options:"));
                out << '\n' << (at >= 0 ? help.mid(at) : help);
            }
            if (command->details)
                out << '\n' << command->details();
            out.flush();
            return 0;
        }
        out << generalHelp();
        out.flush();
        return 0;
    }
    if (!command)
        return fail(err, ErrorKind::Usage,
            QStringLiteral("Unknown command \"%1\". Run loopkeeper-cli --help for the list.")
                .arg(words.join(QLatin1Char(' '))));

    QStringList positional = parser.positionalArguments();
    positional = positional.mid(used);
    if (command->argumentsSyntax.isEmpty() && !positional.isEmpty())
        return fail(err, ErrorKind::Usage,
            QStringLiteral("\"%1\" takes no arguments, but got: %2")
                .arg(command->name, positional.join(QLatin1Char(' '))));

    Context ctx(parser, positional, out, pretty);
    try {
        const QJsonObject result = command->run(ctx);
        if (!result.isEmpty())
            ctx.print(result);
        return 0;
    } catch (const Error &e) {
        return fail(err, e.kind(), e.message());
    } catch (const std::exception &e) {
        return fail(err, ErrorKind::Internal, QString::fromUtf8(e.what()));
    }
}

} // namespace lk::cli
