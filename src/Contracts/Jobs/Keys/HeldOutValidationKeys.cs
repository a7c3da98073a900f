namespace ZImageSweep.Contracts.Jobs.Keys;

/// <summary><c>validation</c>: ZImageSweep's validation signals (README "Job keys beyond ai-toolkit").</summary>
public static class HeldOutValidationKeys
{
    public static readonly JobKeySection Section = new("validation",
    [
        JobKey.Extension("folder_path", "null", "held-out images with caption files"),
        JobKey.Extension("caption_ext", ".txt"),
        JobKey.Extension("holdout", "0", "images taken out of the training datasets"),
        JobKey.Extension("timesteps", "[0.1, 0.3, 0.5, 0.7, 0.9]", "fixed σ of the held-out loss"),
        JobKey.Extension("seed", "42"),
        JobKey.Extension("resolution", "null", "unset: the first training resolution"),
        JobKey.Extension("validation_loss", "true"),
        JobKey.Extension("turbo_drift", "true"),
        JobKey.Extension("trigger_leakage", "true"),
        JobKey.Extension("drift_steps", "[8, 30]"),
        JobKey.Extension("drift_prompts", "[]"),
        JobKey.Extension("leakage_prompts", "[]"),
    ]);
}
