#include "ui/panels/LoopText.h"

#include "core/training/ImageDataset.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonObject>
#include <QLocale>

#include <cmath>

namespace lk::ui {

using lk::loop::GateDecisionRecord;
using lk::loop::RegistryEntry;

namespace {

QDateTime parseUtc(const QString &iso)
{
    QDateTime t = QDateTime::fromString(iso, Qt::ISODateWithMs);
    if (t.isValid() && t.timeSpec() == Qt::LocalTime)
        t = QDateTime(t.date(), t.time(), Qt::UTC); // stored times are UTC
    return t;
}

QString esc(const QString &s)
{
    return s.toHtmlEscaped();
}

QString row(const QString &key, const QString &value)
{
    return QStringLiteral("<tr><td style='padding-right:12px'><b>%1</b></td><td>%2</td></tr>")
        .arg(esc(key), value);
}

QString checkText(const QString &result)
{
    if (result == QLatin1String("pass"))
        return LoopText::tr("pass");
    if (result == QLatin1String("fail"))
        return LoopText::tr("fail");
    if (result == QLatin1String("inconclusive"))
        return LoopText::tr("inconclusive");
    if (result == QLatin1String("off"))
        return LoopText::tr("off");
    return result;
}

/// One stored gate decision as HTML: the regression gate's whole report, or an operator's call.
QString decisionHtml(const GateDecisionRecord &d, const QString &incumbentName)
{
    const QJsonObject &r = d.report;
    QString html = QStringLiteral("<p><b>%1</b> — %2</p>")
                       .arg(esc(LoopText::decision(d.decision)),
                           esc(LoopText::tr("by %1, %2").arg(d.decidedBy, LoopText::time(d.createdAt))));
    if (!r.contains(QStringLiteral("gates"))) // an operator's decision: no numbers of its own
        return html;

    QString body;
    body += row(LoopText::tr("Incumbent"),
        esc(incumbentName.isEmpty() ? LoopText::tr("none (first model of the line)") : incumbentName));
    body += row(LoopText::tr("Evaluation set"),
        esc(LoopText::tr("%1 inputs%2")
                .arg(r.value(QStringLiteral("eval_size")).toInteger())
                .arg(r.value(QStringLiteral("eval_set")).isString()
                        ? QStringLiteral(" (%1)").arg(r.value(QStringLiteral("eval_set")).toString())
                        : QString())));
    const QJsonObject cand = r.value(QStringLiteral("candidate_metrics")).toObject();
    const QJsonObject inc = r.value(QStringLiteral("incumbent_metrics")).toObject();
    body += row(LoopText::tr("Accuracy"),
        esc(inc.isEmpty()
                ? LoopText::percent(cand.value(QStringLiteral("accuracy")))
                : LoopText::tr("%1 → %2").arg(LoopText::percent(inc.value(QStringLiteral("accuracy"))),
                    LoopText::percent(cand.value(QStringLiteral("accuracy"))))));
    const QJsonValue lift = r.value(QStringLiteral("lift"));
    body += row(
        LoopText::tr("Lift"), esc(lift.isDouble() ? LoopText::points(lift.toDouble()) : LoopText::dash()));
    const QJsonObject mc = r.value(QStringLiteral("mcnemar")).toObject();
    body += row(LoopText::tr("McNemar p"),
        esc(mc.isEmpty()
                ? LoopText::dash()
                : LoopText::tr("%1 (incumbent right, candidate wrong: %2; the reverse: %3)")
                      .arg(QLocale().toString(mc.value(QStringLiteral("p_value")).toDouble(), 'g', 4))
                      .arg(mc.value(QStringLiteral("b")).toInteger())
                      .arg(mc.value(QStringLiteral("c")).toInteger())));
    body += row(LoopText::tr("Escalation rate"),
        esc(inc.isEmpty()
                ? LoopText::percent(cand.value(QStringLiteral("escalation_rate")))
                : LoopText::tr("%1 → %2").arg(LoopText::percent(inc.value(QStringLiteral("escalation_rate"))),
                    LoopText::percent(cand.value(QStringLiteral("escalation_rate"))))));
    for (const QJsonValue &v : r.value(QStringLiteral("subsets")).toArray()) {
        const QJsonObject s = v.toObject();
        const QJsonValue incAcc = s.value(QStringLiteral("incumbent_accuracy"));
        body += row(LoopText::tr("Subset %1").arg(s.value(QStringLiteral("name")).toString()),
            esc(LoopText::tr("%1 inputs: %2")
                    .arg(s.value(QStringLiteral("size")).toInteger())
                    .arg(incAcc.isDouble()
                            ? LoopText::tr("%1 → %2").arg(LoopText::percent(incAcc),
                                LoopText::percent(s.value(QStringLiteral("candidate_accuracy"))))
                            : LoopText::percent(s.value(QStringLiteral("candidate_accuracy"))))));
    }
    html += QStringLiteral("<table>%1</table>").arg(body);

    const QJsonArray reasons = r.value(QStringLiteral("reasons")).toArray();
    if (!reasons.isEmpty()) {
        html += QStringLiteral("<p><b>%1</b></p><ul>").arg(esc(LoopText::tr("Reasons")));
        for (const QJsonValue &v : reasons)
            html += QStringLiteral("<li>%1</li>").arg(esc(v.toString()));
        html += QStringLiteral("</ul>");
    }

    // Per class: recall of both models and the change, the gate's per-class floor at work.
    const QJsonArray support = r.value(QStringLiteral("class_support")).toArray();
    const QJsonArray candClass = cand.value(QStringLiteral("per_class_accuracy")).toArray();
    const QJsonArray incClass = inc.value(QStringLiteral("per_class_accuracy")).toArray();
    if (!support.isEmpty()) {
        html += QStringLiteral("<p><b>%1</b></p><table border='1' cellspacing='0' cellpadding='3'>")
                    .arg(esc(LoopText::tr("Per class")));
        html +=
            QStringLiteral("<tr><th>%1</th><th>%2</th><th>%3</th><th>%4</th><th>%5</th></tr>")
                .arg(esc(LoopText::tr("Class")), esc(LoopText::tr("Inputs")), esc(LoopText::tr("Incumbent")),
                    esc(LoopText::tr("Candidate")), esc(LoopText::tr("Change")));
        for (int c = 0; c < support.size(); ++c) {
            const QJsonValue ca = candClass.at(c);
            const QJsonValue ia = incClass.at(c);
            const QString change = ca.isDouble() && ia.isDouble()
                ? LoopText::points(ca.toDouble() - ia.toDouble())
                : LoopText::dash();
            html += QStringLiteral("<tr><td>%1</td><td align='right'>%2</td><td align='right'>%3</td>"
                                   "<td align='right'>%4</td><td align='right'>%5</td></tr>")
                        .arg(esc(LoopText::className(c)))
                        .arg(support.at(c).toInteger())
                        .arg(esc(incClass.isEmpty() ? LoopText::dash() : LoopText::percent(ia)),
                            esc(LoopText::percent(ca)), esc(change));
        }
        html += QStringLiteral("</table>");
    }

    const QJsonArray gates = r.value(QStringLiteral("gates")).toArray();
    if (!gates.isEmpty()) {
        html += QStringLiteral("<p><b>%1</b></p><table border='1' cellspacing='0' cellpadding='3'>")
                    .arg(esc(LoopText::tr("Gates")));
        html += QStringLiteral("<tr><th>%1</th><th>%2</th><th>%3</th></tr>")
                    .arg(esc(LoopText::tr("Gate")), esc(LoopText::tr("Result")), esc(LoopText::tr("Why")));
        for (const QJsonValue &v : gates) {
            const QJsonObject g = v.toObject();
            html += QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3</td></tr>")
                        .arg(esc(g.value(QStringLiteral("gate")).toString()),
                            esc(checkText(g.value(QStringLiteral("result")).toString())),
                            esc(g.value(QStringLiteral("reason")).toString()));
        }
        html += QStringLiteral("</table>");
    }
    return html;
}

} // namespace

QString LoopText::dash()
{
    return QStringLiteral("—");
}

QString LoopText::time(const QDateTime &utc)
{
    if (!utc.isValid())
        return dash();
    const QDateTime local = utc.toLocalTime();
    if (local.date() == QDate::currentDate())
        return QLocale().toString(local.time(), QLocale::ShortFormat);
    return QLocale().toString(local, QLocale::ShortFormat);
}

QString LoopText::time(const QString &iso)
{
    return iso.isEmpty() ? dash() : time(parseUtc(iso));
}

QString LoopText::duration(qint64 seconds)
{
    if (seconds % 3600 == 0 && seconds >= 3600)
        return tr("%1 h").arg(seconds / 3600);
    if (seconds % 60 == 0 && seconds >= 60)
        return tr("%1 min").arg(seconds / 60);
    return tr("%1 s").arg(seconds);
}

QString LoopText::percent(const QJsonValue &v, int decimals)
{
    if (!v.isDouble() || !std::isfinite(v.toDouble()))
        return dash();
    return QLocale().toString(v.toDouble() * 100.0, 'f', decimals) + QStringLiteral(" %");
}

QString LoopText::points(double v)
{
    if (!std::isfinite(v))
        return dash();
    const QString n = QLocale().toString(v * 100.0, 'f', 2);
    return tr("%1 points").arg(v > 0 ? QStringLiteral("+") + n : n);
}

QString LoopText::className(int label)
{
    const std::vector<QString> &names = training::fashionMnistClassNames();
    return label >= 0 && label < int(names.size())
        ? QStringLiteral("%1 %2").arg(label).arg(names[size_t(label)])
        : QString::number(label);
}

QString LoopText::sampleStatus(const QString &status)
{
    if (status == QLatin1String("pending"))
        return tr("Pending");
    if (status == QLatin1String("in_training"))
        return tr("In training");
    if (status == QLatin1String("used"))
        return tr("Used in a model");
    if (status == QLatin1String("archived"))
        return tr("Archived");
    if (status == QLatin1String("filtered"))
        return tr("Filtered out");
    return status;
}

QString LoopText::reason(const QString &reason)
{
    if (reason == QLatin1String("manual"))
        return tr("manual trigger");
    if (reason == QLatin1String("drift_accuracy"))
        return tr("accuracy drift");
    if (reason == QLatin1String("drift_escalation_rate"))
        return tr("escalation-rate drift");
    if (reason == QLatin1String("sample_threshold"))
        return tr("sample threshold");
    if (reason == QLatin1String("schedule"))
        return tr("schedule");
    return reason;
}

QString LoopText::reasons(const QStringList &reasons)
{
    QStringList out;
    for (const QString &r : reasons)
        out << reason(r);
    return out.join(QStringLiteral(", "));
}

QString LoopText::decision(const QString &decision)
{
    if (decision == QLatin1String("promote"))
        return tr("Promote");
    if (decision == QLatin1String("reject"))
        return tr("Reject");
    if (decision == QLatin1String("needs_human"))
        return tr("Needs a human decision");
    return decision;
}

const GateDecisionRecord *LoopText::latestDecision(const RegistryEntry &e)
{
    return e.decisions.empty() ? nullptr : &e.decisions.back();
}

bool LoopText::awaitsDecision(const RegistryEntry &e)
{
    const GateDecisionRecord *d = latestDecision(e);
    return e.version.status == QLatin1String("training") && d && d->decision == QLatin1String("needs_human");
}

QString LoopText::versionStatus(const RegistryEntry &e)
{
    const QString &s = e.version.status;
    if (s == QLatin1String("training"))
        return awaitsDecision(e) ? tr("Candidate, awaiting a decision") : tr("Candidate");
    if (s == QLatin1String("active"))
        return tr("Active");
    if (s == QLatin1String("deprecated"))
        return tr("Deprecated");
    if (s == QLatin1String("archived"))
        return tr("Archived");
    return s;
}

QString LoopText::jobStatus(lk::loop::JobStatus status)
{
    using lk::loop::JobStatus;
    switch (status) {
    case JobStatus::Queued: return tr("Queued");
    case JobStatus::Running: return tr("Running");
    case JobStatus::Complete: return tr("Complete");
    case JobStatus::Failed: return tr("Failed");
    case JobStatus::Cancelled: return tr("Cancelled");
    }
    return nameOf(status);
}

QString LoopText::versionHtml(const RegistryEntry &e, const std::function<QString(const QString &)> &nameOf)
{
    const lk::loop::ModelVersion &v = e.version;
    const QJsonObject &m = v.metrics;
    QString rows;
    rows += row(tr("Status"), esc(versionStatus(e)));
    rows += row(tr("Parent"), esc(e.parentName.isEmpty() ? tr("none: trained from scratch") : e.parentName));
    rows += row(tr("Created"), esc(time(v.createdAt)));
    rows += row(tr("Test accuracy"), esc(percent(m.value(QStringLiteral("test_accuracy")))));
    if (m.contains(QStringLiteral("best_epoch")))
        rows += row(tr("Best epoch"),
            esc(tr("%1 of %2")
                    .arg(m.value(QStringLiteral("best_epoch")).toInt() + 1)
                    .arg(m.value(QStringLiteral("epochs_done")).toInt())));
    if (m.contains(QStringLiteral("training_time_minutes")))
        rows += row(tr("Training time"),
            esc(tr("%1 min").arg(
                QLocale().toString(m.value(QStringLiteral("training_time_minutes")).toDouble(), 'f', 1))));
    rows += row(tr("Training samples"),
        esc(tr("%1 (marked used in this version: %2)").arg(v.trainingSamples).arg(e.samplesUsed)));
    if (!v.jobId.isEmpty())
        rows += row(tr("Job"), esc(v.jobId));
    if (m.contains(QStringLiteral("run_id")))
        rows += row(tr("Training run"), esc(m.value(QStringLiteral("run_id")).toString()));
    rows += row(
        tr("Artifact"), esc(v.artifactPath.isEmpty() ? dash() : QDir::toNativeSeparators(v.artifactPath)));
    rows +=
        row(tr("SHA-256"), QStringLiteral("<tt>%1</tt>").arg(esc(v.sha256.isEmpty() ? dash() : v.sha256)));

    QString html = QStringLiteral("<h3>%1</h3><table>%2</table><h4>%3</h4>")
                       .arg(esc(v.name()), rows, esc(tr("Gate decisions, newest first")));
    if (e.decisions.empty())
        html += QStringLiteral("<p>%1</p>").arg(esc(tr("None recorded.")));
    for (auto it = e.decisions.rbegin(); it != e.decisions.rend(); ++it)
        html += decisionHtml(*it, it->incumbentVersion.isEmpty() ? QString() : nameOf(it->incumbentVersion));
    return html;
}

} // namespace lk::ui
