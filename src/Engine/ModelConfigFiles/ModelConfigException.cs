using ZImageSweep.Contracts.Errors;

namespace ZImageSweep.Engine.ModelConfigFiles;

/// <summary>
/// A model configuration (a diffusers / transformers JSON file, or the same JSON in safetensors metadata) is
/// malformed, inconsistent or unsupported. Names its source (file or metadata) and the key; the key is null when
/// the whole document is at fault (not JSON, not an object).
/// </summary>
public sealed class ModelConfigException(string source, string? key, string reason)
    : Exception(key is null ? $"{source}: {reason}" : $"{source}: '{key}': {reason}"), IUserFacingError
{
    /// <summary>The file path, or a description such as "x.safetensors metadata 'config'".</summary>
    public string ConfigSource { get; } = source;
    public string? Key { get; } = key;
    public string Reason { get; } = reason;
}
