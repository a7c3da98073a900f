using ZImageSweep.Contracts.Jobs.Keys;

namespace ZImageSweep.Contracts.Jobs;

/// <summary>
/// <c>validation</c>: ZImageSweep's extension of the ai-toolkit schema (ai-toolkit has no validation). After every
/// checkpoint the trainer measures a held-out flow-matching loss at fixed noise and timesteps, the Turbo-drift score
/// and the trigger-leakage score (README "Validation signals"). Absent section: nothing is measured.
/// </summary>
public sealed record ValidationConfig
{
    /// <summary>A held-out folder in the dataset format (images with caption files).</summary>
    public string? FolderPath { get; init; }
    public string CaptionExt { get; init; } = ".txt";
    /// <summary>Images taken out of the training datasets (chosen from <see cref="Seed"/>) and never trained on.</summary>
    public int Holdout { get; init; }
    /// <summary>The fixed noise levels σ at which every held-out image is scored.</summary>
    public IReadOnlyList<double> Timesteps { get; init; } = DefaultTimesteps;
    /// <summary>Seeds the held-out choice, the fixed noise and the validation samples, independently of training_seed.</summary>
    public long Seed { get; init; } = DefaultSeed;
    /// <summary>Resolution the held-out images are encoded at; null takes the first training dataset's first resolution.</summary>
    public int? Resolution { get; init; }
    public bool ValidationLoss { get; init; } = true;
    public bool TurboDrift { get; init; } = true;
    public bool TriggerLeakage { get; init; } = true;
    /// <summary>The few and the many sampling steps whose latents the drift score compares.</summary>
    public IReadOnlyList<int> DriftSteps { get; init; } = DefaultDriftSteps;
    /// <summary>Prompts for the drift score; empty takes the sample prompts.</summary>
    public IReadOnlyList<string> DriftPrompts { get; init; } = [];
    /// <summary>Prompts without the trigger for the leakage score; empty takes the sample prompts without the trigger.</summary>
    public IReadOnlyList<string> LeakagePrompts { get; init; } = [];

    public static readonly IReadOnlyList<double> DefaultTimesteps = [0.1, 0.3, 0.5, 0.7, 0.9];
    public const long DefaultSeed = 42;
    /// <summary>Turbo's own step count against a De-Turbo-like long schedule.</summary>
    public static readonly IReadOnlyList<int> DefaultDriftSteps = [8, 30];

    /// <summary>σ = 0 would score the clean latent against pure velocity noise; any σ up to pure noise (1) is meaningful.</summary>
    internal static readonly DoubleRange SigmaRange = new(0, true, 1, false);

    internal static ValidationConfig Read(MappingScope s, string? triggerWord)
    {
        string ext = s.String("caption_ext", ".txt");
        var config = new ValidationConfig
        {
            FolderPath = s.OptionalString("folder_path"),
            CaptionExt = ext.StartsWith('.') ? ext : "." + ext,
            Holdout = s.Int("holdout", 0, min: 0),
            Timesteps = s.DoubleList("timesteps", DefaultTimesteps, SigmaRange),
            Seed = s.OptionalInt("seed", min: 0) ?? DefaultSeed,
            Resolution = (int?)s.OptionalInt("resolution", DatasetConfig.MinResolution, DatasetConfig.MaxResolution),
            ValidationLoss = s.Bool("validation_loss", true),
            TurboDrift = s.Bool("turbo_drift", true),
            TriggerLeakage = s.Bool("trigger_leakage", true),
            DriftSteps = s.IntList("drift_steps", DefaultDriftSteps, 1, 1000),
            DriftPrompts = s.StringList("drift_prompts"),
            LeakagePrompts = s.StringList("leakage_prompts"),
        };
        if (s.IsMapping && config.ValidationLoss && config.FolderPath is null && config.Holdout == 0)
            s.Error("validation_loss", "needs held-out images: set folder_path and/or holdout, or set validation_loss: false");
        if (s.Has("drift_steps") && !(config.DriftSteps is [int few, int many] && few < many))
            s.Error("drift_steps", "give two step counts, fewer first (e.g. [8, 30])");
        if (string.IsNullOrWhiteSpace(config.FolderPath) && s.Has("folder_path")) s.Error("folder_path", "must not be empty");
        for (int i = 0; i < config.LeakagePrompts.Count; i++)
            if (MentionsTrigger(config.LeakagePrompts[i], triggerWord))
                s.Error($"leakage_prompts[{i}]", $"mentions the trigger ('{triggerWord}' or [trigger]); leakage is measured on prompts without it");
        s.RejectUnknownKeys(HeldOutValidationKeys.Section);
        return config;
    }

    /// <summary>Whether a prompt names the trigger, literally or through ai-toolkit's placeholders.</summary>
    public static bool MentionsTrigger(string prompt, string? triggerWord) =>
        prompt.Contains("[trigger]", StringComparison.OrdinalIgnoreCase) || prompt.Contains("[name]", StringComparison.OrdinalIgnoreCase)
        || (!string.IsNullOrEmpty(triggerWord) && prompt.Contains(triggerWord, StringComparison.OrdinalIgnoreCase));
}
