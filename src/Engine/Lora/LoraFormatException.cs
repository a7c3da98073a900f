using ZImageSweep.Contracts.Errors;

namespace ZImageSweep.Engine.Lora;

/// <summary>A LoRA file does not fit the format or the model; names the file and the offending key.</summary>
public sealed class LoraFormatException(string path, string? key, string reason)
    : Exception(key is null ? $"{path}: {reason}" : $"{path}: {key}: {reason}"), IUserFacingError
{
    public string FilePath { get; } = path;
    public string? Key { get; } = key;
}
