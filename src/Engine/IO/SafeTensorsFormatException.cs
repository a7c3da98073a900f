using ZImageSweep.Contracts.Errors;

namespace ZImageSweep.Engine.IO;

/// <summary>A safetensors file (or one tensor in it) cannot be read; names the file and, where known, the key.</summary>
public sealed class SafeTensorsFormatException(string path, string? key, string reason)
    : Exception(key is null ? $"{path}: {reason}" : $"{path}: tensor '{key}': {reason}"), IUserFacingError
{
    public string FilePath { get; } = path;
    public string? Key { get; } = key;
}
