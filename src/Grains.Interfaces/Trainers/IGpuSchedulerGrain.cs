namespace ZImageSweep.Grains.Interfaces.Trainers;

/// <summary>
/// Leases GPU slots of live silos to experiments (key: <see cref="Singleton"/>). A slot holds one experiment, or
/// several of one frozen base when their <see cref="SlotDemand"/>s allow packing them. Slots of silos that left the
/// cluster disappear, and their leases with them.
/// </summary>
[Alias("zsweep.IGpuSchedulerGrain")]
public interface IGpuSchedulerGrain : IGrainWithIntegerKey
{
    public const long Singleton = 0;

    /// <summary>The slot leased to the experiment (the same one again if it already holds a live one), or null if none is free or can take it.</summary>
    [Alias("Lease")] Task<string?> Lease(string experimentKey, SlotDemand demand);

    [Alias("Release")] Task Release(string experimentKey);

    /// <summary>Slot key → the experiments that hold it, in key order (empty when free), for every live slot.</summary>
    [Alias("GetSlots")] Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> GetSlots();
}
