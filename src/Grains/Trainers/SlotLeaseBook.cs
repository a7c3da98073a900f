using ZImageSweep.Grains.Interfaces.Trainers;

namespace ZImageSweep.Grains.Trainers;

/// <summary>
/// Who holds which GPU slot and who waits for one: the placement rules of <see cref="GpuSchedulerGrain"/> without
/// Orleans, so a simulation can drive exactly what the grain does. One experiment per slot; a free slot goes to the
/// silo with the fewest leased slots (arms spread over machines); an experiment refused a slot joins a first-come
/// queue, and a slot given back goes straight to the head of that queue, so a slot is never free while an experiment
/// waits. Leases on slots that are not live (their silo left) are void and dropped when met.
/// </summary>
/// <param name="leases">experiment key → slot key; the grain's persisted state, changed in place.</param>
public sealed class SlotLeaseBook(IDictionary<string, string> leases)
{
    // In memory only: after a reactivation waiters find their slot on their next watchdog tick.
    readonly List<string> _waiting = [];

    public IReadOnlyList<string> Waiting => _waiting;

    /// <summary>The experiment's live slot (kept), a free one (granted), or none (it waits in the queue).</summary>
    public LeaseResult Lease(string experimentKey, IReadOnlySet<string> liveSlots)
    {
        if (leases.TryGetValue(experimentKey, out var held) && liveSlots.Contains(held)) return new(held, LeaseChanged: false, StartedWaiting: false);
        bool dropped = leases.Remove(experimentKey);
        if (ChooseFree(liveSlots) is { } slot)
        {
            leases[experimentKey] = slot;
            _waiting.Remove(experimentKey);
            return new(slot, LeaseChanged: true, StartedWaiting: false);
        }
        bool joined = !_waiting.Contains(experimentKey);
        if (joined) _waiting.Add(experimentKey);
        return new(null, dropped, joined);
    }

    /// <summary>Gives the experiment's slot back (and its place in the queue); the first waiter gets a free slot.</summary>
    public ReleaseResult Release(string experimentKey, IReadOnlySet<string> liveSlots)
    {
        _waiting.Remove(experimentKey);
        if (!leases.Remove(experimentKey, out var slot)) return new(null, null, null);
        if (_waiting.Count == 0 || ChooseFree(liveSlots) is not { } free) return new(slot, null, null);
        string next = _waiting[0];
        _waiting.RemoveAt(0);
        leases[next] = free;
        return new(slot, next, free);
    }

    /// <summary>Slot key → experiment key for every live slot (null when free).</summary>
    public IReadOnlyDictionary<string, string?> Slots(IReadOnlySet<string> liveSlots)
    {
        var bySlot = leases.GroupBy(l => l.Value).ToDictionary(g => g.Key, g => g.First().Key);
        return liveSlots.ToDictionary(s => s, s => bySlot.GetValueOrDefault(s));
    }

    /// <summary>A free live slot on the silo with the fewest leased live slots (ties: the lowest slot key), or null.</summary>
    string? ChooseFree(IReadOnlySet<string> liveSlots)
    {
        var taken = leases.Values.Where(liveSlots.Contains).ToHashSet();
        var leasedPerSilo = taken.GroupBy(s => GpuSlots.Parse(s).SiloName).ToDictionary(g => g.Key, g => g.Count());
        return liveSlots.Where(s => !taken.Contains(s))
            .OrderBy(s => leasedPerSilo.GetValueOrDefault(GpuSlots.Parse(s).SiloName))
            .ThenBy(s => s, StringComparer.Ordinal)
            .FirstOrDefault();
    }
}
