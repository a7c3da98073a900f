namespace ZImageSweep.Grains.Workers;

/// <summary>Which GPU slots this silo offers (configuration section <c>Gpu</c>).</summary>
public sealed class GpuInventoryOptions
{
    public const string Section = "Gpu";

    /// <summary><see cref="GpuMode.Detect"/> counts the GPUs through NVML; <see cref="GpuMode.Cpu"/> offers CPU slots.</summary>
    /// <value><see cref="GpuMode.Detect"/>.</value>
    public GpuMode Mode { get; set; } = GpuMode.Detect;

    /// <summary>Slots offered in <see cref="GpuMode.Cpu"/> mode (tests, the demo, CPU-only machines).</summary>
    /// <value>1.</value>
    public int CpuSlots { get; set; } = 1;
}
