#include "core/training/TorchRuntime.h"

#include <torch/torch.h>
#include <torch/version.h>

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

} // namespace lk::training
