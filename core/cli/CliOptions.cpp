#include "core/cli/CliOptions.h"

#include "core/common/Error.h"

#include <cmath>

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

} // namespace lk::cli
