using static TorchSharp.torch;

namespace ZImageSweep.Engine.Training.Checkpoints;

/// <summary>Where the data pipeline stands, so a resumed run sees the same batches in the same order.</summary>
public sealed record DataPosition(int Epoch, int BatchInEpoch);

/// <summary>
/// Everything a resumed run needs to continue the same trajectory: the LoRA tensors (ai-toolkit keys), the
/// optimizer state, every random generator's state, the data position and the step just completed.
/// </summary>
public sealed record TrainingCheckpoint(
    int Step,
    DataPosition Data,
    IReadOnlyDictionary<string, Tensor> Lora,
    IReadOnlyDictionary<string, Tensor> OptimizerState,
    IReadOnlyDictionary<string, Tensor> GeneratorStates,
    IReadOnlyDictionary<string, string> LoraMetadata);

/// <summary>A checkpoint known to be complete on disk: the LoRA file, its hash, and the state file that vouches for it.</summary>
public sealed record SavedCheckpoint(int Step, string LoraPath, string StatePath, string Sha256);
