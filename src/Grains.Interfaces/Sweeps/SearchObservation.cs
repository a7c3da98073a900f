namespace ZImageSweep.Grains.Interfaces.Sweeps;

/// <summary>A finished arm of an adaptive search and its objective value (lower is better), in the order observed.</summary>
[GenerateSerializer, Immutable, Alias("zsweep.SearchObservation")]
public sealed record SearchObservation(
    [property: Id(0)] string ArmId,
    [property: Id(1)] double Value);
