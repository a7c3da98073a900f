using ZImageSweep.Contracts.Jobs;

namespace ZImageSweep.Sweeps;

/// <summary>Spacing of the values of a numeric range axis.</summary>
public enum RangeScale
{
    [ConfigName("linear")] Linear,
    /// <summary>Evenly spaced exponents: the usual choice for learning rates.</summary>
    [ConfigName("log")] Log,
}
