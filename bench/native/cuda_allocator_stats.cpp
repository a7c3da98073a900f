// A small native shim over libtorch's CUDA caching allocator statistics, which TorchSharp 0.107 does not expose
// (docs/platform.md#torchsharp-0107-gaps): the bench loads it, when built, to report torch.cuda.max_memory_allocated beside NVML's number.
// Built on the GPU host against its PyTorch by build-cuda-allocator-stats.sh; plain C entry points for P/Invoke.
#include <c10/cuda/CUDACachingAllocator.h>

extern "C" {

// Index 0 of each statistic array is the aggregate over small and large pools (StatType::AGGREGATE); using the
// index keeps the shim independent of where the enum lives in a given libtorch version.
// out: [allocated current, allocated peak, reserved current, reserved peak] in bytes. Returns 0, or -1 on error.
int zsweep_cuda_allocator_stats(int device, long long* out)
{
    try {
        auto stats = c10::cuda::CUDACachingAllocator::getDeviceStats(static_cast<c10::DeviceIndex>(device));
        out[0] = stats.allocated_bytes[0].current;
        out[1] = stats.allocated_bytes[0].peak;
        out[2] = stats.reserved_bytes[0].current;
        out[3] = stats.reserved_bytes[0].peak;
        return 0;
    } catch (...) {
        return -1;
    }
}

// Starts a new peak window (torch.cuda.reset_peak_memory_stats). Returns 0, or -1 on error.
int zsweep_cuda_reset_peak_stats(int device)
{
    try {
        c10::cuda::CUDACachingAllocator::resetPeakStats(static_cast<c10::DeviceIndex>(device));
        return 0;
    } catch (...) {
        return -1;
    }
}

}
