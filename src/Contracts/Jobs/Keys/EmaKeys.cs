namespace ZImageSweep.Contracts.Jobs.Keys;

/// <summary><c>train.ema_config</c>: ai-toolkit's EMAConfig.</summary>
public static class EmaKeys
{
    public static readonly JobKeySection Section = new("train.ema_config",
    [
        JobKey.Honoured("use_ema", "false"),
        JobKey.Honoured("ema_decay", "0.999"),
        JobKey.DefaultOnly("use_feedback", "false", "not implemented by ZImageSweep"),
        JobKey.DefaultOnly("param_multiplier", "1.0", "not implemented by ZImageSweep"),
    ]);
}
