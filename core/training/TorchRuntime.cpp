#include "core/training/TorchRuntime.h"

#include <torch/torch.h>
#include <torch/version.h>

#include <dlfcn.h>

#include <chrono>

namespace lk::training {

TorchRuntimeInfo probeTorchRuntime()
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

void setComputeThreads(int threads)
{
    if (threads <= 0)
        return;
    at::set_num_threads(threads);
    using SetThreads = void (*)(int);
    if (auto setBlasThreads = reinterpret_cast<SetThreads>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads")))
        setBlasThreads(threads);
}

double measureSgemmGflops(int n, int threads, int repeats)
{
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

} // namespace lk::training
