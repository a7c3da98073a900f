using System.Text.Json.Serialization;

namespace ZImageSweep.Engine.Training.Checkpoints;

/// <summary>
/// <c>.state/{name}_{step:09d}.json</c>, written last: the checkpoint is complete when this record exists and both files
/// still hash to what it says. It also holds the <see cref="JobFingerprint"/> of the job that wrote it and the run
/// (the sweep's placement of the arm, WorkerProtocol's run id) that committed it; null for an unsupervised run.
/// </summary>
public sealed record CheckpointRecord(
    [property: JsonPropertyName("step")] int Step,
    [property: JsonPropertyName("lora_file")] string LoraFile,
    [property: JsonPropertyName("lora_sha256")] string LoraSha256,
    [property: JsonPropertyName("state_file")] string StateFile,
    [property: JsonPropertyName("state_sha256")] string StateSha256,
    [property: JsonPropertyName("job")] IReadOnlyDictionary<string, string> Job,
    [property: JsonPropertyName("run")] string? Run = null);
