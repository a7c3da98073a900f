using System.Collections.Immutable;
using ZImageSweep.Grains.Interfaces.EarlyStopping;

namespace ZImageSweep.Grains.Interfaces.Sweeps;

/// <summary>A sweep expanded and validated: its name, how many arms may train at once, and every arm.</summary>
/// <param name="EarlyStopping">The spec's <c>early_stopping:</c> rule; null (and in sweeps stored before it existed) stops no arm early.</param>
[GenerateSerializer, Immutable, Alias("zsweep.SweepDefinition")]
public sealed record SweepDefinition(
    [property: Id(0)] string Name,
    [property: Id(1)] int Concurrency,
    [property: Id(2)] ImmutableArray<ArmDefinition> Arms,
    [property: Id(10)] EarlyStoppingSettings? EarlyStopping = null);
