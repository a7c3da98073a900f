using ZImageSweep.Contracts.Gpu;
namespace ZImageSweep.Engine.Runtime;

/// <summary>What <c>zsweep doctor</c> found; <see cref="Problems"/> empty means everything needed loads.</summary>
public sealed record DoctorReport(
    string TorchSharpVersion,
    string LibTorchVersion,
    string? LibTorchPath,
    string? LibTorchSharpPath,
    string LibStdCxx,
    string PatchState,
    bool CudaAvailable,
    int CudaDeviceCount,
    IReadOnlyList<GpuInfo> Gpus,
    IReadOnlyList<string> Checks,
    IReadOnlyList<string> Problems)
{
    public bool Healthy => Problems.Count == 0;
}
