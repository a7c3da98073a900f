using System.Collections.Immutable;
using ZImageSweep.Grains.Interfaces.Comparisons;

namespace ZImageSweep.Silo.Web.Api;

/// <summary>One arm at one sample step; <see cref="Reached"/> is false, with no samples, where the arm has not sampled it.</summary>
public sealed record ArmStepView(
    string ArmId,
    string Label,
    bool Reached,
    ValidationPoint? Validation,
    ImmutableArray<SampleView> Samples);
