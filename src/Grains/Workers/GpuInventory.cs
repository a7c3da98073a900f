using Microsoft.Extensions.Options;
using ZImageSweep.Contracts.Gpu;

namespace ZImageSweep.Grains.Workers;

/// <summary>This silo's GPU slots: how many, and what a worker on slot i sees as <c>CUDA_VISIBLE_DEVICES</c>.</summary>
public sealed class GpuInventory(IOptions<GpuInventoryOptions> options)
{
    readonly Lazy<int> _count = new(() => options.Value.Mode == GpuMode.Cpu ? options.Value.CpuSlots : Nvml.ListGpus().Count);

    public int SlotCount => _count.Value;

    /// <summary>The device a worker on <paramref name="slot"/> may use; empty hides every GPU from a CPU slot.</summary>
    public string CudaVisibleDevices(int slot) => options.Value.Mode == GpuMode.Cpu ? "" : slot.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
