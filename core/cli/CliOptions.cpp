#include "core/cli/CliOptions.h"

#include "core/cli/Cli.h"
#include "core/common/Error.h"
#include "core/common/Limits.h"
#include "core/common/RequestFiles.h"
#include "core/logging/Logging.h"

#include <QFile>

#include <cmath>
#include <cstdio>

namespace lk::cli {

QCommandLineOption valueOption(const char *name, const QString &help, const char *valueName)
{
    return QCommandLineOption(QString::fromLatin1(name), help, QString::fromLatin1(valueName));
}

QCommandLineOption valueOption(const char *name, const char *help, const char *valueName)
{
    return valueOption(name, QString::fromUtf8(help), valueName);
}

int intOption(const QCommandLineParser &parser, const QString &name, int fallback, int min, int max)
{
    if (!parser.isSet(name))
        return fallback;
    bool ok = false;
    const QString text = parser.value(name);
    const qlonglong value = text.toLongLong(&ok);
    if (!ok || value < min || value > max)
        throw Error(ErrorKind::Usage,
            QStringLiteral("--%1 must be an integer from %2 to %3, not \"%4\"")
                .arg(name)
                .arg(min)
                .arg(max)
                .arg(text));
    return int(value);
}

std::uint64_t uint64Option(const QCommandLineParser &parser, const QString &name, std::uint64_t fallback)
{
    if (!parser.isSet(name))
        return fallback;
    bool ok = false;
    const QString text = parser.value(name);
    const qulonglong value = text.toULongLong(&ok);
    if (!ok)
        throw Error(ErrorKind::Usage,
            QStringLiteral("--%1 must be a non-negative integer, not \"%2\"").arg(name, text));
    return value;
}

double doubleOption(
    const QCommandLineParser &parser, const QString &name, double fallback, double min, double max)
{
    if (!parser.isSet(name))
        return fallback;
    bool ok = false;
    const QString text = parser.value(name);
    const double value = text.toDouble(&ok);
    if (!ok || !std::isfinite(value) || value < min || value > max)
        throw Error(ErrorKind::Usage,
            QStringLiteral("--%1 must be a number from %2 to %3, not \"%4\"")
                .arg(name)
                .arg(min)
                .arg(max)
                .arg(text));
    return value;
}

QJsonObject queryParameters(const QCommandLineParser &parser, const QStringList &options)
{
    QJsonObject params;
    for (const QString &option : options) {
        if (parser.isSet(option))
            params.insert(QString(option).replace(QLatin1Char('-'), QLatin1Char('_')), parser.value(option));
    }
    return params;
}

void rethrowForCli(const QueryError &e)
{
    if (e.reason() != QueryError::Reason::InvalidArgument)
        throw e;
    if (e.parameter().isEmpty())
        throw Error(ErrorKind::Usage, e.message());
    throw Error(ErrorKind::Usage,
        QStringLiteral("--%1: %2").arg(QString(e.parameter()).replace(QLatin1Char('_'), QLatin1Char('-')), e.message()));
}

QByteArray readInputFile(const QString &path)
{
    if (path == QLatin1String("-")) {
        QFile in;
        if (!in.open(stdin, QIODevice::ReadOnly))
            throw Error(ErrorKind::Input, QStringLiteral("Cannot read standard input"));
        return readBounded(in, limits::kMaxInputFileBytes, QStringLiteral("Standard input"));
    }
    // Only regular files, bounded: a device such as /dev/zero would never end, a FIFO block.
    return readRegularFile(path, limits::kMaxInputFileBytes, QStringLiteral("The file"));
}

QString singleArgument(const Context &ctx, const QString &what)
{
    if (ctx.arguments().size() != 1)
        throw Error(ErrorKind::Usage, QStringLiteral("Give %1").arg(what));
    return ctx.arguments().first();
}

OpenedWorkspace openExistingWorkspace(const Context &ctx)
{
    Workspace ws = Workspace::open(ctx.workspaceRoot(), Workspace::OpenMode::ExistingOnly);
    LogSink::instance().attachFile(ws.logsDir(), QStringLiteral("loopkeeper-cli"));
    storage::Database db = ws.connect();
    return {std::move(ws), std::move(db)};
}

} // namespace lk::cli
