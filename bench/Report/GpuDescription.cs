namespace ZImageSweep.Bench.Report;

/// <summary>One GPU as NVML reports it.</summary>
public sealed record GpuDescription(int Index, string Name, double MemoryTotalGib);
