using ZImageSweep.Contracts.Jobs.Keys;

namespace ZImageSweep.Contracts.Jobs;

/// <summary>
/// <c>train.validation_config</c>: ai-toolkit's validation (its UI's "Validation" card) — a loss on fixed images with
/// their prompts at fixed σ, every N steps. Runs as our held-out loss with the same items and sigmas. Defaults are
/// ai-toolkit's Python ones; its UI fills in others when the card is switched on (resolution 1024, every step, σ 0.5).
/// </summary>
public sealed record TrainValidationConfig
{
    public IReadOnlyList<ValidationItemConfig> ValidationItems { get; init; } = [];
    /// <summary>The pixel budget every image is bucketed at.</summary>
    public int Resolution { get; init; } = 512;
    public int ValidateEveryNSteps { get; init; } = 10;
    public IReadOnlyList<double> ValidationSigmas { get; init; } = DefaultSigmas;

    public static readonly IReadOnlyList<double> DefaultSigmas = [1.0, 0.75, 0.5, 0.25];

    internal static TrainValidationConfig Read(MappingScope s)
    {
        var config = new TrainValidationConfig
        {
            ValidationItems = s.MappingList("validation_items").Select(ValidationItemConfig.Read).ToArray(),
            Resolution = s.Int("resolution", 512, DatasetConfig.MinResolution, DatasetConfig.MaxResolution),
            ValidateEveryNSteps = s.Int("validate_every_n_steps", 10, min: 1),
            ValidationSigmas = s.DoubleList("validation_sigmas", DefaultSigmas, ValidationConfig.SigmaRange),
        };
        s.RejectUnknownKeys(ValidationConfigKeys.Section);
        return config;
    }
}
