// CUDA side streams and events for layer offloading (src/Engine/Offloading/CudaSideStream.cs), which TorchSharp 0.107
// does not expose (docs/training.md#layer-offloading). Plain C entry points for P/Invoke; built on the GPU host against
// the PyTorch whose libraries TorchSharp loads, by build-cuda-streams.sh. Every entry point catches what libtorch
// throws and reports failure by its return value, so no C++ exception crosses into .NET.
// The pattern is PyTorch's own prefetch (torch.cuda.Stream, Event.record/wait, Tensor.record_stream), as ai-toolkit's
// toolkit/memory_management/manager_modules.py uses it (ostris/ai-toolkit 27a03a9); written here against c10 and the
// CUDA runtime. Not yet built or run on a GPU (written without one): bench/gpu-run.sh is where it is first compiled.
#include <ATen/core/Tensor.h>
#include <c10/cuda/CUDACachingAllocator.h>
#include <c10/cuda/CUDAFunctions.h>
#include <c10/cuda/CUDAGuard.h>
#include <c10/cuda/CUDAStream.h>
#include <cuda_runtime_api.h>
#include <optional>

// Events are plain cudaEvent_t (not at::cuda::CUDAEvent, whose header pulls in cuBLAS and cuSOLVER headers): the shim
// needs only c10, c10_cuda and the CUDA runtime, like bench/native/cuda_allocator_stats.cpp.
namespace {
// The stream a thread ran on before zsweep_side_stream_enter, restored by zsweep_side_stream_exit. Per thread: the
// forward runs on the caller's thread, checkpointed recomputation on libtorch's autograd thread.
thread_local std::optional<c10::cuda::CUDAStream> previous_stream;

c10::cuda::CUDAStream* as_stream(void* stream) { return static_cast<c10::cuda::CUDAStream*>(stream); }
}

extern "C" {

// A stream from libtorch's pool on `device` (negative: the current device), for copies. Null on error.
void* zsweep_side_stream_create(int device)
{
    try {
        c10::DeviceIndex index = device < 0 ? c10::cuda::current_device() : static_cast<c10::DeviceIndex>(device);
        return new c10::cuda::CUDAStream(c10::cuda::getStreamFromPool(/*isHighPriority=*/false, index));
    } catch (...) {
        return nullptr;
    }
}

// Makes `stream` this thread's current stream, so the next TorchSharp calls (the copies) run on it. 0, or -1 on error.
int zsweep_side_stream_enter(void* stream)
{
    try {
        c10::cuda::CUDAStream* side = as_stream(stream);
        previous_stream = c10::cuda::getCurrentCUDAStream(side->device_index());
        c10::cuda::setCurrentCUDAStream(*side);
        return 0;
    } catch (...) {
        return -1;
    }
}

// Records an event after the work issued on `stream` since enter, and restores the previous current stream.
// Returns the event (free it with zsweep_event_destroy), or null on error.
void* zsweep_side_stream_exit(void* stream)
{
    cudaEvent_t event = nullptr;
    try {
        c10::cuda::CUDAStream* side = as_stream(stream);
        if (previous_stream) c10::cuda::setCurrentCUDAStream(*previous_stream);
        previous_stream.reset();
        c10::cuda::CUDAGuard guard(side->device_index()); // events belong to the device current at creation
        if (cudaEventCreateWithFlags(&event, cudaEventDisableTiming) != cudaSuccess) return nullptr;
        if (cudaEventRecord(event, side->stream()) != cudaSuccess) {
            cudaEventDestroy(event);
            return nullptr;
        }
        return event;
    } catch (...) {
        if (event) cudaEventDestroy(event);
        return nullptr;
    }
}

// Makes this thread's current stream wait (on the GPU, not the host) until `event` has completed. 0, or -1 on error.
int zsweep_event_block(void* event)
{
    try {
        cudaStream_t compute = c10::cuda::getCurrentCUDAStream().stream();
        return cudaStreamWaitEvent(compute, static_cast<cudaEvent_t>(event), 0) == cudaSuccess ? 0 : -1;
    } catch (...) {
        return -1;
    }
}

// Tensor.record_stream(current stream) for a TorchSharp tensor handle (an at::Tensor*), as ATen's record_stream_cuda
// does: the caching allocator will not reuse the tensor's memory until the work queued on that stream so far has
// finished. 0, or -1 on error.
int zsweep_record_stream(void* tensor)
{
    try {
        const at::Tensor& t = *static_cast<at::Tensor*>(tensor);
        c10::cuda::CUDACachingAllocator::recordStream(t.storage().data_ptr(), c10::cuda::getCurrentCUDAStream(t.device().index()));
        return 0;
    } catch (...) {
        return -1;
    }
}

void zsweep_event_destroy(void* event)
{
    cudaEventDestroy(static_cast<cudaEvent_t>(event));
}

}
