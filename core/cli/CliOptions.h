#pragma once

#include "core/storage/Database.h"
#include "core/workspace/Workspace.h"

#include <QByteArray>
#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QString>

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
