using ZImageSweep.Contracts.Errors;

namespace ZImageSweep.Engine.Training;

/// <summary>
/// The run produced a non-finite loss or non-finite LoRA / optimizer values: it ends as failed, and nothing non-finite
/// is written as a checkpoint (the last complete checkpoint stays the newest one).
/// </summary>
public sealed class TrainingDivergedException(int step, string what) : Exception($"diverged at step {step}: {what}"), IUserFacingError
{
    public int Step { get; } = step;
}
