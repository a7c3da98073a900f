using Orleans.Runtime.Placement;
using ZImageSweep.Grains.Interfaces.Trainers;

namespace ZImageSweep.Grains.Trainers;

/// <summary>
/// Activates a slot-keyed grain only on the active silo whose name the key carries. There is no fallback: a slot of a
/// silo that is not active cannot be activated anywhere, so the caller learns its slot is gone and leases another.
/// Together with one grain per slot this guarantees two trainers never share a GPU.
/// </summary>
public sealed class GpuSlotPlacementDirector(IClusterMembershipService membership) : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        string slot = target.GrainIdentity.Key.ToString()!;
        string siloName = GpuSlots.Parse(slot).SiloName;
        var compatible = context.GetCompatibleSilos(target);
        var owner = membership.CurrentSnapshot.Members.Values
            .FirstOrDefault(m => m.Name == siloName && m.Status == SiloStatus.Active && compatible.Contains(m.SiloAddress));
        return owner is not null
            ? Task.FromResult(owner.SiloAddress)
            : throw new OrleansException($"GPU slot {slot} belongs to silo '{siloName}', which is not an active member of the cluster.");
    }
}
