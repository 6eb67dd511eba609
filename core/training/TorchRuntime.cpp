// The runtime functions forward to the torch plugin (TorchBackend.h), which they load on first use.
#include "core/training/TorchRuntime.h"

#include "core/training/TorchBackend.h"
#include "core/training/TorchPlugin.h"

namespace lk::training {

TorchRuntimeInfo probeTorchRuntime()
{
    return torchBackend().probeRuntime();
}

double measureSgemmGflops(int n, int threads, int repeats)
{
    return torchBackend().measureSgemmGflops(n, threads, repeats);
}

void setComputeThreads(int threads)
{
    if (threads <= 0)
        return;
    torchBackend().setComputeThreads(threads);
}

} // namespace lk::training
