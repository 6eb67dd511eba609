#include "core/rules/RuleScoring.h"

#include <cmath>

namespace lk::rules {

namespace {

double twoDecimals(double x)
{
    return std::round(x * 100.0) / 100.0;
}

} // namespace

double confidenceFor(qint64 occurrences, const ConfidenceBands &b)
{
    if (occurrences <= 0)
        return 0.0;
    if (occurrences < b.mediumFrom)
        return twoDecimals(b.single);
    if (occurrences <= b.highAbove) {
        const int steps = b.highAbove - b.mediumFrom;
        const double t = steps > 0 ? double(occurrences - b.mediumFrom) / steps : 1.0;
        return twoDecimals(b.mediumLow + (b.mediumHigh - b.mediumLow) * t);
    }
    return twoDecimals(
        b.highCeiling - (b.highCeiling - b.highFloor) * double(b.highAbove + 1) / double(occurrences));
}

QString confidenceBand(double confidence)
{
    if (confidence > 0.90)
        return QStringLiteral("high");
    if (confidence >= 0.70)
        return QStringLiteral("medium");
    return QStringLiteral("low");
}

QString priorityFor(const Impact &i, const PriorityThresholds &t)
{
    if (i.wastedRetries >= t.highWastedRetries || i.wastedMs >= t.highWastedMs
        || i.wastedCost >= t.highWastedCost || i.failedOutcomes >= t.highFailedOutcomes)
        return QStringLiteral("high");
    if (i.wastedRetries >= t.mediumWastedRetries || i.wastedMs >= t.mediumWastedMs
        || i.wastedCost >= t.mediumWastedCost || i.failedOutcomes >= t.mediumFailedOutcomes)
        return QStringLiteral("medium");
    return QStringLiteral("low");
}

int priorityRank(const QString &priority)
{
    if (priority == QLatin1String("high"))
        return 2;
    if (priority == QLatin1String("medium"))
        return 1;
    return 0;
}

} // namespace lk::rules
