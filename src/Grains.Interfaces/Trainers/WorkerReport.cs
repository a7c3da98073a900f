using System.Collections.Immutable;
using ZImageSweep.Grains.Interfaces.Comparisons;
using ZImageSweep.Grains.Interfaces.Experiments;

namespace ZImageSweep.Grains.Interfaces.Trainers;

/// <summary>
/// A worker event as it crosses grain calls. One flat record rather than a type per event keeps the relay paths
/// (host → trainer → experiment) to a single method; fields that do not apply to a kind are null.
/// </summary>
[GenerateSerializer, Immutable, Alias("zsweep.WorkerReport")]
public sealed record WorkerReport(
    [property: Id(0)] WorkerReportKind Kind,
    [property: Id(1)] long Step)
{
    [Id(2)] public long? TotalSteps { get; init; }
    [Id(3)] public double? Loss { get; init; }
    [Id(4)] public double? Lr { get; init; }
    [Id(5)] public double? StepSeconds { get; init; }
    /// <summary>The checkpoint (or, when finished, the final LoRA).</summary>
    [Id(6)] public CheckpointRef? File { get; init; }
    [Id(7)] public ImmutableArray<SampleRef> Samples { get; init; } = [];
    [Id(8)] public string? Reason { get; init; }
    [Id(9)] public ValidationPoint? Validation { get; init; }
    /// <summary>How long the checkpoint took to write.</summary>
    [Id(10)] public double? SaveSeconds { get; init; }

    /// <summary>Whether this is a run's last report: after it the run has left its worker process.</summary>
    public bool IsEnd => Kind is WorkerReportKind.Finished or WorkerReportKind.Stopped or WorkerReportKind.Failed or WorkerReportKind.Fenced;
}
