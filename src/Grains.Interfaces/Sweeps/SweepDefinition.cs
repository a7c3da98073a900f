using System.Collections.Immutable;

namespace ZImageSweep.Grains.Interfaces.Sweeps;

/// <summary>A sweep expanded and validated: its name, how many arms may train at once, and every arm.</summary>
[GenerateSerializer, Immutable, Alias("zsweep.SweepDefinition")]
public sealed record SweepDefinition(
    [property: Id(0)] string Name,
    [property: Id(1)] int Concurrency,
    [property: Id(2)] ImmutableArray<ArmDefinition> Arms);
