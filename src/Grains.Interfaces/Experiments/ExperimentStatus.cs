namespace ZImageSweep.Grains.Interfaces.Experiments;

/// <summary>Lifecycle of one sweep arm. The allowed edges are listed in <c>ExperimentTransitions</c>.</summary>
[GenerateSerializer, Alias("zsweep.ExperimentStatus")]
public enum ExperimentStatus
{
    /// <summary>Waiting for a free GPU slot (at start, on resume, or after its trainer was lost).</summary>
    Queued,
    /// <summary>A worker is training it on a GPU slot.</summary>
    Running,
    Paused,
    Completed,
    Failed,
    Cancelled,
    /// <summary>Stopped early by the sweep's <c>early_stopping</c> rule as a losing arm; it keeps its checkpoints and samples.</summary>
    Stopped,
}
