using System.Text.Json;

namespace ZImageSweep.Engine.Training;

/// <summary>
/// Reads a run's <c>samples/index.jsonl</c> (written by <see cref="PreviewSampler"/>): one line per preview image with
/// step, prompt index, prompt, seed, file name and LoRA weight. Unreadable lines (a crash mid-append) are skipped.
/// </summary>
public static class SampleIndex
{
    public const string FileName = "index.jsonl";

    public static IReadOnlyList<SampleImage> Read(string samplesFolder)
    {
        string path = Path.Combine(samplesFolder, FileName);
        if (!File.Exists(path)) return [];
        var images = new List<SampleImage>();
        foreach (string line in File.ReadLines(path))
        {
            try
            {
                using var json = JsonDocument.Parse(line);
                JsonElement e = json.RootElement;
                images.Add(new SampleImage(e.GetProperty("step").GetInt32(), e.GetProperty("prompt_index").GetInt32(),
                    e.GetProperty("prompt").GetString() ?? "", e.GetProperty("seed").GetInt64(),
                    Path.Combine(samplesFolder, e.GetProperty("path").GetString() ?? ""),
                    e.TryGetProperty("lora_weight", out var weight) ? weight.GetDouble() : 1.0)); // indexes before lora_weight: weight 1
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                // a partial last line: the image it describes is not trusted either
            }
        }
        return images;
    }

    /// <summary>The step of one index line, or null for an unreadable line (which is dropped when the index is rewritten).</summary>
    public static int? StepOf(string line)
    {
        try
        {
            using var json = JsonDocument.Parse(line);
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("step", out var step) && step.TryGetInt32(out int value) ? value : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
