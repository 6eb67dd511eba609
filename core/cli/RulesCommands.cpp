// CLI commands of the memory-rule review queue (docs/memory-rules.md): rules mine|queue|show|approve|reject|
// defer|undo|retire|reserve|release|history|bulk.
#include "core/cli/Cli.h"
#include "core/cli/CliOptions.h"
#include "core/common/Error.h"
#include "core/common/Limits.h"
#include "core/logging/Logging.h"
#include "core/rules/ReviewQueue.h"
#include "core/rules/RuleQueries.h"
#include "core/workspace/Workspace.h"

#include <QJsonArray>

#include <cstdio>
#include <optional>

namespace lk::cli {

namespace {

using Opened = OpenedWorkspace;

Opened open(Context &ctx)
{
    return openExistingWorkspace(ctx);
}

QString value(Context &ctx, const char *name)
{
    return ctx.parser().value(QString::fromLatin1(name)).trimmed();
}

QString reviewer(Context &ctx)
{
    const QString r = value(ctx, "reviewer");
    return r.isEmpty() ? qEnvironmentVariable("USER", QStringLiteral("operator")) : r;
}

QString session(Context &ctx)
{
    const QString s = value(ctx, "session");
    return s.isEmpty() ? QStringLiteral("cli") : s;
}

QJsonArray decisionsJson(const std::vector<rules::DecisionRecord> &records)
{
    QJsonArray out;
    for (const rules::DecisionRecord &d : records)
        out.append(d.toJson());
    return out;
}

QJsonObject rulesMine(Context &ctx)
{
    const QString path = value(ctx, "audit");
    if (path.isEmpty())
        throw Error(ErrorKind::Usage, QStringLiteral("Give the audit batch with --audit FILE"));
    Opened o = open(ctx);
    rules::ReviewQueue queue(o.db, o.ws.memoryDir());
    const rules::IngestOutcome out = queue.ingestBatchFile(path);
    if (!out.accepted) {
        ctx.print(out.report);
        throw Error(ErrorKind::Input,
            QStringLiteral("The audit batch %1 is invalid; nothing was stored (the problems are listed in the "
                           "report's learning_report.validation_errors)")
                .arg(path));
    }
    // The learning_report envelope, as it is; what the queue did is said on stderr for people.
    std::fprintf(stderr, "stored %lld new rules (%lld conflicting), reinforced %lld, already counted %lld\n",
        qint64(out.proposed.size()), qint64(out.conflicting.size()), qint64(out.reinforced.size()),
        qint64(out.alreadyCounted.size()));
    return out.report;
}

QJsonObject rulesQueue(Context &ctx)
{
    QJsonObject params = queryParameters(ctx.parser(),
        {QStringLiteral("status"), QStringLiteral("target-agent"), QStringLiteral("priority"),
            QStringLiteral("min-confidence"), QStringLiteral("max-confidence"), QStringLiteral("search"),
            QStringLiteral("sort"), QStringLiteral("limit"), QStringLiteral("offset")});
    if (ctx.parser().isSet(QStringLiteral("conflicts")))
        params.insert(QStringLiteral("conflicts"), true);
    Opened o = open(ctx);
    return answerQuery([&] { return rules::RuleQueries(o.db, o.ws.memoryDir()).queue(params); });
}

QJsonObject rulesShow(Context &ctx)
{
    const QString id = singleArgument(ctx, QStringLiteral("one rule id"));
    Opened o = open(ctx);
    return rules::RuleQueries(o.db, o.ws.memoryDir()).rule(id);
}

QJsonObject rulesDecide(Context &ctx, rules::Decision decision)
{
    rules::DecisionRequest req;
    req.ruleId = singleArgument(ctx, QStringLiteral("one rule id"));
    req.decision = decision;
    req.reviewer = reviewer(ctx);
    req.sessionId = session(ctx);
    req.reason = value(ctx, "reason");
    if (decision == rules::Decision::Approve) {
        const auto edit = [&ctx](const char *name, std::optional<QString> &field) {
            if (ctx.parser().isSet(QString::fromLatin1(name)))
                field = ctx.parser().value(QString::fromLatin1(name));
        };
        edit("edit-instruction", req.edit.instruction);
        edit("edit-trigger", req.edit.triggerCondition);
        edit("edit-rationale", req.edit.rationale);
        edit("edit-target-agent", req.edit.targetAgent);
        edit("edit-priority", req.edit.priority);
    }
    Opened o = open(ctx);
    rules::ReviewQueue queue(o.db, o.ws.memoryDir());
    return queue.decide(req).toJson();
}

QJsonObject rulesUndo(Context &ctx)
{
    Opened o = open(ctx);
    rules::ReviewQueue queue(o.db, o.ws.memoryDir());
    return queue.undoLast(reviewer(ctx), session(ctx)).toJson();
}

QJsonObject rulesRetire(Context &ctx)
{
    const QString id = singleArgument(ctx, QStringLiteral("one rule id"));
    Opened o = open(ctx);
    rules::ReviewQueue queue(o.db, o.ws.memoryDir());
    return queue.retire(id, reviewer(ctx), value(ctx, "reason"), session(ctx)).toJson();
}

QJsonObject rulesReserve(Context &ctx)
{
    const QString id = singleArgument(ctx, QStringLiteral("one rule id"));
    const int ttl = intOption(ctx.parser(), QStringLiteral("ttl"), 300, 1, 24 * 3600);
    Opened o = open(ctx);
    rules::ReviewQueue queue(o.db, o.ws.memoryDir());
    return queue.reserve(id, reviewer(ctx), session(ctx), ttl).toJson();
}

QJsonObject rulesRelease(Context &ctx)
{
    const QString id = singleArgument(ctx, QStringLiteral("one rule id"));
    Opened o = open(ctx);
    rules::ReviewQueue queue(o.db, o.ws.memoryDir());
    return QJsonObject{{QStringLiteral("rule_id"), id},
        {QStringLiteral("released"), queue.release(id, reviewer(ctx), session(ctx))}};
}

QJsonObject rulesHistory(Context &ctx)
{
    Opened o = open(ctx);
    rules::ReviewQueue queue(o.db, o.ws.memoryDir());
    if (ctx.arguments().size() == 1)
        return QJsonObject{{QStringLiteral("decisions"), decisionsJson(queue.history(ctx.arguments().first()))}};
    if (!ctx.arguments().isEmpty())
        throw Error(ErrorKind::Usage, QStringLiteral("Give at most one rule id"));
    const int limit = intOption(ctx.parser(), QStringLiteral("limit"), 50, 1, 100000);
    return QJsonObject{{QStringLiteral("decisions"), decisionsJson(queue.recentDecisions(limit, value(ctx, "reviewer")))}};
}

QJsonObject rulesBulk(Context &ctx)
{
    if (ctx.arguments().size() != 1)
        throw Error(ErrorKind::Usage, QStringLiteral("Give approve, reject or defer"));
    const rules::Decision decision = rules::parseDecision(ctx.arguments().first());
    const QStringList ids = value(ctx, "ids").split(QLatin1Char(','), Qt::SkipEmptyParts);
    if (ids.isEmpty())
        throw Error(ErrorKind::Usage, QStringLiteral("Give the rules with --ids ID,ID,..."));
    const QString reason = value(ctx, "reason");
    if (decision == rules::Decision::Reject && reason.isEmpty())
        throw Error(ErrorKind::Usage, QStringLiteral("Rejecting rules needs --reason"));
    Opened o = open(ctx);
    rules::ReviewQueue queue(o.db, o.ws.memoryDir());
    if (!ctx.parser().isSet(QStringLiteral("yes"))) {
        // The confirmation: how many would be decided, and nothing changed until --yes.
        QJsonObject preview = queue.bulkPreview(ids, decision, reviewer(ctx), session(ctx)).toJson();
        preview.insert(QStringLiteral("confirmed"), false);
        preview.insert(QStringLiteral("hint"), QStringLiteral("Nothing was changed; run again with --yes to confirm."));
        return preview;
    }
    QJsonObject done = queue.bulkDecide(ids, decision, reviewer(ctx), reason, session(ctx)).toJson();
    done.insert(QStringLiteral("confirmed"), true);
    return done;
}

Command command(const char *name, const char *syntax, const char *summary, QList<QCommandLineOption> options,
    std::function<QJsonObject(Context &)> run)
{
    return makeCommand(name, syntax, summary, std::move(options), std::move(run));
}

} // namespace

QList<Command> rulesCommands()
{
    const QCommandLineOption reviewerOption = valueOption("reviewer", "Who decides (default: $USER)", "NAME");
    const QCommandLineOption sessionOption =
        valueOption("session", "Console or session id whose reservations are one's own (default: cli)", "ID");
    const QCommandLineOption reason = valueOption("reason", "Why (required to reject or retire)", "TEXT");
    const QList<QCommandLineOption> decideOptions{reviewerOption, sessionOption, reason};
    return {
        command("rules mine", "",
            "Mine an audit batch (schemas/audit_batch.schema.json) against the stored rules and store the result: new "
            "proposals in the review queue, reinforced evidence, conflicts marked. Prints the learning_report "
            "envelope. Mining the same batch again changes nothing.",
            {valueOption("audit", "The audit batch", "FILE")}, rulesMine),
        command("rules queue", "", "Rules in the review queue, filtered and sorted, with counts by status.",
            {valueOption("status", "Only these statuses (comma-separated): proposed, approved, edited_and_approved, "
                                   "rejected, deferred, retired", "S"),
                valueOption("target-agent", "Only rules for this agent", "AGENT"),
                valueOption("priority", "Only this priority (high, medium, low)", "P"),
                valueOption("min-confidence", "Confidence at least X", "X"),
                valueOption("max-confidence", "Confidence at most Y", "Y"),
                QCommandLineOption(QStringLiteral("conflicts"), QStringLiteral("Only rules in conflict with others.")),
                valueOption("search", "Text in the trigger, instruction or id", "TEXT"),
                valueOption("sort", "priority (default), confidence, occurrences, created, updated, rule_id, "
                                    "target_agent, status; '-' in front reverses", "FIELD"),
                valueOption("limit",
                    QStringLiteral("At most N rules (default %1, at most %2; 0: the counts only)")
                        .arg(limits::kRulesPage.fallback)
                        .arg(limits::kRulesPage.maximum),
                    "N"),
                valueOption("offset", "Skip the first N", "N")},
            rulesQueue),
        command("rules show", "ID", "One rule with its evidence, the text as mined, similar and conflicting rules, and its decisions.",
            {}, rulesShow),
        command("rules approve", "ID",
            "Approve a proposed or deferred rule (edited_and_approved with any --edit-*): it is written to "
            "context/memory/<agent>/<id>.md and the agent's index.",
            decideOptions
                + QList<QCommandLineOption>{valueOption("edit-instruction", "New instruction", "TEXT"),
                    valueOption("edit-trigger", "New trigger condition", "TEXT"),
                    valueOption("edit-rationale", "New rationale", "TEXT"),
                    valueOption("edit-target-agent", "New target agent", "AGENT"),
                    valueOption("edit-priority", "New priority", "P")},
            [](Context &c) { return rulesDecide(c, rules::Decision::Approve); }),
        command("rules reject", "ID", "Reject a proposed or deferred rule (--reason required); it never reaches memory.",
            decideOptions, [](Context &c) { return rulesDecide(c, rules::Decision::Reject); }),
        command("rules defer", "ID", "Defer a proposed rule: it stays in the queue for a later decision.", decideOptions,
            [](Context &c) { return rulesDecide(c, rules::Decision::Defer); }),
        command("rules undo", "", "Undo the reviewer's last decision (the rule's state, text and memory file come back).",
            {reviewerOption, sessionOption}, rulesUndo),
        command("rules retire", "ID", "Take an approved rule out of context/memory/ (--reason required); audited.",
            decideOptions, rulesRetire),
        command("rules reserve", "ID", "Reserve a rule while looking at it; others cannot decide it until it expires.",
            {reviewerOption, sessionOption, valueOption("ttl", "Seconds (default 300)", "S")}, rulesReserve),
        command("rules release", "ID", "Give one's reservation of a rule back.", {reviewerOption, sessionOption},
            rulesRelease),
        command("rules history", "[ID]", "Decisions about a rule, oldest first; without ID the latest decisions.",
            {reviewerOption, valueOption("limit", "At most N (default 50)", "N")}, rulesHistory),
        command("rules bulk", "approve|reject|defer",
            "Decide many rules. Without --yes prints the confirmation (how many would be decided, which cannot be "
            "and why) and changes nothing; with --yes decides each in its own transaction and reports decided and "
            "skipped rules.",
            decideOptions
                + QList<QCommandLineOption>{valueOption("ids", "Comma-separated rule ids", "ID,ID,..."),
                    QCommandLineOption(QStringLiteral("yes"), QStringLiteral("Confirm the bulk decision."))},
            rulesBulk),
    };
}

} // namespace lk::cli
