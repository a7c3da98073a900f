namespace ZImageSweep.Engine.Pipelines;

/// <summary>
/// One text-to-image run: every prompt is sampled with the same settings and seed. Defaults are Turbo's (8 steps, no
/// guidance). For the base model use about 30–50 steps and guidance 4 with a negative prompt; for De-Turbo about 25
/// steps and guidance 3 (ai-toolkit's sample defaults). Guidance follows the official pipeline: <c>pos + g·(pos − neg)</c>,
/// applied only when g &gt; 1.
/// </summary>
public sealed record ZImageGenerationRequest
{
    public required IReadOnlyList<string> Prompts { get; init; }
    /// <summary>The unconditional prompt for guidance (the official default is empty).</summary>
    public string NegativePrompt { get; init; } = "";
    public int Width { get; init; } = 1024;
    public int Height { get; init; } = 1024;
    public int Steps { get; init; } = TurboSteps;
    public double Guidance { get; init; }
    /// <summary>Guidance stops once the model time exceeds this (1 = never).</summary>
    public double CfgTruncation { get; init; } = 1.0;
    /// <summary>0 = off; else the guided prediction's norm is clipped to this multiple of the conditional one's.</summary>
    public double CfgNormalization { get; init; }
    public long Seed { get; init; } = 42;
    /// <summary>Scheduler shift; null takes the model's <c>scheduler_config.json</c>.</summary>
    public double? Shift { get; init; }
    /// <summary>LoRAs merged for this run only.</summary>
    public IReadOnlyList<LoraSpec> Loras { get; init; } = [];

    public const int TurboSteps = 8;
}
