namespace ZImageSweep.Grains.Workers;

/// <summary>Where this silo's slots come from.</summary>
public enum GpuMode
{
    /// <summary>One slot per GPU found by NVML; a silo without GPUs offers none.</summary>
    Detect,
    /// <summary>A fixed number of CPU slots; workers see no GPU.</summary>
    Cpu,
}
