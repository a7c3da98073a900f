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
}
