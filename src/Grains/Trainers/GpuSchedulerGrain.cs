using Microsoft.Extensions.Logging;
using Orleans.Runtime.MembershipService.SiloMetadata;
using ZImageSweep.Grains.Interfaces.Experiments;
using ZImageSweep.Grains.Interfaces.Trainers;

namespace ZImageSweep.Grains.Trainers;

/// <summary>
/// Leases GPU slots to experiments — one per slot, or a pack of one base — by the rules of <see cref="SlotLeaseBook"/>.
/// The slots are derived on every call from the live cluster: each active silo offers <see cref="GpuSlots.MetadataKey"/>
/// slots with the free memory of <see cref="GpuSlots.FreeMemoryMetadataKey"/> from its metadata. A lease on a slot
/// whose silo left is void, so experiments of a crashed silo get slots elsewhere. A slot given back goes to the
/// longest-waiting experiments it can take at once, which are told so (one-way, so that their call back to lease the
/// slot cannot deadlock with this grain) instead of finding out at their next watchdog tick.
/// </summary>
/// <param name="demands">Each lease's demand, persisted beside <paramref name="leases"/> (whose shape predates packing and is kept so stored leases still read).</param>
public sealed class GpuSchedulerGrain(
    [PersistentState("gpu-leases", StorageNames.Grains)] IPersistentState<Dictionary<string, string>> leases,
    [PersistentState("gpu-lease-demands", StorageNames.Grains)] IPersistentState<Dictionary<string, SlotDemand>> demands,
    IClusterMembershipService membership,
    ISiloMetadataCache metadata,
    ILogger<GpuSchedulerGrain> logger) : Grain, IGpuSchedulerGrain
{
    SlotLeaseBook _book = null!;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // The persisted leases are loaded by now; the book edits them in place.
        _book = new SlotLeaseBook(leases.State, demands.State);
        return Task.CompletedTask;
    }

    async Task<string?> IGpuSchedulerGrain.Lease(string experimentKey, SlotDemand demand)
    {
        var result = _book.Lease(experimentKey, demand, LiveSlots());
        if (result.LeaseChanged) await WriteAsync();
        if (result.LeaseChanged && result.Slot is { } slot) Log.SlotLeased(logger, slot, experimentKey);
        if (result.RefusedForMemory is { } refused)
            Log.PackSplitForMemory(logger, experimentKey, refused.Slot, refused.Arms, refused.EstimatedBytes >> 20, refused.SlotBytes >> 20);
        if (result.StartedWaiting) Log.SlotAwaited(logger, experimentKey, _book.Waiting.Count);
        return result.Slot;
    }

    async Task IGpuSchedulerGrain.Release(string experimentKey)
    {
        var result = _book.Release(experimentKey, LiveSlots());
        if (result.Slot is not { } slot) return;
        await WriteAsync();
        Log.SlotReleased(logger, slot, experimentKey);
        foreach (var (next, handed) in result.Handed)
        {
            Log.SlotHanded(logger, handed, next);
            await GrainFactory.GetGrain<IExperimentGrain>(next).OnSlotGranted();
        }
    }

    Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> IGpuSchedulerGrain.GetSlots() => Task.FromResult(_book.Slots(LiveSlots()));

    async Task WriteAsync()
    {
        // Leases first: a lease whose demand did not make it to storage shares with nobody, which is safe.
        await leases.WriteStateAsync();
        await demands.WriteStateAsync();
    }

    Dictionary<string, long?> LiveSlots()
    {
        var slots = new Dictionary<string, long?>();
        foreach (var member in membership.CurrentSnapshot.Members.Values.Where(m => m.Status == SiloStatus.Active))
        {
            var silo = metadata.GetSiloMetadata(member.SiloAddress);
            if (!silo.Metadata.TryGetValue(GpuSlots.MetadataKey, out var text) || !int.TryParse(text, out int count)) continue;
            string? free = silo.Metadata.GetValueOrDefault(GpuSlots.FreeMemoryMetadataKey);
            for (int i = 0; i < count; i++) slots.Add(GpuSlots.Key(member.Name, i), GpuSlots.ParseFreeMemory(free, i));
        }
        return slots;
    }
}
