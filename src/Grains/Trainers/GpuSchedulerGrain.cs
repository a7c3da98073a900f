using Orleans.Runtime.MembershipService.SiloMetadata;
using ZImageSweep.Grains.Interfaces.Trainers;

namespace ZImageSweep.Grains.Trainers;

/// <summary>
/// Leases GPU slots to experiments, one experiment per slot. The slots are derived on every call from the live
/// cluster: each active silo offers <see cref="GpuSlots.MetadataKey"/> slots from its metadata. A lease on a slot
/// whose silo left is void, so experiments of a crashed silo get slots elsewhere.
/// </summary>
public sealed class GpuSchedulerGrain(
    [PersistentState("gpu-leases", StorageNames.Grains)] IPersistentState<Dictionary<string, string>> leases,
    IClusterMembershipService membership,
    ISiloMetadataCache metadata) : Grain, IGpuSchedulerGrain
{
    /// <summary>Experiment key → slot key.</summary>
    Dictionary<string, string> Leases => leases.State;

    async Task<string?> IGpuSchedulerGrain.Lease(string experimentKey)
    {
        var live = LiveSlots();
        if (Leases.TryGetValue(experimentKey, out var held) && live.Contains(held)) return held;
        var taken = Leases.Where(l => live.Contains(l.Value) && l.Key != experimentKey).Select(l => l.Value).ToHashSet();
        // Spread arms over silos: take a free slot on the silo with the fewest leased slots.
        string? slot = live.Where(s => !taken.Contains(s))
            .OrderBy(s => taken.Count(t => GpuSlots.Parse(t).SiloName == GpuSlots.Parse(s).SiloName))
            .ThenBy(s => s, StringComparer.Ordinal)
            .FirstOrDefault();
        if (slot is null)
        {
            if (Leases.Remove(experimentKey)) await leases.WriteStateAsync();
            return null;
        }
        Leases[experimentKey] = slot;
        await leases.WriteStateAsync();
        return slot;
    }

    async Task IGpuSchedulerGrain.Release(string experimentKey)
    {
        if (Leases.Remove(experimentKey)) await leases.WriteStateAsync();
    }

    Task<IReadOnlyDictionary<string, string?>> IGpuSchedulerGrain.GetSlots()
    {
        var bySlot = Leases.GroupBy(l => l.Value).ToDictionary(g => g.Key, g => g.First().Key);
        IReadOnlyDictionary<string, string?> slots = LiveSlots().ToDictionary(s => s, s => bySlot.GetValueOrDefault(s));
        return Task.FromResult(slots);
    }

    HashSet<string> LiveSlots()
    {
        var slots = new HashSet<string>();
        foreach (var member in membership.CurrentSnapshot.Members.Values.Where(m => m.Status == SiloStatus.Active))
        {
            var silo = metadata.GetSiloMetadata(member.SiloAddress);
            if (!silo.Metadata.TryGetValue(GpuSlots.MetadataKey, out var text) || !int.TryParse(text, out int count)) continue;
            for (int i = 0; i < count; i++) slots.Add(GpuSlots.Key(member.Name, i));
        }
        return slots;
    }
}
