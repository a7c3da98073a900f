using System.Runtime.InteropServices;
using System.Text.Json.Serialization;
using ZImageSweep.Contracts.Gpu;
using ZImageSweep.Engine.Runtime;

namespace ZImageSweep.Bench.Report;

/// <summary>Where the numbers were measured: host, runtime, TorchSharp/libtorch, driver and GPUs.</summary>
public sealed record MachineInfo(
    string Host,
    string Os,
    [property: JsonPropertyName("dotnet")] string DotNet,
    int CpuCount,
    [property: JsonPropertyName("torchsharp")] string TorchSharp,
    [property: JsonPropertyName("libtorch")] string LibTorch,
    [property: JsonPropertyName("libtorch_path")] string? LibTorchPath,
    bool CudaAvailable,
    int CudaDevices,
    string? NvidiaDriver,
    string? CudaDriverVersion,
    IReadOnlyList<GpuDescription> Gpus,
    IReadOnlyList<string> DoctorProblems)
{
    /// <summary>
    /// Runs <see cref="TorchDoctor"/> (which loads libtorch and, with CUDA, runs a small bf16 matmul check) and reads
    /// NVML. Call it when the rows are done: the doctor's CUDA context must not sit on the GPU while isolated rows
    /// measure device memory.
    /// </summary>
    public static MachineInfo Collect()
    {
        DoctorReport doctor = TorchDoctor.Run();
        return new MachineInfo(
            Environment.MachineName,
            RuntimeInformation.OSDescription,
            RuntimeInformation.FrameworkDescription,
            Environment.ProcessorCount,
            doctor.TorchSharpVersion,
            doctor.LibTorchVersion,
            doctor.LibTorchPath,
            doctor.CudaAvailable,
            doctor.CudaDeviceCount,
            Nvml.DriverVersion(),
            Nvml.CudaDriverVersion(),
            doctor.Gpus.Select(g => new GpuDescription(g.Index, g.Name, Math.Round(g.MemoryTotalBytes / (double)(1L << 30), 2))).ToList(),
            doctor.Problems);
    }
}
