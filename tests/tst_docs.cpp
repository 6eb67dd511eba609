// The documentation in the repository stays true to the code it describes: docs/cli.md is
// exactly what the command registry generates (`loopkeeper-cli --help --markdown`), every
// relative link and #anchor in README.md and docs/ leads somewhere, and the README stays a front
// page. Each check is also run on planted mistakes, so that it is known to be able to fail.
#include "common/TestSupport.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QtTest>

namespace {

const char kRegenerate[] = "Regenerate it: build/bin/loopkeeper-cli --help --markdown > docs/cli.md";

QString readText(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

Run cli(const QStringList &args)
{
    QProcess p;
    p.start(lk::test::binary(QStringLiteral("loopkeeper-cli")), args);
    Run r;
    if (!p.waitForFinished(60000)) {
        p.kill();
        p.waitForFinished();
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

/// Empty if the texts are equal, else where they part: the line number and both lines.
QString firstDifference(const QString &file, const QString &generated)
{
    if (file == generated)
        return {};
    const QStringList a = file.split(QLatin1Char('\n'));
    const QStringList b = generated.split(QLatin1Char('\n'));
    qsizetype i = 0;
    while (i < a.size() && i < b.size() && a[i] == b[i])
        ++i;
    const auto line = [](const QStringList &lines, qsizetype at) {
        return at < lines.size() ? QStringLiteral("\"%1\"").arg(lines[at]) : QStringLiteral("(end of text)");
    };
    return QStringLiteral("line %1\n  docs/cli.md: %2\n  generated:   %3")
        .arg(i + 1)
        .arg(line(a, i), line(b, i));
}

/// GitHub's anchor for a heading: lower case, punctuation dropped, spaces as '-'.
QString slug(const QString &heading)
{
    QString out;
    for (const QChar c : heading) {
        if (c.isLetterOrNumber() || c == QLatin1Char('-') || c == QLatin1Char('_'))
            out += c.toLower();
        else if (c == QLatin1Char(' '))
            out += QLatin1Char('-');
    }
    return out;
}

/// The lines of a Markdown text outside fenced code blocks.
QStringList proseLines(const QString &text)
{
    QStringList out;
    bool fenced = false;
    for (const QString &line : text.split(QLatin1Char('\n'))) {
        if (line.trimmed().startsWith(QLatin1String("```"))) {
            fenced = !fenced;
            continue;
        }
        if (!fenced)
            out << line;
    }
    return out;
}

/// The anchors a Markdown file's headings make (a repeated heading gets -1, -2, ...).
QSet<QString> anchors(const QString &text)
{
    static const QRegularExpression heading(QStringLiteral("^#{1,6}\\s+(.*?)\\s*#*\\s*$"));
    QSet<QString> out;
    QHash<QString, int> seen;
    for (const QString &line : proseLines(text)) {
        const QRegularExpressionMatch m = heading.match(line);
        if (!m.hasMatch())
            continue;
        const QString base = slug(m.captured(1));
        const int n = seen.value(base, 0);
        seen[base] = n + 1;
        out.insert(n == 0 ? base : QStringLiteral("%1-%2").arg(base).arg(n));
    }
    return out;
}

/// Every relative link or image of the Markdown files under `root` (README.md and docs/) that
/// leads nowhere: a missing file, or an #anchor that no heading of its file makes.
QStringList brokenLinks(const QString &root)
{
    QStringList files;
    if (QFileInfo::exists(QDir(root).filePath(QStringLiteral("README.md"))))
        files << QDir(root).filePath(QStringLiteral("README.md"));
    QDirIterator it(QDir(root).filePath(QStringLiteral("docs")), {QStringLiteral("*.md")}, QDir::Files,
        QDirIterator::Subdirectories);
    while (it.hasNext())
        files << it.next();
    files.sort();

    static const QRegularExpression codeSpan(QStringLiteral("`[^`]*`"));
    static const QRegularExpression link(QStringLiteral("!?\\[[^\\]]*\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)"));
    QStringList broken;
    QHash<QString, QSet<QString>> anchorsOf;
    const auto anchorsIn = [&anchorsOf](const QString &path) {
        if (!anchorsOf.contains(path))
            anchorsOf.insert(path, anchors(readText(path)));
        return anchorsOf.value(path);
    };
    for (const QString &file : std::as_const(files)) {
        const QStringList lines = proseLines(readText(file));
        for (qsizetype n = 0; n < lines.size(); ++n) {
            QString line = lines[n];
            line.remove(codeSpan);
            QRegularExpressionMatchIterator links = link.globalMatch(line);
            while (links.hasNext()) {
                const QString target = links.next().captured(1);
                if (target.contains(QLatin1String("://")) || target.startsWith(QLatin1String("mailto:")))
                    continue;
                const QString path = target.section(QLatin1Char('#'), 0, 0);
                const QString anchor = target.section(QLatin1Char('#'), 1);
                const QString resolved =
                    path.isEmpty() ? file : QDir::cleanPath(QFileInfo(file).dir().filePath(path));
                const QString where = QStringLiteral("%1 (line %2 outside code blocks): %3")
                                          .arg(QDir(root).relativeFilePath(file))
                                          .arg(n + 1)
                                          .arg(target);
                if (!QFileInfo::exists(resolved))
                    broken << where + QStringLiteral(" - no such file");
                else if (!anchor.isEmpty() && resolved.endsWith(QLatin1String(".md"))
                    && !anchorsIn(resolved).contains(anchor))
                    broken << where + QStringLiteral(" - no such heading");
            }
        }
    }
    return broken;
}

} // namespace

class TestDocs : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(QFileInfo(lk::test::binary(QStringLiteral("loopkeeper-cli"))).isExecutable(),
            "build loopkeeper-cli first");
        QVERIFY2(QFileInfo::exists(lk::test::sourcePath(QStringLiteral("docs/cli.md"))),
            "LOOPKEEPER_SOURCE_DIR must name the source tree");
    }

    void cliReferenceIsWhatTheRegistryGenerates()
    {
        const Run r = cli({QStringLiteral("--help"), QStringLiteral("--markdown")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.startsWith(QLatin1String("# loopkeeper-cli reference\n")));
        const QString difference =
            firstDifference(readText(lk::test::sourcePath(QStringLiteral("docs/cli.md"))), r.out);
        QVERIFY2(difference.isEmpty(),
            qPrintable(QStringLiteral("docs/cli.md differs from the command registry at %1\n%2")
                           .arg(difference, QLatin1String(kRegenerate))));
    }

    void aChangedReferenceIsFound()
    {
        const QString generated = cli({QStringLiteral("--help"), QStringLiteral("--markdown")}).out;
        QVERIFY(generated.count(QLatin1Char('\n')) > 100);
        QVERIFY(firstDifference(generated, generated).isEmpty());
        // A hand edit in the middle, and a command the file does not have yet.
        QString edited = generated;
        edited.replace(QLatin1String("## rollout start\n"), QLatin1String("## rollout begin\n"));
        const QString changed = firstDifference(edited, generated);
        QVERIFY2(changed.contains(QLatin1String("\"## rollout begin\"")), qPrintable(changed));
        QVERIFY(changed.contains(QLatin1String("\"## rollout start\"")));
        const QString shorter = firstDifference(generated.section(QLatin1Char('\n'), 0, 9), generated);
        QVERIFY2(shorter.contains(QLatin1String("(end of text)")), qPrintable(shorter));
    }

    void theReferenceHasEveryCommandOfTheHelp()
    {
        const QString help = cli({QStringLiteral("--help")}).out;
        const QString reference = cli({QStringLiteral("--help"), QStringLiteral("--markdown")}).out;
        // In the plain help each command is "  NAME SYNTAX" followed by its summary, indented.
        static const QRegularExpression command(QStringLiteral("^  ([a-z][a-z-]*(?: [a-z][a-z-]*)*) "),
            QRegularExpression::MultilineOption);
        int commands = 0;
        QRegularExpressionMatchIterator it = command.globalMatch(help);
        while (it.hasNext()) {
            const QString name = it.next().captured(1);
            ++commands;
            QVERIFY2(reference.contains(QStringLiteral("\n## %1\n").arg(name)), qPrintable(name));
        }
        QVERIFY(commands > 50);
    }

    void oneCommandsSectionAndMisuse()
    {
        const Run one = cli({QStringLiteral("rollout"), QStringLiteral("start"), QStringLiteral("--help"),
            QStringLiteral("--markdown")});
        QCOMPARE(one.exitCode, 0);
        QVERIFY(one.out.startsWith(QLatin1String("## rollout start\n")));
        QVERIFY(one.out.contains(QLatin1String("| `--artifact FILE` |")));
        QVERIFY(cli({QStringLiteral("--help"), QStringLiteral("--markdown")}).out.contains(one.out));

        const Run alone = cli({QStringLiteral("runs"), QStringLiteral("list"), QStringLiteral("--markdown")});
        QCOMPARE(alone.exitCode, 2);
        QVERIFY2(alone.err.contains(QLatin1String("--markdown goes with --help")), qPrintable(alone.err));
        QVERIFY(alone.out.isEmpty());
    }

    void linksInTheDocsLeadSomewhere()
    {
        const QStringList broken = brokenLinks(lk::test::sourcePath(QString()));
        QVERIFY2(broken.isEmpty(), qPrintable(broken.join(QLatin1Char('\n'))));
    }

    void brokenLinksAreFound()
    {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        QVERIFY(QDir(tmp.path()).mkpath(QStringLiteral("docs/panels")));
        QVERIFY(lk::test::writeFile(tmp.filePath(QStringLiteral("README.md")),
            "# Front\n\n[ok](docs/a.md#the-rest) [gone](docs/missing.md) [web](https://example.org/x.md)\n"
            "`[in code](docs/missing.md)`\n```\n[fenced](docs/missing.md)\n```\n"));
        QVERIFY(lk::test::writeFile(tmp.filePath(QStringLiteral("docs/a.md")),
            "# A\n\n## The rest\n\n## Samples & Models\n\n## The rest\n\n"
            "[self](#a) [amp](#samples--models) [twice](#the-rest-1) [wrong](#nowhere)\n"));
        QVERIFY(lk::test::writeFile(tmp.filePath(QStringLiteral("docs/panels/b.md")),
            "# B\n\n![picture](../images/b.png) [up](../a.md#a) [readme](../../README.md#front)\n"));
        const QStringList broken = brokenLinks(tmp.path());
        QCOMPARE(broken.size(), 3);
        QVERIFY2(broken[0].startsWith(QLatin1String("README.md (line 3 outside code blocks): docs/missing.md - no such file")),
            qPrintable(broken[0]));
        QVERIFY2(broken[1].startsWith(QLatin1String("docs/a.md")) && broken[1].endsWith(QLatin1String("#nowhere - no such heading")),
            qPrintable(broken[1]));
        QVERIFY2(broken[2].contains(QLatin1String("../images/b.png - no such file")), qPrintable(broken[2]));
    }

    void theReadmeIsAFrontPage()
    {
        const QString readme = readText(lk::test::sourcePath(QStringLiteral("README.md")));
        const qsizetype lines = readme.count(QLatin1Char('\n'));
        QVERIFY2(lines <= 300,
            qPrintable(QStringLiteral("README.md has %1 lines; it is the front page (at most 300): move the "
                                      "details into docs/ and link them.")
                           .arg(lines)));
        // The two commands CI runs (.ci/run runs the second), first thing on the page.
        const qsizetype run = readme.indexOf(QLatin1String("\nscripts/run "));
        const qsizetype test = readme.indexOf(QLatin1String("\nscripts/test "));
        QVERIFY(run > 0 && test > run && test < 400);
    }
};

QTEST_GUILESS_MAIN(TestDocs)
#include "tst_docs.moc"
