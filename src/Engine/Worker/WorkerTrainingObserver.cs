using ZImageSweep.Contracts.Workers;
using ZImageSweep.Engine.Training;
using ZImageSweep.Engine.Training.Checkpoints;

namespace ZImageSweep.Engine.Worker;

/// <summary>
/// Speaks the worker protocol on behalf of one arm: its events, each carrying its <paramref name="run"/>, and its
/// messages on stderr, each line prefixed with the run so the supervisor can file the lines of a pack's arms apart.
/// </summary>
public sealed class WorkerTrainingObserver(string run, WorkerOutput output) : ITrainingObserver
{
    public long LastStep { get; private set; }

    public void Started(int startStep, int totalSteps, bool resumed)
    {
        LastStep = startStep;
        Emit(new StartedEvent(startStep, totalSteps));
    }

    public void Step(StepReport report)
    {
        LastStep = report.Step;
        Emit(new StepEvent(report.Step, report.Loss, report.LearningRate, report.StepSeconds));
    }

    /// <summary>A checkpoint is staged and waits for the supervisor's commit (<see cref="SupervisorFence"/>).</summary>
    public void CommitReady(int step) => Emit(new CommitReadyEvent(step));

    public void CheckpointSaved(SavedCheckpoint checkpoint) =>
        Emit(new CheckpointSavedEvent(checkpoint.Step, checkpoint.LoraPath, checkpoint.Sha256, checkpoint.SaveTime.TotalSeconds));

    public void SamplesWritten(int step, IReadOnlyList<SampleImage> images) =>
        Emit(new SamplesWrittenEvent(step, images.Select(i => new SampleFile(i.Path, i.PromptIndex, i.Prompt, i.LoraWeight)).ToList()));

    public void Validated(ValidationReport report) =>
        Emit(new ValidationEvent(report.Step, report.ValidationLoss, report.TurboDrift, report.TriggerLeakage, report.ItemsPath));

    /// <summary>Every line of the message carries the run (WorkerProtocol.FormatLogLine), so the supervisor files it under this arm.</summary>
    public void Message(string text)
    {
        foreach (string line in text.Split('\n')) output.Log(WorkerProtocol.FormatLogLine(run, line.TrimEnd('\r')));
    }

    public void Finished(string finalLoraPath) => Emit(new FinishedEvent(LastStep, finalLoraPath, FileHash.Sha256(finalLoraPath)));

    public void Stopped() => Emit(new StoppedEvent(LastStep));

    public void Failed(string reason) => Emit(new FailedEvent(LastStep, reason));

    public void Fenced() => Emit(new FencedEvent(LastStep));

    void Emit(WorkerEvent e) => output.Emit(e with { Run = run });
}
