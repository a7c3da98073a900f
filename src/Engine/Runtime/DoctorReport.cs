using ZImageSweep.Contracts.Gpu;
namespace ZImageSweep.Engine.Runtime;

/// <summary>What <c>zsweep doctor</c> found; <see cref="Problems"/> empty means everything needed loads.</summary>
/// <param name="LibTorchChoice">Which libtorch was chosen and why; null when choosing failed (see <see cref="Problems"/>).</param>
public sealed record DoctorReport(
    string TorchSharpVersion,
    string LibTorchVersion,
    string? LibTorchPath,
    LibTorchChoice? LibTorchChoice,
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
