using System.Collections.Immutable;
using ZImageSweep.Grains.Interfaces.EarlyStopping;

namespace ZImageSweep.Grains.Interfaces.Sweeps;

/// <summary>
/// A sweep expanded and validated: its name, how many arms may train at once, every arm, and how arms may share a GPU
/// slot's base (<see cref="PackingPolicy"/>, carried to each experiment for the scheduler). An adaptive search (method tpe)
/// starts with no arms and carries its spec in <see cref="Search"/> (YAML, base job inlined); the sweep grain appends
/// each arm it proposes, so <see cref="Arms"/> lists them in proposal order.
/// </summary>
/// <param name="EarlyStopping">The spec's <c>early_stopping:</c> rule; null (and in sweeps stored before it existed) stops no arm early.</param>
[GenerateSerializer, Immutable, Alias("zsweep.SweepDefinition")]
public sealed record SweepDefinition(
    [property: Id(0)] string Name,
    [property: Id(1)] int Concurrency,
    [property: Id(2)] ImmutableArray<ArmDefinition> Arms,
    [property: Id(3)] PackingPolicy Packing = default,
    [property: Id(4)] string? Search = null,
    [property: Id(5)] EarlyStoppingSettings? EarlyStopping = null);
