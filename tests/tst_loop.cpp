// The learning loop's parts on a real workspace: the sample wire format and its errors,
// ingest (idempotent, filtered, bad records reported, stored data intact), the sample
// lifecycle through jobs (one job per line, failures give samples back, abandoned jobs are
// recovered), the registry (numbering, activation, artifact checks), notifications with a
// real webhook on loopback, and the CLI and REST faces with real processes and curl.
#include "common/StateSupport.h"
#include "common/TestSupport.h"
#include "core/common/Error.h"
#include "core/loop/JobStore.h"
#include "core/loop/LearningLoop.h"
#include "core/loop/ModelRegistry.h"
#include "core/loop/Notifier.h"
#include "core/loop/SampleStore.h"
#include "core/loop/Inbox.h"
#include "core/training/ImageDataset.h"
#include "core/workspace/Workspace.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QtTest>

using namespace lk::loop;

namespace {

QByteArray pixels(int seed)
{
    QByteArray p(kImageBytes, '\0');
    for (int i = 0; i < kImageBytes; ++i)
        p[i] = char((i * 7 + seed * 13) % 256);
    return p;
}

/// A valid sample object; `inlineInput` false sends a reference instead of the pixels.
QJsonObject sampleJson(const QString &id, int label, double correctionConfidence, bool inlineInput = true,
    const QString &node = QStringLiteral("edge-1"))
{
    QJsonObject input = inlineInput
        ? QJsonObject{{QStringLiteral("format"), kInlineFormat},
              {QStringLiteral("data"), QString::fromLatin1(pixels(label).toBase64())}}
        : QJsonObject{{QStringLiteral("uri"), QStringLiteral("node://%1/%2").arg(node, id)}};
    return QJsonObject{{QStringLiteral("sample_id"), id}, {QStringLiteral("node_id"), node},
        {QStringLiteral("model_version"), QStringLiteral("fashion-mnist@1")},
        {QStringLiteral("timestamp"), QStringLiteral("2026-11-20T10:00:00Z")},
        {QStringLiteral("prediction"), QJsonObject{{QStringLiteral("label"), (label + 1) % 10}, {QStringLiteral("confidence"), 0.41}}},
        {QStringLiteral("correction"),
            QJsonObject{{QStringLiteral("label"), label}, {QStringLiteral("confidence"), correctionConfidence},
                {QStringLiteral("source"), QStringLiteral("teacher")}}},
        {QStringLiteral("input"), input}};
}

QByteArray jsonl(const QList<QJsonObject> &objects)
{
    QByteArray out;
    for (const QJsonObject &o : objects)
        out += QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n';
    return out;
}

/// Sets a (possibly nested) key in a copy of `o`: "correction.confidence".
QJsonObject with(QJsonObject o, const QString &path, const QJsonValue &value)
{
    const QStringList parts = path.split(QLatin1Char('.'));
    if (parts.size() == 1) {
        if (value.isUndefined())
            o.remove(path);
        else
            o.insert(path, value);
        return o;
    }
    o.insert(parts[0], with(o.value(parts[0]).toObject(), parts.mid(1).join(QLatin1Char('.')), value));
    return o;
}

struct Run
{
    int exitCode = -1;
    QByteArray out, err;
};

Run cli(const QStringList &args, const QByteArray &input = {})
{
    QProcess p;
    p.start(lk::test::binary(QStringLiteral("loopkeeper-cli")), args);
    if (!input.isEmpty()) {
        p.write(input);
        p.closeWriteChannel();
    }
    Run r;
    if (!p.waitForFinished(120000))
        return r;
    r.exitCode = p.exitCode();
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

} // namespace

class TestLoop : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QVERIFY(m_tmp.isValid()); }

    void sampleWireFormat_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<QString>("error"); // empty: valid
        QTest::addRow("valid") << QString() << QJsonValue() << QString();
        QTest::addRow("class name label") << "correction.label" << QJsonValue(QStringLiteral("ankle boot")) << QString();
        QTest::addRow("no sample id") << "sample_id" << QJsonValue(QJsonValue::Undefined) << "sample_id is missing";
        QTest::addRow("blank node") << "node_id" << QJsonValue(QStringLiteral("  ")) << "node_id must not be empty";
        QTest::addRow("label out of range") << "correction.label" << QJsonValue(10) << "correction.label must be a class index from 0 to 9";
        QTest::addRow("unknown class name") << "prediction.label" << QJsonValue(QStringLiteral("Hat")) << "prediction.label \"Hat\" is not a class name";
        QTest::addRow("confidence above 1") << "correction.confidence" << QJsonValue(1.5) << "correction.confidence must be a number in [0, 1]";
        QTest::addRow("bad timestamp") << "timestamp" << QJsonValue(QStringLiteral("yesterday")) << "timestamp must be an ISO 8601";
        QTest::addRow("short image") << "input.data" << QJsonValue(QStringLiteral("AAAA")) << "input.data must hold 784 bytes";
        QTest::addRow("not base64") << "input.data" << QJsonValue(QStringLiteral("***")) << "input.data is not valid base64";
        QTest::addRow("other format") << "input.format" << QJsonValue(QStringLiteral("png")) << "input.format must be \"u8-28x28-base64\"";
        QTest::addRow("no prediction") << "prediction" << QJsonValue(QJsonValue::Undefined) << "prediction is missing";
    }

    void sampleWireFormat()
    {
        QFETCH(QString, field);
        QFETCH(QJsonValue, value);
        QFETCH(QString, error);
        QJsonObject o = sampleJson(QStringLiteral("s-1"), 9, 0.95);
        o.insert(QStringLiteral("trace"), QStringLiteral("kept"));
        if (!field.isEmpty())
            o = with(o, field, value);
        try {
            const EscalatedSample s = parseEscalatedSample(o);
            QVERIFY2(error.isEmpty(), "an invalid sample was accepted");
            QCOMPARE(s.correctedLabel, 9);
            QCOMPARE(s.input, pixels(9));
            QCOMPARE(s.extra.value(QStringLiteral("trace")).toString(), QStringLiteral("kept"));
            QCOMPARE(parseEscalatedSample(toJson(s)).input, s.input); // toJson is the inverse
        } catch (const lk::Error &e) {
            QVERIFY2(!error.isEmpty(), qPrintable(e.message()));
            QVERIFY2(e.message().contains(error), qPrintable(e.message()));
            QVERIFY2(e.message().startsWith(QStringLiteral("sample")), qPrintable(e.message()));
        }
    }

    void ingestFiltersReportsAndIsIdempotent()
    {
        const lk::Workspace ws = lk::Workspace::open(fresh());
        lk::storage::Database db = ws.connect();
        SampleStore store(db);
        const QByteArray batch = jsonl({sampleJson(QStringLiteral("a"), 1, 0.95),
                                     sampleJson(QStringLiteral("b"), 2, 0.50), // below 0.8: audit only
                                     sampleJson(QStringLiteral("c"), 3, 0.90, false, QStringLiteral("edge-2")),
                                     with(sampleJson(QStringLiteral("d"), 4, 0.9), QStringLiteral("input.data"), QStringLiteral("AAAA"))})
            + "not json\n";
        const SampleIngestReport first = store.ingest(batch, SampleFilter{});
        QCOMPARE(first.received, 5);
        QCOMPARE(first.accepted, 2);
        QCOMPARE(first.filtered, 1);
        QCOMPARE(first.rejected.size(), 2);
        QCOMPARE(first.rejected[0].toObject().value(QStringLiteral("sample_id")).toString(), QStringLiteral("d"));
        QCOMPARE(first.rejected[0].toObject().value(QStringLiteral("line")).toInt(), 4);
        QVERIFY(first.rejected[0].toObject().value(QStringLiteral("error")).toString().contains(QStringLiteral("line 4")));
        QCOMPARE(first.rejected[1].toObject().value(QStringLiteral("line")).toInt(), 5);

        const SampleIngestReport again = store.ingest(batch, SampleFilter{});
        QCOMPARE(again.accepted + again.filtered, 0);
        QCOMPARE(again.duplicates, 3);
        QCOMPARE(store.trainableCount(), 1); // "c" waits for its input on the node
        QCOMPARE(store.awaitingInputCount(), 1);

        const QJsonObject stats = store.stats();
        QCOMPARE(stats.value(QStringLiteral("by_status")).toObject().value(QStringLiteral("filtered")).toInt(), 1);
        QCOMPARE(stats.value(QStringLiteral("by_node")).toObject().value(QStringLiteral("edge-2")).toInt(), 1);
        QCOMPARE(stats.value(QStringLiteral("by_class")).toObject().value(QStringLiteral("1 Trouser")).toInt(), 1);
        QCOMPARE(stats.value(QStringLiteral("by_day")).toObject().value(QStringLiteral("2026-11-20")).toInt(), 3);
        QVERIFY(stats.value(QStringLiteral("filtered")).toArray()[0].toObject().value(QStringLiteral("reason")).toString()
                    .contains(QStringLiteral("below the threshold 0.8")));

        // A batch that is not JSON at all changes nothing.
        QVERIFY_THROWS_EXCEPTION(lk::Error, store.ingest(QByteArray("[{\"sample_id\": "), SampleFilter{}));
        QCOMPARE(store.stats().value(QStringLiteral("total")).toInt(), 3);
        QCOMPARE(store.sample(QStringLiteral("a"))->sample.input, pixels(1));
    }

    void jobsClaimReleaseAndRecover()
    {
        const lk::Workspace ws = lk::Workspace::open(fresh());
        lk::storage::Database db = ws.connect();
        QList<QJsonObject> samples;
        for (int i = 0; i < 12; ++i)
            samples << sampleJson(QStringLiteral("s%1").arg(i), i % 10, 0.95);
        SampleStore(db).ingest(jsonl(samples), SampleFilter{});
        LoopConfig config;
        config.triggers.sampleThreshold = 10;
        config.triggers.cooldownSeconds = 3600;
        LearningLoop loop(ws, db, config);
        const QDateTime now = QDateTime::currentDateTimeUtc();

        const TickResult tick = loop.tick(now, false);
        QVERIFY(tick.job);
        QCOMPARE(tick.response.value(QStringLiteral("action")).toString(), QStringLiteral("training_triggered"));
        QCOMPARE(tick.response.value(QStringLiteral("reason")).toString(), QStringLiteral("sample_threshold"));
        QCOMPARE(tick.response.value(QStringLiteral("samples_collected")).toInt(), 12);
        QCOMPARE(tick.response.value(QStringLiteral("target_model")).toString(), QStringLiteral("fashion-mnist@1"));
        QVERIFY(tick.response.value(QStringLiteral("training_job_id")).toString().startsWith(QStringLiteral("train_")));
        QCOMPARE(tick.job->manifest.value(QStringLiteral("samples")).toArray().size(), 12);
        QCOMPARE(tick.job->routing.value(QStringLiteral("runner")).toString(), QStringLiteral("local"));
        QCOMPARE(SampleStore(db).trainableCount(), 0);
        QCOMPARE(SampleStore(db).samplesOfJob(tick.job->jobId).size(), size_t(12));

        // One job per line: the next tick is blocked, and the database refuses a second one.
        const TickResult blocked = loop.tick(now, true);
        QVERIFY(!blocked.job);
        QCOMPARE(blocked.response.value(QStringLiteral("reason")).toString(), QStringLiteral("job_running"));
        LoopJob second = *tick.job;
        second.jobId = JobStore::newJobId();
        QVERIFY_THROWS_EXCEPTION(lk::Error, JobStore(db).create(second));
        QVERIFY_THROWS_EXCEPTION(lk::Error,
            db.exec("INSERT INTO training_jobs (job_id, model_line, status, reason, sample_count, manifest_json,"
                    " routing_json, created_at) VALUES ('x', 'fashion-mnist', 'running', 'manual', 0, '{}', '{}', 'now')"));

        // The process that ran it died: the job fails and its samples are pending again.
        JobStore(db).setRunning(tick.job->jobId, 999999999);
        QCOMPARE(loop.recoverAbandonedJobs(), 1);
        QCOMPARE(JobStore(db).job(tick.job->jobId)->status, JobStatus::Failed);
        QVERIFY(JobStore(db).job(tick.job->jobId)->error.contains(QStringLiteral("999999999")));
        QCOMPARE(SampleStore(db).trainableCount(), 12);

        // The cool-down now holds the sample trigger back, but not an operator.
        const TickResult cooling = loop.tick(now.addSecs(60), false);
        QVERIFY(!cooling.job);
        QCOMPARE(cooling.response.value(QStringLiteral("reason")).toString(), QStringLiteral("cooldown"));
        QVERIFY(loop.tick(now.addSecs(60), true).job);
    }

    void registryNumbersActivatesAndChecksArtifacts()
    {
        const lk::Workspace ws = lk::Workspace::open(fresh());
        lk::storage::Database db = ws.connect();
        ModelRegistry registry(db);
        const QString a = QDir(ws.modelsDir()).filePath(QStringLiteral("a.pt"));
        const QString b = QDir(ws.modelsDir()).filePath(QStringLiteral("b.pt"));
        QVERIFY(lk::test::writeFile(a, "model a"));
        QVERIFY(lk::test::writeFile(b, "model b"));
        const ModelVersion v1 = registry.addCandidate(QStringLiteral("line"), a, ModelRegistry::fileSha256(a), {}, {}, {}, 0, {});
        const ModelVersion v2 = registry.addCandidate(QStringLiteral("line"), b, ModelRegistry::fileSha256(b), {}, {}, v1.id, 5, {});
        QCOMPARE(v1.versionNumber, 1);
        QCOMPARE(v2.versionNumber, 2);
        QCOMPARE(v2.name(), QStringLiteral("line@2"));
        QCOMPARE(v1.sha256, QString::fromLatin1(lk::test::fileSha256(a)));
        registry.activate(v1.id);
        registry.activate(v2.id);
        QCOMPARE(registry.active(QStringLiteral("line"))->id, v2.id);
        QCOMPARE(registry.version(QStringLiteral("line@1"))->status, QStringLiteral("deprecated"));
        QCOMPARE(registry.version(v2.id)->parentVersion, v1.id);
        ModelRegistry::verifyArtifact(*registry.version(QStringLiteral("line@2")));
        QVERIFY(lk::test::writeFile(b, "model b, changed"));
        try {
            ModelRegistry::verifyArtifact(*registry.version(QStringLiteral("line@2")));
            QFAIL("a changed artifact passed the check");
        } catch (const lk::Error &e) {
            QVERIFY2(e.message().contains(QStringLiteral("will not be loaded")), qPrintable(e.message()));
            QVERIFY(e.message().contains(v2.sha256));
        }
    }

    void notificationsReachTheWebhook()
    {
        const lk::Workspace ws = lk::Workspace::open(fresh());
        lk::storage::Database db = ws.connect();
        // A real HTTP endpoint on loopback, answered from this thread while the notifier waits.
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost));
        QByteArray received;
        connect(&server, &QTcpServer::newConnection, &server, [&] {
            QTcpSocket *socket = server.nextPendingConnection();
            connect(socket, &QTcpSocket::readyRead, socket, [socket, &received] {
                received += socket->readAll();
                const int headerEnd = received.indexOf("\r\n\r\n");
                if (headerEnd < 0)
                    return;
                const QByteArray headers = received.left(headerEnd).toLower();
                const int at = headers.indexOf("content-length:");
                const int length = at < 0 ? 0 : headers.mid(at + 15, headers.indexOf('\r', at) - at - 15).trimmed().toInt();
                if (received.size() < headerEnd + 4 + length)
                    return;
                socket->write("HTTP/1.1 204 No Content\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                socket->disconnectFromHost();
            });
        });
        const QUrl hook(QStringLiteral("http://127.0.0.1:%1/hook").arg(server.serverPort()));
        Notifier(db, hook).notify(QStringLiteral("training_finished"), QStringLiteral("done"),
            QJsonObject{{QStringLiteral("job_id"), QStringLiteral("train_1")}});
        QVERIFY(received.startsWith("POST /hook"));
        const QJsonObject payload = QJsonDocument::fromJson(received.mid(received.indexOf("\r\n\r\n") + 4)).object();
        QCOMPARE(payload.value(QStringLiteral("kind")).toString(), QStringLiteral("training_finished"));
        QCOMPARE(payload.value(QStringLiteral("body")).toObject().value(QStringLiteral("job_id")).toString(), QStringLiteral("train_1"));

        const quint16 closed = server.serverPort();
        server.close();
        Notifier(db, QUrl(QStringLiteral("http://127.0.0.1:%1/hook").arg(closed)), 2000)
            .notify(QStringLiteral("training_failed"), QStringLiteral("oops"), {});
        const QJsonArray recent = Notifier(db).recent();
        QCOMPARE(recent.size(), 2);
        QVERIFY(recent[0].toObject().value(QStringLiteral("webhook_status")).toString().startsWith(QStringLiteral("failed")));
        QCOMPARE(recent[1].toObject().value(QStringLiteral("webhook_status")).toString(), QStringLiteral("delivered: HTTP 204"));
    }

    void loopConfigRefusesWhatItDoesNotKnow_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("error");
        QTest::addRow("typo") << QByteArray("{\"trigers\": {}}") << "trigers is not a setting";
        QTest::addRow("nested typo") << QByteArray("{\"training\": {\"epoch\": 3}}") << "training.epoch is not a setting";
        QTest::addRow("bad epochs") << QByteArray("{\"training\": {\"epochs\": 0}}") << "training.epochs must be an integer";
        QTest::addRow("bad threshold") << QByteArray("{\"samples\": {\"min_correction_confidence\": 2}}") << "samples.min_correction_confidence";
        QTest::addRow("bad webhook") << QByteArray("{\"webhook\": \"ftp://x\"}") << "webhook must be an http";
        QTest::addRow("bad schedule") << QByteArray("{\"triggers\": {\"schedule\": \"someday 25:00\"}}") << "schedule";
        QTest::addRow("bad line") << QByteArray("{\"model_line\": \"a b\"}") << "model_line";
    }

    void loopConfigRefusesWhatItDoesNotKnow()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, error);
        try {
            LoopConfig::fromJson(QJsonDocument::fromJson(json).object());
            QFAIL("a bad configuration was accepted");
        } catch (const lk::Error &e) {
            QVERIFY2(e.message().contains(error), qPrintable(e.message()));
        }
    }

    void schemaAgreesWithTheParser()
    {
        // The shipped JSON Schema and the parser accept and refuse the same documents.
        QJsonArray documents;
        QList<bool> valid;
        const auto add = [&](const QJsonObject &o, bool ok) {
            documents.append(o);
            valid << ok;
        };
        add(sampleJson(QStringLiteral("a"), 3, 0.9), true);
        add(sampleJson(QStringLiteral("b"), 3, 0.9, false), true);
        add(with(sampleJson(QStringLiteral("c"), 3, 0.9), QStringLiteral("correction.label"), QStringLiteral("Bag")), true);
        add(with(sampleJson(QStringLiteral("d"), 3, 0.9), QStringLiteral("correction.label"), 10), false);
        add(with(sampleJson(QStringLiteral("e"), 3, 0.9), QStringLiteral("prediction.confidence"), 1.2), false);
        add(with(sampleJson(QStringLiteral("f"), 3, 0.9), QStringLiteral("node_id"), QJsonValue(QJsonValue::Undefined)), false);
        add(with(sampleJson(QStringLiteral("g"), 3, 0.9), QStringLiteral("input.format"), QStringLiteral("png")), false);
        for (int i = 0; i < documents.size(); ++i) {
            bool parsed = true;
            try {
                parseEscalatedSample(documents[i].toObject());
            } catch (const lk::Error &) {
                parsed = false;
            }
            QCOMPARE(parsed, valid[i]);
        }
        QProcess python;
        python.start(QStringLiteral("/usr/bin/python3"),
            {QStringLiteral("-c"),
                QStringLiteral("import json, sys, jsonschema\n"
                               "schema = json.load(open(sys.argv[1]))\n"
                               "v = jsonschema.Draft202012Validator(schema)\n"
                               "print(json.dumps([v.is_valid(d) for d in json.load(sys.stdin)]))"),
                lk::test::sourcePath(QStringLiteral("schemas/escalated_sample.schema.json"))});
        python.write(QJsonDocument(documents).toJson());
        python.closeWriteChannel();
        QVERIFY(python.waitForFinished(60000));
        if (python.exitCode() != 0 && python.readAllStandardError().contains("No module named 'jsonschema'"))
            QFAIL("/usr/bin/python3 has no jsonschema module: scripts/test installs python3-jsonschema");
        const QJsonArray verdicts = QJsonDocument::fromJson(python.readAllStandardOutput()).array();
        QCOMPARE(verdicts.size(), documents.size());
        for (int i = 0; i < documents.size(); ++i)
            QVERIFY2(verdicts[i].toBool() == valid[i], qPrintable(QStringLiteral("document %1").arg(i)));
    }

    void inboxTakesSampleFiles()
    {
        const lk::Workspace ws = lk::Workspace::open(fresh());
        lk::storage::Database db = ws.connect();
        const QString inbox = ws.inboxDir();
        QVERIFY(lk::test::writeFile(QDir(inbox).filePath(QStringLiteral("edge-1.jsonl")),
            jsonl({sampleJson(QStringLiteral("i1"), 1, 0.9), with(sampleJson(QStringLiteral("i2"), 1, 0.9),
                                                                QStringLiteral("prediction.label"), 42)})));
        QVERIFY(lk::test::writeFile(QDir(inbox).filePath(QStringLiteral("broken.jsonl")), "{\"sample_id\": \"z\"}\n"));
        const QJsonArray files = lk::loop::processInbox(ws, db).files;
        QCOMPARE(files.size(), 2);
        QCOMPARE(SampleStore(db).trainableCount(), 1);
        QVERIFY(QFileInfo::exists(QDir(inbox).filePath(QStringLiteral("processed/edge-1.jsonl"))));
        QVERIFY(QFileInfo::exists(QDir(inbox).filePath(QStringLiteral("rejected/broken.jsonl"))));
        QFile report(QDir(inbox).filePath(QStringLiteral("processed/edge-1.jsonl.report.json")));
        QVERIFY(report.open(QIODevice::ReadOnly));
        const QJsonObject r = QJsonDocument::fromJson(report.readAll()).object();
        const QJsonObject bad = r.value(QStringLiteral("ingest")).toObject().value(QStringLiteral("rejected")).toArray()[0].toObject();
        QCOMPARE(bad.value(QStringLiteral("line")).toInt(), 2);
        QVERIFY(bad.value(QStringLiteral("error")).toString().contains(QStringLiteral("prediction.label")));
    }

    void inboxJudgesSampleFilesByTheFirstKnownRecord()
    {
        const lk::Workspace ws = lk::Workspace::open(fresh());
        lk::storage::Database db = ws.connect();
        const QString inbox = ws.inboxDir();
        QVERIFY(lk::test::writeFile(QDir(inbox).filePath(QStringLiteral("edge-2.jsonl")),
            "{\"note\": \"header of another tool\"}\n" + jsonl({sampleJson(QStringLiteral("k1"), 3, 0.9)})));
        const QJsonArray files = lk::loop::processInbox(ws, db).files;
        QCOMPARE(files.size(), 1);
        const QJsonObject file = files[0].toObject();
        QCOMPARE(file.value(QStringLiteral("kind")).toString(), QStringLiteral("samples"));
        QCOMPARE(file.value(QStringLiteral("accepted")).toInt(), 1);
        const QJsonArray rejected = file.value(QStringLiteral("rejected")).toArray();
        QCOMPARE(rejected.size(), 1);
        QCOMPARE(rejected[0].toObject().value(QStringLiteral("line")).toInt(), 1);
        QVERIFY(QFileInfo::exists(QDir(inbox).filePath(QStringLiteral("processed/edge-2.jsonl"))));
    }

    void cliAndRestFaces()
    {
        const QString root = fresh();
        QCOMPARE(cli({QStringLiteral("-w"), root, QStringLiteral("workspace"), QStringLiteral("init")}).exitCode, 0);
        const Run ingest = cli({QStringLiteral("-w"), root, QStringLiteral("samples"), QStringLiteral("ingest"), QStringLiteral("-")},
            jsonl({sampleJson(QStringLiteral("x1"), 1, 0.9), sampleJson(QStringLiteral("x2"), 2, 0.1)}));
        QCOMPARE(ingest.exitCode, 0);
        const QJsonObject report = QJsonDocument::fromJson(ingest.out).object();
        QCOMPARE(report.value(QStringLiteral("accepted")).toInt(), 1);
        QCOMPARE(report.value(QStringLiteral("filtered")).toInt(), 1);
        const Run bad = cli({QStringLiteral("-w"), root, QStringLiteral("samples"), QStringLiteral("ingest"), QStringLiteral("-")},
            QByteArray("{\"sample_id\": \"y\"}\n"));
        QCOMPARE(bad.exitCode, 3);
        QVERIFY(bad.err.contains("node_id is missing") || bad.out.contains("node_id is missing"));
        const Run status = cli({QStringLiteral("-w"), root, QStringLiteral("loop"), QStringLiteral("status")});
        QCOMPARE(status.exitCode, 0);
        QCOMPARE(QJsonDocument::fromJson(status.out).object().value(QStringLiteral("trainable_samples")).toInt(), 1);
        const Run tick = cli({QStringLiteral("-w"), root, QStringLiteral("loop"), QStringLiteral("tick")});
        QCOMPARE(tick.exitCode, 0);
        QCOMPARE(QJsonDocument::fromJson(tick.out).object().value(QStringLiteral("action")).toString(), QStringLiteral("none"));

        // POST /api/samples with curl against the real server.
        QProcess server;
        server.start(lk::test::binary(QStringLiteral("loopkeeper-cli")),
            {QStringLiteral("-w"), root, QStringLiteral("serve"), QStringLiteral("--port"), QStringLiteral("0")});
        QByteArray line;
        QTRY_VERIFY_WITH_TIMEOUT((line += server.readAllStandardOutput()).contains('\n'), 60000);
        const QString url = QJsonDocument::fromJson(line.left(line.indexOf('\n'))).object().value(QStringLiteral("listening")).toString();
        QVERIFY(!url.isEmpty());
        QProcess curl;
        curl.start(QStringLiteral("curl"), {QStringLiteral("-s"), QStringLiteral("-w"), QStringLiteral("\n%{http_code}"),
                                               QStringLiteral("-H"), QStringLiteral("Content-Type: application/json"),
                                               QStringLiteral("--data-binary"), QStringLiteral("@-"), url + QStringLiteral("/api/samples")});
        curl.write(QJsonDocument(QJsonArray{sampleJson(QStringLiteral("x3"), 3, 0.9), sampleJson(QStringLiteral("x1"), 1, 0.9)})
                .toJson(QJsonDocument::Compact));
        curl.closeWriteChannel();
        QVERIFY(curl.waitForFinished(60000));
        const QList<QByteArray> answer = curl.readAllStandardOutput().split('\n');
        QCOMPARE(answer.last(), QByteArray("200"));
        const QJsonObject posted = QJsonDocument::fromJson(answer.first()).object();
        QCOMPARE(posted.value(QStringLiteral("accepted")).toInt(), 1);
        QCOMPARE(posted.value(QStringLiteral("duplicates")).toInt(), 1);
        curl.start(QStringLiteral("curl"), {QStringLiteral("-s"), url + QStringLiteral("/api/samples/stats")});
        QVERIFY(curl.waitForFinished(60000));
        QCOMPARE(QJsonDocument::fromJson(curl.readAllStandardOutput()).object().value(QStringLiteral("trainable")).toInt(), 2);
        server.terminate();
        QVERIFY(server.waitForFinished(30000));
    }

    void serveRunsTheLoopUnattended()
    {
        if (!QFileInfo::exists(lk::training::defaultFashionMnistDir()))
            QFAIL("Fashion-MNIST is not installed: scripts/test installs Debian's dataset-fashion-mnist");
        const QString root = fresh();
        {
            const lk::Workspace ws = lk::Workspace::open(root);
            QVERIFY(lk::test::writeFile(LoopConfig::path(ws),
                "{\"triggers\": {\"sample_threshold\": 5}, \"training\": {\"epochs\": 1, \"bootstrap_train_images\": 600},"
                " \"eval\": {\"test_images\": 200}, \"gate\": {\"min_eval_size\": 100, \"min_accuracy\": 0.05}}"));
            lk::storage::Database db = ws.connect();
            QList<QJsonObject> samples;
            for (int i = 0; i < 8; ++i)
                samples << sampleJson(QStringLiteral("u%1").arg(i), i % 10, 0.95);
            QCOMPARE(SampleStore(db).ingest(jsonl(samples), SampleFilter{}).accepted, 8);
        }
        QProcess server;
        server.start(lk::test::binary(QStringLiteral("loopkeeper-cli")),
            {QStringLiteral("-w"), root, QStringLiteral("serve"), QStringLiteral("--port"), QStringLiteral("0"),
                QStringLiteral("--loop-interval"), QStringLiteral("1")});
        QByteArray line;
        QTRY_VERIFY_WITH_TIMEOUT((line += server.readAllStandardOutput()).contains('\n'), 60000);
        QCOMPARE(QJsonDocument::fromJson(line.left(line.indexOf('\n'))).object().value(QStringLiteral("loop_interval_seconds")).toInt(), 1);
        // Nobody ticks: the server's runner sees more than 5 samples and trains on its own.
        const lk::Workspace ws = lk::Workspace::open(root, lk::Workspace::OpenMode::ExistingOnly);
        lk::storage::Database db = ws.connect();
        QTRY_VERIFY_WITH_TIMEOUT(
            db.queryInt("SELECT count(*) FROM training_jobs WHERE status IN ('complete', 'failed')").value_or(0) == 1, 120000);
        const LoopJob job = JobStore(db).jobs(1).front();
        QCOMPARE(job.status, JobStatus::Complete);
        QCOMPARE(job.reason, QStringLiteral("sample_threshold"));
        QCOMPARE(job.sampleCount, 8);
        QVERIFY(ModelRegistry(db).active(QStringLiteral("fashion-mnist")));
        server.terminate();
        QVERIFY(server.waitForFinished(60000));
        QCOMPARE(server.exitCode(), 0);
    }

private:
    QString fresh() { return m_tmp.filePath(QStringLiteral("ws%1").arg(++m_count)); }
    QTemporaryDir m_tmp;
    int m_count = 0;
};

QTEST_GUILESS_MAIN(TestLoop)
#include "tst_loop.moc"
