// LibTorch behind its plugin (core/training/TorchPlugin.h): no executable links it, this
// process loads it on first use (once, whichever thread asks first), errors cross the plugin
// boundary as lk::Error, and loopkeeper-cli runs its other commands without the plugin, while
// train and predict fail with a message naming where it was looked for.
#include "common/ProcessSupport.h"
#include "common/TestSupport.h"

#include "core/common/Error.h"
#include "core/training/Classifier.h"
#include "core/training/TorchBackend.h"
#include "core/training/TorchPlugin.h"
#include "core/training/TorchRuntime.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QProcess>
#include <QTemporaryDir>
#include <QtConcurrent>
#include <QtTest>

#include <dlfcn.h>

namespace {

/// The shared libraries a file names in its dynamic section (DT_NEEDED), as readelf lists them.
QStringList neededLibraries(const QString &file)
{
    QProcess readelf;
    readelf.start(QStringLiteral("readelf"), {QStringLiteral("-d"), QStringLiteral("-W"), file});
    if (!readelf.waitForFinished(60000) || readelf.exitCode() != 0)
        return {};
    QStringList out;
    for (const QByteArray &line : readelf.readAllStandardOutput().split('\n')) {
        if (!line.contains("(NEEDED)"))
            continue;
        const int open = line.indexOf('[');
        const int close = line.indexOf(']', open);
        if (open >= 0 && close > open)
            out << QString::fromUtf8(line.mid(open + 1, close - open - 1));
    }
    return out;
}

bool namesTorch(const QStringList &libraries)
{
    for (const QString &library : libraries) {
        if (library.contains(QLatin1String("torch")) || library.startsWith(QLatin1String("libc10")))
            return true;
    }
    return false;
}

/// True if this process has a file whose name contains `part` mapped.
bool mapped(const QByteArray &part)
{
    QFile maps(QStringLiteral("/proc/self/maps"));
    return maps.open(QIODevice::ReadOnly) && maps.readAll().contains(part);
}

lk::test::CliResult cliWithPlugin(const QString &pluginPath, const QStringList &args)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QString::fromLatin1(lk::training::kTorchPluginVariable), pluginPath);
    return lk::test::runCli(args, 240000, env);
}

} // namespace

class TestTorchPlugin : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QVERIFY(m_tmp.isValid()); }

    // First, before anything here has touched LibTorch.
    void firstUseLoadsThePluginOnceFromAnyThread()
    {
        QVERIFY(!mapped("libtorch"));
        QVERIFY(!mapped("libc10"));
        QVERIFY(lk::training::loadedTorchPluginPath().isEmpty());
        // The build puts the plugin where the search finds it from build/tests.
        const QString built = QFileInfo(QStringLiteral(LOOPKEEPER_TORCH_PLUGIN_PATH)).canonicalFilePath();
        QStringList candidates;
        for (const QString &c : lk::training::torchPluginCandidates())
            candidates << QFileInfo(c).canonicalFilePath();
        QVERIFY2(candidates.contains(built), qPrintable(lk::training::torchPluginCandidates().join(u' ')));

        // Four threads ask at once: one load, one backend.
        QList<QFuture<const lk::training::TorchBackend *>> asks;
        for (int i = 0; i < 4; ++i)
            asks << QtConcurrent::run([] { return &lk::training::torchBackend(); });
        for (QFuture<const lk::training::TorchBackend *> &f : asks)
            f.waitForFinished();
        QVERIFY(asks[0].result() != nullptr);
        for (const QFuture<const lk::training::TorchBackend *> &f : asks)
            QCOMPARE(f.result(), asks[0].result());
        QCOMPARE(QFileInfo(lk::training::loadedTorchPluginPath()).canonicalFilePath(), built);
        QVERIFY(mapped("libtorch_cpu"));
        QVERIFY(lk::training::probeTorchRuntime().matmulCheckPassed);
    }

    void errorsCrossThePluginBoundaryAsLoopkeeperErrors()
    {
        const QString notAModel = m_tmp.filePath(QStringLiteral("not-a-model.pt"));
        QVERIFY(lk::test::writeFile(notAModel, "these bytes are no TorchScript archive"));
        try {
            lk::training::Classifier classifier(notAModel);
            QFAIL("a file that is no model loaded");
        } catch (const lk::Error &e) {
            QCOMPARE(e.kind(), lk::ErrorKind::Input);
            QVERIFY2(e.message().contains(QLatin1String("is not a TorchScript model")), qPrintable(e.message()));
        }
    }

    void computeThreadsReachTheBlasInsideThePlugin()
    {
        // The plugin's libraries stay out of the process's global symbol scope ...
        QVERIFY(!dlsym(RTLD_DEFAULT, "openblas_get_num_threads"));
        // ... and "threads" still limits the OpenBLAS that LibTorch loaded with it.
        void *plugin = dlopen(QFile::encodeName(lk::training::loadedTorchPluginPath()).constData(),
            RTLD_LAZY | RTLD_NOLOAD);
        QVERIFY(plugin);
        using GetThreads = int (*)();
        const auto blasThreads = reinterpret_cast<GetThreads>(dlsym(plugin, "openblas_get_num_threads"));
        // Set-up installs libopenblas0-pthread for LibTorch (scripts/lib/setup.sh): without it
        // training runs on the reference BLAS, about ten times slower, and that is a failure.
        QVERIFY2(blasThreads,
            "LibTorch's BLAS is not OpenBLAS: libblas.so.3 should resolve to libopenblas0-pthread "
            "(update-alternatives --config libblas.so.3-x86_64-linux-gnu)");
        lk::training::setComputeThreads(3);
        QCOMPARE(blasThreads(), 3);
        QCOMPARE(lk::training::probeTorchRuntime().intraOpThreads, 3);
        lk::training::setComputeThreads(1);
        QCOMPARE(blasThreads(), 1);
        QCOMPARE(lk::training::probeTorchRuntime().intraOpThreads, 1);
        dlclose(plugin);
    }

    void noExecutableLinksLibTorch()
    {
        // The check can see torch where it is: in the plugin.
        QVERIFY(namesTorch(neededLibraries(QStringLiteral(LOOPKEEPER_TORCH_PLUGIN_PATH))));
        const QStringList files {lk::test::binary(QStringLiteral("loopkeeper-cli")),
            lk::test::binary(QStringLiteral("loopkeeper-node")), lk::test::binary(QStringLiteral("loopkeeper")),
            QCoreApplication::applicationFilePath()};
        for (const QString &file : files) {
            const QStringList needed = neededLibraries(file);
            QVERIFY2(needed.contains(QStringLiteral("libQt6Core.so.6")), qPrintable(file));
            QVERIFY2(!namesTorch(needed), qPrintable(file + QStringLiteral(": ") + needed.join(u' ')));
        }
    }

    void cliRunsOtherCommandsWithoutThePlugin()
    {
        const QString missing = m_tmp.filePath(QStringLiteral("nowhere/libloopkeeper_torch.so"));
        const QString ws = m_tmp.filePath(QStringLiteral("ws"));
        QCOMPARE(cliWithPlugin(missing, {QStringLiteral("workspace"), QStringLiteral("init"), QStringLiteral("-w"), ws})
                     .exitCode,
            0);
        const lk::test::CliResult queue =
            cliWithPlugin(missing, {QStringLiteral("rules"), QStringLiteral("queue"), QStringLiteral("-w"), ws});
        QVERIFY2(queue.exitCode == 0, queue.err.constData());
        QCOMPARE(queue.json().value(QStringLiteral("total")).toInt(-1), 0);

        // --version still reports everything else, and why LibTorch is missing.
        const lk::test::CliResult version = cliWithPlugin(missing, {QStringLiteral("--version")});
        QCOMPARE(version.exitCode, 0);
        QVERIFY(version.json().value(QStringLiteral("sqlite")).toString().startsWith(QLatin1String("3.")));
        QVERIFY(version.json()
                    .value(QStringLiteral("libtorch"))
                    .toObject()
                    .value(QStringLiteral("error"))
                    .toString()
                    .contains(missing));

        // Training fails with the reason, exit code 1, and records no run.
        const lk::test::CliResult train = cliWithPlugin(missing,
            {QStringLiteral("train"), QStringLiteral("-w"), ws, QStringLiteral("--epochs"), QStringLiteral("1"),
                QStringLiteral("--limit"), QStringLiteral("100")});
        QCOMPARE(train.exitCode, 1);
        QVERIFY(train.out.isEmpty());
        const QJsonObject error = train.error();
        QCOMPARE(error.value(QStringLiteral("code")).toString(), QStringLiteral("internal"));
        const QString message = error.value(QStringLiteral("message")).toString();
        QVERIFY2(message.contains(QLatin1String("LibTorch is not available")), qPrintable(message));
        QVERIFY2(message.contains(missing + QStringLiteral(" (no such file)")), qPrintable(message));
        QVERIFY2(message.contains(QLatin1String("LOOPKEEPER_TORCH_PLUGIN")), qPrintable(message));
        const lk::test::CliResult runs =
            cliWithPlugin(missing, {QStringLiteral("runs"), QStringLiteral("list"), QStringLiteral("-w"), ws});
        QCOMPARE(runs.exitCode, 0);
        QCOMPARE(runs.json().value(QStringLiteral("runs")).toArray().size(), 0);
    }

    void cliSaysWhyAPluginFileDoesNotLoad()
    {
        // A file that is there but no shared library: dlopen's own words reach the user.
        const QString broken = m_tmp.filePath(QStringLiteral("libloopkeeper_torch.so"));
        QVERIFY(lk::test::writeFile(broken, "not an ELF file"));
        const QString model = m_tmp.filePath(QStringLiteral("model.pt"));
        QVERIFY(lk::test::writeFile(model, "a model file, never read without LibTorch"));
        const lk::test::CliResult predict = cliWithPlugin(broken,
            {QStringLiteral("predict"), QStringLiteral("--model"), model, QStringLiteral("--limit"), QStringLiteral("10")});
        QCOMPARE(predict.exitCode, 1);
        const QString message = predict.error().value(QStringLiteral("message")).toString();
        QVERIFY2(message.contains(broken + QStringLiteral(" (")), qPrintable(message));
        QVERIFY2(message.contains(QLatin1String("invalid ELF header")) || message.contains(QLatin1String("too short")),
            qPrintable(message));
    }

    void overrideRelativeToTheWorkingFolder()
    {
        const QFileInfo plugin(QStringLiteral(LOOPKEEPER_TORCH_PLUGIN_PATH));
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QString::fromLatin1(lk::training::kTorchPluginVariable), plugin.fileName());
        p.setProcessEnvironment(env);
        p.setWorkingDirectory(plugin.absolutePath());
        p.start(lk::test::binary(QStringLiteral("loopkeeper-cli")), {QStringLiteral("--version")});
        QVERIFY(p.waitForFinished(120000));
        QCOMPARE(p.exitCode(), 0);
        const QJsonObject torch =
            QJsonDocument::fromJson(p.readAllStandardOutput()).object().value(QStringLiteral("libtorch")).toObject();
        QCOMPARE(torch.value(QStringLiteral("plugin")).toString(), plugin.absoluteFilePath());
        QVERIFY(torch.value(QStringLiteral("matmul_check")).toObject().value(QStringLiteral("passed")).toBool());
    }

private:
    QTemporaryDir m_tmp;
};

QTEST_GUILESS_MAIN(TestTorchPlugin)
#include "tst_torch_plugin.moc"
