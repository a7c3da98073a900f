using System.Collections.Immutable;

namespace ZImageSweep.Grains.Interfaces.Sweeps;

/// <summary>
/// A sweep expanded and validated: its name, how many arms may train at once, every arm, and how arms may share a GPU
/// slot's base (<see cref="PackingPolicy"/>; the scheduler does not act on it yet).
/// </summary>
[GenerateSerializer, Immutable, Alias("zsweep.SweepDefinition")]
public sealed record SweepDefinition(
    [property: Id(0)] string Name,
    [property: Id(1)] int Concurrency,
    [property: Id(2)] ImmutableArray<ArmDefinition> Arms,
    [property: Id(3)] PackingPolicy Packing = default);
