#pragma once

// The seeded train/eval split of a fine-tune dataset. A run's side depends only on its own
// run_id and the seed — not on its position or on the other runs — so that exporting again
// with more runs leaves every earlier run where it was, and an eval run never leaks into
// training when the dataset grows. The price: the eval share is the fraction only on average.

#include <QString>
#include <QtGlobal>

namespace lk::autoretrain {

/// Which file of the dataset a promoted run goes to.
enum class Split { Train, Eval };

/// "train" or "eval".
QString splitName(Split split);

/// The run's place in [0, 1): the first 53 bits of sha256("<seed>\n<run_id>") (UTF-8) divided
/// by 2^53. Any language can recompute it (docs/dataset-export.md, "Split").
double splitPosition(const QString &runId, quint64 seed);

/// Eval when splitPosition(runId, seed) < evalFraction, else train.
Split splitFor(const QString &runId, quint64 seed, double evalFraction);

} // namespace lk::autoretrain
