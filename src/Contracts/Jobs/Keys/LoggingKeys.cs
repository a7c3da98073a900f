namespace ZImageSweep.Contracts.Jobs.Keys;

/// <summary><c>logging</c>: ai-toolkit's LoggingConfig.</summary>
public static class LoggingKeys
{
    public static readonly JobKeySection Section = new("logging",
    [
        JobKey.NoEffect("log_every", "100", "every step is reported to the CLI and the sweep"),
        JobKey.NoEffect("verbose", "false", "ZImageSweep logs the same either way"),
        JobKey.DefaultOnly("use_wandb", "false", "Weights & Biases logging is not supported"),
        JobKey.NoEffect("use_ui_logger", "false", "ai-toolkit's UI database; ZImageSweep records metrics itself"),
        JobKey.NoEffect("project_name", "ai-toolkit", "used only with use_wandb"),
        JobKey.NoEffect("run_name", "null", "used only with use_wandb"),
    ]);
}
