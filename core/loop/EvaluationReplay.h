#pragma once

// Replays an evaluation set through one model artifact: the answers and the latencies the
// regression gate compares.

#include "core/training/ImageDataset.h"

#include <QString>

#include <vector>

namespace lk::loop {

struct ReplayResult
{
    std::vector<int> labels; ///< predicted class per image
    std::vector<double> confidences; ///< its probability
    std::vector<double> latencyMs; ///< single-image inference times, as a node sees them
};

/// Predicts every image of `eval` (in batches) and times `latencyImages` single-image
/// predictions (the first ones). Throws lk::Error(Input) if the artifact cannot be loaded.
ReplayResult replayModel(const QString &artifactPath, const training::ImageSet &eval, int latencyImages = 200);

} // namespace lk::loop
