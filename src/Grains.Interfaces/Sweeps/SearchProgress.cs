using System.Collections.Immutable;

namespace ZImageSweep.Grains.Interfaces.Sweeps;

/// <summary>
/// Where an adaptive search stands: it proposes <see cref="Count"/> arms in all (the snapshot lists those proposed so
/// far, in proposal order), minimising <see cref="Objective"/> (a metric name), with the values observed so far.
/// </summary>
[GenerateSerializer, Immutable, Alias("zsweep.SearchProgress")]
public sealed record SearchProgress(
    [property: Id(0)] string Method,
    [property: Id(1)] int Count,
    [property: Id(2)] string Objective,
    [property: Id(3)] ImmutableArray<SearchObservation> Observations);
