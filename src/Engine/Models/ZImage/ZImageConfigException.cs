namespace ZImageSweep.Engine.Models.ZImage;

/// <summary>A Z-Image transformer configuration is malformed or inconsistent; names the source and the key.</summary>
public sealed class ZImageConfigException(string source, string? key, string reason)
    : Exception(key is null ? $"{source}: {reason}" : $"{source}: '{key}' {reason}")
{
    public string ConfigSource { get; } = source;
    public string? Key { get; } = key;
}
