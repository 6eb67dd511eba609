// The German translation: built in, loaded by --lang/LANG, and complete — every string the
// sources mark for translation has a finished German text in translations/loopkeeper_de.ts.
#include "common/TestSupport.h"
#include "ui/MainWindow.h"
#include "ui/Translations.h"
#include "ui/panels/Panel.h"

#include <QListWidget>
#include <QMenuBar>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QXmlStreamReader>
#include <QtTest>

namespace {

struct Message
{
    QString context;
    QString source;
    QString translation;
    bool unfinished = false;
    bool numerus = false;
    QStringList forms;
};

QVector<Message> readTs(const QString &path)
{
    QVector<Message> messages;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return messages;
    QXmlStreamReader xml(&file);
    QString context;
    Message current;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement()) {
            const auto name = xml.name();
            if (name == QLatin1String("name")) {
                context = xml.readElementText();
            } else if (name == QLatin1String("message")) {
                current = Message {};
                current.context = context;
                current.numerus = xml.attributes().value(QLatin1String("numerus")) == QLatin1String("yes");
            } else if (name == QLatin1String("source")) {
                current.source = xml.readElementText();
            } else if (name == QLatin1String("translation")) {
                const auto type = xml.attributes().value(QLatin1String("type"));
                current.unfinished = type == QLatin1String("unfinished") || type == QLatin1String("vanished")
                    || type == QLatin1String("obsolete");
                if (!current.numerus)
                    current.translation = xml.readElementText();
            } else if (name == QLatin1String("numerusform")) {
                current.forms.append(xml.readElementText());
            }
        } else if (xml.isEndElement() && xml.name() == QLatin1String("message")) {
            messages.append(current);
        }
    }
    return messages;
}

} // namespace

class TestTranslations : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("LoopkeeperTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_translations"));
    }

    void germanIsBuiltIn()
    {
        QVERIFY(lk::ui::availableLanguages().contains(QStringLiteral("de")));
        QCOMPARE(lk::ui::installTranslations(QStringLiteral("de")), QStringLiteral("de"));
        lk::ui::MainWindow w;
        QCOMPARE(w.findChild<QMenu *>(QStringLiteral("fileMenu"))->title(), QStringLiteral("&Datei"));
        QCOMPARE(w.findChild<QMenu *>(QStringLiteral("viewMenu"))->title(), QStringLiteral("&Ansicht"));
        QCOMPARE(w.findChild<QMenu *>(QStringLiteral("helpMenu"))->title(), QStringLiteral("&Hilfe"));
        auto *list = w.findChild<QListWidget *>(QStringLiteral("panelList"));
        QCOMPARE(list->item(3)->text(), QStringLiteral("Prüfwarteschlange"));
        // Core messages shown in the console are translated too.
        QVERIFY(QCoreApplication::translate("Workspace", "Cannot create the workspace folder %1.")
                    .startsWith(QStringLiteral("Der Arbeitsbereichsordner")));
        // Qt's own strings come from Debian's translations when installed.
        QCOMPARE(lk::ui::installTranslations(QStringLiteral("en")), QStringLiteral("en"));
        lk::ui::MainWindow english;
        QCOMPARE(english.findChild<QMenu *>(QStringLiteral("fileMenu"))->title(), QStringLiteral("&File"));
    }

    void langEnvironmentSelectsGerman()
    {
        // The real console, started with LANG=de_DE.UTF-8, must come up in German. It
        // prints the language it chose in its log line on stderr.
        QTemporaryDir tmp;
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("LANG"), QStringLiteral("de_DE.UTF-8"));
        env.remove(QStringLiteral("LC_ALL"));
        env.remove(QStringLiteral("LANGUAGE"));
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), tmp.filePath(QStringLiteral("config")));
        p.setProcessEnvironment(env);
        p.start(lk::test::binary(QStringLiteral("loopkeeper")),
            { QStringLiteral("--workspace"), tmp.filePath(QStringLiteral("ws")) });
        QVERIFY(p.waitForStarted(10000));
        QByteArray err;
        QTRY_VERIFY_WITH_TIMEOUT((err += p.readAllStandardError()).contains("language"), 30000);
        p.terminate();
        p.waitForFinished(10000);
        QVERIFY2(err.contains("language de"), err.constData());
    }

    void everySourceStringHasAFinishedGermanText()
    {
        const QString committed = lk::test::sourcePath(QStringLiteral("translations/loopkeeper_de.ts"));
        const QVector<Message> german = readTs(committed);
        QVERIFY2(!german.isEmpty(), qPrintable(committed));
        QSet<QString> translated;
        for (const Message &m : german) {
            const bool finished = !m.unfinished
                && (m.numerus ? !m.forms.isEmpty() && !m.forms.contains(QString())
                              : !m.translation.isEmpty());
            QVERIFY2(finished, qPrintable(m.context + QStringLiteral(": ") + m.source));
            translated.insert(m.context + QLatin1Char('\x1f') + m.source);
        }

        // Extract the strings the sources mark today, into a scratch file.
        QTemporaryDir tmp;
        const QString scratch = tmp.filePath(QStringLiteral("scratch_de.ts"));
        const QString src = lk::test::sourcePath(QString());
        QProcess lupdate;
        lupdate.start(qEnvironmentVariable("LOOPKEEPER_LUPDATE"),
            { QStringLiteral("-silent"), QStringLiteral("-locations"), QStringLiteral("none"),
                QStringLiteral("-I"), src, QDir(src).filePath(QStringLiteral("core")),
                QDir(src).filePath(QStringLiteral("ui")), QDir(src).filePath(QStringLiteral("app/gui")),
                QStringLiteral("-ts"), scratch });
        QVERIFY(lupdate.waitForFinished(120000));
        QCOMPARE(lupdate.exitCode(), 0);
        const QVector<Message> current = readTs(scratch);
        QVERIFY(current.size() >= 40);
        QStringList missing;
        for (const Message &m : current) {
            if (!translated.contains(m.context + QLatin1Char('\x1f') + m.source))
                missing.append(m.context + QStringLiteral(": ") + m.source);
        }
        QVERIFY2(missing.isEmpty(),
            qPrintable(QStringLiteral("Untranslated (run the update_translations target and "
                                      "translate):\n")
                + missing.join(QLatin1Char('\n'))));
    }
};

QTEST_MAIN(TestTranslations)
#include "tst_translations.moc"
