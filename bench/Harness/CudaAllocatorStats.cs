using System.Runtime.InteropServices;

namespace ZImageSweep.Bench.Harness;

/// <summary>
/// libtorch's CUDA caching-allocator statistics (<c>torch.cuda.max_memory_allocated</c>) through the native shim in
/// bench/native, which TorchSharp 0.107 lacks. Used only when <c>ZSWEEP_CUDA_ALLOCATOR_STATS</c> names the built
/// library (bench/native/build-cuda-allocator-stats.sh on the GPU host); otherwise the bench reports NVML alone.
/// </summary>
public sealed class CudaAllocatorStats
{
    public const string LibraryVariable = "ZSWEEP_CUDA_ALLOCATOR_STATS";

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    delegate int StatsFunction(int device, [Out] long[] values);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    delegate int ResetFunction(int device);

    readonly StatsFunction _stats;
    readonly ResetFunction _reset;

    CudaAllocatorStats(IntPtr library)
    {
        _stats = Marshal.GetDelegateForFunctionPointer<StatsFunction>(NativeLibrary.GetExport(library, "zsweep_cuda_allocator_stats"));
        _reset = Marshal.GetDelegateForFunctionPointer<ResetFunction>(NativeLibrary.GetExport(library, "zsweep_cuda_reset_peak_stats"));
    }

    /// <summary>The shim, or null when the variable is unset.</summary>
    /// <exception cref="InvalidOperationException">the variable names a library that cannot be loaded.</exception>
    public static CudaAllocatorStats? TryLoad()
    {
        string? path = Environment.GetEnvironmentVariable(LibraryVariable);
        if (string.IsNullOrEmpty(path)) return null;
        if (!NativeLibrary.TryLoad(path, out IntPtr library))
            throw new InvalidOperationException($"{LibraryVariable}={path}: the allocator statistics library cannot be loaded");
        return new CudaAllocatorStats(library);
    }

    public void ResetPeak(int device = 0)
    {
        if (_reset(device) != 0) throw new InvalidOperationException("resetting the CUDA allocator's peak statistics failed");
    }

    /// <summary>The highest allocated bytes since the last <see cref="ResetPeak"/>.</summary>
    public long PeakAllocatedBytes(int device = 0) => Read(device)[1];

    /// <summary>The bytes allocated now.</summary>
    public long AllocatedBytes(int device = 0) => Read(device)[0];

    long[] Read(int device)
    {
        var values = new long[4];
        if (_stats(device, values) != 0) throw new InvalidOperationException("reading the CUDA allocator statistics failed");
        return values;
    }
}
