using System.Runtime.InteropServices;
using System.Text;

namespace ZImageSweep.Contracts.Gpu;

/// <summary>
/// Reads GPU inventory, memory and utilisation through NVML (libnvidia-ml.so.1, installed with the driver).
/// TorchSharp 0.107 has no CUDA memory statistics (docs/platform.md#torchsharp-0107-gaps), so this is also how peak memory is measured.
/// </summary>
public static partial class Nvml
{
    const string Library = "libnvidia-ml.so.1";
    static readonly Lazy<bool> Initialised = new(TryInit);

    /// <summary>True when an NVIDIA driver is present and NVML initialised.</summary>
    public static bool IsAvailable => Initialised.Value;

    /// <summary>Every GPU the driver sees (respecting CUDA_VISIBLE_DEVICES is the caller's job); empty without a driver.</summary>
    public static IReadOnlyList<GpuInfo> ListGpus()
    {
        if (!IsAvailable || nvmlDeviceGetCount_v2(out uint count) != 0) return [];
        var gpus = new List<GpuInfo>();
        for (uint i = 0; i < count; i++)
            if (TryRead(i) is { } gpu) gpus.Add(gpu);
        return gpus;
    }

    /// <summary>Memory in use on one GPU right now, or null when it cannot be read.</summary>
    public static GpuInfo? TryRead(uint index)
    {
        if (!IsAvailable || nvmlDeviceGetHandleByIndex_v2(index, out nint device) != 0) return null;
        var name = new byte[96];
        string gpuName = nvmlDeviceGetName(device, name, (uint)name.Length) == 0
            ? Encoding.ASCII.GetString(name, 0, Array.IndexOf(name, (byte)0) is var end and >= 0 ? end : name.Length)
            : "unknown";
        nvmlDeviceGetMemoryInfo(device, out MemoryInfo memory);
        int utilization = nvmlDeviceGetUtilizationRates(device, out Utilization u) == 0 ? (int)u.Gpu : -1;
        return new GpuInfo((int)index, gpuName, (long)memory.Total, (long)memory.Used, utilization);
    }

    /// <summary>Bytes in use on one GPU (all processes; the whole device), or null when it cannot be read. Cheap enough to poll every few ms.</summary>
    public static long? TryReadMemoryUsed(uint index)
    {
        if (!IsAvailable || nvmlDeviceGetHandleByIndex_v2(index, out nint device) != 0) return null;
        return nvmlDeviceGetMemoryInfo(device, out MemoryInfo memory) == 0 ? (long)memory.Used : null;
    }

    /// <summary>The NVIDIA driver version (e.g. "580.95.05"), or null without a driver.</summary>
    public static string? DriverVersion()
    {
        if (!IsAvailable) return null;
        var text = new byte[96];
        return nvmlSystemGetDriverVersion(text, (uint)text.Length) == 0 ? AsciiZ(text) : null;
    }

    /// <summary>The CUDA version the driver supports (e.g. "13.0"), or null without a driver.</summary>
    public static string? CudaDriverVersion()
    {
        if (!IsAvailable || nvmlSystemGetCudaDriverVersion_v2(out int version) != 0) return null;
        return $"{version / 1000}.{version % 1000 / 10}";
    }

    static string AsciiZ(byte[] text) =>
        Encoding.ASCII.GetString(text, 0, Array.IndexOf(text, (byte)0) is var end and >= 0 ? end : text.Length);

    static bool TryInit()
    {
        try
        {
            return nvmlInit_v2() == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    struct MemoryInfo { public ulong Total, Free, Used; }

    [StructLayout(LayoutKind.Sequential)]
    struct Utilization { public uint Gpu, Memory; }

    [LibraryImport(Library)] private static partial int nvmlInit_v2();
    [LibraryImport(Library)] private static partial int nvmlDeviceGetCount_v2(out uint count);
    [LibraryImport(Library)] private static partial int nvmlDeviceGetHandleByIndex_v2(uint index, out nint device);
    [LibraryImport(Library)] private static partial int nvmlDeviceGetName(nint device, [Out] byte[] name, uint length);
    [LibraryImport(Library)] private static partial int nvmlDeviceGetMemoryInfo(nint device, out MemoryInfo memory);
    [LibraryImport(Library)] private static partial int nvmlDeviceGetUtilizationRates(nint device, out Utilization utilization);
    [LibraryImport(Library)] private static partial int nvmlSystemGetDriverVersion([Out] byte[] version, uint length);
    [LibraryImport(Library)] private static partial int nvmlSystemGetCudaDriverVersion_v2(out int cudaDriverVersion);
}
