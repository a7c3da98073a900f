namespace ZImageSweep.Contracts.Gpu;

/// <summary>One GPU as the NVIDIA driver reports it.</summary>
public sealed record GpuInfo(int Index, string Name, long MemoryTotalBytes, long MemoryUsedBytes, int UtilizationPercent);
