namespace ZImageSweep.Engine.Models.Vae;

/// <summary>An AutoencoderKL configuration is invalid or unsupported; names its source (file or metadata) and the key.</summary>
public sealed class VaeConfigException(string source, string key, string reason)
    : Exception($"{source}: '{key}': {reason}")
{
    public string ConfigSource { get; } = source;
    public string Key { get; } = key;
}
