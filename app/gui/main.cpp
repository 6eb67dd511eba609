// loopkeeper: the desktop console.
#include "core/common/Versions.h"
#include "core/logging/Logging.h"
#include "core/workspace/Workspace.h"
#include "ui/MainWindow.h"
#include "ui/Translations.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>

#include <cstdio>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    lk::applyApplicationIdentity();
    QApplication::setApplicationDisplayName(QStringLiteral("Loopkeeper"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/loopkeeper.svg")));
    QApplication::setDesktopFileName(QStringLiteral("org.loopkeeper.Loopkeeper"));

    // Options are parsed before translations load, so their help is in English.
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Loopkeeper operator console"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption workspaceOption({ QStringLiteral("w"), QStringLiteral("workspace") },
        QStringLiteral("Open the workspace in DIR (created if missing). Default: the last one, "
                       "$LOOPKEEPER_WORKSPACE, or the per-user default."),
        QStringLiteral("DIR"));
    const QCommandLineOption verboseOption(
        QStringLiteral("verbose"), QStringLiteral("Log debug messages to the terminal and the log file."));
    const QCommandLineOption langOption(QStringLiteral("lang"),
        QStringLiteral("User interface language, e.g. de or en "
                       "(default: from LANG)."),
        QStringLiteral("LANG"));
    parser.addOptions({ workspaceOption, verboseOption, langOption });
    parser.process(app);

    const bool verbose = parser.isSet(verboseOption);
    lk::LogSink::install(verbose ? lk::TerminalLog::Verbose : lk::TerminalLog::Info, verbose);
    const QString language = lk::ui::installTranslations(parser.value(langOption));
    qCInfo(lcApp).noquote() << "Loopkeeper" << lk::loopkeeperVersion() << "language" << language;

    lk::ui::MainWindow window;
    window.show();
    // An explicit --workspace or $LOOPKEEPER_WORKSPACE wins over the remembered one.
    window.openWorkspace(
        lk::Workspace::resolveRoot(parser.value(workspaceOption), lk::ui::MainWindow::rememberedWorkspace()));
    return app.exec();
}
