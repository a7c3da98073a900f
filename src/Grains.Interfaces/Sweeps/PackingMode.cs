namespace ZImageSweep.Grains.Interfaces.Sweeps;

/// <summary>How a sweep's arms may share a GPU slot's frozen base (spec key <c>packing</c>, issue 18).</summary>
public enum PackingMode
{
    /// <summary>The scheduler packs compatible arms as far as its memory estimate allows (the default).</summary>
    Auto = 0,
    /// <summary>One arm per slot.</summary>
    Off = 1,
    /// <summary>At most <see cref="PackingPolicy.MaxArms"/> arms per slot.</summary>
    Fixed = 2,
}
