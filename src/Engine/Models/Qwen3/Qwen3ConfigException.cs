namespace ZImageSweep.Engine.Models.Qwen3;

/// <summary>A Qwen3 configuration is unusable; names its source (file or metadata) and the offending key.</summary>
public sealed class Qwen3ConfigException(string source, string key, string reason)
    : Exception($"{source}: '{key}': {reason}")
{
    public string ConfigSource { get; } = source;
    public string Key { get; } = key;
}
