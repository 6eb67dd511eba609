#pragma once

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <QTextStream>

#include <functional>

namespace lk::cli {

/// What a command gets: its parsed options and arguments, and a way to print JSON.
class Context
{
public:
    Context(const QCommandLineParser &parser, QStringList arguments, QTextStream &out, bool pretty)
        : m_parser(parser)
        , m_arguments(std::move(arguments))
        , m_out(out)
        , m_pretty(pretty)
    { }

    const QCommandLineParser &parser() const { return m_parser; }
    /// Positional arguments after the command's name.
    const QStringList &arguments() const { return m_arguments; }
    /// The workspace folder: --workspace, else $LOOPKEEPER_WORKSPACE, else the default.
    QString workspaceRoot() const;
    bool verbose() const;
    /// Prints one JSON object on its own line (for commands that stream several).
    void print(const QJsonObject &object);

private:
    const QCommandLineParser &m_parser;
    QStringList m_arguments;
    QTextStream &m_out;
    bool m_pretty;
};

/// One CLI command, e.g. "workspace init". run() returns the final JSON object to print
/// (or an empty one if it printed its own output) and throws lk::Error on failure.
struct Command
{
    QString name;
    QString summary;
    QString argumentsSyntax; ///< e.g. "FILE", shown in help
    QList<QCommandLineOption> options;
    std::function<QJsonObject(Context &)> run;
    /// More text for `COMMAND --help`, after the options (e.g. serve's routes); empty: none.
    std::function<QString()> details;
};

/// A command from its name ("rollout start"), arguments syntax, summary, options and function.
inline Command makeCommand(const char *name, const char *syntax, const char *summary, QList<QCommandLineOption> options,
    std::function<QJsonObject(Context &)> run)
{
    Command c;
    c.name = QString::fromLatin1(name);
    c.summary = QString::fromUtf8(summary);
    c.argumentsSyntax = QString::fromLatin1(syntax);
    c.options = std::move(options);
    c.run = std::move(run);
    return c;
}

/// The commands this build knows, in the order help lists them.
QList<Command> commands();

/// Runs loopkeeper-cli with `arguments` (program name first). JSON results go to `out`;
/// failures print {"error": {"code", "exit_code", "message"}} to `err`. Returns the exit
/// code: 0 success, 1 internal, 2 usage, 3 input, 4 workspace.
int run(const QStringList &arguments, QTextStream &out, QTextStream &err);

} // namespace lk::cli
