namespace ZImageSweep.Grains.Telemetry;

/// <summary>
/// One training slot's memory, busy share and number of arms its worker process trains at one moment, with the labels
/// their series carry: <see cref="SlotTags"/> name the slot, <see cref="Tags"/> also an arm on it.
/// </summary>
public sealed record SlotUsage(KeyValuePair<string, object?>[] SlotTags, KeyValuePair<string, object?>[] Tags, long MemoryUsedBytes, double Utilization, int Arms);
