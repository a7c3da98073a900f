using ZImageSweep.Grains.Interfaces.Sweeps;

namespace ZImageSweep.Grains.Interfaces.Experiments;

/// <summary>What an experiment trains: its arm of a sweep, and the sweep's packing policy (which decides its GPU slot demand).</summary>
/// <param name="Packing">The sweep's <c>packing</c>; a spec stored before it existed reads auto, the spec key's default.</param>
[GenerateSerializer, Immutable, Alias("zsweep.ExperimentSpec")]
public sealed record ExperimentSpec(
    [property: Id(0)] string Sweep,
    [property: Id(1)] ArmDefinition Arm,
    [property: Id(2)] PackingPolicy Packing = default);
