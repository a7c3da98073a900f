namespace ZImageSweep.Grains.Interfaces.Comparisons;

/// <summary>
/// The validation signals of one checkpoint: held-out loss at fixed noise and timesteps, Turbo drift (0 = as
/// consistent between 8 and 30 steps as the base model) and trigger leakage (0 = prompts without the trigger
/// sample like the base model). Null where the arm does not compute it (e.g. no Turbo drift for De-Turbo).
/// </summary>
[GenerateSerializer, Immutable, Alias("zsweep.ValidationPoint")]
public sealed record ValidationPoint(
    [property: Id(0)] long Step,
    [property: Id(1)] double? ValidationLoss,
    [property: Id(2)] double? TurboDrift,
    [property: Id(3)] double? TriggerLeakage);
