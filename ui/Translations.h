#pragma once

#include <QString>

namespace lk::ui {

/// Installs Loopkeeper's and Qt's translations for `language` (e.g. "de"); an empty
/// language follows the system locale (LANG). Returns the language now in use ("en" when
/// no translation matched, which is the source language).
QString installTranslations(const QString &language);

/// Languages with a translation built into this console, source language first.
QStringList availableLanguages();

} // namespace lk::ui
