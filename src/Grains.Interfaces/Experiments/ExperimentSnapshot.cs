using ZImageSweep.Grains.Interfaces.EarlyStopping;

namespace ZImageSweep.Grains.Interfaces.Experiments;

/// <summary>What the CLI shows for one arm.</summary>
/// <param name="EarlyStop">Why the early-stopping rule stopped it (its <see cref="Reason"/> says the same in words); null unless <see cref="ExperimentStatus.Stopped"/>.</param>
[GenerateSerializer, Immutable, Alias("zsweep.ExperimentSnapshot")]
public sealed record ExperimentSnapshot(
    [property: Id(0)] string Sweep,
    [property: Id(1)] string ArmId,
    [property: Id(2)] string Label,
    [property: Id(3)] ExperimentStatus Status,
    [property: Id(4)] MetricSummary Metrics,
    [property: Id(5)] CheckpointRef? LastCheckpoint,
    [property: Id(6)] CheckpointRef? FinalLora,
    [property: Id(7)] string? Reason,
    [property: Id(8)] int Recoveries,
    [property: Id(9)] string? Slot,
    [property: Id(10)] EarlyStopDecision? EarlyStop = null);
