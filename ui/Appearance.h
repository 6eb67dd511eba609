#pragma once

#include <QString>

namespace lk::ui {

/// The console's colour scheme: follow the desktop, or force light or dark.
enum class ColorScheme { System, Light, Dark };

/// Stable names for settings and the command line: "system", "light", "dark".
QString colorSchemeName(ColorScheme scheme);
/// Parses a name; unknown names give System.
ColorScheme colorSchemeFromName(const QString &name);

/// Applies a scheme to the running QApplication. The first call remembers the desktop's
/// own style and palette so that System can restore them later.
void applyColorScheme(ColorScheme scheme);

} // namespace lk::ui
