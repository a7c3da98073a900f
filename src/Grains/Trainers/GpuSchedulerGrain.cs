using Microsoft.Extensions.Logging;
using Orleans.Runtime.MembershipService.SiloMetadata;
using ZImageSweep.Grains.Interfaces.Experiments;
using ZImageSweep.Grains.Interfaces.Trainers;

namespace ZImageSweep.Grains.Trainers;

/// <summary>
/// Leases GPU slots to experiments, one experiment per slot, by the rules of <see cref="SlotLeaseBook"/>. The slots
/// are derived on every call from the live cluster: each active silo offers <see cref="GpuSlots.MetadataKey"/> slots
/// from its metadata. A lease on a slot whose silo left is void, so experiments of a crashed silo get slots elsewhere.
/// A slot given back goes to the longest-waiting experiment at once, which is told so (one-way, so that its call
/// back to lease the slot cannot deadlock with this grain) instead of finding out at its next watchdog tick.
/// </summary>
public sealed class GpuSchedulerGrain(
    [PersistentState("gpu-leases", StorageNames.Grains)] IPersistentState<Dictionary<string, string>> leases,
    IClusterMembershipService membership,
    ISiloMetadataCache metadata,
    ILogger<GpuSchedulerGrain> logger) : Grain, IGpuSchedulerGrain
{
    SlotLeaseBook _book = null!;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // The persisted leases are loaded by now; the book edits them in place.
        _book = new SlotLeaseBook(leases.State);
        return Task.CompletedTask;
    }

    async Task<string?> IGpuSchedulerGrain.Lease(string experimentKey)
    {
        var result = _book.Lease(experimentKey, LiveSlots());
        if (result.LeaseChanged) await leases.WriteStateAsync();
        if (result.LeaseChanged && result.Slot is { } slot) Log.SlotLeased(logger, slot, experimentKey);
        if (result.StartedWaiting) Log.SlotAwaited(logger, experimentKey, _book.Waiting.Count);
        return result.Slot;
    }

    async Task IGpuSchedulerGrain.Release(string experimentKey)
    {
        var result = _book.Release(experimentKey, LiveSlots());
        if (result.Slot is not { } slot) return;
        await leases.WriteStateAsync();
        Log.SlotReleased(logger, slot, experimentKey, result.HandedTo ?? "", result.HandedSlot ?? "");
        if (result.HandedTo is { } next) await GrainFactory.GetGrain<IExperimentGrain>(next).OnSlotGranted();
    }

    Task<IReadOnlyDictionary<string, string?>> IGpuSchedulerGrain.GetSlots() => Task.FromResult(_book.Slots(LiveSlots()));

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
