using System.Collections.Immutable;

namespace ZImageSweep.Grains.Interfaces.Comparisons;

/// <summary>
/// Every arm of a sweep at one sample step, and the grid PNG built for it: null until every arm that can still reach
/// the step has sampled it (or until someone asks for it with <see cref="IComparisonGrain.BuildGrid"/>).
/// </summary>
[GenerateSerializer, Immutable, Alias("zsweep.StepComparison")]
public sealed record StepComparison(
    [property: Id(0)] long Step,
    [property: Id(1)] ImmutableArray<ArmStepSamples> Arms,
    [property: Id(2)] string? GridPath)
{
    public IEnumerable<ArmStepSamples> NotReached => Arms.Where(a => !a.Reached);
}
