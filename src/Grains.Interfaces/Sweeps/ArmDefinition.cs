using System.Collections.Immutable;

namespace ZImageSweep.Grains.Interfaces.Sweeps;

/// <summary>
/// One arm of a sweep: a fully resolved job config plus the axis values that produced it.
/// <see cref="Id"/> is a hash of the assignment, so the same arm has the same id in every expansion of the spec.
/// </summary>
/// <param name="Configuration">
/// With <c>replicates: N</c> &gt; 1, the id of the configuration this arm trains once more with its own seed (the
/// assignment without the seed); null where each configuration is trained once — also in sweeps stored before
/// replicates existed — so the arm is its own configuration (<see cref="ConfigurationId"/>).
/// </param>
/// <param name="Replicate">The replicate index r (0 … N − 1): replicate r of one configuration pairs with replicate r of another.</param>
[GenerateSerializer, Immutable, Alias("zsweep.ArmDefinition")]
public sealed record ArmDefinition(
    [property: Id(0)] string Id,
    [property: Id(1)] string Label,
    [property: Id(2)] ImmutableArray<AxisAssignment> Assignment,
    [property: Id(3)] string JobYaml,
    [property: Id(4)] int TotalSteps,
    [property: Id(5)] string? Configuration = null,
    [property: Id(6)] int Replicate = 0)
{
    /// <summary>The axis a replicate's <c>training_seed</c> is assigned under, so labels read <c>seed=7</c>.</summary>
    public const string SeedAxis = "seed";

    public string ConfigurationId => Configuration ?? Id;

    /// <summary>The axis values that make the configuration: the assignment without a replicate's seed.</summary>
    public IEnumerable<AxisAssignment> ConfigurationAssignment => Configuration is null ? Assignment : Assignment.Where(a => a.Axis != SeedAxis);
}
