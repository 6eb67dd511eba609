// The training runner, inside the torch plugin (TorchBackend.h): one of the plugin's two
// translation units that include LibTorch.
//
// The model lives in a torch::jit::Module whose parameters are registered tensors and whose
// forward() is TorchScript source, so the exported file is exactly what was trained and any
// TorchScript runtime (C++ or Python's torch.jit.load) can run it. Training does not go
// through the TorchScript interpreter: a C++ forward below applies the same ATen operators
// to the same parameter tensors, which avoids interpreter overhead per step. A test checks
// that both forwards agree.

#include "core/training/TorchTrainer.h"

#include "core/training/TorchBackend.h"

#include "core/common/AtomicFile.h"
#include "core/common/EpochNumber.h"
#include "core/common/Error.h"
#include "core/common/Versions.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>

#include <torch/script.h>
#include <torch/torch.h>
#include <torch/version.h>

#include <dlfcn.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <numeric>
#include <random>

namespace lk::training::torchplugin {

namespace {

// The plugin links no logging code of its own: this is the same category as lcTraining in
// core/logging/Logging.cpp (a category is known by its name; Qt's filter and message handler
// are the process's, so these messages go where the rest of the engine's go).
Q_LOGGING_CATEGORY(lcTraining, "loopkeeper.training", QtInfoMsg)

constexpr int kClasses = 10;
constexpr int kEvalBatch = 1024; // evaluation has no backward pass: larger batches are cheaper
constexpr int kCheckpointFormat = 2; // 2: flat optimizer state

// --- Models ------------------------------------------------------------------------------

/// One trainable tensor of a model, in a fixed order (checkpoints and optimizers use it).
struct ParamSpec
{
    const char *name;
    std::vector<int64_t> shape;
    int64_t fanIn;
    bool isBias;
};

/// small-cnn: conv(1→16, 3×3, pad 1) → ReLU → maxpool 2 → conv(16→32, 3×3, pad 1) → ReLU →
/// maxpool 2 → linear(1568→64) → ReLU → linear(64→10): the same net as in the Python
/// comparison, so that results compare.
const std::vector<ParamSpec> &smallCnnSpec()
{
    static const std::vector<ParamSpec> spec = {
        {"conv1_weight", {16, 1, 3, 3}, 9, false},
        {"conv1_bias", {16}, 9, true},
        {"conv2_weight", {32, 16, 3, 3}, 144, false},
        {"conv2_bias", {32}, 144, true},
        {"fc1_weight", {64, 1568}, 1568, false},
        {"fc1_bias", {64}, 1568, true},
        {"fc2_weight", {10, 64}, 64, false},
        {"fc2_bias", {10}, 64, true},
    };
    return spec;
}

const char *const kSmallCnnSource = R"JIT(
def forward(self, x):
    x = (x - self.input_mean) / self.input_std
    x = torch.max_pool2d(torch.relu(torch.conv2d(x, self.conv1_weight, self.conv1_bias, [1, 1], [1, 1])), [2, 2])
    x = torch.max_pool2d(torch.relu(torch.conv2d(x, self.conv2_weight, self.conv2_bias, [1, 1], [1, 1])), [2, 2])
    x = x.reshape([x.size(0), 1568])
    x = torch.relu(torch.addmm(self.fc1_bias, x, self.fc1_weight.t()))
    return torch.addmm(self.fc2_bias, x, self.fc2_weight.t())
)JIT";

/// mlp: 784 → 256 → ReLU → 128 → ReLU → 10.
const std::vector<ParamSpec> &mlpSpec()
{
    static const std::vector<ParamSpec> spec = {
        {"fc1_weight", {256, 784}, 784, false},
        {"fc1_bias", {256}, 784, true},
        {"fc2_weight", {128, 256}, 256, false},
        {"fc2_bias", {128}, 256, true},
        {"fc3_weight", {10, 128}, 128, false},
        {"fc3_bias", {10}, 128, true},
    };
    return spec;
}

const char *const kMlpSource = R"JIT(
def forward(self, x):
    x = (x - self.input_mean) / self.input_std
    x = x.reshape([x.size(0), 784])
    x = torch.relu(torch.addmm(self.fc1_bias, x, self.fc1_weight.t()))
    x = torch.relu(torch.addmm(self.fc2_bias, x, self.fc2_weight.t()))
    return torch.addmm(self.fc3_bias, x, self.fc3_weight.t())
)JIT";

/// The trainable model: the exportable module and direct handles on its tensors. All
/// parameters live in one flat tensor (each parameter is a leaf tensor viewing its slice), and
/// so do their gradients: the optimizer then updates everything with a handful of operations
/// instead of a handful per parameter, which is most of a small batch's step time otherwise.
struct Model
{
    QString kind;
    torch::jit::Module module;
    std::vector<torch::Tensor> params; ///< same storage as the module's parameters (slices of flat)
    torch::Tensor flat; ///< every parameter, back to back
    torch::Tensor flatGrad; ///< every gradient, back to back (autograd accumulates into it)
    torch::Tensor mean; ///< input normalization, part of the exported model
    torch::Tensor stdev;

    /// The training-time forward: the same network as the TorchScript source, with the
    /// kernels that are fastest on a CPU for it — the 1-channel first convolution without
    /// MKL-DNN (its reorders cost ten times the arithmetic), and the rest in channels-last
    /// layout, where max-pooling is vectorized. A test checks it against the exported forward.
    torch::Tensor forward(const torch::Tensor &input) const
    {
        torch::Tensor x = (input - mean) / stdev;
        if (kind == QLatin1String("small-cnn")) {
            x = torch::thnn_conv2d(x, params[0], {3, 3}, params[1], {1, 1}, {1, 1})
                    .contiguous(at::MemoryFormat::ChannelsLast);
            x = torch::max_pool2d(torch::relu(x), 2);
            x = torch::max_pool2d(torch::relu(torch::conv2d(x, params[2], params[3], 1, 1)), 2);
            x = x.reshape({x.size(0), 1568});
            x = torch::relu(torch::addmm(params[5], x, params[4].t()));
            return torch::addmm(params[7], x, params[6].t());
        }
        x = x.reshape({x.size(0), 784});
        x = torch::relu(torch::addmm(params[1], x, params[0].t()));
        x = torch::relu(torch::addmm(params[3], x, params[2].t()));
        return torch::addmm(params[5], x, params[4].t());
    }

    /// Clears the gradients for the next step (one operation for all parameters).
    void zeroGrad()
    {
        flatGrad.zero_();
        // Autograd accumulates into an existing .grad in place; re-attach if anything replaced it.
        int64_t offset = 0;
        for (torch::Tensor &p : params) {
            const int64_t n = p.numel();
            if (!p.grad().defined() || p.grad().data_ptr() != flatGrad.data_ptr<float>() + offset)
                p.mutable_grad() = flatGrad.slice(0, offset, offset + n).view(p.sizes());
            offset += n;
        }
    }
};

const std::vector<ParamSpec> &specFor(const QString &kind)
{
    return kind == QLatin1String("mlp") ? mlpSpec() : smallCnnSpec();
}

/// Builds a model with PyTorch's default initialization of nn.Conv2d / nn.Linear
/// (kaiming_uniform with a = sqrt(5) for weights, U(±1/sqrt(fan_in)) for biases).
Model buildModel(const QString &kind, float mean, float stdev)
{
    Model m;
    m.kind = kind;
    m.module = torch::jit::Module(kind == QLatin1String("mlp") ? "LoopkeeperMlp" : "LoopkeeperSmallCnn");
    torch::NoGradGuard noGrad;
    int64_t total = 0;
    for (const ParamSpec &p : specFor(kind))
        total += std::accumulate(p.shape.begin(), p.shape.end(), int64_t(1), std::multiplies<int64_t>());
    m.flat = torch::empty({total});
    m.flatGrad = torch::zeros({total});
    int64_t offset = 0;
    for (const ParamSpec &p : specFor(kind)) {
        const int64_t n =
            std::accumulate(p.shape.begin(), p.shape.end(), int64_t(1), std::multiplies<int64_t>());
        // detach(): a leaf of its own that shares the flat storage.
        torch::Tensor t = m.flat.slice(0, offset, offset + n).view(p.shape).detach();
        offset += n;
        if (p.isBias) {
            const double bound = 1.0 / std::sqrt(double(p.fanIn));
            t.uniform_(-bound, bound);
        } else {
            torch::nn::init::kaiming_uniform_(t, std::sqrt(5.0));
        }
        t.set_requires_grad(true);
        m.module.register_parameter(p.name, t, false);
        m.params.push_back(t);
    }
    m.zeroGrad();
    m.mean = torch::full({1}, mean);
    m.stdev = torch::full({1}, stdev);
    m.module.register_buffer("input_mean", m.mean);
    m.module.register_buffer("input_std", m.stdev);
    m.module.define(kind == QLatin1String("mlp") ? kMlpSource : kSmallCnnSource);
    return m;
}

/// Copies a parent model's weights and normalization into `m` (fine-tuning).
void loadParent(Model &m, const QString &path)
{
    torch::jit::Module parent;
    try {
        parent = torch::jit::load(QFile::encodeName(path).toStdString());
    } catch (const c10::Error &e) {
        throw Error(ErrorKind::Input,
            QStringLiteral("Cannot load the parent model %1: %2")
                .arg(path, QString::fromUtf8(e.what_without_backtrace())));
    }
    const std::string typeName = parent.type()->name() ? parent.type()->name()->name() : std::string();
    const QString parentKind = typeName.find("LoopkeeperSmallCnn") != std::string::npos
        ? QStringLiteral("small-cnn")
        : typeName.find("LoopkeeperMlp") != std::string::npos ? QStringLiteral("mlp")
                                                              : QString();
    if (!parentKind.isEmpty() && parentKind != m.kind)
        throw Error(ErrorKind::Input,
            QStringLiteral("The parent model %1 is a %2, not a %3").arg(path, parentKind, m.kind));
    torch::NoGradGuard noGrad;
    const auto &spec = specFor(m.kind);
    for (size_t i = 0; i < spec.size(); ++i) {
        if (!parent.hasattr(spec[i].name))
            throw Error(ErrorKind::Input,
                QStringLiteral("The parent model %1 is not a %2: it has no %3")
                    .arg(path, m.kind, QLatin1String(spec[i].name)));
        const torch::Tensor t = parent.attr(spec[i].name).toTensor();
        if (t.sizes() != m.params[i].sizes())
            throw Error(ErrorKind::Input,
                QStringLiteral("The parent model %1 does not match %2: %3 has another shape")
                    .arg(path, m.kind, QLatin1String(spec[i].name)));
        m.params[i].copy_(t);
    }
    if (parent.hasattr("input_mean") && parent.hasattr("input_std")) {
        m.mean.copy_(parent.attr("input_mean").toTensor());
        m.stdev.copy_(parent.attr("input_std").toTensor());
    }
}

// --- Data --------------------------------------------------------------------------------

/// Images as a float tensor N×1×H×W in [0, 1], labels as int64.
struct Tensors
{
    torch::Tensor x;
    torch::Tensor y;
    int64_t count() const { return y.defined() ? y.size(0) : 0; }
};

Tensors toTensors(const ImageSet &set, const std::vector<int64_t> &indices)
{
    const int64_t n = int64_t(indices.size());
    const int64_t pixels = set.pixelsPerImage();
    torch::Tensor bytes = torch::empty({n, 1, set.rows, set.cols}, torch::kUInt8);
    torch::Tensor labels = torch::empty({n}, torch::kInt64);
    auto *dst = bytes.data_ptr<uint8_t>();
    auto *lab = labels.data_ptr<int64_t>();
    for (int64_t i = 0; i < n; ++i) {
        std::memcpy(dst + i * pixels, set.pixels.data() + indices[size_t(i)] * pixels, size_t(pixels));
        lab[i] = set.labels[size_t(indices[size_t(i)])];
    }
    return {bytes.to(torch::kFloat32).div_(255.0f), labels};
}

std::vector<int64_t> iota(int64_t n)
{
    std::vector<int64_t> v(static_cast<size_t>(n));
    std::iota(v.begin(), v.end(), 0);
    return v;
}

/// A permutation that depends only on (seed, salt): the same on every run and every resume.
std::vector<int64_t> permutation(int64_t n, std::uint64_t seed, std::uint64_t salt)
{
    std::vector<int64_t> v = iota(n);
    std::seed_seq seq {
        std::uint32_t(seed), std::uint32_t(seed >> 32), std::uint32_t(salt), std::uint32_t(salt >> 32)};
    std::mt19937_64 rng(seq);
    std::shuffle(v.begin(), v.end(), rng);
    return v;
}

struct EvalResult
{
    double loss = 0;
    double accuracy = 0;
};

EvalResult evaluate(const Model &m, const Tensors &data)
{
    torch::NoGradGuard noGrad;
    double lossSum = 0;
    int64_t correct = 0;
    for (int64_t begin = 0; begin < data.count(); begin += kEvalBatch) {
        const int64_t end = std::min(data.count(), begin + kEvalBatch);
        const torch::Tensor logits = m.forward(data.x.slice(0, begin, end));
        const torch::Tensor y = data.y.slice(0, begin, end);
        lossSum += torch::nn::functional::cross_entropy(
            logits, y, torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum))
                       .item<double>();
        correct += logits.argmax(1).eq(y).sum().item<int64_t>();
    }
    const double n = double(std::max<int64_t>(1, data.count()));
    return {lossSum / n, double(correct) / n};
}

// --- Files -------------------------------------------------------------------------------

QByteArray fileSha256(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(&f);
    return hash.result().toHex();
}

/// LibTorch saves by file name: into the helper's temporary, which then replaces `path` whole.
template<typename SaveFn>
void saveAtomically(const QString &path, const QString &what, SaveFn save)
{
    writeFileAtomicallyWith(
        path, [&](const QString &tmp) { save(QFile::encodeName(tmp).toStdString()); }, what);
}

QJsonArray historyJson(const std::vector<EpochRecord> &history)
{
    QJsonArray out;
    for (const EpochRecord &e : history)
        out.append(e.toJson());
    return out;
}

std::vector<EpochRecord> historyFromJson(const QJsonArray &array)
{
    std::vector<EpochRecord> out;
    for (const QJsonValue &v : array) {
        const QJsonObject o = v.toObject();
        EpochRecord e;
        e.epoch = o.value(QStringLiteral("epoch")).toInt();
        e.trainLoss = o.value(QStringLiteral("train_loss")).toDouble();
        e.valLoss = o.value(QStringLiteral("val_loss")).toDouble();
        e.valAccuracy = o.value(QStringLiteral("val_accuracy")).toDouble();
        e.learningRate = o.value(QStringLiteral("learning_rate")).toDouble();
        e.samplesPerSecond = o.value(QStringLiteral("samples_per_second")).toDouble();
        e.wallSeconds = o.value(QStringLiteral("wall_seconds")).toDouble();
        e.lastStep = o.value(QStringLiteral("last_step")).toInteger();
        out.push_back(e);
    }
    return out;
}

/// Adam or SGD with momentum over the model's flat parameters, with the update rules of
/// torch.optim.Adam / torch.optim.SGD (L2 weight decay, no AMSGrad, no dampening, no Nesterov).
class FlatOptimizer
{
public:
    FlatOptimizer(const TrainingConfig &c, const Model &m)
        : m_kind(c.optimizer)
        , m_lr(c.learningRate)
        , m_momentum(c.momentum)
        , m_weightDecay(c.weightDecay)
        , m_first(torch::zeros_like(m.flat))
        , m_second(torch::zeros_like(m.flat))
    { }

    void step(Model &m)
    {
        torch::NoGradGuard noGrad;
        ++m_steps;
        torch::Tensor g = m.flatGrad;
        if (m_weightDecay != 0)
            g = g.add(m.flat, m_weightDecay);
        if (m_kind == OptimizerKind::Sgd) {
            if (m_steps == 1)
                m_first.copy_(g); // torch.optim.SGD starts its momentum buffer at the first gradient
            else
                m_first.mul_(m_momentum).add_(g);
            m.flat.add_(m_first, -m_lr);
            return;
        }
        constexpr double beta1 = 0.9, beta2 = 0.999, eps = 1e-8; // torch.optim.Adam's defaults
        m_first.mul_(beta1).add_(g, 1 - beta1);
        m_second.mul_(beta2).addcmul_(g, g, 1 - beta2);
        const double bias1 = 1 - std::pow(beta1, double(m_steps));
        const double bias2 = 1 - std::pow(beta2, double(m_steps));
        const torch::Tensor denom = (m_second.sqrt() / std::sqrt(bias2)).add_(eps);
        m.flat.addcdiv_(m_first, denom, -m_lr / bias1);
    }

    double learningRate() const { return m_lr; }

    void save(torch::serialize::OutputArchive &archive) const
    {
        archive.write("optimizer_steps", c10::IValue(m_steps));
        archive.write("optimizer_first", m_first, true);
        archive.write("optimizer_second", m_second, true);
    }

    void load(torch::serialize::InputArchive &archive)
    {
        c10::IValue steps;
        archive.read("optimizer_steps", steps);
        m_steps = steps.toInt();
        torch::Tensor first, second;
        archive.read("optimizer_first", first, true);
        archive.read("optimizer_second", second, true);
        if (first.sizes() != m_first.sizes() || second.sizes() != m_second.sizes())
            throw Error(
                ErrorKind::Input, QStringLiteral("The checkpoint's optimizer state does not fit the model"));
        torch::NoGradGuard noGrad;
        m_first.copy_(first);
        m_second.copy_(second);
    }

private:
    OptimizerKind m_kind;
    double m_lr;
    double m_momentum;
    double m_weightDecay;
    int64_t m_steps = 0;
    torch::Tensor m_first; ///< Adam: first moment; SGD: momentum buffer
    torch::Tensor m_second; ///< Adam: second moment
};

/// What a checkpoint restores besides the model and optimizer.
struct CheckpointState
{
    int nextEpoch = 0;
    int64_t step = 0;
    double wallSeconds = 0;
    double trainSeconds = 0;
    int64_t samplesTrained = 0;
    std::vector<EpochRecord> history;
    std::vector<torch::Tensor> bestParams;
    int bestEpoch = -1;
    double bestValLoss = 0;
};

void saveCheckpoint(const QString &path, const Model &m, const FlatOptimizer &opt,
    const TrainingConfig &config, const CheckpointState &s)
{
    torch::serialize::OutputArchive archive;
    archive.write("format", c10::IValue(int64_t(kCheckpointFormat)));
    archive.write("model_kind", c10::IValue(m.kind.toStdString()));
    archive.write("config_json",
        c10::IValue(QJsonDocument(config.toJson()).toJson(QJsonDocument::Compact).toStdString()));
    archive.write("next_epoch", c10::IValue(int64_t(s.nextEpoch)));
    archive.write("step", c10::IValue(s.step));
    archive.write("wall_seconds", c10::IValue(s.wallSeconds));
    archive.write("train_seconds", c10::IValue(s.trainSeconds));
    archive.write("samples_trained", c10::IValue(s.samplesTrained));
    archive.write("history_json",
        c10::IValue(QJsonDocument(historyJson(s.history)).toJson(QJsonDocument::Compact).toStdString()));
    archive.write("best_epoch", c10::IValue(int64_t(s.bestEpoch)));
    archive.write("best_val_loss", c10::IValue(s.bestValLoss));
    {
        auto gen = at::detail::getDefaultCPUGenerator();
        std::lock_guard<std::mutex> lock(gen.mutex());
        archive.write("rng_state", gen.get_state(), /*is_buffer=*/true);
    }
    archive.write("input_mean", m.mean, true);
    archive.write("input_std", m.stdev, true);
    const auto &spec = specFor(m.kind);
    for (size_t i = 0; i < spec.size(); ++i) {
        archive.write(std::string("param_") + spec[i].name, m.params[i].detach(), true);
        if (i < s.bestParams.size())
            archive.write(std::string("best_") + spec[i].name, s.bestParams[i], true);
    }
    opt.save(archive);
    saveAtomically(path, QStringLiteral("checkpoint"), [&](const std::string &tmp) { archive.save_to(tmp); });
}

CheckpointState loadCheckpoint(
    const QString &path, Model &m, FlatOptimizer &opt, const TrainingConfig &config)
{
    if (!QFileInfo::exists(path))
        throw Error(
            ErrorKind::Input, QStringLiteral("There is no checkpoint to resume from at %1").arg(path));
    torch::serialize::InputArchive archive;
    try {
        archive.load_from(QFile::encodeName(path).toStdString());
    } catch (const c10::Error &e) {
        throw Error(ErrorKind::Input,
            QStringLiteral("The checkpoint %1 cannot be read: %2")
                .arg(path, QString::fromUtf8(e.what_without_backtrace())));
    }
    c10::IValue v;
    archive.read("format", v);
    if (v.toInt() != kCheckpointFormat)
        throw Error(ErrorKind::Input,
            QStringLiteral("The checkpoint %1 has format %2; this Loopkeeper reads %3")
                .arg(path)
                .arg(v.toInt())
                .arg(kCheckpointFormat));
    archive.read("model_kind", v);
    if (QString::fromStdString(v.toStringRef()) != m.kind)
        throw Error(ErrorKind::Input,
            QStringLiteral("The checkpoint %1 is of a %2, not a %3")
                .arg(path, QString::fromStdString(v.toStringRef()), m.kind));
    archive.read("config_json", v);
    const TrainingConfig saved = TrainingConfig::fromJson(
        QJsonDocument::fromJson(QByteArray::fromStdString(v.toStringRef())).object());
    // Everything that changes the numbers must match; only the epoch budget may grow.
    TrainingConfig a = saved, b = config;
    a.epochs = b.epochs = 0;
    a.earlyStopping = b.earlyStopping = false;
    if (a.toJson() != b.toJson())
        throw Error(ErrorKind::Input,
            QStringLiteral("The checkpoint %1 was made with another training configuration; resume with the "
                           "run's own configuration")
                .arg(path));

    CheckpointState s;
    archive.read("next_epoch", v);
    s.nextEpoch = int(v.toInt());
    archive.read("step", v);
    s.step = v.toInt();
    archive.read("wall_seconds", v);
    s.wallSeconds = v.toDouble();
    archive.read("train_seconds", v);
    s.trainSeconds = v.toDouble();
    archive.read("samples_trained", v);
    s.samplesTrained = v.toInt();
    archive.read("history_json", v);
    s.history = historyFromJson(QJsonDocument::fromJson(QByteArray::fromStdString(v.toStringRef())).array());
    archive.read("best_epoch", v);
    s.bestEpoch = int(v.toInt());
    archive.read("best_val_loss", v);
    s.bestValLoss = v.toDouble();

    // Each read needs a fresh tensor: reading into a defined tensor re-points it with set_(),
    // which does not convert between dtypes.
    const auto readTensor = [&](const std::string &key) {
        torch::Tensor t;
        archive.read(key, t, /*is_buffer=*/true);
        return t;
    };
    torch::NoGradGuard noGrad;
    {
        auto gen = at::detail::getDefaultCPUGenerator();
        std::lock_guard<std::mutex> lock(gen.mutex());
        gen.set_state(readTensor("rng_state"));
    }
    m.mean.copy_(readTensor("input_mean"));
    m.stdev.copy_(readTensor("input_std"));
    const auto &spec = specFor(m.kind);
    for (size_t i = 0; i < spec.size(); ++i) {
        m.params[i].copy_(readTensor(std::string("param_") + spec[i].name));
        torch::Tensor best;
        if (archive.try_read(std::string("best_") + spec[i].name, best, true))
            s.bestParams.push_back(best.clone());
    }
    opt.load(archive);
    return s;
}

} // namespace

void setComputeThreads(int threads)
{
    if (threads <= 0)
        return;
    at::set_num_threads(threads);
    // Debian's LibTorch does its matrix products in the system BLAS, whose OpenBLAS build keeps
    // its own thread pool: limit it too, so that "threads" means what it says. The plugin is
    // opened without RTLD_GLOBAL, so that BLAS is not in the process's global symbol scope
    // (dlsym(RTLD_DEFAULT) would miss it): look it up among this library's own dependencies.
    Dl_info self {};
    if (dladdr(reinterpret_cast<void *>(&setComputeThreads), &self) == 0 || !self.dli_fname)
        return;
    void *handle = dlopen(self.dli_fname, RTLD_LAZY | RTLD_NOLOAD);
    if (!handle)
        return;
    using SetThreads = void (*)(int);
    if (auto setBlasThreads = reinterpret_cast<SetThreads>(dlsym(handle, "openblas_set_num_threads")))
        setBlasThreads(threads);
    dlclose(handle);
}

int checkpointEpoch(const QString &path)
{
    try {
        torch::serialize::InputArchive archive;
        archive.load_from(QFile::encodeName(path).toStdString());
        c10::IValue v;
        archive.read("next_epoch", v);
        return int(v.toInt());
    } catch (const c10::Error &) {
        return -1;
    }
}

RunResult runTraining(const TrainingConfig &config, const ImageSet &train, const ImageSet &test,
    const TrainingPaths &paths, TrainingObserver &observer, bool resume, const ManifestExtras &extras)
{
    config.validate();
    if (train.rows != 28 || train.cols != 28 || test.rows != 28 || test.cols != 28)
        throw Error(ErrorKind::Input,
            QStringLiteral("The models take 28×28 images; %1 holds %2×%3")
                .arg(train.source)
                .arg(train.rows)
                .arg(train.cols));
    if (train.count() < 2)
        throw Error(ErrorKind::Input, QStringLiteral("%1 has too few images to train on").arg(train.source));
    if (!QDir().mkpath(paths.runDir) || !QDir().mkpath(paths.artifactDir))
        throw Error(ErrorKind::Workspace,
            QStringLiteral("Cannot create %1 or %2").arg(paths.runDir, paths.artifactDir));

    setComputeThreads(config.threads);
    torch::manual_seed(config.seed);

    // Hold out a seeded validation share of the training file; the test file stays untouched
    // until the end.
    const int64_t total = train.count();
    const std::vector<int64_t> split = permutation(total, config.seed, 0x5eed);
    const int64_t valCount =
        std::clamp<int64_t>(int64_t(std::llround(double(total) * config.validationFraction)), 1, total - 1);
    std::vector<int64_t> valIdx(split.begin(), split.begin() + valCount);
    std::vector<int64_t> trainIdx(split.begin() + valCount, split.end());
    if (config.trainLimit > 0 && int64_t(trainIdx.size()) > config.trainLimit)
        trainIdx.resize(size_t(config.trainLimit));
    std::vector<int64_t> testIdx = iota(test.count());
    if (config.testLimit > 0 && int64_t(testIdx.size()) > config.testLimit)
        testIdx.resize(size_t(config.testLimit));
    const Tensors trainData = toTensors(train, trainIdx);
    const Tensors valData = toTensors(train, valIdx);
    const Tensors testData = toTensors(test, testIdx);

    const float mean = trainData.x.mean().item<float>();
    const float stdev = std::max(1e-3f, trainData.x.std().item<float>());
    Model model = buildModel(config.model, mean, stdev);
    if (!config.parentArtifact.isEmpty())
        loadParent(model, config.parentArtifact);
    FlatOptimizer optimizer(config, model);

    const QString checkpointPath = QDir(paths.runDir).filePath(QString::fromLatin1(kCheckpointFileName));
    CheckpointState state;
    if (resume) {
        state = loadCheckpoint(checkpointPath, model, optimizer, config);
        qCInfo(lcTraining).noquote() << "resuming at epoch" << lk::epochNumber(state.nextEpoch)
                                     << "after step" << state.step << "from" << checkpointPath;
    }

    const int64_t n = trainData.count();
    const int64_t stepsPerEpoch = (n + config.batchSize - 1) / config.batchSize;
    const int64_t totalSteps = stepsPerEpoch * config.epochs;
    RunResult result;
    result.status = RunStatus::Completed;

    using Clock = std::chrono::steady_clock;
    const auto seconds = [](Clock::duration d) { return std::chrono::duration<double>(d).count(); };
    Clock::time_point wallMark = Clock::now();
    // Wall time excludes pauses: the clock restarts after each wait.
    const auto waitPaused = [&] {
        state.wallSeconds += seconds(Clock::now() - wallMark);
        observer.waitWhilePaused();
        wallMark = Clock::now();
    };
    const auto wallNow = [&] { return state.wallSeconds + seconds(Clock::now() - wallMark); };

    observer.onProgress(state.step, totalSteps);
    for (int epoch = state.nextEpoch; epoch < config.epochs && result.status == RunStatus::Completed;
         ++epoch) {
        const std::vector<int64_t> order = permutation(n, config.seed, std::uint64_t(epoch) + 1);
        const torch::Tensor orderTensor =
            torch::from_blob(const_cast<int64_t *>(order.data()), {n}, torch::kInt64);
        double lossSum = 0;
        int64_t seen = 0;
        double epochTrainSeconds = 0;
        for (int64_t begin = 0; begin < n; begin += config.batchSize) {
            waitPaused();
            if (observer.cancelRequested()) {
                result.status = RunStatus::Cancelled;
                result.message =
                    QStringLiteral("Cancelled during epoch %1; the checkpoint of the last finished "
                                   "epoch is kept for a resume")
                        .arg(lk::epochNumber(epoch));
                break;
            }
            const Clock::time_point stepStart = Clock::now();
            const int64_t end = std::min(n, begin + config.batchSize);
            const torch::Tensor idx = orderTensor.slice(0, begin, end);
            const torch::Tensor xb = trainData.x.index_select(0, idx);
            const torch::Tensor yb = trainData.y.index_select(0, idx);
            model.zeroGrad();
            const torch::Tensor loss = torch::nn::functional::cross_entropy(model.forward(xb), yb);
            loss.backward();
            const double lossValue = loss.item<double>();
            ++state.step;
            if (!std::isfinite(lossValue)) {
                // Stop before the optimizer spreads the non-finite gradient into the weights.
                result.status = RunStatus::Diverged;
                result.divergedStep = state.step;
                result.message = QStringLiteral("The training loss became %1 at step %2 (epoch %3)")
                                     .arg(lossValue)
                                     .arg(state.step)
                                     .arg(lk::epochNumber(epoch));
                break;
            }
            optimizer.step(model);
            const double stepSeconds = seconds(Clock::now() - stepStart);
            epochTrainSeconds += stepSeconds;
            state.trainSeconds += stepSeconds;
            state.samplesTrained += end - begin;
            lossSum += lossValue * double(end - begin);
            seen += end - begin;
            if (state.step % config.stepMetricsEvery == 0)
                observer.onStep({state.step, double(epoch) + double(end) / double(n), lossValue, wallNow()});
            observer.onProgress(state.step, totalSteps);
        }
        if (result.status != RunStatus::Completed)
            break;

        const EvalResult val = evaluate(model, valData);
        EpochRecord record;
        record.epoch = epoch;
        record.trainLoss = lossSum / double(std::max<int64_t>(1, seen));
        record.valLoss = val.loss;
        record.valAccuracy = val.accuracy;
        record.learningRate = optimizer.learningRate();
        record.samplesPerSecond = epochTrainSeconds > 0 ? double(seen) / epochTrainSeconds : 0;
        record.wallSeconds = wallNow();
        record.lastStep = state.step;
        state.history.push_back(record);
        state.nextEpoch = epoch + 1;
        if (!std::isfinite(val.loss)) {
            result.status = RunStatus::Diverged;
            result.divergedStep = state.step;
            result.message = QStringLiteral("The validation loss became %1 after epoch %2")
                                 .arg(val.loss)
                                 .arg(lk::epochNumber(epoch));
        } else if (state.bestEpoch < 0 || val.loss < state.bestValLoss) {
            state.bestEpoch = epoch;
            state.bestValLoss = val.loss;
            state.bestParams.clear();
            for (const torch::Tensor &p : model.params)
                state.bestParams.push_back(p.detach().clone());
        }
        state.wallSeconds = wallNow();
        wallMark = Clock::now();
        saveCheckpoint(checkpointPath, model, optimizer, config, state);
        observer.onEpoch(record, checkpointPath);
        QString reason;
        if (result.status == RunStatus::Completed && config.earlyStopping && epoch + 1 < config.epochs
            && observer.stopEarly(state.history, &reason)) {
            result.status = RunStatus::StoppedEarly;
            result.message = reason;
        }
    }

    result.epochsDone = int(state.history.size());
    result.bestEpoch = state.bestEpoch;
    result.samplesPerSecond = state.trainSeconds > 0 ? double(state.samplesTrained) / state.trainSeconds : 0;
    if (result.status != RunStatus::Completed && result.status != RunStatus::StoppedEarly)
        return result;

    // A run stopped early exports the weights of its best epoch; a completed run its last.
    int weightsEpoch = state.history.empty() ? -1 : state.history.back().epoch;
    if (result.status == RunStatus::StoppedEarly && !state.bestParams.empty()) {
        torch::NoGradGuard noGrad;
        for (size_t i = 0; i < model.params.size(); ++i)
            model.params[i].copy_(state.bestParams[i]);
        weightsEpoch = state.bestEpoch;
    }
    const EvalResult testResult = evaluate(model, testData);
    result.testAccuracy = testResult.accuracy;

    // The exported forward (TorchScript, the operators any runtime uses) must compute what the
    // training forward computed; say by how much they differ on a test batch.
    double exportDiff = 0;
    {
        torch::NoGradGuard noGrad;
        const torch::Tensor batch = testData.x.slice(0, 0, std::min<int64_t>(256, testData.count()));
        if (batch.size(0) > 0) {
            const torch::Tensor ours = model.forward(batch);
            const torch::Tensor exported = model.module.forward({batch}).toTensor();
            exportDiff = (ours - exported).abs().max().item<double>();
        }
    }
    if (!(exportDiff <= 1e-3))
        qCWarning(lcTraining).noquote()
            << "the exported model's logits differ from training's by" << exportDiff;

    result.artifactPath = QDir(paths.artifactDir).filePath(QStringLiteral("model.pt"));
    saveAtomically(result.artifactPath, QStringLiteral("model artifact"),
        [&](const std::string &tmp) { model.module.save(tmp); });
    result.artifactSha256 = QString::fromLatin1(fileSha256(result.artifactPath));

    QJsonObject manifest = extras;
    QJsonArray classNames;
    const bool fashion = train.source.contains(QLatin1String("fashion"), Qt::CaseInsensitive);
    for (int c = 0; c < kClasses; ++c)
        classNames.append(fashion ? fashionMnistClassNames()[size_t(c)] : QString::number(c));
    manifest.insert(QStringLiteral("format"), QStringLiteral("torchscript"));
    manifest.insert(QStringLiteral("artifact"), QStringLiteral("model.pt"));
    manifest.insert(QStringLiteral("sha256"), result.artifactSha256);
    manifest.insert(QStringLiteral("model"), config.model);
    manifest.insert(QStringLiteral("input"),
        QJsonObject {{QStringLiteral("shape"), QJsonArray {QStringLiteral("N"), 1, 28, 28}},
            {QStringLiteral("dtype"), QStringLiteral("float32")},
            {QStringLiteral("range"), QJsonArray {0.0, 1.0}},
            {QStringLiteral("normalization"),
                QJsonObject {{QStringLiteral("mean"), double(model.mean.item<float>())},
                    {QStringLiteral("std"), double(model.stdev.item<float>())},
                    {QStringLiteral("applied_by_model"), true}}}});
    manifest.insert(QStringLiteral("output"),
        QJsonObject {{QStringLiteral("logits"), kClasses}, {QStringLiteral("class_names"), classNames}});
    manifest.insert(QStringLiteral("parent"),
        config.parentArtifact.isEmpty()
            ? QJsonValue()
            : QJsonValue(QJsonObject {{QStringLiteral("path"), config.parentArtifact},
                {QStringLiteral("sha256"), QString::fromLatin1(fileSha256(config.parentArtifact))}}));
    manifest.insert(QStringLiteral("data"),
        QJsonObject {{QStringLiteral("train_source"), train.source},
            {QStringLiteral("train_sha256"), QString::fromLatin1(train.sha256())},
            {QStringLiteral("test_source"), test.source},
            {QStringLiteral("train_samples"), qint64(trainData.count())},
            {QStringLiteral("validation_samples"), qint64(valData.count())},
            {QStringLiteral("test_samples"), qint64(testData.count())}});
    manifest.insert(QStringLiteral("config"), config.toJson());
    manifest.insert(QStringLiteral("metrics"),
        QJsonObject {{QStringLiteral("epochs"), historyJson(state.history)},
            {QStringLiteral("best_epoch"), state.bestEpoch},
            {QStringLiteral("weights_from_epoch"), weightsEpoch},
            {QStringLiteral("test_accuracy"), result.testAccuracy},
            {QStringLiteral("test_loss"), testResult.loss},
            {QStringLiteral("samples_per_second"), result.samplesPerSecond}});
    manifest.insert(QStringLiteral("export_check"),
        QJsonObject {{QStringLiteral("max_abs_logit_difference"), exportDiff},
            {QStringLiteral("images"), qint64(std::min<int64_t>(256, testData.count()))}});
    manifest.insert(QStringLiteral("status"), runStatusName(result.status));
    manifest.insert(
        QStringLiteral("created_at"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
    manifest.insert(QStringLiteral("loopkeeper_version"), loopkeeperVersion());
    manifest.insert(QStringLiteral("libtorch_version"), QString::fromLatin1(TORCH_VERSION));
    result.manifestPath = QDir(paths.artifactDir).filePath(QStringLiteral("manifest.json"));
    writeFileAtomically(result.manifestPath, QJsonDocument(manifest).toJson(QJsonDocument::Indented),
        QStringLiteral("manifest"));
    qCInfo(lcTraining).noquote() << "exported" << result.artifactPath << "test accuracy"
                                 << result.testAccuracy;
    return result;
}

} // namespace lk::training::torchplugin
