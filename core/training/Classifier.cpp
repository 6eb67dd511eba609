// Runs exported TorchScript classifiers: one of the few translation units with LibTorch.
#include "core/training/Classifier.h"

#include "core/common/Error.h"

#include <QFile>
#include <QFileInfo>

#include <torch/csrc/jit/api/module.h>
#include <torch/script.h>

#include <cstring>

namespace lk::training {

struct Classifier::Impl
{
    torch::jit::Module module;
};

Classifier::Classifier(const QString &artifactPath)
    : d(std::make_unique<Impl>())
{
    if (!QFileInfo(artifactPath).isFile())
        throw Error(ErrorKind::Input, QStringLiteral("There is no model file at %1").arg(artifactPath));
    try {
        d->module = torch::jit::load(QFile::encodeName(artifactPath).toStdString());
    } catch (const c10::Error &e) {
        throw Error(ErrorKind::Input,
            QStringLiteral("%1 is not a TorchScript model: %2")
                .arg(artifactPath, QString::fromUtf8(e.what_without_backtrace())));
    }
    d->module.eval();
    // Frozen, the module's weights are constants and its graph is simplified once: a single
    // image runs with less per-call overhead. A model that cannot be frozen runs as loaded.
    try {
        d->module = torch::jit::freeze(d->module);
    } catch (const c10::Error &) {
    }
}

Classifier::~Classifier() = default;
Classifier::Classifier(Classifier &&) noexcept = default;
Classifier &Classifier::operator=(Classifier &&) noexcept = default;

static torch::Tensor runModel(torch::jit::Module &module, const torch::Tensor &input)
{
    try {
        return module.forward({input}).toTensor();
    } catch (const c10::Error &e) {
        throw Error(ErrorKind::Input,
            QStringLiteral("The model cannot classify %1×%2 images: %3")
                .arg(input.size(2))
                .arg(input.size(3))
                .arg(QString::fromUtf8(e.what_without_backtrace()).section(QLatin1Char('\n'), 0, 0)));
    }
}

std::vector<Prediction> Classifier::predict(const ImageSet &images, int begin, int count, int batchSize)
{
    if (count < 0)
        count = images.count() - begin;
    if (begin < 0 || count < 0 || begin + count > images.count())
        throw Error(ErrorKind::Usage,
            QStringLiteral("Images %1 to %2 are outside the %3 images of %4")
                .arg(begin)
                .arg(begin + count)
                .arg(images.count())
                .arg(images.source));
    c10::InferenceMode inference;
    std::vector<Prediction> out;
    out.reserve(size_t(count));
    const int64_t pixels = images.pixelsPerImage();
    for (int start = begin; start < begin + count; start += batchSize) {
        const int n = std::min(batchSize, begin + count - start);
        torch::Tensor bytes =
            torch::from_blob(const_cast<std::uint8_t *>(images.pixels.data()) + int64_t(start) * pixels,
                {n, 1, images.rows, images.cols}, torch::kUInt8);
        const torch::Tensor probs =
            torch::softmax(runModel(d->module, bytes.to(torch::kFloat32).div_(255.0f)), 1);
        const auto [conf, cls] = probs.max(1);
        const auto confA = conf.accessor<float, 1>();
        const auto clsA = cls.accessor<int64_t, 1>();
        for (int i = 0; i < n; ++i)
            out.push_back({start + i, int(clsA[i]), confA[i]});
    }
    return out;
}

std::vector<float> Classifier::probabilities(const std::uint8_t *pixels, int rows, int cols)
{
    c10::InferenceMode inference;
    torch::Tensor bytes =
        torch::from_blob(const_cast<std::uint8_t *>(pixels), {1, 1, rows, cols}, torch::kUInt8);
    const torch::Tensor probs =
        torch::softmax(runModel(d->module, bytes.to(torch::kFloat32).div_(255.0f)), 1)[0];
    return std::vector<float>(probs.data_ptr<float>(), probs.data_ptr<float>() + probs.numel());
}

} // namespace lk::training
