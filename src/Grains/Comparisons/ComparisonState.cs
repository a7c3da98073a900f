using ZImageSweep.Grains.Interfaces.EarlyStopping;
using ZImageSweep.Grains.Interfaces.Sweeps;

namespace ZImageSweep.Grains.Comparisons;

/// <summary>
/// A sweep's comparison, durable: the sweep's arms (fetched once; they never change), each arm's history, and the grid
/// built for each sample step. Metadata only: image paths, never image bytes.
/// </summary>
[GenerateSerializer, Alias("zsweep.ComparisonState")]
public sealed class ComparisonState
{
    [Id(0)] public SweepDefinition? Definition { get; set; }
    /// <summary>By arm id.</summary>
    [Id(1)] public Dictionary<string, ArmHistory> Arms { get; set; } = [];
    /// <summary>Grid PNG path by sample step.</summary>
    [Id(2)] public Dictionary<long, string> Grids { get; set; } = [];
    /// <summary>The arms the early-stopping rule stopped, by arm id: never judged (or asked to stop) again.</summary>
    [Id(3)] public Dictionary<string, EarlyStopDecision> Stops { get; set; } = [];
}
