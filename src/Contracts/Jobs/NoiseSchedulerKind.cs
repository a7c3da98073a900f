namespace ZImageSweep.Contracts.Jobs;

/// <summary><c>train.noise_scheduler</c>: Z-Image always trains with flow matching; the key only selects ai-toolkit's timestep branch.</summary>
public enum NoiseSchedulerKind
{
    [ConfigName("flowmatch")] FlowMatch,
    [ConfigName("ddpm")] Ddpm,
}
