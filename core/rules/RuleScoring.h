#pragma once

// How sure a proposed rule is, and how much it matters.
//
// Confidence follows the bands of docs/memory-rules.md, scored on independent occurrences
// (distinct runs: ten downloads failing together in one fan-out are one incident, not ten):
//   one occurrence          `single` (0.60)                 "a hypothesis based on a single
//                                                            edge-case failure": under 0.70
//   2 .. highAbove (5)      mediumLow .. mediumHigh,         "logically sound inference based on
//                           linear: 2 -> 0.70, 3 -> 0.76,    2-4 occurrences": 0.70-0.89 (5 is
//                           4 -> 0.83, 5 -> 0.89             left open; it is not "more than 5",
//                                                            so it stays medium)
//   n > highAbove           highCeiling - (highCeiling -    "identical ways >5 times": over 0.90,
//                           highFloor) * (highAbove+1) / n   approaching 0.99, never certainty:
//                           6 -> 0.91, 12 -> 0.95,           the data is one deployment's history
//                           48 -> 0.98
// Scores are rounded to two decimals, as reports write them.
//
// Priority follows measured impact: "high" if any of wasted retries, wasted time, wasted cost or
// failed outcomes (failures the rule would turn into results) reaches its high threshold,
// "medium" if any reaches its medium threshold, else "low".

#include "core/rules/MemoryRule.h"

#include <QString>

namespace lk::rules {

/// The confidence bands (see the file comment).
struct ConfidenceBands
{
    double single = 0.60; ///< one occurrence: under 0.70
    int mediumFrom = 2; ///< "2-4 occurrences"
    double mediumLow = 0.70;
    double mediumHigh = 0.89;
    int highAbove = 5; ///< "more than 5 times"
    double highFloor = 0.91; ///< at highAbove + 1: over 0.90
    double highCeiling = 0.99; ///< approached, never reached
};

/// Confidence for a pattern seen in `occurrences` independent runs (0 for none).
double confidenceFor(qint64 occurrences, const ConfidenceBands &bands = {});

/// "high" (> 0.90), "medium" (0.70 .. 0.90) or "low" (< 0.70): the band names.
QString confidenceBand(double confidence);

/// Impact thresholds for priority: "12 runs burning 3 retries each" ranks high and "3 workflows
/// transcribing 2-hour files" medium (tests/tst_rules_report.cpp).
struct PriorityThresholds
{
    qint64 highWastedRetries = 20; ///< 12 runs x 3 retries = 36 is high
    qint64 mediumWastedRetries = 5;
    double highWastedMs = 60.0 * 60 * 1000; ///< an hour of task time
    double mediumWastedMs = 10.0 * 60 * 1000; ///< ten minutes
    double highWastedCost = 10.0; ///< in the tasks' cost unit
    double mediumWastedCost = 1.0;
    qint64 highFailedOutcomes = 10;
    qint64 mediumFailedOutcomes = 3;
};

/// "high", "medium" or "low" for a measured impact.
QString priorityFor(const Impact &impact, const PriorityThresholds &thresholds = {});

/// 2 for high, 1 for medium, 0 for low (for sorting).
int priorityRank(const QString &priority);

} // namespace lk::rules
