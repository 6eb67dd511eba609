// The torch plugin's entry point and backend (TorchBackend.h): TorchScript classifiers and the
// runtime probe here, training in TorchTrainer.cpp. One of the two translation units of the
// plugin that include LibTorch.
#include "core/training/TorchBackend.h"

#include "core/training/TorchTrainer.h"

#include "core/common/Error.h"
#include "core/common/Versions.h"

#include <QFile>

#include <torch/csrc/jit/api/module.h>
#include <torch/script.h>
#include <torch/torch.h>
#include <torch/version.h>

#include <algorithm>
#include <chrono>
#include <cstring>

namespace lk::training::torchplugin {

namespace {

torch::Tensor runModel(torch::jit::Module &module, const torch::Tensor &input)
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

/// A TorchScript image classifier as exported by the trainer (N×1×H×W float pixels in [0, 1]
/// in, N×classes logits out).
class ScriptModel final : public TorchModel
{
public:
    explicit ScriptModel(const QString &artifactPath)
    {
        try {
            m_module = torch::jit::load(QFile::encodeName(artifactPath).toStdString());
        } catch (const c10::Error &e) {
            throw Error(ErrorKind::Input,
                QStringLiteral("%1 is not a TorchScript model: %2")
                    .arg(artifactPath, QString::fromUtf8(e.what_without_backtrace())));
        }
        m_module.eval();
        // Frozen, the module's weights are constants and its graph is simplified once: a single
        // image runs with less per-call overhead. A model that cannot be frozen runs as loaded.
        try {
            m_module = torch::jit::freeze(m_module);
        } catch (const c10::Error &) {
        }
    }

    std::vector<Prediction> predict(const ImageSet &images, int begin, int count, int batchSize) override
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
                torch::softmax(runModel(m_module, bytes.to(torch::kFloat32).div_(255.0f)), 1);
            const auto [conf, cls] = probs.max(1);
            const auto confA = conf.accessor<float, 1>();
            const auto clsA = cls.accessor<int64_t, 1>();
            for (int i = 0; i < n; ++i)
                out.push_back({start + i, int(clsA[i]), confA[i]});
        }
        return out;
    }

    std::vector<float> probabilities(const std::uint8_t *pixels, int rows, int cols) override
    {
        c10::InferenceMode inference;
        torch::Tensor bytes =
            torch::from_blob(const_cast<std::uint8_t *>(pixels), {1, 1, rows, cols}, torch::kUInt8);
        const torch::Tensor probs =
            torch::softmax(runModel(m_module, bytes.to(torch::kFloat32).div_(255.0f)), 1)[0];
        return std::vector<float>(probs.data_ptr<float>(), probs.data_ptr<float>() + probs.numel());
    }

private:
    torch::jit::Module m_module;
};

TorchRuntimeInfo probeRuntime()
{
    TorchRuntimeInfo info;
    info.version = QString::fromLatin1(TORCH_VERSION);
    info.intraOpThreads = at::get_num_threads();

    // [[0,1,2],[3,4,5]] · its transpose = [[5,14],[14,50]]: goes through sgemm.
    torch::NoGradGuard noGrad;
    const torch::Tensor a = torch::arange(6, torch::kFloat32).reshape({2, 3});
    const torch::Tensor product = a.matmul(a.t());
    const torch::Tensor expected = torch::tensor({5.0f, 14.0f, 14.0f, 50.0f}).reshape({2, 2});
    info.matmulCheckPassed = torch::allclose(product, expected);
    const auto p = product.accessor<float, 2>();
    info.matmulCheck = QStringLiteral("[[0,1,2],[3,4,5]] x transpose = [[%1,%2],[%3,%4]]")
                           .arg(double(p[0][0]))
                           .arg(double(p[0][1]))
                           .arg(double(p[1][0]))
                           .arg(double(p[1][1]));
    return info;
}

double measureSgemmGflops(int n, int threads, int repeats)
{
    if (threads > 0)
        setComputeThreads(threads);
    torch::NoGradGuard noGrad;
    const torch::Tensor a = torch::rand({n, n});
    const torch::Tensor b = torch::rand({n, n});
    torch::Tensor c = torch::empty({n, n});
    torch::mm_out(c, a, b); // warm up: page in, let the BLAS start its threads
    double best = 0;
    for (int i = 0; i < repeats; ++i) {
        const auto start = std::chrono::steady_clock::now();
        torch::mm_out(c, a, b);
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        best = std::max(best, 2.0 * double(n) * n * n / seconds / 1e9);
    }
    return best;
}

class Backend final : public TorchBackend
{
public:
    std::unique_ptr<TorchModel> loadModel(const QString &artifactPath) const override
    {
        return std::make_unique<ScriptModel>(artifactPath);
    }
    RunResult runTraining(const TrainingConfig &config, const ImageSet &train, const ImageSet &test,
        const TrainingPaths &paths, TrainingObserver &observer, bool resume,
        const ManifestExtras &extras) const override
    {
        return torchplugin::runTraining(config, train, test, paths, observer, resume, extras);
    }
    int checkpointEpoch(const QString &checkpointPath) const override
    {
        return torchplugin::checkpointEpoch(checkpointPath);
    }
    TorchRuntimeInfo probeRuntime() const override { return torchplugin::probeRuntime(); }
    double measureSgemmGflops(int n, int threads, int repeats) const override
    {
        return torchplugin::measureSgemmGflops(n, threads, repeats);
    }
    void setComputeThreads(int threads) const override { torchplugin::setComputeThreads(threads); }
};

} // namespace

} // namespace lk::training::torchplugin

/// The plugin's one exported symbol (kTorchPluginEntryPoint in TorchBackend.h).
extern "C" Q_DECL_EXPORT const lk::training::TorchBackend *loopkeeper_torch_backend(
    int interfaceVersion, const char *loopkeeperVersion)
{
    if (interfaceVersion != lk::training::kTorchPluginInterface || !loopkeeperVersion
        || QString::fromUtf8(loopkeeperVersion) != lk::loopkeeperVersion())
        return nullptr;
    static const lk::training::torchplugin::Backend backend;
    return &backend;
}
