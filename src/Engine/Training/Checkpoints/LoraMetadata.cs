using System.Text.Json;

namespace ZImageSweep.Engine.Training.Checkpoints;

/// <summary>The safetensors metadata ai-toolkit writes into Z-Image LoRA files (docs/training.md#lora-save-format); every value a string.</summary>
public static class LoraMetadata
{
    public static Dictionary<string, string> Build(string jobName, int step, int epoch, string? trigger, IReadOnlyDictionary<string, string> meta)
    {
        var metadata = meta.ToDictionary(p => p.Key, p => p.Value == "[name]" ? jobName : p.Value);
        metadata.TryAdd("name", jobName);
        metadata.TryAdd("version", "1.0");
        metadata["training_info"] = JsonSerializer.Serialize(new { step, epoch });
        metadata["ss_base_model_version"] = "zimage";
        metadata["ss_output_name"] = jobName;
        if (!string.IsNullOrEmpty(trigger))
            metadata["ss_tag_frequency"] = JsonSerializer.Serialize(new Dictionary<string, Dictionary<string, int>> { [$"1_{trigger}"] = new() { [trigger] = 1 } });
        metadata["software"] = JsonSerializer.Serialize(new { name = "ZImageSweep", repo = "ZImageSweep", version = typeof(LoraMetadata).Assembly.GetName().Version?.ToString() ?? "0" });
        metadata["format"] = "pt";
        return metadata;
    }
}
