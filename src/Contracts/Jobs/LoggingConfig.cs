namespace ZImageSweep.Contracts.Jobs;

/// <summary><c>config.process[0].logging</c>: how often progress is logged.</summary>
public sealed record LoggingConfig
{
    public int LogEvery { get; init; } = 100;
    /// <summary>Accepted for UI-written jobs; ZImageSweep records metrics itself, so the value changes nothing.</summary>
    public bool UseUiLogger { get; init; }

    internal static LoggingConfig Read(MappingScope s)
    {
        var config = new LoggingConfig
        {
            LogEvery = s.Int("log_every", 100, min: 1),
            UseUiLogger = s.Bool("use_ui_logger", false),
        };
        if (s.Bool("use_wandb", false)) s.Error("use_wandb", "Weights & Biases logging is not supported; remove the key or set it to false");
        s.RejectUnknownKeys();
        return config;
    }
}
