using ZImageSweep.Contracts.Jobs;
using ZImageSweep.Grains.Interfaces.EarlyStopping;

namespace ZImageSweep.Sweeps;

/// <summary>A parsed sweep spec: a base job and the dimensions to vary it along. <see cref="SweepExpander"/> turns it into arms.</summary>
public sealed record SweepSpec(
    string Name,
    SweepMethod Method,
    int RandomCount,
    int Seed,
    int Concurrency,
    JobDocument BaseJob,
    IReadOnlyList<SweepDimension> Dimensions,
    EarlyStoppingSettings? EarlyStopping = null)
{
    /// <summary>More arms than this is almost certainly a mistake in the spec (a range count with an extra zero).</summary>
    public const int MaxArms = 1000;

    public long GridSize => Dimensions.Aggregate(1L, (n, d) => n * d.Length);
}
