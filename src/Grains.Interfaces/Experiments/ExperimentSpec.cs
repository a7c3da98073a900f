using ZImageSweep.Grains.Interfaces.Sweeps;

namespace ZImageSweep.Grains.Interfaces.Experiments;

/// <summary>What an experiment trains: its arm of a sweep.</summary>
[GenerateSerializer, Immutable, Alias("zsweep.ExperimentSpec")]
public sealed record ExperimentSpec(
    [property: Id(0)] string Sweep,
    [property: Id(1)] ArmDefinition Arm);
