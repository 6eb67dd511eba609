// CLI commands of drift detection: `drift compare` judges whether two samples of numbers (model
// confidences, say) come from the same distribution. It needs no workspace.
#include "core/cli/Cli.h"
#include "core/cli/CliOptions.h"
#include "core/common/Error.h"
#include "core/drift/Statistics.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cctype>
#include <cmath>
#include <numeric>
#include <vector>

namespace lk::cli {

namespace {

using namespace lk::drift;

/// Line (from 1) on which element `index` (from 0) of the top-level JSON array in `bytes` starts.
int lineOfElement(const QByteArray &bytes, qsizetype index)
{
    int line = 1;
    int depth = 0;
    qsizetype element = 0;
    bool inString = false;
    bool escaped = false;
    bool seekingStart = false; // after "[" or a top-level ",": the next visible character starts an element
    for (const char ch : bytes) {
        if (ch == '\n')
            ++line;
        if (inString) {
            if (escaped)
                escaped = false;
            else if (ch == '\\')
                escaped = true;
            else if (ch == '"')
                inString = false;
            continue;
        }
        const bool separator = depth == 1 && ch == ',';
        if (seekingStart && !std::isspace(static_cast<unsigned char>(ch)) && !separator) {
            if (element == index)
                return line;
            seekingStart = false;
        }
        if (ch == '"') {
            inString = true;
        } else if (ch == '[' || ch == '{') {
            if (++depth == 1)
                seekingStart = true;
        } else if (ch == ']' || ch == '}') {
            --depth;
        } else if (separator) {
            ++element;
            seekingStart = true;
        }
    }
    return line;
}

/// The numbers of a JSON array file; errors name the file and the line.
std::vector<double> numbersFromJson(const QString &path, const QByteArray &bytes)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        const int line = int(bytes.left(parseError.offset).count('\n')) + 1;
        throw Error(ErrorKind::Input,
            QStringLiteral("%1, line %2: not a valid JSON array of numbers (%3).")
                .arg(path)
                .arg(line)
                .arg(parseError.errorString()));
    }
    if (!doc.isArray())
        throw Error(ErrorKind::Input, QStringLiteral("%1: expected a JSON array of numbers.").arg(path));
    const QJsonArray array = doc.array();
    std::vector<double> values;
    values.reserve(std::size_t(array.size()));
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QJsonValue v = array.at(i);
        if (!v.isDouble())
            throw Error(ErrorKind::Input,
                QStringLiteral("%1, line %2: element %3 of the array is not a number.")
                    .arg(path)
                    .arg(lineOfElement(bytes, i))
                    .arg(i + 1));
        values.push_back(v.toDouble());
    }
    return values;
}

/// The numbers of a file with one number a line; blank lines and "#" comments are skipped.
std::vector<double> numbersFromLines(const QString &path, const QByteArray &bytes)
{
    std::vector<double> values;
    int lineNumber = 0;
    for (const QByteArray &raw : bytes.split('\n')) {
        ++lineNumber;
        QByteArray line = raw;
        const qsizetype hash = line.indexOf('#');
        if (hash >= 0)
            line.truncate(hash);
        line = line.trimmed();
        if (line.isEmpty())
            continue;
        bool ok = false;
        const double x = line.toDouble(&ok);
        if (!ok)
            throw Error(ErrorKind::Input,
                QStringLiteral("%1, line %2: \"%3\" is not a number.")
                    .arg(path)
                    .arg(lineNumber)
                    .arg(QString::fromUtf8(line.left(80))));
        if (!std::isfinite(x))
            throw Error(ErrorKind::Input,
                QStringLiteral("%1, line %2: %3 is not a finite number.")
                    .arg(path)
                    .arg(lineNumber)
                    .arg(QString::fromUtf8(line)));
        values.push_back(x);
    }
    return values;
}

/// The sample in `path`: a JSON array of numbers, or numbers one a line.
std::vector<double> readSample(const QString &path)
{
    const QByteArray bytes = readInputFile(path);
    const std::vector<double> values =
        bytes.trimmed().startsWith('[') ? numbersFromJson(path, bytes) : numbersFromLines(path, bytes);
    if (values.size() < 2)
        throw Error(ErrorKind::Input,
            QStringLiteral("%1 holds %2 number%3; a sample needs at least 2.")
                .arg(path)
                .arg(qulonglong(values.size()))
                .arg(values.size() == 1 ? QString() : QStringLiteral("s")));
    return values;
}

QJsonObject describe(const QString &path, const std::vector<double> &values)
{
    const double mean = std::accumulate(values.begin(), values.end(), 0.0) / double(values.size());
    return QJsonObject{{QStringLiteral("file"), path}, {QStringLiteral("count"), qint64(values.size())},
        {QStringLiteral("mean"), mean}};
}

QString requiredFile(const QCommandLineParser &p, const char *name)
{
    const QString option = QString::fromLatin1(name);
    if (!p.isSet(option) || p.value(option).isEmpty())
        throw Error(ErrorKind::Usage,
            QStringLiteral("drift compare needs --reference FILE and --current FILE (missing --%1).")
                .arg(option));
    return p.value(option);
}

QJsonObject compare(Context &ctx)
{
    const QCommandLineParser &p = ctx.parser();
    if (!ctx.arguments().isEmpty())
        throw Error(ErrorKind::Usage,
            QStringLiteral(
                "\"drift compare\" takes no arguments, but got: %1 (give the files with --reference "
                "and --current).")
                .arg(ctx.arguments().join(QLatin1Char(' '))));
    const QString referencePath = requiredFile(p, "reference");
    const QString currentPath = requiredFile(p, "current");
    if (referencePath == QLatin1String("-") && currentPath == QLatin1String("-"))
        throw Error(
            ErrorKind::Usage, QStringLiteral("Only one of --reference and --current can read stdin (-)."));
    const int bins = intOption(p, QStringLiteral("bins"), 10, 2, 1000);
    const double alpha = doubleOption(p, QStringLiteral("alpha"), 0.01, 1e-12, 0.5);

    const std::vector<double> reference = readSample(referencePath);
    const std::vector<double> current = readSample(currentPath);

    const PsiResult stability = psi(reference, current, bins);
    const KsResult ks = ksTwoSample(reference, current);
    const MannWhitneyResult mw = mannWhitneyU(current, reference);
    const QString band = psiBand(stability.psi);
    QJsonArray edges;
    for (double e : stability.edges)
        edges.append(e);
    return QJsonObject{{QStringLiteral("psi"), stability.psi}, {QStringLiteral("psi_band"), band},
        {QStringLiteral("psi_bins"), qint64(stability.referenceShare.size())},
        {QStringLiteral("psi_edges"), edges},
        {QStringLiteral("ks"),
            QJsonObject{{QStringLiteral("statistic"), ks.statistic}, {QStringLiteral("p_value"), ks.pValue}}},
        {QStringLiteral("mann_whitney"),
            QJsonObject{{QStringLiteral("u"), mw.u}, {QStringLiteral("z"), mw.z},
                {QStringLiteral("p_value"), mw.pValue}, {QStringLiteral("effect"), mw.effect}}},
        {QStringLiteral("alpha"), alpha},
        {QStringLiteral("verdicts"),
            QJsonObject{{QStringLiteral("psi"), band},
                {QStringLiteral("ks"),
                    ks.pValue < alpha ? QStringLiteral("different") : QStringLiteral("same")}}},
        {QStringLiteral("reference"), describe(referencePath, reference)},
        {QStringLiteral("current"), describe(currentPath, current)}};
}

} // namespace

QList<Command> driftCommands()
{
    Command c;
    c.name = QStringLiteral("drift compare");
    c.argumentsSyntax = QStringLiteral("--reference FILE --current FILE [--bins N] [--alpha X]");
    c.summary = QStringLiteral(
        "Compare two samples of numbers (one a line, # comments allowed, or a JSON array; - reads stdin): "
        "PSI over quantile bins of the reference with its band, two-sample Kolmogorov-Smirnov, Mann-Whitney "
        "U "
        "(current against reference), and the verdicts. Needs no workspace.");
    c.options = {
        valueOption("reference", "The reference sample (e.g. last month's confidences).", "FILE"),
        valueOption("current", "The sample to judge against it.", "FILE"),
        valueOption("bins", "PSI bins: quantiles of the reference, 2 to 1000 (default 10).", "N"),
        valueOption("alpha", "KS level for the \"different\" verdict (default 0.01).", "X"),
    };
    c.run = compare;
    return {c};
}

} // namespace lk::cli
