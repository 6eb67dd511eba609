// The state machines of docs/states.md, table by table: every status against every command as
// the document writes it down, every stored name there and back, and an unknown name refused
// with the known ones listed. Then the stores on a real workspace database: each status is
// reached the way the product reaches it, each command is tried in it, and the store does
// exactly what the table says — a command the status takes goes through to the documented
// next status, any other is refused with lk::Error(Input) naming the status and the commands
// it does take, and changes nothing.
#include "common/StateSupport.h"
#include "common/TestSupport.h"
#include "core/common/Error.h"
#include "core/loop/JobStore.h"
#include "core/rollout/RolloutStore.h"
#include "core/rules/ReviewQueue.h"
#include "core/storage/Database.h"
#include "core/workspace/Workspace.h"

#include <QTemporaryDir>
#include <QTimeZone>
#include <QtTest>

#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <vector>

using lk::fleet::NodeHealthStatus;
using lk::loop::JobCommand;
using lk::loop::JobStatus;
using lk::rollout::NodeAction;
using lk::rollout::RolloutCommand;
using lk::rollout::RolloutNodeState;
using lk::rollout::RolloutStatus;
using lk::rules::RuleCommand;
using lk::rules::RuleStatus;

namespace {

// The documented tables (docs/states.md), written out here independently of the code.

const std::vector<std::pair<RolloutStatus, QString>> kRolloutStatusNames{
    {RolloutStatus::Deploying, QStringLiteral("deploying")},
    {RolloutStatus::Monitoring, QStringLiteral("monitoring")},
    {RolloutStatus::Paused, QStringLiteral("paused")},
    {RolloutStatus::RollingBack, QStringLiteral("rolling_back")},
    {RolloutStatus::Completed, QStringLiteral("completed")},
    {RolloutStatus::RolledBack, QStringLiteral("rolled_back")},
    {RolloutStatus::Aborted, QStringLiteral("aborted")}};
const std::vector<std::pair<RolloutCommand, QString>> kRolloutCommandNames{
    {RolloutCommand::Pause, QStringLiteral("pause")}, {RolloutCommand::Resume, QStringLiteral("resume")},
    {RolloutCommand::Promote, QStringLiteral("promote")},
    {RolloutCommand::Rollback, QStringLiteral("rollback")}};
const std::map<RolloutStatus, std::vector<RolloutCommand>> kRolloutTakes{
    {RolloutStatus::Deploying, {RolloutCommand::Pause, RolloutCommand::Rollback}},
    {RolloutStatus::Monitoring, {RolloutCommand::Pause, RolloutCommand::Promote, RolloutCommand::Rollback}},
    {RolloutStatus::Paused, {RolloutCommand::Resume, RolloutCommand::Promote, RolloutCommand::Rollback}},
    {RolloutStatus::RollingBack, {}}, {RolloutStatus::Completed, {}}, {RolloutStatus::RolledBack, {}},
    {RolloutStatus::Aborted, {}}};

const std::vector<std::pair<RolloutNodeState, QString>> kNodeStateNames{
    {RolloutNodeState::Waiting, QStringLiteral("waiting")},
    {RolloutNodeState::Deployed, QStringLiteral("deployed")},
    {RolloutNodeState::Failed, QStringLiteral("failed")},
    {RolloutNodeState::RolledBack, QStringLiteral("rolled_back")}};
const std::map<RolloutNodeState, std::vector<NodeAction>> kNodeTakes{
    {RolloutNodeState::Waiting, {NodeAction::Deploy}}, {RolloutNodeState::Deployed, {NodeAction::RollBack}},
    {RolloutNodeState::Failed, {NodeAction::RollBack}}, {RolloutNodeState::RolledBack, {}}};

const std::vector<std::pair<NodeHealthStatus, QString>> kHealthNames{
    {NodeHealthStatus::Unknown, QStringLiteral("unknown")}, {NodeHealthStatus::Up, QStringLiteral("up")},
    {NodeHealthStatus::Down, QStringLiteral("down")}};

const std::vector<std::pair<JobStatus, QString>> kJobStatusNames{
    {JobStatus::Queued, QStringLiteral("queued")}, {JobStatus::Running, QStringLiteral("running")},
    {JobStatus::Complete, QStringLiteral("complete")}, {JobStatus::Failed, QStringLiteral("failed")},
    {JobStatus::Cancelled, QStringLiteral("cancelled")}};
const std::vector<std::pair<JobCommand, QString>> kJobCommandNames{{JobCommand::Run, QStringLiteral("run")},
    {JobCommand::Cancel, QStringLiteral("cancel")}, {JobCommand::Complete, QStringLiteral("complete")},
    {JobCommand::Fail, QStringLiteral("fail")}};
const std::map<JobStatus, std::vector<JobCommand>> kJobTakes{
    {JobStatus::Queued, {JobCommand::Run, JobCommand::Cancel, JobCommand::Fail}},
    {JobStatus::Running, {JobCommand::Cancel, JobCommand::Complete, JobCommand::Fail}},
    {JobStatus::Complete, {}}, {JobStatus::Failed, {}}, {JobStatus::Cancelled, {}}};
const std::map<JobCommand, JobStatus> kJobLeadsTo{{JobCommand::Run, JobStatus::Running},
    {JobCommand::Cancel, JobStatus::Cancelled}, {JobCommand::Complete, JobStatus::Complete},
    {JobCommand::Fail, JobStatus::Failed}};

const std::vector<std::pair<RuleStatus, QString>> kRuleStatusNames{
    {RuleStatus::Proposed, QStringLiteral("proposed")}, {RuleStatus::Approved, QStringLiteral("approved")},
    {RuleStatus::EditedAndApproved, QStringLiteral("edited_and_approved")},
    {RuleStatus::Rejected, QStringLiteral("rejected")}, {RuleStatus::Deferred, QStringLiteral("deferred")},
    {RuleStatus::Retired, QStringLiteral("retired")}};
const std::vector<std::pair<RuleCommand, QString>> kRuleCommandNames{
    {RuleCommand::Approve, QStringLiteral("approve")}, {RuleCommand::Reject, QStringLiteral("reject")},
    {RuleCommand::Defer, QStringLiteral("defer")}, {RuleCommand::Retire, QStringLiteral("retire")},
    {RuleCommand::Reserve, QStringLiteral("reserve")}};
const std::map<RuleStatus, std::vector<RuleCommand>> kRuleTakes{
    {RuleStatus::Proposed,
        {RuleCommand::Approve, RuleCommand::Reject, RuleCommand::Defer, RuleCommand::Reserve}},
    {RuleStatus::Deferred, {RuleCommand::Approve, RuleCommand::Reject, RuleCommand::Reserve}},
    {RuleStatus::Approved, {RuleCommand::Retire}}, {RuleStatus::EditedAndApproved, {RuleCommand::Retire}},
    {RuleStatus::Rejected, {}}, {RuleStatus::Retired, {}}};

template<typename C>
bool has(const std::vector<C> &list, C value)
{
    return std::find(list.begin(), list.end(), value) != list.end();
}

template<typename E>
std::vector<E> firsts(const std::vector<std::pair<E, QString>> &names)
{
    std::vector<E> out;
    for (const auto &[value, name] : names)
        out.push_back(value);
    return out;
}

/// The message of the lk::Error that `f` throws, "NO ERROR" if none, "WRONG KIND: ..." if it is
/// not an input error.
QString refusalOf(const std::function<void()> &f)
{
    try {
        f();
    } catch (const lk::Error &e) {
        return e.kind() == lk::ErrorKind::Input ? e.message() : QStringLiteral("WRONG KIND: ") + e.message();
    }
    return QStringLiteral("NO ERROR");
}

/// A refusal names the status and every command the status takes ("no command" if none).
template<typename C>
bool namesStatusAndCommands(const QString &message, const QString &status, const std::vector<C> &takes)
{
    if (!message.contains(status))
        return false;
    if (takes.empty())
        return message.contains(QLatin1String("no command"));
    return std::all_of(takes.begin(), takes.end(), [&](C c) { return message.contains(nameOf(c)); });
}

} // namespace

class TestStates : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_tmp;
    std::unique_ptr<lk::Workspace> m_ws;
    std::unique_ptr<lk::storage::Database> m_db;

private Q_SLOTS:
    void init()
    {
        m_tmp = std::make_unique<QTemporaryDir>();
        QVERIFY(m_tmp->isValid());
        m_ws = std::make_unique<lk::Workspace>(lk::Workspace::open(m_tmp->filePath(QStringLiteral("ws"))));
        m_db = std::make_unique<lk::storage::Database>(m_ws->connect());
    }

    void cleanup()
    {
        m_db.reset();
        m_ws.reset();
        m_tmp.reset();
    }

    // --- the tables ------------------------------------------------------------------------------

    void rolloutNamesGoBothWays()
    {
        QCOMPARE(lk::rollout::allRolloutStatuses(), firsts(kRolloutStatusNames));
        for (const auto &[status, name] : kRolloutStatusNames) {
            QCOMPARE(nameOf(status), name);
            QCOMPARE(lk::rollout::rolloutStatusFromName(name), status);
            QVERIFY(lk::rollout::parseRolloutStatus(name) == status);
        }
        QCOMPARE(lk::rollout::allRolloutCommands(), firsts(kRolloutCommandNames));
        for (const auto &[command, name] : kRolloutCommandNames) {
            QCOMPARE(nameOf(command), name);
            QCOMPARE(lk::rollout::rolloutCommandFromName(name), command);
        }
        QCOMPARE(lk::rollout::allRolloutNodeStates(), firsts(kNodeStateNames));
        for (const auto &[state, name] : kNodeStateNames) {
            QCOMPARE(nameOf(state), name);
            QCOMPARE(lk::rollout::rolloutNodeStateFromName(name), state);
        }
        QCOMPARE(lk::fleet::allNodeHealthStatuses(), firsts(kHealthNames));
        for (const auto &[status, name] : kHealthNames) {
            QCOMPARE(nameOf(status), name);
            QCOMPARE(lk::fleet::nodeHealthStatusFromName(name), status);
        }

        // Names are exact: no other case, no spaces, not the seed's "rolling_out".
        for (const char *bad : {"Paused", " paused", "rolling_out", ""})
            QVERIFY2(!lk::rollout::parseRolloutStatus(QString::fromLatin1(bad)), bad);
        const QString unknown =
            refusalOf([] { lk::rollout::rolloutStatusFromName(QStringLiteral("paused2")); });
        QVERIFY2(
            unknown.startsWith(QLatin1String("Unknown rollout status \"paused2\"")), qPrintable(unknown));
        for (const auto &[status, name] : kRolloutStatusNames)
            QVERIFY2(unknown.contains(name), qPrintable(unknown));
        QVERIFY(
            refusalOf([] { lk::rollout::rolloutCommandFromName(QStringLiteral("roll back")); })
                .startsWith(QLatin1String("Unknown rollout command \"roll back\"; the rollout commands are "
                                          "pause, resume, promote, rollback.")));
        QVERIFY(refusalOf([] {
            lk::rollout::rolloutNodeStateFromName(QStringLiteral("gone"));
        }).startsWith(QLatin1String("Unknown rollout node state \"gone\"")));
        QVERIFY(refusalOf([] {
            lk::fleet::nodeHealthStatusFromName(QStringLiteral("UP"));
        }).contains(QLatin1String("unknown, up, down")));
    }

    void rolloutCommandsByStatus()
    {
        for (RolloutStatus status : lk::rollout::allRolloutStatuses()) {
            const std::vector<RolloutCommand> &takes = kRolloutTakes.at(status);
            QCOMPARE(lk::rollout::allowedCommands(status), takes);
            QCOMPARE(lk::rollout::isFinished(status),
                status == RolloutStatus::Completed || status == RolloutStatus::RolledBack
                    || status == RolloutStatus::Aborted);
            for (RolloutCommand command : lk::rollout::allRolloutCommands())
                QVERIFY2(lk::rollout::allows(status, command) == has(takes, command),
                    qPrintable(nameOf(status) + QLatin1Char(' ') + nameOf(command)));
        }
        QCOMPARE(lk::rollout::commandSentence(kRolloutTakes.at(RolloutStatus::Paused)),
            QStringLiteral("resume, promote or rollback"));
        QCOMPARE(lk::rollout::commandSentence({}), QStringLiteral("no command"));

        // A rollout also leaves promote out at its last step: there is no next step.
        lk::rollout::Rollout r;
        r.plan.steps = {10, 100};
        r.status = RolloutStatus::Paused;
        QCOMPARE(r.allowedCommands(), kRolloutTakes.at(RolloutStatus::Paused));
        r.stepIndex = 1;
        QCOMPARE(r.allowedCommands(),
            (std::vector<RolloutCommand>{RolloutCommand::Resume, RolloutCommand::Rollback}));
    }

    void nodeActionsByState()
    {
        for (RolloutNodeState state : lk::rollout::allRolloutNodeStates()) {
            QCOMPARE(lk::rollout::allowedActions(state), kNodeTakes.at(state));
            for (NodeAction action : lk::rollout::allNodeActions())
                QVERIFY2(lk::rollout::allows(state, action) == has(kNodeTakes.at(state), action),
                    qPrintable(nameOf(state) + QLatin1Char(' ') + nameOf(action)));
        }
    }

    void jobNamesAndCommandsByStatus()
    {
        QCOMPARE(lk::loop::allJobStatuses(), firsts(kJobStatusNames));
        for (const auto &[status, name] : kJobStatusNames) {
            QCOMPARE(nameOf(status), name);
            QCOMPARE(lk::loop::jobStatusFromName(name), status);
        }
        QCOMPARE(lk::loop::allJobCommands(), firsts(kJobCommandNames));
        for (const auto &[command, name] : kJobCommandNames) {
            QCOMPARE(nameOf(command), name);
            QCOMPARE(lk::loop::jobCommandFromName(name), command);
            QCOMPARE(lk::loop::statusAfter(command), kJobLeadsTo.at(command));
        }
        QVERIFY(!lk::loop::parseJobStatus(QStringLiteral("completed"))); // jobs say "complete"
        const QString unknown = refusalOf([] { lk::loop::jobStatusFromName(QStringLiteral("completed")); });
        QCOMPARE(unknown,
            QStringLiteral(
                "Unknown job status \"completed\"; the job statuses are queued, running, complete, "
                "failed, cancelled."));

        for (JobStatus status : lk::loop::allJobStatuses()) {
            const std::vector<JobCommand> &takes = kJobTakes.at(status);
            QCOMPARE(lk::loop::allowedCommands(status), takes);
            QCOMPARE(lk::loop::isActive(status), status == JobStatus::Queued || status == JobStatus::Running);
            for (JobCommand command : lk::loop::allJobCommands()) {
                QVERIFY2(lk::loop::allows(status, command) == has(takes, command),
                    qPrintable(nameOf(status) + QLatin1Char(' ') + nameOf(command)));
                QCOMPARE(has(lk::loop::statusesAllowing(command), status), has(takes, command));
                const QString refusal = lk::loop::refusal(QStringLiteral("train_1"), status, command);
                QCOMPARE(refusal.isEmpty(), has(takes, command));
                if (!refusal.isEmpty())
                    QVERIFY2(namesStatusAndCommands(refusal, nameOf(status), takes), qPrintable(refusal));
            }
        }
    }

    void ruleNamesAndCommandsByStatus()
    {
        QCOMPARE(lk::rules::allRuleStatuses(), firsts(kRuleStatusNames));
        for (const auto &[status, name] : kRuleStatusNames) {
            QCOMPARE(nameOf(status), name);
            QCOMPARE(lk::rules::ruleStatusFromName(name), status);
        }
        QCOMPARE(lk::rules::allRuleCommands(), firsts(kRuleCommandNames));
        for (const auto &[command, name] : kRuleCommandNames) {
            QCOMPARE(nameOf(command), name);
            QCOMPARE(lk::rules::ruleCommandFromName(name), command);
        }
        QVERIFY(refusalOf([] {
            lk::rules::ruleStatusFromName(QStringLiteral("pending"));
        }).startsWith(QLatin1String("Unknown rule status \"pending\"; the rule statuses are proposed, ")));

        for (RuleStatus status : lk::rules::allRuleStatuses()) {
            const std::vector<RuleCommand> &takes = kRuleTakes.at(status);
            QCOMPARE(lk::rules::allowedCommands(status), takes);
            QCOMPARE(
                lk::rules::isOpen(status), status == RuleStatus::Proposed || status == RuleStatus::Deferred);
            QCOMPARE(lk::rules::isApproved(status),
                status == RuleStatus::Approved || status == RuleStatus::EditedAndApproved);
            for (RuleCommand command : lk::rules::allRuleCommands())
                QVERIFY2(lk::rules::allows(status, command) == has(takes, command),
                    qPrintable(nameOf(status) + QLatin1Char(' ') + nameOf(command)));
            QVERIFY(namesStatusAndCommands(lk::rules::allowedSentence(status), nameOf(status), takes));
        }
        QCOMPARE(lk::rules::allowedSentence(RuleStatus::Deferred),
            QStringLiteral("A deferred rule takes approve, reject or reserve."));
        QCOMPARE(lk::rules::allowedSentence(RuleStatus::EditedAndApproved),
            QStringLiteral("An edited_and_approved rule takes retire."));
    }

    // --- the stores ------------------------------------------------------------------------------

    void rolloutStoreEnforcesTheTable()
    {
        lk::rollout::RolloutStore store(*m_db);
        int made = 0;
        // A rollout in `status` (at step 1 of 2), reached the way the engine and the commands
        // reach it; the one before is ended first (one unfinished rollout at a time).
        const auto rolloutIn = [&](RolloutStatus status) {
            lk::rollout::Rollout r;
            r.id = QStringLiteral("rollout_%1").arg(++made);
            r.modelVersion = QStringLiteral("fm@2");
            r.artifactPath = QStringLiteral("/nowhere/model.pt");
            r.sha256 = QStringLiteral("00");
            r.plan.steps = {10, 100};
            for (int n = 0; n < 2; ++n) {
                lk::rollout::RolloutNode node;
                node.node = QStringLiteral("edge-%1").arg(n);
                node.step = n;
                r.nodes.push_back(node);
            }
            r = store.create(r);
            if (status == RolloutStatus::Paused) {
                r.status = RolloutStatus::Monitoring;
                r.windowEndsAtMs = lk::rollout::nowMs() + 3600000;
                store.save(r);
                r = store.pause(r.id, QStringLiteral("tester"));
            } else if (status == RolloutStatus::RollingBack) {
                r = store.rollback(r.id, QStringLiteral("tester"), QStringLiteral("planted"));
            } else if (status != RolloutStatus::Deploying) {
                r.status = status;
                r.windowEndsAtMs = status == RolloutStatus::Monitoring ? lk::rollout::nowMs() + 3600000 : 0;
                store.save(r);
            }
            return *store.get(r.id);
        };
        const auto endIt = [&](lk::rollout::Rollout r) {
            if (!r.isFinished()) {
                r.status = RolloutStatus::Aborted;
                store.save(r);
            }
        };
        for (RolloutStatus status : lk::rollout::allRolloutStatuses()) {
            for (RolloutCommand command : lk::rollout::allRolloutCommands()) {
                const lk::rollout::Rollout before = rolloutIn(status);
                QCOMPARE(before.status, status);
                const std::vector<RolloutCommand> &takes = kRolloutTakes.at(status);
                const QString what = nameOf(status) + QLatin1Char(' ') + nameOf(command);
                const QString refusal = refusalOf([&] {
                    store.command(before.id, command, QStringLiteral("tester"), QStringLiteral("why"));
                });
                const lk::rollout::Rollout after = *store.get(before.id);
                if (has(takes, command)) {
                    QVERIFY2(refusal == QLatin1String("NO ERROR"),
                        qPrintable(what + QStringLiteral(": ") + refusal));
                    const RolloutStatus expected = command == RolloutCommand::Pause ? RolloutStatus::Paused
                        : command == RolloutCommand::Resume  ? RolloutStatus::Monitoring
                        : command == RolloutCommand::Promote ? RolloutStatus::Deploying
                                                             : RolloutStatus::RollingBack;
                    QVERIFY2(after.status == expected,
                        qPrintable(what + QStringLiteral(" → ") + nameOf(after.status)));
                    QCOMPARE(after.stepIndex, command == RolloutCommand::Promote ? 1 : 0);
                } else {
                    QVERIFY2(namesStatusAndCommands(refusal, nameOf(status), takes),
                        qPrintable(what + QStringLiteral(": ") + refusal));
                    QVERIFY2(refusal.contains(before.id), qPrintable(refusal));
                    QCOMPARE(after.status, before.status);
                    QCOMPARE(after.updatedAt, before.updatedAt);
                }
                endIt(after);
            }
        }

        // At the last step, promote is refused and the refusal says so.
        lk::rollout::Rollout last = rolloutIn(RolloutStatus::Monitoring);
        last = store.promote(last.id, QStringLiteral("tester"));
        last = store.pause(last.id, QStringLiteral("tester"));
        const QString refusal = refusalOf([&] { store.promote(last.id, QStringLiteral("tester")); });
        QVERIFY2(refusal.contains(QLatin1String("paused at its last step"))
                && refusal.contains(QLatin1String("resume or rollback")),
            qPrintable(refusal));
        QCOMPARE(store.get(last.id)->stepIndex, 1);
    }

    void jobStoreEnforcesTheTable()
    {
        lk::loop::JobStore jobs(*m_db);
        int made = 0;
        // A job in `status`, reached as the loop reaches it; one model line each (one active
        // job per line).
        const auto jobIn = [&](JobStatus status) {
            lk::loop::LoopJob job;
            job.jobId = QStringLiteral("train_%1").arg(++made, 12, 10, QLatin1Char('0'));
            job.modelLine = QStringLiteral("line-%1").arg(made);
            job.reason = QStringLiteral("manual");
            jobs.create(job);
            if (status == JobStatus::Running || status == JobStatus::Complete)
                jobs.setRunning(job.jobId, 4242);
            if (status == JobStatus::Complete || status == JobStatus::Failed
                || status == JobStatus::Cancelled)
                jobs.finish(
                    job.jobId, status, status == JobStatus::Complete ? QString() : QStringLiteral("planted"));
            return *jobs.job(job.jobId);
        };
        for (JobStatus status : lk::loop::allJobStatuses()) {
            for (JobCommand command : lk::loop::allJobCommands()) {
                const lk::loop::LoopJob before = jobIn(status);
                QCOMPARE(before.status, status);
                const std::vector<JobCommand> &takes = kJobTakes.at(status);
                const QString what = nameOf(status) + QLatin1Char(' ') + nameOf(command);
                const QString refusal = refusalOf([&] {
                    if (command == JobCommand::Run)
                        jobs.setRunning(before.jobId, 4343);
                    else
                        jobs.finish(before.jobId, lk::loop::statusAfter(command), QStringLiteral("asked"));
                });
                const lk::loop::LoopJob after = *jobs.job(before.jobId);
                if (has(takes, command)) {
                    QVERIFY2(refusal == QLatin1String("NO ERROR"),
                        qPrintable(what + QStringLiteral(": ") + refusal));
                    QCOMPARE(after.status, kJobLeadsTo.at(command));
                } else {
                    QVERIFY2(namesStatusAndCommands(refusal, nameOf(status), takes),
                        qPrintable(what + QStringLiteral(": ") + refusal));
                    QVERIFY(refusal.contains(before.jobId));
                    QCOMPARE(after.status, before.status);
                    QCOMPARE(after.ownerPid, before.ownerPid);
                    QCOMPARE(after.finishedAt, before.finishedAt);
                    QCOMPARE(after.error, before.error);
                }
            }
        }
        QVERIFY(refusalOf([&] {
            jobs.setRunning(QStringLiteral("train_nope"), 1);
        }).contains(QLatin1String("No training job train_nope")));
        try {
            jobs.finish(QStringLiteral("train_000000000001"), JobStatus::Running, {});
            QFAIL("a job cannot be ended as running");
        } catch (const lk::Error &e) {
            QCOMPARE(e.kind(), lk::ErrorKind::Usage);
        }
    }

    void reviewQueueEnforcesTheTable()
    {
        lk::rules::ReviewQueue queue(*m_db, m_ws->memoryDir());
        queue.setClock([] { return QDateTime(QDate(2026, 2, 24), QTime(23, 0), QTimeZone::utc()); });
        int made = 0;
        const auto decide = [&](const QString &id, lk::rules::Decision decision, const QString &reason = {},
                                const lk::rules::RuleEdit &edit = {}) {
            lk::rules::DecisionRequest r;
            r.ruleId = id;
            r.decision = decision;
            r.reviewer = QStringLiteral("alice");
            r.sessionId = QStringLiteral("console-1");
            r.reason = reason;
            r.edit = edit;
            return queue.decide(r);
        };
        // A rule in `status`, reached by the reviewer's decisions.
        const auto ruleIn = [&](RuleStatus status) {
            lk::rules::ProposedRule p;
            p.ruleId = QStringLiteral("rule_20260224_%1").arg(++made, 2, 10, QLatin1Char('0'));
            p.priority = QStringLiteral("medium");
            p.targetAgent = QStringLiteral("action_agent");
            p.triggerCondition = QStringLiteral("downloading from site%1.example").arg(made);
            p.instruction = QStringLiteral("do not retry after HTTP 429");
            p.rationale = QStringLiteral("planted");
            p.confidence = 0.8;
            p.pattern.kind = QStringLiteral("repeated_failure");
            p.pattern.key = QStringLiteral("repeated_failure|site%1").arg(made);
            p.pattern.subject = QStringLiteral("site%1").arg(made);
            p.pattern.stance = QStringLiteral("no_retry");
            p.pattern.fingerprint = QStringLiteral("fp%1").arg(made);
            queue.addProposals({p});
            using D = lk::rules::Decision;
            switch (status) {
            case RuleStatus::Proposed:
                break;
            case RuleStatus::Deferred:
                decide(p.ruleId, D::Defer);
                break;
            case RuleStatus::Approved:
                decide(p.ruleId, D::Approve);
                break;
            case RuleStatus::EditedAndApproved: {
                lk::rules::RuleEdit edit;
                edit.priority = QStringLiteral("low");
                decide(p.ruleId, D::Approve, {}, edit);
                break;
            }
            case RuleStatus::Rejected:
                decide(p.ruleId, D::Reject, QStringLiteral("planted"));
                break;
            case RuleStatus::Retired:
                decide(p.ruleId, D::Approve);
                queue.retire(p.ruleId, QStringLiteral("alice"), QStringLiteral("planted"),
                    QStringLiteral("console-1"));
                break;
            }
            return queue.rule(p.ruleId);
        };
        const std::map<RuleCommand, RuleStatus> leadsTo{{RuleCommand::Approve, RuleStatus::Approved},
            {RuleCommand::Reject, RuleStatus::Rejected}, {RuleCommand::Defer, RuleStatus::Deferred},
            {RuleCommand::Retire, RuleStatus::Retired}};
        for (RuleStatus status : lk::rules::allRuleStatuses()) {
            for (RuleCommand command : lk::rules::allRuleCommands()) {
                const lk::rules::RuleDetail before = ruleIn(status);
                QCOMPARE(before.row.status, status);
                const QString id = before.row.ruleId;
                const std::vector<RuleCommand> &takes = kRuleTakes.at(status);
                const QString what = nameOf(status) + QLatin1Char(' ') + nameOf(command);
                const QString refusal = refusalOf([&] {
                    using D = lk::rules::Decision;
                    switch (command) {
                    case RuleCommand::Approve:
                        decide(id, D::Approve);
                        break;
                    case RuleCommand::Reject:
                        decide(id, D::Reject, QStringLiteral("asked"));
                        break;
                    case RuleCommand::Defer:
                        decide(id, D::Defer);
                        break;
                    case RuleCommand::Retire:
                        queue.retire(id, QStringLiteral("alice"), QStringLiteral("asked"),
                            QStringLiteral("console-1"));
                        break;
                    case RuleCommand::Reserve:
                        queue.reserve(id, QStringLiteral("alice"), QStringLiteral("console-1"));
                        break;
                    }
                });
                const lk::rules::RuleDetail after = queue.rule(id);
                if (has(takes, command)) {
                    QVERIFY2(refusal == QLatin1String("NO ERROR"),
                        qPrintable(what + QStringLiteral(": ") + refusal));
                    if (command == RuleCommand::Reserve) {
                        QCOMPARE(after.row.status, status);
                        QVERIFY(after.reservation.has_value());
                    } else {
                        QCOMPARE(after.row.status, leadsTo.at(command));
                    }
                } else {
                    QVERIFY2(namesStatusAndCommands(refusal, nameOf(status), takes),
                        qPrintable(what + QStringLiteral(": ") + refusal));
                    QVERIFY2(refusal.contains(id), qPrintable(refusal));
                    QCOMPARE(after.row.status, before.row.status);
                    QCOMPARE(after.row.updatedAt, before.row.updatedAt);
                    QVERIFY(!after.reservation);
                }
            }
        }

        // The bulk preview asks the same table: a deferred rule cannot be deferred again.
        const QString deferred = ruleIn(RuleStatus::Deferred).row.ruleId;
        const QString proposed = ruleIn(RuleStatus::Proposed).row.ruleId;
        const lk::rules::BulkOutcome preview =
            queue.bulkPreview({deferred, proposed}, lk::rules::Decision::Defer, QStringLiteral("alice"));
        QCOMPARE(preview.decided, QStringList{proposed});
        QCOMPARE(preview.skipped, QStringList{deferred});
        QVERIFY2(preview.reasons.value(0).contains(
                     QLatin1String("A deferred rule takes approve, reject or reserve.")),
            qPrintable(preview.reasons.value(0)));
    }
};

QTEST_GUILESS_MAIN(TestStates)
#include "tst_states.moc"
