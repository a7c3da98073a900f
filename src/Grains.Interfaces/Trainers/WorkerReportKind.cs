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
    /// <summary>
    /// The run's checkpoint commit was refused (WorkerProtocol's fencing): superseded, not failed. It ends the run on
    /// its slot; the experiment, whose current run is elsewhere, is not told.
    /// </summary>
    Fenced,
}
