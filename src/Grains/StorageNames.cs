namespace ZImageSweep.Grains;

/// <summary>Names shared by the grains and the silo wiring.</summary>
public static class StorageNames
{
    /// <summary>The grain storage provider holding sweep, experiment and scheduler state.</summary>
    public const string Grains = "zsweep";
}
