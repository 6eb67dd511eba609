// The console's main window, offscreen: six panels with honest empty states, keyboard
// navigation, workspace opening off the UI thread, settings that persist, accessibility.
#include "common/TestSupport.h"
#include "core/logging/Logging.h"
#include "core/workspace/WorkspaceSession.h"
#include "ui/AboutDialog.h"
#include "ui/MainWindow.h"
#include "ui/panels/Panel.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAction>
#include <QApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPlainTextEdit>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using lk::WorkspaceSession;
using lk::ui::MainWindow;

class TestMainWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("LoopkeeperTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_mainwindow"));
        QSettings().clear();
        QVERIFY(m_tmp.isValid());
        qunsetenv("LOOPKEEPER_WORKSPACE");
        // The console's own message handler, as the real program installs it.
        lk::LogSink::install(lk::TerminalLog::Off, false);
    }

    void hasTheSixPanelsWithEmptyStates()
    {
        MainWindow w;
        const QStringList expected = {QStringLiteral("trainingPanel"), QStringLiteral("driftPanel"),
            QStringLiteral("rolloutPanel"), QStringLiteral("reviewQueuePanel"), QStringLiteral("agentsPanel"),
            QStringLiteral("samplesModelsPanel")};
        QCOMPARE(w.panels().size(), expected.size());
        auto *list = w.findChild<QListWidget *>(QStringLiteral("panelList"));
        QVERIFY(list);
        QCOMPARE(list->count(), expected.size());
        for (int i = 0; i < expected.size(); ++i) {
            lk::ui::Panel *panel = w.panels().at(i);
            QCOMPARE(panel->objectName(), expected.at(i));
            QCOMPARE(list->item(i)->text(), panel->title());
            QCOMPARE(panel->accessibleName(), panel->title());
            auto *heading = panel->findChild<QLabel *>(expected.at(i) + QStringLiteral("EmptyHeading"));
            QVERIFY(heading);
            QVERIFY(!heading->text().isEmpty());
            auto *how = panel->findChild<QLabel *>(expected.at(i) + QStringLiteral("EmptyHow"));
            QVERIFY(how && !how->text().isEmpty());
        }
        QCOMPARE(list->item(5)->text(), QStringLiteral("Samples & Models"));
    }

    void keyboardSwitchesPanels()
    {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        auto *stack = w.findChild<QStackedWidget *>(QStringLiteral("panelStack"));
        for (int i = 0; i < 6; ++i) {
            QTest::keyClick(&w, Qt::Key(Qt::Key_1 + i), Qt::ControlModifier);
            QCOMPARE(stack->currentIndex(), i);
            QCOMPARE(w.currentPanel(), i);
        }
        auto *list = w.findChild<QListWidget *>(QStringLiteral("panelList"));
        list->setFocus();
        QTest::keyClick(list, Qt::Key_Up);
        QCOMPARE(stack->currentIndex(), 4);
    }

    void opensWorkspaceOffTheUiThreadAndRemembersIt()
    {
        const QString root = m_tmp.filePath(QStringLiteral("ws"));
        {
            MainWindow w;
            w.show();
            QSignalSpy opened(w.session(), &WorkspaceSession::opened);
            w.openWorkspace(root);
            QCOMPARE(w.session()->state(), WorkspaceSession::State::Opening);
            auto *engine = w.findChild<QLabel *>(QStringLiteral("engineStateLabel"));
            QCOMPARE(engine->text(), QStringLiteral("Opening workspace…"));
            QVERIFY(opened.wait(15000));
            QCOMPARE(engine->text(), QStringLiteral("Ready"));
            auto *label = w.findChild<QLabel *>(QStringLiteral("workspaceLabel"));
            QVERIFY2(label->text().contains(root), qPrintable(label->text()));
            QVERIFY(w.windowTitle().contains(root));
            QVERIFY(QFileInfo(QDir(root).filePath(QStringLiteral("loopkeeper.db"))).isFile());
            auto *note = w.findChild<QLabel *>(QStringLiteral("samplesModelsPanelWorkspaceNote"));
            QVERIFY(note->text().contains(QDir(root).filePath(QStringLiteral("inbox"))));
            QTest::keyClick(&w, Qt::Key_3, Qt::ControlModifier);
            w.resize(1000, 700);
            w.close();
        }
        QCOMPARE(MainWindow::rememberedWorkspace(), root);
        MainWindow again;
        QCOMPARE(again.currentPanel(), 2);
        auto *recent = again.findChild<QAction *>(QStringLiteral("recentWorkspaceAction0"));
        QVERIFY(recent);
        QVERIFY(recent->text().contains(root));
    }

    void refusedWorkspaceShowsErrorAndStaysUntouched()
    {
        const QString root = m_tmp.filePath(QStringLiteral("bad"));
        QVERIFY(QDir().mkpath(root));
        const QString db = QDir(root).filePath(QStringLiteral("loopkeeper.db"));
        QVERIFY(lk::test::writeFile(db, "id;name\n1;not a database\n"));
        const QByteArray before = lk::test::fileSha256(db);

        MainWindow w;
        w.show();
        QSignalSpy failed(w.session(), &WorkspaceSession::openFailed);
        w.openWorkspace(root);
        QVERIFY(failed.wait(15000));
        QMessageBox *box = nullptr;
        QTRY_VERIFY((box = w.findChild<QMessageBox *>(QStringLiteral("workspaceErrorDialog"))));
        QVERIFY(box->informativeText().contains(QStringLiteral("not an SQLite file")));
        QVERIFY(box->isVisible());
        QCOMPARE(w.session()->state(), WorkspaceSession::State::Failed);
        box->accept();
        QCOMPARE(lk::test::fileSha256(db), before);
    }

    void paletteSwitchesAndPersists()
    {
        {
            MainWindow w;
            w.findChild<QAction *>(QStringLiteral("darkPaletteAction"))->trigger();
            QVERIFY(QApplication::palette().color(QPalette::Window).lightness() < 80);
            w.findChild<QAction *>(QStringLiteral("lightPaletteAction"))->trigger();
            QVERIFY(QApplication::palette().color(QPalette::Window).lightness() > 180);
            w.findChild<QAction *>(QStringLiteral("darkPaletteAction"))->trigger();
        }
        QCOMPARE(QSettings().value(QStringLiteral("appearance/palette")).toString(), QStringLiteral("dark"));
        MainWindow again;
        QVERIFY(again.findChild<QAction *>(QStringLiteral("darkPaletteAction"))->isChecked());
        QVERIFY(QApplication::palette().color(QPalette::Window).lightness() < 80);
        again.findChild<QAction *>(QStringLiteral("systemPaletteAction"))->trigger();
    }

    void interactiveWidgetsAreNamedForScreenReaders()
    {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        const auto widgets = w.findChildren<QWidget *>();
        int interactive = 0;
        for (QWidget *widget : widgets) {
            const bool isInteractive =
                qobject_cast<QAbstractButton *>(widget) || qobject_cast<QAbstractItemView *>(widget);
            if (!isInteractive || widget->parent() == nullptr)
                continue;
            // Item views' own scroll-bar buttons and the like are Qt's internals.
            if (widget->objectName().startsWith(QLatin1String("qt_")))
                continue;
            // A combo box's popup list is Qt's own; the combo box itself carries the names.
            if (widget->parentWidget()
                && QByteArray(widget->parentWidget()->metaObject()->className())
                       .startsWith("QComboBoxPrivate"))
                continue;
            ++interactive;
            QVERIFY2(!widget->objectName().isEmpty(), widget->metaObject()->className());
            QVERIFY2(!widget->accessibleName().isEmpty(), qPrintable(widget->objectName()));
        }
        QVERIFY(interactive >= 2);
        // Every menu reachable from the menu bar, and every action in it.
        QList<QMenu *> menus;
        for (QAction *top : w.menuBar()->actions())
            if (top->menu())
                menus.append(top->menu());
        for (int i = 0; i < menus.size(); ++i)
            for (QAction *action : menus.at(i)->actions())
                if (action->menu())
                    menus.append(action->menu());
        QCOMPARE(menus.size(), 7); // File, Recent, View, Panels, Palette, Tools, Help
        for (QMenu *menu : std::as_const(menus)) {
            QVERIFY2(!menu->objectName().isEmpty(), qPrintable(menu->title()));
            QVERIFY2(!menu->accessibleName().isEmpty(), qPrintable(menu->title()));
            for (QAction *action : menu->actions()) {
                if (action->isSeparator() || action->menu())
                    continue;
                QVERIFY2(!action->objectName().isEmpty(), qPrintable(action->text()));
            }
        }
    }

    void applicationIconIsBuiltIn()
    {
        QVERIFY(QFile::exists(QStringLiteral(":/icons/loopkeeper.svg")));
        const QIcon icon(QStringLiteral(":/icons/loopkeeper.svg"));
        QVERIFY(!icon.pixmap(64, 64).isNull());
    }

    void aboutShowsMeasuredVersions()
    {
        lk::ui::AboutDialog about;
        const auto torch = about.findChild<QLabel *>(QStringLiteral("aboutTorchVersion"));
        QVERIFY(torch);
        QVERIFY2(torch->text().startsWith(QStringLiteral("1.")), qPrintable(torch->text()));
        QVERIFY(torch->text().contains(QStringLiteral("passed")));
        QCOMPARE(
            about.findChild<QLabel *>(QStringLiteral("aboutQtVersion"))->text().left(1), QStringLiteral("6"));
        QCOMPARE(about.findChild<QLabel *>(QStringLiteral("aboutSqliteVersion"))->text().left(1),
            QStringLiteral("3"));
    }

    void logDockShowsWarnings()
    {
        MainWindow w;
        w.show();
        auto *indicator = w.findChild<QAbstractButton *>(QStringLiteral("logIndicator"));
        QVERIFY(indicator);
        qCWarning(lcUi) << "a warning the operator should see";
        QTRY_VERIFY(indicator->isVisible());
        indicator->click();
        auto *view = w.findChild<QPlainTextEdit *>(QStringLiteral("logView"));
        QTRY_VERIFY(view->toPlainText().contains(QStringLiteral("a warning the operator should see")));
        QVERIFY(view->isVisible());
    }

    void servesTheAgentApiWhenAsked()
    {
        QSettings().setValue(QStringLiteral("api/port"), 0); // any free port
        MainWindow w;
        w.show();
        QSignalSpy opened(w.session(), &WorkspaceSession::opened);
        w.openWorkspace(m_tmp.filePath(QStringLiteral("api-ws")));
        QVERIFY(opened.wait(15000));
        auto *label = w.findChild<QLabel *>(QStringLiteral("apiLabel"));
        QVERIFY(!label->isVisible());
        auto *serve = w.findChild<QAction *>(QStringLiteral("serveApiAction"));
        serve->setChecked(true);
        QTRY_VERIFY_WITH_TIMEOUT(label->text().contains(QStringLiteral("http://127.0.0.1:")), 15000);
        const QUrl base(label->text().section(QStringLiteral(": "), 1));
        QNetworkAccessManager net;
        QNetworkReply *reply =
            net.get(QNetworkRequest(base.resolved(QUrl(QStringLiteral("/api/training/runs")))));
        QSignalSpy done(reply, &QNetworkReply::finished);
        QVERIFY(done.wait(15000));
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        QVERIFY(QJsonDocument::fromJson(reply->readAll()).object().value(QStringLiteral("runs")).isArray());
        reply->deleteLater();
        serve->setChecked(false);
        QVERIFY(!label->isVisible());
        QVERIFY(!QSettings().value(QStringLiteral("api/serve")).toBool());
        QNetworkReply *refused = net.get(QNetworkRequest(base.resolved(QUrl(QStringLiteral("/api/health")))));
        QSignalSpy failed(refused, &QNetworkReply::finished);
        QVERIFY(failed.wait(15000));
        QCOMPARE(refused->error(), QNetworkReply::ConnectionRefusedError);
        refused->deleteLater();
        QSettings().remove(QStringLiteral("api/port"));
    }

    void consoleExecutableStartsOnAWorkspace()
    {
        // The real program: it must come up offscreen and create the workspace it was given.
        const QString root = m_tmp.filePath(QStringLiteral("from-exe"));
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_tmp.filePath(QStringLiteral("xdg-config")));
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_tmp.filePath(QStringLiteral("xdg-data")));
        p.setProcessEnvironment(env);
        p.start(lk::test::binary(QStringLiteral("loopkeeper")), {QStringLiteral("--workspace"), root});
        QVERIFY(p.waitForStarted(10000));
        const QString log = QDir(root).filePath(QStringLiteral("logs/loopkeeper.log"));
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(log).size() > 0 && p.state() == QProcess::Running, 30000);
        QFile f(log);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(f.readAll().contains("workspace ready"));
        p.terminate();
        QVERIFY(p.waitForFinished(10000));
    }

private:
    QTemporaryDir m_tmp;
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
