namespace ZImageSweep.Grains.Interfaces.Sweeps;

/// <summary>The value one axis takes in one arm: the job key it sets, the value as written, and its short label.</summary>
[GenerateSerializer, Immutable, Alias("zsweep.AxisAssignment")]
public sealed record AxisAssignment(
    [property: Id(0)] string Axis,
    [property: Id(1)] string KeyPath,
    [property: Id(2)] string Value,
    [property: Id(3)] string Label);
