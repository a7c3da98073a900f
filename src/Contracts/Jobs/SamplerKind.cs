namespace ZImageSweep.Contracts.Jobs;

/// <summary><c>sample.sampler</c>: accepted for compatibility; Z-Image always samples with flow-match Euler.</summary>
public enum SamplerKind
{
    [ConfigName("flowmatch")] FlowMatch,
    [ConfigName("ddpm")] Ddpm,
}
