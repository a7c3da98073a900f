using ZImageSweep.Contracts.Jobs;

namespace ZImageSweep.Engine.Training.Validation;

/// <summary>How the drift and leakage latents are sampled: the job's sample size, negative prompt and guidance (the pipeline's g), and its step count.</summary>
public sealed record ValidationSampling(int Width = 512, int Height = 512, int Steps = 8, double Guidance = 0, string Negative = "");

/// <summary>
/// The <c>validation</c> block, or ai-toolkit's <c>train.validation_config</c> mapped onto it, resolved (see
/// <see cref="CheckpointValidator"/>).
/// </summary>
public sealed record ValidationOptions
{
    /// <summary>A held-out folder in the dataset format; its captions get the run's trigger as training captions do.</summary>
    public string? FolderPath { get; init; }
    public string CaptionExtension { get; init; } = ".txt";
    /// <summary>Held-out images with their prompts; placeholders get the trigger, which is not added otherwise (as in ai-toolkit).</summary>
    public IReadOnlyList<ValidationItem> Items { get; init; } = [];
    /// <summary>Validate before the first step and every this many steps; null validates after every checkpoint.</summary>
    public int? EveryNSteps { get; init; }
    /// <summary>Images taken out of the training datasets (<see cref="HoldoutSplit"/>).</summary>
    public int Holdout { get; init; }
    /// <summary>The fixed noise levels σ of the held-out loss.</summary>
    public IReadOnlyList<double> Sigmas { get; init; } = ValidationConfig.DefaultTimesteps;
    /// <summary>Seeds the held-out choice, the held-out latents, the fixed noise and the sampled latents.</summary>
    public long Seed { get; init; } = ValidationConfig.DefaultSeed;
    /// <summary>Resolution the held-out images are bucketed and encoded at.</summary>
    public int Resolution { get; init; } = 512;
    public bool Loss { get; init; } = true;
    public bool TurboDrift { get; init; } = true;
    public bool TriggerLeakage { get; init; } = true;
    /// <summary>The drift score compares the latents after this few and this many steps.</summary>
    public (int Few, int Many) DriftSteps { get; init; } = (ValidationConfig.DefaultDriftSteps[0], ValidationConfig.DefaultDriftSteps[1]);
    /// <summary>Drift prompts as configured (placeholders not yet replaced); empty = defaults (<see cref="ValidationPrompts"/>).</summary>
    public IReadOnlyList<string> DriftPrompts { get; init; } = [];
    /// <summary>Leakage prompts as configured; empty = defaults (<see cref="ValidationPrompts"/>).</summary>
    public IReadOnlyList<string> LeakagePrompts { get; init; } = [];
    public ValidationSampling Sampling { get; init; } = new();
}
