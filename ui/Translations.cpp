#include "ui/Translations.h"

#include "core/logging/Logging.h"

#include <QCoreApplication>
#include <QDirIterator>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace lk::ui {

namespace {
// The translators live as long as the application; reinstalling replaces them.
QTranslator *s_loopkeeper = nullptr;
QTranslator *s_qt = nullptr;

void removeInstalled()
{
    for (QTranslator **t : { &s_loopkeeper, &s_qt }) {
        if (*t) {
            QCoreApplication::removeTranslator(*t);
            delete *t;
            *t = nullptr;
        }
    }
}
} // namespace

QStringList availableLanguages()
{
    QStringList languages { QStringLiteral("en") };
    QDirIterator it(QStringLiteral(":/i18n"), { QStringLiteral("loopkeeper_*.qm") });
    while (it.hasNext()) {
        it.next();
        QString name = it.fileName();
        name.remove(QStringLiteral("loopkeeper_"));
        name.remove(QStringLiteral(".qm"));
        languages.append(name);
    }
    return languages;
}

QString installTranslations(const QString &language)
{
    removeInstalled();
    const QLocale locale = language.isEmpty() ? QLocale::system() : QLocale(language);

    auto *ours = new QTranslator(QCoreApplication::instance());
    if (!ours->load(locale, QStringLiteral("loopkeeper"), QStringLiteral("_"), QStringLiteral(":/i18n"))) {
        delete ours;
        if (!language.isEmpty() && language != QLatin1String("en"))
            qCWarning(lcUi).noquote() << "no translation for language" << language
                                      << "- available:" << availableLanguages().join(QStringLiteral(", "));
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        return QStringLiteral("en");
    }
    QCoreApplication::installTranslator(ours);
    s_loopkeeper = ours;

    // Qt's own strings (standard buttons, file dialogs), from Debian's qt6-translations-l10n.
    auto *qt = new QTranslator(QCoreApplication::instance());
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
            QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        QCoreApplication::installTranslator(qt);
        s_qt = qt;
    } else {
        delete qt;
    }
    QLocale::setDefault(locale);
    const QString used = ours->language().section(QLatin1Char('_'), 0, 0);
    return used.isEmpty() ? locale.name().section(QLatin1Char('_'), 0, 0) : used;
}

} // namespace lk::ui
