// loopkeeper-cli as agents use it: a real process, JSON on stdout, JSON errors on stderr,
// and the documented exit codes (0 ok, 1 internal, 2 usage, 3 input, 4 workspace).
#include "common/TestSupport.h"
#include "core/storage/Migrations.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <functional>

#include <grp.h>
#include <pwd.h>
#include <unistd.h>

namespace {

struct Result
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;

    QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
    QJsonObject error() const
    {
        return QJsonDocument::fromJson(err).object().value(QStringLiteral("error")).toObject();
    }
};

} // namespace

class TestCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        QVERIFY2(QFileInfo(lk::test::binary(QStringLiteral("loopkeeper-cli"))).isExecutable(),
            "build loopkeeper-cli first");
    }

    void versionReportsLibrariesAndARealTensorOp()
    {
        const Result r = cli({ QStringLiteral("--version") });
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.err.isEmpty());
        const QJsonObject v = r.json();
        QCOMPARE(v.value(QStringLiteral("loopkeeper")).toString(), QStringLiteral(LOOPKEEPER_VERSION_STRING));
        const QJsonObject torch = v.value(QStringLiteral("libtorch")).toObject();
        QVERIFY(torch.value(QStringLiteral("version")).toString().startsWith(QStringLiteral("1.")));
        QVERIFY(torch.value(QStringLiteral("intra_op_threads")).toInt() >= 1);
        const QJsonObject check = torch.value(QStringLiteral("matmul_check")).toObject();
        QVERIFY(check.value(QStringLiteral("passed")).toBool());
        QVERIFY(
            check.value(QStringLiteral("detail")).toString().contains(QStringLiteral("[[5,14],[14,50]]")));
        QVERIFY(v.value(QStringLiteral("sqlite")).toString().startsWith(QStringLiteral("3.")));
        QVERIFY(v.value(QStringLiteral("qt"))
                    .toObject()
                    .value(QStringLiteral("runtime"))
                    .toString()
                    .startsWith(QStringLiteral("6.")));
        QVERIFY2(
            v.value(QStringLiteral("blas")).toString().contains(QStringLiteral("blas")), r.out.constData());
        // The command form says the same.
        QCOMPARE(cli({ QStringLiteral("version") }).json().value(QStringLiteral("sqlite")),
            v.value(QStringLiteral("sqlite")));
    }

    void initThenInfo()
    {
        const QString root = m_tmp.filePath(QStringLiteral("ws"));
        const Result init =
            cli({ QStringLiteral("workspace"), QStringLiteral("init"), QStringLiteral("--workspace"), root });
        QCOMPARE(init.exitCode, 0);
        const QJsonObject created = init.json();
        QCOMPARE(created.value(QStringLiteral("workspace")).toString(), root);
        QCOMPARE(created.value(QStringLiteral("created")).toBool(), true);
        QCOMPARE(
            created.value(QStringLiteral("schema_version")).toInt(), lk::storage::currentSchemaVersion());
        QCOMPARE(created.value(QStringLiteral("missing_folders")).toArray().size(), 0);
        QVERIFY(QFileInfo(QDir(root).filePath(QStringLiteral("context/memory"))).isDir());
        QVERIFY(QFileInfo(QDir(root).filePath(QStringLiteral("logs/loopkeeper-cli.log"))).isFile());

        const Result again =
            cli({ QStringLiteral("workspace"), QStringLiteral("init"), QStringLiteral("-w"), root });
        QCOMPARE(again.exitCode, 0);
        QCOMPARE(again.json().value(QStringLiteral("created")).toBool(), false);
        QCOMPARE(again.json().value(QStringLiteral("workspace_id")),
            created.value(QStringLiteral("workspace_id")));

        // The environment variable names the workspace when the option does not.
        const Result info = cli({ QStringLiteral("workspace"), QStringLiteral("info") }, root);
        QCOMPARE(info.exitCode, 0);
        const QJsonObject described = info.json();
        QCOMPARE(
            described.value(QStringLiteral("workspace_id")), created.value(QStringLiteral("workspace_id")));
        QCOMPARE(described.value(QStringLiteral("needs_migration")).toBool(), false);
        QCOMPARE(described.value(QStringLiteral("migrations")).toArray().size(),
            lk::storage::currentSchemaVersion());

        const Result pretty = cli({ QStringLiteral("--pretty"), QStringLiteral("workspace"),
            QStringLiteral("info"), QStringLiteral("-w"), root });
        QVERIFY(pretty.out.count('\n') > 5);
        QCOMPARE(pretty.json(), described);
    }

    void errorsHaveCodesAndJson_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("no command") << QStringList {} << 2 << QStringLiteral("usage")
                                    << QStringLiteral("No command");
        QTest::newRow("unknown command") << QStringList { QStringLiteral("frobnicate") } << 2
                                         << QStringLiteral("usage") << QStringLiteral("frobnicate");
        QTest::newRow("unknown option")
            << QStringList { QStringLiteral("workspace"), QStringLiteral("info"), QStringLiteral("--bogus") }
            << 2 << QStringLiteral("usage") << QStringLiteral("bogus");
        QTest::newRow("missing value") << QStringList { QStringLiteral("workspace"), QStringLiteral("info"),
            QStringLiteral("--workspace") }
                                       << 2 << QStringLiteral("usage") << QStringLiteral("workspace");
        QTest::newRow("stray argument")
            << QStringList { QStringLiteral("workspace"), QStringLiteral("info"), QStringLiteral("extra") }
            << 2 << QStringLiteral("usage") << QStringLiteral("extra");
        QTest::newRow("no workspace") << QStringList { QStringLiteral("workspace"), QStringLiteral("info"),
            QStringLiteral("-w"), QStringLiteral("@TMP@/none") }
                                      << 4 << QStringLiteral("workspace") << QStringLiteral("workspace init");
        QTest::newRow("workspace under a file")
            << QStringList { QStringLiteral("workspace"), QStringLiteral("init"), QStringLiteral("-w"),
                   QStringLiteral("@TMP@/plain.txt/ws") }
            << 4 << QStringLiteral("workspace") << QStringLiteral("plain.txt");
    }

    void errorsHaveCodesAndJson()
    {
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        QFETCH(QString, code);
        QFETCH(QString, mentions);
        QVERIFY(lk::test::writeFile(m_tmp.filePath(QStringLiteral("plain.txt")), "just text\n"));
        for (QString &a : args)
            a.replace(QStringLiteral("@TMP@"), m_tmp.path());
        const Result r = cli(args);
        QCOMPARE(r.exitCode, exitCode);
        QVERIFY2(r.out.isEmpty(), r.out.constData());
        const QJsonObject error = r.error();
        QCOMPARE(error.value(QStringLiteral("code")).toString(), code);
        QCOMPARE(error.value(QStringLiteral("exit_code")).toInt(), exitCode);
        QVERIFY2(error.value(QStringLiteral("message")).toString().contains(mentions), r.err.constData());
    }

    void foreignDatabaseIsRefusedAndUnchanged()
    {
        const QString root = m_tmp.filePath(QStringLiteral("foreign"));
        QVERIFY(QDir().mkpath(root));
        const QString db = QDir(root).filePath(QStringLiteral("loopkeeper.db"));
        QVERIFY(lk::test::writeFile(db, QByteArray("this is a spreadsheet, not a database\n").repeated(50)));
        const QByteArray before = lk::test::fileSha256(db);
        for (const QString &command : { QStringLiteral("init"), QStringLiteral("info") }) {
            for (const QString &target : { root, db }) {
                const Result r =
                    cli({ QStringLiteral("workspace"), command, QStringLiteral("--workspace"), target });
                QCOMPARE(r.exitCode, 4);
                QVERIFY2(r.error()
                             .value(QStringLiteral("message"))
                             .toString()
                             .contains(QStringLiteral("not an SQLite file")),
                    r.err.constData());
            }
        }
        QCOMPARE(lk::test::fileSha256(db), before);
        QCOMPARE(QDir(root).entryList(QDir::AllEntries | QDir::NoDotAndDotDot),
            QStringList { QStringLiteral("loopkeeper.db") });
    }

    void readOnlyWorkspaceAnswersReadsAndRefusesWrites()
    {
        // Root ignores file permissions, so as root the CLI process gives up root before it
        // starts (it becomes the user nobody, or uid and gid 65534 where no such user exists) on
        // a workspace whose folders are r-x and files r-- for everyone: the database and its
        // folder are read-only for that process as they would be for an operator without write
        // access. Run as another user, the permissions alone do it.
        std::function<void()> dropRoot;
        if (::geteuid() == 0) {
            const passwd *nobody = ::getpwnam("nobody");
            const uid_t uid = nobody ? nobody->pw_uid : 65534;
            const gid_t gid = nobody ? nobody->pw_gid : 65534;
            dropRoot = [uid, gid] {
                // In the child between fork and exec: only async-signal-safe calls.
                if (::setgroups(0, nullptr) != 0 || ::setgid(gid) != 0 || ::setuid(uid) != 0)
                    ::_exit(126);
            };
        }
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const QString root = QDir(tmp.path()).filePath(QStringLiteral("ws"));
        // Made by a writer that then closed it: no -wal or -shm file beside it, and the folder
        // will not let the reader make them.
        const Result init = cli({QStringLiteral("workspace"), QStringLiteral("init"), QStringLiteral("-w"), root});
        QCOMPARE(init.exitCode, 0);
        const QString workspaceId = init.json().value(QStringLiteral("workspace_id")).toString();
        QVERIFY(!workspaceId.isEmpty());
        const QString events = QDir(root).filePath(QStringLiteral("events.jsonl"));
        QVERIFY(lk::test::writeFile(events,
            "{\"event_id\": \"e1\", \"agent_name\": \"a\", \"task_type\": \"t\", \"success\": true}\n"));
        const QString db = QDir(root).filePath(QStringLiteral("loopkeeper.db"));
        QVERIFY(!QFileInfo::exists(db + QStringLiteral("-wal")));
        QVERIFY(!QFileInfo::exists(db + QStringLiteral("-shm")));

        const auto setReadOnly = [](const QString &path, bool readOnly) {
            const QFileDevice::Permissions read =
                QFileDevice::ReadOwner | QFileDevice::ReadGroup | QFileDevice::ReadOther;
            const QFileDevice::Permissions enter =
                QFileDevice::ExeOwner | QFileDevice::ExeGroup | QFileDevice::ExeOther;
            const QFileDevice::Permissions write = QFileDevice::WriteOwner;
            const auto apply = [&](const QString &p, bool dir) {
                return QFile::setPermissions(p, read | (dir ? enter : QFileDevice::Permissions()) | (readOnly ? QFileDevice::Permissions() : write));
            };
            bool ok = apply(path, true);
            QDirIterator it(path, QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden, QDirIterator::Subdirectories);
            while (it.hasNext()) {
                const QString p = it.next();
                ok = apply(p, QFileInfo(p).isDir()) && ok;
            }
            return ok;
        };
        // The temporary folder itself (0700) must let nobody in.
        QVERIFY(QFile::setPermissions(tmp.path(), QFile::permissions(tmp.path()) | QFileDevice::ReadOther
                | QFileDevice::ExeOther | QFileDevice::ReadGroup | QFileDevice::ExeGroup));
        QVERIFY(setReadOnly(root, true));
        const QByteArray before = lk::test::fileSha256(db);

        const auto run = [&](const QStringList &args) { return cli(args, {}, dropRoot); };

        // Reading works.
        const Result info = run({QStringLiteral("workspace"), QStringLiteral("info"), QStringLiteral("-w"), root});
        QVERIFY2(info.exitCode == 0, info.err.constData());
        QCOMPARE(info.json().value(QStringLiteral("workspace_id")).toString(), workspaceId);
        QCOMPARE(info.json().value(QStringLiteral("database")).toString(), db);

        // Writing is refused, saying why and naming the file.
        const Result ingest =
            run({QStringLiteral("outcomes"), QStringLiteral("ingest"), events, QStringLiteral("-w"), root});
        QCOMPARE(ingest.exitCode, 4);
        const QString message = ingest.error().value(QStringLiteral("message")).toString();
        QVERIFY2(message.contains(QStringLiteral("is read-only")), ingest.err.constData());
        QVERIFY2(message.contains(db), ingest.err.constData());

        QCOMPARE(lk::test::fileSha256(db), before);
        QVERIFY(!QFileInfo::exists(db + QStringLiteral("-wal")));
        QVERIFY(!QFileInfo::exists(db + QStringLiteral("-shm")));
        QVERIFY(setReadOnly(root, false)); // so that the temporary folder can be removed
    }

    void helpGoesToStdout()
    {
        const Result r = cli({ QStringLiteral("--help") });
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("workspace init"));
        QVERIFY(r.out.contains("exit"));
        const Result one =
            cli({ QStringLiteral("workspace"), QStringLiteral("init"), QStringLiteral("--help") });
        QCOMPARE(one.exitCode, 0);
        QVERIFY(one.out.contains("workspace init"));
    }

    void verboseLogsToStderrOnlyWhenAsked()
    {
        const QString root = m_tmp.filePath(QStringLiteral("verbose"));
        const Result quiet =
            cli({ QStringLiteral("workspace"), QStringLiteral("init"), QStringLiteral("-w"), root });
        QCOMPARE(quiet.exitCode, 0);
        QVERIFY2(quiet.err.isEmpty(), quiet.err.constData());
        const Result loud = cli({ QStringLiteral("--verbose"), QStringLiteral("workspace"),
            QStringLiteral("init"), QStringLiteral("-w"), root });
        QCOMPARE(loud.exitCode, 0);
        QVERIFY2(loud.err.contains("D loopkeeper.storage"), loud.err.constData());
        QCOMPARE(loud.json().value(QStringLiteral("workspace")).toString(), root);
    }

private:
    /// Runs loopkeeper-cli; `inChild`, if given, runs in the child process before it starts
    /// the program (e.g. to give up root).
    Result cli(const QStringList &args, const QString &envWorkspace = {}, const std::function<void()> &inChild = {})
    {
        QProcess p;
        if (inChild)
            p.setChildProcessModifier(inChild);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("LOOPKEEPER_WORKSPACE"));
        if (!envWorkspace.isEmpty())
            env.insert(QStringLiteral("LOOPKEEPER_WORKSPACE"), envWorkspace);
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_tmp.filePath(QStringLiteral("xdg-data")));
        p.setProcessEnvironment(env);
        p.start(lk::test::binary(QStringLiteral("loopkeeper-cli")), args);
        Result r;
        if (!p.waitForFinished(60000)) {
            p.kill();
            p.waitForFinished();
            return r;
        }
        r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        r.out = p.readAllStandardOutput();
        r.err = p.readAllStandardError();
        return r;
    }

    QTemporaryDir m_tmp;
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
