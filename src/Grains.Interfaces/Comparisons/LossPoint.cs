namespace ZImageSweep.Grains.Interfaces.Comparisons;

/// <summary>The training loss an arm reported at one optimizer step.</summary>
[GenerateSerializer, Immutable, Alias("zsweep.LossPoint")]
public sealed record LossPoint(
    [property: Id(0)] long Step,
    [property: Id(1)] double Loss);
