// The memory-rule review queue on a real workspace database: the state machine (a rejection
// needs a reason), audit rows with the text before and after, reservations that expire (the
// clock is injected, nothing sleeps), undo, filters and sorting, bulk decisions, memory files
// only for approved rules (removed on undo and retire, one index per agent), atomic writes, an
// idempotent ingest, and two real loopkeeper-cli processes racing to decide the same rules.
#include "common/StateSupport.h"
#include "common/TestSupport.h"
#include "core/common/Error.h"
#include "core/rules/ReviewQueue.h"
#include "core/storage/Database.h"
#include "core/workspace/Workspace.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTimeZone>
#include <QtTest>

#include <memory>
#include <sys/resource.h>
#include <unistd.h>

using namespace lk::rules;

namespace {

/// A failed download task (the repeated_failure heuristic's raw material).
QJsonObject failedDownload(const QString &domain, const QString &error, int retries)
{
    return QJsonObject{{QStringLiteral("task_id"), QStringLiteral("dl")}, {QStringLiteral("agent"), QStringLiteral("action_agent")},
        {QStringLiteral("capability"), QStringLiteral("download")}, {QStringLiteral("status"), QStringLiteral("failed")},
        {QStringLiteral("domain"), domain}, {QStringLiteral("error_code"), error}, {QStringLiteral("retries"), retries},
        {QStringLiteral("max_retries"), 3}, {QStringLiteral("duration_ms"), 20000}, {QStringLiteral("depends_on"), QJsonArray()}};
}

QJsonObject retriedDownload(const QString &domain)
{
    QJsonObject t = failedDownload(domain, QStringLiteral("TIMEOUT"), 2);
    t.insert(QStringLiteral("status"), QStringLiteral("success"));
    return t;
}

/// A batch planting `perDomain[i]` failing runs on domain i: one repeated_failure rule each.
class Batch
{
public:
    explicit Batch(const QString &id)
        : m_id(id)
    { }

    void runs(const QJsonObject &task, int n)
    {
        for (int i = 0; i < n; ++i) {
            const QString runId = QStringLiteral("%1-run-%2").arg(m_id).arg(m_runs.size() + 1, 5, 10, QLatin1Char('0'));
            m_runs.append(QJsonObject{{QStringLiteral("run_id"), runId}, {QStringLiteral("workflow_id"), QStringLiteral("wf")},
                {QStringLiteral("timestamp"), QStringLiteral("2026-02-24T10:00:00Z")}, {QStringLiteral("tasks"), QJsonArray{task}}});
        }
    }
    /// One repeated_failure pattern per domain, seen `n` times.
    void failures(int domains, int n, const QString &error = QStringLiteral("HTTP_429"))
    {
        for (int d = 0; d < domains; ++d)
            runs(failedDownload(QStringLiteral("site%1.example").arg(d), error, 3), n);
    }
    QByteArray json() const
    {
        return QJsonDocument(QJsonObject{{QStringLiteral("batch_id"), m_id}, {QStringLiteral("source"), QStringLiteral("memory_agent")},
                                 {QStringLiteral("runs"), m_runs}})
            .toJson(QJsonDocument::Compact);
    }
    QString write(const QString &dir) const
    {
        const QString path = QDir(dir).filePath(m_id + QStringLiteral(".json"));
        lk::test::writeFile(path, json());
        return path;
    }

private:
    QString m_id;
    QJsonArray m_runs;
};

/// Makes the next file this process opens fail (root ignores a read-only folder, but not the
/// limit on open files): file descriptors are taken lowest first, so a limit at the lowest free
/// one refuses every new file while the database keeps the ones it has open.
class NoNewFiles
{
public:
    NoNewFiles()
    {
        getrlimit(RLIMIT_NOFILE, &m_old);
        const int lowest = ::dup(0);
        ::close(lowest);
        rlimit r = m_old;
        r.rlim_cur = rlim_t(lowest);
        setrlimit(RLIMIT_NOFILE, &r);
    }
    ~NoNewFiles() { setrlimit(RLIMIT_NOFILE, &m_old); }

private:
    rlimit m_old{};
};

RuleFilter statusFilter(RuleStatus status)
{
    RuleFilter f;
    f.statuses = {nameOf(status)};
    return f;
}

RuleFilter agentFilter(const QString &agent)
{
    RuleFilter f;
    f.targetAgent = agent;
    return f;
}

struct Result
{
    int exitCode = -1;
    QByteArray out, err;
    QJsonObject json() const
    {
        const QList<QByteArray> lines = out.trimmed().split('\n');
        return QJsonDocument::fromJson(lines.last()).object();
    }
};

} // namespace

class TestRulesQueue : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_tmp;
    std::unique_ptr<lk::Workspace> m_ws;
    std::unique_ptr<lk::storage::Database> m_db;
    std::unique_ptr<ReviewQueue> m_queue;
    QDateTime m_now;

    ReviewQueue &queue() { return *m_queue; }
    QString memory(const QString &relative) const { return QDir(m_ws->memoryDir()).filePath(relative); }

    QStringList ingest(const Batch &b)
    {
        const IngestOutcome out = queue().ingestBatch(b.json());
        if (!out.accepted)
            qFatal("batch refused");
        return out.proposed;
    }

    DecisionRecord decide(const QString &id, Decision d, const QString &reviewer, const QString &reason = {},
        const RuleEdit &edit = {}, const QString &session = QStringLiteral("console-1"))
    {
        DecisionRequest r;
        r.ruleId = id;
        r.decision = d;
        r.reviewer = reviewer;
        r.sessionId = session;
        r.reason = reason;
        r.edit = edit;
        return queue().decide(r);
    }

    qint64 decisionRows(const QString &id)
    {
        auto s = m_db->prepare("SELECT count(*) FROM rule_decisions WHERE rule_id = ?");
        s.bind(1, id);
        s.step();
        return s.columnInt64(0);
    }

    template<typename F>
    QString errorOf(F &&f, lk::ErrorKind expected)
    {
        try {
            f();
        } catch (const lk::Error &e) {
            if (e.kind() != expected)
                return QStringLiteral("WRONG KIND: ") + e.message();
            return e.message();
        }
        return QStringLiteral("NO ERROR");
    }

    Result cli(const QStringList &args)
    {
        QProcess p;
        p.start(lk::test::binary(QStringLiteral("loopkeeper-cli")), args);
        Result r;
        if (!p.waitForFinished(120000)) {
            p.kill();
            p.waitForFinished();
            return r;
        }
        r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        r.out = p.readAllStandardOutput();
        r.err = p.readAllStandardError();
        return r;
    }

private Q_SLOTS:
    void init()
    {
        m_tmp = std::make_unique<QTemporaryDir>();
        m_ws = std::make_unique<lk::Workspace>(lk::Workspace::open(m_tmp->filePath(QStringLiteral("ws"))));
        m_db = std::make_unique<lk::storage::Database>(m_ws->connect());
        m_queue = std::make_unique<ReviewQueue>(*m_db, m_ws->memoryDir());
        m_now = QDateTime(QDate(2026, 2, 24), QTime(23, 0), QTimeZone::utc());
        m_queue->setClock([this] { return m_now; });
    }

    void cleanup()
    {
        m_queue.reset();
        m_db.reset();
        m_ws.reset();
        m_tmp.reset();
    }

    void stateMachineAndAudit()
    {
        Batch b(QStringLiteral("batch_a"));
        b.failures(4, 3);
        const QStringList ids = ingest(b);
        QCOMPARE(ids.size(), 4);
        QCOMPARE(queue().count(statusFilter(RuleStatus::Proposed)), 4);

        // A rejection needs a reason; nothing is recorded without one.
        QVERIFY(errorOf([&] { decide(ids[0], Decision::Reject, QStringLiteral("alice")); }, lk::ErrorKind::Usage)
                    .contains(QLatin1String("needs a reason")));
        QCOMPARE(decisionRows(ids[0]), 0);

        const DecisionRecord rejected = decide(ids[0], Decision::Reject, QStringLiteral("alice"), QStringLiteral("too broad"));
        QCOMPARE(rejected.statusBefore, RuleStatus::Proposed);
        QCOMPARE(rejected.statusAfter, RuleStatus::Rejected);
        QCOMPARE(rejected.reason, QStringLiteral("too broad"));
        QCOMPARE(rejected.reviewer, QStringLiteral("alice"));
        QCOMPARE(rejected.decidedAt, QStringLiteral("2026-02-24T23:00:00.000Z"));
        QCOMPARE(rejected.before.value(QStringLiteral("instruction")), rejected.after.value(QStringLiteral("instruction")));
        QVERIFY(!QFileInfo::exists(memory(QStringLiteral("action_agent/%1.md").arg(ids[0]))));

        const DecisionRecord approved = decide(ids[1], Decision::Approve, QStringLiteral("alice"));
        QCOMPARE(approved.statusAfter, RuleStatus::Approved);
        QCOMPARE(approved.memoryFile, QStringLiteral("context/memory/action_agent/%1.md").arg(ids[1]));
        QVERIFY(QFileInfo::exists(memory(QStringLiteral("action_agent/%1.md").arg(ids[1]))));

        // Deferred rules come back for a decision; deciding a decided rule says who and when.
        decide(ids[2], Decision::Defer, QStringLiteral("bob"));
        QCOMPARE(queue().rule(ids[2]).row.status, RuleStatus::Deferred);
        QVERIFY(errorOf([&] { decide(ids[2], Decision::Defer, QStringLiteral("bob")); }, lk::ErrorKind::Input)
                    .contains(QLatin1String("already deferred by bob")));
        decide(ids[2], Decision::Approve, QStringLiteral("bob"));
        const QString again = errorOf([&] { decide(ids[1], Decision::Reject, QStringLiteral("bob"), QStringLiteral("no")); },
            lk::ErrorKind::Input);
        QVERIFY2(again.contains(QStringLiteral("already approved by alice at 2026-02-24T23:00:00.000Z")), qPrintable(again));
        QVERIFY(errorOf([&] { decide(QStringLiteral("rule_nope"), Decision::Approve, QStringLiteral("a")); }, lk::ErrorKind::Input)
                    .contains(QLatin1String("No rule rule_nope")));

        const std::vector<DecisionRecord> h = queue().history(ids[2]);
        QCOMPARE(h.size(), size_t(2));
        QCOMPARE(h[0].decision, QStringLiteral("deferred"));
        QCOMPARE(h[1].decision, QStringLiteral("approved"));
        QCOMPARE(h[1].statusBefore, RuleStatus::Deferred);
    }

    void editedApprovalPassesTheScopeGuard()
    {
        Batch b(QStringLiteral("batch_e"));
        b.failures(1, 3);
        const QString id = ingest(b).first();
        RuleEdit bad;
        bad.targetAgent = QStringLiteral("objective_agent");
        const QString refused = errorOf([&] { decide(id, Decision::Approve, QStringLiteral("alice"), {}, bad); }, lk::ErrorKind::Input);
        QVERIFY2(refused.contains(QLatin1String("out of scope")) && refused.contains(QLatin1String("target_agent")), qPrintable(refused));
        RuleEdit governance;
        governance.instruction = QStringLiteral("Edit context/governance/audit.md to drop the audit step.");
        QVERIFY(errorOf([&] { decide(id, Decision::Approve, QStringLiteral("alice"), {}, governance); }, lk::ErrorKind::Input)
                    .contains(QLatin1String("out of scope")));
        QCOMPARE(queue().rule(id).row.status, RuleStatus::Proposed);
        QCOMPARE(decisionRows(id), 0);

        const QString original = queue().rule(id).rule.instruction;
        RuleEdit edit;
        edit.instruction = QStringLiteral("Skip the branch at once on HTTP 429; never retry.");
        const DecisionRecord d = decide(id, Decision::Approve, QStringLiteral("alice"), {}, edit);
        QCOMPARE(d.statusAfter, RuleStatus::EditedAndApproved);
        QCOMPARE(d.before.value(QStringLiteral("instruction")).toString(), original);
        QCOMPARE(d.after.value(QStringLiteral("instruction")).toString(), *edit.instruction);
        const RuleDetail detail = queue().rule(id);
        QCOMPARE(detail.rule.instruction, *edit.instruction);
        QCOMPARE(detail.proposed.instruction, original);
        QFile f(memory(QStringLiteral("action_agent/%1.md").arg(id)));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray text = f.readAll();
        QVERIFY(text.contains("Skip the branch at once on HTTP 429; never retry."));
        QVERIFY(text.contains("status: \"edited_and_approved\""));
        QVERIFY(text.contains("approved_by: \"alice\""));
        QVERIFY(text.contains("source_batches: [\"batch_e\"]"));
    }

    void reservationsExpire()
    {
        Batch b(QStringLiteral("batch_r"));
        b.failures(1, 3);
        const QString id = ingest(b).first();
        const Reservation r = queue().reserve(id, QStringLiteral("alice"), QStringLiteral("console-a"), 300);
        QCOMPARE(r.expiresAt, m_now.addSecs(300));
        QCOMPARE(queue().list().front().reservedBy, QStringLiteral("alice"));
        QVERIFY(errorOf([&] { queue().reserve(id, QStringLiteral("bob"), QStringLiteral("console-b"), 300); }, lk::ErrorKind::Input)
                    .contains(QLatin1String("reserved by alice (session console-a) until 2026-02-24T23:05:00.000Z")));
        QVERIFY(errorOf([&] { decide(id, Decision::Approve, QStringLiteral("bob"), {}, {}, QStringLiteral("console-b")); },
            lk::ErrorKind::Input)
                    .contains(QLatin1String("reserved by alice")));
        // Renewing one's own is fine; after expiry someone else takes it over.
        m_now = m_now.addSecs(200);
        queue().reserve(id, QStringLiteral("alice"), QStringLiteral("console-a"), 300);
        m_now = m_now.addSecs(299);
        QVERIFY(queue().reservation(id).has_value());
        m_now = m_now.addSecs(2);
        QVERIFY(!queue().reservation(id).has_value());
        QVERIFY(queue().list().front().reservedBy.isEmpty());
        queue().reserve(id, QStringLiteral("bob"), QStringLiteral("console-b"), 60);
        QVERIFY(errorOf([&] { decide(id, Decision::Approve, QStringLiteral("alice"), {}, {}, QStringLiteral("console-a")); },
            lk::ErrorKind::Input)
                    .contains(QLatin1String("reserved by bob")));
        decide(id, Decision::Approve, QStringLiteral("bob"), {}, {}, QStringLiteral("console-b"));
        QVERIFY(!queue().reservation(id).has_value()); // released by the decision
        QVERIFY(errorOf([&] { queue().reserve(id, QStringLiteral("carol"), QStringLiteral("c"), 60); }, lk::ErrorKind::Input)
                    .contains(QLatin1String("already approved by bob")));
        QCOMPARE(queue().release(id, QStringLiteral("bob"), QStringLiteral("console-b")), false);
    }

    void undoTakesBackOnesOwnLastDecision()
    {
        Batch b(QStringLiteral("batch_u"));
        b.failures(3, 3);
        const QStringList ids = ingest(b);
        QVERIFY(errorOf([&] { queue().undoLast(QStringLiteral("alice")); }, lk::ErrorKind::Input).contains(QLatin1String("no decision")));
        decide(ids[0], Decision::Reject, QStringLiteral("alice"), QStringLiteral("wrong"));
        m_now = m_now.addSecs(10);
        decide(ids[1], Decision::Approve, QStringLiteral("alice"));
        const QString file = memory(QStringLiteral("action_agent/%1.md").arg(ids[1]));
        QVERIFY(QFileInfo::exists(file));
        QVERIFY(QFileInfo::exists(memory(QStringLiteral("action_agent/index.md"))));

        const DecisionRecord u = queue().undoLast(QStringLiteral("alice"));
        QCOMPARE(u.decision, QStringLiteral("undo"));
        QCOMPARE(u.ruleId, ids[1]);
        QCOMPARE(u.statusBefore, RuleStatus::Approved);
        QCOMPARE(u.statusAfter, RuleStatus::Proposed);
        QVERIFY(!QFileInfo::exists(file));
        QVERIFY(!QFileInfo::exists(memory(QStringLiteral("action_agent/index.md")))); // no approved rule left
        const std::vector<DecisionRecord> h = queue().history(ids[1]);
        QCOMPARE(h.size(), size_t(2));
        QVERIFY(h[0].undone);
        QCOMPARE(h[1].undoes, h[0].id);
        QVERIFY(queue().rule(ids[1]).decidedBy.isEmpty());

        // The next undo walks further back: the rejection.
        queue().undoLast(QStringLiteral("alice"));
        QCOMPARE(queue().rule(ids[0]).row.status, RuleStatus::Proposed);

        // Not one's own, or changed since: refused.
        decide(ids[2], Decision::Defer, QStringLiteral("alice"));
        decide(ids[2], Decision::Approve, QStringLiteral("bob"));
        QVERIFY(errorOf([&] { queue().undoLast(QStringLiteral("alice")); }, lk::ErrorKind::Input)
                    .contains(QLatin1String("bob decided it since")));
        QVERIFY(errorOf([&] { queue().undoLast(QStringLiteral("carol")); }, lk::ErrorKind::Input).contains(QLatin1String("carol has no decision")));
    }

    void retireRemovesFromMemory()
    {
        Batch b(QStringLiteral("batch_t"));
        b.failures(2, 3);
        const QStringList ids = ingest(b);
        decide(ids[0], Decision::Approve, QStringLiteral("alice"));
        decide(ids[1], Decision::Approve, QStringLiteral("alice"));
        QFile index(memory(QStringLiteral("action_agent/index.md")));
        QVERIFY(index.open(QIODevice::ReadOnly));
        QByteArray text = index.readAll();
        index.close();
        QVERIFY(text.contains("2 approved rules"));
        QVERIFY(text.contains(QByteArray(ids[0].toUtf8() + ".md")) && text.contains(QByteArray(ids[1].toUtf8() + ".md")));

        QVERIFY(errorOf([&] { queue().retire(ids[0], QStringLiteral("alice"), QString()); }, lk::ErrorKind::Usage).contains(QLatin1String("needs a reason")));
        const DecisionRecord r = queue().retire(ids[0], QStringLiteral("alice"), QStringLiteral("tiktok fixed its rate limit"));
        QCOMPARE(r.statusAfter, RuleStatus::Retired);
        QCOMPARE(r.memoryFile, QStringLiteral("context/memory/action_agent/%1.md").arg(ids[0]));
        QVERIFY(!QFileInfo::exists(memory(QStringLiteral("action_agent/%1.md").arg(ids[0]))));
        QVERIFY(index.open(QIODevice::ReadOnly));
        text = index.readAll();
        index.close();
        QVERIFY(text.contains("1 approved rule,"));
        QVERIFY(!text.contains(ids[0].toUtf8()));
        QVERIFY(errorOf([&] { queue().retire(ids[0], QStringLiteral("a"), QStringLiteral("x")); }, lk::ErrorKind::Input)
                    .contains(QLatin1String("only approved rules")));
        // Undo of the retirement puts the file back.
        queue().undoLast(QStringLiteral("alice"));
        QVERIFY(QFileInfo::exists(memory(QStringLiteral("action_agent/%1.md").arg(ids[0]))));
        QCOMPARE(queue().rule(ids[0]).row.status, RuleStatus::Approved);
    }

    void indexesPerAgent()
    {
        Batch b(QStringLiteral("batch_i"));
        b.failures(1, 8, QStringLiteral("HTTP_429"));
        b.runs(retriedDownload(QStringLiteral("vimeo.com")), 4); // retry pays off: dispatch_agent
        const QStringList ids = ingest(b);
        QCOMPARE(ids.size(), 2);
        for (const QString &id : ids)
            decide(id, Decision::Approve, QStringLiteral("alice"));
        QVERIFY(QFileInfo::exists(memory(QStringLiteral("action_agent/index.md"))));
        QVERIFY(QFileInfo::exists(memory(QStringLiteral("dispatch_agent/index.md"))));
        for (const QString &agent : {QStringLiteral("action_agent"), QStringLiteral("dispatch_agent")}) {
            QFile f(memory(agent + QStringLiteral("/index.md")));
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QByteArray t = f.readAll();
            QVERIFY(t.startsWith(QByteArray("# Memory rules for " + agent.toUtf8())));
            QVERIFY(t.contains("1 approved rule,"));
            const RuleRow row = queue().list(agentFilter(agent)).front();
            QVERIFY(t.contains(QByteArray(row.ruleId.toUtf8() + ".md")));
        }
    }

    void filtersAndSorting()
    {
        Batch b(QStringLiteral("batch_f"));
        b.failures(1, 1); // low confidence
        for (int d = 1; d <= 3; ++d)
            b.runs(failedDownload(QStringLiteral("mid%1.example").arg(d), QStringLiteral("HTTP_500"), 3), 3);
        for (int d = 1; d <= 2; ++d)
            b.runs(failedDownload(QStringLiteral("big%1.example").arg(d), QStringLiteral("HTTP_503"), 3), 12);
        const QStringList ids = ingest(b);
        QCOMPARE(ids.size(), 6);
        QCOMPARE(queue().count(), 6);
        RuleFilter high;
        high.minConfidence = 0.9;
        QCOMPARE(queue().count(high), 2);
        RuleFilter low;
        low.maxConfidence = 0.69;
        QCOMPARE(queue().count(low), 1);
        RuleFilter band;
        band.minConfidence = 0.7;
        band.maxConfidence = 0.89;
        QCOMPARE(queue().count(band), 3);
        RuleFilter agent;
        agent.targetAgent = QStringLiteral("action_agent");
        QCOMPARE(queue().count(agent), 6);
        agent.targetAgent = QStringLiteral("planning_agent");
        QCOMPARE(queue().count(agent), 0);
        RuleFilter search;
        search.search = QStringLiteral("big1.example");
        QCOMPARE(queue().count(search), 1);

        const std::vector<RuleRow> asc = queue().list({}, RuleSort::parse(QStringLiteral("-confidence")));
        QCOMPARE(asc.size(), size_t(6));
        for (size_t i = 1; i < asc.size(); ++i)
            QVERIFY(asc[i - 1].confidence <= asc[i].confidence);
        const std::vector<RuleRow> byPriority = queue().list();
        for (size_t i = 1; i < byPriority.size(); ++i)
            QVERIFY(priorityRank(byPriority[i - 1].priority) >= priorityRank(byPriority[i].priority));
        RuleFilter prio;
        prio.priority = byPriority.front().priority;
        QVERIFY(queue().count(prio) >= 1);
        // Paging: two pages of three are the list of six.
        const std::vector<RuleRow> p1 = queue().list({}, RuleSort::parse(QStringLiteral("rule_id")), 3, 0);
        const std::vector<RuleRow> p2 = queue().list({}, RuleSort::parse(QStringLiteral("rule_id")), 3, 3);
        QCOMPARE(p1.size(), size_t(3));
        QCOMPARE(p2.size(), size_t(3));
        QVERIFY(p1.back().ruleId < p2.front().ruleId);
        QVERIFY(errorOf([&] { RuleSort::parse(QStringLiteral("colour")); }, lk::ErrorKind::Usage).contains(QLatin1String("priority")));
        RuleFilter badStatus;
        badStatus.statuses = {QStringLiteral("pending")};
        QVERIFY(errorOf([&] { queue().count(badStatus); }, lk::ErrorKind::Usage).contains(QLatin1String("Unknown status")));

        decide(ids[0], Decision::Reject, QStringLiteral("alice"), QStringLiteral("r"));
        RuleFilter open;
        open.statuses = {nameOf(RuleStatus::Proposed), nameOf(RuleStatus::Deferred)};
        QCOMPARE(queue().count(open), 5);
        QCOMPARE(queue().countsByStatus().value(nameOf(RuleStatus::Rejected)).toInt(), 1);
    }

    void conflictsAreMarkedOnBothSides()
    {
        Batch a(QStringLiteral("batch_c1"));
        a.runs(failedDownload(QStringLiteral("vimeo.com"), QStringLiteral("TIMEOUT"), 2), 3);
        const QString noRetry = ingest(a).first();
        decide(noRetry, Decision::Approve, QStringLiteral("alice"));
        Batch b(QStringLiteral("batch_c2"));
        b.runs(retriedDownload(QStringLiteral("vimeo.com")), 4);
        const IngestOutcome out = queue().ingestBatch(b.json());
        QCOMPARE(out.conflicting.size(), 1);
        const QString retry = out.conflicting.first();
        RuleFilter conflicts;
        conflicts.conflictsOnly = true;
        QCOMPARE(queue().count(conflicts), 2);
        QCOMPARE(queue().rule(retry).conflictsWith, QStringList{noRetry});
        QCOMPARE(queue().rule(noRetry).conflictsWith, QStringList{retry});
        const std::vector<RuleRow> similar = queue().similar(retry);
        QCOMPARE(similar.size(), size_t(1));
        QCOMPARE(similar.front().ruleId, noRetry);

        // Rejecting one side settles the conflict for the other; undoing the rejection brings it back.
        decide(retry, Decision::Reject, QStringLiteral("bob"), QStringLiteral("the old rule stands"));
        QCOMPARE(queue().count(conflicts), 0);
        QVERIFY(queue().rule(noRetry).conflictsWith.isEmpty());
        QVERIFY(!queue().rule(noRetry).row.conflict);
        queue().undoLast(QStringLiteral("bob"));
        QCOMPARE(queue().count(conflicts), 2);
        QCOMPARE(queue().rule(noRetry).conflictsWith, QStringList{retry});
    }

    void memoryWriteIsAtomic()
    {
        Batch b(QStringLiteral("batch_w"));
        b.failures(2, 3);
        const QStringList ids = ingest(b);
        decide(ids[0], Decision::Approve, QStringLiteral("alice"));
        const QString dir = memory(QStringLiteral("action_agent"));
        const QString first = memory(QStringLiteral("action_agent/%1.md").arg(ids[0]));
        const QString index = memory(QStringLiteral("action_agent/index.md"));
        const QByteArray firstSha = lk::test::fileSha256(first), indexSha = lk::test::fileSha256(index);
        QVERIFY(!firstSha.isEmpty() && !indexSha.isEmpty());
        QString err;
        {
            // A read-only folder stops everyone but root; no free file descriptor stops root too.
            QFile::setPermissions(dir, QFile::ReadOwner | QFile::ExeOwner);
            NoNewFiles limit;
            err = errorOf([&] { decide(ids[1], Decision::Approve, QStringLiteral("bob")); }, lk::ErrorKind::Workspace);
        }
        QFile::setPermissions(dir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        QVERIFY2(err.contains(QLatin1String("Cannot write the memory file")), qPrintable(err));
        QCOMPARE(lk::test::fileSha256(first), firstSha);
        QCOMPARE(lk::test::fileSha256(index), indexSha);
        QVERIFY(!QFileInfo::exists(memory(QStringLiteral("action_agent/%1.md").arg(ids[1]))));
        QCOMPARE(QDir(dir).entryList(QDir::Files).size(), 2); // no temporary file left behind
        QCOMPARE(queue().rule(ids[1]).row.status, RuleStatus::Proposed);
        QCOMPARE(decisionRows(ids[1]), 0);
        // With the folder writable again the same decision goes through.
        decide(ids[1], Decision::Approve, QStringLiteral("bob"));
        QVERIFY(QFileInfo::exists(memory(QStringLiteral("action_agent/%1.md").arg(ids[1]))));
    }

    void reingestIsIdempotentAndReinforces()
    {
        Batch b(QStringLiteral("batch_x"));
        b.failures(3, 3);
        const QStringList ids = ingest(b);
        decide(ids[0], Decision::Approve, QStringLiteral("alice"));
        auto snapshot = [&] {
            QStringList rows;
            auto s = m_db->prepare("SELECT rule_id, status, rule_json, updated_at FROM rules ORDER BY rule_id");
            while (s.step())
                rows << s.columnText(0) + s.columnText(1) + s.columnText(2) + s.columnText(3);
            return rows;
        };
        const QStringList before = snapshot();
        const QByteArray fileSha = lk::test::fileSha256(memory(QStringLiteral("action_agent/%1.md").arg(ids[0])));
        m_now = m_now.addSecs(3600);
        const IngestOutcome again = queue().ingestBatch(b.json());
        QVERIFY(again.accepted);
        QVERIFY(again.proposed.isEmpty());
        QVERIFY(again.reinforced.isEmpty());
        QCOMPARE(QSet<QString>(again.alreadyCounted.begin(), again.alreadyCounted.end()), QSet<QString>(ids.begin(), ids.end()));
        QCOMPARE(snapshot(), before);
        QCOMPARE(lk::test::fileSha256(memory(QStringLiteral("action_agent/%1.md").arg(ids[0]))), fileSha);

        // Another batch with the same pattern reinforces: evidence and confidence grow, and the
        // approved rule's memory file follows.
        Batch c(QStringLiteral("batch_y"));
        c.failures(1, 6);
        const IngestOutcome more = queue().ingestBatch(c.json());
        QCOMPARE(more.reinforced, QStringList{ids[0]});
        const RuleDetail d = queue().rule(ids[0]);
        QCOMPARE(d.rule.evidence.runs, 9);
        QCOMPARE(d.sourceBatches, (QStringList{QStringLiteral("batch_x"), QStringLiteral("batch_y")}));
        QVERIFY(d.rule.confidence > 0.9);
        QFile f(memory(QStringLiteral("action_agent/%1.md").arg(ids[0])));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(f.readAll().contains("source_batches: [\"batch_x\",\"batch_y\"]"));

        const IngestOutcome bad = queue().ingestBatch(QByteArrayLiteral("{\"batch_id\": 3}"));
        QVERIFY(!bad.accepted);
        QCOMPARE(queue().count(), 3);
    }

    void twoProcessesNeverDecideTheSameRuleTwice()
    {
        const QString root = m_ws->root();
        Batch b(QStringLiteral("batch_race"));
        b.failures(40, 3);
        const QString path = b.write(m_tmp->path());
        const Result mined = cli({QStringLiteral("rules"), QStringLiteral("mine"), QStringLiteral("--audit"), path, QStringLiteral("-w"), root});
        QVERIFY2(mined.exitCode == 0, mined.err.constData());
        const QJsonObject report = mined.json().value(QStringLiteral("output")).toObject().value(QStringLiteral("content")).toObject()
                                       .value(QStringLiteral("learning_report")).toObject();
        QCOMPARE(report.value(QStringLiteral("batch_id")).toString(), QStringLiteral("batch_race"));
        QStringList ids;
        for (const RuleRow &r : queue().list({}, RuleSort::parse(QStringLiteral("rule_id")), 1000))
            ids << r.ruleId;
        QCOMPARE(ids.size(), 40);
        const QString idList = ids.join(QLatin1Char(','));

        // The confirmation says how many and changes nothing.
        const Result preview = cli({QStringLiteral("rules"), QStringLiteral("bulk"), QStringLiteral("approve"), QStringLiteral("--ids"),
            idList, QStringLiteral("--reviewer"), QStringLiteral("a"), QStringLiteral("-w"), root});
        QCOMPARE(preview.exitCode, 0);
        QCOMPARE(preview.json().value(QStringLiteral("confirmation")).toString(), QStringLiteral("Approve 40 rules?"));
        QCOMPARE(queue().count(statusFilter(RuleStatus::Proposed)), 40);

        // Two processes race over the same 40 rules: one approves, the other rejects them.
        QProcess pa, pb;
        pa.start(lk::test::binary(QStringLiteral("loopkeeper-cli")),
            {QStringLiteral("rules"), QStringLiteral("bulk"), QStringLiteral("approve"), QStringLiteral("--ids"), idList,
                QStringLiteral("--reviewer"), QStringLiteral("a"), QStringLiteral("--yes"), QStringLiteral("-w"), root});
        pb.start(lk::test::binary(QStringLiteral("loopkeeper-cli")),
            {QStringLiteral("rules"), QStringLiteral("bulk"), QStringLiteral("reject"), QStringLiteral("--ids"), idList,
                QStringLiteral("--reviewer"), QStringLiteral("b"), QStringLiteral("--reason"), QStringLiteral("race"),
                QStringLiteral("--yes"), QStringLiteral("-w"), root});
        QVERIFY(pa.waitForFinished(120000) && pb.waitForFinished(120000));
        QCOMPARE(pa.exitCode(), 0);
        QCOMPARE(pb.exitCode(), 0);
        const QJsonObject ra = QJsonDocument::fromJson(pa.readAllStandardOutput()).object();
        const QJsonObject rb = QJsonDocument::fromJson(pb.readAllStandardOutput()).object();
        QSet<QString> byA, byB;
        for (const QJsonValue &v : ra.value(QStringLiteral("decided")).toArray())
            byA.insert(v.toString());
        for (const QJsonValue &v : rb.value(QStringLiteral("decided")).toArray())
            byB.insert(v.toString());
        QVERIFY(!byA.intersects(byB));
        QCOMPARE(byA.size() + byB.size(), 40);
        qInfo("approved by a: %lld, rejected by b: %lld", qint64(byA.size()), qint64(byB.size()));
        for (const QJsonValue &v : ra.value(QStringLiteral("skipped")).toArray())
            QVERIFY2(v.toObject().value(QStringLiteral("reason")).toString().contains(QLatin1String("already rejected by b at")),
                qPrintable(v.toObject().value(QStringLiteral("reason")).toString()));
        for (const QJsonValue &v : rb.value(QStringLiteral("skipped")).toArray())
            QVERIFY(v.toObject().value(QStringLiteral("reason")).toString().contains(QLatin1String("already approved by a at")));
        for (const QString &id : ids) {
            QCOMPARE(decisionRows(id), 1);
            const RuleStatus status = queue().rule(id).row.status;
            QCOMPARE(status, byA.contains(id) ? RuleStatus::Approved : RuleStatus::Rejected);
            QCOMPARE(QFileInfo::exists(memory(QStringLiteral("action_agent/%1.md").arg(id))), byA.contains(id));
        }

        // And one rule, two single decisions at once: exactly one wins, the other is told.
        Batch c(QStringLiteral("batch_race2"));
        c.runs(failedDownload(QStringLiteral("one.example"), QStringLiteral("HTTP_429"), 3), 3);
        const QString id = queue().ingestBatch(c.json()).proposed.first();
        QProcess p1, p2;
        p1.start(lk::test::binary(QStringLiteral("loopkeeper-cli")),
            {QStringLiteral("rules"), QStringLiteral("approve"), id, QStringLiteral("--reviewer"), QStringLiteral("a"), QStringLiteral("-w"), root});
        p2.start(lk::test::binary(QStringLiteral("loopkeeper-cli")),
            {QStringLiteral("rules"), QStringLiteral("approve"), id, QStringLiteral("--reviewer"), QStringLiteral("b"), QStringLiteral("-w"), root});
        QVERIFY(p1.waitForFinished(120000) && p2.waitForFinished(120000));
        QCOMPARE(QSet<int>({p1.exitCode(), p2.exitCode()}), QSet<int>({0, 3}));
        const QByteArray loserErr = p1.exitCode() ? p1.readAllStandardError() : p2.readAllStandardError();
        QVERIFY2(loserErr.contains("already approved by"), loserErr.constData());
        QCOMPARE(decisionRows(id), 1);
    }

    void cliCommands()
    {
        const QString root = m_ws->root();
        Batch b(QStringLiteral("batch_cli"));
        b.failures(2, 3);
        const QString path = b.write(m_tmp->path());
        QCOMPARE(cli({QStringLiteral("rules"), QStringLiteral("mine"), QStringLiteral("--audit"), path, QStringLiteral("-w"), root}).exitCode, 0);
        const Result q = cli({QStringLiteral("rules"), QStringLiteral("queue"), QStringLiteral("--status"), QStringLiteral("proposed"),
            QStringLiteral("--min-confidence"), QStringLiteral("0.7"), QStringLiteral("--sort"), QStringLiteral("rule_id"), QStringLiteral("-w"), root});
        QCOMPARE(q.exitCode, 0);
        QCOMPARE(q.json().value(QStringLiteral("total")).toInt(), 2);
        const QString id = q.json().value(QStringLiteral("rules")).toArray().first().toObject().value(QStringLiteral("rule_id")).toString();
        const Result noReason = cli({QStringLiteral("rules"), QStringLiteral("reject"), id, QStringLiteral("-w"), root});
        QCOMPARE(noReason.exitCode, 2);
        const Result approve = cli({QStringLiteral("rules"), QStringLiteral("approve"), id, QStringLiteral("--reviewer"), QStringLiteral("zoe"),
            QStringLiteral("--edit-instruction"), QStringLiteral("Skip on 429."), QStringLiteral("-w"), root});
        QVERIFY2(approve.exitCode == 0, approve.err.constData());
        QCOMPARE(approve.json().value(QStringLiteral("decision")).toString(), QStringLiteral("edited_and_approved"));
        const Result show = cli({QStringLiteral("rules"), QStringLiteral("show"), id, QStringLiteral("-w"), root});
        QCOMPARE(show.json().value(QStringLiteral("history")).toArray().size(), 1);
        QCOMPARE(show.json().value(QStringLiteral("memory_file")).toString(), QStringLiteral("context/memory/action_agent/%1.md").arg(id));
        const Result undo = cli({QStringLiteral("rules"), QStringLiteral("undo"), QStringLiteral("--reviewer"), QStringLiteral("zoe"), QStringLiteral("-w"), root});
        QCOMPARE(undo.exitCode, 0);
        QCOMPARE(undo.json().value(QStringLiteral("status_after")).toString(), QStringLiteral("proposed"));
        const Result bad = cli({QStringLiteral("rules"), QStringLiteral("mine"), QStringLiteral("--audit"), m_tmp->filePath(QStringLiteral("none.json")),
            QStringLiteral("-w"), root});
        QCOMPARE(bad.exitCode, 3);
    }
};

QTEST_GUILESS_MAIN(TestRulesQueue)
#include "tst_rules_queue.moc"
