#pragma once

#include "core/training/ImageDataset.h"

#include <QString>

#include <memory>
#include <vector>

namespace lk::training {

/// One prediction: the class with the highest probability and that probability.
struct Prediction
{
    int index = 0; ///< position in the input set
    int label = 0; ///< predicted class
    float confidence = 0;
};

/// A TorchScript image classifier as exported by the trainer (N×1×H×W float pixels in
/// [0, 1] in, N×classes logits out). Not thread-safe: one per thread.
class Classifier
{
public:
    /// Loads the model; throws lk::Error(Input) if it is missing or not a TorchScript module,
    /// lk::Error(Internal) if LibTorch's plugin cannot be loaded (TorchPlugin.h).
    explicit Classifier(const QString &artifactPath);
    ~Classifier();
    Classifier(Classifier &&) noexcept;
    Classifier &operator=(Classifier &&) noexcept;

    /// Predicts images [begin, begin + count) of `images`, in batches.
    std::vector<Prediction> predict(
        const ImageSet &images, int begin = 0, int count = -1, int batchSize = 256);
    /// Softmax probabilities of one image (rows*cols bytes).
    std::vector<float> probabilities(const std::uint8_t *pixels, int rows, int cols);

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace lk::training
