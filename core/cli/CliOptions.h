#pragma once

#include "core/common/Query.h"
#include "core/storage/Database.h"
#include "core/workspace/Workspace.h"

#include <QByteArray>
#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <cstdint>

namespace lk::cli {

/// An option that takes a value: --NAME VALUE_NAME, with its help text.
QCommandLineOption valueOption(const char *name, const QString &help, const char *valueName);
QCommandLineOption valueOption(const char *name, const char *help, const char *valueName);

/// The integer value of --NAME, or `fallback` when absent; throws lk::Error(Usage) naming the
/// option when the value is not an integer in [min, max].
int intOption(const QCommandLineParser &parser, const QString &name, int fallback, int min, int max);

/// The same for an unsigned 64-bit value (seeds).
std::uint64_t uint64Option(const QCommandLineParser &parser, const QString &name, std::uint64_t fallback);

/// The same for a finite number in [min, max].
double doubleOption(
    const QCommandLineParser &parser, const QString &name, double fallback, double min, double max);

class Context;

/// The options among `options` that are set, as the parameters of a query service (see
/// core/common/Query.h): "--min-confidence 0.5" becomes {"min_confidence": "0.5"}, strings as
/// the REST API passes them, so that the service checks them as it checks every face's.
QJsonObject queryParameters(const QCommandLineParser &parser, const QStringList &options);

/// Throws what a query's refusal is on the command line: a parameter the service refused is a
/// usage error (exit 2) naming the option; anything else (an unknown run, job, rollout, ...)
/// stays an input error (exit 3).
[[noreturn]] void rethrowForCli(const QueryError &error);

/// Answers `query` (a call of a query service), its refusals as rethrowForCli() says.
template<typename Query>
auto answerQuery(Query &&query)
{
    try {
        return query();
    } catch (const QueryError &e) {
        rethrowForCli(e);
    }
}

/// The bytes of a file, or of standard input for "-"; throws lk::Error(Input) naming the file.
QByteArray readInputFile(const QString &path);

/// The only positional argument; throws lk::Error(Usage) "Give <what>" otherwise.
QString singleArgument(const Context &ctx, const QString &what);

/// An existing workspace (never created here), its log file attached, and a connection.
struct OpenedWorkspace
{
    Workspace ws;
    storage::Database db;
};
OpenedWorkspace openExistingWorkspace(const Context &ctx);

} // namespace lk::cli
