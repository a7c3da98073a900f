using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace ZImageSweep.Grains.Interfaces.Comparisons;

/// <summary>
/// Every pair of a sweep's arms compared item by item on one metric at one checkpoint step (README "Statistics").
/// The JSON names are a stable contract for scripts: <c>zsweep compare --verdict --json</c> and
/// <c>GET /api/sweeps/&lt;sweep&gt;/verdict</c> both write this record as it is.
/// </summary>
/// <param name="Metric">The metric's user-facing name (<see cref="MetricNames"/>).</param>
/// <param name="Alpha">The family-wise error rate the Holm-adjusted p-values are held to.</param>
[GenerateSerializer, Immutable, Alias("zsweep.SweepVerdict")]
public sealed record SweepVerdict(
    [property: Id(0), JsonPropertyName("sweep")] string Sweep,
    [property: Id(1), JsonPropertyName("metric")] string Metric,
    [property: Id(2), JsonPropertyName("step")] long Step,
    [property: Id(3), JsonPropertyName("arms")] ImmutableArray<VerdictArm> Arms,
    [property: Id(4), JsonPropertyName("pairs")] ImmutableArray<VerdictPair> Pairs,
    [property: Id(5), JsonPropertyName("alpha")] double Alpha);
