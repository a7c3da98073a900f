namespace ZImageSweep.Grains.Telemetry;

/// <summary>One training slot's memory and busy share at one moment, with the labels its series carry.</summary>
public sealed record SlotUsage(KeyValuePair<string, object?>[] Tags, long MemoryUsedBytes, double Utilization);
