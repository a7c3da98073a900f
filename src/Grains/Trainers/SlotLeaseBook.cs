using ZImageSweep.Grains.Interfaces.Trainers;

namespace ZImageSweep.Grains.Trainers;

/// <summary>
/// Who holds which GPU slot and who waits for one: the placement rules of <see cref="GpuSchedulerGrain"/> without
/// Orleans, so a simulation can drive exactly what the grain does. A free slot goes first, to the silo with the fewest
/// leased slots (arms spread over machines). Failing that, an experiment joins a slot whose experiments all share its
/// pack key while the slot holds fewer than every member's <see cref="SlotDemand.ArmLimit"/> and, where the slot's
/// memory is known, the pack's estimate (largest base + every member's per-arm bytes) still fits it. Otherwise it
/// joins a first-come queue; a slot given back is offered to the queue in order at once, so nobody waits for a place
/// that could take them. Leases on slots that are not live (their silo left) are void and dropped when met.
/// </summary>
/// <param name="leases">experiment key → slot key; the grain's persisted state, changed in place (several experiments may share a slot).</param>
/// <param name="demands">experiment key → its demand, for every lease; persisted beside the leases, changed in place. A lease without one (persisted before packing) shares with nobody.</param>
public sealed class SlotLeaseBook(IDictionary<string, string> leases, IDictionary<string, SlotDemand> demands)
{
    // In memory only: after a reactivation waiters find their slot on their next watchdog tick.
    readonly List<string> _waiting = [];
    readonly Dictionary<string, SlotDemand> _waitingDemands = [];

    public IReadOnlyList<string> Waiting => _waiting;

    /// <summary>The experiment's live slot (kept), a free one or a pack it may join (granted), or none (it waits in the queue).</summary>
    /// <param name="liveSlots">slot key → the slot's memory in bytes, null when unknown.</param>
    public LeaseResult Lease(string experimentKey, SlotDemand demand, IReadOnlyDictionary<string, long?> liveSlots)
    {
        if (leases.TryGetValue(experimentKey, out var held) && liveSlots.ContainsKey(held)) return new(held, LeaseChanged: false, StartedWaiting: false);
        bool dropped = Forget(experimentKey);
        var (slot, refusal) = Choose(demand, liveSlots);
        if (slot is not null)
        {
            Grant(experimentKey, demand, slot);
            return new(slot, LeaseChanged: true, StartedWaiting: false, refusal);
        }
        bool joined = !_waiting.Contains(experimentKey);
        if (joined) _waiting.Add(experimentKey);
        _waitingDemands[experimentKey] = demand;
        return new(null, dropped, joined, refusal);
    }

    /// <summary>Gives the experiment's slot back (and its place in the queue); then each waiter in turn gets a place if one can take it.</summary>
    public ReleaseResult Release(string experimentKey, IReadOnlyDictionary<string, long?> liveSlots)
    {
        _waiting.Remove(experimentKey);
        _waitingDemands.Remove(experimentKey);
        if (!leases.TryGetValue(experimentKey, out var slot)) return new(null, []);
        Forget(experimentKey);
        var handed = new List<(string Experiment, string Slot)>();
        foreach (string waiter in _waiting.ToArray())
        {
            if (Choose(_waitingDemands[waiter], liveSlots).Slot is not { } place) continue;
            Grant(waiter, _waitingDemands[waiter], place);
            handed.Add((waiter, place));
        }
        return new(slot, handed);
    }

    /// <summary>Slot key → the experiments holding it (ordinal order; empty when free) for every live slot.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Slots(IReadOnlyDictionary<string, long?> liveSlots)
    {
        var bySlot = Holders(liveSlots);
        return liveSlots.Keys.ToDictionary(s => s, s => (IReadOnlyList<string>)(bySlot.TryGetValue(s, out var holders) ? holders : []));
    }

    void Grant(string experimentKey, SlotDemand demand, string slot)
    {
        leases[experimentKey] = slot;
        demands[experimentKey] = demand;
        _waiting.Remove(experimentKey);
        _waitingDemands.Remove(experimentKey);
    }

    bool Forget(string experimentKey)
    {
        demands.Remove(experimentKey);
        return leases.Remove(experimentKey);
    }

    SlotDemand DemandOf(string experimentKey) => demands.TryGetValue(experimentKey, out var d) ? d : SlotDemand.Solo;

    Dictionary<string, List<string>> Holders(IReadOnlyDictionary<string, long?> liveSlots) =>
        leases.Where(l => liveSlots.ContainsKey(l.Value))
            .GroupBy(l => l.Value)
            .ToDictionary(g => g.Key, g => g.Select(l => l.Key).Order(StringComparer.Ordinal).ToList());

    /// <summary>A free slot (spread over silos), else a pack to join (the emptiest, ties: the lowest slot key), else none; with the first join refused only for memory.</summary>
    (string? Slot, MemoryRefusal? Refusal) Choose(SlotDemand demand, IReadOnlyDictionary<string, long?> liveSlots)
    {
        var holders = Holders(liveSlots);
        var leasedPerSilo = holders.Keys.GroupBy(s => GpuSlots.Parse(s).SiloName).ToDictionary(g => g.Key, g => g.Count());
        string? free = liveSlots.Keys.Where(s => !holders.ContainsKey(s))
            .OrderBy(s => leasedPerSilo.GetValueOrDefault(GpuSlots.Parse(s).SiloName))
            .ThenBy(s => s, StringComparer.Ordinal)
            .FirstOrDefault();
        if (free is not null) return (free, null);

        MemoryRefusal? refusal = null;
        foreach (var (slot, members) in holders.OrderBy(h => h.Value.Count).ThenBy(h => h.Key, StringComparer.Ordinal))
        {
            var pack = members.Select(DemandOf).Append(demand).ToList();
            long? memory = liveSlots[slot];
            if (demand.PackKey.Length == 0 || pack.Any(d => d.PackKey != demand.PackKey)) continue;
            if (pack.Count > pack.Min(d => d.ArmLimit(memory))) continue;
            long needed = pack.Max(d => d.BaseBytes) + pack.Sum(d => d.PerArmBytes);
            if (memory is { } bytes && needed > bytes)
            {
                refusal ??= new MemoryRefusal(slot, pack.Count, needed, bytes);
                continue;
            }
            return (slot, null);
        }
        return (null, refusal);
    }
}
