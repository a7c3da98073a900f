// CUDA side streams and events for layer offloading (src/Engine/Offloading/CudaSideStream.cs), which TorchSharp 0.107
// does not expose (docs/training.md#layer-offloading). Plain C entry points for P/Invoke; built on the GPU host against
// the PyTorch whose libraries TorchSharp loads, by build-cuda-streams.sh. Every entry point catches what libtorch
// throws and reports failure by its return value, so no C++ exception crosses into .NET.
// The pattern is PyTorch's own prefetch (torch.cuda.Stream, Event.record/wait, Tensor.record_stream), as ai-toolkit's
// toolkit/memory_management/manager_modules.py uses it (ostris/ai-toolkit 27a03a9); written here against the C++ API.
#include <ATen/core/Tensor.h>
#include <ATen/cuda/CUDAEvent.h>
#include <c10/cuda/CUDAFunctions.h>
#include <c10/cuda/CUDAStream.h>
#include <optional>

namespace {
// The stream a thread ran on before zsweep_side_stream_enter, restored by zsweep_side_stream_exit. Per thread: the
// forward runs on the caller's thread, checkpointed recomputation on libtorch's autograd thread.
thread_local std::optional<c10::cuda::CUDAStream> previous_stream;

c10::cuda::CUDAStream* as_stream(void* stream) { return static_cast<c10::cuda::CUDAStream*>(stream); }
at::cuda::CUDAEvent* as_event(void* event) { return static_cast<at::cuda::CUDAEvent*>(event); }
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
    try {
        auto* event = new at::cuda::CUDAEvent();
        event->record(*as_stream(stream));
        if (previous_stream) c10::cuda::setCurrentCUDAStream(*previous_stream);
        previous_stream.reset();
        return event;
    } catch (...) {
        return nullptr;
    }
}

// Makes this thread's current stream wait (on the GPU, not the host) until `event` has completed. 0, or -1 on error.
int zsweep_event_block(void* event)
{
    try {
        as_event(event)->block(c10::cuda::getCurrentCUDAStream());
        return 0;
    } catch (...) {
        return -1;
    }
}

// Tensor.record_stream(current stream) for a TorchSharp tensor handle (an at::Tensor*): the caching allocator will not
// reuse the tensor's memory until the work queued on that stream so far has finished. 0, or -1 on error.
int zsweep_record_stream(void* tensor)
{
    try {
        static_cast<at::Tensor*>(tensor)->record_stream(c10::cuda::getCurrentCUDAStream());
        return 0;
    } catch (...) {
        return -1;
    }
}

void zsweep_event_destroy(void* event)
{
    delete as_event(event);
}

}
