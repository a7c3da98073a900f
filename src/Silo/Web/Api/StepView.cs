using System.Collections.Immutable;

namespace ZImageSweep.Silo.Web.Api;

/// <summary>
/// Every arm at one sample step, the distinct LoRA weights its samples were drawn at (the page offers a choice when
/// there are several), and the step-matched grid PNG once it is built.
/// </summary>
public sealed record StepView(
    long Step,
    string? GridUrl,
    ImmutableArray<double> LoraWeights,
    ImmutableArray<ArmStepView> Arms);
