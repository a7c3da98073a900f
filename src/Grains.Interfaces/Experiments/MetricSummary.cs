namespace ZImageSweep.Grains.Interfaces.Experiments;

/// <summary>The small, durable summary of an arm's training progress (full histories live with the artifacts).</summary>
[GenerateSerializer, Immutable, Alias("zsweep.MetricSummary")]
public sealed record MetricSummary(
    [property: Id(0)] long Step,
    [property: Id(1)] long TotalSteps,
    [property: Id(2)] double? LastLoss,
    [property: Id(3)] double? BestLoss,
    [property: Id(4)] double? Lr,
    [property: Id(5)] double? StepSeconds)
{
    public static MetricSummary Empty(long totalSteps) => new(0, totalSteps, null, null, null, null);
}
