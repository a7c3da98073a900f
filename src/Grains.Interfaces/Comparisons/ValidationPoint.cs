namespace ZImageSweep.Grains.Interfaces.Comparisons;

/// <summary>
/// The validation signals of one checkpoint: held-out loss at fixed noise and timesteps, Turbo drift (0 = as
/// consistent between 8 and 30 steps as the base model) and trigger leakage (0 = prompts without the trigger
/// sample like the base model). Null where the arm does not compute it (e.g. no Turbo drift for De-Turbo).
/// <see cref="ItemsPath"/> is the worker's file with every item behind the three means (held-out loss per image and σ,
/// drift and leakage per prompt), read when arms are compared item by item; the state keeps only the path.
/// </summary>
[GenerateSerializer, Immutable, Alias("zsweep.ValidationPoint")]
public sealed record ValidationPoint(
    [property: Id(0)] long Step,
    [property: Id(1)] double? ValidationLoss,
    [property: Id(2)] double? TurboDrift,
    [property: Id(3)] double? TriggerLeakage,
    [property: Id(4)] string? ItemsPath = null);
