using System.Text.Json;
using System.Text.Json.Serialization;

namespace ZImageSweep.Contracts.Artifacts;

/// <summary>
/// Every item behind one checkpoint's validation signals, so comparisons between arms can pair them (README
/// "Statistics"): the held-out loss of each (image, σ) — its noise fixed by the validation seed, so identical across arms
/// — and the drift and leakage of each prompt. Keys name the item (<see cref="LossKey"/>, <see cref="PromptKey"/>); a
/// signal that was not computed, or gave a non-finite value, has no items. Written atomically beside the checkpoints as
/// <c>validation/&lt;step:D9&gt;.json</c>; a resumed run rewrites a step with the same values.
/// </summary>
public sealed record ValidationItems(
    [property: JsonPropertyName("step")] long Step,
    [property: JsonPropertyName("validation_loss")] IReadOnlyDictionary<string, double> ValidationLoss,
    [property: JsonPropertyName("turbo_drift")] IReadOnlyDictionary<string, double> TurboDrift,
    [property: JsonPropertyName("trigger_leakage")] IReadOnlyDictionary<string, double> TriggerLeakage)
{
    public const string FolderName = "validation";

    static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary><c>&lt;output folder&gt;/validation/&lt;step:D9&gt;.json</c>.</summary>
    public static string PathFor(string outputFolder, long step) => Path.Combine(outputFolder, FolderName, $"{step:D9}.json");

    /// <summary>A held-out image at one fixed noise level; σ in round-trip format so equal σ give equal keys.</summary>
    public static string LossKey(string imagePath, double sigma) => $"{imagePath} σ={sigma:R}";

    /// <summary>A drift or leakage prompt: its index among the validation prompts and its text.</summary>
    public static string PromptKey(int index, string prompt) => $"{index}: {prompt}";

    public void Write(string path) => AtomicFile.WriteAllText(path, JsonSerializer.Serialize(this, Json));

    /// <exception cref="InvalidDataException">The file is not a validation items file.</exception>
    public static ValidationItems Read(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<ValidationItems>(File.ReadAllText(path), Json)
                   ?? throw new InvalidDataException($"validation items file {path} is empty");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"validation items file {path} is not valid: {e.Message}", e);
        }
    }
}
