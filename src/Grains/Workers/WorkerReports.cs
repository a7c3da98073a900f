using ZImageSweep.Contracts.Workers;
using ZImageSweep.Grains.Interfaces.Comparisons;
using ZImageSweep.Grains.Interfaces.Experiments;
using ZImageSweep.Grains.Interfaces.Trainers;

namespace ZImageSweep.Grains.Workers;

/// <summary>Translates the engine's worker events into the wire record the grains relay.</summary>
public static class WorkerReports
{
    public static WorkerReport From(WorkerEvent e) => e switch
    {
        StartedEvent s => new(WorkerReportKind.Started, s.Step) { TotalSteps = s.TotalSteps },
        StepEvent s => new(WorkerReportKind.Step, s.Step) { Loss = s.Loss, Lr = s.Lr, StepSeconds = s.StepSeconds },
        CheckpointSavedEvent c => new(WorkerReportKind.Checkpoint, c.Step) { File = new CheckpointRef(c.Path, c.Step, c.Sha256), SaveSeconds = c.SaveSeconds },
        SamplesWrittenEvent s => new(WorkerReportKind.Samples, s.Step) { Samples = [.. s.Samples.Select(f => new SampleRef(f.PromptIndex, f.Prompt, f.LoraWeight, f.Path))] },
        ValidationEvent v => new(WorkerReportKind.Validation, v.Step) { Validation = new ValidationPoint(v.Step, v.ValidationLoss, v.TurboDrift, v.TriggerLeakage, v.ItemsPath) },
        StoppedEvent s => new(WorkerReportKind.Stopped, s.Step),
        FinishedEvent f => new(WorkerReportKind.Finished, f.Step) { File = new CheckpointRef(f.Path, f.Step, f.Sha256) },
        FailedEvent f => new(WorkerReportKind.Failed, f.Step) { Reason = f.Reason },
        FencedEvent f => new(WorkerReportKind.Fenced, f.Step),
        _ => throw new ArgumentOutOfRangeException(nameof(e), e.GetType().Name, "not a worker event"),
    };
}
