#include "ui/panels/DriftBuckets.h"

#include <QJsonObject>

#include <algorithm>
#include <cmath>

namespace lk::ui {

std::optional<double> DriftCell::rate() const
{
    return predictions > 0 ? std::optional<double>(double(escalations) / double(predictions)) : std::nullopt;
}

std::optional<double> DriftCell::baseline() const
{
    return baselineCount > 0 ? std::optional<double>(baselineSum / baselineCount) : std::nullopt;
}

std::optional<double> DriftCell::limit() const
{
    return limitCount > 0 ? std::optional<double>(limitSum / limitCount) : std::nullopt;
}

std::optional<double> DriftCell::ratio() const
{
    const std::optional<double> r = rate();
    const std::optional<double> b = baseline();
    if (!r || !b || *b <= 0)
        return std::nullopt;
    return *r / *b;
}

void DriftCell::add(const DriftCell &o)
{
    windows += o.windows;
    predictions += o.predictions;
    escalations += o.escalations;
    baselineSum += o.baselineSum;
    baselineCount += o.baselineCount;
    limitSum += o.limitSum;
    limitCount += o.limitCount;
    alert = alert || o.alert;
    for (const QString &c : o.alertChecks) {
        if (!alertChecks.contains(c))
            alertChecks.append(c);
    }
    for (const QString &v : o.versions) {
        if (!versions.contains(v))
            versions.append(v);
    }
}

DriftGrid DriftGrid::build(const QList<lk::drift::StoredWindow> &windows, const QStringList &nodes,
    qint64 fromMs, qint64 toMs, int buckets)
{
    DriftGrid g;
    g.m_nodes = nodes;
    g.m_fromMs = fromMs;
    g.m_toMs = std::max(toMs, fromMs + 1);
    g.m_buckets = std::max(1, buckets);
    g.m_cells.assign(std::size_t(g.rows()) * std::size_t(g.m_buckets), DriftCell());
    const double span = double(g.m_toMs - g.m_fromMs);
    for (const lk::drift::StoredWindow &w : windows) {
        if (w.endedAtMs < g.m_fromMs || w.endedAtMs > g.m_toMs)
            continue;
        const int row = int(nodes.indexOf(w.node));
        if (row < 0)
            continue;
        const int column = std::clamp(
            int(std::floor(double(w.endedAtMs - g.m_fromMs) / span * g.m_buckets)), 0, g.m_buckets - 1);
        DriftCell &c = g.m_cells[std::size_t(row) * std::size_t(g.m_buckets) + std::size_t(column)];
        c.windows += 1;
        c.predictions += w.predictions;
        c.escalations += w.escalations;
        if (w.baselineRate) {
            c.baselineSum += *w.baselineRate;
            c.baselineCount += 1;
        }
        for (const QJsonValue &v : w.checks) {
            const QJsonObject check = v.toObject();
            const QString name = check.value(QStringLiteral("name")).toString();
            if (name == QLatin1String("escalation_rate") && check.value(QStringLiteral("limit")).isDouble()) {
                c.limitSum += check.value(QStringLiteral("limit")).toDouble();
                c.limitCount += 1;
            }
            if (check.value(QStringLiteral("status")).toString() == QLatin1String("alert")
                && !c.alertChecks.contains(name))
                c.alertChecks.append(name);
        }
        c.alert = c.alert || w.alert;
        if (!w.modelVersion.isEmpty() && !c.versions.contains(w.modelVersion))
            c.versions.append(w.modelVersion);
        g.m_windows += 1;
    }
    return g;
}

qint64 DriftGrid::bucketStart(int column) const
{
    return m_fromMs + (m_toMs - m_fromMs) * column / m_buckets;
}

qint64 DriftGrid::bucketEnd(int column) const
{
    return m_fromMs + (m_toMs - m_fromMs) * (column + 1) / m_buckets;
}

const DriftCell &DriftGrid::cell(int row, int column) const
{
    return m_cells.at(std::size_t(row) * std::size_t(m_buckets) + std::size_t(column));
}

DriftCell DriftGrid::pooled(int column) const
{
    DriftCell all;
    for (int row = 0; row < rows(); ++row)
        all.add(cell(row, column));
    return all;
}

} // namespace lk::ui
