using System.Collections.Immutable;

namespace ZImageSweep.Grains.Interfaces.Comparisons;

/// <summary>
/// One arm at one sample step: its images (every prompt × LoRA weight) and that checkpoint's validation signals.
/// <see cref="Reached"/> is false, with no samples, for an arm that has not sampled this step (yet, or ever).
/// </summary>
[GenerateSerializer, Immutable, Alias("zsweep.ArmStepSamples")]
public sealed record ArmStepSamples(
    [property: Id(0)] string ArmId,
    [property: Id(1)] string Label,
    [property: Id(2)] bool Reached,
    [property: Id(3)] ImmutableArray<SampleRef> Samples,
    [property: Id(4)] ValidationPoint? Validation);
