#include "core/loop/EvaluationReplay.h"

#include "core/training/Classifier.h"

#include <QElapsedTimer>

#include <algorithm>

namespace lk::loop {

ReplayResult replayModel(const QString &artifactPath, const training::ImageSet &eval, int latencyImages)
{
    training::Classifier model(artifactPath);
    ReplayResult out;
    const std::vector<training::Prediction> predictions = model.predict(eval);
    out.labels.reserve(predictions.size());
    out.confidences.reserve(predictions.size());
    for (const training::Prediction &p : predictions) {
        out.labels.push_back(p.label);
        out.confidences.push_back(double(p.confidence));
    }
    const int timed = std::min(latencyImages, eval.count());
    out.latencyMs.reserve(size_t(timed));
    for (int i = 0; i < timed; ++i) {
        QElapsedTimer clock;
        clock.start();
        model.probabilities(eval.pixels.data() + size_t(i) * size_t(eval.pixelsPerImage()), eval.rows, eval.cols);
        out.latencyMs.push_back(double(clock.nsecsElapsed()) / 1e6);
    }
    return out;
}

} // namespace lk::loop
