namespace ZImageSweep.Engine.Weights;

/// <summary>A model's JSON file (model_index.json, config.json, scheduler_config.json) is malformed; names file and key.</summary>
public sealed class ModelConfigException(string path, string? key, string reason)
    : Exception(key is null ? $"{path}: {reason}" : $"{path}: '{key}': {reason}")
{
    public string FilePath { get; } = path;
    public string? Key { get; } = key;
}
