using static TorchSharp.torch;

namespace ZImageSweep.Engine.Training.Checkpoints;

/// <summary>Where the data pipeline stands, so a resumed run sees the same batches in the same order.</summary>
public sealed record DataPosition(int Epoch, int BatchInEpoch);

/// <summary>
/// Everything a resumed run needs to continue the same trajectory: the LoRA as users get it (ai-toolkit keys, save
/// dtype), the exact float32 training parameters (and EMA shadows) under the same keys, the optimizer state, every
/// random generator's state, the data position and the step just completed.
/// </summary>
public sealed record TrainingCheckpoint(
    int Step,
    DataPosition Data,
    IReadOnlyDictionary<string, Tensor> Lora,
    IReadOnlyDictionary<string, Tensor> OptimizerState,
    IReadOnlyDictionary<string, Tensor> GeneratorStates,
    IReadOnlyDictionary<string, string> LoraMetadata)
{
    public IReadOnlyDictionary<string, Tensor> Parameters { get; init; } = new Dictionary<string, Tensor>();
    public IReadOnlyDictionary<string, Tensor> Ema { get; init; } = new Dictionary<string, Tensor>();
}

/// <summary>A checkpoint known to be complete on disk: the LoRA file, its hash, and the state file that vouches for it.</summary>
public sealed record SavedCheckpoint(int Step, string LoraPath, string StatePath, string Sha256)
{
    /// <summary>How long writing both files took (zero for a checkpoint found on disk).</summary>
    public TimeSpan SaveTime { get; init; }
}
