using System.Collections.Immutable;

namespace ZImageSweep.Grains.Interfaces.Comparisons;

/// <summary>One arm's history: training loss by step (down-sampled when asked) and the validation signals of each checkpoint.</summary>
[GenerateSerializer, Immutable, Alias("zsweep.ArmCurve")]
public sealed record ArmCurve(
    [property: Id(0)] string ArmId,
    [property: Id(1)] string Label,
    [property: Id(2)] ImmutableArray<LossPoint> Loss,
    [property: Id(3)] ImmutableArray<ValidationPoint> Validation);
