// loopkeeper: the desktop console.
#include "core/common/Versions.h"
#include "core/logging/Logging.h"
#include "core/training/TorchPlugin.h"
#include "core/workspace/Workspace.h"
#include "ui/MainWindow.h"
#include "ui/PanelScreenshots.h"
#include "ui/Translations.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QRegularExpression>
#include <QSettings>
#include <QTemporaryDir>

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
    const QCommandLineOption screenshotsOption(QStringLiteral("screenshots"),
        QStringLiteral("Save a picture of each panel to DIR/<panel>.png once it shows data, then quit "
                       "(exit code 1 if a panel shows none in time). Uses first-start settings and "
                       "keeps none; English unless --lang is given. Used by scripts/docs-images."),
        QStringLiteral("DIR"));
    const QCommandLineOption screenshotSizeOption(QStringLiteral("screenshot-size"),
        QStringLiteral("Window size for --screenshots (default: 1340x720)."), QStringLiteral("WxH"),
        QStringLiteral("1340x720"));
    const QCommandLineOption screenshotDeadlineOption(QStringLiteral("screenshot-deadline"),
        QStringLiteral("Seconds each panel has to show data for --screenshots (default: 60)."),
        QStringLiteral("SECONDS"), QStringLiteral("60"));
    parser.addOptions({ workspaceOption, verboseOption, langOption, screenshotsOption, screenshotSizeOption,
        screenshotDeadlineOption });
    parser.process(app);

    const QString screenshots = parser.value(screenshotsOption);
    QSize screenshotSize;
    int screenshotDeadline = 0;
    // Pictures are made with first-start settings, and the user's settings are left alone.
    QTemporaryDir settingsDir;
    if (!screenshots.isEmpty()) {
        const QRegularExpressionMatch size =
            QRegularExpression(QStringLiteral("^(\\d{3,5})x(\\d{3,5})$")).match(parser.value(screenshotSizeOption));
        if (size.hasMatch())
            screenshotSize = QSize(size.captured(1).toInt(), size.captured(2).toInt());
        bool ok = false;
        screenshotDeadline = parser.value(screenshotDeadlineOption).toInt(&ok);
        if (!screenshotSize.isValid() || !ok || screenshotDeadline < 1) {
            std::fprintf(stderr, "loopkeeper: --screenshot-size needs WxH (e.g. 1340x720) and "
                                 "--screenshot-deadline a number of seconds\n");
            return 2;
        }
        if (!settingsDir.isValid()) {
            std::fprintf(stderr, "loopkeeper: no temporary folder for the settings of --screenshots\n");
            return 2;
        }
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, settingsDir.path());
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settingsDir.path());
    }

    const bool verbose = parser.isSet(verboseOption);
    lk::LogSink::install(verbose ? lk::TerminalLog::Verbose : lk::TerminalLog::Info, verbose);
    if (!screenshots.isEmpty() && QGuiApplication::platformName() == QLatin1String("offscreen")) {
        // The offscreen platform warns about every window it cannot give size hints to; in the
        // pictures that noise would show as the status bar's warning counter.
        static const QtMessageHandler logSink = qInstallMessageHandler(nullptr);
        qInstallMessageHandler([](QtMsgType type, const QMessageLogContext &context, const QString &message) {
            if (!message.startsWith(QLatin1String("This plugin does not support")))
                logSink(type, context, message);
        });
    }
    const QString language = lk::ui::installTranslations(
        screenshots.isEmpty() || parser.isSet(langOption) ? parser.value(langOption) : QStringLiteral("en"));
    qCInfo(lcApp).noquote() << "Loopkeeper" << lk::loopkeeperVersion() << "language" << language;
    // The console trains and predicts: LibTorch (its plugin) loads on a pool thread from now on,
    // so that a first use on the UI thread (About, a panel) does not wait for it.
    lk::training::preloadTorchPlugin();

    lk::ui::MainWindow window;
    if (!screenshots.isEmpty())
        window.resize(screenshotSize);
    window.show();
    // An explicit --workspace or $LOOPKEEPER_WORKSPACE wins over the remembered one.
    window.openWorkspace(
        lk::Workspace::resolveRoot(parser.value(workspaceOption), lk::ui::MainWindow::rememberedWorkspace()));
    if (!screenshots.isEmpty()) {
        auto *shots = new lk::ui::PanelScreenshots(&window, screenshots, screenshotDeadline * 1000, &app);
        QObject::connect(shots, &lk::ui::PanelScreenshots::finished, &app, &QCoreApplication::exit);
        shots->start();
    }
    return app.exec();
}
