namespace ZImageSweep.Grains.Interfaces.Comparisons;

/// <summary>An arm's value of a <see cref="ComparisonMetric"/> and the step it was taken at.</summary>
[GenerateSerializer, Immutable, Alias("zsweep.ArmScore")]
public sealed record ArmScore(
    [property: Id(0)] string ArmId,
    [property: Id(1)] string Label,
    [property: Id(2)] double Value,
    [property: Id(3)] long Step);
