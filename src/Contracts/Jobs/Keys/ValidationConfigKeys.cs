namespace ZImageSweep.Contracts.Jobs.Keys;

/// <summary><c>train.validation_config</c>: ai-toolkit's ValidationConfig (the UI's "Validation" card), run as our held-out loss.</summary>
public static class ValidationConfigKeys
{
    public static readonly JobKeySection Section = new("train.validation_config",
    [
        JobKey.Honoured("validation_items", "[]", "held-out images with their prompts"),
        JobKey.Honoured("resolution", "512", "pixel budget the images are bucketed at"),
        JobKey.Honoured("validate_every_n_steps", "10", "also validates before the first step"),
        JobKey.Honoured("validation_sigmas", "null", "the fixed noise levels of the held-out loss"),
    ]);
}
