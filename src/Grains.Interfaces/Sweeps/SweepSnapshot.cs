using System.Collections.Immutable;
using ZImageSweep.Grains.Interfaces.Experiments;

namespace ZImageSweep.Grains.Interfaces.Sweeps;

/// <summary>A sweep and each of its arms, as <c>zsweep status</c> and <c>watch</c> show them.</summary>
[GenerateSerializer, Immutable, Alias("zsweep.SweepSnapshot")]
public sealed record SweepSnapshot(
    [property: Id(0)] string Name,
    [property: Id(1)] int Concurrency,
    [property: Id(2)] ImmutableArray<ExperimentSnapshot> Arms)
{
    public bool IsFinished => Arms.All(a => a.Status is ExperimentStatus.Completed or ExperimentStatus.Failed or ExperimentStatus.Cancelled or ExperimentStatus.Stopped);
}
