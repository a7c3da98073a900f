namespace ZImageSweep.Grains.Interfaces.Trainers;

/// <summary>GPU slot keys: <c>&lt;silo name&gt;/&lt;gpu index&gt;</c>, e.g. <c>gpu-node-3/0</c>.</summary>
public static class GpuSlots
{
    public static string Key(string siloName, int gpuIndex) => $"{siloName}/{gpuIndex}";

    public static (string SiloName, int GpuIndex) Parse(string key)
    {
        int slash = key.LastIndexOf('/');
        return (key[..slash], int.Parse(key[(slash + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Silo metadata key (Orleans <c>UseSiloMetadata</c>) holding the number of GPU slots a silo offers.</summary>
    public const string MetadataKey = "hardware.gpu.count";

    /// <summary>
    /// Silo metadata key holding each slot's free memory in MiB when the silo started (NVML), comma-separated in slot
    /// order; an empty entry (every entry on CPU slots) is unknown. What the scheduler packs arms into.
    /// </summary>
    public const string FreeMemoryMetadataKey = "hardware.gpu.free-mib";

    /// <summary>The metadata value of <see cref="FreeMemoryMetadataKey"/> for these per-slot readings in bytes.</summary>
    public static string FormatFreeMemory(IEnumerable<long?> freeBytes) =>
        string.Join(',', freeBytes.Select(b => b is { } bytes ? (bytes >> 20).ToString(System.Globalization.CultureInfo.InvariantCulture) : ""));

    /// <summary>Slot <paramref name="gpuIndex"/>'s free bytes from a <see cref="FreeMemoryMetadataKey"/> value; null when absent, empty or unreadable.</summary>
    public static long? ParseFreeMemory(string? value, int gpuIndex)
    {
        string[] entries = value?.Split(',') ?? [];
        return gpuIndex < entries.Length && long.TryParse(entries[gpuIndex], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long mib)
            ? mib << 20
            : null;
    }
}
