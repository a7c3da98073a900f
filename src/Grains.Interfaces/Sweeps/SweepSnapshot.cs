using System.Collections.Immutable;
using ZImageSweep.Grains.Interfaces.Experiments;

namespace ZImageSweep.Grains.Interfaces.Sweeps;

/// <summary>
/// A sweep and each of its arms, as <c>zsweep status</c> and <c>watch</c> show them; for an adaptive search the arms
/// proposed so far in proposal order, and <see cref="Search"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("zsweep.SweepSnapshot")]
public sealed record SweepSnapshot(
    [property: Id(0)] string Name,
    [property: Id(1)] int Concurrency,
    [property: Id(2)] ImmutableArray<ExperimentSnapshot> Arms,
    [property: Id(3)] SearchProgress? Search = null)
{
    /// <summary>
    /// Every arm ended, and a search has proposed all its arms (or was cancelled: it proposes no more), so a finished
    /// arm whose successor is not proposed yet does not end the sweep.
    /// </summary>
    public bool IsFinished => Arms.All(a => a.Status is ExperimentStatus.Completed or ExperimentStatus.Failed or ExperimentStatus.Cancelled or ExperimentStatus.Stopped)
        && (Search is null || Arms.Length >= Search.Count || Arms.Any(a => a.Status == ExperimentStatus.Cancelled));
}
