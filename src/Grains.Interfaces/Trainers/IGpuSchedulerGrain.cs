namespace ZImageSweep.Grains.Interfaces.Trainers;

/// <summary>
/// Leases GPU slots of live silos to experiments, at most one experiment per slot (key: <see cref="Singleton"/>).
/// Slots of silos that left the cluster disappear, and their leases with them.
/// </summary>
[Alias("zsweep.IGpuSchedulerGrain")]
public interface IGpuSchedulerGrain : IGrainWithIntegerKey
{
    public const long Singleton = 0;

    /// <summary>The slot leased to the experiment (the same one again if it already holds a live one), or null if none is free.</summary>
    [Alias("Lease")] Task<string?> Lease(string experimentKey);

    [Alias("Release")] Task Release(string experimentKey);

    /// <summary>Slot key → experiment key for every live slot (null when free).</summary>
    [Alias("GetSlots")] Task<IReadOnlyDictionary<string, string?>> GetSlots();
}
