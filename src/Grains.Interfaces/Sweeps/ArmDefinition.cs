using System.Collections.Immutable;

namespace ZImageSweep.Grains.Interfaces.Sweeps;

/// <summary>
/// One arm of a sweep: a fully resolved job config plus the axis values that produced it.
/// <see cref="Id"/> is a hash of the assignment, so the same arm has the same id in every expansion of the spec.
/// </summary>
[GenerateSerializer, Immutable, Alias("zsweep.ArmDefinition")]
public sealed record ArmDefinition(
    [property: Id(0)] string Id,
    [property: Id(1)] string Label,
    [property: Id(2)] ImmutableArray<AxisAssignment> Assignment,
    [property: Id(3)] string JobYaml,
    [property: Id(4)] int TotalSteps);
