#include "ui/panels/FleetText.h"

#include "ui/panels/LoopText.h"

#include <QDateTime>
#include <QJsonArray>
#include <QLocale>
#include <QStringList>

#include <cmath>

namespace lk::ui {

namespace {

/// Qualitative colours that read on light and dark palettes, without red (failed) and grey (down).
const QColor kVersionPalette[] = {QColor(0x4e, 0x79, 0xa7), QColor(0xf2, 0x8e, 0x2b),
    QColor(0x76, 0xb7, 0xb2), QColor(0x59, 0xa1, 0x4f), QColor(0xed, 0xc9, 0x48), QColor(0xb0, 0x7a, 0xa1),
    QColor(0xff, 0x9d, 0xa7), QColor(0x9c, 0x75, 0x5f)};
constexpr int kPaletteSize = int(sizeof(kVersionPalette) / sizeof(kVersionPalette[0]));

/// FNV-1a: the same number in every process (qHash is seeded per process).
quint32 stableHash(const QString &text)
{
    quint32 h = 2166136261u;
    for (const QChar c : text) {
        h ^= c.unicode();
        h *= 16777619u;
    }
    return h;
}

} // namespace

QColor FleetText::versionColor(const QString &version)
{
    if (version.isEmpty())
        return QColor(0xba, 0xb0, 0xac);
    const int at = int(version.lastIndexOf(QLatin1Char('@')));
    bool numbered = false;
    const int number = at >= 0 ? version.mid(at + 1).toInt(&numbered) : 0;
    const quint32 index =
        numbered ? stableHash(version.left(at)) % kPaletteSize + quint32(number) : stableHash(version);
    return kVersionPalette[index % kPaletteSize];
}

QColor FleetText::textOn(const QColor &background)
{
    const double luminance =
        0.2126 * background.redF() + 0.7152 * background.greenF() + 0.0722 * background.blueF();
    return luminance > 0.55 ? QColor(Qt::black) : QColor(Qt::white);
}

QString FleetText::rolloutStatus(lk::rollout::RolloutStatus status)
{
    using lk::rollout::RolloutStatus;
    switch (status) {
    case RolloutStatus::Deploying: return tr("Deploying");
    case RolloutStatus::Monitoring: return tr("Watching");
    case RolloutStatus::Paused: return tr("Paused");
    case RolloutStatus::RollingBack: return tr("Rolling back");
    case RolloutStatus::Completed: return tr("Completed");
    case RolloutStatus::RolledBack: return tr("Rolled back");
    case RolloutStatus::Aborted: return tr("Aborted");
    }
    return nameOf(status);
}

QString FleetText::phase(const lk::rollout::Rollout &r)
{
    const int steps = int(r.plan.steps.size());
    const int step = r.stepIndex + 1;
    const int percent = r.plan.steps.at(std::size_t(std::clamp(r.stepIndex, 0, steps - 1)));
    using lk::rollout::RolloutStatus;
    switch (r.status) {
    case RolloutStatus::Deploying:
        return tr("Deploying step %1 of %2 (%3 %)").arg(step).arg(steps).arg(percent);
    case RolloutStatus::Monitoring:
        return tr("Watching step %1 of %2 (%3 %)").arg(step).arg(steps).arg(percent);
    case RolloutStatus::Paused:
        return tr("Paused at step %1 of %2 (%3 %)").arg(step).arg(steps).arg(percent);
    case RolloutStatus::RollingBack:
        return tr("Rolling back from step %1 of %2").arg(step).arg(steps);
    case RolloutStatus::Completed:
    case RolloutStatus::RolledBack:
    case RolloutStatus::Aborted:
        break;
    }
    return rolloutStatus(r.status);
}

QString FleetText::deploymentLine(const lk::rollout::Rollout &r)
{
    const QJsonObject d = r.deploymentJson();
    const QString result = d.value(QStringLiteral("canary_result")).toString();
    return QStringLiteral("%1 · %2 · %3")
        .arg(d.value(QStringLiteral("status")).toString(), d.value(QStringLiteral("progress")).toString(),
            result.isEmpty() ? tr("canary not judged yet") : tr("canary %1").arg(result));
}

QString FleetText::nodeState(lk::rollout::RolloutNodeState state)
{
    using lk::rollout::RolloutNodeState;
    switch (state) {
    case RolloutNodeState::Waiting: return tr("Waiting");
    case RolloutNodeState::Deployed: return tr("Deployed");
    case RolloutNodeState::Failed: return tr("Failed");
    case RolloutNodeState::RolledBack: return tr("Rolled back");
    }
    return nameOf(state);
}

QString FleetText::health(lk::fleet::NodeHealthStatus status)
{
    switch (status) {
    case lk::fleet::NodeHealthStatus::Up: return tr("Up");
    case lk::fleet::NodeHealthStatus::Down: return tr("Down");
    case lk::fleet::NodeHealthStatus::Unknown: break;
    }
    return tr("Not checked yet");
}

QString FleetText::eventKind(const QString &kind)
{
    static const std::pair<const char *, const char *> kinds[] = {
        {"created", QT_TR_NOOP("Started")},
        {"deployed", QT_TR_NOOP("Deployed")},
        {"retry", QT_TR_NOOP("Retrying")},
        {"node_failed", QT_TR_NOOP("Node failed")},
        {"watching", QT_TR_NOOP("Watching")},
        {"judged", QT_TR_NOOP("Judged")},
        {"promoted", QT_TR_NOOP("Promoted")},
        {"paused", QT_TR_NOOP("Paused")},
        {"resumed", QT_TR_NOOP("Resumed")},
        {"window_extended", QT_TR_NOOP("Window extended")},
        {"rolling_back", QT_TR_NOOP("Rolling back")},
        {"rollback_requested", QT_TR_NOOP("Rollback requested")},
        {"rolled_back", QT_TR_NOOP("Rolled back")},
        {"completed", QT_TR_NOOP("Completed")},
        {"aborted", QT_TR_NOOP("Aborted")},
    };
    for (const auto &[name, text] : kinds) {
        if (kind == QLatin1String(name))
            return tr(text);
    }
    return kind;
}

QString FleetText::canaryResult(const QString &result)
{
    if (result == QLatin1String("passed"))
        return tr("passed");
    if (result == QLatin1String("marginal"))
        return tr("marginal");
    if (result == QLatin1String("failed"))
        return tr("failed");
    if (result == QLatin1String("no_data"))
        return tr("not enough data");
    if (result == QLatin1String("promoted_by_operator"))
        return tr("promoted by an operator");
    return result.isEmpty() ? tr("not judged yet") : result;
}

QString FleetText::metricName(const QString &metric)
{
    if (metric == QLatin1String("escalation_rate"))
        return tr("Escalation rate");
    if (metric == QLatin1String("accuracy"))
        return tr("Accuracy (corrected escalations)");
    if (metric == QLatin1String("latency_p95"))
        return tr("Latency p95");
    if (metric == QLatin1String("error_rate"))
        return tr("Error rate");
    return metric;
}

QString FleetText::verdict(const QString &status, bool passed)
{
    if (status == QLatin1String("pass"))
        return tr("✔ Pass");
    if (status == QLatin1String("no_data"))
        return tr("– No data");
    if (status == QLatin1String("high"))
        return passed ? tr("▲ Higher, harmless") : tr("✖ Higher: fails");
    if (status == QLatin1String("low"))
        return passed ? tr("▼ Lower, harmless") : tr("✖ Lower: fails");
    return status;
}

QString FleetText::metricValue(const lk::rollout::RolloutPlan &plan, const QString &metric, double value)
{
    for (const lk::rollout::MetricRule &rule : plan.metrics) {
        if (rule.name == metric && rule.test == QLatin1String("rank"))
            return tr("%1 ms").arg(QLocale().toString(value, 'f', 2));
    }
    return rate(value, 2);
}

QString FleetText::pValue(double p)
{
    if (!std::isfinite(p))
        return dash();
    if (p < 0.001)
        return QStringLiteral("< ") + QLocale().toString(0.001, 'f', 3);
    return QLocale().toString(p, 'f', 3);
}

QString FleetText::rate(double value, int decimals)
{
    if (!std::isfinite(value))
        return dash();
    return QLocale().toString(value * 100.0, 'f', decimals) + QStringLiteral(" %");
}

QString FleetText::countdown(qint64 milliseconds)
{
    const qint64 seconds = std::max<qint64>(0, (milliseconds + 999) / 1000);
    const qint64 h = seconds / 3600;
    const qint64 m = (seconds % 3600) / 60;
    const qint64 s = seconds % 60;
    if (h > 0)
        return QStringLiteral("%1:%2:%3")
            .arg(h)
            .arg(m, 2, 10, QLatin1Char('0'))
            .arg(s, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2").arg(m).arg(s, 2, 10, QLatin1Char('0'));
}

QString FleetText::time(const QString &iso)
{
    return LoopText::time(iso);
}

QString FleetText::time(qint64 msSinceEpoch)
{
    return msSinceEpoch > 0 ? LoopText::time(QDateTime::fromMSecsSinceEpoch(msSinceEpoch, Qt::UTC)) : dash();
}

QString FleetText::stepsHtml(const lk::rollout::RolloutPlan &plan, int current, bool finished)
{
    QStringList parts;
    for (int i = 0; i < int(plan.steps.size()); ++i) {
        const QString text = QStringLiteral("%1 %").arg(plan.steps[std::size_t(i)]);
        if (i == current && !finished)
            parts.append(QStringLiteral("<b><u>%1</u></b>").arg(text));
        else if (i < current)
            parts.append(QStringLiteral("%1 ✔").arg(text));
        else
            parts.append(text);
    }
    return parts.join(QStringLiteral(" → "));
}

QString FleetText::driftCheck(const QString &name)
{
    if (name == QLatin1String("escalation_rate"))
        return tr("Escalation rate");
    if (name == QLatin1String("accuracy"))
        return tr("Accuracy");
    if (name == QLatin1String("confidence_psi"))
        return tr("Confidence PSI");
    if (name == QLatin1String("confidence_ks"))
        return tr("Confidence KS");
    if (name == QLatin1String("page_hinkley"))
        return tr("Page–Hinkley");
    if (name == QLatin1String("adwin"))
        return tr("ADWIN");
    return name;
}

QString FleetText::driftStatus(const QString &status)
{
    if (status == QLatin1String("ok"))
        return tr("OK");
    if (status == QLatin1String("alert"))
        return tr("Alert");
    if (status == QLatin1String("no_data"))
        return tr("No data");
    return status;
}

QString FleetText::triggerAction(const QJsonObject &trigger)
{
    if (trigger.isEmpty())
        return tr("not offered to the learning loop");
    const QString action = trigger.value(QStringLiteral("action")).toString();
    if (action == QLatin1String("training_triggered"))
        return tr("training triggered");
    if (action == QLatin1String("none"))
        return tr("no training (%1)").arg(trigger.value(QStringLiteral("reason")).toString());
    return action;
}

namespace {

/// "cooldown_until" → "Cooldown until".
QString fieldName(const QString &key)
{
    QString name = key;
    name.replace(QLatin1Char('_'), QLatin1Char(' '));
    if (!name.isEmpty())
        name[0] = name[0].toUpper();
    return name;
}

QString fieldValue(const QJsonValue &v)
{
    if (v.isBool())
        return v.toBool() ? FleetText::tr("yes") : FleetText::tr("no");
    if (v.isDouble()) {
        const double d = v.toDouble();
        return d == std::floor(d) && std::abs(d) < 1e15 ? QLocale().toString(qint64(d)) : QLocale().toString(d, 'g', 4);
    }
    if (v.isArray()) {
        QStringList parts;
        for (const QJsonValue &item : v.toArray())
            parts.append(item.isObject() ? FleetText::tr("(%1 fields)").arg(item.toObject().size()) : fieldValue(item));
        return parts.join(QStringLiteral(", "));
    }
    return v.toString();
}

void addRows(QString &html, const QJsonObject &o, const QString &prefix, int depth)
{
    for (auto it = o.begin(); it != o.end(); ++it) {
        const QString name = prefix.isEmpty() ? fieldName(it.key()) : prefix + QStringLiteral(" › ") + fieldName(it.key());
        if (it.value().isObject() && depth < 3) {
            addRows(html, it.value().toObject(), name, depth + 1);
            continue;
        }
        const QString value = fieldValue(it.value());
        if (it.value().isNull() || value.isEmpty())
            continue;
        html += QStringLiteral("<tr><td>%1</td><td>%2</td></tr>").arg(name.toHtmlEscaped(), value.toHtmlEscaped());
    }
}

} // namespace

QString FleetText::fieldsHtml(const QJsonObject &fields)
{
    if (fields.isEmpty())
        return {};
    QString html = QStringLiteral("<table cellspacing='0' cellpadding='2'>");
    addRows(html, fields, QString(), 0);
    return html + QStringLiteral("</table>");
}

QString FleetText::dash()
{
    return LoopText::dash();
}

} // namespace lk::ui
