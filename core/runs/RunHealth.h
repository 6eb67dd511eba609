#pragma once

#include "core/analysis/CurveHealth.h"
#include "core/training/TrainingTypes.h"

#include <vector>

namespace lk::runs {

/// The curve-health settings a run is judged by: validation loss, Keras' early-stopping
/// convention with the run's patience and min_delta (the runner stops rather than lowers
/// the learning rate), the analysis defaults for overfitting and divergence.
analysis::HealthConfig healthConfigFor(const training::TrainingConfig &config);

/// Curve health of a run's epochs so far.
analysis::HealthReport runHealth(
    const std::vector<training::EpochRecord> &epochs, const training::TrainingConfig &config);

/// Short flags for an epoch line, e.g. "[plateau] [overfitting]" (empty when healthy).
QString healthFlags(const analysis::HealthReport &report);

} // namespace lk::runs
