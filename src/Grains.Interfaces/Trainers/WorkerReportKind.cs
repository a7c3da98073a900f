namespace ZImageSweep.Grains.Interfaces.Trainers;

/// <summary>What a <see cref="WorkerReport"/> is about: the worker protocol's events plus the process exiting.</summary>
[GenerateSerializer, Alias("zsweep.WorkerReportKind")]
public enum WorkerReportKind
{
    Started,
    Step,
    Checkpoint,
    Samples,
    /// <summary>The validation signals of a checkpoint.</summary>
    Validation,
    Stopped,
    Finished,
    /// <summary>The worker gave up (it reported why) or died (exit code and stderr tail) and retries are spent.</summary>
    Failed,
}
