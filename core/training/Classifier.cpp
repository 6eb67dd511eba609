// Classifier forwards to the torch plugin (TorchBackend.h), which it loads on first use.
#include "core/training/Classifier.h"

#include "core/training/TorchBackend.h"
#include "core/training/TorchPlugin.h"

#include "core/common/Error.h"

#include <QFileInfo>

namespace lk::training {

struct Classifier::Impl
{
    std::unique_ptr<TorchModel> model;
};

Classifier::Classifier(const QString &artifactPath)
    : d(std::make_unique<Impl>())
{
    if (!QFileInfo(artifactPath).isFile())
        throw Error(ErrorKind::Input, QStringLiteral("There is no model file at %1").arg(artifactPath));
    d->model = torchBackend().loadModel(artifactPath);
}

Classifier::~Classifier() = default;
Classifier::Classifier(Classifier &&) noexcept = default;
Classifier &Classifier::operator=(Classifier &&) noexcept = default;

std::vector<Prediction> Classifier::predict(const ImageSet &images, int begin, int count, int batchSize)
{
    return d->model->predict(images, begin, count, batchSize);
}

std::vector<float> Classifier::probabilities(const std::uint8_t *pixels, int rows, int cols)
{
    return d->model->probabilities(pixels, rows, cols);
}

} // namespace lk::training
