using ZImageSweep.Contracts.Artifacts;
using ZImageSweep.Engine.Training.Checkpoints;

namespace ZImageSweep.Engine.Training;

/// <summary>A step finished: its loss (mean over accumulation micro-batches), learning rate and wall time.</summary>
public sealed record StepReport(int Step, int TotalSteps, double Loss, double LearningRate, double StepSeconds, double? PreservationLoss = null);

/// <summary>One preview image written during training, sampled with the user LoRA at <paramref name="LoraWeight"/>.</summary>
public sealed record SampleImage(int Step, int PromptIndex, string Prompt, long Seed, string Path, double LoraWeight);

/// <summary>
/// The validation signals of one checkpoint (null where not computed): held-out loss at fixed noise and timesteps,
/// the Turbo-drift score and the trigger-leakage score (see <c>Training/Validation</c>), and the file that holds every
/// item behind them (<c>ValidationItems</c>).
/// </summary>
public sealed record ValidationReport(int Step, double? ValidationLoss, double? TurboDrift, double? TriggerLeakage)
{
    public string? ItemsPath { get; init; }
}

/// <summary>
/// What the training loop tells the outside world. The CLI renders it; the sweep worker turns it into JSON lines.
/// Calls come from the training thread; implementations must be quick and must not throw.
/// </summary>
public interface ITrainingObserver
{
    void Started(int startStep, int totalSteps, bool resumed);
    void Step(StepReport report);
    void CheckpointSaved(SavedCheckpoint checkpoint);
    void SamplesWritten(int step, IReadOnlyList<SampleImage> images);
    void Validated(ValidationReport report);
    void Message(string text);
    void Finished(string finalLoraPath);
}
