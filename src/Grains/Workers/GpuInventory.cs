using Microsoft.Extensions.Options;
using ZImageSweep.Contracts.Gpu;

namespace ZImageSweep.Grains.Workers;

/// <summary>This silo's GPU slots: how many, and what a worker on slot i sees as <c>CUDA_VISIBLE_DEVICES</c>.</summary>
public sealed class GpuInventory(IOptions<GpuInventoryOptions> options)
{
    readonly Lazy<int> _count = new(() => options.Value.Mode == GpuMode.Cpu ? options.Value.CpuSlots : Nvml.ListGpus().Count);

    public int SlotCount => _count.Value;

    /// <summary>
    /// Each slot's free memory now (NVML: total − used), in slot order; null on a CPU slot or where NVML cannot read
    /// it. Read once when the silo starts (its metadata), before any worker of this silo holds memory.
    /// </summary>
    public IReadOnlyList<long?> FreeMemoryBytes() =>
        options.Value.Mode == GpuMode.Cpu
            ? new long?[options.Value.CpuSlots]
            : Enumerable.Range(0, SlotCount).Select(i => Nvml.TryRead((uint)i) is { } gpu ? gpu.MemoryTotalBytes - gpu.MemoryUsedBytes : (long?)null).ToArray();

    /// <summary>The device a worker on <paramref name="slot"/> may use; empty hides every GPU from a CPU slot.</summary>
    public string CudaVisibleDevices(int slot) => options.Value.Mode == GpuMode.Cpu ? "" : slot.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
