using ZImageSweep.Engine.Training.Checkpoints;

namespace ZImageSweep.Engine.Training;

/// <summary>A step finished: its loss (mean over accumulation micro-batches), learning rate and wall time.</summary>
public sealed record StepReport(int Step, int TotalSteps, double Loss, double LearningRate, double StepSeconds, double? PreservationLoss = null);

/// <summary>One preview image written during training.</summary>
public sealed record SampleImage(int Step, int PromptIndex, string Prompt, long Seed, string Path);

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
    void Message(string text);
    void Finished(string finalLoraPath);
}
