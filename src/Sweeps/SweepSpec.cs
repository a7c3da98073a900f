using ZImageSweep.Contracts.Jobs;
using ZImageSweep.Grains.Interfaces.Comparisons;
using ZImageSweep.Grains.Interfaces.Sweeps;
using ZImageSweep.Grains.Interfaces.EarlyStopping;

namespace ZImageSweep.Sweeps;

/// <summary>
/// A parsed sweep spec: a base job and the dimensions to vary it along. <see cref="SweepExpander"/> turns it into arms.
/// <see cref="RandomCount"/> is the spec's <c>count</c>: arms drawn (random) or proposed (tpe). For method tpe,
/// <see cref="Objective"/> is what the search minimises and <see cref="SearchYaml"/> the spec with its base job inlined,
/// which the sweep grain reads to propose arms (<see cref="Search.TpeSearch"/>).
/// </summary>
/// <param name="Replicates">How often each configuration is trained, each time with its own <c>training_seed</c> (<see cref="ReplicateSeeds"/>).</param>
public sealed record SweepSpec(
    string Name,
    SweepMethod Method,
    int RandomCount,
    int Seed,
    int Concurrency,
    JobDocument BaseJob,
    IReadOnlyList<SweepDimension> Dimensions,
    int Replicates = 1,
    PackingPolicy Packing = default,
    ComparisonMetric Objective = ComparisonMetric.ValidationLoss,
    string? SearchYaml = null,
    EarlyStoppingSettings? EarlyStopping = null)
{
    /// <summary>More arms than this is almost certainly a mistake in the spec (a range count with an extra zero).</summary>
    public const int MaxArms = 1000;

    /// <summary>Configurations: every combination of axis values, before replicates.</summary>
    public long GridSize => Dimensions.Aggregate(1L, (n, d) => n * d.Length);
}
