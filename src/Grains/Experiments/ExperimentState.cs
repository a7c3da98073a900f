using ZImageSweep.Grains.Interfaces.EarlyStopping;
using ZImageSweep.Grains.Interfaces.Experiments;

namespace ZImageSweep.Grains.Experiments;

/// <summary>
/// The durable part of an experiment: small and metadata-only (paths and hashes, never tensors). Written after
/// every status change and every recorded checkpoint, so a crash loses at most the steps since the last checkpoint.
/// </summary>
[GenerateSerializer, Alias("zsweep.ExperimentState")]
public sealed class ExperimentState
{
    [Id(0)] public ExperimentSpec? Spec { get; set; }
    [Id(1)] public ExperimentStatus Status { get; set; }
    [Id(2)] public MetricSummary? Metrics { get; set; }
    [Id(3)] public CheckpointRef? LastCheckpoint { get; set; }
    [Id(4)] public CheckpointRef? FinalLora { get; set; }
    [Id(5)] public string? Reason { get; set; }
    /// <summary>How often the experiment was placed again after losing its trainer (silo crash, slot gone).</summary>
    [Id(6)] public int Recoveries { get; set; }
    /// <summary>The leased GPU slot and the run on it, while it has one.</summary>
    [Id(7)] public string? Slot { get; set; }
    [Id(8)] public Guid? RunId { get; set; }
    /// <summary>Why the early-stopping rule stopped the arm, with its statistic; null unless <see cref="ExperimentStatus.Stopped"/>.</summary>
    [Id(9)] public EarlyStopDecision? EarlyStop { get; set; }
}
